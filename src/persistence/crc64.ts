/**
 * CRC-64/Jones as Redis computes it for RDB files and DUMP payloads (poly 0xad93d23594c935a9, reflected,
 * init 0, xorout 0; check value of "123456789" = 0xe9c6d914c4b8d9ca).
 *
 * Why two 32-bit halves instead of BigInt: a BigInt per byte runs ~50x slower, and RDB files of tens of MB
 * are checksummed on every load and save. The table is the reflected polynomial, one entry per byte value.
 */
const POLY_REFLECTED_HI = 0x95ac9329;
const POLY_REFLECTED_LO = 0xac4bc9b5;

const TABLE_HI = new Uint32Array(256);
const TABLE_LO = new Uint32Array(256);

(function buildTable(): void {
  for (let i = 0; i < 256; i++) {
    let hi = 0;
    let lo = i;
    for (let bit = 0; bit < 8; bit++) {
      const carry = lo & 1;
      lo = ((lo >>> 1) | ((hi & 1) << 31)) >>> 0;
      hi = hi >>> 1;
      if (carry) {
        hi = (hi ^ POLY_REFLECTED_HI) >>> 0;
        lo = (lo ^ POLY_REFLECTED_LO) >>> 0;
      }
    }
    TABLE_HI[i] = hi;
    TABLE_LO[i] = lo;
  }
})();

/**
 * Slicing-by-8: SLICE_*[k * 256 + b] is the CRC contribution of byte b followed by k zero bytes, so eight
 * input bytes cost eight independent lookups instead of eight dependent byte steps (about 3x faster; the
 * CRC of a 25 MB RDB runs on every load).
 */
const SLICE_HI = new Uint32Array(8 * 256);
const SLICE_LO = new Uint32Array(8 * 256);

(function buildSliceTables(): void {
  SLICE_HI.set(TABLE_HI);
  SLICE_LO.set(TABLE_LO);
  for (let k = 1; k < 8; k++) {
    for (let b = 0; b < 256; b++) {
      const phi = SLICE_HI[(k - 1) * 256 + b];
      const plo = SLICE_LO[(k - 1) * 256 + b];
      const idx = plo & 0xff;
      SLICE_LO[k * 256 + b] = (((plo >>> 8) | (phi << 24)) ^ TABLE_LO[idx]) >>> 0;
      SLICE_HI[k * 256 + b] = ((phi >>> 8) ^ TABLE_HI[idx]) >>> 0;
    }
  }
})();

/** The high half of update8's result (a second return value without allocating). */
let r_hi = 0;

/** Runs the whole 8-byte blocks of buf[start, end); returns the low half, the high half in r_hi. */
function update8(buf: Uint8Array, start: number, end: number, hi: number, lo: number): number {
  const stop = end - ((end - start) & 7);
  const H = SLICE_HI;
  const L = SLICE_LO;
  for (let i = start; i < stop; i += 8) {
    const a = lo ^ (buf[i] | (buf[i + 1] << 8) | (buf[i + 2] << 16) | (buf[i + 3] << 24));
    const b = hi ^ (buf[i + 4] | (buf[i + 5] << 8) | (buf[i + 6] << 16) | (buf[i + 7] << 24));
    const i7 = 1792 + (a & 0xff);
    const i6 = 1536 + ((a >>> 8) & 0xff);
    const i5 = 1280 + ((a >>> 16) & 0xff);
    const i4 = 1024 + (a >>> 24);
    const i3 = 768 + (b & 0xff);
    const i2 = 512 + ((b >>> 8) & 0xff);
    const i1 = 256 + ((b >>> 16) & 0xff);
    const i0 = b >>> 24;
    lo = L[i7] ^ L[i6] ^ L[i5] ^ L[i4] ^ L[i3] ^ L[i2] ^ L[i1] ^ L[i0];
    hi = H[i7] ^ H[i6] ^ H[i5] ^ H[i4] ^ H[i3] ^ H[i2] ^ H[i1] ^ H[i0];
  }
  r_hi = hi;
  return lo;
}

/** An incremental CRC-64 (feed chunks in order). */
export class Crc64 {
  hi = 0;
  lo = 0;

  update(buf: Uint8Array, start = 0, end = buf.length): this {
    let hi = this.hi;
    let lo = this.lo;
    let i = start;
    if (end - start >= 64) {
      const r = update8(buf, start, end, hi, lo);
      hi = r_hi;
      lo = r;
      i = end - ((end - start) & 7);
    }
    for (; i < end; i++) {
      const idx = (lo ^ buf[i]) & 0xff;
      lo = ((lo >>> 8) | (hi << 24)) ^ TABLE_LO[idx];
      hi = (hi >>> 8) ^ TABLE_HI[idx];
    }
    this.hi = hi >>> 0;
    this.lo = lo >>> 0;
    return this;
  }

  /** The checksum as 8 little-endian bytes (how RDB files and DUMP payloads store it). */
  digestLE(): Buffer {
    const out = Buffer.allocUnsafe(8);
    out.writeUInt32LE(this.lo, 0);
    out.writeUInt32LE(this.hi, 4);
    return out;
  }

  toBigInt(): bigint {
    return (BigInt(this.hi) << 32n) | BigInt(this.lo);
  }

  /** True when the 8 bytes at buf[pos] hold this checksum (little endian). */
  matchesLE(buf: Uint8Array, pos: number): boolean {
    const lo = (buf[pos] | (buf[pos + 1] << 8) | (buf[pos + 2] << 16) | (buf[pos + 3] << 24)) >>> 0;
    const hi = (buf[pos + 4] | (buf[pos + 5] << 8) | (buf[pos + 6] << 16) | (buf[pos + 7] << 24)) >>> 0;
    return lo === this.lo && hi === this.hi;
  }
}

export function crc64(buf: Uint8Array, start = 0, end = buf.length): Crc64 {
  return new Crc64().update(buf, start, end);
}
