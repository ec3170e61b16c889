/**
 * Protocol errors and limits, end to end and byte for byte against real redis-server: the same raw bytes go
 * to both servers; the bytes that come back and whether the connection was closed must be identical.
 * Why: clients and proxies match on these exact texts, and a violation must close that connection only.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startRedoubt, startRealRedis, hasRealRedis, SKIP_NO_REDIS, type RunningServer } from '../helpers/server.js';
import { RawClient } from '../helpers/raw.js';
import { encodeCommand, show } from '../helpers/resp.js';

const skip = hasRealRedis() ? false : SKIP_NO_REDIS;
const ARGS = ['--proto-max-bulk-len', '1mb', '--client-query-buffer-limit', '1mb'];
const AUTH_ARGS = [...ARGS, '--requirepass', 'secret'];

interface Pair {
  redis: RunningServer;
  redoubt: RunningServer;
}
let open: Pair | null = null;
let auth: Pair | null = null;

before(async () => {
  if (skip) return;
  const [a, b, c, d] = await Promise.all([startRealRedis(ARGS), startRedoubt(ARGS), startRealRedis(AUTH_ARGS), startRedoubt(AUTH_ARGS)]);
  open = { redis: a, redoubt: b };
  auth = { redis: c, redoubt: d };
});

after(async () => {
  for (const p of [open, auth]) if (p) await Promise.all([p.redis.stop(), p.redoubt.stop()]);
});

/** Sends bytes, then collects what comes back until the server closes or `quietMs` pass. */
async function exchange(port: number, bytes: string, quietMs: number): Promise<string> {
  const c = await RawClient.connect(port);
  c.write(bytes);
  const closed = await c.waitClosed(quietMs);
  const got = c.take();
  c.close();
  return got + (closed ? ' <closed>' : ' <open>');
}

async function compare(pair: Pair, cases: [string, string][], quietMs = 300): Promise<void> {
  const results = await Promise.all(
    cases.map(async ([name, bytes]) => {
      const [want, got] = await Promise.all([exchange(pair.redis.port, bytes, quietMs), exchange(pair.redoubt.port, bytes, quietMs)]);
      return { name, want, got };
    }),
  );
  const diffs = results.filter((r) => r.want !== r.got).map((r) => `${r.name}:\n  redis:   ${show(r.want)}\n  redoubt: ${show(r.got)}`);
  assert.equal(diffs.length, 0, diffs.join('\n'));
}

const PING = encodeCommand(['PING']);

test('malformed multibulk: same error text and the connection closed, as Redis', { skip }, async () => {
  await compare(open!, [
    ['*abc', '*abc\r\n' + PING],
    ['*-0', '*-0\r\n' + PING],
    ['*03', '*03\r\n' + PING],
    ['*+1', '*+1\r\n' + PING],
    ['* empty', '*\r\n' + PING],
    ['*2147483648', '*2147483648\r\n'],
    ['$-1', '*1\r\n$-1\r\n' + PING],
    ['$04', '*1\r\n$04\r\nPING\r\n'],
    ['$+4', '*1\r\n$+4\r\nPING\r\n'],
    ['$ empty', '*1\r\n$\r\n'],
    ["expected '$'", '*1\r\n:4\r\nPING\r\n'],
    ['error after good commands', PING + 'PING\r\n*1\r\nx\r\n' + PING],
    ['unbalanced quotes', 'PING\r\nECHO "a"b\r\n' + PING],
    ['too big inline', 'PING ' + 'x'.repeat(70_000)],
    ['too big mbulk count', '*' + '1'.repeat(70_000)],
    ['too big bulk count', '*1\r\n$' + '1'.repeat(70_000)],
    ['proto-max-bulk-len', '*2\r\n$4\r\nECHO\r\n$1048577\r\n'],
  ]);
});

test('empty and negative multibulk counts are ignored; the connection stays open', { skip }, async () => {
  await compare(open!, [
    ['*0', '*0\r\n' + PING],
    ['*-1', '*-1\r\n' + PING],
    ['*-5', '*-5\r\nPING\r\n'],
    ['empty lines', '\r\n\n  \r\nPING\n'],
    ['INT_MAX count waits', '*2147483647\r\n'],
  ]);
});

test('client-query-buffer-limit: closed without a reply', { skip }, async () => {
  const big = '*2\r\n$4\r\nECHO\r\n$1048576\r\n' + 'x'.repeat(1048578);
  await compare(open!, [['argument past the 1mb query buffer', big]], 1000);
});

test('unauthenticated clients: multibulk and bulk length limits (requirepass)', { skip }, async () => {
  await compare(auth!, [
    ['*11 unauthenticated', '*11\r\n'],
    ['$16385 unauthenticated', '*1\r\n$16385\r\n'],
    ['*10 is fine', encodeCommand(Array<string>(10).fill('PING'))],
    ['$16384 is fine', encodeCommand(['x'.repeat(16384)])],
    ['after AUTH', 'AUTH secret\r\n*11\r\n'],
    ['after AUTH: proto-max-bulk-len still applies', 'AUTH secret\r\n*1\r\n$1048577\r\n'],
  ]);
});

test('a protocol error closes only that connection', async () => {
  const srv = open?.redoubt ?? (await startRedoubt());
  try {
    const good = await RawClient.connect(srv.port);
    const bad = await RawClient.connect(srv.port);
    bad.write('*1\r\n$x\r\n');
    assert.equal(await bad.reply(), '-ERR Protocol error: invalid bulk length\r\n');
    assert.equal(await bad.waitClosed(), true);
    good.write(PING);
    assert.equal(await good.reply(), '+PONG\r\n');
    assert.equal(good.closed, false);
    good.close();
  } finally {
    if (!open) await srv.stop();
  }
});
