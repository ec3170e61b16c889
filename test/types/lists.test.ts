/**
 * List commands end to end (ioredis and node-redis over RESP2, raw RESP3), the ring-buffer deque against a
 * plain array model, and list keyspace events.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Redis } from 'ioredis';
import { createClient } from 'redis';
import { startRedoubt, type RunningServer } from '../helpers/server.js';
import { RawClient } from '../helpers/raw.js';
import { encodeCommand } from '../helpers/resp.js';
import { ListValue } from '../../src/keyspace/types/list.js';
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

test('ListValue matches an array model under random pushes, pops, sets, inserts, trims and removals', () => {
  const rnd = seededRandom(42);
  const list = new ListValue();
  let model: string[] = [];
  for (let i = 0; i < 20000; i++) {
    const op = rnd.int(8);
    const v = String(rnd.int(50));
    if (op === 0) (list.pushHead(v), model.unshift(v));
    else if (op === 1) (list.pushTail(v), model.push(v));
    else if (op === 2) assert.equal(list.popHead(), model.shift());
    else if (op === 3) assert.equal(list.popTail(), model.pop());
    else if (op === 4 && model.length > 0) {
      const at = rnd.int(model.length);
      list.setAt(at, v);
      model[at] = v;
    } else if (op === 5 && i % 50 === 0) {
      const at = rnd.int(model.length + 1);
      list.insertAt(at, v);
      model.splice(at, 0, v);
    } else if (op === 6 && i % 100 === 0) {
      list.retain((x) => x !== v);
      model = model.filter((x) => x !== v);
    } else if (op === 7 && i % 500 === 0 && model.length > 2) {
      list.trim(1, model.length - 2);
      model = model.slice(1, -1);
    }
    assert.equal(list.size(), model.length);
  }
  assert.deepEqual(list.toArray(), model);
  assert.deepEqual([...list], model);
  assert.deepEqual(list.clone().toArray(), model);
});

test('push, pop with and without count, null vs empty array, and the key deleted when emptied', async () => {
  assert.equal(await r.rpush('l', 'a', 'b', 'c'), 3);
  assert.equal(await r.lpush('l', 'z'), 4);
  assert.deepEqual(await r.lrange('l', 0, -1), ['z', 'a', 'b', 'c']);
  assert.equal(await r.lpushx('nolist', 'x'), 0);
  assert.equal(await r.exists('nolist'), 0);
  assert.deepEqual(await r.call('LPOP', 'l', '0'), []);
  assert.equal(await r.call('LPOP', 'nolist', '0'), null);
  assert.deepEqual(await r.call('RPOP', 'l', '2'), ['c', 'b']);
  assert.deepEqual(await r.call('LPOP', 'l', '10'), ['z', 'a']);
  assert.equal(await r.exists('l'), 0);
  assert.equal(await r.lpop('l'), null);
  await assert.rejects(r.call('LPOP', 'l', '-1'), /^ReplyError: ERR value is out of range, must be positive$/);
  await r.set('str', 'x');
  await assert.rejects(r.lpush('str', 'a'), /^ReplyError: WRONGTYPE Operation against a key holding the wrong kind of value$/);
});

test('LINDEX, LSET, LRANGE, LTRIM, LREM, LINSERT, LPOS with negative indexes and their errors', async () => {
  await r.del('l');
  await r.rpush('l', 'a', 'b', 'a', 'c', 'a');
  assert.equal(await r.lindex('l', -1), 'a');
  assert.equal(await r.lindex('l', 9), null);
  await assert.rejects(r.lset('nokey', 0, 'x'), /ERR no such key/);
  await assert.rejects(r.lset('l', 5, 'x'), /ERR index out of range/);
  assert.equal(await r.lset('l', -2, 'C'), 'OK');
  assert.deepEqual(await r.lrange('l', -100, 100), ['a', 'b', 'a', 'C', 'a']);
  assert.deepEqual(await r.lrange('l', 3, 1), []);
  assert.equal(await r.call('LPOS', 'l', 'a', 'RANK', '-1'), 4);
  assert.deepEqual(await r.call('LPOS', 'l', 'a', 'COUNT', '0'), [0, 2, 4]);
  assert.deepEqual(await r.call('LPOS', 'l', 'a', 'COUNT', '0', 'MAXLEN', '3'), [0, 2]);
  await assert.rejects(r.call('LPOS', 'l', 'a', 'RANK', '0'), /RANK can't be zero/);
  assert.equal(await r.lrem('l', -1, 'a'), 1);
  assert.deepEqual(await r.lrange('l', 0, -1), ['a', 'b', 'a', 'C']);
  assert.equal(await r.linsert('l', 'BEFORE', 'C', 'B'), 5);
  assert.equal(await r.linsert('l', 'AFTER', 'nope', 'B'), -1);
  assert.equal(await r.ltrim('l', 1, -2), 'OK');
  assert.deepEqual(await r.lrange('l', 0, -1), ['b', 'a', 'B']);
  assert.equal(await r.ltrim('l', 5, 10), 'OK');
  assert.equal(await r.exists('l'), 0);
});

test('LMOVE, RPOPLPUSH and LMPOP (node-redis)', async () => {
  const nr = createClient({ socket: { port: srv.port } });
  await nr.connect();
  try {
    await nr.del(['s', 'd']);
    await nr.rPush('s', ['1', '2', '3']);
    assert.equal(await nr.lMove('s', 'd', 'LEFT', 'RIGHT'), '1');
    assert.equal(await nr.rPopLPush('s', 'd'), '3');
    assert.deepEqual(await nr.lRange('d', 0, -1), ['3', '1']);
    assert.deepEqual(await nr.sendCommand(['LMPOP', '2', 'nokey', 'd', 'RIGHT', 'COUNT', '5']), ['d', ['1', '3']]);
    assert.equal(await nr.exists('d'), 0);
    assert.equal(await nr.sendCommand(['LMPOP', '1', 'nokey', 'LEFT']), null);
    assert.equal(await nr.lMove('nokey', 's', 'LEFT', 'LEFT'), null);
  } finally {
    await nr.quit();
  }
});

test('RESP3 shapes: LPOP count, LMPOP, BLPOP timeout null', async () => {
  const c = await RawClient.connect(srv.port);
  try {
    const cmds = [['HELLO', '3'], ['DEL', 'q'], ['RPUSH', 'q', 'a', 'b'], ['LPOP', 'q', '1'], ['LMPOP', '1', 'q', 'LEFT'], ['LPOP', 'q', '1'], ['BLPOP', 'q', '0.01'], ['LPOS', 'q', 'x']];
    c.write(cmds.map((a) => encodeCommand(a)).join(''));
    const rs = await c.replies(cmds.length);
    assert.deepEqual(rs.slice(1), [':0\r\n', ':2\r\n', '*1\r\n$1\r\na\r\n', '*2\r\n$1\r\nq\r\n*1\r\n$1\r\nb\r\n', '_\r\n', '_\r\n', '_\r\n']);
  } finally {
    c.close();
  }
});

test('list keyspace events use Redis names and del when a list empties', async () => {
  const sub = new Redis({ port: srv.port, lazyConnect: true });
  await sub.connect(); // ready before subscribing (ioredis races its own ready check otherwise)
  await r.config('SET', 'notify-keyspace-events', 'KEA');
  const events: string[] = [];
  sub.on('pmessage', (_p: string, ch: string, msg: string) => {
    if (msg === 'ev') events.push(ch.replace('__keyevent@0__:', ''));
  });
  await sub.psubscribe('__keyevent@0__:*');
  try {
    await r.rpush('ev', 'a', 'b');
    await r.lpush('ev', 'c');
    await r.lset('ev', 0, 'C');
    await r.linsert('ev', 'BEFORE', 'C', 'x');
    await r.lrem('ev', 0, 'x');
    await r.ltrim('ev', 0, 1);
    await r.lpop('ev');
    await r.rpop('ev');
    await new Promise((res) => setTimeout(res, 100));
    assert.deepEqual(events, ['rpush', 'lpush', 'lset', 'linsert', 'lrem', 'ltrim', 'lpop', 'rpop', 'del']);
  } finally {
    await r.config('SET', 'notify-keyspace-events', '');
    sub.disconnect();
  }
});

test('OBJECT ENCODING is quicklist and a large list works at both ends', async () => {
  await r.del('big');
  const items = Array.from({ length: 5000 }, (_, i) => String(i));
  await r.rpush('big', ...items);
  await r.lpush('big', 'head');
  assert.equal(await r.object('ENCODING', 'big'), 'quicklist');
  assert.equal(await r.llen('big'), 5001);
  assert.equal(await r.lindex('big', 2500), '2499');
  assert.deepEqual(await r.call('RPOP', 'big', '3'), ['4999', '4998', '4997']);
  assert.equal(await r.lpop('big'), 'head');
});
