/**
 * Expiry end to end: the active cycle removes keys nobody touches (and counts them in INFO), DEBUG
 * SET-ACTIVE-EXPIRE switches it, and the write stream carries absolute times (PEXPIREAT) and DELs so that a
 * replica holds exactly the master's expiry and never expires keys by itself.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Redis } from 'ioredis';
import { startRedoubt, type RunningServer } from '../helpers/server.js';
import { parseInfo, waitFor } from '../helpers/wait.js';

let master: RunningServer;
let replica: RunningServer;
let m: Redis;
let rep: Redis;

before(async () => {
  [master, replica] = await Promise.all([startRedoubt(), startRedoubt()]);
  m = new Redis({ port: master.port });
  rep = new Redis({ port: replica.port });
});

after(async () => {
  m.disconnect();
  rep.disconnect();
  await Promise.all([master.stop(), replica.stop()]);
});

async function info(r: Redis, section: string): Promise<Record<string, string>> {
  return parseInfo(await r.info(section));
}

test('the active cycle deletes expired keys without any access and counts them', async () => {
  await m.flushall();
  const before = Number((await info(m, 'stats')).expired_keys);
  const p = m.pipeline();
  for (let i = 0; i < 500; i++) p.set(`short:${i}`, 'v', 'PX', 50 + (i % 50));
  for (let i = 0; i < 100; i++) p.set(`long:${i}`, 'v', 'EX', 1000);
  for (let i = 0; i < 100; i++) p.set(`plain:${i}`, 'v');
  await p.exec();
  assert.equal(await m.dbsize(), 700);
  // DBSIZE does not expire lazily: only the cycle can bring it down.
  await waitFor('active expiry', async () => (await m.dbsize()) === 200, 5000, 50);
  const st = await info(m, 'stats');
  assert.equal(Number(st.expired_keys) - before, 500);
  assert.ok(Number(st.expire_cycle_cpu_milliseconds) >= 0);
  const ks = (await info(m, 'keyspace')).db0;
  assert.match(ks, /^keys=200,expires=100,avg_ttl=\d+$/);
  const avg = Number(/avg_ttl=(\d+)/.exec(ks)![1]);
  // A moving average over the samples (as Redis's): positive and never above the longest TTL.
  assert.ok(avg > 0 && avg <= 1_000_000, `avg_ttl ${avg}`);
});

test('DEBUG SET-ACTIVE-EXPIRE 0 stops the cycle, 1 resumes it', async () => {
  await m.flushall();
  assert.equal(await m.call('DEBUG', 'SET-ACTIVE-EXPIRE', '0'), 'OK');
  try {
    for (let i = 0; i < 50; i++) await m.set(`k${i}`, 'v', 'PX', 20);
    await new Promise((res) => setTimeout(res, 300));
    assert.equal(await m.dbsize(), 50);
  } finally {
    await m.call('DEBUG', 'SET-ACTIVE-EXPIRE', '1');
  }
  await waitFor('resumed active expiry', async () => (await m.dbsize()) === 0, 3000, 20);
});

test('EXPIRE propagates as PEXPIREAT (same absolute time on the replica), past times as DEL', async () => {
  await m.flushall();
  await m.config('SET', 'repl-diskless-sync-delay', '0');
  assert.equal(await rep.call('REPLICAOF', '127.0.0.1', String(master.port)), 'OK');
  await waitFor('replica link up', async () => (await info(rep, 'replication')).master_link_status === 'up', 10000, 50);
  await m.set('t', 'v');
  await m.expire('t', 500);
  await m.set('u', 'v');
  await m.pexpire('u', 123456);
  await m.set('gone', 'v');
  await waitFor('replicated TTLs', async () => (await rep.pexpiretime('u')) > 0, 5000, 20);
  assert.equal(await rep.pexpiretime('t'), await m.pexpiretime('t'));
  assert.equal(await rep.pexpiretime('u'), await m.pexpiretime('u'));
  assert.equal(await rep.exists('gone'), 1);
  assert.equal(await m.expire('gone', -5), 1);
  await waitFor('replicated DEL', async () => (await rep.exists('gone')) === 0, 5000, 20);
});

test('a replica never expires actively: it waits for the master DEL', async () => {
  await waitFor('replica link up', async () => (await info(rep, 'replication')).master_link_status === 'up', 10000, 50);
  await m.call('DEBUG', 'SET-ACTIVE-EXPIRE', '0');
  try {
    await m.flushall();
    await m.set('soon', 'v', 'PX', 100);
    await waitFor('key on replica', async () => (await rep.dbsize()) === 1, 5000, 20);
    await new Promise((res) => setTimeout(res, 400));
    // Expired logically everywhere, but nobody deleted it yet: the replica hides it from reads only.
    assert.equal(await rep.dbsize(), 1);
    assert.equal(await rep.get('soon'), null);
    assert.equal(await rep.dbsize(), 1);
  } finally {
    await m.call('DEBUG', 'SET-ACTIVE-EXPIRE', '1');
  }
  await waitFor('master DEL reaches the replica', async () => (await rep.dbsize()) === 0, 5000, 20);
  assert.equal(await m.dbsize(), 0);
});
