/**
 * What a key holds. Strings are plain latin1 JS strings (no wrapper: 1M small keys cost about what Redis
 * pays); every other type is an object with a `kind` tag. Type files in this folder implement them.
 */
export type ValueKind = 'string' | 'list' | 'hash' | 'set' | 'zset' | 'stream';

export interface CompoundValue {
  readonly kind: Exclude<ValueKind, 'string'>;
  /** Number of elements (LLEN, HLEN, SCARD, ZCARD, XLEN). */
  size(): number;
  /** OBJECT ENCODING as Redis 7.0 would answer for the same contents and thresholds. */
  encoding(): string;
  /** A deep copy (COPY, snapshots copy-on-write). */
  clone(): CompoundValue;
}

export type Value = string | CompoundValue;

export function kindOf(v: Value): ValueKind {
  return typeof v === 'string' ? 'string' : v.kind;
}

/** Redis's encoding for a string value: int, embstr (<= 44 bytes) or raw. */
export function stringEncoding(s: string): string {
  if (s.length <= 20 && isCanonicalInt64(s)) return 'int';
  return s.length <= 44 ? 'embstr' : 'raw';
}

const INT64_MAX = 9223372036854775807n;
const INT64_MIN = -9223372036854775808n;

/** True when s is exactly the decimal text of a signed 64-bit integer (no '+', no leading zeros). */
export function isCanonicalInt64(s: string): boolean {
  const n = s.length;
  if (n === 0 || n > 20) return false;
  let i = 0;
  if (s.charCodeAt(0) === 45) {
    if (n === 1) return false;
    i = 1;
  }
  const first = s.charCodeAt(i);
  if (first === 48) return n === 1; // "0" only; "-0" and "01" are not canonical
  for (; i < n; i++) {
    const d = s.charCodeAt(i);
    if (d < 48 || d > 57) return false;
  }
  if (n < 19) return true;
  const b = BigInt(s);
  return b <= INT64_MAX && b >= INT64_MIN;
}
