/**
 * ZSet against a reference model: plain sorted arrays of members and scores with Redis's listpack algorithms
 * (the form this class had before the packed string), under seeded random binary members (every byte
 * 0..255, the empty member, lengths on both sides of the one-char varint limit of 127) and scores of every
 * kind the score token distinguishes (small and big integers, fractions, -0, infinities, huge values).
 * Also: the score token itself, conversion to the skiplist at the limits, and that what the set stores
 * is a flat copy that keeps no bigger string (a client's query buffer) alive.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import v8 from 'node:v8';
import vm from 'node:vm';
import { readScore, scoreToken, ZSet, type LexRange, type ScoreRange, type ZRangeOut, type ZSetLimits } from './zset.js';

/** A small deterministic PRNG (mulberry32). */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const TWO50 = 2 ** 50;
const SCORES = [
  0, -0, 1, -1, 2, -2, 3, 31, 32, -32, -33, 127, 128, 1000, -1000, 1.5, -2.5, 0.1, 0.30000000000000004, 1e-300, 5e-324,
  TWO50 - 1, -(TWO50 - 1), TWO50, -TWO50, TWO50 + 1, 2 ** 53, -(2 ** 53), Number.MAX_SAFE_INTEGER, 1e20, -1e20, 1e300,
  Number.MAX_VALUE, -Number.MAX_VALUE, Infinity, -Infinity, 1700000000, -1700000000, 1700000000.25,
];

function randomScore(r: () => number): number {
  if (r() < 0.5) return SCORES[Math.floor(r() * SCORES.length)];
  if (r() < 0.5) return Math.floor(r() * 20) - 10;
  return (r() - 0.5) * 10 ** Math.floor(r() * 30 - 10);
}

function randomMember(r: () => number, maxLen: number): string {
  const lens = [0, 1, 2, 12, 13, 127, 128, 129, 300];
  const len = r() < 0.3 ? Math.min(maxLen, lens[Math.floor(r() * lens.length)]) : Math.floor(r() * Math.min(maxLen, 8));
  let s = '';
  // A small alphabet half of the time, so lex ranges and ties have something to find.
  const alphabet = r() < 0.5 ? 4 : 256;
  for (let i = 0; i < len; i++) s += String.fromCharCode(alphabet === 4 ? 97 + Math.floor(r() * 4) : Math.floor(r() * 256));
  return s;
}

test('score tokens round-trip every kind of score, -0 included; integers below 2^50 are short varints', () => {
  const extra = [Number.MIN_VALUE, -Number.MIN_VALUE, 0.5, -0.5, 2 ** 49, -(2 ** 49), 4503599627370495.5, 123456789.125];
  for (const x of [...SCORES, ...extra]) {
    const tok = scoreToken(x);
    assert.ok(Object.is(readScore(tok, 0), x), `score ${x}`);
    assert.ok(Object.is(readScore('zz' + tok + 'zz', 2), x), `score ${x} inside a string`);
    const small = Number.isInteger(x) && Math.abs(x) < TWO50 && !Object.is(x, -0);
    if (small) {
      assert.equal(tok.charCodeAt(0) & 1, 0, `varint token of ${x} starts with an even char`);
      assert.ok(tok.length <= 8, `varint token of ${x} has ${tok.length} chars`);
    } else {
      assert.equal(tok.length, 9, `raw token of ${x}`);
      assert.equal(tok.charCodeAt(0), 1);
    }
    for (let i = 0; i < tok.length; i++) assert.ok(tok.charCodeAt(i) < 256);
  }
  assert.equal(scoreToken(0).length, 1);
  assert.equal(scoreToken(31).length, 1);
  assert.equal(scoreToken(32).length, 2);
  assert.equal(scoreToken(-32).length, 1);
  assert.equal(scoreToken(-33).length, 2);
  assert.equal(scoreToken(1000).length, 2);
  assert.equal(scoreToken(1700000000).length, 5);
});

// ---- the reference model ----

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function gteMin(v: number, r: ScoreRange): boolean {
  return r.minex ? v > r.min : v >= r.min;
}
function lteMax(v: number, r: ScoreRange): boolean {
  return r.maxex ? v < r.max : v <= r.max;
}
function lexGte(m: string, r: LexRange): boolean {
  if (r.minInf !== 0) return r.minInf < 0;
  return r.minex ? m > r.min : m >= r.min;
}
function lexLte(m: string, r: LexRange): boolean {
  if (r.maxInf !== 0) return r.maxInf > 0;
  return r.maxex ? m < r.max : m <= r.max;
}
function lexEmpty(r: LexRange): boolean {
  const key = (s: string, inf: number): [number, string] => [inf, s];
  const [ai, a] = key(r.min, r.minInf);
  const [bi, b] = key(r.max, r.maxInf);
  let c: number;
  if (ai !== 0 && ai === bi) c = 0;
  else if (ai < 0 || bi > 0) c = -1;
  else if (ai > 0 || bi < 0) c = 1;
  else c = cmp(a, b);
  return c > 0 || (c === 0 && (r.minex || r.maxex));
}

class Model {
  ms: string[] = [];
  ss: number[] = [];
  compact = true;

  index(m: string): number {
    return this.ms.indexOf(m);
  }
  insert(m: string, s: number): void {
    let i = 0;
    while (i < this.ms.length && (this.ss[i] < s || (this.ss[i] === s && this.ms[i] < m))) i++;
    this.ms.splice(i, 0, m);
    this.ss.splice(i, 0, s);
  }
  /** As ZSet.add: returns true when new; -0 becomes 0 while compact (Redis 7.0's listpack reads it back as 0). */
  add(m: string, s: number, limits: ZSetLimits): boolean {
    const i = this.index(m);
    if (i < 0 && this.compact && (this.ms.length + 1 > limits.maxListpackEntries || m.length > limits.maxListpackValue)) this.compact = false;
    const v = this.compact && s === 0 ? 0 : s;
    if (i >= 0) {
      if (this.ss[i] !== v) {
        this.ms.splice(i, 1);
        this.ss.splice(i, 1);
        this.insert(m, v);
      }
      return false;
    }
    this.insert(m, v);
    return true;
  }
  remove(i: number, n: number): void {
    this.ms.splice(i, n);
    this.ss.splice(i, n);
  }
  firstByScore(r: ScoreRange): number {
    let i = 0;
    while (i < this.ss.length && !gteMin(this.ss[i], r)) i++;
    return i;
  }
  lastByScore(r: ScoreRange): number {
    let i = 0;
    while (i < this.ss.length && lteMax(this.ss[i], r)) i++;
    return i - 1;
  }
  /** Redis's listpack lex searches (zzlFirstInLexRange / zzlLastInLexRange). */
  mayHit(r: LexRange): boolean {
    const n = this.ms.length;
    return n > 0 && !lexEmpty(r) && lexGte(this.ms[n - 1], r) && lexLte(this.ms[0], r);
  }
  firstByLex(r: LexRange): number {
    if (!this.mayHit(r)) return -1;
    for (let i = 0; i < this.ms.length; i++) if (lexGte(this.ms[i], r)) return lexLte(this.ms[i], r) ? i : -1;
    return -1;
  }
  lastByLex(r: LexRange): number {
    if (!this.mayHit(r)) return -1;
    for (let i = this.ms.length - 1; i >= 0; i--) if (lexLte(this.ms[i], r)) return lexGte(this.ms[i], r) ? i : -1;
    return -1;
  }
  lexRun(first: number, r: LexRange): number {
    let i = first;
    while (i < this.ms.length && lexLte(this.ms[i], r)) i++;
    return i - first;
  }
  collect(index: number, count: number, rev: boolean): ZRangeOut {
    const out: ZRangeOut = { members: [], scores: [] };
    for (let i = index; count > 0 && i >= 0 && i < this.ms.length; i += rev ? -1 : 1, count--) {
      out.members.push(this.ms[i]);
      out.scores.push(this.ss[i]);
    }
    return out;
  }
}

function sameScores(a: number[], b: number[], what: string): void {
  assert.equal(a.length, b.length, what);
  for (let i = 0; i < a.length; i++) assert.ok(Object.is(a[i], b[i]), `${what}: score ${i} ${a[i]} vs ${b[i]}`);
}

function check(z: ZSet, m: Model): void {
  assert.equal(z.size(), m.ms.length);
  assert.equal(z.isCompact(), m.compact);
  assert.equal(z.encoding(), m.compact ? 'listpack' : 'skiplist');
  assert.equal(z.dict === null, m.compact);
  assert.equal(z.zsl === null, m.compact);
  const ms: string[] = [];
  const ss: number[] = [];
  z.forEach((member, score) => {
    ms.push(member);
    ss.push(score);
  });
  assert.deepEqual(ms, m.ms);
  sameScores(ss, m.ss, 'forEach');
  const es = [...z.entries()];
  assert.deepEqual(
    es.map((e) => e[0]),
    m.ms,
  );
  sameScores(
    es.map((e) => e[1]),
    m.ss,
    'entries',
  );
  for (let i = 0; i < m.ms.length; i++) {
    assert.ok(Object.is(z.score(m.ms[i]), m.ss[i]), `score of member ${i}`);
    assert.equal(z.rankOf(m.ms[i]), i);
    assert.equal(z.has(m.ms[i]), true);
  }
  if (m.ms.length > 0) assert.equal(z.memberAt(m.ms.length - 1), m.ms[m.ms.length - 1]);
}

function randomScoreRange(r: () => number, m: Model): ScoreRange {
  const pick = (): number => (r() < 0.6 && m.ss.length > 0 ? m.ss[Math.floor(r() * m.ss.length)] : randomScore(r));
  let min = pick();
  let max = pick();
  if (r() < 0.8 && min > max) [min, max] = [max, min];
  return { min, max, minex: r() < 0.3, maxex: r() < 0.3 };
}

function randomLexRange(r: () => number, m: Model): LexRange {
  const bound = (): [string, -1 | 0 | 1] => {
    const x = r();
    if (x < 0.1) return ['', -1];
    if (x < 0.2) return ['', 1];
    if (x < 0.7 && m.ms.length > 0) return [m.ms[Math.floor(r() * m.ms.length)], 0];
    return [randomMember(r, 4), 0];
  };
  const [min, minInf] = bound();
  const [max, maxInf] = bound();
  return { min, max, minInf, maxInf, minex: r() < 0.3, maxex: r() < 0.3 };
}

/** Queries of every kind, each against the model (lex ones only where Redis's answer is defined). */
function query(z: ZSet, m: Model, r: () => number): void {
  const n = m.ms.length;
  // Index ranges.
  const index = Math.floor(r() * (n + 2)) - 1;
  const count = Math.floor(r() * (n + 2)) - 1;
  const rev = r() < 0.5;
  const out: ZRangeOut = { members: ['x'], scores: [7] };
  z.collect(index, count, rev, out);
  const want = index < 0 || index >= n || count <= 0 ? { members: [], scores: [] } : m.collect(index, count, rev);
  assert.deepEqual(out.members.slice(1), want.members, `collect ${index} ${count} ${rev}`);
  sameScores(out.scores.slice(1), want.scores, 'collect');
  // Score ranges.
  const sr = randomScoreRange(r, m);
  const first = m.firstByScore(sr);
  const last = m.lastByScore(sr);
  assert.equal(z.firstIndexByScore(sr), first);
  assert.equal(z.lastIndexByScore(sr), last);
  const emptyRange = sr.min > sr.max || (sr.min === sr.max && (sr.minex || sr.maxex));
  assert.equal(z.countByScore(sr), emptyRange || last < first ? 0 : last - first + 1);
  const offset = r() < 0.7 ? 0 : Math.floor(r() * 4);
  const limit = r() < 0.5 ? -1 : Math.floor(r() * 4);
  const byScore: ZRangeOut = { members: [], scores: [] };
  z.rangeByScore(sr, rev, offset, limit, byScore);
  const wantScore: ZRangeOut = { members: [], scores: [] };
  if (!emptyRange) {
    const idx: number[] = [];
    for (let i = 0; i < n; i++) if (gteMin(m.ss[i], sr) && lteMax(m.ss[i], sr)) idx.push(i);
    if (rev) idx.reverse();
    for (const i of idx.slice(offset, limit < 0 ? undefined : offset + limit)) {
      wantScore.members.push(m.ms[i]);
      wantScore.scores.push(m.ss[i]);
    }
  }
  assert.deepEqual(byScore.members, wantScore.members, 'rangeByScore');
  sameScores(byScore.scores, wantScore.scores, 'rangeByScore');
  // Lex ranges: Redis's listpack scans over any scores; a skiplist's answer with mixed scores depends on its
  // random levels, so there only when every score is equal.
  if (!m.compact && !m.ss.every((s) => s === m.ss[0])) return;
  const lr = randomLexRange(r, m);
  const lf = m.firstByLex(lr);
  assert.equal(z.firstIndexByLex(lr), lf, 'firstIndexByLex');
  assert.equal(z.lastIndexByLex(lr), m.lastByLex(lr), 'lastIndexByLex');
  assert.equal(z.countByLex(lr), lf < 0 ? 0 : m.lexRun(lf, lr), 'countByLex');
  const byLex: ZRangeOut = { members: [], scores: [] };
  z.rangeByLex(lr, rev, offset, limit, byLex);
  const edge = rev ? m.lastByLex(lr) : lf;
  const wantLex = edge < 0 ? { members: [], scores: [] } : m.collect(rev ? edge - offset : edge + offset, limit < 0 ? n : limit, rev);
  let keep = wantLex.members.length;
  for (let i = 0; i < keep; i++) if (rev ? !lexGte(wantLex.members[i], lr) : !lexLte(wantLex.members[i], lr)) keep = i;
  assert.deepEqual(byLex.members, wantLex.members.slice(0, keep), 'rangeByLex');
}

/** Random adds, removals and range removals against the model, with queries after each operation. */
function run(seed: number, limits: ZSetLimits, ops: number, maxLen: number, addShare = 0.55): { maxSize: number; converted: boolean } {
  const r = rng(seed);
  const z = new ZSet();
  const m = new Model();
  const pool: string[] = [];
  let maxSize = 0;
  for (let op = 0; op < ops; op++) {
    const reuse = pool.length > 0 && r() < 0.6;
    const member = reuse ? pool[Math.floor(r() * pool.length)] : randomMember(r, maxLen);
    if (!reuse) pool.push(member);
    const y = r();
    // Past the adds, the other operations in fixed proportions.
    const x = y < addShare ? 0 : 0.55 + ((y - addShare) / (1 - addShare)) * 0.45;
    if (y < addShare) {
      const s = randomScore(r);
      assert.equal(z.add(member, s, limits), m.add(member, s, limits), `add ${JSON.stringify(member)} ${s}`);
    } else if (x < 0.8) {
      const i = m.index(member);
      assert.equal(z.remove(member), i >= 0);
      if (i >= 0) m.remove(i, 1);
    } else if (x < 0.87) {
      const i = Math.floor(r() * (m.ms.length + 1));
      const n = Math.floor(r() * 3);
      const want = i >= m.ms.length ? 0 : Math.min(n, m.ms.length - i);
      assert.equal(z.removeRange(i, n), want, 'removeRange');
      m.remove(i, want);
    } else if (x < 0.93) {
      const sr = randomScoreRange(r, m);
      const emptyRange = sr.min > sr.max || (sr.min === sr.max && (sr.minex || sr.maxex));
      const first = m.firstByScore(sr);
      const last = m.lastByScore(sr);
      const want = emptyRange || last < first ? 0 : last - first + 1;
      assert.equal(z.removeRangeByScore(sr), want, 'removeRangeByScore');
      if (want > 0) m.remove(first, want);
    } else if (m.compact) {
      const lr = randomLexRange(r, m);
      const first = m.firstByLex(lr);
      const want = first < 0 ? 0 : m.lexRun(first, lr);
      assert.equal(z.removeRangeByLex(lr), want, 'removeRangeByLex');
      if (want > 0) m.remove(first, want);
    }
    assert.equal(z.score('\u00ff never generated \u0000 (longer than the limits)'), undefined);
    query(z, m, r);
    if (m.ms.length > maxSize) maxSize = m.ms.length;
    if (op % 25 === 0) check(z, m);
  }
  check(z, m);
  const copy = z.clone();
  assert.deepEqual([...copy.entries()], [...z.entries()]);
  copy.add('\u0001clone-only', 1, limits);
  assert.equal(z.has('\u0001clone-only'), false);
  const rebuilt = ZSet.fromEntries(z.entries(), limits);
  assert.deepEqual(
    [...rebuilt.entries()].map((e) => e[0]),
    m.ms,
  );
  if (m.compact) assert.equal(rebuilt.encoding(), 'listpack');
  return { maxSize, converted: !m.compact };
}

test('packed listpack form follows zset order under random binary members and every kind of score', () => {
  for (let seed = 1; seed <= 6; seed++) {
    const { maxSize } = run(seed, { maxListpackEntries: 100000, maxListpackValue: 100000 }, 1200, 20);
    assert.ok(maxSize >= 20, `seed ${seed}: at most ${maxSize} members`);
  }
});

test('long varint lengths (members up to 300 bytes, more than 127 entries)', () => {
  for (let seed = 11; seed <= 12; seed++) {
    const { maxSize } = run(seed, { maxListpackEntries: 100000, maxListpackValue: 100000 }, 1000, 300, 0.85);
    assert.ok(maxSize > 127, `seed ${seed}: at most ${maxSize} members`);
  }
});

test('default limits (128 entries, 64 bytes): both encodings and the conversion', () => {
  let converted = 0;
  for (let seed = 21; seed <= 24; seed++) converted += +run(seed, { maxListpackEntries: 128, maxListpackValue: 64 }, 1200, 80).converted;
  for (let seed = 31; seed <= 34; seed++) converted += +run(seed, { maxListpackEntries: 8, maxListpackValue: 16 }, 600, 20).converted;
  assert.ok(converted >= 4, `${converted} of 8 runs converted`);
});

test('all 256 byte values and the empty member order by score, then by member bytes', () => {
  const limits = { maxListpackEntries: 1000, maxListpackValue: 1000 };
  const z = new ZSet();
  const want: [string, number][] = [];
  for (let b = 255; b >= 0; b--) {
    const m = String.fromCharCode(b);
    const s = b % 3;
    z.add(m, s, limits);
    z.add(m + m, s, limits);
    want.push([m, s], [m + m, s]);
  }
  z.add('', 1, limits);
  want.push(['', 1]);
  want.sort((a, b) => a[1] - b[1] || cmp(a[0], b[0]));
  assert.deepEqual([...z.entries()], want);
  assert.equal(z.encoding(), 'listpack');
  assert.equal(z.score(''), 1);
  assert.equal(z.rankOf(''), want.findIndex((e) => e[0] === ''));
  assert.equal(z.score('\u0000'), 0);
  assert.equal(z.score('\u00ff\u00ff'), 0);
  assert.equal(z.score('\u0080\u0080\u0080'), undefined);
  assert.equal(z.remove(''), true);
  assert.equal(z.score(''), undefined);
  assert.equal(z.size(), 512);
});

test('-0 reads back as 0 from a listpack (as Redis 7.0) and stays -0 in a skiplist', () => {
  const limits = { maxListpackEntries: 2, maxListpackValue: 64 };
  const z = new ZSet();
  z.add('a', -0, limits);
  assert.ok(Object.is(z.score('a'), 0));
  z.add('b', 1, limits);
  z.add('c', -0, limits);
  assert.equal(z.encoding(), 'skiplist');
  assert.ok(Object.is(z.score('a'), 0));
  assert.ok(Object.is(z.score('c'), -0));
  z.compactIfFits({ maxListpackEntries: 10, maxListpackValue: 64 });
  assert.equal(z.encoding(), 'listpack');
  assert.ok(Object.is(z.score('c'), 0));
  const big = ZSet.fromEntries(
    [
      ['x', -0],
      ['y', 2],
      ['z', 3],
    ],
    limits,
  );
  assert.equal(big.encoding(), 'skiplist');
  assert.ok(Object.is(big.score('x'), -0));
  const small = ZSet.fromEntries([['x', -0]], limits);
  assert.ok(Object.is(small.score('x'), 0));
});

test('conversion to the skiplist at each limit, updates in place, compactIfFits and toSkiplist', () => {
  const limits = { maxListpackEntries: 3, maxListpackValue: 5 };
  const z = new ZSet();
  for (const [m, s] of [['c', 3], ['a', 1], ['b', 2]] as const) assert.equal(z.add(m, s, limits), true);
  assert.equal(z.encoding(), 'listpack');
  assert.equal(z.add('a', 10, limits), false);
  assert.equal(z.encoding(), 'listpack');
  assert.deepEqual([...z.entries()], [['b', 2], ['c', 3], ['a', 10]]);
  z.add('d', 4, limits);
  assert.equal(z.encoding(), 'skiplist');
  assert.deepEqual([...z.entries()], [['b', 2], ['c', 3], ['d', 4], ['a', 10]]);
  assert.deepEqual([...(z.dict as Map<string, number>).entries()].sort(), [['a', 10], ['b', 2], ['c', 3], ['d', 4]]);
  z.remove('d');
  z.compactIfFits(limits);
  assert.equal(z.encoding(), 'listpack');
  assert.deepEqual([...z.entries()], [['b', 2], ['c', 3], ['a', 10]]);

  const v = new ZSet();
  v.add('12345', 1, limits);
  assert.equal(v.encoding(), 'listpack');
  v.add('123456', 1, limits);
  assert.equal(v.encoding(), 'skiplist');
  v.remove('123456');
  v.compactIfFits(limits);
  assert.equal(v.encoding(), 'listpack');
  v.toSkiplist();
  assert.equal(v.encoding(), 'skiplist');
  assert.equal(v.score('12345'), 1);
  const tooLong = ZSet.fromEntries([['123456', 1]], limits);
  assert.equal(tooLong.encoding(), 'skiplist');
  const zero = new ZSet();
  zero.add('', 0, { maxListpackEntries: 0, maxListpackValue: 64 });
  assert.equal(zero.encoding(), 'skiplist');
  const dup = ZSet.fromEntries(
    [
      ['a', 1],
      ['b', 2],
      ['a', 3],
    ],
    limits,
  );
  assert.deepEqual([...dup.entries()], [['b', 2], ['a', 3]]);
  assert.equal(ZSet.fromEntries([], limits).encoding(), 'listpack');
});

/** A gc() function (V8's, exposed at run time). */
function gcFunction(): () => void {
  v8.setFlagsFromString('--expose-gc');
  return vm.runInNewContext('gc') as () => void;
}

/** Heap bytes retained by what build() returns, after the strings it was built from are dropped. */
function retained(build: (parents: string[]) => unknown, gc: () => void): number {
  gc();
  const before = process.memoryUsage().heapUsed;
  let parents: string[] = [];
  for (let i = 0; i < 32; i++) parents.push(String.fromCharCode(65 + i).repeat(1) + 'x'.repeat(256 * 1024) + i);
  // Flat strings, like the decoded chunk a client's command is sliced from.
  parents = parents.map((p) => Buffer.from(p, 'latin1').toString('latin1'));
  const kept = build(parents);
  parents = [];
  gc();
  gc();
  const after = process.memoryUsage().heapUsed;
  assert.ok(kept !== null);
  return after - before;
}

test('stored members are flat copies: slices of a bigger string (a query buffer) do not keep it alive', () => {
  const gc = gcFunction();
  const MB = 1024 * 1024;
  const slice = (p: string, i: number): string => p.slice(1000 + i, 1030 + i);
  // Control: the slices themselves keep their 32 parents (8 MB) alive.
  assert.ok(retained((ps) => ps.map((p) => slice(p, 0)), gc) > 6 * MB);
  const compact = { maxListpackEntries: 128, maxListpackValue: 64 };
  const skip = { maxListpackEntries: 128, maxListpackValue: 16 };
  for (const [name, limits] of [
    ['listpack', compact],
    ['skiplist', skip],
  ] as const) {
    const bytes = retained((ps) => {
      const sets = ps.map((p) => {
        const z = new ZSet();
        for (let i = 0; i < 3; i++) z.add(slice(p, i), i, limits);
        return z;
      });
      assert.equal(sets[0].encoding(), name);
      return sets;
    }, gc);
    assert.ok(bytes < 2 * MB, `${name}: ${bytes} bytes retained`);
    const built = retained((ps) => ps.map((p) => ZSet.fromEntries([[slice(p, 0), 1]], limits)), gc);
    assert.ok(built < 2 * MB, `${name} fromEntries: ${built} bytes retained`);
  }
  // Conversion: the skiplist's members are copies, not views of the old packed string.
  const big = { maxListpackEntries: 128, maxListpackValue: 1 << 20 };
  const converted = retained((ps) => {
    return ps.map((p) => {
      const z = new ZSet();
      z.add(p.slice(0, 200), 0, big);
      z.add(p, 1, big);
      z.toSkiplist();
      z.remove(p);
      return z;
    });
  }, gc);
  assert.ok(converted < 2 * MB, `converted: ${converted} bytes retained`);
});
