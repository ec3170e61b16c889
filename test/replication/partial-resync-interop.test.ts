/**
 * Partial resynchronization after the TCP link drops (the connection is killed, not the process), in both
 * mixed directions: a real Redis master with a Redoubt replica, and a Redoubt master with a real Redis
 * replica. The link is cut from either end (CLIENT KILL TYPE master on the replica, TYPE replica on the
 * master); the master must count a partial resync and no new full sync, and the stream must keep flowing.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { hasRealRedis, SKIP_NO_REDIS } from '../helpers/server.js';
import { waitFor } from '../helpers/wait.js';
import { Topology, linkUp, replInfo, stats, waitOffsetsEqual, type Kind } from './repl-helpers.js';

const top = new Topology();
after(() => top.close());
const skip = hasRealRedis() ? false : SKIP_NO_REDIS;

async function dropAndResync(masterKind: Kind, replicaKind: Kind, cutFrom: 'master' | 'replica'): Promise<void> {
  const m = await top.start(masterKind);
  const s = await top.start(replicaKind, ['--replicaof', '127.0.0.1', String(m.port)]);
  await waitFor('link up', () => linkUp(s.r), 15000);
  for (let i = 0; i < 50; i++) await m.r.set(`before:${i}`, `v${i}`);
  await waitOffsetsEqual(m.r, [s.r]);
  const before = await stats(m.r);
  const killed = cutFrom === 'master' ? await m.r.client('KILL', 'TYPE', 'replica') : await s.r.client('KILL', 'TYPE', 'master');
  assert.equal(killed, 1, `CLIENT KILL on the ${cutFrom} closed one connection`);
  // Writes made while the link is down are served from the backlog.
  for (let i = 0; i < 50; i++) await m.r.rpush('during', String(i));
  await waitFor('link back up', () => linkUp(s.r), 15000);
  await m.r.set('after', 'yes');
  await waitOffsetsEqual(m.r, [s.r]);
  const now = await stats(m.r);
  assert.equal(now.sync_full, before.sync_full, 'no new full sync');
  assert.equal(Number(now.sync_partial_ok), Number(before.sync_partial_ok) + 1, 'one more partial resync');
  assert.equal(now.sync_partial_err, before.sync_partial_err);
  assert.equal(await s.r.get('after'), 'yes');
  assert.equal(await s.r.get('before:49'), 'v49');
  assert.deepEqual(await s.r.lrange('during', 0, -1), [...Array(50).keys()].map(String));
  const replicaLog = s.kind === 'redoubt' ? s.srv.output() : '';
  if (replicaLog) {
    assert.match(replicaLog, /Trying a partial resynchronization \(request [0-9a-f]{40}:\d+\)\./);
    assert.match(replicaLog, /Successful partial resynchronization with master\./);
  }
}

test('real Redis master, Redoubt replica: link killed on the replica (TYPE master) -> partial resync', { skip }, () =>
  dropAndResync('redis', 'redoubt', 'replica'));

test('real Redis master, Redoubt replica: link killed on the master (TYPE replica) -> partial resync', { skip }, () =>
  dropAndResync('redis', 'redoubt', 'master'));

test('Redoubt master, real Redis replica: link killed on the master (TYPE replica) -> partial resync', { skip }, () =>
  dropAndResync('redoubt', 'redis', 'master'));

test('Redoubt master, real Redis replica: link killed on the replica (TYPE master) -> partial resync', { skip }, () =>
  dropAndResync('redoubt', 'redis', 'replica'));

test('Redoubt master, Redoubt replica: link killed on the replica (TYPE master) -> partial resync', () =>
  dropAndResync('redoubt', 'redoubt', 'replica'));

test('a replica re-pointed to a promoted node passes the new replication ID down the chain (sub-replica resyncs partially)', async () => {
  const m = await top.start('redoubt');
  const s1 = await top.start('redoubt', ['--replicaof', '127.0.0.1', String(m.port)]);
  const s2 = await top.start('redoubt', ['--replicaof', '127.0.0.1', String(m.port)]);
  const sub = await top.start('redoubt', ['--replicaof', '127.0.0.1', String(s2.port)]);
  for (const n of [s1, s2, sub]) await waitFor('link up', () => linkUp(n.r), 15000);
  await m.r.set('a', '1');
  await waitOffsetsEqual(m.r, [s1.r, s2.r]);
  await waitOffsetsEqual(s2.r, [sub.r]);
  await s1.r.call('REPLICAOF', 'NO', 'ONE');
  await s2.r.call('REPLICAOF', '127.0.0.1', String(s1.port));
  await waitFor('s2 follows s1', async () => (await replInfo(s2.r)).master_port === String(s1.port) && linkUp(s2.r), 10000);
  await s1.r.set('b', '2');
  await waitFor('b reaches the sub-replica', async () => (await sub.r.get('b')) === '2', 10000);
  await waitOffsetsEqual(s1.r, [s2.r]);
  await waitOffsetsEqual(s2.r, [sub.r]);
  const ids = await Promise.all([s1, s2, sub].map(async (n) => (await replInfo(n.r)).master_replid));
  assert.deepEqual(ids, [ids[0], ids[0], ids[0]], 'the whole chain reports the promoted node\'s replication ID');
  assert.equal((await stats(s1.r)).sync_full, '0', 's2 continued partially with s1');
  const s2stats = await stats(s2.r);
  assert.equal(s2stats.sync_full, '1', 'only the initial full sync of the sub-replica');
  assert.ok(Number(s2stats.sync_partial_ok) >= 1, 'the sub-replica reconnected and continued partially');
});
