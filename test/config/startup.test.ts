/**
 * redoubt-server as a process: --version/--help, config from stdin, daemonize + pidfile + logfile (the
 * seeds run it under systemd Type=forking), the startup and shutdown log lines, unsupported-directive
 * warnings, protected mode, and the seeds' redis.conf files loading unchanged.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { networkInterfaces } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import {
  SERVER_BIN, freePort, tempDir, waitForPort, startProcess, hasRealRedis, SKIP_NO_REDIS,
} from '../helpers/server.js';
import { RawClient } from '../helpers/raw.js';

const node = process.execPath;

async function waitFor(cond: () => boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 25));
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

test('--version prints redis-server\'s version line, then a Redoubt line; --help goes to stderr', () => {
  const v = spawnSync(node, [SERVER_BIN, '--version'], { encoding: 'utf8' });
  assert.equal(v.status, 0);
  assert.match(v.stdout, /^Redis server v=7\.0\.15 sha=00000000:0 malloc=libc bits=64 build=[0-9a-f]+\nRedoubt server v=\S+ node=v\d+/);
  assert.equal(spawnSync(node, [SERVER_BIN, '-v'], { encoding: 'utf8' }).stdout, v.stdout);
  const h = spawnSync(node, [SERVER_BIN, '--help'], { encoding: 'utf8' });
  assert.equal(h.status, 1);
  assert.match(h.stderr, /^Usage: \.\/redoubt-server \[\/path\/to\/redis\.conf\] \[options\] \[-\]\n/);
  assert.match(h.stderr, /Sentinel mode:\n {7}\.\/redoubt-server \/etc\/sentinel\.conf --sentinel\n/);
});

test('`redoubt-server -` reads the config from stdin; startup and SIGTERM shutdown log Redis\'s lines', async () => {
  const port = await freePort();
  const dir = tempDir();
  const p = spawn(node, [SERVER_BIN, '-', '--dir', dir], { stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '';
  p.stdout.on('data', (d) => (out += d));
  p.stdin.end(`port ${port}\nbind 127.0.0.1\nrequirepass "s3 cret"\nsave ""\nactivedefrag yes\n`);
  await waitForPort(port);
  const r = new Redis({ port, password: 's3 cret', lazyConnect: true });
  await r.connect();
  assert.deepEqual(await r.call('config', 'get', 'requirepass'), ['requirepass', 's3 cret']);
  r.disconnect();
  const exited = new Promise<number | null>((res) => p.on('close', (c) => res(c)));
  p.kill('SIGTERM');
  assert.equal(await exited, 0);
  const lines = out.split('\n').map((l) => l.replace(/^\d+:([CM]) \d\d \w{3} \d{4} [\d:.]+ /, '$1 ').replace(/^\d+:signal-handler \(\d+\) /, 'SIG '));
  const expected = [
    'C # Reading config from stdin',
    'C # oO0OoO0OoO0Oo Redis is starting oO0OoO0OoO0Oo',
    `C # Redis version=7.0.15, bits=64, commit=00000000, modified=0, pid=${p.pid}, just started`,
    'C # Configuration loaded',
    'C # activedefrag is not supported by Redoubt yet and is ignored',
    `M * Running mode=standalone, port=${port}.`,
    'M # Server initialized',
    'M * Ready to accept connections',
    'SIG Received SIGTERM scheduling shutdown...',
    'M # User requested shutdown...',
    'M # Redis is now ready to exit, bye bye...',
  ];
  let at = 0;
  for (const l of lines) if (l === expected[at]) at++;
  assert.equal(at, expected.length, `missing ${JSON.stringify(expected[at])} in:\n${out}`);
});

test('daemonize yes: the parent exits 0 once the child listens; pidfile and logfile; SIGTERM removes the pidfile', async () => {
  const port = await freePort();
  const dir = tempDir();
  const pidfile = join(dir, 'r.pid');
  const logfile = join(dir, 'r.log');
  const parent = spawnSync(node, [SERVER_BIN, '--port', String(port), '--bind', '127.0.0.1', '--daemonize', 'yes',
    '--pidfile', pidfile, '--logfile', logfile, '--dir', dir, '--save', ''], { encoding: 'utf8', timeout: 15000 });
  assert.equal(parent.status, 0, parent.stderr);
  const pid = Number(readFileSync(pidfile, 'utf8'));
  assert.ok(pid > 0 && pid !== parent.pid && alive(pid));
  const r = new Redis({ port, lazyConnect: true });
  await r.connect();
  assert.deepEqual(await r.call('config', 'get', 'daemonize'), ['daemonize', 'yes']);
  assert.deepEqual(await r.call('config', 'get', 'pidfile'), ['pidfile', pidfile]);
  r.disconnect();
  assert.match(readFileSync(logfile, 'utf8'), new RegExp(`^${pid}:M .* \\* Ready to accept connections$`, 'm'));
  process.kill(pid, 'SIGTERM');
  await waitFor(() => !alive(pid));
  assert.equal(existsSync(pidfile), false);
  const log = readFileSync(logfile, 'utf8');
  assert.match(log, /Received SIGTERM scheduling shutdown\.\.\.\n.*# User requested shutdown\.\.\.\n.*\* Removing the pid file\.\n.*# Redis is now ready to exit, bye bye\.\.\.\n$/);
});

test('CONFIG GET logfile/loglevel filtering: warning level hides notice lines', async () => {
  const port = await freePort();
  const dir = tempDir();
  const srv = await startProcess(node, [SERVER_BIN, '--port', String(port), '--bind', '127.0.0.1', '--loglevel', 'warning', '--dir', dir], port, dir);
  await srv.stop('SIGTERM');
  assert.match(srv.output(), /# Server initialized/);
  assert.doesNotMatch(srv.output(), /Ready to accept connections/);
});

function externalIPv4(): string | null {
  for (const list of Object.values(networkInterfaces())) {
    for (const a of list ?? []) if (a.family === 'IPv4' && !a.internal) return a.address;
  }
  return null;
}

test('protected mode: without a password, non-loopback clients get Redis\'s -DENIED (even with an explicit bind, as 7.0)', { skip: externalIPv4() === null ? 'no non-loopback IPv4 address' : false }, async () => {
  const port = await freePort();
  const dir = tempDir();
  const srv = await startProcess(node, [SERVER_BIN, '--port', String(port), '--dir', dir, '--save', '', '--bind', '0.0.0.0'], port, dir);
  try {
    const ip = externalIPv4()!;
    const rc = await RawClient.connect(port, ip);
    rc.write('PING\r\n');
    const reply = await rc.reply();
    assert.match(reply ?? '', /^-DENIED Redis is running in protected mode because protected mode is enabled and no password is set for the default user\. /);
    assert.ok(await rc.waitClosed());
    const local = await RawClient.connect(port);
    local.write('PING\r\n');
    assert.equal(await local.reply(), '+PONG\r\n');
    local.close();
  } finally {
    await srv.stop();
  }
});

// ---- the seeds' configuration files ----

const SEEDS = join(process.cwd(), 'test', 'fixtures', 'seeds');
/** The directories the seed files name in `dir` must exist (Redis chdirs there while reading the file). */
const SEED_DIRS = ['/usr/local/redis/db', '/db/redis/6379'];

function seedDirsReady(): string | false {
  try {
    for (const d of SEED_DIRS) mkdirSync(d, { recursive: true });
    return false;
  } catch {
    return `cannot create ${SEED_DIRS.join(', ')} (needed by the seed files' dir lines)`;
  }
}

async function startSeed(cmd: string, pre: string[], file: string): Promise<[Awaited<ReturnType<typeof startProcess>>, string]> {
  const port = await freePort();
  const dir = tempDir('redoubt-seed-');
  const args = [...pre, join(SEEDS, file), '--port', String(port), '--bind', '127.0.0.1', '--daemonize', 'no',
    '--logfile', join(dir, 'log'), '--pidfile', join(dir, 'pid'), '--dir', dir, '--save', ''];
  return [await startProcess(cmd, args, port, dir), dir];
}

const SEED_CASES: [string, Record<string, string>][] = [
  ['003-master.conf', { requirepass: 'redis123', masterauth: 'redis123', 'protected-mode': 'no', replicaof: '' }],
  ['003-replica.conf', { requirepass: 'redis123', masterauth: 'redis123', 'protected-mode': 'no', replicaof: '11.0.1.3 6379' }],
  ['004-redis.cnf', { databases: '16', dbfilename: 'redis_6379.rdb', requirepass: '' }],
];

for (const [file, expect] of SEED_CASES) {
  test(`seed ${file} loads unchanged and CONFIG GET returns its values (and real Redis's)`, { skip: seedDirsReady() }, async () => {
    const [srv] = await startSeed(node, [SERVER_BIN], file);
    const password = expect.requirepass || undefined;
    const r = new Redis({ port: srv.port, password, lazyConnect: true });
    await r.connect();
    let real: Awaited<ReturnType<typeof startProcess>> | null = null;
    try {
      const mine = await r.call('config', 'get', '*') as string[];
      const got: Record<string, string> = {};
      for (let i = 0; i < mine.length; i += 2) got[mine[i]] = mine[i + 1];
      for (const [k, v] of Object.entries(expect)) assert.equal(got[k], v, k);
      if (!hasRealRedis()) return;
      [real] = await startSeed('redis-server', [], file);
      const rr = new Redis({ port: real.port, password, lazyConnect: true });
      await rr.connect();
      const theirs = await rr.call('config', 'get', '*') as string[];
      rr.disconnect();
      const other: Record<string, string> = {};
      for (let i = 0; i < theirs.length; i += 2) other[theirs[i]] = theirs[i + 1];
      for (const k of ['port', 'dir', 'logfile', 'pidfile']) delete got[k], delete other[k];
      assert.deepEqual(got, other);
    } finally {
      r.disconnect();
      await srv.stop();
      await real?.stop();
    }
  });
}
void SKIP_NO_REDIS;
