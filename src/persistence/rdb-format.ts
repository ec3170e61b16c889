/**
 * The RDB byte format shared by the reader, the writer, DUMP/RESTORE and the AOF preamble: opcodes, type
 * codes (RDB version 10, Redis 7.0), length encodings, and the abstract value model the codec speaks.
 *
 * Length encoding: the top two bits of the first byte say how long the length is: 00 = 6 bits, 01 = 14 bits
 * (big endian), 10 = 0x80 + 32-bit BE or 0x81 + 64-bit BE, 11 = a special string encoding follows
 * (0 int8, 1 int16, 2 int32 little endian, 3 LZF: compressed length, plain length, data).
 */
import { lzfCompress, lzfDecompress, LzfError } from './lzf.js';

export const RDB_VERSION = 10;
export const RDB_MAGIC = 'REDIS';

export const RDB_TYPE = {
  STRING: 0,
  LIST: 1,
  SET: 2,
  ZSET: 3,
  HASH: 4,
  ZSET_2: 5,
  MODULE_PRE_GA: 6,
  MODULE_2: 7,
  HASH_ZIPMAP: 9,
  LIST_ZIPLIST: 10,
  SET_INTSET: 11,
  ZSET_ZIPLIST: 12,
  HASH_ZIPLIST: 13,
  LIST_QUICKLIST: 14,
  STREAM_LISTPACKS: 15,
  HASH_LISTPACK: 16,
  ZSET_LISTPACK: 17,
  LIST_QUICKLIST_2: 18,
  STREAM_LISTPACKS_2: 19,
} as const;

export const RDB_OPCODE = {
  FUNCTION2: 0xf5,
  FUNCTION_PRE_GA: 0xf6,
  MODULE_AUX: 0xf7,
  IDLE: 0xf8,
  FREQ: 0xf9,
  AUX: 0xfa,
  RESIZEDB: 0xfb,
  EXPIRETIME_MS: 0xfc,
  EXPIRETIME: 0xfd,
  SELECTDB: 0xfe,
  EOF: 0xff,
} as const;

/** Quicklist v2 node containers. */
export const QUICKLIST_NODE_PLAIN = 1;
export const QUICKLIST_NODE_PACKED = 2;

const ENC_INT8 = 0;
const ENC_INT16 = 1;
const ENC_INT32 = 2;
const ENC_LZF = 3;

/** The abstract value model: what a key holds, independent of the server's value classes. */
export type RdbValue =
  | { type: 'string'; value: string }
  | { type: 'list'; items: string[] }
  | { type: 'set'; members: string[]; encoding?: 'intset' | 'hashtable' }
  | { type: 'hash'; fields: string[]; values: string[]; encoding?: 'listpack' | 'hashtable' }
  /** members/scores in ascending (score, member) order. */
  | { type: 'zset'; members: string[]; scores: number[]; encoding?: 'listpack' | 'skiplist' };

/** A malformed or truncated RDB payload. `truncated` distinguishes a short read from bad contents. */
export class RdbError extends Error {
  constructor(message: string, readonly truncated = false) {
    super(message);
  }
}

/** A growable byte buffer with the RDB primitive writers. */
export class ByteWriter {
  buf: Buffer;
  pos = 0;
  private scratch = Buffer.allocUnsafe(256);

  constructor(initial = 64 * 1024) {
    this.buf = Buffer.allocUnsafe(initial);
  }

  reserve(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.pos + n) size *= 2;
    const nb = Buffer.allocUnsafe(size);
    this.buf.copy(nb, 0, 0, this.pos);
    this.buf = nb;
  }

  /** Returns the bytes written so far (a copy) and empties the writer. */
  take(): Buffer {
    const out = Buffer.from(this.buf.subarray(0, this.pos));
    this.pos = 0;
    return out;
  }

  /** The bytes written so far, without copying (valid until the next write). */
  view(): Buffer {
    return this.buf.subarray(0, this.pos);
  }

  u8(b: number): void {
    this.reserve(1);
    this.buf[this.pos++] = b;
  }

  bytes(b: Uint8Array): void {
    this.reserve(b.length);
    this.buf.set(b, this.pos);
    this.pos += b.length;
  }

  latin1(s: string): void {
    this.reserve(s.length);
    this.pos += this.buf.write(s, this.pos, s.length, 'latin1');
  }

  u32le(n: number): void {
    this.reserve(4);
    this.buf.writeUInt32LE(n >>> 0, this.pos);
    this.pos += 4;
  }

  /** A signed 64-bit little-endian integer from a JS number (ms timestamps). */
  i64le(n: number): void {
    this.reserve(8);
    this.buf.writeBigInt64LE(BigInt(n), this.pos);
    this.pos += 8;
  }

  doubleLE(d: number): void {
    this.reserve(8);
    this.buf.writeDoubleLE(d, this.pos);
    this.pos += 8;
  }

  length(n: number): void {
    this.reserve(9);
    const b = this.buf;
    if (n < 64) {
      b[this.pos++] = n;
    } else if (n < 16384) {
      b[this.pos++] = 0x40 | (n >> 8);
      b[this.pos++] = n & 0xff;
    } else if (n <= 0xffffffff) {
      b[this.pos++] = 0x80;
      b.writeUInt32BE(n, this.pos);
      this.pos += 4;
    } else {
      b[this.pos++] = 0x81;
      b.writeBigUInt64BE(BigInt(n), this.pos);
      this.pos += 8;
    }
  }

  /**
   * A string as Redis's rdbSaveRawString writes it: integer encoding for short canonical int32 text, LZF for
   * longer strings when compression is on and it saves at least 4 bytes, else length + bytes.
   */
  string(s: string, compress: boolean): void {
    const len = s.length;
    if (len <= 11 && len > 0 && this.tryIntString(s)) return;
    if (compress && len > 20 && this.tryLzf(s)) return;
    this.length(len);
    this.latin1(s);
  }

  /** A binary blob (listpack, intset) as a string; LZF applies as for any string. */
  blob(b: Buffer, compress: boolean): void {
    if (compress && b.length > 20 && this.tryLzfBytes(b)) return;
    this.length(b.length);
    this.bytes(b);
  }

  private tryIntString(s: string): boolean {
    const v = canonicalInt32(s);
    if (v === null) return false;
    this.reserve(5);
    const b = this.buf;
    if (v >= -128 && v <= 127) {
      b[this.pos++] = 0xc0 | ENC_INT8;
      b.writeInt8(v, this.pos);
      this.pos += 1;
    } else if (v >= -32768 && v <= 32767) {
      b[this.pos++] = 0xc0 | ENC_INT16;
      b.writeInt16LE(v, this.pos);
      this.pos += 2;
    } else {
      b[this.pos++] = 0xc0 | ENC_INT32;
      b.writeInt32LE(v, this.pos);
      this.pos += 4;
    }
    return true;
  }

  private tryLzf(s: string): boolean {
    if (this.scratch.length < s.length) this.scratch = Buffer.allocUnsafe(Math.max(s.length, this.scratch.length * 2));
    const n = this.scratch.write(s, 0, s.length, 'latin1');
    return this.tryLzfBytes(this.scratch.subarray(0, n));
  }

  private tryLzfBytes(input: Buffer): boolean {
    const len = input.length;
    if (len <= 4) return false;
    // Compress straight into our buffer after room for the header (at most 1 + 9 + 9 bytes).
    this.reserve(19 + len);
    const start = this.pos + 19;
    const out = this.buf.subarray(start, start + len - 4);
    const clen = lzfCompress(input, out);
    if (clen === 0) return false;
    this.u8(0xc0 | ENC_LZF);
    this.length(clen);
    this.length(len);
    this.buf.copy(this.buf, this.pos, start, start + clen);
    this.pos += clen;
    return true;
  }
}

/** The int32 value of s if s is the canonical decimal text of an int32 (what RDB int-encodes), else null. */
export function canonicalInt32(s: string): number | null {
  const n = s.length;
  if (n === 0 || n > 11) return null;
  let i = 0;
  if (s.charCodeAt(0) === 45) {
    if (n === 1) return null;
    i = 1;
  }
  if (s.charCodeAt(i) === 48 && n > i + 1) return null;
  if (s.charCodeAt(i) === 48 && i === 1) return null; // "-0"
  for (let j = i; j < n; j++) {
    const c = s.charCodeAt(j);
    if (c < 48 || c > 57) return null;
  }
  const v = Number(s);
  return v >= -2147483648 && v <= 2147483647 ? v : null;
}

type Latin1Slicer = (this: Buffer, start: number, end: number) => string;
/** Buffer's own latin1 decoder, without toString()'s argument and encoding dispatch (loads call it 2M times). */
const rawLatin1Slice = (Buffer.prototype as unknown as { latin1Slice?: Latin1Slicer }).latin1Slice;

function latin1Slice(buf: Buffer, start: number, end: number): string {
  return rawLatin1Slice !== undefined ? rawLatin1Slice.call(buf, start, end) : buf.toString('latin1', start, end);
}

/** A cursor over a Buffer with the RDB primitive readers; every overrun throws a truncated RdbError. */
export class ByteReader {
  pos: number;

  constructor(readonly buf: Buffer, start = 0, readonly end = buf.length) {
    this.pos = start;
  }

  need(n: number): void {
    if (this.pos + n > this.end) throw new RdbError('Unexpected EOF reading RDB file', true);
  }

  get remaining(): number {
    return this.end - this.pos;
  }

  u8(): number {
    this.need(1);
    return this.buf[this.pos++];
  }

  u32le(): number {
    this.need(4);
    const v = this.buf.readUInt32LE(this.pos);
    this.pos += 4;
    return v;
  }

  i64le(): number {
    this.need(8);
    const v = this.buf.readBigInt64LE(this.pos);
    this.pos += 8;
    return Number(v);
  }

  doubleLE(): number {
    this.need(8);
    const v = this.buf.readDoubleLE(this.pos);
    this.pos += 8;
    return v;
  }

  slice(n: number): Buffer {
    this.need(n);
    const b = this.buf.subarray(this.pos, this.pos + n);
    this.pos += n;
    return b;
  }

  /** Reads a length; returns -1-enc for the special string encodings (0xC0 | enc). */
  lengthOrEncoding(): number {
    const first = this.u8();
    const kind = first >> 6;
    if (kind === 0) return first & 0x3f;
    if (kind === 1) return ((first & 0x3f) << 8) | this.u8();
    if (kind === 3) return -1 - (first & 0x3f);
    if (first === 0x80) {
      this.need(4);
      const v = this.buf.readUInt32BE(this.pos);
      this.pos += 4;
      return v;
    }
    if (first === 0x81) {
      this.need(8);
      const v = this.buf.readBigUInt64BE(this.pos);
      this.pos += 8;
      if (v > BigInt(Number.MAX_SAFE_INTEGER)) throw new RdbError('Length too large in RDB file');
      return Number(v);
    }
    throw new RdbError(`Unknown length encoding ${first} in rdbLoadLen()`);
  }

  length(): number {
    const n = this.lengthOrEncoding();
    if (n < 0) throw new RdbError('Unexpected string encoding where a length was expected');
    return n;
  }

  /** A length that counts items to follow: it cannot exceed the bytes left (guards huge allocations). */
  count(minBytesEach = 1): number {
    const n = this.length();
    if (n * minBytesEach > this.remaining) throw new RdbError('Unexpected EOF reading RDB file', true);
    return n;
  }

  /** A string as bytes (decoding int and LZF encodings). Int encodings come back as decimal text. */
  stringBytes(): Buffer {
    const n = this.lengthOrEncoding();
    if (n >= 0) return this.slice(n);
    const enc = -1 - n;
    if (enc === ENC_LZF) return this.lzf();
    return Buffer.from(this.intEncoded(enc), 'latin1');
  }

  private lzf(): Buffer {
    const clen = this.length();
    const len = this.length();
    const data = this.slice(clen);
    try {
      return lzfDecompress(data, len);
    } catch (e) {
      if (e instanceof LzfError) throw new RdbError('Invalid LZF compressed string');
      throw e;
    }
  }

  /** A string as a latin1 JS string. */
  string(): string {
    const n = this.lengthOrEncoding();
    if (n >= 0) {
      this.need(n);
      const s = latin1Slice(this.buf, this.pos, this.pos + n);
      this.pos += n;
      return s;
    }
    const enc = -1 - n;
    if (enc !== ENC_LZF) return this.intEncoded(enc);
    return this.lzf().toString('latin1');
  }

  private intEncoded(enc: number): string {
    if (enc === ENC_INT8) {
      this.need(1);
      return String(this.buf.readInt8(this.pos++));
    }
    if (enc === ENC_INT16) {
      this.need(2);
      const v = this.buf.readInt16LE(this.pos);
      this.pos += 2;
      return String(v);
    }
    if (enc === ENC_INT32) {
      this.need(4);
      const v = this.buf.readInt32LE(this.pos);
      this.pos += 4;
      return String(v);
    }
    throw new RdbError(`Unknown RDB string encoding type ${enc}`);
  }

  /** A double in the old ZSET text format: length byte (253 nan, 254 +inf, 255 -inf) then ASCII. */
  textDouble(): number {
    const n = this.u8();
    if (n === 253) return NaN;
    if (n === 254) return Infinity;
    if (n === 255) return -Infinity;
    const s = this.slice(n).toString('latin1');
    const v = Number(s);
    if (Number.isNaN(v)) throw new RdbError('Invalid double value in RDB file');
    return v;
  }
}
