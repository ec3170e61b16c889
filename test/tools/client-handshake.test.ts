/**
 * ioredis and node-redis connecting with their own handshakes (AUTH, SELECT, CLIENT SETNAME, CLIENT SETINFO —
 * a Redis 7.2 command that 7.0 rejects and the clients tolerate —, INFO for ioredis's ready check). Why a
 * recording proxy: it shows exactly what each library sends on connect, so the test can replay those bytes
 * against real Redis 7.0 and Redoubt and compare every reply, and check that the library made the same
 * choices (sent the same commands) with both servers.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, createConnection, type Server, type Socket } from 'node:net';
import { Redis } from 'ioredis';
import { createClient } from 'redis';
import { startRealRedis, startRedoubt, hasRealRedis, SKIP_NO_REDIS, type RunningServer } from '../helpers/server.js';
import { splitReplies, aggregateElements } from '../helpers/resp.js';
import { compareServers, formatReport } from '../helpers/compat.js';
import { startAll } from './run-tool.js';

const skipCompat = hasRealRedis() ? false : SKIP_NO_REDIS;
const PASSWORD = 'hs-pass';

let redoubt: RunningServer | null = null;
let redis: RunningServer | null = null;

before(async () => {
  const auth = ['--requirepass', PASSWORD];
  [redoubt, redis = null] = await startAll(skipCompat ? [() => startRedoubt(auth)] : [() => startRedoubt(auth), () => startRealRedis(auth)]);
});

after(async () => {
  await Promise.all([redoubt?.stop(), redis?.stop()]);
});

interface Recorder {
  port: number;
  /** Every command the clients sent through the proxy, in order. */
  commands(): string[][];
  close(): Promise<void>;
}

/** A TCP proxy in front of `targetPort` that records the client-to-server bytes. */
function recordingProxy(targetPort: number): Promise<Recorder> {
  let sent = '';
  const sockets: Socket[] = [];
  const server: Server = createServer((down) => {
    const up = createConnection({ port: targetPort, host: '127.0.0.1' });
    sockets.push(down, up);
    down.on('data', (d) => {
      sent += d.toString('latin1');
      up.write(d);
    });
    up.pipe(down);
    down.on('close', () => up.destroy());
    up.on('close', () => down.destroy());
    down.on('error', () => up.destroy());
    up.on('error', () => down.destroy());
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const a = server.address();
      resolve({
        port: typeof a === 'object' && a ? a.port : 0,
        commands: () => parseRequests(sent),
        close: () => new Promise((r) => {
          for (const s of sockets) s.destroy();
          server.close(() => r());
        }),
      });
    });
  });
}

/** Multibulk requests (what both libraries send) into argv lists. */
function parseRequests(bytes: string): string[][] {
  return splitReplies(bytes).replies.map((raw) => {
    const agg = aggregateElements(raw);
    assert.ok(agg !== null, `not a multibulk request: ${JSON.stringify(raw)}`);
    return agg.elements.map((e) => e.slice(e.indexOf('\r\n') + 2, -2));
  });
}

/** ioredis with password, db and a connection name, then a few commands. Returns what it sent. */
async function ioredisSession(port: number): Promise<string[][]> {
  const proxy = await recordingProxy(port);
  const r = new Redis({ port: proxy.port, host: '127.0.0.1', password: PASSWORD, db: 2, connectionName: 'io-conn', lazyConnect: true, maxRetriesPerRequest: 0 });
  try {
    await r.connect();
    assert.equal(r.status, 'ready');
    assert.equal(await r.ping(), 'PONG');
    assert.equal(await r.set('hs:k', 'v'), 'OK');
    assert.equal(await r.get('hs:k'), 'v');
    assert.equal(await r.get('hs:missing'), null);
    assert.equal(await r.client('GETNAME'), 'io-conn');
    const hello = (await r.call('HELLO', '2')) as unknown[];
    assert.deepEqual(hello.slice(0, 6), ['server', 'redis', 'version', '7.0.15', 'proto', 2]);
    await assert.rejects(r.call('CLIENT', 'SETINFO', 'LIB-NAME', 'x'), /ERR unknown subcommand 'SETINFO'\. Try CLIENT HELP\./);
    await r.quit();
    return proxy.commands();
  } finally {
    r.disconnect();
    await proxy.close();
  }
}

/** node-redis with password, database and a name, then a few commands. Returns what it sent. */
async function nodeRedisSession(port: number): Promise<string[][]> {
  const proxy = await recordingProxy(port);
  const c = createClient({ socket: { port: proxy.port, host: '127.0.0.1', reconnectStrategy: false }, password: PASSWORD, database: 2, name: 'nr-conn' });
  c.on('error', () => {
    // Surfaced through the rejected promises below.
  });
  try {
    await c.connect();
    assert.equal(await c.ping(), 'PONG');
    assert.equal(await c.set('hs:k2', 'v2'), 'OK');
    assert.equal(await c.get('hs:k2'), 'v2');
    assert.equal(await c.get('hs:missing'), null);
    assert.equal(await c.clientGetName(), 'nr-conn');
    assert.ok((await c.dbSize()) >= 1);
    await c.quit();
    return proxy.commands();
  } finally {
    if (c.isOpen) await c.disconnect();
    await proxy.close();
  }
}

const upper = (argv: string[]): string => argv.slice(0, 2).join(' ').toUpperCase();

test('ioredis connects to Redoubt through its own handshake (AUTH, SELECT, SETNAME, SETINFO, INFO ready check)', async (t) => {
  const sent = await ioredisSession(redoubt!.port);
  const names = sent.map(upper);
  t.diagnostic(`sent: ${names.join(', ')}`);
  for (const c of ['AUTH ' + PASSWORD.toUpperCase(), 'SELECT 2', 'CLIENT SETNAME', 'CLIENT SETINFO', 'INFO']) assert.ok(names.includes(c), `${c} in ${names.join(', ')}`);
});

test('node-redis connects to Redoubt through its own handshake (AUTH, SELECT, SETNAME, SETINFO)', async (t) => {
  const sent = await nodeRedisSession(redoubt!.port);
  const names = sent.map(upper);
  t.diagnostic(`sent: ${names.join(', ')}`);
  for (const c of ['AUTH ' + PASSWORD.toUpperCase(), 'SELECT 2', 'CLIENT SETNAME', 'CLIENT SETINFO']) assert.ok(names.includes(c), `${c} in ${names.join(', ')}`);
});

/** Commands as a sorted list: ioredis sends CLIENT SETINFO LIB-VER after an async file read, so order may vary. */
function sameOrder(sent: string[][]): string[] {
  return sent.map((a) => JSON.stringify(a)).sort();
}

/** Replays what a library sent (INFO and HELLO aside: they carry ids, pids, clocks) and compares every reply. */
async function replayCompare(sent: string[][]): Promise<void> {
  const replay = sent.filter((a) => !['INFO', 'HELLO', 'QUIT'].includes(a[0].toUpperCase()));
  const report = await compareServers(redis!.port, redoubt!.port, replay);
  assert.ok(report.first === null && report.compared === replay.length, formatReport(report));
}

test('ioredis: same commands sent to Redis 7.0 and Redoubt, and the same replies to each', { skip: skipCompat }, async () => {
  const ours = await ioredisSession(redoubt!.port);
  const theirs = await ioredisSession(redis!.port);
  assert.deepEqual(sameOrder(ours), sameOrder(theirs));
  await replayCompare(ours);
});

test('node-redis: same commands sent to Redis 7.0 and Redoubt, and the same replies to each', { skip: skipCompat }, async () => {
  const ours = await nodeRedisSession(redoubt!.port);
  const theirs = await nodeRedisSession(redis!.port);
  assert.deepEqual(sameOrder(ours), sameOrder(theirs));
  await replayCompare(ours);
});
