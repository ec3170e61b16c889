/**
 * Server administration through real clients: COMMAND shapes that ioredis and node-redis parse, MONITOR
 * lines, SLOWLOG, DEBUG, TIME/LASTSAVE, the idle client timeout, instantaneous_ops_per_sec and SHUTDOWN.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Redis } from 'ioredis';
import { createClient } from 'redis';
import { startRedoubt, type RunningServer } from '../helpers/server.js';
import { RawClient } from '../helpers/raw.js';
import { encodeCommand } from '../helpers/resp.js';
import { parseInfo, waitFor } from '../helpers/wait.js';

let srv: RunningServer;
let r: Redis;

before(async () => {
  srv = await startRedoubt();
  r = new Redis({ port: srv.port });
});

after(async () => {
  r.disconnect();
  await srv.stop();
});

type Info = [string, number, string[], number, number, number, string[], unknown[], unknown[], unknown[]];

test('COMMAND, COMMAND COUNT and COMMAND INFO parse in ioredis with Redis 7.0 shapes', async () => {
  const all = (await r.call('COMMAND')) as Info[];
  const count = (await r.call('COMMAND', 'COUNT')) as number;
  assert.equal(all.length, count);
  assert.ok(count > 100, `only ${count} commands`);
  const [del, nope, ttl] = (await r.command('INFO', 'del', 'nosuchcmd', 'ttl')) as [Info, null, Info];
  assert.equal(nope, null);
  assert.deepEqual(del.slice(0, 7), ['del', -2, ['write'], 1, -1, 1, ['@keyspace', '@write', '@slow']]);
  assert.deepEqual(ttl.slice(0, 7), ['ttl', 2, ['readonly', 'fast'], 1, 1, 1, ['@keyspace', '@read', '@fast']]);
  // Key specs as Redis 7.0's: DEL removes (RM delete) every key from argv[1] to the last.
  assert.deepEqual(del[8], [['flags', ['RM', 'delete'], 'begin_search', ['type', 'index', 'spec', ['index', 1]], 'find_keys', ['type', 'range', 'spec', ['lastkey', -1, 'keystep', 1, 'limit', 0]]]]);
  const [obj] = (await r.command('INFO', 'object')) as Info[];
  assert.deepEqual(obj.slice(0, 6), ['object', -2, [], 0, 0, 0]);
  const subs = (obj[9] as Info[]).map((s) => s[0]).sort();
  assert.deepEqual(subs, ['object|encoding', 'object|freq', 'object|help', 'object|idletime', 'object|refcount']);
  const [sub] = (await r.command('INFO', 'object|encoding')) as Info[];
  assert.deepEqual(sub.slice(0, 6), ['object|encoding', 3, ['readonly'], 2, 2, 1]);
});

test('COMMAND DOCS, LIST and GETKEYS', async () => {
  const docs = (await r.call('COMMAND', 'DOCS', 'ttl', 'nosuch')) as unknown[];
  assert.equal(docs[0], 'ttl');
  const fields = docs[1] as string[];
  assert.equal(fields[fields.indexOf('since') + 1], '1.0.0');
  assert.equal(fields[fields.indexOf('group') + 1], 'generic');
  assert.equal(docs.length, 2);
  const objDocs = (await r.call('COMMAND', 'DOCS', 'object')) as unknown[];
  const objFields = objDocs[1] as unknown[];
  assert.ok(objFields.includes('subcommands'));
  const list = (await r.call('COMMAND', 'LIST', 'FILTERBY', 'PATTERN', 'pexpire*')) as string[];
  assert.deepEqual(list.sort(), ['pexpire', 'pexpireat', 'pexpiretime']);
  const keyspace = (await r.call('COMMAND', 'LIST', 'FILTERBY', 'ACLCAT', 'keyspace')) as string[];
  assert.ok(keyspace.includes('object|encoding') && keyspace.includes('scan') && !keyspace.includes('get'));
  assert.deepEqual(await r.call('COMMAND', 'GETKEYS', 'RENAME', 'a', 'b'), ['a', 'b']);
  assert.deepEqual(await r.call('COMMAND', 'GETKEYSANDFLAGS', 'TTL', 'k'), [['k', ['RO', 'access']]]);
  await assert.rejects(r.call('COMMAND', 'GETKEYS', 'TIME', 'x'), /ERR The command has no key arguments/);
});

test('node-redis reads COMMAND COUNT, COMMAND INFO and COMMAND DOCS in RESP2', async () => {
  const nr = createClient({ socket: { port: srv.port } });
  await nr.connect();
  try {
    assert.equal(await nr.commandCount(), await r.call('COMMAND', 'COUNT'));
    const [info] = await nr.commandInfo(['expire']);
    assert.equal(info?.name, 'expire');
    assert.equal(info?.arity, -3);
    assert.ok(info?.flags.has('write' as never));
    const docs = (await nr.sendCommand(['COMMAND', 'DOCS'])) as unknown[];
    assert.equal(docs.length, 2 * (await nr.commandCount()));
  } finally {
    await nr.quit();
  }
});

test('TIME and LASTSAVE', async () => {
  const [sec, usec] = (await r.time()) as unknown as [string, string];
  assert.ok(Math.abs(Number(sec) - Date.now() / 1000) < 5);
  assert.ok(Number(usec) >= 0 && Number(usec) < 1e6);
  const last = await r.lastsave();
  assert.ok(last <= Number(sec) && last > Number(sec) - 3600);
});

test('MONITOR streams every command with Redis escaping, redacts AUTH and is flagged O', async () => {
  const mon = await r.monitor();
  const lines: { args: string[]; db: string }[] = [];
  mon.on('monitor', (_time: string, args: string[], _source: string, db: string) => lines.push({ args, db }));
  try {
    const list = await r.client('LIST');
    assert.match(String(list), /flags=O /);
    await r.set('mk', 'a\x01b"c');
    await r.call('AUTH', 'secret').catch(() => {});
    await r.select(2);
    await r.ping();
    await r.select(0);
    await waitFor('monitor lines', () => lines.length >= 5, 3000, 10);
    assert.deepEqual(lines[0], { args: ['set', 'mk', 'a\\x01b"c'], db: '0' });
    assert.deepEqual(lines[1].args, ['AUTH', '(redacted)']);
    assert.deepEqual(lines[3], { args: ['ping'], db: '2' });
  } finally {
    mon.disconnect();
  }
});

test('MONITOR raw line format', async () => {
  const raw = await RawClient.connect(srv.port);
  raw.write(encodeCommand(['MONITOR']));
  assert.equal(await raw.reply(), '+OK\r\n');
  await r.set('k\n', 'v\\ \xe9');
  const line = (await raw.reply()) as string;
  assert.match(line, /^\+\d{10}\.\d{6} \[0 127\.0\.0\.1:\d+\] "set" "k\\n" "v\\\\ \\xc3\\xa9"\r\n$/);
  raw.socket.destroy();
});

test('SLOWLOG GET/LEN/RESET', async () => {
  await r.config('SET', 'slowlog-log-slower-than', '0');
  try {
    await r.slowlog('RESET');
    await r.set('slow', 'x'.repeat(200));
    const entries = (await r.slowlog('GET', 1)) as [number, number, number, string[], string, string][];
    assert.equal(entries.length, 1);
    const [id, ts, dur, args, addr] = entries[0];
    assert.ok(id >= 0 && ts > 0 && dur >= 0);
    assert.deepEqual(args, ['set', 'slow', 'x'.repeat(128) + '... (72 more bytes)']);
    assert.match(addr, /^127\.0\.0\.1:\d+$/);
    assert.ok(((await r.slowlog('LEN')) as number) >= 1);
  } finally {
    await r.config('SET', 'slowlog-log-slower-than', '10000');
  }
  assert.equal(await r.slowlog('RESET'), 'OK');
  assert.equal(await r.slowlog('LEN'), 0);
});

test('DEBUG POPULATE, OBJECT and SLEEP (which blocks the whole server)', async () => {
  await r.flushall();
  assert.equal(await r.call('DEBUG', 'POPULATE', '100'), 'OK');
  assert.equal(await r.dbsize(), 100);
  assert.equal(await r.get('key:42'), 'value:42');
  await r.call('DEBUG', 'POPULATE', '3', 'pad', '10');
  assert.equal(await r.get('pad:1'), 'value:1\0\0\0');
  assert.match((await r.call('DEBUG', 'OBJECT', 'key:42')) as string, /^Value at:0x[0-9a-f]+ refcount:1 encoding:embstr serializedlength:\d+ lru:\d+ lru_seconds_idle:\d+$/);
  const other = new Redis({ port: srv.port });
  try {
    await other.ping();
    const t0 = Date.now();
    const sleeping = r.call('DEBUG', 'SLEEP', '0.3');
    await new Promise((res) => setTimeout(res, 30));
    await other.ping();
    assert.ok(Date.now() - t0 >= 250, 'PING was answered while DEBUG SLEEP ran');
    assert.equal(await sleeping, 'OK');
  } finally {
    other.disconnect();
  }
});

test('idle clients are closed after `timeout` seconds, pub/sub clients are not', async () => {
  await r.config('SET', 'timeout', '1');
  try {
    const idle = await RawClient.connect(srv.port);
    const sub = await RawClient.connect(srv.port);
    sub.write(encodeCommand(['SUBSCRIBE', 'ch']));
    await sub.reply();
    await waitFor('idle client closed', () => idle.closed, 4000, 50);
    assert.equal(sub.closed, false);
    sub.socket.destroy();
  } finally {
    await r.config('SET', 'timeout', '0');
  }
});

test('instantaneous_ops_per_sec reflects recent load', async () => {
  const p = r.pipeline();
  for (let i = 0; i < 5000; i++) p.ping();
  await p.exec();
  await new Promise((res) => setTimeout(res, 250));
  const ops = Number(parseInfo(await r.info('stats')).instantaneous_ops_per_sec);
  assert.ok(ops > 0, `ops ${ops}`);
});

test('SHUTDOWN NOSAVE exits the process without a reply; syntax errors do not', async () => {
  const s2 = await startRedoubt();
  const raw = await RawClient.connect(s2.port);
  raw.write(encodeCommand(['SHUTDOWN', 'NOSAVE', 'SAVE']));
  assert.equal(await raw.reply(), '-ERR syntax error\r\n');
  raw.write(encodeCommand(['SHUTDOWN', 'ABORT']));
  assert.equal(await raw.reply(), '-ERR No shutdown in progress.\r\n');
  const exited = new Promise<number | null>((res) => s2.proc.once('exit', (code) => res(code)));
  raw.write(encodeCommand(['SHUTDOWN', 'NOSAVE']));
  assert.equal(await exited, 0);
  await waitFor('connection closed', () => raw.closed, 2000, 10);
  assert.equal(raw.dataEvents.join('').includes('+OK'), false);
});
