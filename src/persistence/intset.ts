/**
 * Intset, the sorted-integer set encoding (RDB_TYPE_SET_INTSET): <encoding u32: 2|4|8><length u32> then the
 * integers ascending, little endian, all at the width of the widest one.
 */
import { RdbError } from './rdb-format.js';
import { canonicalInt64 } from './listpack.js';

/** Encodes canonical-integer strings as an intset blob (sorted ascending). Throws if one is not an int64. */
export function encodeIntset(members: readonly string[]): Buffer {
  const values: bigint[] = [];
  let width = 2;
  for (const m of members) {
    const v = canonicalInt64(m);
    if (v === null) throw new Error(`intset member is not an integer: ${m}`);
    const b = BigInt(v);
    values.push(b);
    if (b < -2147483648n || b > 2147483647n) width = 8;
    else if ((b < -32768n || b > 32767n) && width < 4) width = 4;
  }
  values.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const buf = Buffer.allocUnsafe(8 + width * values.length);
  buf.writeUInt32LE(width, 0);
  buf.writeUInt32LE(values.length, 4);
  let p = 8;
  for (const v of values) {
    if (width === 2) buf.writeInt16LE(Number(v), p);
    else if (width === 4) buf.writeInt32LE(Number(v), p);
    else buf.writeBigInt64LE(v, p);
    p += width;
  }
  return buf;
}

/** True when every member can live in an intset (canonical int64 text). */
export function allIntegers(members: readonly string[]): boolean {
  for (const m of members) if (canonicalInt64(m) === null) return false;
  return true;
}

/** Decodes an intset blob into decimal strings; validates width, length and ascending order. */
export function decodeIntset(blob: Buffer): string[] {
  if (blob.length < 8) throw new RdbError('Intset integrity check failed: too short');
  const width = blob.readUInt32LE(0);
  const count = blob.readUInt32LE(4);
  if (width !== 2 && width !== 4 && width !== 8) throw new RdbError('Intset integrity check failed: bad encoding');
  if (8 + count * width !== blob.length) throw new RdbError('Intset integrity check failed: bad length');
  const out: string[] = [];
  let prev: bigint | null = null;
  for (let i = 0, p = 8; i < count; i++, p += width) {
    const v = width === 2 ? BigInt(blob.readInt16LE(p)) : width === 4 ? BigInt(blob.readInt32LE(p)) : blob.readBigInt64LE(p);
    if (prev !== null && v <= prev) throw new RdbError('Intset integrity check failed: not sorted');
    prev = v;
    out.push(v.toString());
  }
  return out;
}
