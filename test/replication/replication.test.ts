import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { Redis } from 'ioredis';
import { startRedoubt, startRealRedis, hasRealRedis, SKIP_NO_REDIS, tempDir, type RunningServer } from '../helpers/server.js';
import { waitFor, parseInfo } from '../helpers/wait.js';

const FAST = ['--repl-diskless-sync-delay', '0'];
const running: RunningServer[] = [];
const clients: Redis[] = [];

async function node(kind: 'redoubt' | 'redis', args: string[] = [], password?: string, dir?: string, port?: number): Promise<{ srv: RunningServer; r: Redis }> {
  const opts = { dir, port };
  const srv = kind === 'redoubt' ? await startRedoubt([...FAST, ...args], opts) : await startRealRedis([...FAST, ...args], opts);
  running.push(srv);
  const r = new Redis({ port: srv.port, lazyConnect: true, maxRetriesPerRequest: 1, password });
  r.on('error', () => {});
  await r.connect();
  clients.push(r);
  return { srv, r };
}

async function info(r: Redis): Promise<Record<string, string>> {
  return parseInfo(await r.info('replication'));
}

async function linkUp(r: Redis): Promise<boolean> {
  return (await info(r)).master_link_status === 'up';
}

after(async () => {
  for (const c of clients) c.disconnect();
  await Promise.all(running.map((s) => s.stop()));
});

test('redoubt master with a redoubt replica: full sync, stream, READONLY, INFO and ROLE', async () => {
  const m = await node('redoubt');
  await m.r.set('before', 'sync');
  await m.r.rpush('list', 'a', 'b', 'c');
  const s = await node('redoubt', ['--replicaof', '127.0.0.1', String(m.srv.port)]);
  await waitFor('link up', () => linkUp(s.r));
  assert.equal(await s.r.get('before'), 'sync');
  await m.r.set('after', 'stream');
  await m.r.incr('counter');
  await waitFor('stream applied', async () => (await s.r.get('after')) === 'stream');
  assert.equal(await s.r.get('counter'), '1');
  await assert.rejects(s.r.set('x', '1'), /^ReplyError: READONLY You can't write against a read only replica\.$/);
  const mi = await info(m.r);
  assert.equal(mi.role, 'master');
  assert.equal(mi.connected_slaves, '1');
  assert.match(mi.slave0, new RegExp(`^ip=127\\.0\\.0\\.1,port=${s.srv.port},state=online,offset=\\d+,lag=\\d+$`));
  const si = await info(s.r);
  assert.equal(si.role, 'slave');
  assert.equal(si.master_port, String(m.srv.port));
  assert.equal(si.master_replid, mi.master_replid);
  await waitFor('offsets equal', async () => (await info(s.r)).master_repl_offset === (await info(m.r)).master_repl_offset);
  const role = (await s.r.call('role')) as unknown[];
  assert.deepEqual(role.slice(0, 4), ['slave', '127.0.0.1', m.srv.port, 'connected']);
  const mrole = (await m.r.call('role')) as unknown[];
  assert.equal(mrole[0], 'master');
});

test('partial resync after the link drops, SLAVEOF NO ONE keeps the history as replid2', async () => {
  const m = await node('redoubt');
  const s = await node('redoubt', ['--replicaof', '127.0.0.1', String(m.srv.port)]);
  await waitFor('link up', () => linkUp(s.r));
  await m.r.set('k1', 'v1');
  await waitFor('k1', async () => (await s.r.get('k1')) === 'v1');
  const fullBefore = Number(parseInfo(await m.r.info('stats')).sync_full);
  await m.r.call('client', 'kill', 'type', 'replica');
  await m.r.set('k2', 'v2');
  await waitFor('k2 after reconnect', async () => (await s.r.get('k2')) === 'v2');
  const stats = parseInfo(await m.r.info('stats'));
  assert.equal(Number(stats.sync_full), fullBefore, 'no second full sync');
  assert.ok(Number(stats.sync_partial_ok) >= 1);
  const oldId = (await info(m.r)).master_replid;
  assert.equal(await s.r.call('replicaof', 'no', 'one'), 'OK');
  const promoted = await info(s.r);
  assert.equal(promoted.role, 'master');
  assert.equal(promoted.master_replid2, oldId);
  assert.ok(Number(promoted.second_repl_offset) > 0);
  assert.equal(await s.r.set('w', '1'), 'OK');
});

test('REPLICAOF repeating the current master answers "OK Already connected to specified master"', async () => {
  const m = await node('redoubt');
  const s = await node('redoubt');
  assert.equal(await s.r.call('replicaof', '127.0.0.1', String(m.srv.port)), 'OK');
  await waitFor('link up', () => linkUp(s.r));
  assert.equal(await s.r.call('replicaof', '127.0.0.1', String(m.srv.port)), 'OK Already connected to specified master');
});

test('real Redis master -> Redoubt replica -> real Redis replica (mixed chain)', { skip: hasRealRedis() ? false : SKIP_NO_REDIS }, async () => {
  const m = await node('redis');
  await m.r.set('a', '1');
  await m.r.hset('h', 'f', 'v');
  await m.r.zadd('z', 1, 'one', 2, 'two');
  const mid = await node('redoubt', ['--replicaof', '127.0.0.1', String(m.srv.port)]);
  const tail = await node('redis', ['--replicaof', '127.0.0.1', String(mid.srv.port)]);
  await waitFor('mid link', () => linkUp(mid.r));
  await waitFor('tail link', () => linkUp(tail.r), 15000);
  await m.r.set('b', '2');
  await m.r.sadd('s', 'x', 'y');
  await waitFor('tail has b', async () => (await tail.r.get('b')) === '2', 10000);
  for (const r of [mid.r, tail.r]) {
    assert.equal(await r.get('a'), '1');
    assert.deepEqual(await r.hgetall('h'), { f: 'v' });
    assert.deepEqual(await r.zrange('z', 0, -1, 'WITHSCORES'), ['one', '1', 'two', '2']);
    assert.deepEqual((await r.smembers('s')).sort(), ['x', 'y']);
  }
  await waitFor('offsets match along the chain', async () => {
    const a = (await info(m.r)).master_repl_offset;
    return a === (await info(mid.r)).master_repl_offset && a === (await info(tail.r)).master_repl_offset;
  });
});

test('real Redis replica of a Redoubt master: disk-based and diskless full sync', { skip: hasRealRedis() ? false : SKIP_NO_REDIS }, async () => {
  for (const diskless of ['no', 'yes']) {
    const m = await node('redoubt', ['--repl-diskless-sync', diskless]);
    await m.r.set('str', 'value');
    await m.r.rpush('l', '1', '2', '3');
    await m.r.set('ttl', 'x', 'EX', 1000);
    const s = await node('redis', ['--replicaof', '127.0.0.1', String(m.srv.port)]);
    await waitFor(`real replica link up (diskless ${diskless})`, () => linkUp(s.r), 15000);
    assert.equal(await s.r.get('str'), 'value');
    assert.deepEqual(await s.r.lrange('l', 0, -1), ['1', '2', '3']);
    assert.ok((await s.r.ttl('ttl')) > 900);
    await m.r.set('later', 'yes');
    await waitFor('stream reaches real replica', async () => (await s.r.get('later')) === 'yes');
  }
});

test('WAIT counts acknowledging replicas; min-replicas-to-write refuses writes without them', async () => {
  const m = await node('redoubt');
  const s = await node('redoubt', ['--replicaof', '127.0.0.1', String(m.srv.port)]);
  await waitFor('link up', () => linkUp(s.r));
  await m.r.set('w', '1');
  assert.equal(await m.r.call('wait', '1', '2000'), 1);
  assert.equal(await m.r.call('wait', '2', '200'), 1, 'times out with the count reached');
  await assert.rejects(s.r.call('wait', '1', '10'), /ERR WAIT cannot be used with replica instances/);
  await m.r.call('config', 'set', 'min-replicas-to-write', '2');
  await assert.rejects(m.r.set('x', '1'), /^ReplyError: NOREPLICAS Not enough good replicas to write\.$/);
  await m.r.call('config', 'set', 'min-replicas-to-write', '1');
  assert.equal(await m.r.set('x', '1'), 'OK');
});

test('seed scenario: one master, three replicas, requirepass + masterauth; replicas retry while the master is down', async () => {
  const auth = ['--requirepass', 'secret', '--masterauth', 'secret'];
  const m = await node('redoubt', auth, 'secret');
  const reps = [];
  for (let i = 0; i < 3; i++) reps.push(await node('redoubt', ['--slaveof', '127.0.0.1', String(m.srv.port), ...auth], 'secret'));
  for (const s of reps) await waitFor('replica link up', () => linkUp(s.r));
  await m.r.set('name', 'ykthree');
  const mi = await info(m.r);
  assert.equal(mi.connected_slaves, '3');
  for (let i = 0; i < 3; i++) assert.match(mi[`slave${i}`], /^ip=127\.0\.0\.1,port=\d+,state=online,offset=\d+,lag=\d+$/);
  for (const s of reps) await waitFor('name replicated', async () => (await s.r.get('name')) === 'ykthree');
  // The master goes away: replicas report the link down and keep retrying.
  const port = m.srv.port;
  await m.srv.stop('SIGTERM');
  for (const s of reps) await waitFor('link down', async () => (await info(s.r)).master_link_status === 'down');
  assert.match(reps[0].srv.output(), /Error condition on socket for SYNC: Connection refused/);
  const back = await startRedoubt([...FAST, ...auth], { port });
  running.push(back);
  for (const s of reps) await waitFor('replica reconnected', () => linkUp(s.r), 15000);
  assert.match(reps[0].srv.output(), /Master replied to PING, replication can continue/);
});

test('under a pipelined write load the replica applies everything and its offset equals the master\'s', async () => {
  const m = await node('redoubt');
  const s = await node('redoubt', ['--replicaof', '127.0.0.1', String(m.srv.port)]);
  await waitFor('link up', () => linkUp(s.r));
  for (let round = 0; round < 20; round++) {
    const p = m.r.pipeline();
    for (let i = 0; i < 1000; i++) p.set(`k${round}:${i}`, 'x'.repeat((i * 37) % 300));
    await p.exec();
  }
  await waitFor('offsets converge', async () => {
    const a = await info(m.r);
    const b = await info(s.r);
    return a.master_repl_offset === b.master_repl_offset && b.slave_repl_offset === b.master_repl_offset;
  }, 15000);
  assert.equal(await s.r.dbsize(), 20000);
  assert.equal(await m.r.call('wait', '1', '1000'), 1);
});

test('master restarted after SHUTDOWN: replicas continue partially (replid2 from the RDB); after kill -9: full resync', async () => {
  const dir = tempDir();
  const m = await node('redoubt', [], undefined, dir);
  const s = await node('redoubt', ['--replicaof', '127.0.0.1', String(m.srv.port)]);
  await waitFor('link up', () => linkUp(s.r));
  await m.r.set('a', '1');
  await waitFor('a', async () => (await s.r.get('a')) === '1');
  const port = m.srv.port;
  await m.srv.stop('SIGTERM');
  const m2 = await node('redoubt', [], undefined, dir, port);
  await waitFor('replica back after clean restart', () => linkUp(s.r), 15000);
  let st = parseInfo(await m2.r.info('stats'));
  assert.equal(st.sync_full, '0', 'no full resync after a clean restart');
  assert.equal(st.sync_partial_ok, '1');
  assert.equal(await m2.r.get('a'), '1');
  await m2.r.set('b', '2');
  await waitFor('b', async () => (await s.r.get('b')) === '2');
  await m2.srv.stop('SIGKILL');
  const m3 = await node('redoubt', [], undefined, dir, port);
  await waitFor('replica back after kill -9', () => linkUp(s.r), 15000);
  st = parseInfo(await m3.r.info('stats'));
  assert.equal(st.sync_full, '1', 'a crash loses the history: full resync');
});
