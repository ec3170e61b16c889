/**
 * The varints of the packed listpack strings (hash.ts, zset.ts): little-endian base-128, one char per 7 bits,
 * so a count or length below 128 is one char. Readers return the value and leave the position after it in
 * `lenEnd` (a module variable read through the live import binding: no object per read on the hot path).
 */

/** The position after the varint read by readLen()/readLongLen()/bodyStart(). */
export let lenEnd = 0;

/** The varint of n (a length, a count, or a zset score varint up to 2^52: no 32-bit bit operations). */
export function lenPrefix(n: number): string {
  if (n < 0x80) return String.fromCharCode(n);
  let out = '';
  while (n >= 0x80) {
    out += String.fromCharCode((n % 0x80) | 0x80);
    n = Math.floor(n / 0x80);
  }
  return out + String.fromCharCode(n);
}

/** A varint of two or more chars starting at p (the first char is >= 0x80); sets lenEnd. */
export function readLongLen(s: string, p: number): number {
  let n = 0;
  let scale = 1;
  let c: number;
  do {
    c = s.charCodeAt(p++);
    n += (c & 0x7f) * scale;
    scale *= 0x80;
  } while (c >= 0x80);
  lenEnd = p;
  return n;
}

/** A length or count at p (one char below 0x80, else a longer varint); sets lenEnd. */
export function readLen(s: string, p: number): number {
  const c = s.charCodeAt(p);
  if (c >= 0x80) return readLongLen(s, p);
  lenEnd = p + 1;
  return c;
}

/** Where the entries of a packed string start (after its count). */
export function bodyStart(s: string): number {
  return s.charCodeAt(0) < 0x80 ? 1 : (readLongLen(s, 0), lenEnd);
}
