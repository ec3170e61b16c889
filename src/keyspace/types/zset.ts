/**
 * Sorted set value. Small sets are two parallel sorted arrays (members, scores) — Redis's "listpack"
 * encoding, compact and fast for a few dozen entries; past zset-max-listpack-entries members, or with a
 * member longer than zset-max-listpack-value bytes, it becomes a skiplist plus a member -> score Map
 * ("skiplist" encoding), never converting back on its own (as Redis).
 *
 * Order is Redis's: by score, then by member bytes (latin1 strings compare as bytes). Everything positional
 * is expressed as 0-based indexes in that order, so commands work the same over both encodings. Range
 * searches follow Redis's algorithms (including its linear lex scans over a listpack) so that even
 * unusual inputs (lex ranges over mixed scores) answer as Redis does.
 *
 * Iteration API for other modules (RDB writer, DUMP, SORT): `forEach((member, score) => ...)` and
 * `entries()`, both in order; build values with `ZSet.fromEntries(...)` or `add()`.
 */
import type { CompoundValue } from './value.js';
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

export class ZSet implements CompoundValue {
  readonly kind = 'zset' as const;
  /** Compact encoding: sorted parallel arrays (null once converted). */
  lpMembers: string[] | null = [];
  lpScores: number[] | null = [];
  /** Skiplist encoding. */
  zsl: SkipList | null = null;
  dict: Map<string, number> | null = null;

  size(): number {
    return this.lpMembers !== null ? this.lpMembers.length : (this.dict as Map<string, number>).size;
  }

  encoding(): string {
    return this.lpMembers !== null ? 'listpack' : 'skiplist';
  }

  isCompact(): boolean {
    return this.lpMembers !== null;
  }

  clone(): ZSet {
    const z = new ZSet();
    if (this.lpMembers !== null) {
      z.lpMembers = this.lpMembers.slice();
      z.lpScores = (this.lpScores as number[]).slice();
    } else {
      z.toSkiplist();
      this.forEach((m, s) => z.insertSkiplist(m, s));
    }
    return z;
  }

  /** Builds a set from (member, score) pairs in any order; later duplicates win. */
  static fromEntries(entries: Iterable<readonly [string, number]>, limits: ZSetLimits): ZSet {
    const z = new ZSet();
    for (const [m, s] of entries) z.add(m, s, limits);
    return z;
  }

  /** In order: (member, score). */
  forEach(fn: (member: string, score: number) => void): void {
    if (this.lpMembers !== null) {
      const ms = this.lpMembers;
      const ss = this.lpScores as number[];
      for (let i = 0; i < ms.length; i++) fn(ms[i], ss[i]);
      return;
    }
    for (let n = (this.zsl as SkipList).first(); n !== null; n = n.next[0]) fn(n.member, n.score);
  }

  *entries(): IterableIterator<[string, number]> {
    if (this.lpMembers !== null) {
      const ms = this.lpMembers.slice();
      const ss = (this.lpScores as number[]).slice();
      for (let i = 0; i < ms.length; i++) yield [ms[i], ss[i]];
      return;
    }
    for (let n = (this.zsl as SkipList).first(); n !== null; n = n.next[0]) yield [n.member, n.score];
  }

  score(member: string): number | undefined {
    if (this.lpMembers !== null) {
      const i = this.lpMembers.indexOf(member);
      return i < 0 ? undefined : (this.lpScores as number[])[i];
    }
    return (this.dict as Map<string, number>).get(member);
  }

  has(member: string): boolean {
    return this.score(member) !== undefined;
  }

  /** Adds `member` or changes its score. Returns true when the member was new. Converts when needed. */
  add(member: string, score: number, limits: ZSetLimits): boolean {
    if (this.lpMembers !== null) {
      const ms = this.lpMembers;
      const i = ms.indexOf(member);
      if (i >= 0) {
        if ((this.lpScores as number[])[i] !== score) {
          this.lpRemoveAt(i);
          this.lpInsert(member, score);
        }
        return false;
      }
      if (ms.length + 1 > limits.maxListpackEntries || member.length > limits.maxListpackValue) {
        this.toSkiplist();
      } else {
        this.lpInsert(member, score);
        return true;
      }
    }
    const dict = this.dict as Map<string, number>;
    const cur = dict.get(member);
    if (cur === undefined) {
      this.insertSkiplist(member, score);
      return true;
    }
    if (cur !== score) {
      (this.zsl as SkipList).updateScore(cur, member, score);
      dict.set(member, score);
    }
    return false;
  }

  remove(member: string): boolean {
    if (this.lpMembers !== null) {
      const i = this.lpMembers.indexOf(member);
      if (i < 0) return false;
      this.lpRemoveAt(i);
      return true;
    }
    const dict = this.dict as Map<string, number>;
    const cur = dict.get(member);
    if (cur === undefined) return false;
    dict.delete(member);
    (this.zsl as SkipList).delete(cur, member);
    return true;
  }

  /** 0-based index of member in ascending order, or -1. */
  rankOf(member: string): number {
    if (this.lpMembers !== null) {
      const i = this.lpMembers.indexOf(member);
      return i;
    }
    const cur = (this.dict as Map<string, number>).get(member);
    if (cur === undefined) return -1;
    return (this.zsl as SkipList).rank(cur, member) - 1;
  }

  /**
   * Copies up to `count` entries into `out`, starting at 0-based `index` and moving towards higher indexes
   * (or lower ones when `rev`).
   */
  collect(index: number, count: number, rev: boolean, out: ZRangeOut): void {
    const n = this.size();
    if (index < 0 || index >= n || count <= 0) return;
    if (this.lpMembers !== null) {
      const ms = this.lpMembers;
      const ss = this.lpScores as number[];
      const step = rev ? -1 : 1;
      for (let i = index; count > 0 && i >= 0 && i < n; i += step, count--) {
        out.members.push(ms[i]);
        out.scores.push(ss[i]);
      }
      return;
    }
    let node = (this.zsl as SkipList).byRank(index + 1);
    while (node !== null && count-- > 0) {
      out.members.push(node.member);
      out.scores.push(node.score);
      node = rev ? node.backward : node.next[0];
    }
  }

  // ---- score ranges ----

  /** 0-based index of the first element >= the range's min bound (size() when none). */
  firstIndexByScore(r: ScoreRange): number {
    if (this.lpMembers !== null) {
      const ss = this.lpScores as number[];
      let lo = 0;
      let hi = ss.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (scoreGteMin(ss[mid], r)) hi = mid;
        else lo = mid + 1;
      }
      return lo;
    }
    return (this.zsl as SkipList).countWhile((nd) => !scoreGteMin(nd.score, r));
  }

  /** 0-based index of the last element <= the range's max bound (-1 when none). */
  lastIndexByScore(r: ScoreRange): number {
    if (this.lpMembers !== null) {
      const ss = this.lpScores as number[];
      let lo = 0;
      let hi = ss.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (scoreLteMax(ss[mid], r)) lo = mid + 1;
        else hi = mid;
      }
      return lo - 1;
    }
    return (this.zsl as SkipList).countWhile((nd) => scoreLteMax(nd.score, r)) - 1;
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
    if (this.lpMembers !== null) return this.lpMembers[i];
    return ((this.zsl as SkipList).byRank(i + 1) as SkipNode).member;
  }

  /** Index of Redis's "first in lex range" element, or -1. */
  firstIndexByLex(r: LexRange): number {
    if (!this.lexRangeMayHit(r)) return -1;
    let i: number;
    if (this.lpMembers !== null) {
      const ms = this.lpMembers;
      for (i = 0; i < ms.length && !lexGteMin(ms[i], r); i++);
      if (i >= ms.length) return -1;
    } else {
      i = (this.zsl as SkipList).countWhile((nd) => !lexGteMin(nd.member, r));
      if (i >= this.size()) return -1;
    }
    return lexLteMax(this.memberAt(i), r) ? i : -1;
  }

  /** Index of Redis's "last in lex range" element, or -1. */
  lastIndexByLex(r: LexRange): number {
    if (!this.lexRangeMayHit(r)) return -1;
    let i: number;
    if (this.lpMembers !== null) {
      const ms = this.lpMembers;
      for (i = ms.length - 1; i >= 0 && !lexLteMax(ms[i], r); i--);
      if (i < 0) return -1;
    } else {
      i = (this.zsl as SkipList).countWhile((nd) => lexLteMax(nd.member, r)) - 1;
      if (i < 0) return -1;
    }
    return lexGteMin(this.memberAt(i), r) ? i : -1;
  }

  countByLex(r: LexRange): number {
    const first = this.firstIndexByLex(r);
    if (first < 0) return 0;
    if (this.lpMembers !== null) {
      let i = first;
      while (i < this.lpMembers.length && lexLteMax(this.lpMembers[i], r)) i++;
      return i - first;
    }
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
    if (this.lpMembers !== null) {
      this.lpMembers.splice(index, count);
      (this.lpScores as number[]).splice(index, count);
      return count;
    }
    const dict = this.dict as Map<string, number>;
    return (this.zsl as SkipList).deleteFromRank(index + 1, count, (nd) => dict.delete(nd.member));
  }

  removeRangeByScore(r: ScoreRange): number {
    if (scoreRangeEmpty(r)) return 0;
    const first = this.firstIndexByScore(r);
    const last = this.lastIndexByScore(r);
    return last >= first ? this.removeRange(first, last - first + 1) : 0;
  }

  removeRangeByLex(r: LexRange): number {
    let first: number;
    if (this.lpMembers !== null) first = this.firstIndexByLex(r);
    else first = lexRangeEmpty(r) ? -1 : (this.zsl as SkipList).countWhile((nd) => !lexGteMin(nd.member, r));
    if (first < 0 || first >= this.size()) return 0;
    let end = first;
    const n = this.size();
    if (this.lpMembers !== null) {
      while (end < n && lexLteMax(this.lpMembers[end], r)) end++;
    } else {
      for (let nd = (this.zsl as SkipList).byRank(first + 1); nd !== null && lexLteMax(nd.member, r); nd = nd.next[0]) end++;
    }
    return this.removeRange(first, end - first);
  }

  // ---- encodings ----

  /** Converts a skiplist back to the compact encoding when the contents fit (results of *STORE). */
  compactIfFits(limits: ZSetLimits): void {
    if (this.lpMembers !== null) return;
    const n = this.size();
    if (n > limits.maxListpackEntries) return;
    const ms: string[] = [];
    const ss: number[] = [];
    let fits = true;
    this.forEach((m, s) => {
      if (m.length > limits.maxListpackValue) fits = false;
      ms.push(m);
      ss.push(s === 0 ? 0 : s);
    });
    if (!fits) return;
    this.lpMembers = ms;
    this.lpScores = ss;
    this.zsl = null;
    this.dict = null;
  }

  /** Forces the skiplist encoding (conversion, or RDB loading of a skiplist-encoded zset). */
  toSkiplist(): void {
    if (this.lpMembers === null) return;
    const ms = this.lpMembers;
    const ss = this.lpScores as number[];
    this.lpMembers = null;
    this.lpScores = null;
    this.zsl = new SkipList();
    this.dict = new Map();
    for (let i = 0; i < ms.length; i++) this.insertSkiplist(ms[i], ss[i]);
  }

  private insertSkiplist(member: string, score: number): void {
    (this.zsl as SkipList).insert(score, member);
    (this.dict as Map<string, number>).set(member, score);
  }

  private lpInsert(member: string, score: number): void {
    const ms = this.lpMembers as string[];
    const ss = this.lpScores as number[];
    let lo = 0;
    let hi = ss.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (ss[mid] < score || (ss[mid] === score && ms[mid] < member)) lo = mid + 1;
      else hi = mid;
    }
    // A listpack stores the score as text: -0 reads back as 0.
    ms.splice(lo, 0, member);
    ss.splice(lo, 0, score === 0 ? 0 : score);
  }

  private lpRemoveAt(i: number): void {
    (this.lpMembers as string[]).splice(i, 1);
    (this.lpScores as number[]).splice(i, 1);
  }
}

/** The limits from the server settings. */
export function zsetLimits(settings: { zsetMaxListpackEntries: number; zsetMaxListpackValue: number }): ZSetLimits {
  return { maxListpackEntries: settings.zsetMaxListpackEntries, maxListpackValue: settings.zsetMaxListpackValue };
}
