/**
 * Bitmap commands (Redis's bitops): SETBIT GETBIT BITCOUNT BITPOS BITOP BITFIELD BITFIELD_RO.
 *
 * Why it looks like this: values stay latin1 JS strings in the keyspace (one char per byte), so reads scan
 * the string with charCodeAt (or a Buffer copy of the range for big counts) and writes build the new string
 * once per command. A write counts as a change (event, dirty, propagation) only when it created or grew the
 * string or altered a byte, as Redis 7.0 does. BITFIELD arithmetic uses BigInt and reproduces Redis's
 * int64/uint64 overflow checks bit for bit, quirks included.
 */
import type { Server } from '../server/server.js';
import type { Client } from '../server/client.js';
import { cmd, type CommandSpec } from './spec.js';
import { E } from '../server/errors.js';
import { isKeyword, parseLong, parseLongBig } from './util.js';
import { MAX_JS_STRING_BYTES, noteStringEncoding, parseRangeArg, rangeStartAfterEnd } from './strings.js';

const BIT_OFFSET_ERR = 'ERR bit offset is not an integer or out of range';
const BIT_VALUE_ERR = 'ERR bit is not an integer or out of range';
const BITPOS_BIT_ERR = 'ERR The bit argument must be 1 or 0.';
const BITOP_NOT_ERR = 'ERR BITOP NOT must be called with a single source key.';
const BITFIELD_TYPE_ERR = 'ERR Invalid bitfield type. Use something like i16 u8. Note that u64 is not supported but i64 is.';
const BITFIELD_OVERFLOW_ERR = 'ERR Invalid OVERFLOW type specified';
const BITFIELD_RO_ERR = 'ERR BITFIELD_RO only supports the GET subcommand';

const POPCOUNT8 = new Uint8Array(256);
for (let i = 1; i < 256; i++) POPCOUNT8[i] = (i & 1) + POPCOUNT8[i >> 1];

/** A string's bytes in a fresh buffer (offset 0, so 32-bit views line up). */
function bytesOf(s: string): Buffer {
  const b = Buffer.allocUnsafeSlow(s.length);
  b.write(s, 0, 'latin1');
  return b;
}

/** Redis's getBitOffsetFromArgument: a bit offset, `#N` meaning N*bits when `hash`; null after replying. */
function bitOffsetOrReply(c: Client, arg: string, hash: boolean, bits: number): number | null {
  const usehash = hash && arg.charCodeAt(0) === 35;
  const digits = usehash ? arg.slice(1) : arg;
  let off: number | null;
  if (!usehash && digits.length <= 15) off = parseLong(digits);
  else {
    const b = parseLongBig(digits);
    off = b === null ? null : Number(usehash ? BigInt.asIntN(64, b * BigInt(bits)) : b);
  }
  if (off === null || off < 0 || Math.floor(off / 8) >= c.server.settings.protoMaxBulkLen) {
    c.addError(BIT_OFFSET_ERR);
    return null;
  }
  return off;
}

/** Current string value for a bit write (undefined if missing); null after replying WRONGTYPE. */
function stringForWriteOrReply(c: Client, key: string): string | undefined | null {
  const v = c.db.peek(key);
  if (v !== undefined && typeof v !== 'string') {
    c.addError(E.WRONGTYPE);
    return null;
  }
  return v;
}

/** Stores a bit command's result (always "raw" in Redis) and, if something changed, signals, notifies, counts. */
function storeBits(c: Client, key: string, existed: boolean, value: string, changes: number): void {
  const db = c.db;
  if (existed) db.overwrite(key, value);
  else db.add(key, value);
  noteStringEncoding(c, key, value, 'raw');
  if (changes === 0) return;
  db.signalModified(key);
  c.server.notifyKeyspaceEvent('$', 'setbit', key, db.id);
  c.server.dirty += changes;
}

// ---- SETBIT / GETBIT ----

function setbitCommand(c: Client, argv: string[]): void {
  const offset = bitOffsetOrReply(c, argv[2], false, 0);
  if (offset === null) return;
  const on = parseLong(argv[3]);
  if (on !== 0 && on !== 1) {
    c.addError(BIT_VALUE_ERR);
    return;
  }
  const v = stringForWriteOrReply(c, argv[1]);
  if (v === null) return;
  const byte = Math.floor(offset / 8);
  if (byte >= MAX_JS_STRING_BYTES) {
    c.addError(BIT_OFFSET_ERR);
    return;
  }
  const s = v ?? '';
  const grown = byte >= s.length;
  const old = grown ? 0 : s.charCodeAt(byte);
  const mask = 1 << (7 - (offset % 8));
  const oldBit = (old & mask) !== 0 ? 1 : 0;
  if (grown || oldBit !== on) {
    const ch = String.fromCharCode(on ? old | mask : old & ~mask);
    const next = grown ? s + '\0'.repeat(byte - s.length) + ch : s.slice(0, byte) + ch + s.slice(byte + 1);
    storeBits(c, argv[1], v !== undefined, next, 1);
  } else noteStringEncoding(c, argv[1], s, 'raw');
  c.addInt(oldBit);
}

function getbitCommand(c: Client, argv: string[]): void {
  const offset = bitOffsetOrReply(c, argv[2], false, 0);
  if (offset === null) return;
  const v = c.db.lookupRead(argv[1]);
  if (v === undefined) c.addInt(0);
  else if (typeof v !== 'string') c.addError(E.WRONGTYPE);
  else {
    const byte = Math.floor(offset / 8);
    c.addInt(byte < v.length ? (v.charCodeAt(byte) >> (7 - (offset % 8))) & 1 : 0);
  }
}

// ---- ranges shared by BITCOUNT and BITPOS ----

/** A byte range [start, end] plus the masks of the out-of-range bits in its edge bytes (BIT mode). */
interface ByteRange {
  start: number;
  end: number;
  firstMask: number;
  lastMask: number;
}

/** Redis's conversion of user start/end (bytes or bits, negative from the end) to a byte range. */
function toByteRange(start: number, end: number, strlen: number, isBit: boolean): ByteRange {
  const totlen = isBit ? strlen * 8 : strlen;
  if (start < 0) start = totlen + start;
  if (end < 0) end = totlen + end;
  if (start < 0) start = 0;
  if (end < 0) end = 0;
  if (end >= totlen) end = totlen - 1;
  let firstMask = 0;
  let lastMask = 0;
  if (isBit && start <= end) {
    firstMask = ~((1 << (8 - (start % 8))) - 1) & 0xff;
    lastMask = (1 << (7 - (end % 8))) - 1;
    start = Math.floor(start / 8);
    end = Math.floor(end / 8);
  }
  return { start, end, firstMask, lastMask };
}

/** BYTE or BIT; null after replying a syntax error. */
function unitIsBitOrReply(c: Client, arg: string): boolean | null {
  if (isKeyword(arg, 'BIT')) return true;
  if (isKeyword(arg, 'BYTE')) return false;
  c.addError(E.SYNTAX);
  return null;
}

// ---- BITCOUNT ----

/** Chunks of a bitmap compared with string equality (a native memcmp) to skip runs of 0x00 or 0xff. */
const CHUNK = 1024;
const ZERO_CHUNK = '\x00'.repeat(CHUNK);
const FF_CHUNK = '\xff'.repeat(CHUNK);

function popcount32(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return (Math.imul((x + (x >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24) & 0xff;
}

/** Set bits in bytes [start, end] of s; big ranges are copied to a buffer and counted 32 bits at a time. */
export function popcountRange(s: string, start: number, end: number): number {
  const n = end - start + 1;
  let count = 0;
  if (n < CHUNK) {
    for (let i = start; i <= end; i++) count += POPCOUNT8[s.charCodeAt(i)];
    return count;
  }
  const buf = bytesOf(s.slice(start, end + 1));
  const words = new Int32Array(buf.buffer, 0, n >>> 2);
  for (let i = 0; i < words.length; i++) {
    const w = words[i];
    if (w !== 0) count += popcount32(w);
  }
  for (let i = words.length * 4; i < n; i++) count += POPCOUNT8[buf[i]];
  return count;
}

function bitcountCommand(c: Client, argv: string[]): void {
  const v = c.db.lookupRead(argv[1]);
  if (v === undefined) {
    c.addInt(0);
    return;
  }
  if (typeof v !== 'string') {
    c.addError(E.WRONGTYPE);
    return;
  }
  let range: ByteRange = { start: 0, end: v.length - 1, firstMask: 0, lastMask: 0 };
  if (argv.length === 4 || argv.length === 5) {
    const start = parseRangeArg(argv[2]);
    const end = start === null ? null : parseRangeArg(argv[3]);
    if (start === null || end === null) {
      c.addError(E.NOT_INTEGER);
      return;
    }
    if (start < 0 && end < 0 && rangeStartAfterEnd(argv[2], argv[3], start, end)) {
      c.addInt(0);
      return;
    }
    const isBit = argv.length === 5 ? unitIsBitOrReply(c, argv[4]) : false;
    if (isBit === null) return;
    range = toByteRange(start, end, v.length, isBit);
  } else if (argv.length !== 2) {
    c.addError(E.SYNTAX);
    return;
  }
  if (range.start > range.end) {
    c.addInt(0);
    return;
  }
  let count = popcountRange(v, range.start, range.end);
  if (range.firstMask !== 0) count -= POPCOUNT8[v.charCodeAt(range.start) & range.firstMask];
  if (range.lastMask !== 0) count -= POPCOUNT8[v.charCodeAt(range.end) & range.lastMask];
  c.addInt(count);
}

// ---- BITPOS ----

/** Byte i of s with the bits outside the range forced to "not found" (cleared for bit 1, set for bit 0). */
function maskedByte(s: string, i: number, r: ByteRange, bit: number): number {
  let b = s.charCodeAt(i);
  if (i === r.start && r.firstMask !== 0) b = bit === 1 ? b & ~r.firstMask : b | r.firstMask;
  if (i === r.end && r.lastMask !== 0) b = bit === 1 ? b & ~r.lastMask : b | r.lastMask;
  return b;
}

/** Position (0 = most significant) of the first bit equal to `bit` in a byte known to contain one. */
function firstBitInByte(b: number, bit: number): number {
  return Math.clz32(bit === 1 ? b : ~b & 0xff) - 24;
}

/**
 * First bit equal to `bit` in the range (edge bits outside it ignored); -1 if none. The unmasked middle
 * skips whole chunks of 0x00 (or 0xff) with string equality, then scans bytes.
 */
function findBit(s: string, r: ByteRange, bit: number): number {
  const skip = bit === 1 ? 0 : 0xff;
  let b = maskedByte(s, r.start, r, bit);
  if (b !== skip) return r.start * 8 + firstBitInByte(b, bit);
  if (r.start === r.end) return -1;
  const uniform = bit === 1 ? ZERO_CHUNK : FF_CHUNK;
  let i = r.start + 1;
  while (i + CHUNK <= r.end && s.slice(i, i + CHUNK) === uniform) i += CHUNK;
  for (; i < r.end; i++) {
    const c = s.charCodeAt(i);
    if (c !== skip) return i * 8 + firstBitInByte(c, bit);
  }
  b = maskedByte(s, r.end, r, bit);
  return b !== skip ? r.end * 8 + firstBitInByte(b, bit) : -1;
}

/** BITPOS's optional start [end [BYTE|BIT]]; null after replying an error. */
function bitposRangeOrReply(c: Client, argv: string[], strlen: number): { range: ByteRange; endGiven: boolean } | null {
  if (argv.length === 3) return { range: { start: 0, end: strlen - 1, firstMask: 0, lastMask: 0 }, endGiven: false };
  if (argv.length > 6) {
    c.addError(E.SYNTAX);
    return null;
  }
  const start = parseRangeArg(argv[3]);
  if (start === null) {
    c.addError(E.NOT_INTEGER);
    return null;
  }
  const isBit = argv.length === 6 ? unitIsBitOrReply(c, argv[5]) : false;
  if (isBit === null) return null;
  let end = isBit ? strlen * 8 + 7 : strlen - 1;
  if (argv.length >= 5) {
    const e = parseRangeArg(argv[4]);
    if (e === null) {
      c.addError(E.NOT_INTEGER);
      return null;
    }
    end = e;
  }
  return { range: toByteRange(start, end, strlen, isBit), endGiven: argv.length >= 5 };
}

function bitposCommand(c: Client, argv: string[]): void {
  const bit = parseRangeArg(argv[2]);
  if (bit === null) {
    c.addError(E.NOT_INTEGER);
    return;
  }
  if (bit !== 0 && bit !== 1) {
    c.addError(BITPOS_BIT_ERR);
    return;
  }
  const v = c.db.lookupRead(argv[1]);
  if (v === undefined) {
    c.addInt(bit === 1 ? -1 : 0);
    return;
  }
  if (typeof v !== 'string') {
    c.addError(E.WRONGTYPE);
    return;
  }
  const p = bitposRangeOrReply(c, argv, v.length);
  if (p === null) return;
  const r = p.range;
  if (r.start > r.end) {
    c.addInt(-1);
    return;
  }
  const pos = findBit(v, r, bit);
  // No clear bit found: without an explicit end the string counts as padded with zeros.
  if (pos < 0 && bit === 0 && !p.endGiven) c.addInt((r.end + 1) * 8);
  else c.addInt(pos);
}

// ---- BITOP ----

type BitOp = 'AND' | 'OR' | 'XOR' | 'NOT';

function parseBitOp(arg: string): BitOp | null {
  const u = arg.toUpperCase();
  return u === 'AND' || u === 'OR' || u === 'XOR' || u === 'NOT' ? u : null;
}

/** Computes the BITOP result over the source buffers (missing bytes count as zero), 32 bits at a time. */
function computeBitOp(op: BitOp, srcs: Buffer[], maxlen: number): Buffer {
  const res = Buffer.alloc(maxlen);
  const rw = new Int32Array(res.buffer, res.byteOffset, maxlen >>> 2);
  if (op === 'NOT') {
    const sw = new Int32Array(srcs[0].buffer, 0, maxlen >>> 2);
    for (let i = 0; i < rw.length; i++) rw[i] = ~sw[i];
    for (let i = rw.length * 4; i < maxlen; i++) res[i] = ~srcs[0][i] & 0xff;
    return res;
  }
  srcs[0].copy(res);
  for (let k = 1; k < srcs.length; k++) {
    const src = srcs[k];
    const n = src.length;
    const sw = new Int32Array(src.buffer, 0, n >>> 2);
    const words = sw.length;
    if (op === 'AND') {
      for (let i = 0; i < words; i++) rw[i] &= sw[i];
      for (let i = words * 4; i < n; i++) res[i] &= src[i];
      res.fill(0, n);
    } else if (op === 'OR') {
      for (let i = 0; i < words; i++) rw[i] |= sw[i];
      for (let i = words * 4; i < n; i++) res[i] |= src[i];
    } else {
      for (let i = 0; i < words; i++) rw[i] ^= sw[i];
      for (let i = words * 4; i < n; i++) res[i] ^= src[i];
    }
  }
  return res;
}

function bitopCommand(c: Client, argv: string[]): void {
  const op = parseBitOp(argv[1]);
  if (op === null) {
    c.addError(E.SYNTAX);
    return;
  }
  if (op === 'NOT' && argv.length !== 4) {
    c.addError(BITOP_NOT_ERR);
    return;
  }
  const db = c.db;
  const srcs: Buffer[] = [];
  let maxlen = 0;
  for (let i = 3; i < argv.length; i++) {
    const v = db.lookupRead(argv[i]);
    if (v !== undefined && typeof v !== 'string') {
      c.addError(E.WRONGTYPE);
      return;
    }
    const s = v ?? '';
    srcs.push(bytesOf(s));
    if (s.length > maxlen) maxlen = s.length;
  }
  const dest = argv[2];
  if (maxlen > 0) {
    const res = computeBitOp(op, srcs, maxlen).toString('latin1');
    db.set(dest, res);
    noteStringEncoding(c, dest, res, 'raw');
    db.signalModified(dest);
    c.server.notifyKeyspaceEvent('$', 'set', dest, db.id);
    c.server.dirty++;
  } else if (db.delete(dest)) {
    db.signalModified(dest);
    c.server.notifyKeyspaceEvent('g', 'del', dest, db.id);
    c.server.dirty++;
  }
  c.addInt(maxlen);
}

// ---- BITFIELD ----

type Overflow = 'WRAP' | 'SAT' | 'FAIL';
type FieldOp = 'GET' | 'SET' | 'INCRBY';

interface BitfieldOp {
  op: FieldOp;
  signed: boolean;
  bits: number;
  offset: number;
  value: bigint;
  overflow: Overflow;
}

interface BitfieldPlan {
  ops: BitfieldOp[];
  /** Highest bit a SET/INCRBY touches, -1 if the command only reads. */
  highestWriteBit: number;
}

/** i1..i64 or u1..u63 (lowercase only, as Redis); null after replying the error. */
function bitfieldTypeOrReply(c: Client, arg: string): { signed: boolean; bits: number } | null {
  const t = arg.charCodeAt(0);
  const bits = t === 0x69 || t === 0x75 ? parseRangeArg(arg.slice(1)) : null;
  const signed = t === 0x69;
  if (bits === null || bits < 1 || bits > (signed ? 64 : 63)) {
    c.addError(BITFIELD_TYPE_ERR);
    return null;
  }
  return { signed, bits };
}

/** Parses one GET/SET/INCRBY at argv[j]; null after replying an error. */
function parseFieldOpOrReply(c: Client, argv: string[], j: number, op: FieldOp, readOnly: boolean, overflow: Overflow): BitfieldOp | null {
  const type = bitfieldTypeOrReply(c, argv[j + 1]);
  if (type === null) return null;
  const offset = bitOffsetOrReply(c, argv[j + 2], true, type.bits);
  if (offset === null) return null;
  let value = 0n;
  if (op !== 'GET') {
    if (readOnly) {
      c.addError(BITFIELD_RO_ERR);
      return null;
    }
    const v = parseLongBig(argv[j + 3]);
    if (v === null) {
      c.addError(E.NOT_INTEGER);
      return null;
    }
    value = v;
  }
  return { op, signed: type.signed, bits: type.bits, offset, value, overflow };
}

function parseBitfieldOrReply(c: Client, argv: string[], readOnly: boolean): BitfieldPlan | null {
  const plan: BitfieldPlan = { ops: [], highestWriteBit: -1 };
  let overflow: Overflow = 'WRAP';
  for (let j = 2; j < argv.length; j++) {
    const rem = argv.length - j - 1;
    const sub = argv[j].toUpperCase();
    if (sub === 'OVERFLOW' && rem >= 1) {
      const t = argv[++j].toUpperCase();
      if (t !== 'WRAP' && t !== 'SAT' && t !== 'FAIL') {
        c.addError(BITFIELD_OVERFLOW_ERR);
        return null;
      }
      overflow = t;
      continue;
    }
    if (!((sub === 'GET' && rem >= 2) || ((sub === 'SET' || sub === 'INCRBY') && rem >= 3))) {
      c.addError(E.SYNTAX);
      return null;
    }
    const op = parseFieldOpOrReply(c, argv, j, sub as FieldOp, readOnly, overflow);
    if (op === null) return null;
    plan.ops.push(op);
    if (op.op !== 'GET') plan.highestWriteBit = Math.max(plan.highestWriteBit, op.offset + op.bits - 1);
    j += op.op === 'GET' ? 2 : 3;
  }
  return plan;
}

/** Reads `bits` bits at bit `offset` (MSB first) from a string or buffer; missing bytes are zero. */
function readField(src: string | Uint8Array, offset: number, bits: number): bigint {
  const b0 = Math.floor(offset / 8);
  const b1 = Math.floor((offset + bits - 1) / 8);
  let acc = 0n;
  for (let i = b0; i <= b1; i++) {
    const byte = i < src.length ? (typeof src === 'string' ? src.charCodeAt(i) : src[i]) : 0;
    acc = (acc << 8n) | BigInt(byte);
  }
  const tail = BigInt((b1 + 1) * 8 - (offset + bits));
  return (acc >> tail) & ((1n << BigInt(bits)) - 1n);
}

/** Writes the low `bits` bits of value at bit `offset`; the buffer is already long enough. */
function writeField(buf: Uint8Array, offset: number, bits: number, value: bigint): void {
  const b0 = Math.floor(offset / 8);
  const b1 = Math.floor((offset + bits - 1) / 8);
  let acc = 0n;
  for (let i = b0; i <= b1; i++) acc = (acc << 8n) | BigInt(buf[i]);
  const tail = BigInt((b1 + 1) * 8 - (offset + bits));
  const mask = ((1n << BigInt(bits)) - 1n) << tail;
  acc = (acc & ~mask) | ((BigInt.asUintN(bits, value) << tail) & mask);
  for (let i = b1; i >= b0; i--) {
    buf[i] = Number(acc & 0xffn);
    acc >>= 8n;
  }
}

/** Outcome of Redis's overflow check: 0 none, 1 above max, -1 below min; `limit` is the value to store. */
interface OverflowCheck {
  dir: number;
  limit: bigint;
}

const i64 = (x: bigint): bigint => BigInt.asIntN(64, x);
const u64 = (x: bigint): bigint => BigInt.asUintN(64, x);

/** checkUnsignedBitfieldOverflow, with C's uint64/int64 wrap-around kept. */
function unsignedOverflow(value: bigint, incr: bigint, bits: number, ow: Overflow): OverflowCheck {
  const max = (1n << BigInt(bits)) - 1n;
  const maxincr = i64(max - value);
  const minincr = i64(-value);
  const wrapped = u64(value + incr) & max;
  if (value > max || (incr > 0n && incr > maxincr)) return { dir: 1, limit: ow === 'WRAP' ? wrapped : max };
  if (incr < 0n && incr < minincr) return { dir: -1, limit: ow === 'WRAP' ? wrapped : 0n };
  return { dir: 0, limit: 0n };
}

/** checkSignedBitfieldOverflow, with C's uint64/int64 wrap-around kept (so its quirks match too). */
function signedOverflow(value: bigint, incr: bigint, bits: number, ow: Overflow): OverflowCheck {
  const max = bits === 64 ? 9223372036854775807n : (1n << BigInt(bits - 1)) - 1n;
  const min = -max - 1n;
  const maxincr = i64(u64(max) - u64(value));
  const minincr = i64(min - value);
  const wrapped = BigInt.asIntN(bits, u64(value + incr));
  if (value > max || (bits !== 64 && incr > maxincr) || (value >= 0n && incr > 0n && incr > maxincr)) {
    return { dir: 1, limit: ow === 'WRAP' ? wrapped : max };
  }
  if (value < min || (bits !== 64 && incr < minincr) || (value < 0n && incr < 0n && incr < minincr)) {
    return { dir: -1, limit: ow === 'WRAP' ? wrapped : min };
  }
  return { dir: 0, limit: 0n };
}

/** Runs one SET/INCRBY on buf; returns the reply (null on FAIL overflow) and whether the field changed. */
function applyFieldWrite(buf: Uint8Array, op: BitfieldOp): { reply: bigint | null; changed: boolean } {
  const raw = readField(buf, op.offset, op.bits);
  const old = op.signed ? BigInt.asIntN(op.bits, raw) : raw;
  const check = op.signed ? signedOverflow : unsignedOverflow;
  let next: bigint;
  let ov: OverflowCheck;
  if (op.op === 'INCRBY') {
    ov = check(old, op.value, op.bits, op.overflow);
    next = ov.dir !== 0 ? ov.limit : old + op.value;
  } else {
    const v = op.signed ? op.value : u64(op.value);
    ov = check(v, 0n, op.bits, op.overflow);
    next = ov.dir !== 0 ? ov.limit : v;
  }
  if (ov.dir !== 0 && op.overflow === 'FAIL') return { reply: null, changed: false };
  writeField(buf, op.offset, op.bits, next);
  return { reply: op.op === 'INCRBY' ? next : old, changed: next !== old };
}

function bitfieldReadOnly(c: Client, key: string, ops: BitfieldOp[]): void {
  const v = c.db.lookupRead(key);
  if (v !== undefined && typeof v !== 'string') {
    c.addError(E.WRONGTYPE);
    return;
  }
  const s = v ?? '';
  c.addArrayLen(ops.length);
  for (const op of ops) {
    const raw = readField(s, op.offset, op.bits);
    c.addInt(op.signed ? BigInt.asIntN(op.bits, raw) : raw);
  }
}

function bitfieldWrite(c: Client, key: string, plan: BitfieldPlan): void {
  const v = stringForWriteOrReply(c, key);
  if (v === null) return;
  const needed = Math.floor(plan.highestWriteBit / 8) + 1;
  if (needed > MAX_JS_STRING_BYTES) {
    c.addError(BIT_OFFSET_ERR);
    return;
  }
  const cur = v ?? '';
  const grown = v === undefined || needed > cur.length;
  const buf = Buffer.alloc(Math.max(cur.length, needed));
  buf.write(cur, 0, 'latin1');
  let changes = 0;
  c.addArrayLen(plan.ops.length);
  for (const op of plan.ops) {
    if (op.op === 'GET') {
      const raw = readField(buf, op.offset, op.bits);
      c.addInt(op.signed ? BigInt.asIntN(op.bits, raw) : raw);
      continue;
    }
    const r = applyFieldWrite(buf, op);
    if (r.reply === null) c.addNull();
    else {
      c.addInt(r.reply);
      if (grown || r.changed) changes++;
    }
  }
  if (grown || changes > 0) storeBits(c, key, v !== undefined, buf.toString('latin1'), changes);
  else noteStringEncoding(c, key, cur, 'raw');
}

function bitfieldGeneric(c: Client, argv: string[], readOnly: boolean): void {
  const plan = parseBitfieldOrReply(c, argv, readOnly);
  if (plan === null) return;
  if (plan.highestWriteBit < 0) bitfieldReadOnly(c, argv[1], plan.ops);
  else bitfieldWrite(c, argv[1], plan);
}

function bitfieldCommand(c: Client, argv: string[]): void {
  bitfieldGeneric(c, argv, false);
}

function bitfieldRoCommand(c: Client, argv: string[]): void {
  bitfieldGeneric(c, argv, true);
}

// ---- table ----

const B = { categories: ['bitmap'] };

function specs(): CommandSpec[] {
  return [
    cmd('setbit', 4, 'write denyoom', [1, 1, 1], 'bitmap', setbitCommand, { ...B, since: '2.2.0', summary: 'Sets or clears the bit at offset in the string value stored at key', complexity: 'O(1)' }),
    cmd('getbit', 3, 'readonly fast', [1, 1, 1], 'bitmap', getbitCommand, { ...B, since: '2.2.0', summary: 'Returns the bit value at offset in the string value stored at key', complexity: 'O(1)' }),
    cmd('bitcount', -2, 'readonly', [1, 1, 1], 'bitmap', bitcountCommand, { ...B, since: '2.6.0', summary: 'Count set bits in a string', complexity: 'O(N)' }),
    cmd('bitpos', -3, 'readonly', [1, 1, 1], 'bitmap', bitposCommand, { ...B, since: '2.8.7', summary: 'Find first bit set or clear in a string', complexity: 'O(N)' }),
    cmd('bitop', -4, 'write denyoom', [2, -1, 1], 'bitmap', bitopCommand, { ...B, since: '2.6.0', summary: 'Perform bitwise operations between strings', complexity: 'O(N)' }),
    cmd('bitfield', -2, 'write denyoom', [1, 1, 1], 'bitmap', bitfieldCommand, { ...B, since: '3.2.0', summary: 'Perform arbitrary bitfield integer operations on strings', complexity: 'O(1) for each subcommand specified' }),
    cmd('bitfield_ro', -2, 'readonly fast', [1, 1, 1], 'bitmap', bitfieldRoCommand, { ...B, since: '6.0.0', summary: 'Perform arbitrary bitfield integer operations on strings. Read-only variant of BITFIELD', complexity: 'O(1) for each subcommand specified' }),
  ];
}

export function install(server: Server): void {
  server.commands.register(specs());
}
