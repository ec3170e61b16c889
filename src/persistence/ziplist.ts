/**
 * Read-only decoders for the pre-7.0 compact encodings that Redis 7.0 still loads from older RDB files:
 * ziplist (lists, hashes, zsets before listpack) and zipmap (hashes before Redis 2.6).
 *
 * Ziplist: <zlbytes u32><zltail u32><zllen u16><entry>...<0xFF>; an entry is <prevlen: 1 byte, or 0xFE +
 * u32><encoding><data>. Encodings: 00 6-bit string length, 01 14-bit (BE), 10 32-bit (BE) string length;
 * 0xC0 int16, 0xD0 int32, 0xE0 int64, 0xF0 int24, 0xFE int8, 0xF1..0xFD an immediate 0..12.
 */
import { RdbError } from './rdb-format.js';

const ZL_HEADER = 10;
/** Ziplist integer encodings -> byte width. */
const INT_WIDTHS: Record<number, number> = { 0xc0: 2, 0xd0: 4, 0xe0: 8, 0xf0: 3, 0xfe: 1 };

function fail(what: string): never {
  throw new RdbError(`Ziplist integrity check failed: ${what}`);
}

/** Decodes a ziplist blob into its elements (integers as decimal text). */
export function decodeZiplist(blob: Buffer): string[] {
  if (blob.length < ZL_HEADER + 1) fail('too short');
  if (blob.readUInt32LE(0) !== blob.length) fail('bad zlbytes');
  const count = blob.readUInt16LE(8);
  const end = blob.length - 1;
  if (blob[end] !== 0xff) fail('missing terminator');
  const out: string[] = [];
  let p = ZL_HEADER;
  let prevSize = 0;
  while (p < end) {
    const start = p;
    let prevlen: number;
    if (blob[p] < 254) {
      prevlen = blob[p++];
    } else {
      if (blob[p] !== 254 || p + 5 > end) fail('bad prevlen');
      prevlen = blob.readUInt32LE(p + 1);
      p += 5;
    }
    if (prevlen !== prevSize) fail('bad prevlen');
    p = readZiplistValue(blob, p, end, out);
    prevSize = p - start;
  }
  if (count !== 65535 && count !== out.length) fail('bad entry count');
  return out;
}

function readZiplistValue(b: Buffer, p: number, end: number, out: string[]): number {
  if (p >= end) fail('entry overrun');
  const e = b[p];
  const top = e >> 6;
  if (top === 0) return str(b, p + 1, e & 0x3f, end, out);
  if (top === 1) {
    if (p + 2 > end) fail('entry overrun');
    return str(b, p + 2, ((e & 0x3f) << 8) | b[p + 1], end, out);
  }
  if (top === 2) {
    if (p + 5 > end) fail('entry overrun');
    return str(b, p + 5, b.readUInt32BE(p + 1), end, out);
  }
  const width = INT_WIDTHS[e];
  if (width !== undefined) {
    if (p + 1 + width > end) fail('entry overrun');
    const q = p + 1;
    const v = width === 8 ? b.readBigInt64LE(q) : width === 2 ? b.readInt16LE(q) : width === 4 ? b.readInt32LE(q) : width === 3 ? b.readIntLE(q, 3) : b.readInt8(q);
    out.push(String(v));
    return q + width;
  }
  if (e >= 0xf1 && e <= 0xfd) {
    out.push(String((e & 0x0f) - 1));
    return p + 1;
  }
  return fail(`bad encoding ${e}`);
}

function str(b: Buffer, p: number, len: number, end: number, out: string[]): number {
  if (p + len > end) fail('entry overrun');
  out.push(b.toString('latin1', p, p + len));
  return p + len;
}

/** Decodes a zipmap blob (RDB_TYPE_HASH_ZIPMAP) into alternating field, value strings. */
export function decodeZipmap(blob: Buffer): string[] {
  const out: string[] = [];
  let p = 1; // zmlen (a hint, 254 = unknown)
  const end = blob.length;
  const len = (): number => {
    if (p >= end) throw new RdbError('Zipmap integrity check failed: overrun');
    const first = blob[p++];
    if (first < 254) return first;
    if (first === 254 && p + 4 <= end) {
      const v = blob.readUInt32LE(p);
      p += 4;
      return v;
    }
    throw new RdbError('Zipmap integrity check failed: bad length');
  };
  for (;;) {
    if (p >= end) throw new RdbError('Zipmap integrity check failed: missing terminator');
    if (blob[p] === 0xff) break;
    const klen = len();
    if (p + klen > end) throw new RdbError('Zipmap integrity check failed: overrun');
    out.push(blob.toString('latin1', p, p + klen));
    p += klen;
    const vlen = len();
    const free = blob[p++];
    if (p + vlen + free > end) throw new RdbError('Zipmap integrity check failed: overrun');
    out.push(blob.toString('latin1', p, p + vlen));
    p += vlen + free;
  }
  if (p !== end - 1) throw new RdbError('Zipmap integrity check failed: trailing bytes');
  return out;
}
