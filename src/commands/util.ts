/**
 * Argument parsing shared by commands, with Redis's acceptance rules (string2ll, strtold) so that the same
 * inputs are accepted and rejected as on Redis.
 */

const INT64_MAX = 9223372036854775807n;
const INT64_MIN = -9223372036854775808n;

/** Redis's string2ll: optional '-', no '+', no spaces, no leading zeros; int64 range. Exact as bigint. */
export function parseLongBig(s: string): bigint | null {
  const n = s.length;
  if (n === 0 || n > 20) return null;
  let i = 0;
  if (s.charCodeAt(0) === 45) {
    if (n === 1) return null;
    i = 1;
  }
  const first = s.charCodeAt(i);
  if (first === 48) return n === 1 ? 0n : null;
  for (let j = i; j < n; j++) {
    const d = s.charCodeAt(j);
    if (d < 48 || d > 57) return null;
  }
  const v = BigInt(s);
  return v > INT64_MAX || v < INT64_MIN ? null : v;
}

/**
 * Same acceptance as parseLongBig, returned as a JS number (exact up to 2^53, which covers counts, indexes
 * and times; callers that do arithmetic near the int64 limits use parseLongBig).
 */
export function parseLong(s: string): number | null {
  const n = s.length;
  if (n === 0) return null;
  if (n < 16) {
    let i = 0;
    let neg = false;
    if (s.charCodeAt(0) === 45) {
      if (n === 1) return null;
      neg = true;
      i = 1;
    }
    if (s.charCodeAt(i) === 48) return n === 1 ? 0 : null;
    let v = 0;
    for (; i < n; i++) {
      const d = s.charCodeAt(i) - 48;
      if (d < 0 || d > 9) return null;
      v = v * 10 + d;
    }
    return neg ? -v : v;
  }
  const b = parseLongBig(s);
  return b === null ? null : Number(b);
}

const DEC_FLOAT = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const HEX_FLOAT = /^[+-]?0[xX]([0-9a-fA-F]+\.?[0-9a-fA-F]*|\.[0-9a-fA-F]+)([pP][+-]?\d+)?$/;

/** Redis's strtold-based double parsing: inf/-inf accepted, nan and surrounding spaces rejected. */
export function parseDouble(s: string): number | null {
  const n = s.length;
  if (n === 0 || n > 5000) return null;
  if (DEC_FLOAT.test(s)) {
    const v = Number(s);
    return Number.isNaN(v) ? null : v;
  }
  const lower = s.toLowerCase();
  const body = lower[0] === '+' || lower[0] === '-' ? lower.slice(1) : lower;
  if (body === 'inf' || body === 'infinity') return lower[0] === '-' ? -Infinity : Infinity;
  if (HEX_FLOAT.test(s)) return parseHexFloat(lower);
  return null;
}

function parseHexFloat(s: string): number | null {
  let sign = 1;
  if (s[0] === '+' || s[0] === '-') {
    if (s[0] === '-') sign = -1;
    s = s.slice(1);
  }
  s = s.slice(2);
  const [mant, exp] = s.split('p');
  const [ip, fp = ''] = mant.split('.');
  let v = ip ? parseInt(ip, 16) : 0;
  for (let i = 0; i < fp.length; i++) v += parseInt(fp[i], 16) / Math.pow(16, i + 1);
  const e = exp ? Number(exp) : 0;
  return sign * v * Math.pow(2, e);
}

/** Case-insensitive comparison of an argument with an uppercase keyword. */
export function isKeyword(arg: string, upper: string): boolean {
  return arg.length === upper.length && (arg === upper || arg.toUpperCase() === upper);
}

/**
 * Redis's glob matcher (stringmatchlen): * ? [abc] [^a] [a-z] and \ escapes, optional nocase.
 * Iterative with backtracking on the last star, so patterns cannot blow up.
 */
export function globMatch(pattern: string, str: string, nocase = false): boolean {
  if (nocase) {
    pattern = pattern.toLowerCase();
    str = str.toLowerCase();
  }
  return matchFrom(pattern, 0, str, 0, 0);
}

function matchFrom(p: string, pi: number, s: string, si: number, depth: number): boolean {
  if (depth > 1000) return false;
  const pl = p.length;
  const sl = s.length;
  while (pi < pl) {
    const pc = p[pi];
    if (pc === '*') {
      while (pi + 1 < pl && p[pi + 1] === '*') pi++;
      if (pi + 1 === pl) return true;
      for (let k = si; k <= sl; k++) {
        if (matchFrom(p, pi + 1, s, k, depth + 1)) return true;
      }
      return false;
    }
    if (si >= sl) return false;
    if (pc === '?') {
      pi++;
      si++;
      continue;
    }
    if (pc === '[') {
      let j = pi + 1;
      const not = p[j] === '^';
      if (not) j++;
      let matched = false;
      while (j < pl && p[j] !== ']') {
        if (p[j] === '\\' && j + 1 < pl) {
          j++;
          if (p[j] === s[si]) matched = true;
        } else if (j + 2 < pl && p[j + 1] === '-' && p[j + 2] !== ']') {
          let a = p.charCodeAt(j);
          let b = p.charCodeAt(j + 2);
          if (a > b) [a, b] = [b, a];
          const c = s.charCodeAt(si);
          if (c >= a && c <= b) matched = true;
          j += 2;
        } else if (p[j] === s[si]) {
          matched = true;
        }
        j++;
      }
      if (j >= pl) j = pl - 1; // unterminated class: Redis treats the end as the class end
      if (not) matched = !matched;
      if (!matched) return false;
      pi = j + 1;
      si++;
      continue;
    }
    if (pc === '\\' && pi + 1 < pl) {
      pi++;
    }
    if (p[pi] !== s[si]) return false;
    pi++;
    si++;
  }
  return si === sl;
}
