/**
 * x87 80-bit long double arithmetic, just enough for HINCRBYFLOAT (and INCRBYFLOAT): Redis parses with
 * strtold, adds in long double (64-bit mantissa) and prints with "%.17Lf" minus trailing zeros. Doing the
 * same in JS doubles gives different text (0.1 + 0.2 -> "0.30000000000000004" instead of Redis's "0.3"), so
 * values are exact BigInt mantissa/exponent pairs, rounded to 64 bits half-to-even like the FPU.
 */
import { parseDouble } from './util.js';

/** value = (neg ? -1 : 1) * m * 2^e; m < 2^64. inf: m = -1n. */
export interface LongDouble {
  neg: boolean;
  m: bigint;
  e: number;
}

const MANT_BITS = 64;
const MAX_EXP = 16384; // values >= 2^16384 overflow to inf
const MIN_EXP = -16445; // below the smallest subnormal: underflow (strtold ERANGE)
const DEC = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;

export function ldIsFinite(x: LongDouble): boolean {
  return x.m >= 0n;
}

function bitLength(n: bigint): number {
  return n === 0n ? 0 : n.toString(2).length;
}

/** Rounds num/den (positive) to a 64-bit mantissa, half to even. */
function roundRational(neg: boolean, num: bigint, den: bigint): LongDouble {
  if (num === 0n) return { neg, m: 0n, e: 0 };
  let e = bitLength(num) - bitLength(den) - MANT_BITS;
  for (;;) {
    const n = e >= 0 ? num : num << BigInt(-e);
    const d = e >= 0 ? den << BigInt(e) : den;
    let q = n / d;
    if (q >= 1n << 64n) {
      e++;
      continue;
    }
    if (q < 1n << 63n) {
      e--;
      continue;
    }
    const r2 = (n % d) * 2n;
    if (r2 > d || (r2 === d && (q & 1n) === 1n)) q++;
    if (q === 1n << 64n) {
      q >>= 1n;
      e++;
    }
    if (e + MANT_BITS > MAX_EXP) return { neg, m: -1n, e: 0 };
    return { neg, m: q, e };
  }
}

/** strtold acceptance (as Redis's getLongDoubleFromObject): null for malformed, nan, overflow, underflow. */
export function ldParse(s: string): LongDouble | null {
  if (s.length === 0 || s.length > 5000) return null;
  const mt = DEC.exec(s);
  if (mt === null || (mt[2] === '' && (mt[3] === undefined || mt[3] === ''))) {
    const d = parseDouble(s); // inf / infinity / hex floats: exact in a double
    if (d === null) return null;
    if (!Number.isFinite(d)) return { neg: d < 0, m: -1n, e: 0 };
    return fromDouble(d);
  }
  const neg = mt[1] === '-';
  const frac = mt[3] ?? '';
  const digits = (mt[2] + frac).replace(/^0+/, '');
  if (digits === '') return { neg, m: 0n, e: 0 };
  const exp10 = Number(mt[4] ?? '0') - frac.length;
  const magnitude = exp10 + digits.length;
  if (magnitude > 4940) return null;
  if (magnitude < -4960) return null;
  const num = BigInt(digits) * (exp10 > 0 ? 10n ** BigInt(exp10) : 1n);
  const den = exp10 < 0 ? 10n ** BigInt(-exp10) : 1n;
  const r = roundRational(neg, num, den);
  if (r.m < 0n || (r.m !== 0n && r.e < MIN_EXP)) return null;
  return r;
}

function fromDouble(d: number): LongDouble {
  const neg = d < 0 || Object.is(d, -0);
  let a = Math.abs(d);
  if (a === 0) return { neg, m: 0n, e: 0 };
  let e = 0;
  while (a < 2 ** 52) {
    a *= 2;
    e--;
  }
  while (a >= 2 ** 53) {
    a /= 2;
    e++;
  }
  return { neg, m: BigInt(a) << 11n, e: e - 11 };
}

/** a + b rounded to long double. */
export function ldAdd(a: LongDouble, b: LongDouble): LongDouble {
  if (!ldIsFinite(a) || !ldIsFinite(b)) {
    if (!ldIsFinite(a) && !ldIsFinite(b) && a.neg !== b.neg) return { neg: false, m: -1n, e: 0 };
    return ldIsFinite(a) ? b : a;
  }
  if (a.m === 0n) return b.m === 0n ? { neg: a.neg && b.neg, m: 0n, e: 0 } : b;
  if (b.m === 0n) return a;
  const e = Math.min(a.e, b.e);
  const av = (a.neg ? -a.m : a.m) << BigInt(a.e - e);
  const bv = (b.neg ? -b.m : b.m) << BigInt(b.e - e);
  const s = av + bv;
  if (s === 0n) return { neg: false, m: 0n, e: 0 };
  const neg = s < 0n;
  const abs = neg ? -s : s;
  if (e >= 0) return roundRational(neg, abs << BigInt(e), 1n);
  return roundRational(neg, abs, 1n << BigInt(-e));
}

const TEN17 = 10n ** 17n;

/** "%.17Lf" with trailing zeros (and a trailing '.') removed, "-0" as "0": Redis's LD_STR_HUMAN. */
export function ldFormatHuman(x: LongDouble): string {
  if (!ldIsFinite(x)) return x.neg ? '-inf' : 'inf';
  let n: bigint;
  if (x.e >= 0) n = (x.m << BigInt(x.e)) * TEN17;
  else {
    const num = x.m * TEN17;
    const den = 1n << BigInt(-x.e);
    n = num / den;
    const r2 = (num % den) * 2n;
    if (r2 > den || (r2 === den && (n & 1n) === 1n)) n++;
  }
  const int = (n / TEN17).toString();
  let frac = (n % TEN17).toString().padStart(17, '0').replace(/0+$/, '');
  const body = frac === '' ? int : int + '.' + frac;
  if (body === '0') return '0';
  return x.neg ? '-' + body : body;
}
