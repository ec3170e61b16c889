/**
 * DEBUG RELOAD / DEBUG LOADAOF: the replies and resulting data as Redis 7.0 gives them (compared against
 * real redis-server), MERGE / NOFLUSH / NOSAVE, a missing or corrupt file, the NOFLUSH duplicate-key exit,
 * a RELOAD while a BGSAVE runs, and IDLE opcodes from a real Redis dump reaching OBJECT IDLETIME.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, unlinkSync, writeFileSync, readFileSync, copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { SERVER_BIN, startRedoubt, startRealRedis, hasRealRedis, SKIP_NO_REDIS, tempDir, freePort, type RunningServer } from '../helpers/server.js';
import { runCompat, formatReport } from '../helpers/compat.js';
import { readContents } from './contents.js';

const REAL = { skip: hasRealRedis() ? false : SKIP_NO_REDIS };
const DEBUG = ['--enable-debug-command', 'yes'];

async function client(port: number): Promise<Redis> {
  const r = new Redis({ port, lazyConnect: true, enableReadyCheck: false, maxRetriesPerRequest: 1 });
  await r.connect();
  return r;
}

async function withRedoubt<T>(args: string[], fn: (r: Redis, srv: RunningServer) => Promise<T>): Promise<T> {
  const srv = await startRedoubt(['--save', '', ...DEBUG, ...args]);
  const r = await client(srv.port);
  try {
    return await fn(r, srv);
  } finally {
    r.disconnect();
    await srv.stop();
  }
}

test('DEBUG RELOAD replies and data match Redis (options, MERGE, NOFLUSH, NOSAVE)', REAL, async () => {
  const script: string[][] = [
    ['SET', 's', 'v'], ['SET', 'ttl', 'x', 'PX', '100000'], ['RPUSH', 'l', 'a', 'b'], ['HSET', 'h', 'f', 'v'],
    ['ZADD', 'z', '1', 'm'], ['SADD', 'set', '1', '2'], ['SELECT', '3'], ['SET', 'in3', 'y'], ['SELECT', '0'],
    ['DEBUG', 'RELOAD', 'FOO'], ['DEBUG', 'RELOAD'], ['DBSIZE'], ['GET', 's'], ['LRANGE', 'l', '0', '-1'], ['HGETALL', 'h'],
    ['ZRANGE', 'z', '0', '-1', 'WITHSCORES'], ['SMEMBERS', 'set'], ['OBJECT', 'ENCODING', 'set'], ['SELECT', '3'], ['GET', 'in3'], ['SELECT', '0'],
    ['TTL', 'ttl'], ['SET', 'after', '1'], ['DEBUG', 'RELOAD', 'NOSAVE'], ['EXISTS', 'after'], ['DBSIZE'],
    ['SET', 'after', '2'], ['DEBUG', 'RELOAD', 'NOSAVE', 'NOFLUSH', 'MERGE'], ['GET', 'after'], ['DBSIZE'],
    ['SET', 's', 'changed'], ['DEBUG', 'RELOAD', 'nosave', 'noflush', 'merge'], ['GET', 's'],
    ['DEBUG', 'RELOAD', 'MERGE'], ['DBSIZE'],
  ];
  const report = await runCompat(script, { redisArgs: DEBUG, redoubtArgs: ['--save', '', ...DEBUG] });
  assert.equal(report.first, null, formatReport(report));
});

test('DEBUG RELOAD: TTLs survive, rdb_changes_since_last_save resets, a missing file empties the dataset', async () => {
  await withRedoubt([], async (r, srv) => {
    await r.set('k', 'v', 'PX', 50000);
    await r.set('gone', 'x', 'PX', 1);
    await new Promise((res) => setTimeout(res, 5));
    assert.equal(await r.call('DEBUG', 'RELOAD'), 'OK');
    const pttl = await r.pttl('k');
    assert.ok(pttl > 40000 && pttl <= 50000, `pttl ${pttl}`);
    assert.equal(await r.exists('gone'), 0);
    assert.match(await r.info('persistence'), /rdb_changes_since_last_save:0\r\n/);
    assert.match(srv.output(), /# DB reloaded by DEBUG RELOAD/);
    unlinkSync(join(srv.dir, 'dump.rdb'));
    await assert.rejects(r.call('DEBUG', 'RELOAD', 'NOSAVE'), /^ReplyError: ERR Error trying to load the RDB dump$/);
    assert.equal(await r.dbsize(), 0);
  });
});

test('DEBUG RELOAD NOSAVE of a corrupt file answers the error and logs why', async () => {
  await withRedoubt([], async (r, srv) => {
    for (let i = 0; i < 200; i++) await r.set(`key:${i}`, `value:${i}`);
    assert.equal(await r.call('DEBUG', 'RELOAD'), 'OK');
    const file = join(srv.dir, 'dump.rdb');
    const bytes = readFileSync(file);
    bytes[bytes.length - 200] ^= 0x55;
    writeFileSync(file, bytes);
    await assert.rejects(r.call('DEBUG', 'RELOAD', 'NOSAVE', 'NOFLUSH', 'MERGE'), /ERR Error trying to load the RDB dump/);
    assert.equal(await r.dbsize(), 200, 'NOFLUSH keeps the data when the file is refused');
    assert.match(srv.output(), /Wrong RDB checksum|Internal error in RDB reading/);
  });
});

test('DEBUG RELOAD while a BGSAVE runs saves anyway, and the BGSAVE still finishes', async () => {
  await withRedoubt([], async (r) => {
    await r.call('DEBUG', 'POPULATE', '200000');
    assert.equal(await r.bgsave(), 'Background saving started');
    assert.equal(await r.call('DEBUG', 'RELOAD'), 'OK');
    assert.equal(await r.dbsize(), 200000);
    for (let i = 0; i < 200 && /rdb_bgsave_in_progress:1/.test(await r.info('persistence')); i++) await new Promise((res) => setTimeout(res, 25));
    const info = await r.info('persistence');
    assert.match(info, /rdb_bgsave_in_progress:0\r\n/);
    assert.match(info, /rdb_last_bgsave_status:ok\r\n/);
    assert.match(info, /rdb_changes_since_last_save:0\r\n/);
  });
});

test('DEBUG RELOAD NOFLUSH without MERGE exits on a duplicated key, as Redis panics', async () => {
  const dir = tempDir();
  const port = await freePort();
  const proc = spawn(process.execPath, [SERVER_BIN, '--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', ...DEBUG], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  proc.stdout.on('data', (d) => (out += d));
  const exited = new Promise<number | null>((res) => proc.once('exit', res));
  for (let i = 0; i < 100 && !out.includes('Ready to accept'); i++) await new Promise((res) => setTimeout(res, 50));
  const r = await client(port);
  await r.set('dup', '1');
  await r.save();
  r.call('DEBUG', 'RELOAD', 'NOSAVE', 'NOFLUSH').catch(() => {});
  assert.equal(await exited, 1);
  r.disconnect();
  assert.match(out, /RDB has duplicated key 'dup' in DB 0/);
});

async function waitLoaded(r: Redis): Promise<void> {
  for (let i = 0; i < 200 && !/^loading:0\r$/m.test(await r.info('persistence')); i++) await new Promise((res) => setTimeout(res, 25));
}

test('DEBUG LOADAOF replays the AOF (others get -LOADING meanwhile) and appends nothing', async () => {
  const args = ['--save', '', ...DEBUG, '--appendonly', 'yes'];
  const srv = await startRedoubt(args);
  const r = await client(srv.port);
  const other = await client(srv.port);
  try {
    await waitLoaded(r);
    const pipe = r.pipeline();
    for (let i = 0; i < 60000; i++) pipe.set(`key:${i}`, String(i));
    await pipe.exec();
    await r.rpush('l', 'x', 'y');
    await r.incr('n');
    const reload = r.call('DEBUG', 'LOADAOF');
    let sawLoading = false;
    for (let i = 0; i < 50 && !sawLoading; i++) sawLoading = await other.get('n').then(() => false, (e: Error) => /^LOADING /.test(e.message));
    assert.equal(await reload, 'OK');
    assert.ok(sawLoading, 'no -LOADING while the AOF was replayed');
    assert.deepEqual([await r.dbsize(), await r.lrange('l', 0, -1), await r.get('n'), await r.get('key:59999')], [60002, ['x', 'y'], '1', '59999']);
    assert.match(await r.info('persistence'), /rdb_changes_since_last_save:0\r\n/);
    assert.match(srv.output(), /# Append Only File loaded by DEBUG LOADAOF/);
    await r.set('b', '2');
  } finally {
    r.disconnect();
    other.disconnect();
    await srv.stop();
  }
  const again = await startRedoubt(args, { dir: srv.dir });
  const r2 = await client(again.port);
  try {
    await waitLoaded(r2);
    assert.deepEqual([await r2.lrange('l', 0, -1), await r2.get('n'), await r2.get('b')], [['x', 'y'], '1', '2']);
  } finally {
    r2.disconnect();
    await again.stop();
  }
});

test('IDLE opcodes in a dump written by real Redis reach OBJECT IDLETIME', REAL, async () => {
  const policy = ['--maxmemory-policy', 'allkeys-lru'];
  const real = await startRealRedis(policy);
  const rr = await client(real.port);
  await rr.set('k', 'v');
  const payload = (await rr.dumpBuffer('k')) as Buffer;
  await rr.restore('idle', 0, payload, 'IDLETIME', 5000);
  await rr.save();
  rr.disconnect();
  await real.stop();
  const dir = tempDir();
  copyFileSync(join(real.dir, 'dump.rdb'), join(dir, 'dump.rdb'));
  assert.ok(existsSync(join(dir, 'dump.rdb')));
  const srv = await startRedoubt(['--save', '', ...policy], { dir });
  const r = await client(srv.port);
  try {
    await waitLoaded(r);
    const idle = Number(await r.object('IDLETIME', 'idle'));
    assert.ok(idle >= 5000 && idle < 5010, `idle ${idle}`);
    assert.ok(Number(await r.object('IDLETIME', 'k')) < 10);
    assert.deepEqual(Object.keys((await readContents(srv.port))['0']).sort(), ['idle', 'k']);
  } finally {
    r.disconnect();
    await srv.stop();
  }
});

test('RESTORE FREQ / IDLETIME set the access tracking as Redis does (LFU and LRU policies)', REAL, async () => {
  const payload = '\x00\x03bar\n\x00\xe6\xbeI`\xeef\xfd\x17';
  const script: string[][] = [
    ['CONFIG', 'SET', 'maxmemory-policy', 'allkeys-lfu'], ['RESTORE', 'f', '0', payload, 'FREQ', '100'], ['OBJECT', 'FREQ', 'f'],
    ['RESTORE', 'g', '0', payload, 'IDLETIME', '100'], ['OBJECT', 'FREQ', 'g'],
    ['CONFIG', 'SET', 'maxmemory-policy', 'volatile-lru'], ['RESTORE', 'i', '0', payload, 'IDLETIME', '3000'], ['OBJECT', 'IDLETIME', 'i'],
    ['RESTORE', 'j', '0', payload, 'FREQ', '7'], ['OBJECT', 'IDLETIME', 'j'],
  ];
  const report = await runCompat(script, { redisArgs: [], redoubtArgs: ['--save', ''] });
  assert.equal(report.first, null, formatReport(report));
});
