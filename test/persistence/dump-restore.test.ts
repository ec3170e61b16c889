/**
 * DUMP and RESTORE against real Redis 7.0: byte-identical DUMP payloads for every type and encoding, the
 * same replies and error texts for every RESTORE option and failure, and payloads moving both ways
 * between the two servers with identical resulting contents (TTLs included).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { ROOT, startRedoubt, startRealRedis, hasRealRedis, SKIP_NO_REDIS } from '../helpers/server.js';
import { runCompat, formatReport } from '../helpers/compat.js';
import { readContents, writeContents, type Contents } from './contents.js';

const REAL = { skip: hasRealRedis() ? false : SKIP_NO_REDIS };
const BAR_PAYLOAD = '\x00\x03bar\n\x00\xe6\xbeI`\xeef\xfd\x17';
const long = (c: string, n: number): string => c.repeat(n);

test('DUMP payloads are byte-identical to Redis for every type and encoding', REAL, async () => {
  const setup: string[][] = [
    ['SET', 's:int', '12345'], ['SET', 's:neg', '-7'], ['SET', 's:big', '99999999999'], ['SET', 's:lzf', long('abc', 50)], ['SET', 's:bin', '\x00\xff\r\n'],
    ['RPUSH', 'l', 'a', '1', '-300', '70000', long('x', 100)],
    ['SADD', 'set:int', '3', '1', '-2'], ['SADD', 'set:str', 'a'],
    ['HSET', 'h:lp', 'f1', 'v1', 'n', '5'], ['HSET', 'h:ht', 'f', long('v', 70)],
    ['ZADD', 'z:lp', '1', 'a', '2.5', 'b', '-inf', 'c'], ['ZADD', 'z:sl', '1', long('m', 70), '0.1', 'n'],
  ];
  const dumps = setup.map((argv) => ['DUMP', argv[1]]);
  const report = await runCompat([...setup, ...dumps, ['DUMP', 'nokey']], { redisArgs: [], redoubtArgs: ['--save', ''] });
  assert.equal(report.first, null, formatReport(report));
});

test('RESTORE options and errors match Redis word for word', REAL, async () => {
  const bad = BAR_PAYLOAD.slice(0, -1) + '\x00';
  const script: string[][] = [
    ['RESTORE', 'k', '0', BAR_PAYLOAD], ['GET', 'k'], ['TTL', 'k'],
    ['RESTORE', 'k', '0', BAR_PAYLOAD], ['RESTORE', 'k', '0', BAR_PAYLOAD, 'REPLACE'],
    ['RESTORE', 'k2', '-1', BAR_PAYLOAD], ['RESTORE', 'k2', 'abc', BAR_PAYLOAD], ['RESTORE', 'k2', '0', bad],
    ['RESTORE', 'k2', '0', 'short'], ['RESTORE', 'k2', '0', BAR_PAYLOAD, 'FOO'],
    ['RESTORE', 'k2', '0', BAR_PAYLOAD, 'IDLETIME', '-1'], ['RESTORE', 'k2', '0', BAR_PAYLOAD, 'IDLETIME', 'x'],
    ['RESTORE', 'k2', '0', BAR_PAYLOAD, 'FREQ', '256'], ['RESTORE', 'k2', '0', BAR_PAYLOAD, 'FREQ', '5', 'IDLETIME', '5'],
    ['RESTORE', 'k2', '0', BAR_PAYLOAD, 'IDLETIME'], ['RESTORE', 'k2'],
    ['RESTORE', 'k3', '100000', BAR_PAYLOAD], ['TTL', 'k3'],
    ['RESTORE', 'k4', '1', BAR_PAYLOAD, 'ABSTTL'], ['EXISTS', 'k4'],
    ['SET', 'k5', 'old'], ['RESTORE', 'k5', '1', BAR_PAYLOAD, 'ABSTTL', 'REPLACE'], ['EXISTS', 'k5'],
    ['RESTORE', 'k6', '0', BAR_PAYLOAD, 'IDLETIME', '1000'], ['OBJECT', 'IDLETIME', 'k6'],
    ['SET', 'w', 'x'], ['RPUSH', 'wl', 'a'], ['RESTORE', 'w', '0', BAR_PAYLOAD, 'REPLACE'], ['TYPE', 'w'],
    ['DUMP', 'k'], ['DEL', 'k'], ['RESTORE', 'k', '0', BAR_PAYLOAD], ['DUMP', 'k'],
  ];
  const report = await runCompat(script, { redisArgs: [], redoubtArgs: ['--save', ''] });
  assert.equal(report.first, null, formatReport(report));
});

async function dumpAll(port: number, contents: Contents): Promise<[string, string, Buffer, number][]> {
  const r = new Redis({ port, lazyConnect: true });
  await r.connect();
  const out: [string, string, Buffer, number][] = [];
  for (const [db, keys] of Object.entries(contents)) {
    await r.select(Number(db));
    for (const key of Object.keys(keys)) {
      const k = Buffer.from(key, 'latin1');
      out.push([db, key, (await r.callBuffer('DUMP', k)) as Buffer, Number(await r.call('PEXPIRETIME', k))]);
    }
  }
  r.disconnect();
  return out;
}

async function restoreAll(port: number, dumps: [string, string, Buffer, number][]): Promise<void> {
  const r = new Redis({ port, lazyConnect: true });
  await r.connect();
  for (const [db, key, payload, expireAt] of dumps) {
    await r.select(Number(db));
    const ttl = expireAt > 0 ? String(expireAt) : '0';
    assert.equal(await r.call('RESTORE', Buffer.from(key, 'latin1'), ttl, payload, 'ABSTTL'), 'OK');
  }
  r.disconnect();
}

test('DUMP output moves both ways between Redis and Redoubt', REAL, async () => {
  const want = JSON.parse(readFileSync(join(ROOT, 'test', 'fixtures', 'rdb', 'all-types.expect.json'), 'utf8')) as Contents;
  const [real, ours] = await Promise.all([startRealRedis(), startRedoubt(['--save', ''])]);
  try {
    await writeContents(real.port, want);
    await restoreAll(ours.port, await dumpAll(real.port, want));
    assert.deepEqual(await readContents(ours.port), want);
    const back = await startRealRedis();
    try {
      await restoreAll(back.port, await dumpAll(ours.port, want));
      assert.deepEqual(await readContents(back.port), want);
    } finally {
      await back.stop();
    }
  } finally {
    await Promise.all([real.stop(), ours.stop()]);
  }
});
