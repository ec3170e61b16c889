/**
 * HyperLogLog in Redis's exact string representation, so that GET on an HLL key returns the same bytes as
 * Redis and a value made by either is counted identically by the other:
 *
 *   "HYLL" | encoding (0 dense, 1 sparse) | 3 unused bytes | 8-byte little-endian cached cardinality
 *   (its top bit set = cache invalid) | registers
 *
 * Dense: 16384 registers of 6 bits, packed LSB first (12288 bytes). Sparse: run-length opcodes —
 * ZERO 00xxxxxx (1..64 zero registers), XZERO 01xxxxxx yyyyyyyy (1..16384), VAL 1vvvvvxx (value 1..32,
 * run 1..4) — edited exactly as Redis edits them (same splits, same merges, same promotion to dense past
 * hll-sparse-max-bytes or a value above 32). Elements are hashed with MurmurHash64A (seed 0xadc83b19),
 * computed on 32-bit halves; the estimate is Ertl's improved estimator as in Redis >= 5.
 *
 * Working buffers: a sparse value is edited as a plain number[] (it splices), a dense one as a Uint8Array.
 */

export const HLL_P = 14;
export const HLL_Q = 64 - HLL_P;
export const HLL_REGISTERS = 1 << HLL_P;
export const HLL_HDR_SIZE = 16;
export const HLL_DENSE_SIZE = HLL_HDR_SIZE + Math.floor((HLL_REGISTERS * 6 + 7) / 8);
export const HLL_DENSE = 0;
export const HLL_SPARSE = 1;
const HLL_ALPHA_INF = 0.721347520444481703680;
const SPARSE_VAL_MAX_VALUE = 32;
const SPARSE_VAL_MAX_LEN = 4;
const SPARSE_ZERO_MAX_LEN = 64;

export const ERR_NOT_HLL = 'WRONGTYPE Key is not a valid HyperLogLog string value.';
export const ERR_INVALID_HLL = 'INVALIDOBJ Corrupted HLL object detected';

// ---- MurmurHash64A on 32-bit halves ----

let RH = 0;
let RL = 0;

/** (ah:al) * (bh:bl) mod 2^64 into RH:RL. */
function mul64(ah: number, al: number, bh: number, bl: number): void {
  const a0 = al & 0xffff;
  const a1 = al >>> 16;
  const b0 = bl & 0xffff;
  const b1 = bl >>> 16;
  const mid = a0 * b1 + a1 * b0;
  const loFull = a0 * b0 + (mid % 65536) * 65536;
  RL = loFull % 4294967296;
  const carry = Math.floor(loFull / 4294967296);
  RH = (a1 * b1 + Math.floor(mid / 65536) + carry + Math.imul(ah, bl) + Math.imul(al, bh)) >>> 0;
}

const MH = 0xc6a4a793;
const ML = 0x5bd1e995;

/** MurmurHash64A of a latin1 string; the result is left in [hi, lo] (unsigned 32-bit each). */
export function murmurHash64A(s: string, seed: number): [number, number] {
  const len = s.length;
  mul64(0, len, MH, ML);
  let hh = RH;
  let hl = (RL ^ seed) >>> 0;
  const blocks = len - (len & 7);
  for (let i = 0; i < blocks; i += 8) {
    const kl = (s.charCodeAt(i) | (s.charCodeAt(i + 1) << 8) | (s.charCodeAt(i + 2) << 16) | (s.charCodeAt(i + 3) << 24)) >>> 0;
    const kh = (s.charCodeAt(i + 4) | (s.charCodeAt(i + 5) << 8) | (s.charCodeAt(i + 6) << 16) | (s.charCodeAt(i + 7) << 24)) >>> 0;
    mul64(kh, kl, MH, ML);
    let kH = RH;
    let kL = (RL ^ (RH >>> 15)) >>> 0;
    mul64(kH, kL, MH, ML);
    kH = RH;
    kL = RL;
    hh = (hh ^ kH) >>> 0;
    hl = (hl ^ kL) >>> 0;
    mul64(hh, hl, MH, ML);
    hh = RH;
    hl = RL;
  }
  const rem = len & 7;
  if (rem > 0) {
    for (let j = rem - 1; j >= 0; j--) {
      const b = s.charCodeAt(blocks + j);
      if (j >= 4) hh = (hh ^ (b << (8 * (j - 4)))) >>> 0;
      else hl = (hl ^ (b << (8 * j))) >>> 0;
    }
    mul64(hh, hl, MH, ML);
    hh = RH;
    hl = RL;
  }
  hl = (hl ^ (hh >>> 15)) >>> 0;
  mul64(hh, hl, MH, ML);
  hh = RH;
  hl = (RL ^ (RH >>> 15)) >>> 0;
  return [hh, hl];
}

/** Register index and run length ("pattern length") of an element, as Redis's hllPatLen. */
export function hllPatLen(ele: string): [number, number] {
  const [hi, lo] = murmurHash64A(ele, 0xadc83b19);
  const index = lo & (HLL_REGISTERS - 1);
  // hash >>= 14, then bit 50 set so the count ends.
  const low = ((lo >>> HLL_P) | (hi << (32 - HLL_P))) >>> 0;
  const high = ((hi >>> HLL_P) | (1 << (HLL_Q - 32))) >>> 0;
  if (low !== 0) return [index, ctz32(low) + 1];
  return [index, 32 + ctz32(high) + 1];
}

function ctz32(x: number): number {
  return 31 - Math.clz32(x & -x);
}

// ---- dense registers (offset: where the registers start in `p`) ----

export function denseGet(p: Uint8Array, off: number, idx: number): number {
  const bit = idx * 6;
  const byte = off + (bit >> 3);
  const fb = bit & 7;
  const b0 = p[byte];
  const b1 = byte + 1 < p.length ? p[byte + 1] : 0;
  return ((b0 >> fb) | (b1 << (8 - fb))) & 63;
}

export function denseSetRaw(p: Uint8Array, off: number, idx: number, val: number): void {
  const bit = idx * 6;
  const byte = off + (bit >> 3);
  const fb = bit & 7;
  const fb8 = 8 - fb;
  p[byte] &= ~(63 << fb);
  p[byte] |= val << fb;
  if (byte + 1 < p.length) {
    p[byte + 1] &= ~(63 >> fb8);
    p[byte + 1] |= val >> fb8;
  }
}

/** Sets a dense register if `count` is larger; returns 1 when changed. */
export function denseSet(p: Uint8Array, idx: number, count: number): number {
  if (count <= denseGet(p, HLL_HDR_SIZE, idx)) return 0;
  denseSetRaw(p, HLL_HDR_SIZE, idx, count);
  return 1;
}

// ---- the working value ----

/** An HLL being edited: exactly one of `dense` / `sparse` is set. */
export interface HllBuf {
  dense: Uint8Array | null;
  sparse: number[] | null;
}

/** A valid HLL string value? (Redis's isHLLObjectOrReply without the type check.) */
export function isHllString(s: string): boolean {
  if (s.length < HLL_HDR_SIZE) return false;
  if (s.charCodeAt(0) !== 72 || s.charCodeAt(1) !== 89 || s.charCodeAt(2) !== 76 || s.charCodeAt(3) !== 76) return false;
  const enc = s.charCodeAt(4);
  if (enc > HLL_SPARSE) return false;
  return enc !== HLL_DENSE || s.length === HLL_DENSE_SIZE;
}

export function hllFromString(s: string): HllBuf {
  if (s.charCodeAt(4) === HLL_DENSE) return { dense: new Uint8Array(Buffer.from(s, 'latin1')), sparse: null };
  const a = new Array<number>(s.length);
  for (let i = 0; i < s.length; i++) a[i] = s.charCodeAt(i);
  return { dense: null, sparse: a };
}

export function hllToString(h: HllBuf): string {
  if (h.dense !== null) return Buffer.from(h.dense.buffer, h.dense.byteOffset, h.dense.length).toString('latin1');
  return String.fromCharCode.apply(null, h.sparse as number[]);
}

/** A new empty HLL: sparse, one XZERO covering every register, cached cardinality 0 (valid). */
export function hllCreate(): HllBuf {
  const a = [72, 89, 76, 76, HLL_SPARSE, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
  const l = HLL_REGISTERS - 1;
  a.push(0x40 | (l >> 8), l & 0xff);
  return { dense: null, sparse: a };
}

function header(h: HllBuf): ArrayLike<number> & { [i: number]: number } {
  return (h.dense ?? h.sparse) as ArrayLike<number> & { [i: number]: number };
}

export function hllInvalidateCache(h: HllBuf): void {
  const hd = header(h);
  hd[15] |= 0x80;
}

export function hllCacheValid(s: string): boolean {
  return (s.charCodeAt(15) & 0x80) === 0;
}

export function hllCachedCard(s: string): number {
  let lo = 0;
  for (let i = 3; i >= 0; i--) lo = lo * 256 + s.charCodeAt(8 + i);
  let hi = 0;
  for (let i = 3; i >= 0; i--) hi = hi * 256 + s.charCodeAt(12 + i);
  return hi * 4294967296 + lo;
}

export function hllSetCachedCard(h: HllBuf, card: number): void {
  const hd = header(h);
  let v = card;
  for (let i = 0; i < 8; i++) {
    hd[8 + i] = v % 256;
    v = Math.floor(v / 256);
  }
}

/** Converts a sparse HLL to dense in place; false when the sparse data is corrupt. */
export function hllSparseToDense(h: HllBuf): boolean {
  if (h.dense !== null) return true;
  const sp = h.sparse as number[];
  const d = new Uint8Array(HLL_DENSE_SIZE);
  for (let i = 0; i < HLL_HDR_SIZE; i++) d[i] = sp[i];
  d[4] = HLL_DENSE;
  let idx = 0;
  for (let p = HLL_HDR_SIZE; p < sp.length; ) {
    const op = sp[p];
    if ((op & 0xc0) === 0) {
      idx += (op & 0x3f) + 1;
      p++;
    } else if ((op & 0xc0) === 0x40) {
      idx += (((op & 0x3f) << 8) | (sp[p + 1] ?? 0)) + 1;
      p += 2;
    } else {
      let runlen = (op & 3) + 1;
      const val = ((op >> 2) & 0x1f) + 1;
      if (runlen + idx > HLL_REGISTERS) break;
      while (runlen--) denseSetRaw(d, HLL_HDR_SIZE, idx++, val);
      p++;
    }
  }
  if (idx !== HLL_REGISTERS) return false;
  h.dense = d;
  h.sparse = null;
  return true;
}

// ---- sparse editing (Redis's hllSparseSet) ----

function valOp(val: number, len: number): number {
  return 0x80 | ((val - 1) << 2) | (len - 1);
}

function zeroRun(out: number[], len: number): void {
  if (len > SPARSE_ZERO_MAX_LEN) {
    const l = len - 1;
    out.push(0x40 | (l >> 8), l & 0xff);
  } else out.push(len - 1);
}

/** Opcode holding register `index`: [position, first register it covers, span]; null when corrupt. */
function findOpcode(sp: number[], index: number): [number, number, number, number] | null {
  let p = HLL_HDR_SIZE;
  let first = 0;
  let prev = -1;
  let span = 0;
  while (p < sp.length) {
    const op = sp[p];
    let oplen = 1;
    if ((op & 0xc0) === 0) span = (op & 0x3f) + 1;
    else if (op & 0x80) span = (op & 3) + 1;
    else {
      span = (((op & 0x3f) << 8) | (sp[p + 1] ?? 0)) + 1;
      oplen = 2;
    }
    if (index <= first + span - 1) break;
    prev = p;
    p += oplen;
    first += span;
  }
  if (span === 0 || p >= sp.length) return null;
  return [p, first, span, prev];
}

/** Merges adjacent VAL opcodes with equal values, scanning up to 5 opcodes from `start`. */
function mergeAdjacentVals(sp: number[], start: number): void {
  let p = start;
  let scanlen = 5;
  while (p < sp.length && scanlen--) {
    const op = sp[p];
    if ((op & 0xc0) === 0x40) {
      p += 2;
      continue;
    }
    if ((op & 0xc0) === 0) {
      p++;
      continue;
    }
    if (p + 1 < sp.length && sp[p + 1] & 0x80) {
      const v1 = ((op >> 2) & 0x1f) + 1;
      const v2 = ((sp[p + 1] >> 2) & 0x1f) + 1;
      if (v1 === v2) {
        const len = (op & 3) + 1 + (sp[p + 1] & 3) + 1;
        if (len <= SPARSE_VAL_MAX_LEN) {
          sp[p + 1] = valOp(v1, len);
          sp.splice(p, 1);
          continue;
        }
      }
    }
    p++;
  }
}

/** Sets register `index` to `count` if larger; may promote to dense. 1 changed, 0 not, -1 corrupt. */
export function hllSparseSet(h: HllBuf, index: number, count: number, sparseMaxBytes: number): number {
  if (count > SPARSE_VAL_MAX_VALUE) return promote(h, index, count);
  const sp = h.sparse as number[];
  const found = findOpcode(sp, index);
  if (found === null) return -1;
  const [p, first, span, prev] = found;
  const op = sp[p];
  const isVal = (op & 0x80) !== 0;
  const isZero = (op & 0xc0) === 0;
  const isXzero = !isVal && !isZero;
  if (isVal) {
    const old = ((op >> 2) & 0x1f) + 1;
    if (old >= count) return 0;
    if (span === 1) {
      sp[p] = valOp(count, 1);
      return updated(h, sp, prev);
    }
  }
  if (isZero && span === 1) {
    sp[p] = valOp(count, 1);
    return updated(h, sp, prev);
  }
  const seq: number[] = [];
  const last = first + span - 1;
  if (!isVal) {
    if (index !== first) zeroRun(seq, index - first);
    seq.push(valOp(count, 1));
    if (index !== last) zeroRun(seq, last - index);
  } else {
    const curval = ((op >> 2) & 0x1f) + 1;
    if (index !== first) seq.push(valOp(curval, index - first));
    seq.push(valOp(count, 1));
    if (index !== last) seq.push(valOp(curval, last - index));
  }
  const oldlen = isXzero ? 2 : 1;
  const delta = seq.length - oldlen;
  if (delta > 0 && sp.length + delta > sparseMaxBytes) return promote(h, index, count);
  sp.splice(p, oldlen, ...seq);
  return updated(h, sp, prev);
}

function updated(h: HllBuf, sp: number[], prev: number): number {
  mergeAdjacentVals(sp, prev >= 0 ? prev : HLL_HDR_SIZE);
  hllInvalidateCache(h);
  return 1;
}

function promote(h: HllBuf, index: number, count: number): number {
  if (!hllSparseToDense(h)) return -1;
  return denseSet(h.dense as Uint8Array, index, count);
}

/** PFADD of one element: 1 when a register changed, 0 when not, -1 on a corrupt sparse value. */
export function hllAdd(h: HllBuf, ele: string, sparseMaxBytes: number): number {
  const [index, count] = hllPatLen(ele);
  if (h.dense !== null) return denseSet(h.dense, index, count);
  return hllSparseSet(h, index, count, sparseMaxBytes);
}

// ---- counting ----

/** Register histogram; returns false when a sparse value does not cover exactly 16384 registers. */
function regHisto(h: HllBuf, histo: Int32Array): boolean {
  if (h.dense !== null) {
    for (let i = 0; i < HLL_REGISTERS; i++) histo[denseGet(h.dense, HLL_HDR_SIZE, i)]++;
    return true;
  }
  const sp = h.sparse as number[];
  let idx = 0;
  for (let p = HLL_HDR_SIZE; p < sp.length; ) {
    const op = sp[p];
    if ((op & 0xc0) === 0) {
      const run = (op & 0x3f) + 1;
      idx += run;
      histo[0] += run;
      p++;
    } else if ((op & 0xc0) === 0x40) {
      const run = (((op & 0x3f) << 8) | (sp[p + 1] ?? 0)) + 1;
      idx += run;
      histo[0] += run;
      p += 2;
    } else {
      const run = (op & 3) + 1;
      idx += run;
      histo[((op >> 2) & 0x1f) + 1] += run;
      p++;
    }
  }
  return idx === HLL_REGISTERS;
}

function hllSigma(x: number): number {
  if (x === 1) return Infinity;
  let zPrime: number;
  let y = 1;
  let z = x;
  do {
    x *= x;
    zPrime = z;
    z += x * y;
    y += y;
  } while (zPrime !== z);
  return z;
}

function hllTau(x: number): number {
  if (x === 0 || x === 1) return 0;
  let zPrime: number;
  let y = 1.0;
  let z = 1 - x;
  do {
    x = Math.sqrt(x);
    zPrime = z;
    y *= 0.5;
    const d = 1 - x;
    z -= d * d * y;
  } while (zPrime !== z);
  return z / 3;
}

/** Ertl's estimator over a register histogram (Redis's hllCount). */
export function estimateFromHisto(histo: Int32Array): number {
  const m = HLL_REGISTERS;
  let z = m * hllTau((m - histo[HLL_Q + 1]) / m);
  for (let j = HLL_Q; j >= 1; --j) {
    z += histo[j];
    z *= 0.5;
  }
  z += m * hllSigma(histo[0] / m);
  return Math.round((HLL_ALPHA_INF * m * m) / z);
}

/** Cardinality of one HLL, or -1 when its sparse data is corrupt. */
export function hllCount(h: HllBuf): number {
  const histo = new Int32Array(64);
  if (!regHisto(h, histo)) return -1;
  return estimateFromHisto(histo);
}

/** Cardinality of raw 8-bit registers (PFCOUNT of several keys). */
export function rawCount(regs: Uint8Array): number {
  const histo = new Int32Array(64);
  for (let i = 0; i < HLL_REGISTERS; i++) histo[regs[i]]++;
  return estimateFromHisto(histo);
}

/** max[i] = MAX(max[i], register i); false when the sparse data is corrupt. */
export function hllMerge(max: Uint8Array, h: HllBuf): boolean {
  if (h.dense !== null) {
    for (let i = 0; i < HLL_REGISTERS; i++) {
      const v = denseGet(h.dense, HLL_HDR_SIZE, i);
      if (v > max[i]) max[i] = v;
    }
    return true;
  }
  const sp = h.sparse as number[];
  let i = 0;
  for (let p = HLL_HDR_SIZE; p < sp.length; ) {
    const op = sp[p];
    if ((op & 0xc0) === 0) {
      i += (op & 0x3f) + 1;
      p++;
    } else if ((op & 0xc0) === 0x40) {
      i += (((op & 0x3f) << 8) | (sp[p + 1] ?? 0)) + 1;
      p += 2;
    } else {
      let run = (op & 3) + 1;
      const val = ((op >> 2) & 0x1f) + 1;
      if (run + i > HLL_REGISTERS) break;
      while (run--) {
        if (val > max[i]) max[i] = val;
        i++;
      }
      p++;
    }
  }
  return i === HLL_REGISTERS;
}

/** PFDEBUG DECODE text of a sparse HLL. */
export function sparseDecode(h: HllBuf): string {
  const sp = h.sparse as number[];
  const parts: string[] = [];
  for (let p = HLL_HDR_SIZE; p < sp.length; ) {
    const op = sp[p];
    if ((op & 0xc0) === 0) {
      parts.push(`z:${(op & 0x3f) + 1}`);
      p++;
    } else if ((op & 0xc0) === 0x40) {
      parts.push(`Z:${(((op & 0x3f) << 8) | (sp[p + 1] ?? 0)) + 1}`);
      p += 2;
    } else {
      parts.push(`v:${((op >> 2) & 0x1f) + 1},${(op & 3) + 1}`);
      p++;
    }
  }
  return parts.join(' ');
}
