/**
 * AOF end to end: Redis 7's multi-part directory written by Redoubt loads into real Redis and the other way
 * round (with and without RDB preamble), BGREWRITEAOF while clients write, CONFIG SET appendonly yes at run
 * time, aof-load-truncated, and durability: with appendfsync always, every write acknowledged before a
 * kill -9 is there after the restart.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync, truncateSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { Redis } from 'ioredis';
import { ROOT, SERVER_BIN, startRedoubt, startRealRedis, hasRealRedis, SKIP_NO_REDIS, tempDir, freePort, type RunningServer } from '../helpers/server.js';
import { RawClient } from '../helpers/raw.js';
import { encodeCommand } from '../helpers/resp.js';
import { readContents, writeContents, type Contents } from './contents.js';

const REAL = { skip: hasRealRedis() ? false : SKIP_NO_REDIS };
const want = (): Contents => JSON.parse(readFileSync(join(ROOT, 'test', 'fixtures', 'rdb', 'all-types.expect.json'), 'utf8')) as Contents;
const AOF_ARGS = ['--save', '', '--appendonly', 'yes'];

async function client(port: number): Promise<Redis> {
  const r = new Redis({ port, lazyConnect: true, enableReadyCheck: false, maxRetriesPerRequest: 1 });
  await r.connect();
  return r;
}

async function waitLoaded(port: number): Promise<void> {
  const r = await client(port);
  try {
    for (let i = 0; i < 200; i++) {
      if (/^loading:0\r$/m.test(await r.info('persistence'))) return;
      await new Promise((res) => setTimeout(res, 25));
    }
  } finally {
    r.disconnect();
  }
}

async function waitRewrite(r: Redis): Promise<void> {
  for (let i = 0; i < 400; i++) {
    const info = await r.info('persistence');
    if (info.includes('aof_rewrite_in_progress:0') && info.includes('aof_rewrite_scheduled:0')) return;
    await new Promise((res) => setTimeout(res, 25));
  }
  throw new Error('rewrite did not finish');
}

async function shutdown(srv: RunningServer): Promise<void> {
  const raw = await RawClient.connect(srv.port);
  raw.write(encodeCommand(['SHUTDOWN', 'NOSAVE']));
  await raw.waitClosed(5000);
  for (let i = 0; i < 200 && srv.proc.exitCode === null; i++) await new Promise((res) => setTimeout(res, 25));
}

for (const preamble of ['yes', 'no']) {
  test(`an AOF directory written by Redoubt (preamble ${preamble}) loads into real Redis, and back`, REAL, async () => {
    const dir = tempDir();
    const data = want();
    const srv = await startRedoubt([...AOF_ARGS, '--aof-use-rdb-preamble', preamble], { dir });
    await waitLoaded(srv.port);
    await writeContents(srv.port, { '0': Object.fromEntries(Object.entries(data['0']).slice(0, 12)) });
    const r = await client(srv.port);
    assert.equal(await r.bgrewriteaof(), 'Background append only file rewriting started');
    await waitRewrite(r);
    r.disconnect();
    await writeContents(srv.port, { ...data, '0': Object.fromEntries(Object.entries(data['0']).slice(12)) });
    await shutdown(srv);
    const files = readdirSync(join(dir, 'appendonlydir')).sort();
    assert.deepEqual(files, ['appendonly.aof.2.base.' + (preamble === 'yes' ? 'rdb' : 'aof'), 'appendonly.aof.2.incr.aof', 'appendonly.aof.manifest']);
    const real = await startRealRedis(['--appendonly', 'yes'], { dir });
    try {
      assert.deepEqual(await readContents(real.port), data);
      const rr = await client(real.port);
      await rr.set('written-by-redis', '1');
      rr.disconnect();
      await shutdown(real);
    } finally {
      await real.stop();
    }
    const again = await startRedoubt(AOF_ARGS, { dir });
    try {
      await waitLoaded(again.port);
      const got = await readContents(again.port);
      assert.equal(got['0']['written-by-redis'].value, '1');
      delete got['0']['written-by-redis'];
      assert.deepEqual(got, data);
    } finally {
      await again.stop();
    }
  });
}

test('BGREWRITEAOF while clients write keeps every write', async () => {
  const dir = tempDir();
  const srv = await startRedoubt(AOF_ARGS, { dir });
  await waitLoaded(srv.port);
  const r = await client(srv.port);
  for (let i = 0; i < 20000; i += 500) await r.mset(...Array.from({ length: 500 }, (_, j) => [`k${i + j}`, `v${i + j}`]).flat());
  const raw = await RawClient.connect(srv.port);
  const batch = [['BGREWRITEAOF'], ['BGREWRITEAOF']];
  for (let i = 0; i < 3000; i++) batch.push(['SET', `k${i}`, `new${i}`], ['DEL', `k${i + 10000}`], ['RPUSH', 'log', String(i)]);
  raw.write(batch.map(encodeCommand).join(''));
  const replies = await raw.replies(batch.length);
  assert.equal(replies[0], '+Background append only file rewriting started\r\n');
  assert.equal(replies[1], '-ERR Background append only file rewriting already in progress\r\n');
  raw.close();
  await waitRewrite(r);
  assert.match(await r.info('persistence'), /aof_rewrites:1\r\n/);
  await r.set('after', 'rewrite');
  r.disconnect();
  await srv.stop('SIGKILL');
  const again = await startRedoubt(AOF_ARGS, { dir });
  const r2 = await client(again.port);
  try {
    await waitLoaded(again.port);
    assert.equal(await r2.dbsize(), 20000 - 3000 + 2);
    assert.equal(await r2.get('k5'), 'new5');
    assert.equal(await r2.get('k10005'), null);
    assert.equal(await r2.get('k15000'), 'v15000');
    assert.equal(await r2.llen('log'), 3000);
    assert.equal(await r2.get('after'), 'rewrite');
  } finally {
    r2.disconnect();
    await again.stop();
  }
});

test('CONFIG SET appendonly yes rewrites the dataset into a new AOF', async () => {
  const dir = tempDir();
  const srv = await startRedoubt(['--save', ''], { dir });
  const r = await client(srv.port);
  await r.set('before', '1');
  assert.equal(await r.config('SET', 'appendonly', 'yes'), 'OK');
  await waitRewrite(r);
  assert.match(await r.info('persistence'), /aof_enabled:1\r\n/);
  await r.set('after', '2');
  r.disconnect();
  await srv.stop('SIGKILL');
  assert.ok(existsSync(join(dir, 'appendonlydir', 'appendonly.aof.manifest')));
  const again = await startRedoubt(AOF_ARGS, { dir });
  const r2 = await client(again.port);
  try {
    await waitLoaded(again.port);
    assert.deepEqual(await r2.mget('before', 'after'), ['1', '2']);
  } finally {
    r2.disconnect();
    await again.stop();
  }
});

function lastIncr(dir: string): string {
  const d = join(dir, 'appendonlydir');
  return join(d, readdirSync(d).filter((f) => f.endsWith('.incr.aof')).sort().pop()!);
}

test('a truncated AOF tail loads with aof-load-truncated yes and stops startup with no', async () => {
  const dir = tempDir();
  const srv = await startRedoubt(AOF_ARGS, { dir });
  await waitLoaded(srv.port);
  const r = await client(srv.port);
  await r.set('a', '1');
  await r.set('b', '2');
  r.disconnect();
  await srv.stop('SIGKILL');
  const incr = lastIncr(dir);
  truncateSync(incr, statSync(incr).size - 3);
  const port = await freePort();
  const proc = spawn(process.execPath, [SERVER_BIN, '--port', String(port), '--bind', '127.0.0.1', '--dir', dir, ...AOF_ARGS, '--aof-load-truncated', 'no'], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  proc.stdout.on('data', (d) => (out += d));
  const code = await new Promise<number | null>((res) => proc.once('exit', res));
  assert.equal(code, 1);
  assert.match(out, /Unexpected end of file reading the append only file appendonly\.aof\.1\.incr\.aof/);
  const again = await startRedoubt(AOF_ARGS, { dir });
  const r2 = await client(again.port);
  try {
    await waitLoaded(again.port);
    assert.equal(await r2.get('a'), '1');
    assert.equal(await r2.get('b'), null);
    assert.match(again.output(), /Truncating the AOF appendonly\.aof\.1\.incr\.aof at offset/);
    await r2.set('c', '3');
  } finally {
    r2.disconnect();
    await again.stop('SIGKILL');
  }
  const third = await startRedoubt(AOF_ARGS, { dir });
  const r3 = await client(third.port);
  try {
    await waitLoaded(third.port);
    assert.deepEqual(await r3.mget('a', 'b', 'c'), ['1', null, '3']);
  } finally {
    r3.disconnect();
    await third.stop();
  }
});

test('appendfsync always: every write acknowledged before kill -9 survives the restart', async () => {
  const dir = tempDir();
  const srv = await startRedoubt([...AOF_ARGS, '--appendfsync', 'always'], { dir });
  await waitLoaded(srv.port);
  const raw = await RawClient.connect(srv.port);
  let acked = 0;
  const killAfterMs = 150 + Math.floor(Math.random() * 300);
  const deadline = Date.now() + killAfterMs;
  let i = 0;
  while (Date.now() < deadline) {
    // A few commands in flight at once: only the acknowledged ones count.
    raw.write([0, 1, 2, 3].map((j) => encodeCommand(['SET', `key:${i + j}`, `val:${i + j}`])).join(''));
    const replies = await raw.replies(4, 2000);
    acked += replies.filter((x) => x === '+OK\r\n').length;
    i += 4;
  }
  raw.write(encodeCommand(['SET', `key:${i}`, `val:${i}`]));
  srv.proc.kill('SIGKILL');
  await srv.stop();
  raw.close();
  assert.ok(acked > 0);
  const again = await startRedoubt(AOF_ARGS, { dir });
  const r = await client(again.port);
  try {
    await waitLoaded(again.port);
    for (let k = 0; k < acked; k++) assert.equal(await r.get(`key:${k}`), `val:${k}`, `acknowledged write ${k} lost`);
  } finally {
    r.disconnect();
    await again.stop();
  }
});
