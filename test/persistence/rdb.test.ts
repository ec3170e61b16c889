/**
 * RDB end to end with real processes: files written by real Redis 7.0 load into Redoubt with identical
 * contents; files Redoubt writes pass redis-check-rdb and load into real Redis; corrupt files stop startup
 * with a clear log line; BGSAVE is a point-in-time snapshot even while clients write; SHUTDOWN SAVE/NOSAVE;
 * LASTSAVE and INFO persistence; MISCONF after a failed BGSAVE; -LOADING while a big file loads.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, readFileSync, writeFileSync, mkdirSync, rmdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { spawn, spawnSync } from 'node:child_process';
import { Redis } from 'ioredis';
import { ROOT, SERVER_BIN, startRedoubt, startRealRedis, hasRealRedis, SKIP_NO_REDIS, tempDir, freePort, type RunningServer } from '../helpers/server.js';
import { RawClient } from '../helpers/raw.js';
import { encodeCommand } from '../helpers/resp.js';
import { readContents, writeContents, type Contents } from './contents.js';
import { RdbParser } from '../../src/persistence/rdb-reader.js';
import { ByteWriter } from '../../src/persistence/rdb-format.js';
import { writeMagic, writeSelectDb, writeStringKey } from '../../src/persistence/rdb-writer.js';
import { crc64 } from '../../src/persistence/crc64.js';

const FIXTURES = join(ROOT, 'test', 'fixtures', 'rdb');
const REAL = { skip: hasRealRedis() ? false : SKIP_NO_REDIS };
const expected = (name: string): Contents => JSON.parse(readFileSync(join(FIXTURES, name), 'utf8')) as Contents;

async function withServer<T>(srv: RunningServer, fn: (r: Redis) => Promise<T>): Promise<T> {
  const r = new Redis({ port: srv.port, lazyConnect: true, enableReadyCheck: false });
  await r.connect();
  try {
    return await fn(r);
  } finally {
    r.disconnect();
    await srv.stop();
  }
}

async function waitLoaded(r: Redis): Promise<void> {
  for (let i = 0; i < 200; i++) {
    const info = await r.info('persistence');
    if (/^loading:0\r$/m.test(info)) return;
    await new Promise((res) => setTimeout(res, 25));
  }
  throw new Error('still loading');
}

async function waitBgsave(r: Redis): Promise<void> {
  for (let i = 0; i < 400; i++) {
    if ((await r.info('persistence')).includes('rdb_bgsave_in_progress:0')) return;
    await new Promise((res) => setTimeout(res, 25));
  }
  throw new Error('BGSAVE did not finish');
}

/** Every key of an RDB file as dbid/key -> value (strings only) plus the key count. */
function parseFile(path: string): Map<string, string> {
  const p = new RdbParser(readFileSync(path));
  p.readHeader();
  const out = new Map<string, string>();
  for (let e = p.next(); e !== null; e = p.next()) out.set(`${e.dbid}/${e.key}`, e.value.type === 'string' ? e.value.value : `<${e.value.type}>`);
  return out;
}

for (const name of ['all-types', 'all-types-nocompress', 'list-compressed', 'legacy-encodings']) {
  test(`an RDB written by Redis 7.0 (${name}) loads into Redoubt with identical contents`, async () => {
    const dir = tempDir();
    copyFileSync(join(FIXTURES, `${name}.rdb`), join(dir, 'dump.rdb'));
    const expect = expected(`${name === 'all-types-nocompress' ? 'all-types' : name}.expect.json`);
    await withServer(await startRedoubt(['--save', ''], { dir }), async (r) => {
      await waitLoaded(r);
      assert.deepEqual(await readContents(r.options.port as number), expect);
    });
  });
}

test('an RDB written by Redoubt passes redis-check-rdb and loads into real Redis with identical contents', REAL, async () => {
  const dir = tempDir();
  const want = expected('all-types.expect.json');
  await withServer(await startRedoubt(['--save', ''], { dir }), async (r) => {
    await writeContents(r.options.port as number, want);
    assert.deepEqual(await readContents(r.options.port as number), want);
    assert.equal(await r.save(), 'OK');
  });
  const check = spawnSync('redis-check-rdb', [join(dir, 'dump.rdb')], { encoding: 'utf8' });
  assert.match(check.stdout, /RDB looks OK/, check.stdout);
  const real = await startRealRedis(['--dbfilename', 'dump.rdb'], { dir });
  try {
    assert.deepEqual(await readContents(real.port), want);
  } finally {
    await real.stop();
  }
});

test('Redis -> Redoubt -> Redis: a dump keeps every encoding Redis chose', REAL, async () => {
  const dir = tempDir();
  copyFileSync(join(FIXTURES, 'all-types.rdb'), join(dir, 'dump.rdb'));
  const real = await startRealRedis(['--dbfilename', 'dump.rdb'], { dir });
  const encodings = async (port: number): Promise<Record<string, string>> => {
    const r = new Redis({ port, lazyConnect: true });
    await r.connect();
    const out: Record<string, string> = {};
    for (const k of await r.keys('*')) out[k] = String(await r.object('ENCODING', k));
    r.disconnect();
    return out;
  };
  const before = await encodings(real.port);
  await real.stop();
  await withServer(await startRedoubt(['--save', ''], { dir }), async (r) => {
    await waitLoaded(r);
    assert.equal(await r.save(), 'OK');
  });
  const again = await startRealRedis(['--dbfilename', 'dump.rdb'], { dir });
  try {
    assert.deepEqual(await encodings(again.port), before);
    assert.deepEqual(await readContents(again.port), expected('all-types.expect.json'));
  } finally {
    await again.stop();
  }
});

/** SHUTDOWN over a raw connection (a client library would reconnect and retry). */
async function shutdown(srv: RunningServer, mode: string): Promise<void> {
  const raw = await RawClient.connect(srv.port);
  raw.write(encodeCommand(['SHUTDOWN', mode]));
  assert.ok(await raw.waitClosed(5000));
  await exited(srv);
}

async function exited(srv: RunningServer): Promise<void> {
  for (let i = 0; i < 400 && srv.proc.exitCode === null && srv.proc.signalCode === null; i++) await new Promise((res) => setTimeout(res, 25));
  assert.equal(srv.proc.exitCode, 0);
}

/** Runs redoubt-server on a bad dump.rdb and returns its exit code and output. */
async function startExpectingExit(dir: string): Promise<{ code: number | null; out: string }> {
  const port = await freePort();
  const proc = spawn(process.execPath, [SERVER_BIN, '--port', String(port), '--bind', '127.0.0.1', '--dir', dir], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  proc.stdout.on('data', (d) => (out += d));
  proc.stderr.on('data', (d) => (out += d));
  const timer = setTimeout(() => proc.kill('SIGKILL'), 10000);
  const code = await new Promise<number | null>((res) => proc.once('exit', (c) => res(c)));
  clearTimeout(timer);
  return { code, out };
}

test('a truncated RDB stops startup with a clear log line', async () => {
  const dir = tempDir();
  const buf = readFileSync(join(FIXTURES, 'all-types.rdb'));
  writeFileSync(join(dir, 'dump.rdb'), buf.subarray(0, buf.length - 300));
  const { code, out } = await startExpectingExit(dir);
  assert.equal(code, 1);
  assert.match(out, /Short read or OOM loading DB\. Unrecoverable error, aborting now\./);
});

test('an RDB with a bad checksum stops startup with a clear log line', async () => {
  const dir = tempDir();
  const buf = Buffer.from(readFileSync(join(FIXTURES, 'all-types.rdb')));
  buf[buf.length - 3] ^= 0xff;
  writeFileSync(join(dir, 'dump.rdb'), buf);
  const { code, out } = await startExpectingExit(dir);
  assert.equal(code, 1);
  assert.match(out, /Wrong RDB checksum expected: \([0-9a-f]+\) got \([0-9a-f]+\)\. Aborting now\./);
});

test('BGSAVE is a snapshot of the moment it started, whatever clients write meanwhile', async () => {
  const dir = tempDir();
  await withServer(await startRedoubt(['--save', ''], { dir }), async (r) => {
    const n = 60000;
    for (let i = 0; i < n; i += 1000) {
      const args: string[] = [];
      for (let j = i; j < i + 1000; j++) args.push(`k${j}`, `v${j}`);
      await r.mset(...args);
    }
    await r.rpush('list', 'a', 'b');
    await r.select(3);
    await r.set('db3key', 'old');
    await r.select(0);
    const raw = await RawClient.connect(r.options.port as number);
    const batch = [['BGSAVE'], ['SET', 'k1', 'changed'], ['DEL', 'k2'], ['SET', 'new1', 'x'], ['RPUSH', 'list', 'c'], ['SELECT', '3'], ['SET', 'db3key', 'new'], ['FLUSHDB'], ['SELECT', '0']];
    for (let i = 0; i < 2000; i++) batch.push(['SET', `k${(i * 7919) % n}`, 'late'], ['DEL', `k${(i * 104729) % n}`], ['SET', `added${i}`, 'y']);
    raw.write(batch.map(encodeCommand).join(''));
    const replies = await raw.replies(batch.length);
    assert.equal(replies[0], '+Background saving started\r\n');
    raw.close();
    await waitBgsave(r);
    const keys = parseFile(join(dir, 'dump.rdb'));
    assert.equal(keys.size, n + 2);
    for (let i = 0; i < n; i++) assert.equal(keys.get(`0/k${i}`), `v${i}`);
    assert.equal(keys.get('3/db3key'), 'old');
    assert.equal(keys.has('0/new1'), false);
    const info = await r.info('persistence');
    assert.match(info, /rdb_last_bgsave_status:ok/);
    assert.equal(await r.get('new1'), 'x');
  });
});

test('SAVE, LASTSAVE, INFO persistence and SHUTDOWN SAVE / NOSAVE', async () => {
  const dir = tempDir();
  let srv = await startRedoubt(['--save', ''], { dir });
  let r = new Redis({ port: srv.port, lazyConnect: true });
  await r.connect();
  await r.set('a', '1');
  assert.match(await r.info('persistence'), /rdb_changes_since_last_save:1\r\n/);
  const before = await r.lastsave();
  assert.equal(await r.save(), 'OK');
  assert.ok((await r.lastsave()) >= before);
  assert.match(await r.info('persistence'), /rdb_changes_since_last_save:0\r\nrdb_bgsave_in_progress:0\r\n/);
  assert.equal(await r.bgsave(), 'Background saving started');
  await assert.rejects(r.call('BGSAVE', 'x'), /ERR syntax error/);
  await waitBgsave(r);
  await r.set('b', '2');
  r.disconnect();
  await shutdown(srv, 'NOSAVE');
  await exited(srv);
  srv = await startRedoubt(['--save', ''], { dir });
  r = new Redis({ port: srv.port, lazyConnect: true });
  await r.connect();
  await waitLoaded(r);
  assert.equal(await r.get('b'), null, 'NOSAVE must not save');
  assert.equal(await r.get('a'), '1');
  assert.match(await r.info('persistence'), /rdb_last_load_keys_loaded:1\r\n/);
  await r.set('c', '3');
  r.disconnect();
  await shutdown(srv, 'SAVE');
  await exited(srv);
  srv = await startRedoubt(['--save', ''], { dir });
  await withServer(srv, async (r2) => {
    await waitLoaded(r2);
    assert.equal(await r2.get('c'), '3');
  });
});

test('a failed BGSAVE turns on MISCONF for writes until a save succeeds', async () => {
  const dir = tempDir();
  await withServer(await startRedoubt([], { dir }), async (r) => {
    mkdirSync(join(dir, 'dump.rdb', 'blocker'), { recursive: true });
    await r.set('x', '1');
    assert.equal(await r.bgsave(), 'Background saving started');
    await waitBgsave(r);
    assert.match(await r.info('persistence'), /rdb_last_bgsave_status:err/);
    await assert.rejects(r.set('y', '1'), /^ReplyError: MISCONF Redis is configured to save RDB snapshots/);
    assert.equal(await r.get('x'), '1');
    rmdirSync(join(dir, 'dump.rdb', 'blocker'));
    rmdirSync(join(dir, 'dump.rdb'));
    assert.equal(await r.bgsave(), 'Background saving started');
    await waitBgsave(r);
    assert.equal(await r.set('y', '1'), 'OK');
    assert.ok(existsSync(join(dir, 'dump.rdb')));
  });
});

test('while a big RDB loads, clients get -LOADING and INFO says loading:1', async () => {
  const dir = tempDir();
  const w = new ByteWriter(1 << 24);
  writeMagic(w);
  const n = 400000;
  writeSelectDb(w, 0, n, 0);
  for (let i = 0; i < n; i++) writeStringKey(w, `key:${i}`, `value:${i}`, -1, false);
  w.u8(0xff);
  const body = w.take();
  writeFileSync(join(dir, 'dump.rdb'), Buffer.concat([body, crc64(body).digestLE()]));
  const srv = await startRedoubt(['--save', ''], { dir });
  const raw = await RawClient.connect(srv.port);
  try {
    let sawLoading = false;
    for (let i = 0; i < 400; i++) {
      raw.write(encodeCommand(['DBSIZE']));
      const reply = await raw.reply();
      if (reply === '-LOADING Redis is loading the dataset in memory\r\n') sawLoading = true;
      else if (reply === `:${n}\r\n`) break;
      await new Promise((res) => setTimeout(res, 5));
    }
    assert.ok(sawLoading, 'expected at least one -LOADING reply');
    raw.write(encodeCommand(['GET', 'key:123']));
    assert.equal(await raw.reply(), '$9\r\nvalue:123\r\n');
  } finally {
    raw.close();
    await srv.stop();
  }
});
