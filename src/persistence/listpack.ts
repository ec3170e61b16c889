/**
 * Listpack (antirez/listpack listpack.md), the compact encoding Redis 7.0 uses for small hashes and zsets
 * and for quicklist nodes: <total-bytes u32><num-elements u16><entry>...<0xFF>. Each entry is an encoding
 * byte (7-bit uint, 13/16/24/32/64-bit int, 6/12/32-bit string length), the data, and a backlen (the size of
 * encoding+data, written so it can be read backwards, 7 bits per byte).
 *
 * Strings that are the canonical text of an int64 are stored as integers, as Redis's lpAppend does, so the
 * bytes match what Redis writes for the same elements.
 */
import { RdbError } from './rdb-format.js';

const LP_HDR_SIZE = 6;
const LP_EOF = 0xff;
const LP_COUNT_UNKNOWN = 65535;

const INT64_MAX = 9223372036854775807n;
const INT64_MIN = -9223372036854775808n;

/** The int64 value of s if s is canonical int64 text, else null (bigint only for values beyond 2^53). */
export function canonicalInt64(s: string): number | bigint | null {
  const n = s.length;
  if (n === 0 || n > 20) return null;
  let i = 0;
  if (s.charCodeAt(0) === 45) {
    if (n === 1) return null;
    i = 1;
  }
  const first = s.charCodeAt(i);
  if (first === 48) return n === 1 ? 0 : null;
  for (let j = i; j < n; j++) {
    const c = s.charCodeAt(j);
    if (c < 48 || c > 57) return null;
  }
  if (n < 16) return Number(s);
  const b = BigInt(s);
  if (b > INT64_MAX || b < INT64_MIN) return null;
  return b >= -9007199254740991n && b <= 9007199254740991n ? Number(b) : b;
}

function backlenSize(l: number): number {
  if (l <= 127) return 1;
  if (l < 16383) return 2;
  if (l < 2097151) return 3;
  if (l < 268435455) return 4;
  return 5;
}

/** Encodes string elements as a listpack blob. */
export function encodeListpack(items: readonly string[]): Buffer {
  let size = LP_HDR_SIZE + 1;
  for (const s of items) size += entrySize(s);
  const buf = Buffer.allocUnsafe(size);
  buf.writeUInt32LE(size, 0);
  buf.writeUInt16LE(items.length < LP_COUNT_UNKNOWN ? items.length : LP_COUNT_UNKNOWN, 4);
  let p = LP_HDR_SIZE;
  for (const s of items) p = writeEntry(buf, p, s);
  buf[p] = LP_EOF;
  return buf;
}

/** Bytes one element takes in a listpack (encoding + data + backlen). */
export function entrySize(s: string): number {
  const v = canonicalInt64(s);
  const l = v === null ? strEncodedSize(s.length) : intEncodedSize(v);
  return l + backlenSize(l);
}

function strEncodedSize(len: number): number {
  if (len < 64) return 1 + len;
  if (len < 4096) return 2 + len;
  return 5 + len;
}

function intEncodedSize(v: number | bigint): number {
  if (typeof v === 'bigint') return 9;
  if (v >= 0 && v <= 127) return 1;
  if (v >= -4096 && v <= 4095) return 2;
  if (v >= -32768 && v <= 32767) return 3;
  if (v >= -8388608 && v <= 8388607) return 4;
  if (v >= -2147483648 && v <= 2147483647) return 5;
  return 9;
}

function writeEntry(buf: Buffer, p: number, s: string): number {
  const start = p;
  const v = canonicalInt64(s);
  if (v !== null) p = writeInt(buf, p, v);
  else p = writeStr(buf, p, s);
  return writeBacklen(buf, p, p - start);
}

function writeInt(buf: Buffer, p: number, v: number | bigint): number {
  if (typeof v === 'bigint' || v < -2147483648 || v > 2147483647) {
    buf[p] = 0xf4;
    buf.writeBigInt64LE(BigInt(v), p + 1);
    return p + 9;
  }
  if (v >= 0 && v <= 127) {
    buf[p] = v;
    return p + 1;
  }
  if (v >= -4096 && v <= 4095) {
    const u = v < 0 ? (1 << 13) + v : v;
    buf[p] = 0xc0 | (u >> 8);
    buf[p + 1] = u & 0xff;
    return p + 2;
  }
  if (v >= -32768 && v <= 32767) {
    buf[p] = 0xf1;
    buf.writeInt16LE(v, p + 1);
    return p + 3;
  }
  if (v >= -8388608 && v <= 8388607) {
    buf[p] = 0xf2;
    buf.writeIntLE(v, p + 1, 3);
    return p + 4;
  }
  buf[p] = 0xf3;
  buf.writeInt32LE(v, p + 1);
  return p + 5;
}

function writeStr(buf: Buffer, p: number, s: string): number {
  const len = s.length;
  if (len < 64) {
    buf[p++] = 0x80 | len;
  } else if (len < 4096) {
    buf[p++] = 0xe0 | (len >> 8);
    buf[p++] = len & 0xff;
  } else {
    buf[p++] = 0xf0;
    buf.writeUInt32LE(len, p);
    p += 4;
  }
  return p + buf.write(s, p, len, 'latin1');
}

function writeBacklen(buf: Buffer, p: number, l: number): number {
  const n = backlenSize(l);
  for (let i = n - 1; i >= 0; i--) {
    const shift = 7 * (n - 1 - i);
    const bits = Math.floor(l / 2 ** shift) & 127;
    buf[p + i] = i === 0 ? bits : bits | 128;
  }
  return p + n;
}

/** Decodes a listpack blob into its elements (integers as decimal text); throws RdbError when malformed. */
export function decodeListpack(blob: Buffer): string[] {
  if (blob.length < LP_HDR_SIZE + 1) throw new RdbError('Listpack integrity check failed: too short');
  const total = blob.readUInt32LE(0);
  if (total !== blob.length) throw new RdbError('Listpack integrity check failed: bad total bytes');
  const count = blob.readUInt16LE(4);
  const end = total - 1;
  if (blob[end] !== LP_EOF) throw new RdbError('Listpack integrity check failed: missing terminator');
  const out: string[] = [];
  let p = LP_HDR_SIZE;
  while (p < end) {
    const start = p;
    p = readEntry(blob, p, end, out);
    p = checkBacklen(blob, p, end, p - start);
  }
  if (p !== end) throw new RdbError('Listpack integrity check failed: entries overrun');
  if (count !== LP_COUNT_UNKNOWN && count !== out.length) throw new RdbError('Listpack integrity check failed: bad element count');
  return out;
}

function need(p: number, n: number, end: number): void {
  if (p + n > end) throw new RdbError('Listpack integrity check failed: entry overruns the listpack');
}

function readEntry(b: Buffer, p: number, end: number, out: string[]): number {
  const e = b[p];
  if (e < 0x80) {
    out.push(String(e));
    return p + 1;
  }
  if ((e & 0xc0) === 0x80) return readStr(b, p + 1, e & 0x3f, end, out);
  if ((e & 0xe0) === 0xc0) {
    need(p, 2, end);
    const u = ((e & 0x1f) << 8) | b[p + 1];
    out.push(String(u >= 4096 ? u - 8192 : u));
    return p + 2;
  }
  if ((e & 0xf0) === 0xe0) {
    need(p, 2, end);
    return readStr(b, p + 2, ((e & 0x0f) << 8) | b[p + 1], end, out);
  }
  switch (e) {
    case 0xf0:
      need(p, 5, end);
      return readStr(b, p + 5, b.readUInt32LE(p + 1), end, out);
    case 0xf1:
      need(p, 3, end);
      out.push(String(b.readInt16LE(p + 1)));
      return p + 3;
    case 0xf2:
      need(p, 4, end);
      out.push(String(b.readIntLE(p + 1, 3)));
      return p + 4;
    case 0xf3:
      need(p, 5, end);
      out.push(String(b.readInt32LE(p + 1)));
      return p + 5;
    case 0xf4:
      need(p, 9, end);
      out.push(String(b.readBigInt64LE(p + 1)));
      return p + 9;
    default:
      throw new RdbError(`Listpack integrity check failed: bad entry encoding ${e}`);
  }
}

function readStr(b: Buffer, p: number, len: number, end: number, out: string[]): number {
  need(p, len, end);
  out.push(b.toString('latin1', p, p + len));
  return p + len;
}

function checkBacklen(b: Buffer, p: number, end: number, l: number): number {
  const n = backlenSize(l);
  need(p, n, end);
  let v = 0;
  for (let i = 0; i < n; i++) v = v * 128 + (b[p + i] & 127);
  if (v !== l) throw new RdbError('Listpack integrity check failed: bad backlen');
  return p + n;
}
