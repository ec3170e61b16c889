/**
 * Data identical on every node after a seeded random write load covering every type (expiries, counters,
 * floats, SPOP, served blocking pops, MULTI/EXEC, several databases, FLUSHDB): a Redoubt master with a
 * Redoubt replica and a real Redis replica at the same time; a real Redis master with a Redoubt replica; and a
 * Redoubt -> Redoubt -> Redoubt chain, whose nodes must also agree on master_replid and master_repl_offset.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { hasRealRedis, SKIP_NO_REDIS } from '../helpers/server.js';
import { waitFor } from '../helpers/wait.js';
import { Topology, linkUp, replInfo, waitOffsetsEqual, dumpAll, assertSameData, randomLoad, type Node } from './repl-helpers.js';

const top = new Topology();
after(() => top.close());
const skip = hasRealRedis() ? false : SKIP_NO_REDIS;

/** Short expiries in the load are at most 300 ms: let them all lapse, and the master's DELs arrive. */
async function settle(master: Node, replicas: Node[]): Promise<void> {
  await new Promise((r) => setTimeout(r, 600));
  await waitOffsetsEqual(master.r, replicas.map((n) => n.r));
}

async function assertAllSame(master: Node, replicas: Node[]): Promise<void> {
  const ref = await dumpAll(master.port);
  assert.ok(ref.values.size > 100, `the load left a dataset (${ref.values.size} keys)`);
  assert.ok(ref.ttls.size > 5, 'some keys carry a TTL');
  const types = new Set([...ref.values.values()].map((v) => v.slice(0, v.indexOf(':'))));
  assert.deepEqual([...types].sort(), ['hash', 'list', 'set', 'string', 'zset']);
  for (const db of ['0', '1', '3']) assert.ok([...ref.values.keys()].some((k) => k.startsWith(`${db}:`)), `db ${db} has keys`);
  for (const rep of replicas) assertSameData(ref, await dumpAll(rep.port), `${rep.kind} replica on ${rep.port}`);
}

test('Redoubt master with a Redoubt replica and a real Redis replica: same data after a random load', { skip }, async () => {
  const m = await top.start('redoubt');
  const a = await top.start('redoubt', ['--replicaof', '127.0.0.1', String(m.port)]);
  const b = await top.start('redis', ['--replicaof', '127.0.0.1', String(m.port)]);
  await waitFor('links up', async () => (await linkUp(a.r)) && linkUp(b.r), 15000);
  await randomLoad(top, m.port, 1001, 60);
  await settle(m, [a, b]);
  await assertAllSame(m, [a, b]);
});

test('Redoubt replica joining mid-load (full sync of a live dataset) ends identical to the master', { skip }, async () => {
  const m = await top.start('redoubt');
  await randomLoad(top, m.port, 7, 20);
  const a = await top.start('redoubt', ['--replicaof', '127.0.0.1', String(m.port)]);
  const b = await top.start('redis', ['--replicaof', '127.0.0.1', String(m.port)]);
  await randomLoad(top, m.port, 8, 30);
  await waitFor('links up', async () => (await linkUp(a.r)) && linkUp(b.r), 15000);
  await settle(m, [a, b]);
  await assertAllSame(m, [a, b]);
});

test('real Redis master with a Redoubt replica: same data after a random load', { skip }, async () => {
  const m = await top.start('redis');
  const a = await top.start('redoubt', ['--replicaof', '127.0.0.1', String(m.port)]);
  await waitFor('link up', () => linkUp(a.r), 15000);
  await randomLoad(top, m.port, 2002, 60);
  await settle(m, [a]);
  await assertAllSame(m, [a]);
});

test('chain Redoubt -> Redoubt -> Redoubt: same data, same master_replid and master_repl_offset on all', async () => {
  const m = await top.start('redoubt');
  const mid = await top.start('redoubt', ['--replicaof', '127.0.0.1', String(m.port)]);
  const tail = await top.start('redoubt', ['--replicaof', '127.0.0.1', String(mid.port)]);
  await waitFor('links up', async () => (await linkUp(mid.r)) && linkUp(tail.r), 15000);
  await randomLoad(top, m.port, 3003, 50);
  await settle(m, [mid, tail]);
  await assertAllSame(m, [mid, tail]);
  const infos = await Promise.all([m, mid, tail].map((n) => replInfo(n.r)));
  assert.equal(infos[1].master_replid, infos[0].master_replid);
  assert.equal(infos[2].master_replid, infos[0].master_replid);
  assert.equal(infos[1].master_repl_offset, infos[0].master_repl_offset);
  assert.equal(infos[2].master_repl_offset, infos[0].master_repl_offset);
  assert.equal(infos[1].connected_slaves, '1', 'the middle node serves the tail');
  // The tail's ACKs (once a second) report the master's offset to the middle node.
  const slaveLine = new RegExp(`^ip=127\\.0\\.0\\.1,port=${tail.port},state=online,offset=${infos[0].master_repl_offset},lag=\\d+$`);
  await waitFor('middle node sees the tail at the same offset', async () => slaveLine.test((await replInfo(mid.r)).slave0), 5000);
});
