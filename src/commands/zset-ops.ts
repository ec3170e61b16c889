/**
 * Sorted-set commands, part 2: ZUNION/ZINTER/ZDIFF (+STORE) and ZINTERCARD, the pops (ZPOPMIN/MAX, ZMPOP
 * and the blocking BZPOPMIN/BZPOPMAX/BZMPOP through server/blocking.ts), ZRANDMEMBER and ZSCAN.
 *
 * Set operations follow Redis's arithmetic exactly: inputs sorted by cardinality (stable) before
 * aggregating, weight*score with NaN read as 0, SUM turning inf + -inf into 0 — so float results match.
 * Plain sets are accepted as inputs with score 1. Pops propagate as ZPOPMIN/ZPOPMAX <key> [count].
 */
import type { Server } from '../server/server.js';
import type { Client } from '../server/client.js';
import type { Database } from '../keyspace/database.js';
import { cmd, type CommandSpec } from './spec.js';
import { E } from '../server/errors.js';
import { globMatch, isKeyword, parseLong } from './util.js';
import { ZSet, type ZRangeOut } from '../keyspace/types/zset.js';
import { SetValue } from '../keyspace/types/set.js';
import { parseStrictDouble } from './zset-args.js';
import { limitsOf, readZSet, storeResult } from './zsets.js';
import { blockClient, installBlocking, mayBlock, parseTimeoutOrReply, type BlockHandler, type BlockedState } from '../server/blocking.js';
import { parseScanOptions, scanCursorsOf, validCursor } from '../keyspace/scan.js';
import { formatDouble } from '../protocol/reply-writer.js';

const Z = { categories: ['sortedset'] };
const GROUP = 'sorted-set';

// ---- ZUNION / ZINTER / ZDIFF ----

type SetOp = 'union' | 'inter' | 'diff';
type Aggregate = 'sum' | 'min' | 'max';

interface OpSource {
  value: ZSet | SetValue | null;
  weight: number;
}

function sourceSize(s: OpSource): number {
  return s.value === null ? 0 : s.value.size();
}

function sourceScore(s: OpSource, member: string): number | undefined {
  if (s.value === null) return undefined;
  if (s.value instanceof ZSet) return s.value.score(member);
  return s.value.has(member) ? 1 : undefined;
}

function sourceForEach(s: OpSource, fn: (member: string, score: number) => void): void {
  if (s.value === null) return;
  if (s.value instanceof ZSet) s.value.forEach(fn);
  else s.value.forEach((m) => fn(m, 1));
}

function aggregate(target: number, val: number, agg: Aggregate): number {
  if (agg === 'sum') {
    const r = target + val;
    return Number.isNaN(r) ? 0 : r;
  }
  if (agg === 'min') return val < target ? val : target;
  return val > target ? val : target;
}

interface OpRequest {
  sources: OpSource[];
  agg: Aggregate;
  withScores: boolean;
  limit: number;
}

/** Parses numkeys, the keys and the options; null after an error reply. */
function parseSetOp(c: Client, argv: string[], numkeysIdx: number, op: SetOp, store: boolean, cardOnly: boolean): OpRequest | null {
  const setnum = parseLong(argv[numkeysIdx]);
  if (setnum === null) return c.addError(E.NOT_INTEGER), null;
  if (setnum < 1) return c.addError(`ERR at least 1 input key is needed for '${argv[0].toLowerCase()}' command`), null;
  if (setnum > argv.length - numkeysIdx - 1) return c.addError(E.SYNTAX), null;
  const req: OpRequest = { sources: [], agg: 'sum', withScores: false, limit: 0 };
  let j = numkeysIdx + 1;
  for (let i = 0; i < setnum; i++, j++) {
    const v = c.db.lookupRead(argv[j]);
    if (v !== undefined && !(v instanceof ZSet) && !(v instanceof SetValue)) return c.addError(E.WRONGTYPE), null;
    req.sources.push({ value: v === undefined ? null : v, weight: 1 });
  }
  while (j < argv.length) {
    const remaining = argv.length - j;
    const a = argv[j];
    if (op !== 'diff' && !cardOnly && remaining >= setnum + 1 && isKeyword(a, 'WEIGHTS')) {
      j++;
      for (let i = 0; i < setnum; i++, j++) {
        const w = parseStrictDouble(argv[j]);
        if (w === null) return c.addError('ERR weight value is not a float'), null;
        req.sources[i].weight = w;
      }
    } else if (op !== 'diff' && !cardOnly && remaining >= 2 && isKeyword(a, 'AGGREGATE')) {
      const g = argv[j + 1].toLowerCase();
      if (g !== 'sum' && g !== 'min' && g !== 'max') return c.addError(E.SYNTAX), null;
      req.agg = g;
      j += 2;
    } else if (!store && !cardOnly && isKeyword(a, 'WITHSCORES')) {
      req.withScores = true;
      j++;
    } else if (cardOnly && remaining >= 2 && isKeyword(a, 'LIMIT')) {
      const l = parseLong(argv[j + 1]);
      if (l === null || l < 0) return c.addError("ERR LIMIT can't be negative"), null;
      req.limit = l;
      j += 2;
    } else {
      return c.addError(E.SYNTAX), null;
    }
  }
  return req;
}

/** Intersection into `acc` (or just counting, up to `limit`); returns the count. */
function computeInter(req: OpRequest, acc: Map<string, number> | null): number {
  const src = req.sources;
  if (sourceSize(src[0]) === 0) return 0;
  let count = 0;
  const base = src[0].value instanceof ZSet ? [...src[0].value.entries()] : (src[0].value as SetValue).members().map((m): [string, number] => [m, 1]);
  for (const [member, s0] of base) {
    let score = src[0].weight * s0;
    if (Number.isNaN(score)) score = 0;
    let j = 1;
    for (; j < src.length; j++) {
      const v = src[j].value === src[0].value ? s0 : sourceScore(src[j], member);
      if (v === undefined) break;
      score = aggregate(score, v * src[j].weight, req.agg);
    }
    if (j < src.length) continue;
    count++;
    if (acc !== null) acc.set(member, score);
    else if (req.limit > 0 && count >= req.limit) break;
  }
  return count;
}

function computeUnion(req: OpRequest, acc: Map<string, number>): void {
  for (const s of req.sources) {
    sourceForEach(s, (member, sc) => {
      let score = s.weight * sc;
      if (Number.isNaN(score)) score = 0;
      const cur = acc.get(member);
      acc.set(member, cur === undefined ? score : aggregate(cur, score, req.agg));
    });
  }
}

function computeDiff(req: OpRequest, acc: Map<string, number>): void {
  const src = req.sources;
  sourceForEach(src[0], (member, sc) => {
    for (let j = 1; j < src.length; j++) if (sourceScore(src[j], member) !== undefined) return;
    acc.set(member, sc);
  });
}

/** Sorts an accumulator into zset order. */
function sortedEntries(acc: Map<string, number>): ZRangeOut {
  const entries = [...acc];
  entries.sort((a, b) => (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  return { members: entries.map((e) => e[0]), scores: entries.map((e) => e[1]) };
}

function zsetOpGeneric(c: Client, argv: string[], dst: string | null, numkeysIdx: number, op: SetOp, cardOnly = false): void {
  const req = parseSetOp(c, argv, numkeysIdx, op, dst !== null, cardOnly);
  if (req === null) return;
  if (op !== 'diff') {
    // Redis sorts the inputs by cardinality before aggregating (glibc's qsort is a stable merge sort here).
    req.sources = req.sources.map((s, i) => ({ s, i })).sort((a, b) => sourceSize(a.s) - sourceSize(b.s) || a.i - b.i).map((x) => x.s);
  }
  if (cardOnly) return c.addInt(computeInter(req, null));
  const acc = new Map<string, number>();
  if (op === 'inter') computeInter(req, acc);
  else if (op === 'union') computeUnion(req, acc);
  else if (sourceSize(req.sources[0]) > 0) computeDiff(req, acc);
  const out = sortedEntries(acc);
  if (dst !== null) {
    const result = new ZSet();
    result.toSkiplist();
    const limits = limitsOf(c);
    for (let i = 0; i < out.members.length; i++) result.add(out.members[i], out.scores[i], limits);
    return storeResult(c, dst, result, op === 'union' ? 'zunionstore' : op === 'inter' ? 'zinterstore' : 'zdiffstore');
  }
  if (req.withScores) c.addScoredPairs(out.members, out.scores);
  else c.addBulks(out.members);
}

/** Key positions for numkeys-style commands: [dst?] numkeys key... */
function numkeysKeys(dstIdx: number, numkeysIdx: number): (argv: readonly string[]) => number[] {
  return (argv) => {
    const out: number[] = dstIdx > 0 ? [dstIdx] : [];
    const n = Number(argv[numkeysIdx]);
    if (!Number.isInteger(n) || n < 1) return out;
    for (let i = 0; i < n && numkeysIdx + 1 + i < argv.length; i++) out.push(numkeysIdx + 1 + i);
    return out;
  };
}

// ---- pops ----

/** Pops up to `count` entries from `zs` at `key` (min or max end) into `out`; deletes the key when emptied. */
function popEntries(c: Client, db: Database, key: string, zs: ZSet, max: boolean, count: number, out: ZRangeOut): void {
  const n = Math.min(count, zs.size());
  if (max) {
    zs.collect(zs.size() - 1, n, true, out);
    zs.removeRange(zs.size() - n, n);
  } else {
    zs.collect(0, n, false, out);
    zs.removeRange(0, n);
  }
  c.server.notifyKeyspaceEvent('z', max ? 'zpopmax' : 'zpopmin', key, db.id);
  db.signalModified(key);
  if (zs.size() === 0) {
    db.delete(key);
    c.server.notifyKeyspaceEvent('g', 'del', key, db.id);
  }
  c.server.dirty += n;
}

type PopShape = 'flat' | 'nested' | 'keyed-flat' | 'keyed-nested';

function replyPopped(c: Client, key: string, out: ZRangeOut, shape: PopShape): void {
  const n = out.members.length;
  if (shape === 'keyed-nested') {
    c.addArrayLen(2);
    c.addBulk(key);
    c.addArrayLen(n);
    for (let i = 0; i < n; i++) {
      c.addArrayLen(2);
      c.addBulk(out.members[i]);
      c.addDouble(out.scores[i]);
    }
    return;
  }
  if (shape === 'nested') return c.addScoredPairs(out.members, out.scores);
  if (shape === 'keyed-flat') {
    c.addArrayLen(2 * n + 1);
    c.addBulk(key);
  } else c.addArrayLen(2 * n);
  for (let i = 0; i < n; i++) {
    c.addBulk(out.members[i]);
    c.addDouble(out.scores[i]);
  }
}

function zpopMinMax(c: Client, argv: string[], max: boolean): void {
  if (argv.length > 3) return c.addError(E.SYNTAX);
  let count = -1;
  if (argv.length === 3) {
    const n = parseLong(argv[2]);
    if (n === null || n < 0) return c.addError(E.POSITIVE);
    count = n;
  }
  const zs = writeZSetAt(c, c.db, argv[1]);
  if (zs === null) return;
  if (zs === undefined || count === 0) return c.addEmptyArray();
  const out: ZRangeOut = { members: [], scores: [] };
  popEntries(c, c.db, argv[1], zs, max, count === -1 ? 1 : count, out);
  replyPopped(c, argv[1], out, count !== -1 ? 'nested' : 'flat');
}

function writeZSetAt(c: Client, db: Database, key: string): ZSet | undefined | null {
  const v = db.lookupWrite(key);
  if (v === undefined) return undefined;
  if (!(v instanceof ZSet)) {
    c.addError(E.WRONGTYPE);
    return null;
  }
  return v;
}

interface MpopArgs {
  keys: string[];
  max: boolean;
  count: number;
}

/** ZMPOP / BZMPOP arguments from numkeysIdx on; null after an error reply. */
function parseMpop(c: Client, argv: string[], numkeysIdx: number): MpopArgs | null {
  const numkeys = parseLong(argv[numkeysIdx]);
  if (numkeys === null || numkeys < 1) return c.addError('ERR numkeys should be greater than 0'), null;
  const whereIdx = numkeysIdx + numkeys + 1;
  if (whereIdx >= argv.length) return c.addError(E.SYNTAX), null;
  let max: boolean;
  if (isKeyword(argv[whereIdx], 'MIN')) max = false;
  else if (isKeyword(argv[whereIdx], 'MAX')) max = true;
  else return c.addError(E.SYNTAX), null;
  let count = -1;
  for (let j = whereIdx + 1; j < argv.length; j++) {
    if (count === -1 && isKeyword(argv[j], 'COUNT') && j + 1 < argv.length) {
      const n = parseLong(argv[++j]);
      if (n === null || n < 1) return c.addError('ERR count should be greater than 0'), null;
      count = n;
    } else return c.addError(E.SYNTAX), null;
  }
  return { keys: argv.slice(numkeysIdx + 1, whereIdx), max, count: count === -1 ? 1 : count };
}

/** Pops from the first non-empty zset among `keys`; returns false when none (nothing replied). */
function mpopFirst(c: Client, keys: string[], max: boolean, count: number, shape: PopShape): boolean | null {
  for (const key of keys) {
    const zs = writeZSetAt(c, c.db, key);
    if (zs === null) return null;
    if (zs === undefined) continue;
    const out: ZRangeOut = { members: [], scores: [] };
    popEntries(c, c.db, key, zs, max, count, out);
    replyPopped(c, key, out, shape);
    c.propagateArgv = shape === 'keyed-flat' ? [max ? 'ZPOPMAX' : 'ZPOPMIN', key] : [max ? 'ZPOPMAX' : 'ZPOPMIN', key, String(count)];
    return true;
  }
  return false;
}

function zmpop(c: Client, argv: string[]): void {
  const a = parseMpop(c, argv, 1);
  if (a === null) return;
  const r = mpopFirst(c, a.keys, a.max, a.count, 'keyed-nested');
  if (r === false) c.addNullArray();
}

interface BlockData {
  max: boolean;
  count: number;
  shape: PopShape;
}

/** Serves a client blocked on zset keys once one of them holds elements. */
const zsetBlockHandler: BlockHandler = {
  serve(c: Client, db: Database, key: string, st: BlockedState): boolean {
    const v = db.peek(key);
    if (!(v instanceof ZSet) || v.size() === 0) return false;
    db.lookupWrite(key);
    const d = st.data as BlockData;
    const out: ZRangeOut = { members: [], scores: [] };
    popEntries(c, db, key, v, d.max, d.count, out);
    replyPopped(c, key, out, d.shape);
    const pop = d.max ? 'ZPOPMAX' : 'ZPOPMIN';
    c.server.propagate(db.id, d.shape === 'keyed-flat' ? [pop, key] : [pop, key, String(d.count)]);
    return true;
  },
  timeout(c: Client): void {
    c.addNullArray();
  },
};

function blockingPop(c: Client, keys: string[], timeoutArg: string, data: BlockData): void {
  const deadline = parseTimeoutOrReply(c, timeoutArg, 'seconds');
  if (deadline === null) return;
  const r = mpopFirst(c, keys, data.max, data.count, data.shape);
  if (r !== false) return;
  if (!mayBlock(c)) return c.addNullArray();
  blockClient(c, keys, deadline, zsetBlockHandler, data);
}

function bzpopMinMax(c: Client, argv: string[], max: boolean): void {
  blockingPop(c, argv.slice(1, -1), argv[argv.length - 1], { max, count: 1, shape: 'keyed-flat' });
}

function bzmpop(c: Client, argv: string[]): void {
  const a = parseMpop(c, argv, 2);
  if (a === null) return;
  blockingPop(c, a.keys, argv[1], { max: a.max, count: a.count, shape: 'keyed-nested' });
}

// ---- ZRANDMEMBER ----

function zrandmember(c: Client, argv: string[]): void {
  if (argv.length >= 3) return zrandmemberCount(c, argv);
  const zs = readZSet(c, argv[1]);
  if (zs === null) return;
  if (zs === undefined) return c.addNull();
  const out: ZRangeOut = { members: [], scores: [] };
  zs.collect(c.server.random.int(zs.size()), 1, false, out);
  c.addBulk(out.members[0]);
}

const LONG_MAX = 9223372036854775807n;

function zrandmemberCount(c: Client, argv: string[]): void {
  const big = /^-?\d+$/.test(argv[2]) ? BigInt(argv[2]) : null;
  if (parseLong(argv[2]) === null || big === null) return c.addError(E.NOT_INTEGER);
  if (big < -LONG_MAX) return c.addError('ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807');
  let withScores = false;
  if (argv.length > 4 || (argv.length === 4 && !isKeyword(argv[3], 'WITHSCORES'))) return c.addError(E.SYNTAX);
  if (argv.length === 4) {
    withScores = true;
    if (big < -LONG_MAX / 2n || big > LONG_MAX / 2n) return c.addError('ERR value is out of range');
  }
  const l = Number(big);
  const zs = readZSet(c, argv[1]);
  if (zs === null) return;
  if (zs === undefined || l === 0) return c.addEmptyArray();
  const size = zs.size();
  const out: ZRangeOut = { members: [], scores: [] };
  if (l < 0 || l === 1) {
    const n = Math.abs(l);
    if (n > 100_000_000) return c.addError('ERR value is out of range');
    for (let i = 0; i < n; i++) zs.collect(c.server.random.int(size), 1, false, out);
  } else if (l >= size) {
    zs.collect(size - 1, size, true, out); // Redis answers the whole set from the highest score down

  } else {
    pickDistinct(c, zs, l, out);
  }
  if (withScores) c.addScoredPairs(out.members, out.scores);
  else c.addBulks(out.members);
}

/** `count` distinct random entries (count < size), in random order. */
function pickDistinct(c: Client, zs: ZSet, count: number, out: ZRangeOut): void {
  const size = zs.size();
  const idx: number[] = [];
  if (count * 3 > size) {
    for (let i = 0; i < size; i++) idx.push(i);
    for (let i = size - 1; i > 0; i--) {
      const j = c.server.random.int(i + 1);
      const t = idx[i];
      idx[i] = idx[j];
      idx[j] = t;
    }
    idx.length = count;
  } else {
    const seen = new Set<number>();
    while (seen.size < count) seen.add(c.server.random.int(size));
    idx.push(...seen);
  }
  for (const i of idx) zs.collect(i, 1, false, out);
}

// ---- ZSCAN ----

function zscan(c: Client, argv: string[]): void {
  if (!validCursor(argv[2])) return c.addError('ERR invalid cursor');
  const zs = readZSet(c, argv[1]);
  if (zs === null) return;
  if (zs === undefined) return c.addRaw('*2\r\n$1\r\n0\r\n*0\r\n');
  const opts = parseScanOptions(argv, 3, false);
  if (typeof opts === 'string') return c.addError(opts);
  const items: string[] = [];
  let next = '0';
  if (zs.dict === null) {
    zs.forEach((m, s) => {
      if (opts.pattern === null || globMatch(opts.pattern, m)) items.push(m, formatDouble(s));
    });
  } else {
    const dict = zs.dict;
    const cursors = scanCursorsOf(c.server.modules);
    const it = cursors.resume(argv[2], dict, () => dict.entries());
    let visited = 0;
    while (visited < opts.count) {
      const r = it.next();
      if (r.done === true) break;
      visited++;
      const [m, s] = r.value;
      if (opts.pattern === null || globMatch(opts.pattern, m)) items.push(m, formatDouble(s));
    }
    if (visited === opts.count) next = cursors.park(dict, it);
  }
  c.addArrayLen(2);
  c.addBulk(next);
  c.addBulks(items);
}

export function zsetOpsSpecs(server: Server): CommandSpec[] {
  installBlocking(server);
  const mk = numkeysKeys;
  return [
    cmd('zunion', -3, 'readonly movablekeys', [0, 0, 0], GROUP, (c, a) => zsetOpGeneric(c, a, null, 1, 'union'), { ...Z, since: '6.2.0', getKeys: mk(0, 1) }),
    cmd('zinter', -3, 'readonly movablekeys', [0, 0, 0], GROUP, (c, a) => zsetOpGeneric(c, a, null, 1, 'inter'), { ...Z, since: '6.2.0', getKeys: mk(0, 1) }),
    cmd('zdiff', -3, 'readonly movablekeys', [0, 0, 0], GROUP, (c, a) => zsetOpGeneric(c, a, null, 1, 'diff'), { ...Z, since: '6.2.0', getKeys: mk(0, 1) }),
    cmd('zunionstore', -4, 'write denyoom movablekeys', [1, 1, 1], GROUP, (c, a) => zsetOpGeneric(c, a, a[1], 2, 'union'), { ...Z, since: '2.0.0', getKeys: mk(1, 2) }),
    cmd('zinterstore', -4, 'write denyoom movablekeys', [1, 1, 1], GROUP, (c, a) => zsetOpGeneric(c, a, a[1], 2, 'inter'), { ...Z, since: '2.0.0', getKeys: mk(1, 2) }),
    cmd('zdiffstore', -4, 'write denyoom movablekeys', [1, 1, 1], GROUP, (c, a) => zsetOpGeneric(c, a, a[1], 2, 'diff'), { ...Z, since: '6.2.0', getKeys: mk(1, 2) }),
    cmd('zintercard', -3, 'readonly movablekeys', [0, 0, 0], GROUP, (c, a) => zsetOpGeneric(c, a, null, 1, 'inter', true), { ...Z, since: '7.0.0', getKeys: mk(0, 1) }),
    cmd('zpopmin', -2, 'write fast', [1, 1, 1], GROUP, (c, a) => zpopMinMax(c, a, false), { ...Z, since: '5.0.0' }),
    cmd('zpopmax', -2, 'write fast', [1, 1, 1], GROUP, (c, a) => zpopMinMax(c, a, true), { ...Z, since: '5.0.0' }),
    cmd('zmpop', -4, 'write movablekeys', [0, 0, 0], GROUP, zmpop, { ...Z, since: '7.0.0', getKeys: mk(0, 1) }),
    cmd('bzpopmin', -3, 'write noscript blocking fast', [1, -2, 1], GROUP, (c, a) => bzpopMinMax(c, a, false), { ...Z, since: '5.0.0' }),
    cmd('bzpopmax', -3, 'write noscript blocking fast', [1, -2, 1], GROUP, (c, a) => bzpopMinMax(c, a, true), { ...Z, since: '5.0.0' }),
    cmd('bzmpop', -5, 'write blocking movablekeys', [0, 0, 0], GROUP, bzmpop, { ...Z, since: '7.0.0', getKeys: mk(0, 2) }),
    cmd('zrandmember', -2, 'readonly', [1, 1, 1], GROUP, zrandmember, { ...Z, since: '6.2.0' }),
    cmd('zscan', -3, 'readonly', [1, 1, 1], GROUP, zscan, { ...Z, since: '2.8.0' }),
  ];
}
