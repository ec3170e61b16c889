import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Redis } from 'ioredis';
import { createClient } from 'redis';
import { startRedoubt, type RunningServer } from '../helpers/server.js';

let srv: RunningServer;
let r: Redis;

before(async () => {
  srv = await startRedoubt();
  r = new Redis({ port: srv.port });
});

after(async () => {
  r.disconnect();
  await srv.stop();
});

test('SUBSCRIBE/PUBLISH delivers messages and pattern messages (ioredis, RESP2)', async () => {
  const sub = new Redis({ port: srv.port, lazyConnect: true });
  await sub.connect(); // ready before subscribing (ioredis races its own ready check otherwise)
  const got: string[] = [];
  sub.on('message', (ch, msg) => got.push(`m:${ch}:${msg}`));
  sub.on('pmessage', (pat, ch, msg) => got.push(`p:${pat}:${ch}:${msg}`));
  await sub.subscribe('news');
  await sub.psubscribe('n*');
  assert.equal(await r.publish('news', 'hello'), 2);
  await new Promise((res) => setTimeout(res, 50));
  assert.deepEqual(got.sort(), ['m:news:hello', 'p:n*:news:hello']);
  assert.deepEqual(await r.pubsub('CHANNELS'), ['news']);
  assert.deepEqual(await r.pubsub('NUMSUB', 'news', 'other'), ['news', 1, 'other', 0]);
  assert.equal(await r.pubsub('NUMPAT'), 1);
  sub.disconnect();
  await new Promise((res) => setTimeout(res, 50));
  assert.equal(await r.publish('news', 'x'), 0);
});

test('RESP3 subscriber receives pushes (node-redis)', async () => {
  const sub = createClient({ socket: { port: srv.port } });
  await sub.connect();
  const got: string[] = [];
  await sub.subscribe('ch', (msg) => got.push(msg));
  assert.equal(await r.publish('ch', 'one'), 1);
  await new Promise((res) => setTimeout(res, 50));
  assert.deepEqual(got, ['one']);
  await sub.quit();
});

test('keyspace notifications follow notify-keyspace-events', async () => {
  const sub = new Redis({ port: srv.port, lazyConnect: true });
  await sub.connect(); // ready before subscribing (ioredis races its own ready check otherwise)
  const got: string[] = [];
  sub.on('pmessage', (_p, ch, msg) => got.push(`${ch}=${msg}`));
  await sub.psubscribe('__key*__:*');
  await r.call('config', 'set', 'notify-keyspace-events', 'KEA').catch(() => undefined);
  // Until CONFIG SET exists, the setting may be unchanged: only assert when it took effect.
  const cfg = (await r.call('config', 'get', 'notify-keyspace-events').catch(() => null)) as string[] | null;
  await r.set('nk', 'v');
  await new Promise((res) => setTimeout(res, 50));
  if (cfg && cfg[1] && cfg[1].includes('K')) {
    assert.ok(got.includes('__keyspace@0__:nk=set'), got.join(','));
    assert.ok(got.includes('__keyevent@0__:set=nk'), got.join(','));
  }
  sub.disconnect();
});

test('MULTI/EXEC runs queued commands atomically and EXECABORT on queue errors', async () => {
  const res = await r.multi().set('a', '1').get('a').exec();
  assert.deepEqual(res, [[null, 'OK'], [null, '1']]);
  const c = new Redis({ port: srv.port });
  assert.equal(await c.call('multi'), 'OK');
  assert.equal(await c.call('set', 'x', '1'), 'QUEUED');
  await assert.rejects(c.call('nosuch'), /unknown command/);
  await assert.rejects(c.call('exec'), /^ReplyError: EXECABORT Transaction discarded because of previous errors\.$/);
  await assert.rejects(c.call('exec'), /ERR EXEC without MULTI/);
  await assert.rejects(c.call('discard'), /ERR DISCARD without MULTI/);
  assert.equal(await c.call('multi'), 'OK');
  await assert.rejects(c.call('multi'), /ERR MULTI calls can not be nested/);
  await assert.rejects(c.call('watch', 'k'), /ERR WATCH inside MULTI is not allowed/);
  assert.equal(await c.call('discard'), 'OK');
  c.disconnect();
});

test('WATCH aborts EXEC when another client writes the key', async () => {
  const a = new Redis({ port: srv.port });
  const b = new Redis({ port: srv.port });
  await a.set('w', '1');
  await a.watch('w');
  await b.set('w', '2');
  const res = await a.multi().set('w', '3').exec();
  assert.equal(res, null);
  assert.equal(await a.get('w'), '2');
  await a.watch('w');
  const ok = await a.multi().set('w', '4').exec();
  assert.deepEqual(ok, [[null, 'OK']]);
  a.disconnect();
  b.disconnect();
});
