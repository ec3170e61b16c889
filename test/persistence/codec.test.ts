/**
 * The RDB codec on its own (no server): CRC64 and LZF vectors, listpack/intset encodings, and golden files
 * written by real Redis 7.0 — parsed into the expected contents, then re-serialized to the very same bytes.
 * Fuzz: truncated and mutated files must fail with RdbError, never crash or succeed half-way.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../helpers/server.js';
import { crc64 } from '../../src/persistence/crc64.js';
import { lzfCompress, lzfDecompress } from '../../src/persistence/lzf.js';
import { encodeListpack, decodeListpack } from '../../src/persistence/listpack.js';
import { encodeIntset, decodeIntset } from '../../src/persistence/intset.js';
import { ByteWriter, RdbError, type RdbValue } from '../../src/persistence/rdb-format.js';
import { RdbParser, type RdbKeyEntry } from '../../src/persistence/rdb-reader.js';
import * as W from '../../src/persistence/rdb-writer.js';
import { createDumpPayload, verifyDumpPayload, parseDumpPayload } from '../../src/persistence/dump-payload.js';
import type { Contents, KeySnapshot } from './contents.js';

const FIXTURES = join(ROOT, 'test', 'fixtures', 'rdb');
const fixture = (name: string): Buffer => readFileSync(join(FIXTURES, name));
const expected = (name: string): Contents => JSON.parse(readFileSync(join(FIXTURES, name), 'utf8')) as Contents;

function parseAll(buf: Buffer): { parser: RdbParser; entries: RdbKeyEntry[] } {
  const parser = new RdbParser(buf);
  parser.readHeader();
  const entries: RdbKeyEntry[] = [];
  for (let e = parser.next(); e !== null; e = parser.next()) entries.push(e);
  return { parser, entries };
}

/** What contents.ts would read from a server holding this value. */
function snapshotOf(v: RdbValue, expireMs: number): KeySnapshot {
  const byFirst = (a: string[], b: string[]): number => (a[0] < b[0] ? -1 : 1);
  switch (v.type) {
    case 'string':
      return { type: 'string', expireAt: expireMs, value: v.value };
    case 'list':
      return { type: 'list', expireAt: expireMs, value: v.items };
    case 'set':
      return { type: 'set', expireAt: expireMs, value: [...v.members].sort() };
    case 'hash':
      return { type: 'hash', expireAt: expireMs, value: v.fields.map((f, i) => [f, v.values[i]]).sort(byFirst) };
    case 'zset':
      return { type: 'zset', expireAt: expireMs, value: v.members.map((m, i) => [m, W.formatScore(v.scores[i])]) };
  }
}

function contentsOf(entries: RdbKeyEntry[]): Contents {
  const out: Contents = {};
  for (const e of entries) (out[String(e.dbid)] ??= {})[e.key] = snapshotOf(e.value, e.expireMs);
  for (const db of Object.values(out)) {
    const sorted = Object.keys(db).sort();
    const copy = { ...db };
    for (const k of Object.keys(db)) delete db[k];
    for (const k of sorted) db[k] = copy[k];
  }
  return out;
}

/** Re-serializes a parsed file in the same order with the same AUX fields. */
function rewrite(parser: RdbParser, entries: RdbKeyEntry[], o: W.WriterOptions, checksum: boolean): Buffer {
  const w = new ByteWriter();
  W.writeMagic(w);
  for (const [k, v] of parser.aux) W.writeAux(w, k, v, o.compress);
  let db = -1;
  for (const e of entries) {
    if (e.dbid !== db) {
      db = e.dbid;
      const h = parser.sizeHints.get(db) ?? { keys: 0, expires: 0 };
      W.writeSelectDb(w, db, h.keys, h.expires);
    }
    W.writeKeyValue(w, e.key, e.value, e.expireMs, o);
  }
  w.u8(0xff);
  const body = w.take();
  return Buffer.concat([body, checksum ? crc64(body).digestLE() : Buffer.alloc(8)]);
}

test('crc64 matches the Jones test vector', () => {
  assert.equal(crc64(Buffer.from('123456789')).toBigInt(), 0xe9c6d914c4b8d9can);
  const split = crc64(Buffer.from('1234')).update(Buffer.from('56789'));
  assert.equal(split.toBigInt(), 0xe9c6d914c4b8d9can);
});

test('lzf round-trips and refuses incompressible input', () => {
  const samples = ['abcdefgh'.repeat(40), 'x'.repeat(3000) + '12345678910', Array.from({ length: 500 }, (_, i) => String(i * 7919 % 1000)).join(',')];
  for (const s of samples) {
    const input = Buffer.from(s, 'latin1');
    const out = Buffer.alloc(input.length);
    const n = lzfCompress(input, out);
    assert.ok(n > 0 && n < input.length);
    assert.equal(lzfDecompress(out.subarray(0, n), input.length).toString('latin1'), s);
  }
  const random = Buffer.from(Array.from({ length: 200 }, (_, i) => (i * 2654435761) >>> 24));
  assert.equal(lzfCompress(random, Buffer.alloc(random.length - 4)), 0);
  assert.throws(() => lzfDecompress(Buffer.from([0x20, 0x05]), 10));
});

test('listpack encodes integers at every width and strings at every length class', () => {
  const items = ['0', '127', '128', '-1', '4095', '-4096', '4096', '32767', '-32768', '8388607', '-8388608', '2147483647', '-2147483648', '2147483648', '9223372036854775807', '-9223372036854775808', '9223372036854775808', '01', '-0', '', 'a'.repeat(63), 'b'.repeat(64), 'c'.repeat(4095), 'd'.repeat(4096), '1.5'];
  const lp = encodeListpack(items);
  assert.deepEqual(decodeListpack(lp), items);
  assert.equal(lp.readUInt32LE(0), lp.length);
  assert.deepEqual([...encodeListpack(['5', 'ab'])], [13, 0, 0, 0, 2, 0, 5, 1, 0x82, 0x61, 0x62, 3, 0xff]);
  const bad = Buffer.from(lp);
  bad[bad.length - 1] = 0;
  assert.throws(() => decodeListpack(bad), RdbError);
});

test('intset picks the narrowest width and stays sorted', () => {
  assert.deepEqual([...encodeIntset(['3', '-1'])], [2, 0, 0, 0, 2, 0, 0, 0, 0xff, 0xff, 3, 0]);
  assert.equal(encodeIntset(['1', '70000']).readUInt32LE(0), 4);
  assert.deepEqual(decodeIntset(encodeIntset(['9223372036854775807', '1', '-9223372036854775808'])), ['-9223372036854775808', '1', '9223372036854775807']);
});

test('scores format as C %.17g', () => {
  assert.deepEqual([0.1, 2.5, 1e300, -3, 1e20, 1.5e-5, 123456.789, -0, Infinity].map(W.formatScore), ['0.10000000000000001', '2.5', '1.0000000000000001e+300', '-3', '1e+20', '1.5e-05', '123456.789', '-0', 'inf']);
});

for (const [file, expect, opts] of [
  ['all-types.rdb', 'all-types.expect.json', {}],
  ['all-types-nocompress.rdb', 'all-types.expect.json', { compress: false }],
  ['list-compressed.rdb', 'list-compressed.expect.json', { listMaxListpackSize: 4 }],
  ['legacy-encodings.rdb', 'legacy-encodings.expect.json', null],
] as const) {
  test(`golden ${file}: parses to what real Redis holds`, () => {
    const { parser, entries } = parseAll(fixture(file));
    assert.deepEqual(contentsOf(entries), expected(expect));
    assert.ok(parser.finished);
  });
  if (opts === null) continue;
  test(`golden ${file}: re-serializes to the same bytes Redis wrote`, () => {
    const buf = fixture(file);
    const { parser, entries } = parseAll(buf);
    const o = { ...W.DEFAULT_WRITER_OPTIONS, ...opts };
    const out = rewrite(parser, entries, o, parser.checksum === 'ok');
    assert.equal(out.toString('hex'), buf.toString('hex'));
  });
}

test('empty.rdb has the AUX fields Redis 7.0 writes', () => {
  const { parser, entries } = parseAll(fixture('empty.rdb'));
  assert.equal(entries.length, 0);
  assert.deepEqual([...parser.aux.keys()], ['redis-ver', 'redis-bits', 'ctime', 'used-mem', 'aof-base']);
  assert.equal(parser.aux.get('redis-ver'), '7.0.15');
  assert.equal(parser.checksum, 'ok');
});

test('fuzz: every truncation of a file is refused with RdbError', () => {
  const buf = fixture('all-types.rdb');
  for (let cut = 0; cut < buf.length; cut += cut < 200 ? 1 : 13) {
    assert.throws(() => parseAll(buf.subarray(0, cut)), RdbError, `cut at ${cut}`);
  }
});

test('fuzz: mutated bytes never crash the parser and never pass the checksum', () => {
  const buf = fixture('all-types.rdb');
  let seed = 12345;
  const rnd = (n: number): number => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed % n;
  };
  for (let i = 0; i < 400; i++) {
    const m = Buffer.from(buf);
    const flips = 1 + rnd(4);
    for (let j = 0; j < flips; j++) m[9 + rnd(m.length - 9)] ^= 1 + rnd(255);
    if (m.equals(buf)) continue;
    assert.throws(() => parseAll(m), RdbError);
  }
  const nocheck = fixture('all-types-nocompress.rdb');
  for (let i = 0; i < 200; i++) {
    const m = Buffer.from(nocheck);
    m[9 + rnd(m.length - 9)] ^= 1 + rnd(255);
    try {
      parseAll(m);
    } catch (e) {
      assert.ok(e instanceof RdbError, String(e));
    }
  }
});

test('DUMP payloads: version + CRC footer, verified and decoded', () => {
  const v: RdbValue = { type: 'list', items: ['a', '1', 'xyz'] };
  const payload = Buffer.from(createDumpPayload(v, W.DEFAULT_WRITER_OPTIONS), 'latin1');
  assert.equal(payload[0], 18);
  assert.deepEqual([...payload.subarray(payload.length - 10, payload.length - 8)], [10, 0]);
  assert.ok(verifyDumpPayload(payload));
  assert.deepEqual(parseDumpPayload(payload), v);
  const bad = Buffer.from(payload);
  bad[2] ^= 1;
  assert.equal(verifyDumpPayload(bad), false);
  // "\x00\x03bar\n\x00..." is what real Redis 7.0 answers to DUMP of SET foo bar.
  assert.equal(createDumpPayload({ type: 'string', value: 'bar' }, W.DEFAULT_WRITER_OPTIONS), Buffer.from('0003626172' + '0a00' + REDIS_DUMP_BAR_CRC, 'hex').toString('latin1'));
});

const REDIS_DUMP_BAR_CRC = 'e6be4960ee66fd17';
