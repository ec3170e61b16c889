/**
 * Argument parsing for sorted-set, geo and related commands, with the exact acceptance rules of the C
 * functions Redis uses: strtod for scores and range bounds (hex floats, inf/infinity, leading spaces only in
 * ranges), getDoubleFromObject's overflow/underflow rejection, and zslParseLexRange for lex bounds.
 * Shared by zsets.ts, zset-ops.ts and geo.ts.
 */
import type { LexInf, LexRange, ScoreRange } from '../keyspace/types/zset.js';
import { parseLong } from './util.js';

const DEC_RE = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const HEX_RE = /^([+-]?)0[xX]([0-9a-fA-F]*)\.?([0-9a-fA-F]*)(?:[pP]([+-]?\d+))?$/;
const INF_RE = /^[+-]?(?:inf|infinity)$/i;
const SPACE_RE = /^[ \t\n\v\f\r]+/;

export interface StrtodResult {
  value: number;
  /** The text overflowed to ±inf or underflowed to 0 (strtod's ERANGE). */
  range: boolean;
}

/** strtod over the whole string (no leading spaces): null unless every byte is consumed or on NaN. */
function strtodWhole(s: string): StrtodResult | null {
  if (DEC_RE.test(s)) {
    const v = Number(s);
    const mant = s.replace(/[eE].*$/, '');
    const range = !Number.isFinite(v) || (v === 0 && /[1-9]/.test(mant));
    return { value: v, range };
  }
  if (INF_RE.test(s)) return { value: s[0] === '-' ? -Infinity : Infinity, range: false };
  const m = HEX_RE.exec(s);
  if (m === null || (m[2] === '' && m[3] === '')) return null;
  const digits = m[2] + m[3];
  const exp = (m[4] ? Number(m[4]) : 0) - 4 * m[3].length;
  const mant = Number(BigInt('0x' + digits));
  let v = mant * Math.pow(2, exp);
  if (!Number.isFinite(v) && exp < 0) v = 0;
  if (m[1] === '-') v = -v;
  const range = !Number.isFinite(v) || (v === 0 && mant !== 0);
  return { value: v, range };
}

/**
 * Redis's getDoubleFromObject: no empty string, no leading space, whole string, no NaN, and no overflow or
 * underflow to zero. Used for ZADD scores, ZINCRBY, weights, GEO coordinates and radii.
 */
export function parseStrictDouble(s: string): number | null {
  if (s.length === 0 || s.length > 5000) return null;
  const r = strtodWhole(s);
  if (r === null || r.range) return null;
  return r.value;
}

/** strtod with leading spaces allowed and only "end of C string" required (zslParseRange). */
function parseRangeDouble(s: string): number | null {
  const nul = s.indexOf('\0');
  if (nul >= 0) s = s.slice(0, nul);
  if (s.length === 0) return 0;
  const t = s.replace(SPACE_RE, '');
  if (t.length === 0) return null;
  const r = strtodWhole(t);
  return r === null ? null : r.value;
}

/** One bound of a score range: "(" means exclusive. */
function parseScoreBound(arg: string): { v: number; ex: boolean } | null {
  const ex = arg.charCodeAt(0) === 40; // '('
  const v = parseRangeDouble(ex ? arg.slice(1) : arg);
  return v === null ? null : { v, ex };
}

/** zslParseRange; null -> "ERR min or max is not a float". */
export function parseScoreRange(minArg: string, maxArg: string): ScoreRange | null {
  const a = parseScoreBound(minArg);
  if (a === null) return null;
  const b = parseScoreBound(maxArg);
  if (b === null) return null;
  return { min: a.v, max: b.v, minex: a.ex, maxex: b.ex };
}

function parseLexBound(arg: string): { s: string; ex: boolean; inf: LexInf } | null {
  const c = arg[0];
  if (c === '+') return arg.length === 1 ? { s: '', ex: true, inf: 1 } : null;
  if (c === '-') return arg.length === 1 ? { s: '', ex: true, inf: -1 } : null;
  if (c === '(') return { s: arg.slice(1), ex: true, inf: 0 };
  if (c === '[') return { s: arg.slice(1), ex: false, inf: 0 };
  return null;
}

/** zslParseLexRange; null -> "ERR min or max not valid string range item". */
export function parseLexRange(minArg: string, maxArg: string): LexRange | null {
  const a = parseLexBound(minArg);
  if (a === null) return null;
  const b = parseLexBound(maxArg);
  if (b === null) return null;
  return { min: a.s, max: b.s, minex: a.ex, maxex: b.ex, minInf: a.inf, maxInf: b.inf };
}

export const ERR_MINMAX_FLOAT = 'ERR min or max is not a float';
export const ERR_LEX_RANGE = 'ERR min or max not valid string range item';

/** getLongFromObject (a C long is 64-bit): null -> "ERR value is not an integer or out of range". */
export function parseLongArg(s: string): number | null {
  return parseLong(s);
}

/** Normalizes ZRANGE-style rank indexes; returns [start, end] inclusive or null when empty. */
export function normalizeRankRange(start: number, end: number, len: number): [number, number] | null {
  if (start < 0) start = len + start;
  if (end < 0) end = len + end;
  if (start < 0) start = 0;
  if (start > end || start >= len) return null;
  if (end >= len) end = len - 1;
  return [start, end];
}
