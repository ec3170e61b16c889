/**
 * Bad configurations stop startup with Redis's exact output: every case runs real redis-server and
 * redoubt-server on the same file / command line and compares stderr byte for byte and the exit code.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SERVER_BIN, hasRealRedis, SKIP_NO_REDIS, tempDir, freePort } from '../helpers/server.js';

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a program to completion (killed after 15 s so that a wrongly accepted config cannot linger). */
function run(cmd: string, args: string[], cwd: string, stdin = ''): Promise<Run> {
  return new Promise((resolve) => {
    const p = spawn(cmd, args, { cwd, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (d) => (stdout += d.toString('latin1')));
    p.stderr.on('data', (d) => (stderr += d.toString('latin1')));
    const timer = setTimeout(() => p.kill('SIGKILL'), 15000);
    p.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
    p.stdin.on('error', () => {}); // the program may exit before reading its stdin
    p.stdin.end(stdin);
  });
}

const redoubt = (args: string[], cwd: string, stdin = ''): Promise<Run> => run(process.execPath, [SERVER_BIN, ...args], cwd, stdin);

/** Log lines without pid and time, for comparing the one-line fatal errors Redis logs. */
/** Runs fn over items, `width` at a time (each case starts a Node process: keep the machine responsive). */
async function pool<T>(items: T[], width: number, fn: (item: T, i: number) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      await fn(items[i], i);
    }
  };
  await Promise.all(Array.from({ length: width }, worker));
}

const normalizeLog = (s: string): string => s.replace(/^\d+:([CMSX]) \d\d \w{3} \d{4} [\d:.]+ /gm, 'P:$1 T ');

const FILE_CASES: string[] = [
  'port abc',
  '# comment\n\nnosuchdirective 1',
  'port 70000',
  'loglevel foo',
  'daemonize maybe',
  'appendonly Maybe',
  'port 1 2',
  'port',
  'port "unbalanced',
  "bind 'a'b",
  'save 1',
  'save 10 x',
  'save a 1',
  'maxmemory 1.5g',
  'maxmemory -1',
  'proto-max-bulk-len 1k',
  'client-query-buffer-limit 0',
  'hz -1',
  'databases 0',
  'maxclients 0',
  'slowlog-log-slower-than -2',
  'list-max-listpack-size 99999999999',
  'appendfsync sometimes',
  'maxmemory-policy lru',
  'supervised x',
  'notify-keyspace-events KEAQ',
  'client-output-buffer-limit foo 1 2 3',
  'client-output-buffer-limit normal 1 1',
  'client-output-buffer-limit normal a 1 1',
  'replicaof a',
  'replicaof a b',
  'slaveof 1.2.3.4 abc',
  'oom-score-adj-values 1 2',
  'latency-tracking-info-percentiles 50 abc',
  'latency-tracking-info-percentiles 101',
  'maxmemory-clients 200%',
  'unixsocketperm 999',
  'dbfilename a/b',
  'dir /nonexistent/redoubt-dir',
  'sentinel monitor m 1.2.3.4 6379 2',
  'rename-command get',
  'include',
  'include a b',
  'user',
  'vm-enabled no',
  'timeout 5\nhz 10\nport 99999',
];

test('config file errors: the FATAL block matches real redis-server byte for byte', { skip: hasRealRedis() ? false : SKIP_NO_REDIS }, async () => {
  const dir = tempDir('redoubt-fatal-');
  const port = String(await freePort());
  await pool(FILE_CASES, 6, async (text, i) => {
    const file = join(dir, `bad${i}.conf`);
    writeFileSync(file, text + '\n');
    const [real, ours] = await Promise.all([run('redis-server', [file, '--port', port], dir), redoubt([file, '--port', port], dir)]);
    assert.match(real.stderr, /FATAL CONFIG FILE ERROR/, `redis-server accepted ${JSON.stringify(text)}`);
    assert.equal(ours.stderr, real.stderr, `stderr for ${JSON.stringify(text)}`);
    assert.equal(ours.code, real.code, `exit code for ${JSON.stringify(text)}`);
  });
});

const ARGV_CASES: string[][] = [
  ['--port', 'abc'],
  ['--port', 'a b'],
  ['--nosuch', '1'],
  ['--port', '--foo'],
  ['--port 6380 7'],
  ['--requirepass', 'a"b\\c\nd', '--port', 'x'],
  ['--save', '1', '2', '3'],
  ['--save', '--port', 'x'],
  ['--port'],
  ['--port', '1', '--daemonize'],
  ['--loglevel', 'x', '-', '--port', '1'],
];

test('command-line errors: options become quoted config lines, numbered after the file', { skip: hasRealRedis() ? false : SKIP_NO_REDIS }, async () => {
  const dir = tempDir('redoubt-fatal-argv-');
  const file = join(dir, 'ok.conf');
  writeFileSync(file, 'timeout 0\n');
  const cases = [...ARGV_CASES, [file, '--port', '21', '--loglevel', 'x']];
  await pool(cases, 6, async (args) => {
    const [real, ours] = await Promise.all([run('redis-server', args, dir), redoubt(args, dir)]);
    assert.match(real.stderr, /FATAL CONFIG FILE ERROR/, `redis-server accepted ${JSON.stringify(args)}`);
    assert.equal(ours.stderr, real.stderr, `stderr for ${JSON.stringify(args)}`);
    assert.equal(ours.code, 1);
  });
});

test('stdin config errors and unreadable files are reported like redis-server', { skip: hasRealRedis() ? false : SKIP_NO_REDIS }, async () => {
  const dir = tempDir('redoubt-fatal-stdin-');
  const [real, ours] = await Promise.all([run('redis-server', ['-'], dir, 'port abc\n'), redoubt(['-'], dir, 'port abc\n')]);
  assert.equal(ours.stderr, real.stderr);
  assert.equal(normalizeLog(ours.stdout), normalizeLog(real.stdout));
  assert.equal(normalizeLog(ours.stdout), 'P:C T # Reading config from stdin\n');
  writeFileSync(join(dir, 'inc.conf'), 'include nonexist2.conf\n');
  for (const args of [['nonexist.conf'], ['inc.conf']]) {
    const [r, o] = await Promise.all([run('redis-server', args, dir), redoubt(args, dir)]);
    assert.equal(normalizeLog(o.stdout), normalizeLog(r.stdout), `stdout for ${args}`);
    assert.match(o.stdout, /Fatal error, can't open config file '.*': No such file or directory/);
    assert.equal(o.code, 1);
  }
});

test('the 003 seed\'s annotated redis.conf is refused at the same line as Redis 7.0 refuses it', { skip: hasRealRedis() ? false : SKIP_NO_REDIS }, async () => {
  const file = join(process.cwd(), 'test', 'fixtures', 'seeds', '003-annotated.conf');
  const dir = tempDir('redoubt-fatal-seed-');
  const [real, ours] = await Promise.all([run('redis-server', [file], dir), redoubt([file], dir)]);
  assert.equal(ours.stderr, real.stderr);
  assert.match(ours.stderr, /at line 20\n>>> 'save <seconds> <changes>'\nInvalid save parameters\n$/);
});

test('FATAL text without real Redis: port out of range', async () => {
  const dir = tempDir('redoubt-fatal-own-');
  const r = await redoubt(['--port', '70000'], dir);
  assert.equal(r.code, 1);
  assert.equal(r.stderr, "\n*** FATAL CONFIG FILE ERROR (Redis 7.0.15) ***\nReading the configuration file, at line 2\n>>> 'port \"70000\"'\nargument must be between 0 and 65535 inclusive\n");
});
