/**
 * Set commands end to end (ioredis, node-redis, raw RESP3), the intset/hashtable encodings and their order,
 * SPOP/SRANDMEMBER counts, the set algebra with STORE forms, SSCAN over a big set.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Redis } from 'ioredis';
import { createClient } from 'redis';
import { startRedoubt, type RunningServer } from '../helpers/server.js';
import { RawClient } from '../helpers/raw.js';
import { encodeCommand } from '../helpers/resp.js';
import { SetValue, compareIntStrings } from '../../src/keyspace/types/set.js';
import { seededRandom } from '../../src/platform/random.js';

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

test('compareIntStrings orders int64 strings like BigInt; SetValue keeps intsets sorted', () => {
  const rnd = seededRandom(7);
  const vals = ['0', '-1', '1', '9223372036854775807', '-9223372036854775808', '10', '-10', '99', '-99'];
  for (let i = 0; i < 200; i++) vals.push(String(BigInt(rnd.int(2 ** 30)) * BigInt(rnd.int(2 ** 30)) * (rnd.next() < 0.5 ? -1n : 1n)));
  for (const a of vals) {
    for (const b of vals.slice(0, 40)) {
      const want = BigInt(a) < BigInt(b) ? -1 : BigInt(a) > BigInt(b) ? 1 : 0;
      assert.equal(Math.sign(compareIntStrings(a, b)), want, `${a} vs ${b}`);
    }
  }
  const s = SetValue.from(vals, { setMaxIntsetEntries: 10000 });
  assert.equal(s.encoding(), 'intset');
  const sorted = [...new Set(vals)].sort((x, y) => (BigInt(x) < BigInt(y) ? -1 : 1));
  assert.deepEqual(s.members(), sorted);
  s.add('x', { setMaxIntsetEntries: 10000 });
  assert.equal(s.encoding(), 'hashtable');
  for (const v of sorted) assert.ok(s.delete(v));
  assert.deepEqual(s.members(), ['x']);
});

test('SADD/SREM/SCARD/SISMEMBER/SMISMEMBER and the key deleted when emptied', async () => {
  assert.equal(await r.sadd('s', '3', '1', '2', '1'), 3);
  assert.deepEqual(await r.smembers('s'), ['1', '2', '3']);
  assert.equal(await r.object('ENCODING', 's'), 'intset');
  assert.equal(await r.sismember('s', '2'), 1);
  assert.deepEqual(await r.smismember('s', '1', '9'), [1, 0]);
  assert.equal(await r.srem('s', '1', '2', '3', '4'), 3);
  assert.equal(await r.exists('s'), 0);
  await r.set('str', 'x');
  await assert.rejects(r.sadd('str', 'a'), /^ReplyError: WRONGTYPE/);
});

test('encoding: intset while canonical integers within set-max-intset-entries, then hashtable for good', async () => {
  await r.del('e');
  await r.sadd('e', '1', '-0');
  assert.equal(await r.object('ENCODING', 'e'), 'hashtable');
  await r.del('e');
  await r.config('SET', 'set-max-intset-entries', '3');
  await r.sadd('e', '1', '2', '3');
  assert.equal(await r.object('ENCODING', 'e'), 'intset');
  await r.sadd('e', '4');
  assert.equal(await r.object('ENCODING', 'e'), 'hashtable');
  await r.srem('e', '4', '3');
  assert.equal(await r.object('ENCODING', 'e'), 'hashtable');
  await r.config('SET', 'set-max-intset-entries', '512');
});

test('SPOP and SRANDMEMBER counts; SPOP of the whole set deletes the key', async () => {
  await r.del('p');
  const members = Array.from({ length: 100 }, (_, i) => `m${i}`);
  await r.sadd('p', ...members);
  const popped = (await r.spop('p', 10)) as string[];
  assert.equal(popped.length, 10);
  assert.equal(new Set(popped).size, 10);
  assert.equal(await r.scard('p'), 90);
  for (const m of popped) assert.equal(await r.sismember('p', m), 0);
  const some = (await r.srandmember('p', 20)) as string[];
  assert.equal(new Set(some).size, 20);
  assert.equal(((await r.srandmember('p', -500)) as string[]).length, 500);
  assert.deepEqual(await r.srandmember('p', 0), []);
  const rest = (await r.spop('p', 1000)) as string[];
  assert.equal(rest.length, 90);
  assert.equal(await r.exists('p'), 0);
  assert.equal(await r.spop('p'), null);
  await assert.rejects(r.spop('p', -1), /ERR value is out of range, must be positive/);
});

test('SMOVE, SINTER, SINTERCARD LIMIT, SUNION, SDIFF and the STORE forms (node-redis)', async () => {
  const nr = createClient({ socket: { port: srv.port } });
  await nr.connect();
  try {
    await nr.del(['a', 'b', 'c', 'dst']);
    await nr.sAdd('a', ['1', '2', '3', '4']);
    await nr.sAdd('b', ['3', '4', '5']);
    assert.deepEqual(await nr.sInter(['a', 'b']), ['3', '4']);
    assert.deepEqual(await nr.sInter(['a', 'nokey']), []);
    assert.equal(await nr.sendCommand(['SINTERCARD', '2', 'a', 'b', 'LIMIT', '1']), 1);
    assert.deepEqual(await nr.sUnion(['a', 'b']), ['1', '2', '3', '4', '5']);
    assert.deepEqual(await nr.sDiff(['a', 'b']), ['1', '2']);
    assert.equal(await nr.sDiffStore('dst', ['a', 'b']), 2);
    assert.deepEqual(await nr.sMembers('dst'), ['1', '2']);
    assert.equal(await nr.sInterStore('dst', ['a', 'nokey']), 0);
    assert.equal(await nr.exists('dst'), 0);
    assert.equal(await nr.sMove('a', 'c', '1'), true);
    assert.equal(await nr.sMove('a', 'c', '1'), false);
    assert.deepEqual(await nr.sMembers('c'), ['1']);
    assert.equal(await nr.sUnionStore('dst', ['a', 'c']), 4);
  } finally {
    await nr.quit();
  }
});

test('RESP3: SMEMBERS and SPOP count are sets, SRANDMEMBER and SMISMEMBER are arrays', async () => {
  await r.del('t');
  await r.sadd('t', '1', '2');
  const c = await RawClient.connect(srv.port);
  try {
    const cmds = [['HELLO', '3'], ['SMEMBERS', 't'], ['SRANDMEMBER', 't', '5'], ['SMISMEMBER', 't', '1', '3'], ['SINTER', 'nokey'], ['SPOP', 't', '5']];
    c.write(cmds.map((a) => encodeCommand(a)).join(''));
    const rs = await c.replies(cmds.length);
    assert.deepEqual(rs.slice(1), ['~2\r\n$1\r\n1\r\n$1\r\n2\r\n', '*2\r\n$1\r\n1\r\n$1\r\n2\r\n', '*2\r\n:1\r\n:0\r\n', '~0\r\n', '~2\r\n$1\r\n1\r\n$1\r\n2\r\n']);
  } finally {
    c.close();
  }
});

test('SSCAN walks a big set completely while members are added', async () => {
  await r.del('big');
  const n = 3000;
  await r.sadd('big', ...Array.from({ length: n }, (_, i) => `m${i}`));
  const seen = new Set<string>();
  let cursor = '0';
  let round = 0;
  do {
    const [next, items] = (await r.sscan('big', cursor, 'COUNT', 200)) as [string, string[]];
    for (const m of items) seen.add(m);
    await r.sadd('big', `extra${round++}`);
    cursor = next;
  } while (cursor !== '0');
  for (let i = 0; i < n; i++) assert.ok(seen.has(`m${i}`), `missed m${i}`);
  await r.del('small');
  await r.sadd('small', '5', '1', '3');
  assert.deepEqual(await r.sscan('small', '0', 'MATCH', '[13]'), ['0', ['1', '3']]);
});

test('hash and set keyspace events match Redis 7.0 (names and order)', async () => {
  await r.flushall();
  const sub = new Redis({ port: srv.port, lazyConnect: true });
  await sub.connect(); // ready before subscribing (ioredis races its own ready check otherwise)
  await r.config('SET', 'notify-keyspace-events', 'KEA');
  const events: string[] = [];
  sub.on('pmessage', (_p: string, ch: string) => events.push(ch.replace('__keyevent@0__:', '')));
  await sub.psubscribe('__keyevent@0__:*');
  try {
    const script = [
      ['hset', 'ev', 'a', '1', 'b', '2'], ['hsetnx', 'ev', 'c', '3'], ['hincrby', 'ev', 'a', '1'], ['hincrbyfloat', 'ev', 'a', '1.5'],
      ['hdel', 'ev', 'a', 'b'], ['hdel', 'ev', 'c'], ['sadd', 's1', '1', '2', '3'], ['srem', 's1', '1'], ['spop', 's1'],
      // SPOP took 2 or 3 at random: exactly one of these two SMOVEs moves the last member (srem del sadd).
      ['smove', 's1', 's2', '2'], ['smove', 's1', 's2', '3'], ['smove', 's1', 's2', '9'], ['sadd', 's3', 'a', 'b'], ['spop', 's3', '5'], ['sadd', 'a1', '1'],
      ['sinterstore', 'd', 'a1'], ['sunionstore', 'd', 'a1'], ['sdiffstore', 'd', 'nokey'], ['sdiffstore', 'd', 'nokey'],
    ];
    for (const cmd of script) await r.call(cmd[0], ...cmd.slice(1));
    await new Promise((res) => setTimeout(res, 100));
    // Recorded from Redis 7.0.15 with the same script.
    const want = 'hset hset hincrby hincrbyfloat hdel hdel del sadd srem spop srem del sadd sadd spop del sadd sinterstore sunionstore del';
    assert.equal(events.join(' '), want);
  } finally {
    await r.config('SET', 'notify-keyspace-events', '');
    sub.disconnect();
  }
});
