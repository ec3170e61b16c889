/**
 * Hash commands end to end (ioredis, node-redis, raw RESP3), the listpack -> hashtable conversion rules,
 * HINCRBYFLOAT's long double results, HRANDFIELD counts and HSCAN over a big hash.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Redis } from 'ioredis';
import { createClient } from 'redis';
import { startRedoubt, type RunningServer } from '../helpers/server.js';
import { RawClient } from '../helpers/raw.js';
import { encodeCommand } from '../helpers/resp.js';
import { incrByFloatString, parseLongDouble } from '../../src/commands/long-double.js';

let srv: RunningServer;
let r: Redis;

before(async () => {
  srv = await startRedoubt();
  r = new Redis({ port: srv.port, lazyConnect: true });
  await r.connect();
});

after(async () => {
  r.disconnect();
  await srv.stop();
});

function ldSum(a: string, b: string): string {
  return incrByFloatString(a, b) ?? 'overflow';
}

test('long double arithmetic prints what Redis 7.0 prints', () => {
  // Expected values taken from Redis 7.0.15's HINCRBYFLOAT.
  assert.equal(ldSum('0.1', '0.2'), '0.3');
  assert.equal(ldSum('10.5', '0.1'), '10.6');
  assert.equal(ldSum('0', '3.0e-2'), '0.03');
  assert.equal(ldSum('5.0e3', '0'), '5000');
  assert.equal(ldSum('1', '-1'), '0');
  assert.equal(ldSum('-0', '0'), '0');
  assert.equal(ldSum('1e17', '1'), '100000000000000001');
  assert.equal(ldSum('1e20', '1'), '100000000000000000000'); // 1 is below half an ulp of 1e20 in 64 bits
  assert.equal(ldSum('0.1', '0'), '0.1');
  assert.equal(parseLongDouble('abc'), null);
  assert.equal(parseLongDouble(' 1'), null);
  assert.equal(parseLongDouble('nan'), null);
  assert.equal(parseLongDouble('1e5000'), null);
});

test('HSET/HGET/HMGET/HDEL/HLEN/HSTRLEN/HEXISTS and the key deleted when empty', async () => {
  assert.equal(await r.hset('h', 'a', '1', 'b', '22'), 2);
  assert.equal(await r.hset('h', 'a', '3'), 0);
  assert.equal(await r.hsetnx('h', 'a', 'x'), 0);
  assert.equal(await r.hmset('h', 'c', 'ccc'), 'OK');
  assert.deepEqual(await r.hmget('h', 'a', 'nope', 'c'), ['3', null, 'ccc']);
  assert.equal(await r.hstrlen('h', 'b'), 2);
  assert.equal(await r.hexists('h', 'b'), 1);
  assert.deepEqual(await r.hkeys('h'), ['a', 'b', 'c']);
  assert.deepEqual(await r.hvals('h'), ['3', '22', 'ccc']);
  assert.equal(await r.hdel('h', 'a', 'b', 'c', 'zz'), 3);
  assert.equal(await r.exists('h'), 0);
  await assert.rejects(r.call('HSET', 'h', 'a'), /wrong number of arguments for 'hset' command/);
});

test('HINCRBY and HINCRBYFLOAT with Redis errors and overflow', async () => {
  await r.del('n');
  assert.equal(await r.hincrby('n', 'i', 5), 5);
  await assert.rejects(r.hincrby('n', 'i', '9223372036854775807'), /ERR increment or decrement would overflow/);
  await r.hset('n', 's', 'abc');
  await assert.rejects(r.hincrby('n', 's', 1), /ERR hash value is not an integer/);
  await assert.rejects(r.hincrbyfloat('n', 's', 1), /ERR hash value is not a float/);
  await assert.rejects(r.hincrbyfloat('n', 'f', 'inf'), /ERR value is NaN or Infinity/);
  assert.equal(await r.hincrbyfloat('n', 'f', '0.1'), '0.1');
  assert.equal(await r.hincrbyfloat('n', 'f', '0.2'), '0.3');
  assert.equal(await r.hincrbyfloat('n', 'i', '1.5'), '6.5');
});

test('encoding: listpack until 128 entries or a 65-byte value, then hashtable for good', async () => {
  await r.config('SET', 'hash-max-listpack-entries', '128'); // Redis 7.0's default
  await r.del('e');
  for (let i = 0; i < 128; i++) await r.hset('e', `f${i}`, 'v');
  assert.equal(await r.object('ENCODING', 'e'), 'listpack');
  await r.hset('e', 'f128', 'v');
  assert.equal(await r.object('ENCODING', 'e'), 'hashtable');
  await r.hdel('e', 'f0', 'f1', 'f2');
  assert.equal(await r.object('ENCODING', 'e'), 'hashtable');
  await r.del('e2');
  await r.hset('e2', 'a', 'x'.repeat(64));
  assert.equal(await r.object('ENCODING', 'e2'), 'listpack');
  await r.hset('e2', 'b', 'x'.repeat(65));
  assert.equal(await r.object('ENCODING', 'e2'), 'hashtable');
  await r.config('SET', 'hash-max-listpack-entries', '2');
  await r.del('e3');
  await r.hset('e3', 'a', '1', 'b', '2', 'c', '3');
  assert.equal(await r.object('ENCODING', 'e3'), 'hashtable');
  await r.config('SET', 'hash-max-listpack-entries', '128');
});

test('HGETALL is a map in RESP3; HRANDFIELD WITHVALUES pairs in RESP3', async () => {
  await r.del('m');
  await r.hset('m', 'a', '1', 'b', '2');
  const c = await RawClient.connect(srv.port);
  try {
    const cmds = [['HELLO', '3'], ['HGETALL', 'm'], ['HGETALL', 'nokey'], ['HRANDFIELD', 'm', '5', 'WITHVALUES'], ['HRANDFIELD', 'm', '-3']];
    c.write(cmds.map((a) => encodeCommand(a)).join(''));
    const rs = await c.replies(cmds.length);
    assert.equal(rs[1], '%2\r\n$1\r\na\r\n$1\r\n1\r\n$1\r\nb\r\n$1\r\n2\r\n');
    assert.equal(rs[2], '%0\r\n');
    assert.equal(rs[3], '*2\r\n*2\r\n$1\r\na\r\n$1\r\n1\r\n*2\r\n$1\r\nb\r\n$1\r\n2\r\n');
    assert.match(rs[4], /^\*3\r\n(\$1\r\n[ab]\r\n){3}$/);
  } finally {
    c.close();
  }
});

test('HRANDFIELD counts: distinct when positive, exactly |count| when negative (node-redis)', async () => {
  const nr = createClient({ socket: { port: srv.port } });
  await nr.connect();
  try {
    await nr.del('rf');
    const fields = Array.from({ length: 300 }, (_, i) => `f${i}`);
    await nr.hSet('rf', Object.fromEntries(fields.map((f) => [f, 'v'])));
    const some = (await nr.sendCommand(['HRANDFIELD', 'rf', '50'])) as string[];
    assert.equal(some.length, 50);
    assert.equal(new Set(some).size, 50);
    const many = (await nr.sendCommand(['HRANDFIELD', 'rf', '-1000'])) as string[];
    assert.equal(many.length, 1000);
    assert.ok(many.every((f) => fields.includes(f)));
    assert.equal(await nr.hRandField('nokey'), null);
    assert.deepEqual({ ...(await nr.hGetAll('nokey')) }, {});
  } finally {
    await nr.quit();
  }
});

test('HSCAN walks a big hash completely, and never misses a field present during the whole scan', async () => {
  await r.del('big');
  const n = 2000;
  const args: string[] = [];
  for (let i = 0; i < n; i++) args.push(`f${i}`, String(i));
  await r.hset('big', ...args);
  const seen = new Set<string>();
  let cursor = '0';
  let round = 0;
  do {
    const [next, items] = (await r.hscan('big', cursor, 'COUNT', 100)) as [string, string[]];
    for (let i = 0; i < items.length; i += 2) seen.add(items[i]);
    // Concurrent changes: remove a few late fields (and re-add new ones) while scanning.
    await r.hset('big', `new${round}`, 'x');
    cursor = next;
    round++;
  } while (cursor !== '0');
  for (let i = 0; i < n; i++) assert.ok(seen.has(`f${i}`), `missed f${i}`);
  const [c0, small] = (await r.hscan('m', '0', 'MATCH', 'a*')) as [string, string[]];
  assert.equal(c0, '0');
  assert.deepEqual(small, ['a', '1']);
});
