/**
 * x87 80-bit long double arithmetic, emulated exactly with BigInt, for INCRBYFLOAT and HINCRBYFLOAT: Redis
 * computes these in `long double` on x86-64 and prints them with "%.17Lf" trimmed, so matching its replies
 * digit for digit needs the same rounding (0.1 + 0.2 gives "0.3"; 10.5 + 0.1 then + 5.0e3 gives
 * "5010.60000000000000009").
 */

/** A finite long double: (neg ? -1 : 1) * m * 2^e, m < 2^64 (m = 0 is zero). */
export interface LongDouble {
  neg: boolean;
  m: bigint;
  e: number;
}

export const LD_ZERO: LongDouble = { neg: false, m: 0n, e: 0 };
/** Infinity (accepted by strtold; any sum with it is an error for INCRBYFLOAT). */
export const LD_INF: LongDouble = { neg: false, m: -1n, e: 0 };
/** 2^-16445 is the smallest subnormal; values >= 2^16384 overflow. */
const LD_MIN_EXP = -16445;
const LD_MAX_BITS = 16384;
const MAX_LONG_DOUBLE_CHARS = 5 * 1024;
const DEC_RE = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;
const HEX_RE = /^([+-]?)0[xX]([0-9a-fA-F]*)(?:\.([0-9a-fA-F]*))?(?:[pP]([+-]?\d+))?$/;
const INF_RE = /^([+-]?)(inf|infinity)$/i;

/** Number of significant bits of a positive bigint. */
function bitLength(n: bigint): number {
  if (n === 0n) return 0;
  const hex = n.toString(16);
  return (hex.length - 1) * 4 + (32 - Math.clz32(parseInt(hex[0], 16)));
}

/** Exponent digits, clamped far outside any representable range. */
function parseExponent(s: string | undefined): number {
  if (s === undefined) return 0;
  const n = Number(s);
  return Math.max(-1e7, Math.min(1e7, n));
}

/**
 * Redis's string2ld: strtold with no leading space and nothing left over; nan, overflow and underflow to
 * zero are rejected; infinity is accepted. Returns null when Redis would say "not a valid float".
 */
export function parseLongDouble(input: string): LongDouble | null {
  if (input.length === 0 || input.length >= MAX_LONG_DOUBLE_CHARS) return null;
  const s = input;
  let m = DEC_RE.exec(s);
  if (m !== null && (m[2].length > 0 || (m[3] ?? '').length > 0)) {
    const frac = m[3] ?? '';
    const digits = (m[2] + frac).replace(/^0+/, '');
    return decimalToLd(m[1] === '-', digits, parseExponent(m[4]) - frac.length);
  }
  m = HEX_RE.exec(s);
  if (m !== null && (m[2].length > 0 || (m[3] ?? '').length > 0)) {
    const frac = m[3] ?? '';
    const mant = BigInt('0x' + (m[2] + frac || '0'));
    return mant === 0n ? LD_ZERO : roundToLd(m[1] === '-', mant, 1n, parseExponent(m[4]) - 4 * frac.length);
  }
  if (INF_RE.test(s)) return LD_INF;
  return null;
}

function decimalToLd(neg: boolean, digits: string, exp10: number): LongDouble | null {
  if (digits.length === 0) return LD_ZERO;
  const magnitude = digits.length - 1 + exp10;
  if (magnitude > 4940 || magnitude < -4960) return null;
  const d = BigInt(digits);
  if (exp10 >= 0) return roundToLd(neg, d * 10n ** BigInt(exp10), 1n, 0);
  return roundToLd(neg, d, 10n ** BigInt(-exp10), 0);
}

/** Rounds num/den * 2^e2 (num, den > 0) to the nearest long double, ties to even; null on over/underflow. */
function roundToLd(neg: boolean, num: bigint, den: bigint, e2: number): LongDouble | null {
  const s = 66 - (bitLength(num) - bitLength(den));
  let q: bigint;
  let rem: bigint;
  if (s >= 0) {
    const n = num << BigInt(s);
    q = n / den;
    rem = n % den;
  } else {
    const d = den << BigInt(-s);
    q = num / d;
    rem = num % d;
  }
  const r = roundBits(neg, q, rem !== 0n, e2 - s);
  return r === null || r.m === 0n ? null : r;
}

/** Rounds t * 2^exp (+ a sticky fraction below it) to 64 significant bits; null on overflow. */
function roundBits(neg: boolean, t: bigint, sticky: boolean, exp: number): LongDouble | null {
  let drop = bitLength(t) - 64;
  if (exp + drop < LD_MIN_EXP) drop = LD_MIN_EXP - exp;
  if (drop > bitLength(t) + 1) return { neg, m: 0n, e: 0 };
  if (drop > 0) {
    const bd = BigInt(drop);
    const low = t & ((1n << bd) - 1n);
    const half = 1n << (bd - 1n);
    t >>= bd;
    exp += drop;
    if (low > half || (low === half && (sticky || (t & 1n) === 1n))) t += 1n;
    if (t === 1n << 64n) {
      t >>= 1n;
      exp += 1;
    }
  }
  if (t !== 0n && exp + bitLength(t) > LD_MAX_BITS) return null;
  return { neg, m: t, e: exp };
}

/** Exact sum rounded to long double; null if it overflows to infinity. */
export function ldAdd(a: LongDouble, b: LongDouble): LongDouble | null {
  if (b.m === 0n) return a;
  if (a.m === 0n) return b;
  const e = Math.min(a.e, b.e);
  const ma = a.m << BigInt(a.e - e);
  const mb = b.m << BigInt(b.e - e);
  const sum = (a.neg ? -ma : ma) + (b.neg ? -mb : mb);
  if (sum === 0n) return LD_ZERO;
  return roundBits(sum < 0n, sum < 0n ? -sum : sum, false, e);
}

const TEN17 = 10n ** 17n;

/** printf("%.17Lf") with trailing zeros (and a bare '.') removed, "-0" printed as "0": Redis's human form. */
export function ldFormatHuman(x: LongDouble): string {
  if (x.m === 0n) return '0';
  let s: string;
  if (x.e >= 0) s = (x.m << BigInt(x.e)).toString();
  else {
    const sh = BigInt(-x.e);
    const scaled = x.m * TEN17;
    let q = scaled >> sh;
    const rem = scaled - (q << sh);
    const half = 1n << (sh - 1n);
    if (rem > half || (rem === half && (q & 1n) === 1n)) q += 1n;
    const frac = (q % TEN17).toString().padStart(17, '0').replace(/0+$/, '');
    s = (q / TEN17).toString() + (frac.length > 0 ? '.' + frac : '');
  }
  return x.neg && s !== '0' ? '-' + s : s;
}

/** Parses, adds and formats as INCRBYFLOAT would (exported for unit tests). */
export function incrByFloatString(cur: string, incr: string): string | null {
  const a = parseLongDouble(cur);
  const b = parseLongDouble(incr);
  if (a === null || b === null || a === LD_INF || b === LD_INF) return null;
  const s = ldAdd(a, b);
  return s === null ? null : ldFormatHuman(s);
}

