/**
 * String commands end to end: ioredis and node-redis against a real redoubt-server process (binary values,
 * expiries really expiring, counters, ranges), a raw RESP3 connection for reply types, keyspace
 * notifications over real pub/sub, and the propagated (deterministic) forms seen by a propagation target.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Redis } from 'ioredis';
import { createClient } from 'redis';
import { startRedoubt, type RunningServer } from '../helpers/server.js';
import { RawClient } from '../helpers/raw.js';
import { encodeCommand } from '../helpers/resp.js';
import { Server } from '../../src/server/server.js';
import { installDataNode } from '../../src/commands/index.js';

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

const sleep = (ms: number): Promise<void> => new Promise((res) => setTimeout(res, ms));

test('values are binary safe: every byte value round-trips through SET, GET, MGET, APPEND, GETRANGE', async () => {
  const all = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
  assert.equal(await r.set(Buffer.from('bin\x00key'), all), 'OK');
  assert.deepEqual(await r.getBuffer(Buffer.from('bin\x00key')), all);
  assert.equal(await r.append(Buffer.from('bin\x00key'), all), 512);
  assert.deepEqual(await r.getrangeBuffer(Buffer.from('bin\x00key'), 250, 261), Buffer.concat([all.subarray(250), all.subarray(0, 6)]));
  const [a, b] = await r.mgetBuffer(Buffer.from('bin\x00key'), 'nokey');
  assert.equal(a?.length, 512);
  assert.equal(b, null);
  assert.equal(await r.strlen(Buffer.from('bin\x00key')), 512);
});

test('SET expiry options really expire; KEEPTTL keeps, plain SET clears, GETEX sets and PERSIST removes', async () => {
  await r.set('e1', 'v', 'PX', 60);
  await r.set('e2', 'v', 'PX', 60);
  await r.call('SET', 'e2', 'v2', 'KEEPTTL');
  await r.set('e3', 'v', 'PX', 60);
  await r.set('e3', 'v3');
  await r.set('e4', 'v');
  assert.equal(await r.call('GETEX', 'e4', 'PX', '60'), 'v');
  await r.set('e5', 'v', 'PX', 60);
  assert.equal(await r.call('GETEX', 'e5', 'PERSIST'), 'v');
  await r.call('PSETEX', 'e6', '60', 'v');
  await r.set('e7', 'v', 'PXAT', String(Date.now() + 60));
  await sleep(150);
  assert.deepEqual(await r.mget('e1', 'e2', 'e3', 'e4', 'e5', 'e6', 'e7'), [null, null, 'v3', null, 'v', null, null]);
  await assert.rejects(r.call('SETEX', 'e8', '0', 'v'), /^ReplyError: ERR invalid expire time in 'setex' command$/);
  await assert.rejects(r.set('e8', 'v', 'EX', -1), /^ReplyError: ERR invalid expire time in 'set' command$/);
});

test('SET NX/XX/GET, SETNX, MSETNX, GETSET and GETDEL', async () => {
  assert.equal(await r.set('n1', 'a', 'NX'), 'OK');
  assert.equal(await r.set('n1', 'b', 'NX'), null);
  assert.equal(await r.call('SET', 'n1', 'c', 'XX', 'GET'), 'a');
  assert.equal(await r.call('SET', 'n2', 'c', 'NX', 'GET'), null);
  assert.equal(await r.get('n2'), 'c');
  assert.equal(await r.setnx('n2', 'x'), 0);
  assert.equal(await r.msetnx('n3', '1', 'n2', '2'), 0);
  assert.equal(await r.exists('n3'), 0);
  assert.equal(await r.getset('n2', 'd'), 'c');
  assert.equal(await r.getdel('n2'), 'd');
  assert.equal(await r.getdel('n2'), null);
  await assert.rejects(r.call('SET', 'n1', 'v', 'NX', 'XX'), /^ReplyError: ERR syntax error$/);
});

test('counters: a pipelined burst of INCR/DECRBY is exact, overflow and non-integers are refused', async () => {
  const p = r.pipeline();
  for (let i = 0; i < 1000; i++) p.incr('cnt');
  for (let i = 0; i < 100; i++) p.decrby('cnt', 3);
  await p.exec();
  assert.equal(await r.get('cnt'), '700');
  await r.set('big', '9223372036854775806');
  await r.incr('big');
  assert.equal(await r.call('GET', 'big'), '9223372036854775807');
  await assert.rejects(r.incr('big'), /^ReplyError: ERR increment or decrement would overflow$/);
  await r.set('txt', 'abc');
  await assert.rejects(r.incr('txt'), /^ReplyError: ERR value is not an integer or out of range$/);
  await assert.rejects(r.incrbyfloat('txt', 1), /^ReplyError: ERR value is not a valid float$/);
  await r.set('fl', '10.50');
  assert.equal(await r.incrbyfloat('fl', 0.1), '10.6');
  assert.equal(await r.incrbyfloat('fl', '5.0e3'), '5010.60000000000000009');
  await assert.rejects(r.incrbyfloat('fl', 'inf'), /^ReplyError: ERR increment would produce NaN or Infinity$/);
});

test('node-redis: SETRANGE pads with zero bytes, GETRANGE/SUBSTR slice, the size limit is enforced', async () => {
  const nr = createClient({ socket: { port: srv.port } });
  await nr.connect();
  try {
    assert.equal(await nr.setRange('sr', 5, 'xyz'), 8);
    assert.equal(await nr.get('sr'), '\x00\x00\x00\x00\x00xyz');
    assert.equal(await nr.getRange('sr', -3, -1), 'xyz');
    assert.equal(await nr.sendCommand(['SUBSTR', 'sr', '5', '6']), 'xy');
    await assert.rejects(nr.setRange('sr', 536870912, 'x'), /string exceeds maximum allowed size \(proto-max-bulk-len\)/);
    await assert.rejects(nr.setRange('sr', -1, 'x'), /ERR offset is out of range/);
    assert.equal(await nr.append('sr', '!'), 9);
  } finally {
    await nr.quit();
  }
});

test('RESP3: LCS IDX is a map, null replies use _, INCRBYFLOAT is a bulk string', async () => {
  const c = await RawClient.connect(srv.port);
  try {
    c.write(encodeCommand(['HELLO', '3']));
    await c.replies(1);
    c.write(['MSET l1 ohmytext l2 mynewtext', 'LCS l1 l2 IDX MINMATCHLEN 4 WITHMATCHLEN', 'GET nothing-here', 'INCRBYFLOAT rf 1.5']
      .map((l) => encodeCommand(l.split(' '))).join(''));
    const [ok, lcs, nil, fl] = await c.replies(4);
    assert.equal(ok, '+OK\r\n');
    assert.equal(lcs, '%2\r\n$7\r\nmatches\r\n*1\r\n*3\r\n*2\r\n:4\r\n:7\r\n*2\r\n:5\r\n:8\r\n:4\r\n$3\r\nlen\r\n:6\r\n');
    assert.equal(nil, '_\r\n');
    assert.equal(fl, '$3\r\n1.5\r\n');
  } finally {
    c.close();
  }
});

test('keyspace notifications carry Redis event names for each string write', async () => {
  await r.config('SET', 'notify-keyspace-events', 'KEA');
  const sub = new Redis({ port: srv.port, lazyConnect: true });
  await sub.connect(); // ready before subscribing (ioredis races its own ready check otherwise)
  const events: string[] = [];
  sub.on('pmessage', (_p, ch, key) => events.push(`${ch.replace('__keyevent@0__:', '')} ${key}`));
  await sub.psubscribe('__keyevent@0__:*');
  try {
    await r.set('ev', '1', 'EX', 100);
    await r.incr('ev');
    await r.incrbyfloat('ev', 1.5);
    await r.append('ev', 'x');
    await r.setrange('ev', 0, 'y');
    await r.call('GETEX', 'ev', 'PERSIST');
    await r.getdel('ev');
    await r.setbit('ev', 3, 1);
    await r.setbit('ev', 3, 1);
    await sleep(100);
    assert.deepEqual(events, ['set ev', 'expire ev', 'incrby ev', 'incrbyfloat ev', 'append ev', 'setrange ev', 'persist ev', 'del ev', 'setbit ev']);
  } finally {
    sub.disconnect();
    await r.config('SET', 'notify-keyspace-events', '');
  }
});

test('propagation: relative expiries become absolute, INCRBYFLOAT becomes SET KEEPTTL, no-ops propagate nothing', () => {
  const server = new Server();
  installDataNode(server);
  const fed: string[][] = [];
  server.propagator.add({ name: 'test-capture', feed: (_db, argv) => fed.push([...argv]) });
  const c = server.createFakeClient();
  const run = (line: string): string => {
    server.processCommand(c, line.split(' '));
    return c.takeOutput();
  };
  const t0 = Date.now();
  for (const line of ['SET a 1 EX 100', 'SETEX b 100 v', 'PSETEX c 5000 v', 'SET d 1 PXAT 4102444800000', 'SET e 1 EXAT 4102444800',
    'GETEX a PX 7000', 'GETEX a PERSIST', 'GETEX a PERSIST', 'GETEX b EXAT 1', 'GETDEL c', 'GETSET d 2', 'INCRBYFLOAT d 0.5',
    'SET e 1 NX', 'MSETNX d 1 z 2', 'SETBIT f 3 1', 'SETBIT f 3 1', 'SETRANGE g 0 ', 'APPEND h x']) run(line);
  const t1 = Date.now();
  const abs = (argv: string[] | undefined, i: number, offsetMs: number): string[] | undefined => {
    if (!argv) return argv;
    const ms = Number(argv[i]);
    assert.ok(ms >= t0 + offsetMs && ms <= t1 + offsetMs, `${argv.join(' ')} not within [${t0 + offsetMs}, ${t1 + offsetMs}]`);
    return [...argv.slice(0, i), '<t>', ...argv.slice(i + 1)];
  };
  assert.deepEqual(abs(fed[0], 4, 100000), ['SET', 'a', '1', 'PXAT', '<t>']);
  assert.deepEqual(abs(fed[1], 4, 100000), ['SET', 'b', 'v', 'PXAT', '<t>']);
  assert.deepEqual(abs(fed[2], 4, 5000), ['SET', 'c', 'v', 'PXAT', '<t>']);
  assert.deepEqual(fed.slice(3, 5), [['SET', 'd', '1', 'PXAT', '4102444800000'], ['SET', 'e', '1', 'PXAT', '4102444800000']]);
  assert.deepEqual(abs(fed[5], 2, 7000), ['PEXPIREAT', 'a', '<t>']);
  assert.deepEqual(fed.slice(6), [['PERSIST', 'a'], ['DEL', 'b'], ['DEL', 'c'], ['SET', 'd', '2'], ['SET', 'd', '2.5', 'KEEPTTL'],
    ['SETBIT', 'f', '3', '1'], ['APPEND', 'h', 'x']]);
});
