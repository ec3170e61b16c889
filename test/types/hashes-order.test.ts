/**
 * Listpack order against real Redis 7.0: HGETALL / HKEYS / HVALS of small hashes compared as raw bytes, in
 * order (the random hash run compares them sorted). Listpack order is insertion order, updates (HSET,
 * HINCRBY, HINCRBYFLOAT) in place, HDEL closing the gap and a re-added field going to the end. Binary fields
 * and values, empty ones, and lengths past one varint char (hash-max-listpack-value raised to 300); COPY and
 * DUMP / RESTORE (also of Redis's own DUMP payload) keep the order; OBJECT ENCODING agrees at the thresholds.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Redis } from 'ioredis';
import { hasRealRedis, SKIP_NO_REDIS, startRealRedis, startRedoubt } from '../helpers/server.js';
import { runCompat, formatReport, type CompatCommand } from '../helpers/compat.js';

const skip = hasRealRedis() ? false : SKIP_NO_REDIS;

/** A small deterministic PRNG (mulberry32). */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FIELDS = ['a', 'b', 'field:1', 'field:2', 'field:10', '', '\u0000', '\u00ff\u0080', 'x\r\ny', 'n1', 'n2', 'long-field-name-of-thirty-byte'];

function value(r: () => number, maxLen: number): string {
  const lens = [0, 1, 12, 13, 63, 64, 127, 128, 129, maxLen];
  const len = Math.min(maxLen, r() < 0.4 ? lens[Math.floor(r() * lens.length)] : Math.floor(r() * 20));
  let s = '';
  for (let i = 0; i < len; i++) s += String.fromCharCode(r() < 0.8 ? 97 + Math.floor(r() * 26) : Math.floor(r() * 256));
  return s;
}

/** Seeded commands over a few keys; every read of a whole hash is compared in order. */
function commands(seed: number, count: number, maxLen: number): CompatCommand[] {
  const r = rng(seed);
  const out: CompatCommand[] = [];
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];
  for (let i = 0; i < count; i++) {
    const key = pick(['h1', 'h2', 'h3']);
    const x = r();
    if (x < 0.3) {
      const argv = ['HSET', key];
      for (let n = 1 + Math.floor(r() * 3); n > 0; n--) argv.push(pick(FIELDS), value(r, maxLen));
      out.push({ argv });
    } else if (x < 0.45) out.push({ argv: ['HDEL', key, pick(FIELDS), ...(r() < 0.3 ? [pick(FIELDS)] : [])] });
    else if (x < 0.5) out.push({ argv: ['HSETNX', key, pick(FIELDS), value(r, maxLen)] });
    else if (x < 0.55) out.push({ argv: ['HINCRBY', key, pick(['n1', 'n2']), String(Math.floor(r() * 200) - 100)] });
    else if (x < 0.58) out.push({ argv: ['HINCRBYFLOAT', key, pick(['n1', 'n2']), '1.5'] });
    else if (x < 0.7) out.push({ argv: ['HGETALL', key] });
    else if (x < 0.75) out.push({ argv: ['HKEYS', key] });
    else if (x < 0.8) out.push({ argv: ['HVALS', key] });
    else if (x < 0.85) out.push({ argv: ['HMGET', key, pick(FIELDS), pick(FIELDS)] });
    else if (x < 0.88) out.push({ argv: ['HSTRLEN', key, pick(FIELDS)] });
    else if (x < 0.91) out.push({ argv: ['HLEN', key] });
    else if (x < 0.94) out.push({ argv: ['OBJECT', 'ENCODING', key] });
    else if (x < 0.97) out.push({ argv: ['COPY', key, 'copy', 'REPLACE'] }, { argv: ['HGETALL', 'copy'] });
    else out.push({ argv: ['HRANDFIELD', key, '100', 'WITHVALUES'] });
  }
  return out;
}

for (const [name, maxLen, args] of [
  ['default limits', 64, []],
  ['hash-max-listpack-value 300 (two-char lengths)', 300, ['--hash-max-listpack-value', '300']],
] as const) {
  for (const proto of [2, 3] as const) {
    test(`listpack order identical to Redis, ${name}, RESP${proto}`, { skip }, async () => {
      const cmds = commands(proto * 101 + maxLen, 1500, maxLen);
      const report = await runCompat(cmds, { proto, redisArgs: [...args], redoubtArgs: [...args] });
      assert.equal(report.compared, cmds.length);
      assert.ok(report.first === null, formatReport(report));
    });
  }
}

test('COPY keeps listpack order; encodings agree at the entry and value thresholds', { skip }, async () => {
  const cmds: CompatCommand[] = [{ argv: ['CONFIG', 'SET', 'hash-max-listpack-entries', '5'] }];
  for (let i = 0; i < 5; i++) cmds.push({ argv: ['HSET', 'h', `f${(i * 7) % 5}`, `v${i}`] });
  cmds.push({ argv: ['HSET', 'h', 'f3', 'updated'] }, { argv: ['HDEL', 'h', 'f0'] }, { argv: ['HSET', 'h', 'f0', 'back'] });
  cmds.push({ argv: ['HGETALL', 'h'] }, { argv: ['OBJECT', 'ENCODING', 'h'] });
  cmds.push({ argv: ['COPY', 'h', 'c'] }, { argv: ['HKEYS', 'c'] });
  cmds.push({ argv: ['HSET', 'h', 'f5', 'sixth'] }, { argv: ['OBJECT', 'ENCODING', 'h'] }, { argv: ['HGETALL', 'h'], unordered: true });
  cmds.push({ argv: ['HSET', 'v', 'a', 'x'.repeat(64)] }, { argv: ['OBJECT', 'ENCODING', 'v'] });
  cmds.push({ argv: ['HSET', 'v', 'b', 'y'.repeat(65)] }, { argv: ['OBJECT', 'ENCODING', 'v'] }, { argv: ['HGET', 'v', 'b'] });
  cmds.push({ argv: ['HSET', 'w', 'z'.repeat(65), '1'] }, { argv: ['OBJECT', 'ENCODING', 'w'] }, { argv: ['HDEL', 'w', 'z'.repeat(65)] });
  cmds.push({ argv: ['EXISTS', 'w'] });
  const report = await runCompat(cmds);
  assert.equal(report.compared, cmds.length);
  assert.ok(report.first === null, formatReport(report));
});

test('DUMP payloads of listpack hashes restore in the same order, Redis -> Redoubt and Redoubt -> Redoubt', { skip }, async () => {
  const [redis, redoubt] = await Promise.all([startRealRedis(), startRedoubt()]);
  const a = new Redis({ port: redis.port, lazyConnect: true });
  const b = new Redis({ port: redoubt.port, lazyConnect: true });
  try {
    for (const c of [a, b]) {
      await c.hset('h', 'z', '1', 'y', 'x'.repeat(100 % 64), '\u00ff', '', 'a', '-17', 'm', '3.5');
      await c.hset('h', 'y', 'updated');
      await c.hdel('h', 'z');
      await c.hset('h', 'z', 'again');
    }
    const want = await a.hgetallBuffer('h');
    for (const [source, label] of [[a, 'Redis'], [b, 'Redoubt']] as const) {
      const payload = await source.dumpBuffer('h');
      await b.restore('r', 0, payload, 'REPLACE');
      assert.deepEqual(await b.call('HKEYS', 'r'), await a.call('HKEYS', 'h'), `HKEYS after RESTORE of ${label}'s DUMP`);
      assert.deepEqual(await b.hgetallBuffer('r'), want);
      assert.equal(await b.object('ENCODING', 'r'), 'listpack');
    }
  } finally {
    a.disconnect();
    b.disconnect();
    await Promise.all([redis.stop(), redoubt.stop()]);
  }
});
