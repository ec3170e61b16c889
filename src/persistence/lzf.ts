/**
 * LZF, the compression RDB uses for strings longer than 20 bytes (rdbcompression yes) and for compressed
 * quicklist nodes. Format: a control byte < 32 starts a literal run of ctrl+1 bytes; otherwise the top 3 bits
 * are the match length - 2 (7 = one extra length byte follows) and the low 5 bits plus the next byte the
 * back-reference distance - 1 (at most 8 KB back).
 *
 * The compressor follows liblzf's greedy choices (3-byte hash with 2^16 slots, re-hashing the last two bytes
 * of each match) so that its output usually matches Redis's byte for byte; any valid LZF stream would load.
 */
const HLOG = 16;
const HSIZE = 1 << HLOG;
const MAX_LIT = 32;
const MAX_OFF = 1 << 13;
const MAX_REF = (1 << 8) + (1 << 3);

/**
 * The hash table of recent positions, shared by every call. Entries hold position + htabBase; each call
 * raises htabBase past everything the previous one stored, so stale entries read as negative positions (no
 * match) without clearing 256 KB per string: the same choices as a freshly cleared table.
 */
const htab = new Int32Array(HSIZE).fill(-1);
let htabBase = 0;

function idx(h: number): number {
  return ((h >>> 8) - Math.imul(h, 5)) & (HSIZE - 1);
}

/**
 * Compresses input into out; returns the compressed length, or 0 when it does not fit in out.length
 * (Redis gives lzf an output of len - 4 bytes and stores the string raw when compression fails).
 */
export function lzfCompress(input: Uint8Array, out: Uint8Array): number {
  const inLen = input.length;
  const outEnd = out.length;
  if (inLen === 0) return 0;
  if (htabBase > 0x7fffffff - inLen - 1) {
    htab.fill(-1);
    htabBase = 0;
  }
  const base = htabBase;
  htabBase += inLen + 1;
  let ip = 0;
  let op = 1;
  let lit = 0;
  let hval = (input[0] << 8) | (inLen > 1 ? input[1] : 0);
  while (ip < inLen - 2) {
    hval = ((hval << 8) | input[ip + 2]) >>> 0;
    const slot = idx(hval);
    const ref = htab[slot] - base;
    htab[slot] = ip + base;
    const off = ip - ref - 1;
    if (ref > 0 && off >= 0 && off < MAX_OFF && input[ref + 2] === input[ip + 2] && input[ref] === input[ip] && input[ref + 1] === input[ip + 1]) {
      let len = 2;
      let maxlen = inLen - ip - len;
      if (maxlen > MAX_REF) maxlen = MAX_REF;
      if (op + 3 + 1 >= outEnd && op - (lit === 0 ? 1 : 0) + 3 + 1 >= outEnd) return 0;
      out[op - lit - 1] = lit - 1;
      if (lit === 0) op--;
      do len++;
      while (len < maxlen && input[ref + len] === input[ip + len]);
      len -= 2;
      ip++;
      if (len < 7) {
        out[op++] = (off >> 8) + (len << 5);
      } else {
        out[op++] = (off >> 8) + (7 << 5);
        out[op++] = len - 7;
      }
      out[op++] = off & 0xff;
      lit = 0;
      op++;
      ip += len + 1;
      if (ip >= inLen - 2) break;
      ip -= 2;
      hval = (input[ip] << 8) | input[ip + 1];
      hval = ((hval << 8) | input[ip + 2]) >>> 0;
      htab[idx(hval)] = ip + base;
      ip++;
      hval = ((hval << 8) | input[ip + 2]) >>> 0;
      htab[idx(hval)] = ip + base;
      ip++;
    } else {
      if (op >= outEnd) return 0;
      lit++;
      out[op++] = input[ip++];
      if (lit === MAX_LIT) {
        out[op - lit - 1] = lit - 1;
        lit = 0;
        op++;
      }
    }
  }
  if (op + 3 > outEnd) return 0;
  while (ip < inLen) {
    lit++;
    out[op++] = input[ip++];
    if (lit === MAX_LIT) {
      out[op - lit - 1] = lit - 1;
      lit = 0;
      op++;
    }
  }
  out[op - lit - 1] = lit - 1;
  if (lit === 0) op--;
  return op;
}

export class LzfError extends Error {}

/** Decompresses exactly `outLen` bytes; throws LzfError on a malformed stream. */
export function lzfDecompress(input: Uint8Array, outLen: number): Buffer {
  const out = Buffer.allocUnsafe(outLen);
  const inLen = input.length;
  let ip = 0;
  let op = 0;
  while (ip < inLen) {
    const ctrl = input[ip++];
    if (ctrl < 32) {
      const n = ctrl + 1;
      if (op + n > outLen || ip + n > inLen) throw new LzfError('invalid LZF literal run');
      for (let i = 0; i < n; i++) out[op++] = input[ip++];
      continue;
    }
    let len = ctrl >> 5;
    if (len === 7) {
      if (ip >= inLen) throw new LzfError('truncated LZF stream');
      len += input[ip++];
    }
    if (ip >= inLen) throw new LzfError('truncated LZF stream');
    const ref = op - ((ctrl & 0x1f) << 8) - input[ip++] - 1;
    len += 2;
    if (ref < 0 || op + len > outLen) throw new LzfError('invalid LZF back reference');
    for (let i = 0; i < len; i++) out[op++] = out[ref + i];
  }
  if (op !== outLen) throw new LzfError('LZF length mismatch');
  return out;
}
