/**
 * Builds test/fixtures/rdb/legacy-encodings.rdb: an RDB v9 file in the pre-7.0 encodings that Redis 7.0
 * still loads (ziplist lists/hashes/zsets, quicklist v1, zipmap hashes, text-double zsets, plain lists,
 * second-precision expiry). Redis 7.0 cannot write these, so they are assembled here; the fixture script
 * then loads the file into real redis-server to record the expected contents.
 *
 * CLI: `node dist/test/persistence/legacy-rdb.js <out.rdb>`.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ByteWriter, RDB_TYPE, RDB_OPCODE } from '../../src/persistence/rdb-format.js';
import { crc64 } from '../../src/persistence/crc64.js';

/** A ziplist entry's encoding + data, choosing integer encodings for integer text as Redis did. */
function zlEncode(s: string): Buffer {
  if (/^-?(0|[1-9]\d*)$/.test(s) && s.length <= 20) {
    const v = BigInt(s);
    if (v >= 0n && v <= 12n) return Buffer.from([0xf1 + Number(v)]);
    const ints: [number, bigint, bigint][] = [[1, -128n, 127n], [2, -32768n, 32767n], [3, -8388608n, 8388607n], [4, -2147483648n, 2147483647n], [8, -(2n ** 63n), 2n ** 63n - 1n]];
    const codes: Record<number, number> = { 1: 0xfe, 2: 0xc0, 3: 0xf0, 4: 0xd0, 8: 0xe0 };
    for (const [w, lo, hi] of ints) {
      if (v < lo || v > hi) continue;
      const b = Buffer.alloc(1 + w);
      b[0] = codes[w];
      if (w === 8) b.writeBigInt64LE(v, 1);
      else b.writeIntLE(Number(v), 1, w);
      return b;
    }
  }
  const data = Buffer.from(s, 'latin1');
  if (data.length < 64) return Buffer.concat([Buffer.from([data.length]), data]);
  if (data.length < 16384) return Buffer.concat([Buffer.from([0x40 | (data.length >> 8), data.length & 0xff]), data]);
  const h = Buffer.alloc(5);
  h[0] = 0x80;
  h.writeUInt32BE(data.length, 1);
  return Buffer.concat([h, data]);
}

export function encodeZiplist(items: string[]): Buffer {
  const entries: Buffer[] = [];
  let prev = 0;
  let tail = 10;
  let off = 10;
  for (const s of items) {
    const prevlen = prev < 254 ? Buffer.from([prev]) : Buffer.concat([Buffer.from([254]), u32(prev)]);
    const e = Buffer.concat([prevlen, zlEncode(s)]);
    tail = off;
    off += e.length;
    prev = e.length;
    entries.push(e);
  }
  const body = Buffer.concat(entries);
  const total = 10 + body.length + 1;
  const hdr = Buffer.alloc(10);
  hdr.writeUInt32LE(total, 0);
  hdr.writeUInt32LE(tail, 4);
  hdr.writeUInt16LE(items.length, 8);
  return Buffer.concat([hdr, body, Buffer.from([0xff])]);
}

function u32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(n, 0);
  return b;
}

export function encodeZipmap(pairs: string[]): Buffer {
  const parts: Buffer[] = [Buffer.from([pairs.length / 2])];
  const len = (n: number): Buffer => (n < 254 ? Buffer.from([n]) : Buffer.concat([Buffer.from([254]), u32(n)]));
  for (let i = 0; i < pairs.length; i += 2) {
    parts.push(len(pairs[i].length), Buffer.from(pairs[i], 'latin1'), len(pairs[i + 1].length), Buffer.from([0]), Buffer.from(pairs[i + 1], 'latin1'));
  }
  parts.push(Buffer.from([0xff]));
  return Buffer.concat(parts);
}

function key(w: ByteWriter, type: number, name: string): void {
  w.u8(type);
  w.string(name, false);
}

export function buildLegacyRdb(): Buffer {
  const w = new ByteWriter();
  w.latin1('REDIS0009');
  w.u8(RDB_OPCODE.AUX);
  w.string('redis-ver', false);
  w.string('5.0.14', false);
  w.u8(RDB_OPCODE.SELECTDB);
  w.length(0);
  key(w, RDB_TYPE.LIST, 'plainlist');
  w.length(3);
  for (const s of ['a', '12', 'ccc']) w.string(s, false);
  key(w, RDB_TYPE.LIST_ZIPLIST, 'ziplist:list');
  w.blob(encodeZiplist(['0', '12', '13', '-1', '200', '-30000', '70000', '-8000000', '3000000000', 'str', '', 'x'.repeat(70)]), false);
  key(w, RDB_TYPE.LIST_QUICKLIST, 'quicklist:v1');
  w.length(2);
  w.blob(encodeZiplist(['n1a', 'n1b', '1']), false);
  w.blob(encodeZiplist(['n2a', '9223372036854775807']), true);
  key(w, RDB_TYPE.HASH_ZIPLIST, 'ziplist:hash');
  w.blob(encodeZiplist(['f1', 'v1', 'f2', '22', 'num', '-5']), false);
  key(w, RDB_TYPE.HASH_ZIPMAP, 'zipmap:hash');
  w.blob(encodeZipmap(['name', 'redis', 'age', '15', 'empty', '']), false);
  key(w, RDB_TYPE.ZSET_ZIPLIST, 'ziplist:zset');
  w.blob(encodeZiplist(['a', '1', 'b', '2.5', 'c', '1e+20', 'd', 'inf']), false);
  key(w, RDB_TYPE.ZSET, 'text:zset');
  w.length(3);
  for (const [m, score] of [['low', '-1.5'], ['high', 'inf'], ['mid', '3']] as const) {
    w.string(m, false);
    if (score === 'inf') w.u8(254);
    else {
      w.u8(score.length);
      w.latin1(score);
    }
  }
  w.u8(RDB_OPCODE.EXPIRETIME);
  w.u32le(2100000000); // a signed 32-bit count of seconds (year 2036)
  key(w, RDB_TYPE.STRING, 'expire:seconds');
  w.string('soon', false);
  w.u8(RDB_OPCODE.EOF);
  const body = w.take();
  return Buffer.concat([body, crc64(body).digestLE()]);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  writeFileSync(process.argv[2], buildLegacyRdb());
}
