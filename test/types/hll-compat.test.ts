/**
 * HyperLogLog byte identity with real Redis 7.0: the same PFADDs must leave the same bytes (GET) in both
 * servers, sparse and dense, with the cache bit and cached cardinality; PFCOUNT/PFMERGE must agree; a value
 * made by Redis and SET into Redoubt must count the same (and the other way round).
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startRealRedis, startRedoubt, hasRealRedis, SKIP_NO_REDIS, type RunningServer } from '../helpers/server.js';
import { compareServers, formatReport } from '../helpers/compat.js';
import { RawClient } from '../helpers/raw.js';
import { encodeCommand } from '../helpers/resp.js';
import { seededRandom } from '../../src/platform/random.js';
import { murmurHash64A, hllPatLen } from '../../src/commands/hll-core.js';

const skip = hasRealRedis() ? false : SKIP_NO_REDIS;
let redis: RunningServer | null = null;
let redoubt: RunningServer | null = null;

before(async () => {
  if (skip) return;
  [redis, redoubt] = await Promise.all([startRealRedis(), startRedoubt()]);
});

after(async () => {
  await Promise.all([redis?.stop(), redoubt?.stop()]);
});

/** Reference MurmurHash64A with BigInt, straight from the algorithm's definition. */
function murmurRef(s: string, seed: bigint): bigint {
  const M = 0xc6a4a7935bd1e995n;
  const mask = (1n << 64n) - 1n;
  let h = (seed ^ ((BigInt(s.length) * M) & mask)) & mask;
  const blocks = s.length - (s.length & 7);
  for (let i = 0; i < blocks; i += 8) {
    let k = 0n;
    for (let j = 7; j >= 0; j--) k = (k << 8n) | BigInt(s.charCodeAt(i + j));
    k = (k * M) & mask;
    k ^= k >> 47n;
    k = (k * M) & mask;
    h ^= k;
    h = (h * M) & mask;
  }
  const rem = s.length & 7;
  if (rem > 0) {
    for (let j = rem - 1; j >= 0; j--) h ^= BigInt(s.charCodeAt(blocks + j)) << BigInt(8 * j);
    h = (h * M) & mask;
  }
  h ^= h >> 47n;
  h = (h * M) & mask;
  h ^= h >> 47n;
  return h;
}

test('MurmurHash64A on 32-bit halves equals a BigInt reference; pattern lengths stay in 1..51', () => {
  const rnd = seededRandom(5);
  for (let n = 0; n < 2000; n++) {
    let s = '';
    for (let i = rnd.int(40); i > 0; i--) s += String.fromCharCode(rnd.int(256));
    const [hi, lo] = murmurHash64A(s, 0xadc83b19);
    assert.equal((BigInt(hi) << 32n) | BigInt(lo), murmurRef(s, 0xadc83b19n), JSON.stringify(s));
    const [index, count] = hllPatLen(s);
    assert.ok(index >= 0 && index < 16384 && count >= 1 && count <= 51);
  }
});

function elements(seed: number, n: number, prefix: string): string[] {
  const rnd = seededRandom(seed);
  const out: string[] = [];
  for (let i = 0; i < n; i++) out.push(prefix + rnd.int(1_000_000_000).toString(36));
  return out;
}

test('PFADD leaves the same bytes as Redis, sparse through dense, with PFCOUNT caching', { skip }, async () => {
  const cmds: string[][] = [['PFADD', 'h'], ['GET', 'h'], ['PFCOUNT', 'h'], ['GET', 'h']];
  const els = elements(1, 6000, 'e');
  for (let i = 0; i < els.length; i += 40) {
    cmds.push(['PFADD', 'h', ...els.slice(i, i + 40)]);
    if (i % 400 === 0) cmds.push(['GET', 'h'], ['PFCOUNT', 'h'], ['GET', 'h'], ['PFDEBUG', 'ENCODING', 'h']);
  }
  cmds.push(['GET', 'h'], ['PFCOUNT', 'h'], ['PFADD', 'h', 'e-new'], ['PFADD', 'h', els[0]], ['GET', 'h']);
  cmds.push(['PFADD', 'bin', '', '\x00', '\xff\xfe', 'a'.repeat(1000)], ['GET', 'bin'], ['PFDEBUG', 'DECODE', 'bin']);
  for (const proto of [2, 3] as const) {
    const report = await compareServers(redis!.port, redoubt!.port, cmds, { proto });
    assert.equal(report.first, null, formatReport(report));
  }
});

test('PFCOUNT of several keys, PFMERGE (sparse and dense sources), errors', { skip }, async () => {
  const cmds: string[][] = [
    ['PFADD', 'a', ...elements(2, 100, 'x')], ['PFADD', 'b', ...elements(3, 3000, 'y')], ['PFADD', 'c', ...elements(4, 50, 'x')],
    ['PFCOUNT', 'a', 'b', 'c', 'nokey'], ['PFCOUNT', 'a', 'c'], ['PFMERGE', 'm1', 'a', 'c'], ['GET', 'm1'], ['PFCOUNT', 'm1'],
    ['PFMERGE', 'm2', 'a', 'b'], ['GET', 'm2'], ['PFMERGE', 'a', 'b'], ['GET', 'a'], ['PFMERGE', 'empty'], ['GET', 'empty'],
    ['SET', 's', 'not an hll at all!'], ['PFADD', 's', 'x'], ['PFCOUNT', 's'], ['PFCOUNT', 'a', 's'], ['PFMERGE', 'a', 's'], ['PFMERGE', 's', 'a'],
    ['SET', 'i', '12345678901234567'], ['PFCOUNT', 'i'], ['RPUSH', 'l', 'x'], ['PFADD', 'l', 'x'], ['PFCOUNT', 'l'],
    ['PFDEBUG', 'GETREG', 'nokey'], ['PFDEBUG', 'ENCODING', 'c'], ['PFDEBUG', 'TODENSE', 'c'], ['GET', 'c'], ['PFDEBUG', 'NOPE', 'c'],
    ['PFDEBUG', 'DECODE', 'c'],
  ];
  for (const proto of [2, 3] as const) {
    const report = await compareServers(redis!.port, redoubt!.port, cmds, { proto });
    assert.equal(report.first, null, formatReport(report));
  }
});

async function call(port: number, argv: string[]): Promise<string> {
  const c = await RawClient.connect(port);
  try {
    c.write(encodeCommand(argv));
    return (await c.reply()) as string;
  } finally {
    c.close();
  }
}

function bulkBody(reply: string): string {
  const cr = reply.indexOf('\r\n');
  return reply.slice(cr + 2, reply.length - 2);
}

test('an HLL written by Redis counts the same in Redoubt, and back (sparse and dense values)', { skip }, async () => {
  for (const [n, key] of [[200, 'sp'], [20000, 'de']] as const) {
    await call(redis!.port, ['DEL', key]);
    const els = elements(n, n, key);
    for (let i = 0; i < els.length; i += 500) await call(redis!.port, ['PFADD', key, ...els.slice(i, i + 500)]);
    const bytes = bulkBody(await call(redis!.port, ['GET', key]));
    assert.equal(await call(redoubt!.port, ['SET', key, bytes]), '+OK\r\n');
    const expected = await call(redis!.port, ['PFCOUNT', key]);
    assert.match(expected, /^:\d+\r\n$/);
    assert.equal(await call(redoubt!.port, ['PFCOUNT', key]), expected);
    assert.equal(await call(redoubt!.port, ['GET', key]), await call(redis!.port, ['GET', key]), 'the refreshed cache bytes');
    await call(redoubt!.port, ['PFADD', key, 'one-more', 'and-another']);
    await call(redis!.port, ['PFADD', key, 'one-more', 'and-another']);
    const ours = bulkBody(await call(redoubt!.port, ['GET', key]));
    await call(redis!.port, ['SET', key + '2', ours]);
    assert.equal(await call(redis!.port, ['PFCOUNT', key + '2']), await call(redoubt!.port, ['PFCOUNT', key]));
  }
});

test('hll-sparse-max-bytes moves the sparse -> dense promotion like Redis', { skip }, async () => {
  const cmds: string[][] = [['CONFIG', 'SET', 'hll-sparse-max-bytes', '200'], ['PFADD', 'p', ...elements(9, 120, 'q')], ['PFDEBUG', 'ENCODING', 'p'], ['GET', 'p'],
    ['CONFIG', 'SET', 'hll-sparse-max-bytes', '3000']];
  const report = await compareServers(redis!.port, redoubt!.port, cmds, { proto: 2 });
  assert.equal(report.first, null, formatReport(report));
});
