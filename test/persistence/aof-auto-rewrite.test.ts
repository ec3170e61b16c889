/**
 * When AOF rewrites start on their own and when they stop trying: auto-aof-rewrite-percentage /
 * auto-aof-rewrite-min-size growth triggers (aof_base_size / aof_current_size as Redis 7.0 counts them), the
 * CONFIG SET appendonly yes refusal when the AOF directory cannot be created (replies compared with real
 * Redis), and the back-off after repeated failures: three failed automatic rewrites, then one minute of quiet.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { startRedoubt, startRealRedis, hasRealRedis, SKIP_NO_REDIS, tempDir } from '../helpers/server.js';
import { compareServers, formatReport } from '../helpers/compat.js';

const REAL = { skip: hasRealRedis() ? false : SKIP_NO_REDIS };
const sleep = (ms: number): Promise<void> => new Promise((res) => setTimeout(res, ms));

async function client(port: number): Promise<Redis> {
  const r = new Redis({ port, lazyConnect: true, enableReadyCheck: false, maxRetriesPerRequest: 1 });
  await r.connect();
  for (let i = 0; i < 200 && !/^loading:0\r$/m.test(await r.info('persistence')); i++) await sleep(25);
  return r;
}

async function field(r: Redis, name: string): Promise<string> {
  const m = new RegExp(`^${name}:(.*)\\r$`, 'm').exec(await r.info('persistence'));
  return m ? m[1] : '';
}

async function until(what: string, fn: () => Promise<boolean>, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await fn()) return;
    await sleep(25);
  }
  throw new Error(`timed out waiting for ${what}`);
}

test('auto-aof-rewrite-percentage / -min-size start a rewrite on growth, then wait for the next doubling', async () => {
  const args = ['--save', '', '--appendonly', 'yes', '--aof-use-rdb-preamble', 'no', '--auto-aof-rewrite-min-size', '4kb', '--auto-aof-rewrite-percentage', '100'];
  const srv = await startRedoubt(args);
  const r = await client(srv.port);
  try {
    const value = 'v'.repeat(40);
    // The growth check runs in the cron: each batch of writes is made with automatic rewrites off, then they
    // are turned back on, so a check can never fall in the middle of a batch (a loaded machine made it do so).
    const batch = async (from: number, to: number): Promise<void> => {
      await r.config('SET', 'auto-aof-rewrite-percentage', '0');
      for (let i = from; i < to; i++) await r.set(`k${i}`, value);
      await r.config('SET', 'auto-aof-rewrite-percentage', '100');
    };
    await batch(0, 40); // ~2.6 KB: under the minimum size
    await sleep(300);
    assert.equal(await field(r, 'aof_rewrites'), '0');
    await batch(40, 80); // past 4 KB from an empty base: a rewrite
    await until('the automatic rewrite', async () => (await field(r, 'aof_rewrites')) === '1' && (await field(r, 'aof_rewrite_in_progress')) === '0');
    assert.match(srv.output(), /Starting automatic rewriting of AOF on \d+% growth/);
    const base = Number(await field(r, 'aof_base_size'));
    assert.equal(Number(await field(r, 'aof_current_size')), base);
    await batch(0, 40); // ~50% growth: not yet
    await sleep(300);
    assert.equal(await field(r, 'aof_rewrites'), '1');
    await batch(0, 60); // past 100%
    await until('the second rewrite', async () => (await field(r, 'aof_rewrites')) === '2');
  } finally {
    r.disconnect();
    await srv.stop();
  }
  // After a restart aof_base_size is the base file alone and aof_current_size every file, as in Redis 7.0.
  const again = await startRedoubt(['--save', '', '--appendonly', 'yes', '--aof-use-rdb-preamble', 'no'], { dir: srv.dir });
  const r2 = await client(again.port);
  try {
    await r2.set('one-more', 'x');
    const base = Number(await field(r2, 'aof_base_size'));
    const current = Number(await field(r2, 'aof_current_size'));
    assert.ok(base > 0 && current > base, `base ${base} current ${current}`);
  } finally {
    r2.disconnect();
    await again.stop();
  }
});

test('CONFIG SET appendonly yes and BGREWRITEAOF refuse as Redis when the AOF dir cannot be created', REAL, async () => {
  const dirs = [tempDir(), tempDir()];
  for (const d of dirs) writeFileSync(join(d, 'adir'), '');
  const args = ['--appenddirname', 'adir'];
  const [redis, redoubt] = await Promise.all([startRealRedis(args, { dir: dirs[0] }), startRedoubt(['--save', '', ...args], { dir: dirs[1] })]);
  try {
    const script = [['CONFIG', 'SET', 'appendonly', 'yes'], ['CONFIG', 'GET', 'appendonly'], ['BGREWRITEAOF'], ['SET', 'still', 'works']];
    const report = await compareServers(redis.port, redoubt.port, script);
    assert.equal(report.first, null, formatReport(report));
    const r = await client(redoubt.port);
    assert.equal(await field(r, 'aof_last_bgrewrite_status'), 'err');
    assert.equal(await field(r, 'aof_enabled'), '0');
    r.disconnect();
    assert.match(redoubt.output(), /Can't open or create append-only dir adir: Not a directory/);
  } finally {
    await Promise.all([redis.stop(), redoubt.stop()]);
  }
});

test('failed rewrites while turning the AOF on back off after three tries; BGREWRITEAOF still works', async () => {
  const srv = await startRedoubt(['--save', '']);
  const r = await client(srv.port);
  try {
    await r.set('before', '1');
    const pid = /process_id:(\d+)/.exec(await r.info('server'))![1];
    // A non-empty directory where the finished rewrite would be renamed to: every rewrite fails at the end.
    const blocker = join(srv.dir, 'appendonlydir', `temp-rewriteaof-bg-${pid}.aof`);
    mkdirSync(join(blocker, 'x'), { recursive: true });
    assert.equal(await r.config('SET', 'appendonly', 'yes'), 'OK');
    await until('three failures', async () => (await field(r, 'aof_rewrites_consecutive_failures')) === '3');
    await sleep(1000); // ten cron ticks: without the back-off each would start another rewrite
    assert.equal(await field(r, 'aof_rewrites_consecutive_failures'), '3');
    assert.equal(await field(r, 'aof_last_bgrewrite_status'), 'err');
    assert.match(srv.output(), /Background AOF rewrite has repeatedly failed and triggered the limit, will retry in 1 minutes/);
    await r.set('meanwhile', '2');
    rmSync(blocker, { recursive: true });
    assert.equal(await r.bgrewriteaof(), 'Background append only file rewriting started');
    await until('the rewrite', async () => (await field(r, 'aof_rewrites')) === '1' && (await field(r, 'aof_rewrite_in_progress')) === '0');
    assert.equal(await field(r, 'aof_rewrites_consecutive_failures'), '0');
    assert.equal(await field(r, 'aof_enabled'), '1');
    await r.set('after', '3');
  } finally {
    r.disconnect();
    await srv.stop();
  }
  const again = await startRedoubt(['--save', '', '--appendonly', 'yes'], { dir: srv.dir });
  const r2 = await client(again.port);
  try {
    assert.deepEqual(await r2.mget('before', 'meanwhile', 'after'), ['1', '2', '3']);
  } finally {
    r2.disconnect();
    await again.stop();
  }
});
