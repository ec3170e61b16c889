/**
 * The sorted-set value, in Redis 7.0's two encodings:
 *  - "listpack": ONE packed latin1 string per set, in zset order: <count>, then the entries back to back as
 *    <score><len(member)><member>. Counts and lengths are little-endian base-128 varints (one char below
 *    128), as in hash.ts. A score is either a varint of an even number (integers with |n| < 2^50: 4n for
 *    n >= 0, 4|n| - 2 for n < 0, so small scores take one or two chars) or the marker char 1 (odd, so never
 *    the first char of such a varint) followed by the 8 bytes of the IEEE double in the machine's byte
 *    order (fractions, infinities, -0, huge values; the string never leaves the process: RDB, DUMP and
 *    replies go through forEach/collect). Why: every JS string costs a 16-byte header plus 8-byte
 *    alignment, so ten members as separate strings in two parallel arrays cost ~4.7x Redis's listpack
 *    (RSS per key), while one packed string costs about what the listpack does. Lookups find
 *    <len><member> with the engine's substring search, then walk the entries before the match to check
 *    it starts an entry; ranks and index, score and lex ranges scan linearly, as Redis's listpack does (at
 *    most zset-max-listpack-entries entries of at most zset-max-listpack-value bytes). Writes rebuild the
 *    string with Array#join, which always yields a flat copy: no cons/sliced string ever keeps an older
 *    version (or a client's query buffer) alive.
 *  - "skiplist": past zset-max-listpack-entries members, or with a member longer than
 *    zset-max-listpack-value bytes, a skiplist plus a member -> score Map, never converted back on its own
 *    (as Redis). Members are stored as flat copies there too.
 *
 * Order is Redis's: by score, then by member bytes (latin1 strings compare as bytes). Everything positional
 * is expressed as 0-based indexes in that order, so commands work the same over both encodings. Range
 * searches follow Redis's algorithms (including its linear lex scans over a listpack) so that even
 * unusual inputs (lex ranges over mixed scores) answer as Redis does. Redis 7.0 stores a listpack score as
 * text that reads back -0 as 0, so the listpack encoding stores -0 as 0 (the skiplist keeps -0).
 *
 * Iteration API for other modules (RDB writer, DUMP, SORT): `forEach((member, score) => ...)` and
 * `entries()`, both in order; build values with `ZSet.fromEntries(...)` or `add()`. `dict` (the Map, null
 * while listpack-encoded) is read by ZSCAN.
 */
import type { CompoundValue } from './value.js';
import { bodyStart, lenEnd, lenPrefix, readLen, readLongLen } from './varint.js';
import { SkipList, type SkipNode } from './skiplist.js';

export interface ZSetLimits {
  /** zset-max-listpack-entries */
  maxListpackEntries: number;
  /** zset-max-listpack-value */
  maxListpackValue: number;
}

/** A score interval; minex/maxex mean exclusive bounds ("(" in the command syntax). */
export interface ScoreRange {
  min: number;
  max: number;
  minex: boolean;
  maxex: boolean;
}

/** A lex bound: -1 is "-" (below everything), 1 is "+" (above everything), 0 a string bound. */
export type LexInf = -1 | 0 | 1;

export interface LexRange {
  min: string;
  max: string;
  minex: boolean;
  maxex: boolean;
  minInf: LexInf;
  maxInf: LexInf;
}

export function scoreGteMin(v: number, r: ScoreRange): boolean {
  return r.minex ? v > r.min : v >= r.min;
}

export function scoreLteMax(v: number, r: ScoreRange): boolean {
  return r.maxex ? v < r.max : v <= r.max;
}

export function scoreRangeEmpty(r: ScoreRange): boolean {
  return r.min > r.max || (r.min === r.max && (r.minex || r.maxex));
}

export function lexGteMin(m: string, r: LexRange): boolean {
  if (r.minInf !== 0) return r.minInf < 0;
  return r.minex ? m > r.min : m >= r.min;
}

export function lexLteMax(m: string, r: LexRange): boolean {
  if (r.maxInf !== 0) return r.maxInf > 0;
  return r.maxex ? m < r.max : m <= r.max;
}

/** Redis's sdscmplex between two bounds ("-" below and "+" above every string, equal to themselves). */
function lexBoundCmp(a: string, ai: LexInf, b: string, bi: LexInf): number {
  if (ai !== 0 && ai === bi) return 0;
  if (ai < 0 || bi > 0) return -1;
  if (ai > 0 || bi < 0) return 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

export function lexRangeEmpty(r: LexRange): boolean {
  const cmp = lexBoundCmp(r.min, r.minInf, r.max, r.maxInf);
  return cmp > 0 || (cmp === 0 && (r.minex || r.maxex));
}

/** Output buffers for range reads. */
export interface ZRangeOut {
  members: string[];
  scores: number[];
}

// ---- the packed listpack string ----

/** The position after the score token read by readScore(). */
let scoreEnd = 0;
/** Set by readEntry(): the entry's score, its member at [eMember, eMember + eLen), the next entry at eNext. */
let eScore = 0;
let eMember = 0;
let eLen = 0;
let eNext = 0;
/** Set by a successful findMember(): the end of the entry and its 0-based index. */
let fEnd = 0;
let fIndex = 0;

/** Integers below this magnitude are stored as varints (4|n| < 2^52 stays exact). */
const TWO50 = 2 ** 50;
/** The first char of a raw-double score token. */
const DOUBLE_MARK = 1;
const f64 = new Float64Array(1);
const u8 = new Uint8Array(f64.buffer);





/** The score token of x (never NaN): an even varint for integers with |x| < 2^50, else the raw double. */
export function scoreToken(x: number): string {
  if (Number.isInteger(x) && x > -TWO50 && x < TWO50 && (x !== 0 || 1 / x > 0)) return lenPrefix(x >= 0 ? x * 4 : -x * 4 - 2);
  f64[0] = x;
  return String.fromCharCode(DOUBLE_MARK, u8[0], u8[1], u8[2], u8[3], u8[4], u8[5], u8[6], u8[7]);
}

/** The score whose token starts at p; sets scoreEnd. */
export function readScore(s: string, p: number): number {
  const c = s.charCodeAt(p);
  let v: number;
  if (c < 0x80) {
    if (c === DOUBLE_MARK) {
      for (let i = 0; i < 8; i++) u8[i] = s.charCodeAt(p + 1 + i);
      scoreEnd = p + 9;
      return f64[0];
    }
    scoreEnd = p + 1;
    return (c & 2) === 0 ? c >> 2 : -((c + 2) >> 2);
  }
  v = readLongLen(s, p);
  scoreEnd = lenEnd;
  return (v & 2) === 0 ? v / 4 : -(v + 2) / 4;
}

/** The position after the score token at p. */
function skipScore(s: string, p: number): number {
  let c = s.charCodeAt(p++);
  if (c === DOUBLE_MARK) return p + 8;
  while (c >= 0x80) c = s.charCodeAt(p++);
  return p;
}

/** The position after the entry at p. */
function skipEntry(s: string, p: number): number {
  const n = readLen(s, skipScore(s, p));
  return lenEnd + n;
}

/** Decodes the entry at p into eScore/eMember/eLen/eNext. */
function readEntry(s: string, p: number): void {
  eScore = readScore(s, p);
  let q = scoreEnd;
  let n = s.charCodeAt(q++);
  if (n >= 0x80) {
    n = readLongLen(s, q - 1);
    q = lenEnd;
  }
  eMember = q;
  eLen = n;
  eNext = q + n;
}

/** The offset of entry `index` (the end of the string when index == count). */
function entryOffset(s: string, index: number): number {
  let p = bodyStart(s);
  for (let i = 0; i < index; i++) p = skipEntry(s, p);
  return p;
}

/**
 * The offset of member's entry in s, or -1; on success fEnd and fIndex are set. The entry's bytes
 * <len(member)><member> are found by the engine's native substring search: a miss (a new member, ZSCORE of
 * an absent one) costs no walk at all, and a hit only walks the entries before it to check that the match
 * is where an entry's length starts, not bytes inside another entry (skipping entries is cheaper than
 * comparing their members; the length in the needle keeps members that share a prefix from matching).
 */
function findMember(s: string, m: string): number {
  const want = m.length;
  const needle = (want < 0x80 ? String.fromCharCode(want) : lenPrefix(want)) + m;
  let q = s.indexOf(needle, 1);
  if (q < 0) return -1;
  const end = s.length;
  let p = bodyStart(s);
  for (let i = 0; p < end; i++) {
    const start = p;
    let c = s.charCodeAt(p++);
    if (c === DOUBLE_MARK) p += 8;
    else while (c >= 0x80) c = s.charCodeAt(p++);
    // p is where this entry's length starts; a match before it was inside an earlier entry.
    if (q < p) {
      q = s.indexOf(needle, p);
      if (q < 0) return -1;
    }
    const lenAt = p;
    let n = s.charCodeAt(p++);
    if (n >= 0x80) {
      n = readLongLen(s, p - 1);
      p = lenEnd;
    }
    // Varints are self-delimiting: a match at lenAt is this entry's whole length and member.
    if (q === lenAt) {
      fEnd = p + n;
      fIndex = i;
      return start;
    }
    p += n;
  }
  return -1;
}

/** Compares the bytes s[p, p + n) with b: negative, 0 or positive (as b's own string comparison would). */
function cmpAt(s: string, p: number, n: number, b: string): number {
  const bn = b.length;
  const k = n < bn ? n : bn;
  for (let i = 0; i < k; i++) {
    const d = s.charCodeAt(p + i) - b.charCodeAt(i);
    if (d !== 0) return d;
  }
  return n - bn;
}

/** lexGteMin for the member at s[p, p + n). */
function lexGteMinAt(s: string, p: number, n: number, r: LexRange): boolean {
  if (r.minInf !== 0) return r.minInf < 0;
  const c = cmpAt(s, p, n, r.min);
  return r.minex ? c > 0 : c >= 0;
}

/** lexLteMax for the member at s[p, p + n). */
function lexLteMaxAt(s: string, p: number, n: number, r: LexRange): boolean {
  if (r.maxInf !== 0) return r.maxInf > 0;
  const c = cmpAt(s, p, n, r.max);
  return r.maxex ? c < 0 : c <= 0;
}

/**
 * A copy of s with (score, member) placed in order, leaving out the entry [os, oe) (the
 * member's old entry; os = -1 when it is new); `count` is the new count.
 */
function putEntry(s: string, os: number, oe: number, member: string, score: number, count: number): string {
  const body = bodyStart(s);
  const end = s.length;
  let ip = end;
  for (let p = body; p < end; ) {
    if (p === os) {
      p = oe;
      continue;
    }
    readEntry(s, p);
    if (eScore > score || (eScore === score && cmpAt(s, eMember, eLen, member) > 0)) {
      ip = p;
      break;
    }
    p = eNext;
  }
  const tok = scoreToken(score);
  const len = lenPrefix(member.length);
  if (os < 0) return [lenPrefix(count), s.slice(body, ip), tok, len, member, s.slice(ip)].join('');
  if (ip < os) return [s.slice(0, ip), tok, len, member, s.slice(ip, os), s.slice(oe)].join('');
  return [s.slice(0, os), s.slice(oe, ip), tok, len, member, s.slice(ip)].join('');
}

/** The packed form of an empty set: a zero count. */
const EMPTY = String.fromCharCode(0);

/** A flat copy of s (a slice of 13+ chars is a view that keeps its parent alive; shorter ones are copies). */
function copyFlat(s: string): string {
  return s.length < 13 ? s : [s.slice(0, 1), s.slice(1)].join('');
}

/** Zset order of two (member, score) pairs. */
function cmpEntries(a: readonly [string, number], b: readonly [string, number]): number {
  return a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0;
}

/** The skiplist encoding: the skiplist plus the member -> score Map. */
class SkipEncoding {
  readonly zsl = new SkipList();
  readonly dict = new Map<string, number>();
}

export class ZSet implements CompoundValue {
  declare readonly kind: 'zset';
  /**
   * Listpack: the packed string, <count> then the entries (one field keeps this object at 32 bytes).
   * Skiplist: the skiplist and the Map.
   */
  private data: string | SkipEncoding = EMPTY;

  /** Skiplist encoding: the skiplist (null while listpack-encoded). */
  get zsl(): SkipList | null {
    const d = this.data;
    return typeof d === 'string' ? null : d.zsl;
  }

  /** Skiplist encoding: member -> score (null while listpack-encoded); ZSCAN iterates it live. */
  get dict(): Map<string, number> | null {
    const d = this.data;
    return typeof d === 'string' ? null : d.dict;
  }

  size(): number {
    const d = this.data;
    return typeof d === 'string' ? readLen(d, 0) : d.dict.size;
  }

  encoding(): string {
    return typeof this.data === 'string' ? 'listpack' : 'skiplist';
  }

  isCompact(): boolean {
    return typeof this.data === 'string';
  }

  clone(): ZSet {
    const z = new ZSet();
    const d = this.data;
    // The packed string is immutable, so sharing it is a copy; skiplist members are flat already.
    if (typeof d === 'string') z.data = d;
    else {
      const enc = new SkipEncoding();
      z.data = enc;
      for (let n = d.zsl.first(); n !== null; n = n.next[0]) {
        enc.zsl.insert(n.score, n.member);
        enc.dict.set(n.member, n.score);
      }
    }
    return z;
  }

  /**
   * Builds a set from (member, score) pairs in any order; later duplicates win. The encoding is the one a
   * sequence of add() calls would reach; a listpack is packed in one go.
   */
  static fromEntries(entries: Iterable<readonly [string, number]>, limits: ZSetLimits): ZSet {
    const z = new ZSet();
    const all = new Map<string, number>();
    let long = false;
    for (const [m, s] of entries) {
      all.set(m, s);
      if (m.length > limits.maxListpackValue) long = true;
    }
    if (all.size === 0) return z;
    if (long || all.size > limits.maxListpackEntries) {
      const enc = new SkipEncoding();
      z.data = enc;
      for (const [m, s] of all) {
        const flat = copyFlat(m);
        enc.zsl.insert(s, flat);
        enc.dict.set(flat, s);
      }
      return z;
    }
    const sorted = [...all].sort(cmpEntries);
    const parts = [lenPrefix(sorted.length)];
    for (const [m, s] of sorted) parts.push(scoreToken(s === 0 ? 0 : s), lenPrefix(m.length), m);
    z.data = parts.join('');
    return z;
  }

  /** In order: (member, score). */
  forEach(fn: (member: string, score: number) => void): void {
    const d = this.data;
    if (typeof d === 'string') {
      const end = d.length;
      for (let p = bodyStart(d); p < end; ) {
        readEntry(d, p);
        p = eNext;
        fn(d.slice(eMember, eMember + eLen), eScore);
      }
      return;
    }
    for (let n = d.zsl.first(); n !== null; n = n.next[0]) fn(n.member, n.score);
  }

  *entries(): IterableIterator<[string, number]> {
    const d = this.data;
    if (typeof d === 'string') {
      // The packed string is immutable: iterating it is iterating a snapshot.
      for (let p = bodyStart(d); p < d.length; ) {
        readEntry(d, p);
        p = eNext;
        const e: [string, number] = [d.slice(eMember, eMember + eLen), eScore];
        yield e;
      }
      return;
    }
    for (let n = d.zsl.first(); n !== null; n = n.next[0]) yield [n.member, n.score];
  }

  score(member: string): number | undefined {
    const d = this.data;
    if (typeof d === 'string') {
      const at = findMember(d, member);
      return at < 0 ? undefined : readScore(d, at);
    }
    return d.dict.get(member);
  }

  has(member: string): boolean {
    return this.score(member) !== undefined;
  }

  /** Adds `member` or changes its score. Returns true when the member was new. Converts when needed. */
  add(member: string, score: number, limits: ZSetLimits): boolean {
    let d = this.data;
    if (typeof d === 'string') {
      const at = findMember(d, member);
      if (at >= 0) {
        const end = fEnd;
        // A listpack stores the score as text, and Redis 7.0 reads -0 back as 0.
        if (readScore(d, at) !== score) this.data = putEntry(d, at, end, member, score === 0 ? 0 : score, readLen(d, 0));
        return false;
      }
      const count = readLen(d, 0);
      if (count + 1 > limits.maxListpackEntries || member.length > limits.maxListpackValue) {
        d = this.convert(d);
      } else {
        this.data = putEntry(d, -1, -1, member, score === 0 ? 0 : score, count + 1);
        return true;
      }
    }
    const cur = d.dict.get(member);
    if (cur === undefined) {
      const flat = copyFlat(member);
      d.zsl.insert(score, flat);
      d.dict.set(flat, score);
      return true;
    }
    if (cur !== score) {
      d.zsl.updateScore(cur, member, score);
      d.dict.set(member, score);
    }
    return false;
  }

  remove(member: string): boolean {
    const d = this.data;
    if (typeof d === 'string') {
      const at = findMember(d, member);
      if (at < 0) return false;
      const end = fEnd;
      const count = readLen(d, 0);
      this.data = [lenPrefix(count - 1), d.slice(lenEnd, at), d.slice(end)].join('');
      return true;
    }
    const cur = d.dict.get(member);
    if (cur === undefined) return false;
    d.dict.delete(member);
    d.zsl.delete(cur, member);
    return true;
  }

  /** 0-based index of member in ascending order, or -1. */
  rankOf(member: string): number {
    const d = this.data;
    if (typeof d === 'string') return findMember(d, member) < 0 ? -1 : fIndex;
    const cur = d.dict.get(member);
    if (cur === undefined) return -1;
    return d.zsl.rank(cur, member) - 1;
  }

  /**
   * Copies up to `count` entries into `out`, starting at 0-based `index` and moving towards higher indexes
   * (or lower ones when `rev`).
   */
  collect(index: number, count: number, rev: boolean, out: ZRangeOut): void {
    const n = this.size();
    if (index < 0 || index >= n || count <= 0) return;
    const d = this.data;
    if (typeof d === 'string') {
      // The packed string only reads forwards: a reverse range is read forwards, then reversed.
      const lo = rev ? Math.max(0, index - count + 1) : index;
      const hi = rev ? index : Math.min(n - 1, index + count - 1);
      const ms = out.members;
      const ss = out.scores;
      const before = ms.length;
      let p = entryOffset(d, lo);
      for (let i = lo; i <= hi; i++) {
        readEntry(d, p);
        p = eNext;
        ms.push(d.slice(eMember, eMember + eLen));
        ss.push(eScore);
      }
      if (rev) {
        for (let a = before, b = ms.length - 1; a < b; a++, b--) {
          const m = ms[a];
          ms[a] = ms[b];
          ms[b] = m;
          const s = ss[a];
          ss[a] = ss[b];
          ss[b] = s;
        }
      }
      return;
    }
    let node = d.zsl.byRank(index + 1);
    while (node !== null && count-- > 0) {
      out.members.push(node.member);
      out.scores.push(node.score);
      node = rev ? node.backward : node.next[0];
    }
  }

  // ---- score ranges ----

  /** 0-based index of the first element >= the range's min bound (size() when none). */
  firstIndexByScore(r: ScoreRange): number {
    const d = this.data;
    if (typeof d === 'string') {
      const end = d.length;
      let i = 0;
      for (let p = bodyStart(d); p < end; i++) {
        if (scoreGteMin(readScore(d, p), r)) break;
        const n = readLen(d, scoreEnd);
        p = lenEnd + n;
      }
      return i;
    }
    return d.zsl.countWhile((nd) => !scoreGteMin(nd.score, r));
  }

  /** 0-based index of the last element <= the range's max bound (-1 when none). */
  lastIndexByScore(r: ScoreRange): number {
    const d = this.data;
    if (typeof d === 'string') {
      const end = d.length;
      let i = 0;
      for (let p = bodyStart(d); p < end; i++) {
        if (!scoreLteMax(readScore(d, p), r)) break;
        const n = readLen(d, scoreEnd);
        p = lenEnd + n;
      }
      return i - 1;
    }
    return d.zsl.countWhile((nd) => scoreLteMax(nd.score, r)) - 1;
  }

  countByScore(r: ScoreRange): number {
    if (scoreRangeEmpty(r)) return 0;
    const first = this.firstIndexByScore(r);
    const last = this.lastIndexByScore(r);
    return last >= first ? last - first + 1 : 0;
  }

  /**
   * Entries in a score range, from the low end (or the high end when rev), after skipping `offset`
   * entries, at most `limit` (negative: no limit).
   */
  rangeByScore(r: ScoreRange, rev: boolean, offset: number, limit: number, out: ZRangeOut): void {
    if (scoreRangeEmpty(r) || offset < 0) return;
    const start = rev ? this.lastIndexByScore(r) - offset : this.firstIndexByScore(r) + offset;
    const before = out.members.length;
    this.collect(start, limit < 0 ? this.size() : limit, rev, out);
    let keep = out.members.length;
    for (let i = before; i < keep; i++) {
      const v = out.scores[i];
      if (rev ? !scoreGteMin(v, r) : !scoreLteMax(v, r)) keep = i;
    }
    out.members.length = keep;
    out.scores.length = keep;
  }

  // ---- lex ranges (Redis's algorithms: linear scans on a listpack, top-down on a skiplist) ----

  /** Redis's "is in lex range" pre-check: range not empty, last >= min and first <= max. */
  lexRangeMayHit(r: LexRange): boolean {
    const n = this.size();
    if (n === 0 || lexRangeEmpty(r)) return false;
    return lexGteMin(this.memberAt(n - 1), r) && lexLteMax(this.memberAt(0), r);
  }

  memberAt(i: number): string {
    const d = this.data;
    if (typeof d === 'string') {
      readEntry(d, entryOffset(d, i));
      return d.slice(eMember, eMember + eLen);
    }
    return (d.zsl.byRank(i + 1) as SkipNode).member;
  }

  /** Index of Redis's "first in lex range" element, or -1. */
  firstIndexByLex(r: LexRange): number {
    if (!this.lexRangeMayHit(r)) return -1;
    const d = this.data;
    if (typeof d === 'string') {
      const end = d.length;
      for (let p = bodyStart(d), i = 0; p < end; i++) {
        readEntry(d, p);
        if (lexGteMinAt(d, eMember, eLen, r)) return lexLteMaxAt(d, eMember, eLen, r) ? i : -1;
        p = eNext;
      }
      return -1;
    }
    const i = d.zsl.countWhile((nd) => !lexGteMin(nd.member, r));
    if (i >= this.size()) return -1;
    return lexLteMax(this.memberAt(i), r) ? i : -1;
  }

  /** Index of Redis's "last in lex range" element, or -1. */
  lastIndexByLex(r: LexRange): number {
    if (!this.lexRangeMayHit(r)) return -1;
    const d = this.data;
    if (typeof d === 'string') {
      // Redis scans backwards for the last member <= max; forwards, that is the last one seen.
      const end = d.length;
      let last = -1;
      let lastAt = 0;
      let lastLen = 0;
      for (let p = bodyStart(d), i = 0; p < end; i++) {
        readEntry(d, p);
        if (lexLteMaxAt(d, eMember, eLen, r)) {
          last = i;
          lastAt = eMember;
          lastLen = eLen;
        }
        p = eNext;
      }
      if (last < 0) return -1;
      return lexGteMinAt(d, lastAt, lastLen, r) ? last : -1;
    }
    const i = d.zsl.countWhile((nd) => lexLteMax(nd.member, r)) - 1;
    if (i < 0) return -1;
    return lexGteMin(this.memberAt(i), r) ? i : -1;
  }

  /** How many entries from `first` on are <= the range's max (a listpack scan, as Redis's). */
  private lexRunFrom(d: string, first: number, r: LexRange): number {
    const end = d.length;
    let k = 0;
    for (let p = entryOffset(d, first); p < end; k++) {
      readEntry(d, p);
      if (!lexLteMaxAt(d, eMember, eLen, r)) break;
      p = eNext;
    }
    return k;
  }

  countByLex(r: LexRange): number {
    const first = this.firstIndexByLex(r);
    if (first < 0) return 0;
    const d = this.data;
    if (typeof d === 'string') return this.lexRunFrom(d, first, r);
    const last = this.lastIndexByLex(r);
    return last < 0 ? this.size() - first : last - first + 1;
  }

  rangeByLex(r: LexRange, rev: boolean, offset: number, limit: number, out: ZRangeOut): void {
    if (offset < 0) return;
    const edge = rev ? this.lastIndexByLex(r) : this.firstIndexByLex(r);
    if (edge < 0) return;
    const before = out.members.length;
    this.collect(rev ? edge - offset : edge + offset, limit < 0 ? this.size() : limit, rev, out);
    let keep = out.members.length;
    for (let i = before; i < keep; i++) {
      const m = out.members[i];
      if (rev ? !lexGteMin(m, r) : !lexLteMax(m, r)) keep = i;
    }
    out.members.length = keep;
    out.scores.length = keep;
  }

  // ---- removal ----

  /** Removes `count` entries from 0-based `index` upwards; returns how many were removed. */
  removeRange(index: number, count: number): number {
    const n = this.size();
    if (index < 0 || index >= n || count <= 0) return 0;
    if (index + count > n) count = n - index;
    const d = this.data;
    if (typeof d === 'string') {
      const body = bodyStart(d);
      const from = entryOffset(d, index);
      let to = from;
      for (let i = 0; i < count; i++) to = skipEntry(d, to);
      this.data = [lenPrefix(n - count), d.slice(body, from), d.slice(to)].join('');
      return count;
    }
    const dict = d.dict;
    return d.zsl.deleteFromRank(index + 1, count, (nd) => dict.delete(nd.member));
  }

  removeRangeByScore(r: ScoreRange): number {
    if (scoreRangeEmpty(r)) return 0;
    const first = this.firstIndexByScore(r);
    const last = this.lastIndexByScore(r);
    return last >= first ? this.removeRange(first, last - first + 1) : 0;
  }

  removeRangeByLex(r: LexRange): number {
    const d = this.data;
    if (typeof d === 'string') {
      const first = this.firstIndexByLex(r);
      return first < 0 ? 0 : this.removeRange(first, this.lexRunFrom(d, first, r));
    }
    const first = lexRangeEmpty(r) ? -1 : d.zsl.countWhile((nd) => !lexGteMin(nd.member, r));
    if (first < 0 || first >= this.size()) return 0;
    let end = first;
    for (let nd = d.zsl.byRank(first + 1); nd !== null && lexLteMax(nd.member, r); nd = nd.next[0]) end++;
    return this.removeRange(first, end - first);
  }

  // ---- encodings ----

  /** Converts a skiplist back to the compact encoding when the contents fit (results of *STORE). */
  compactIfFits(limits: ZSetLimits): void {
    const d = this.data;
    if (typeof d === 'string') return;
    const n = d.dict.size;
    if (n > limits.maxListpackEntries) return;
    const parts = [lenPrefix(n)];
    for (let nd = d.zsl.first(); nd !== null; nd = nd.next[0]) {
      const m = nd.member;
      if (m.length > limits.maxListpackValue) return;
      parts.push(scoreToken(nd.score === 0 ? 0 : nd.score), lenPrefix(m.length), m);
    }
    this.data = parts.join('');
  }

  /** Forces the skiplist encoding (conversion, or RDB loading of a skiplist-encoded zset). */
  toSkiplist(): void {
    const d = this.data;
    if (typeof d === 'string') this.convert(d);
  }

  private convert(d: string): SkipEncoding {
    const enc = new SkipEncoding();
    this.data = enc;
    const end = d.length;
    for (let p = bodyStart(d); p < end; ) {
      readEntry(d, p);
      p = eNext;
      // Members become copies of their own, so the packed string can be collected.
      const m = copyFlat(d.slice(eMember, eMember + eLen));
      enc.zsl.insert(eScore, m);
      enc.dict.set(m, eScore);
    }
    return enc;
  }
}
(ZSet.prototype as { kind: string }).kind = 'zset';

/** The limits from the server settings. */
export function zsetLimits(settings: { zsetMaxListpackEntries: number; zsetMaxListpackValue: number }): ZSetLimits {
  return { maxListpackEntries: settings.zsetMaxListpackEntries, maxListpackValue: settings.zsetMaxListpackValue };
}
