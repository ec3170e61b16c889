/**
 * Debian's redis-cli against redoubt-server, one-shot and interactive. Why the real tool: redis-cli is what
 * operators type into first, and it depends on details a client library hides (reply types for its
 * formatting, the AUTH/SELECT it sends on connect, COMMAND DOCS for hints, the prompt after SELECT). Where
 * real Redis is installed, every transcript is compared with Redis's for the same input.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { startRealRedis, startRedoubt, hasRealRedis, SKIP_NO_REDIS, type RunningServer } from '../helpers/server.js';
import { cli, hasTool, startAll, toolEnv, normalizePort, parseInfoText, SKIP_NO_CLI, type ToolResult } from './run-tool.js';

const skipCli = hasTool('redis-cli') ? false : SKIP_NO_CLI;
const skipCompat = skipCli || (hasRealRedis() ? false : SKIP_NO_REDIS);
const skipPty = skipCompat || (hasTool('script') ? false : 'script (util-linux) is not on PATH: no pseudo-terminal for interactive mode');
const PASSWORD = 's3cret';
const AUTH_WARNING = "Warning: Using a password with '-a' or '-u' option on the command line interface may not be safe.\n";

let redoubt: RunningServer | null = null;
let redis: RunningServer | null = null;
let redoubtAuth: RunningServer | null = null;
let redisAuth: RunningServer | null = null;

before(async () => {
  if (skipCli) return;
  const auth = ['--requirepass', PASSWORD];
  const starters = [() => startRedoubt(), () => startRedoubt(auth)];
  if (!skipCompat) starters.push(() => startRealRedis(), () => startRealRedis(auth));
  [redoubt, redoubtAuth, redis = null, redisAuth = null] = await startAll(starters);
});

after(async () => {
  await Promise.all([redoubt, redis, redoubtAuth, redisAuth].map((s) => s?.stop()));
});

/** Runs the same redis-cli invocations one after another on both servers; returns the first difference. */
async function compareInvocations(invocations: string[][], a: RunningServer, b: RunningServer): Promise<string | null> {
  const show = (r: ToolResult, port: number): string =>
    `exit ${r.code}\nstdout: ${JSON.stringify(normalizePort(r.stdout, port))}\nstderr: ${JSON.stringify(normalizePort(r.stderr, port))}`;
  for (const args of invocations) {
    const ra = await cli(a.port, args);
    const rb = await cli(b.port, args);
    const sa = show(ra, a.port);
    const sb = show(rb, b.port);
    if (sa !== sb) return `redis-cli ${args.join(' ')}\n--- redis:\n${sa}\n--- redoubt:\n${sb}`;
  }
  return null;
}

const ONE_SHOT: string[][] = [
  ['flushall'],
  ['ping'],
  ['--no-raw', 'ping'],
  ['set', 'foo', 'bar'],
  ['get', 'foo'],
  ['--no-raw', 'get', 'foo'],
  ['get', 'missing'],
  ['--no-raw', 'get', 'missing'],
  ['--raw', 'get', 'foo'],
  ['--no-raw', 'incr', 'counter'],
  ['--no-raw', 'incr', 'foo'],
  ['incr', 'foo'],
  ['--no-raw', 'get'],
  ['--no-raw', 'nosuchcmd', 'a', 'b'],
  ['--no-raw', 'set', 'k', 'v', 'ex', '0'],
  ['--no-raw', 'mget', 'foo', 'missing', 'counter'],
  ['--raw', 'mget', 'foo', 'missing', 'counter'],
  ['--csv', 'mget', 'foo', 'missing'],
  ['--no-raw', 'exists', 'foo', 'counter', 'missing'],
  ['--no-raw', 'type', 'foo'],
  ['--no-raw', 'object', 'encoding', 'counter'],
  ['--no-raw', 'echo', 'a b'],
  ['--no-raw', 'config', 'get', 'maxmemory'],
  ['-3', '--no-raw', 'config', 'get', 'maxmemory'],
  ['-3', '--no-raw', 'get', 'missing'],
  ['-3', '--no-raw', 'mget', 'foo', 'missing'],
  ['-3', '--no-raw', 'incrbyfloat', 'f', '1.5'],
  ['-3', '--no-raw', 'incr', 'foo'],
  ['-n', '2', '--no-raw', 'set', 'x', 'y'],
  ['-n', '2', '--no-raw', 'dbsize'],
  ['--no-raw', 'dbsize'],
  ['-n', '99', '--no-raw', 'ping'],
  ['-r', '3', '--no-raw', 'incr', 'counter'],
  ['--no-raw', 'info', 'keyspace'],
  ['-3', '--no-raw', 'info', 'keyspace'],
  ['-3', 'info', 'keyspace'],
];

test('one-shot commands print exactly what they print against real Redis (errors, nil, arrays, RESP3, -n)', { skip: skipCompat }, async () => {
  const diff = await compareInvocations(ONE_SHOT, redis!, redoubt!);
  assert.equal(diff, null, diff ?? '');
});

test('ping, set/get, --raw, -n 2 and -3 against Redoubt alone', { skip: skipCli }, async () => {
  const p = redoubt!.port;
  assert.equal((await cli(p, ['ping'])).stdout, 'PONG\n');
  assert.equal((await cli(p, ['set', 'cli:k', 'hello world'])).stdout, 'OK\n');
  assert.equal((await cli(p, ['--raw', 'get', 'cli:k'])).stdout, 'hello world\n');
  assert.equal((await cli(p, ['--no-raw', 'get', 'cli:k'])).stdout, '"hello world"\n');
  assert.equal((await cli(p, ['-n', '2', 'set', 'only-in-2', '1'])).stdout, 'OK\n');
  assert.equal((await cli(p, ['-n', '2', 'exists', 'only-in-2'])).stdout, '1\n');
  assert.equal((await cli(p, ['exists', 'only-in-2'])).stdout, '0\n');
  const hello = await cli(p, ['-3', '--no-raw', 'hello', '3']);
  assert.match(hello.stdout, /^1# "server" => "redis"\n2# "version" => "7\.0\.15"\n3# "proto" => \(integer\) 3\n/);
  const err = await cli(p, ['--no-raw', 'incr', 'cli:k']);
  assert.equal(err.stdout, '(error) ERR value is not an integer or out of range\n');
});

test('info and info replication parse into Redis field names', { skip: skipCli }, async () => {
  const p = redoubt!.port;
  const info = await cli(p, ['info']);
  assert.equal(info.code, 0);
  const f = parseInfoText(info.stdout);
  assert.equal(f.redis_version, '7.0.15');
  assert.equal(f.tcp_port, String(p));
  assert.equal(f.role, 'master');
  assert.match(f.redoubt_version ?? '', /^\d+\.\d+\.\d+/);
  const repl = parseInfoText((await cli(p, ['info', 'replication'])).stdout);
  assert.equal(repl.role, 'master');
  assert.equal(repl.connected_slaves, '0');
  assert.match(repl.master_replid, /^[0-9a-f]{40}$/);
  assert.match(repl.master_repl_offset, /^\d+$/);
});

/** "# Server" headers and field names, in order. */
function infoShape(text: string): { sections: string[]; fields: string[] } {
  const lines = text.split(/\r?\n/);
  return {
    sections: lines.filter((l) => l.startsWith('# ')),
    fields: lines.filter((l) => l.includes(':') && !l.startsWith('#')).map((l) => l.slice(0, l.indexOf(':'))),
  };
}

test('info sections as Redis; info replication has exactly Redis fields; no invented field names', { skip: skipCompat }, async (t) => {
  const ours = infoShape((await cli(redoubt!.port, ['info'])).stdout);
  const theirs = infoShape((await cli(redis!.port, ['info'])).stdout);
  assert.deepEqual(ours.sections, theirs.sections);
  const invented = ours.fields.filter((f) => !theirs.fields.includes(f) && f !== 'redoubt_version');
  assert.deepEqual(invented, [], 'fields Redis does not print');
  const missing = theirs.fields.filter((f) => !ours.fields.includes(f));
  if (missing.length > 0) t.diagnostic(`INFO fields Redis prints and Redoubt does not (yet): ${missing.join(' ')}`);
  const replOurs = infoShape((await cli(redoubt!.port, ['info', 'replication'])).stdout);
  const replTheirs = infoShape((await cli(redis!.port, ['info', 'replication'])).stdout);
  assert.deepEqual(replOurs, replTheirs);
});

test('-a with requirepass: warning line, --no-auth-warning, NOAUTH without it, wrong password', { skip: skipCli }, async () => {
  const p = redoubtAuth!.port;
  const ok = await cli(p, ['-a', PASSWORD, 'ping']);
  assert.deepEqual([ok.stdout, ok.stderr, ok.code], ['PONG\n', AUTH_WARNING, 0]);
  const quiet = await cli(p, ['--no-auth-warning', '-a', PASSWORD, 'ping']);
  assert.deepEqual([quiet.stdout, quiet.stderr], ['PONG\n', '']);
  const noauth = await cli(p, ['--no-raw', 'get', 'x']);
  assert.equal(noauth.stdout, '(error) NOAUTH Authentication required.\n');
  const wrong = await cli(p, ['--no-auth-warning', '-a', 'nope', 'ping']);
  assert.match(wrong.stderr, /^AUTH failed: WRONGPASS invalid username-password pair or user is disabled\.\n/);
  const user = await cli(p, ['--user', 'default', '--pass', PASSWORD, '--no-auth-warning', 'ping']);
  assert.equal(user.stdout, 'PONG\n');
});

test('-a, --no-auth-warning, --user/--pass and wrong passwords print what they print against Redis', { skip: skipCompat }, async () => {
  const diff = await compareInvocations([
    ['-a', PASSWORD, 'flushall'],
    ['-a', PASSWORD, 'set', 'x', '1'],
    ['-a', PASSWORD, 'get', 'x'],
    ['--no-auth-warning', '-a', PASSWORD, '--no-raw', 'get', 'x'],
    ['ping'],
    ['--no-raw', 'get', 'x'],
    ['-a', 'wrong', 'ping'],
    ['--no-auth-warning', '-a', 'wrong', '--no-raw', 'get', 'x'],
    ['--user', 'default', '--pass', PASSWORD, 'ping'],
    ['--user', 'nobody', '--pass', PASSWORD, 'ping'],
  ], redisAuth!, redoubtAuth!);
  assert.equal(diff, null, diff ?? '');
});

/**
 * Drives interactive redis-cli through a pseudo-terminal (script(1)), typing each line only after the prompt
 * appears, with tty echo off and TERM=dumb so that linenoise prints plain prompts: the transcript is then
 * exactly prompts and replies, deterministic.
 */
const PROMPT = /(^|\n)127\.0\.0\.1:\d+(\[\d+\])?> $/;

function interactive(port: number, lines: readonly string[], timeoutMs = 10000): Promise<string> {
  return new Promise((resolve, reject) => {
    const inner = `stty -echo; exec redis-cli -h 127.0.0.1 -p ${port}`;
    const p = spawn('script', ['-qfc', inner, '/dev/null'], { stdio: ['pipe', 'pipe', 'pipe'], env: toolEnv({ TERM: 'dumb' }) });
    let out = '';
    let next = 0;
    const timer = setTimeout(() => p.kill('SIGKILL'), timeoutMs);
    p.stdout.on('data', (d: Buffer) => {
      out += d.toString('latin1');
      if (!PROMPT.test(out)) return;
      p.stdin.write((next < lines.length ? lines[next++] : 'quit') + '\n');
    });
    p.on('error', reject);
    p.on('close', () => {
      clearTimeout(timer);
      if (next < lines.length) reject(new Error(`interactive redis-cli stopped after ${next} lines:\n${out}`));
      else resolve(out.replace(/\r\n/g, '\n'));
    });
  });
}

const SESSION = [
  'PING', 'SET k v', 'GET k', 'GET missing', 'INCR n', 'INCRBY n 41', 'MGET k missing n', 'SET s abc', 'INCR s',
  'NOSUCH x y', 'GET', 'HELLO 3', 'GET missing', 'MGET k missing', 'CONFIG GET maxmemory', 'SELECT 1', 'GET k',
  'SET one 1', 'DBSIZE', 'SELECT 0', 'DBSIZE', 'HELLO 2', 'CONFIG GET maxmemory',
];

function normalizeSession(text: string, port: number): string {
  return normalizePort(text, port).replace(/"id" => \(integer\) \d+/g, '"id" => (integer) ID').replace(/("id"\n *\d+\) \(integer\) )\d+/g, '$1ID');
}

test('interactive session through a pty: prompts, (nil), (integer), arrays, HELLO 3, [1] after SELECT, errors', { skip: skipPty }, async () => {
  await cli(redis!.port, ['flushall']);
  await cli(redoubt!.port, ['flushall']);
  const ours = normalizeSession(await interactive(redoubt!.port, SESSION), redoubt!.port);
  const theirs = normalizeSession(await interactive(redis!.port, SESSION), redis!.port);
  assert.ok(ours.includes('127.0.0.1:PORT> (nil)\n'), ours);
  assert.ok(ours.includes('127.0.0.1:PORT> (integer) 42\n'), ours);
  assert.ok(ours.includes('127.0.0.1:PORT[1]> (nil)\n'), ours);
  assert.ok(ours.includes("(error) ERR unknown command 'NOSUCH', with args beginning with: 'x' 'y' \n"), ours);
  assert.ok(ours.includes('1# "server" => "redis"\n'), ours);
  assert.equal(ours, theirs);
});
