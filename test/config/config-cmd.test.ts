/**
 * CONFIG GET / SET / RESETSTAT / REWRITE, run against real Redis 7.0 and Redoubt side by side: the same
 * commands must give the same replies (error texts included), and CONFIG REWRITE must turn the same file
 * into the same file.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import {
  startRedoubt, startProcess, freePort, hasRealRedis, SKIP_NO_REDIS, SERVER_BIN, tempDir, type RunningServer,
} from '../helpers/server.js';
import { RawClient } from '../helpers/raw.js';
import { encodeCommand, sortedReply } from '../helpers/resp.js';

const skip = hasRealRedis() ? false : SKIP_NO_REDIS;
const REWRITE_CONF = [
  '# My config',
  'port PORT',
  '# timeout comment',
  'timeout 300',
  'bind 127.0.0.1',
  'save 900 1',
  'save 300 10',
  '',
  '',
  'loglevel verbose',
  'maxmemory 100mb',
  'slave-read-only yes',
  'hash-max-ziplist-entries 100',
  'requirepass    "a b"',
  'rename-command FLUSHALL ""',
  'client-output-buffer-limit pubsub 32mb 8mb 60',
  'unknown-to-both-is-not-here yes',
].filter((l) => !l.startsWith('unknown'));

let ours: RunningServer;
let real: RunningServer | null = null;
let ourFile = '';
let realFile = '';

before(async () => {
  [ours, ourFile] = await startWithFile('redoubt');
  if (hasRealRedis()) [real, realFile] = await startWithFile('redis');
});

after(async () => {
  await ours?.stop();
  await real?.stop();
});

async function startWithFile(kind: 'redoubt' | 'redis'): Promise<[RunningServer, string]> {
  const dir = tempDir(`redoubt-cfgcmd-${kind}-`);
  const port = await freePort();
  const file = join(dir, 'redis.conf');
  writeFileSync(file, REWRITE_CONF.join('\n').replace('PORT', String(port)) + '\n');
  const args = [file, '--save', '60', '5', '--logfile', join(dir, 'log'), '--dir', dir];
  const srv = kind === 'redoubt'
    ? await startProcess(process.execPath, [SERVER_BIN, ...args], port, dir)
    : await startProcess('redis-server', args, port, dir);
  return [srv, file];
}

async function both(): Promise<[Redis, Redis]> {
  const a = new Redis({ port: ours.port, password: 'a b', lazyConnect: true, maxRetriesPerRequest: 0 });
  const b = new Redis({ port: real!.port, password: 'a b', lazyConnect: true, maxRetriesPerRequest: 0 });
  await a.connect();
  await b.connect();
  return [a, b];
}

async function reply(r: Redis, args: string[]): Promise<unknown> {
  try {
    return await r.call(args[0], ...args.slice(1));
  } catch (e) {
    return `ERROR: ${(e as Error).message}`;
  }
}

/** CONFIG GET output as a sorted object (Redis's order is its dict's, which is arbitrary). */
function asObject(flat: unknown): Record<string, string> {
  const arr = flat as string[];
  const out: Record<string, string> = {};
  for (let i = 0; i < arr.length; i += 2) out[arr[i]] = arr[i + 1];
  return out;
}

const LOCAL = new Set(['port', 'dir', 'logfile', 'pidfile']);

test('CONFIG GET * returns every directive with the same values as Redis 7.0', { skip }, async () => {
  const [a, b] = await both();
  try {
    const mine = asObject(await a.call('config', 'get', '*'));
    const theirs = asObject(await b.call('config', 'get', '*'));
    for (const k of LOCAL) {
      delete mine[k];
      delete theirs[k];
    }
    assert.deepEqual(Object.keys(mine).sort(), Object.keys(theirs).sort());
    assert.deepEqual(mine, theirs);
  } finally {
    a.disconnect();
    b.disconnect();
  }
});

const SCRIPT: string[][] = [
  ['config', 'get', 'maxmemory'],
  ['config', 'get', 'SLAVE-READ-ONLY', 'HZ', 'Slave-read*'],
  ['config', 'get', 'nosuch'],
  ['config', 'get', 'save', 'appendonly'],
  ['config', 'set', 'a'],
  ['config', 'set', 'a', 'b', 'c'],
  ['config', 'set', 'foo', 'bar'],
  ['config', 'set', 'SLAVE-read-only', 'maybe'],
  ['config', 'set', 'hz', '5', 'HZ', '6'],
  ['config', 'set', 'slave-read-only', 'yes', 'replica-read-only', 'no'],
  ['config', 'get', 'replica-read-only'],
  ['config', 'set', 'maxmemory', '1', 'foo', '2'],
  ['config', 'set', 'daemonize', 'yes'],
  ['config', 'set', 'dir', '/tmp'],
  ['config', 'set', 'dbfilename', 'x.rdb'],
  ['config', 'set', 'hz', '1000'], ['config', 'get', 'hz'],
  ['config', 'set', 'hz', '0'], ['config', 'get', 'hz'],
  ['config', 'set', 'hz', '+5'], ['config', 'set', 'hz', '05'], ['config', 'set', 'hz', ''],
  ['config', 'set', 'maxmemory', '1K'], ['config', 'get', 'maxmemory'],
  ['config', 'set', 'maxmemory', '5KB'], ['config', 'get', 'maxmemory'],
  ['config', 'set', 'maxmemory', '99999999999999999999999'], ['config', 'get', 'maxmemory'],
  ['config', 'set', 'maxmemory', '1.5m'], ['config', 'set', 'maxmemory', '-1'],
  ['config', 'set', 'proto-max-bulk-len', '1kb'], ['config', 'set', 'proto-max-bulk-len', '99999999999999999999'],
  ['config', 'set', 'repl-backlog-size', '0'],
  ['config', 'set', 'maxmemory-clients', '10%'], ['config', 'get', 'maxmemory-clients'],
  ['config', 'set', 'maxmemory-clients', '101%'], ['config', 'set', 'maxmemory-clients', '5%%'],
  ['config', 'set', 'notify-keyspace-events', 'KEA'], ['config', 'get', 'notify-keyspace-events'],
  ['config', 'set', 'notify-keyspace-events', 'An'], ['config', 'get', 'notify-keyspace-events'],
  ['config', 'set', 'notify-keyspace-events', 'Kmn'], ['config', 'get', 'notify-keyspace-events'],
  ['config', 'set', 'notify-keyspace-events', 'Kx$z'], ['config', 'get', 'notify-keyspace-events'],
  ['config', 'set', 'notify-keyspace-events', 'Q'],
  ['config', 'set', 'latency-tracking-info-percentiles', '99.99999999 0.0001 1e-7'],
  ['config', 'get', 'latency-tracking-info-percentiles'],
  ['config', 'set', 'latency-tracking-info-percentiles', '50 99 99.9'],
  ['config', 'set', 'client-output-buffer-limit', 'normal 1mb 2mb 3 slave 512mb 128mb 120'],
  ['config', 'get', 'client-output-buffer-limit'],
  ['config', 'set', 'client-output-buffer-limit', 'normal 1 2'],
  ['config', 'set', 'client-output-buffer-limit', 'bogus 1 2 3'],
  ['config', 'set', 'save', ''], ['config', 'get', 'save'],
  ['config', 'set', 'save', '100 1 50 2'], ['config', 'get', 'save'],
  ['config', 'set', 'save', '100'],
  ['config', 'set', 'loglevel', 'WARNING'], ['config', 'get', 'loglevel'],
  ['config', 'set', 'loglevel', 'loud'],
  ['config', 'set', 'appendfsync', 'sometimes'],
  ['config', 'set', 'oom-score-adj-values', '1 2'],
  ['config', 'set', 'timeout', '10', 'tcp-keepalive', '20', 'slowlog-max-len', '5'],
  ['config', 'get', 'timeout', 'tcp-keepalive', 'slowlog-max-len'],
  ['config', 'set', 'timeout', '20', 'maxclients', '0'],
  ['config', 'get', 'timeout'],
  ['config', 'set', 'list-max-ziplist-size', '-5'], ['config', 'get', 'list-max-listpack-size'],
  // A hidden testing directive: found by its exact name, never by a pattern.
  ['config', 'get', 'rdb-key-save-delay'], ['config', 'get', 'rdb-key-*'],
  ['config', 'set', 'rdb-key-save-delay', '-5'], ['config', 'get', 'rdb-key-save-delay'],
  ['config', 'set', 'rdb-key-save-delay', 'abc'], ['config', 'set', 'rdb-key-save-delay', '0'],
  ['config', 'resetstat', 'x'], ['config', 'rewrite', 'x'], ['config', 'foo'], ['config'],
  ['config', 'help'],
];

test('CONFIG GET/SET replies and error texts are the same as Redis 7.0', { skip }, async () => {
  const [a, b] = await both();
  try {
    for (const args of SCRIPT) {
      const [x, y] = [await reply(a, args), await reply(b, args)];
      if (args[1] === 'get' && Array.isArray(y)) assert.deepEqual(asObject(x), asObject(y), args.join(' '));
      else assert.deepEqual(x, y, args.join(' '));
    }
  } finally {
    a.disconnect();
    b.disconnect();
  }
});

test('CONFIG SET is all or nothing: a bad pair leaves every value unchanged', async () => {
  const r = new Redis({ port: ours.port, password: 'a b', lazyConnect: true });
  await r.connect();
  try {
    await r.call('config', 'set', 'timeout', '7', 'hz', '12');
    await assert.rejects(r.call('config', 'set', 'timeout', '8', 'hz', '13', 'port', 'abc'),
      /ERR CONFIG SET failed \(possibly related to argument 'port'\) - argument couldn't be parsed into an integer/);
    assert.deepEqual(asObject(await r.call('config', 'get', 'timeout', 'hz')), { timeout: '7', hz: '12' });
  } finally {
    r.disconnect();
  }
});

test('CONFIG GET answers a RESP3 map', { skip }, async () => {
  const replies: string[] = [];
  for (const port of [ours.port, real!.port]) {
    const rc = await RawClient.connect(port);
    rc.write(encodeCommand(['HELLO', '3', 'AUTH', 'default', 'a b']));
    await rc.reply();
    rc.write(encodeCommand(['CONFIG', 'GET', 'maxclients', 'databases', 'appendonly']));
    replies.push(sortedReply((await rc.reply())!));
    rc.close();
  }
  assert.match(replies[0], /^%3\r\n/);
  assert.equal(replies[0], replies[1]);
});

/** The file's own part must be identical; the appended block's order is arbitrary in Redis (a dict). */
function splitRewrite(text: string, dir: string): { head: string; tail: string[] } {
  const t = text.replace(/^port \d+$/m, 'port P').replace(/^dir ".*"$/m, 'dir "D"').replace(dir, 'D');
  const [head, tail = ''] = t.split('# Generated by CONFIG REWRITE\n');
  return { head, tail: tail.split('\n').map((l) => l.replace(/^logfile ".*"$/, 'logfile "L"')).sort() };
}

test('CONFIG REWRITE turns the same file into the same file as Redis 7.0', { skip }, async () => {
  const [a, b] = await both();
  try {
    for (const r of [a, b]) {
      await r.call('config', 'set', 'timeout', '0', 'maxmemory', '2gb', 'hz', '20', 'notify-keyspace-events', 'KEA',
        'replica-priority', '5', 'client-output-buffer-limit', 'normal 1mb 2mb 3', 'masterauth', 'x y', 'save', '60 5 10 1');
      assert.equal(await r.call('config', 'rewrite'), 'OK');
    }
    const mine = splitRewrite(readFileSync(ourFile, 'latin1'), join(ourFile, '..'));
    const theirs = splitRewrite(readFileSync(realFile, 'latin1'), join(realFile, '..'));
    assert.equal(mine.head, theirs.head);
    assert.deepEqual(mine.tail, theirs.tail);
    // Rewriting again without changes adds nothing new.
    for (const r of [a, b]) await r.call('config', 'rewrite');
    assert.deepEqual(splitRewrite(readFileSync(ourFile, 'latin1'), join(ourFile, '..')).tail,
      splitRewrite(readFileSync(realFile, 'latin1'), join(realFile, '..')).tail);
  } finally {
    a.disconnect();
    b.disconnect();
  }
});

test('CONFIG REWRITE without a config file, and CONFIG RESETSTAT', async () => {
  const srv = await startRedoubt();
  const r = new Redis({ port: srv.port, lazyConnect: true });
  await r.connect();
  try {
    await assert.rejects(r.call('config', 'rewrite'), /^ReplyError: ERR The server is running without a config file$/);
    await r.set('k', 'v');
    await r.call('nosuchcommand').catch(() => undefined);
    assert.match(await r.info('stats'), /total_commands_processed:[1-9]/);
    assert.equal(await r.call('config', 'resetstat'), 'OK');
    const stats = await r.info('stats');
    // CONFIG RESETSTAT itself is counted after the reset, as in Redis.
    assert.match(stats, /total_commands_processed:1\r\n/);
    assert.match(stats, /total_error_replies:0\r\n/);
    assert.doesNotMatch(await r.info('commandstats'), /cmdstat_set:/);
    assert.equal(await r.info('errorstats'), '# Errorstats\r\n');
  } finally {
    r.disconnect();
    await srv.stop();
  }
});

test('CONFIG SET port moves the listener; hz and loglevel apply at once', async () => {
  const srv = await startRedoubt();
  const r = new Redis({ port: srv.port, lazyConnect: true, maxRetriesPerRequest: 0 });
  await r.connect();
  try {
    const newPort = await freePort();
    assert.equal(await r.call('config', 'set', 'port', String(newPort)), 'OK');
    const r2 = new Redis({ port: newPort, lazyConnect: true });
    await r2.connect();
    assert.deepEqual(await r2.call('config', 'get', 'port'), ['port', String(newPort)]);
    assert.equal(await r2.call('config', 'set', 'hz', '50', 'loglevel', 'debug'), 'OK');
    assert.match(await r2.info('server'), /hz:50\r\n/);
    r2.disconnect();
  } finally {
    r.disconnect();
    await srv.stop();
  }
});
