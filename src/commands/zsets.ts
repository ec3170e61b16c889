/**
 * Sorted-set commands, part 1: adding, removing, scores and ranks, and the ZRANGE family (by rank, score
 * and lex, forward and reverse, with LIMIT, WITHSCORES and STORE). Set operations, pops, random members,
 * ZSCAN and the blocking pops are in zset-ops.ts; both register here.
 *
 * Every reply and error is Redis 7.0's. Scores are sent with addDouble (RESP2 bulk "%.17g", RESP3 double);
 * WITHSCORES arrays are flat in RESP2 and [member, score] pairs in RESP3 (addScoredPairs).
 */
import type { Server } from '../server/server.js';
import type { Client } from '../server/client.js';
import { cmd, type CommandSpec } from './spec.js';
import { E } from '../server/errors.js';
import { isKeyword } from './util.js';
import { ZSet, zsetLimits, type ZRangeOut, type ZSetLimits } from '../keyspace/types/zset.js';
import {
  ERR_LEX_RANGE,
  ERR_MINMAX_FLOAT,
  normalizeRankRange,
  parseLexRange,
  parseLongArg,
  parseScoreRange,
  parseStrictDouble,
} from './zset-args.js';
import { zsetOpsSpecs } from './zset-ops.js';

const Z = { categories: ['sortedset'] };
const GROUP = 'sorted-set';

/** The zset at `key` for reading: undefined when missing, null after a WRONGTYPE reply. */
export function readZSet(c: Client, key: string): ZSet | undefined | null {
  const v = c.db.lookupRead(key);
  if (v === undefined) return undefined;
  if (!(v instanceof ZSet)) {
    c.addError(E.WRONGTYPE);
    return null;
  }
  return v;
}

/** The zset at `key` for writing: undefined when missing, null after a WRONGTYPE reply. */
export function writeZSet(c: Client, key: string): ZSet | undefined | null {
  const v = c.db.lookupWrite(key);
  if (v === undefined) return undefined;
  if (!(v instanceof ZSet)) {
    c.addError(E.WRONGTYPE);
    return null;
  }
  return v;
}

export function limitsOf(c: Client): ZSetLimits {
  return zsetLimits(c.server.settings);
}

/** After removals: deletes the key when empty, then signals and notifies. */
export function afterRemoval(c: Client, key: string, zs: ZSet, event: string, removed: number): void {
  if (removed === 0) return;
  const emptied = zs.size() === 0;
  if (emptied) c.db.delete(key);
  c.db.signalModified(key);
  c.server.notifyKeyspaceEvent('z', event, key, c.db.id);
  if (emptied) c.server.notifyKeyspaceEvent('g', 'del', key, c.db.id);
  c.server.dirty += removed;
}

/** Stores a computed result at `dst` (replacing any value and TTL) or deletes `dst` when the result is empty. */
export function storeResult(c: Client, dst: string, result: ZSet, event: string): void {
  const n = result.size();
  if (n > 0) {
    result.compactIfFits(limitsOf(c));
    c.db.set(dst, result);
    c.db.signalModified(dst);
    c.addInt(n);
    c.server.notifyKeyspaceEvent('z', event, dst, c.db.id);
    c.server.dirty++;
    return;
  }
  c.addInt(0);
  if (c.db.delete(dst)) {
    c.db.signalModified(dst);
    c.server.notifyKeyspaceEvent('g', 'del', dst, c.db.id);
    c.server.dirty++;
  }
}

// ---- ZADD / ZINCRBY ----

const F_NX = 1;
const F_XX = 2;
const F_GT = 4;
const F_LT = 8;
const F_CH = 16;
const F_INCR = 32;

const R_NAN = 0;
const R_NOP = 1;
const R_ADDED = 2;
const R_UPDATED = 3;
const R_SAME = 4;
let lastNewScore = 0;

/** Redis's zsetAdd decision for one element; the resulting score is left in lastNewScore. */
function zaddOne(zs: ZSet, member: string, score: number, flags: number, limits: ZSetLimits): number {
  const cur = zs.score(member);
  if (cur !== undefined) {
    if (flags & F_NX) return R_NOP;
    if (flags & F_INCR) {
      score += cur;
      if (Number.isNaN(score)) return R_NAN;
    }
    if ((flags & F_LT && score >= cur) || (flags & F_GT && score <= cur)) return R_NOP;
    lastNewScore = score;
    if (score === cur) return R_SAME;
    zs.add(member, score, limits);
    return R_UPDATED;
  }
  if (flags & F_XX) return R_NOP;
  zs.add(member, score, limits);
  lastNewScore = score;
  return R_ADDED;
}

function parseZaddFlags(argv: string[]): [number, number] {
  let flags = 0;
  let i = 2;
  for (; i < argv.length; i++) {
    const a = argv[i];
    if (a.length > 4) break;
    const u = a.toUpperCase();
    if (u === 'NX') flags |= F_NX;
    else if (u === 'XX') flags |= F_XX;
    else if (u === 'GT') flags |= F_GT;
    else if (u === 'LT') flags |= F_LT;
    else if (u === 'CH') flags |= F_CH;
    else if (u === 'INCR') flags |= F_INCR;
    else break;
  }
  return [flags, i];
}

function zaddOptionsError(flags: number, elements: number): string | null {
  if (flags & F_NX && flags & F_XX) return 'ERR XX and NX options at the same time are not compatible';
  if ((flags & F_GT && flags & F_NX) || (flags & F_LT && flags & F_NX) || (flags & F_GT && flags & F_LT)) {
    return 'ERR GT, LT, and/or NX options at the same time are not compatible';
  }
  if (flags & F_INCR && elements > 1) return 'ERR INCR option supports a single increment-element pair';
  return null;
}

function zaddGeneric(c: Client, argv: string[], flags: number, scoreIdx: number): void {
  const key = argv[1];
  const nargs = argv.length - scoreIdx;
  if (nargs % 2 !== 0 || nargs === 0) return c.addError(E.SYNTAX);
  const elements = nargs / 2;
  const optErr = zaddOptionsError(flags, elements);
  if (optErr !== null) return c.addError(optErr);
  const scores = new Array<number>(elements);
  for (let j = 0; j < elements; j++) {
    const s = parseStrictDouble(argv[scoreIdx + 2 * j]);
    if (s === null) return c.addError(E.NOT_FLOAT);
    scores[j] = s;
  }
  let zs = writeZSet(c, key);
  if (zs === null) return;
  const incr = (flags & F_INCR) !== 0;
  if (zs === undefined) {
    if (flags & F_XX) return incr ? c.addNull() : c.addInt(0);
    zs = new ZSet();
    c.db.add(key, zs);
  }
  const limits = limitsOf(c);
  let added = 0;
  let updated = 0;
  let processed = 0;
  let nanError = false;
  for (let j = 0; j < elements; j++) {
    const r = zaddOne(zs, argv[scoreIdx + 2 * j + 1], scores[j], flags, limits);
    if (r === R_NAN) {
      nanError = true;
      break;
    }
    if (r === R_ADDED) added++;
    else if (r === R_UPDATED) updated++;
    if (r !== R_NOP) processed++;
  }
  if (zs.size() === 0) c.db.delete(key);
  if (added + updated > 0) {
    c.db.signalModified(key);
    c.server.notifyKeyspaceEvent('z', incr ? 'zincr' : 'zadd', key, c.db.id);
    c.server.dirty += added + updated;
  }
  if (nanError) return c.addError('ERR resulting score is not a number (NaN)');
  if (incr) {
    if (processed > 0) c.addDouble(lastNewScore);
    else c.addNull();
  } else {
    c.addInt(flags & F_CH ? added + updated : added);
  }
}

function zadd(c: Client, argv: string[]): void {
  const [flags, idx] = parseZaddFlags(argv);
  zaddGeneric(c, argv, flags, idx);
}

/** ZADD's handler, also used by GEOADD with a rewritten argv. */
export const zaddCommand = zadd;

function zincrby(c: Client, argv: string[]): void {
  zaddGeneric(c, argv, F_INCR, 2);
}

// ---- simple reads and ZREM ----

function zrem(c: Client, argv: string[]): void {
  const key = argv[1];
  const zs = writeZSet(c, key);
  if (zs === null) return;
  if (zs === undefined) return c.addInt(0);
  let removed = 0;
  for (let i = 2; i < argv.length; i++) {
    if (zs.remove(argv[i])) {
      removed++;
      if (zs.size() === 0) break;
    }
  }
  afterRemoval(c, key, zs, 'zrem', removed);
  c.addInt(removed);
}

function zcard(c: Client, argv: string[]): void {
  const zs = readZSet(c, argv[1]);
  if (zs === null) return;
  c.addInt(zs === undefined ? 0 : zs.size());
}

function zscore(c: Client, argv: string[]): void {
  const zs = readZSet(c, argv[1]);
  if (zs === null) return;
  const s = zs === undefined ? undefined : zs.score(argv[2]);
  if (s === undefined) c.addNull();
  else c.addDouble(s);
}

function zmscore(c: Client, argv: string[]): void {
  const zs = readZSet(c, argv[1]);
  if (zs === null) return;
  c.addArrayLen(argv.length - 2);
  for (let i = 2; i < argv.length; i++) {
    const s = zs === undefined ? undefined : zs.score(argv[i]);
    if (s === undefined) c.addNull();
    else c.addDouble(s);
  }
}

function zrankGeneric(c: Client, argv: string[], rev: boolean): void {
  const zs = readZSet(c, argv[1]);
  if (zs === null) return;
  if (zs === undefined) return c.addNull();
  const r = zs.rankOf(argv[2]);
  if (r < 0) return c.addNull();
  c.addInt(rev ? zs.size() - 1 - r : r);
}

function zcount(c: Client, argv: string[]): void {
  const range = parseScoreRange(argv[2], argv[3]);
  if (range === null) return c.addError(ERR_MINMAX_FLOAT);
  const zs = readZSet(c, argv[1]);
  if (zs === null) return;
  c.addInt(zs === undefined ? 0 : zs.countByScore(range));
}

function zlexcount(c: Client, argv: string[]): void {
  const range = parseLexRange(argv[2], argv[3]);
  if (range === null) return c.addError(ERR_LEX_RANGE);
  const zs = readZSet(c, argv[1]);
  if (zs === null) return;
  c.addInt(zs === undefined ? 0 : zs.countByLex(range));
}

// ---- ZRANGE family ----

type RangeType = 'auto' | 'rank' | 'score' | 'lex';

interface RangeRequest {
  type: RangeType;
  rev: boolean;
  withScores: boolean;
  offset: number;
  limit: number;
}

/** Parses the options after <src> <min> <max>; null after an error reply. */
function parseRangeOptions(c: Client, argv: string[], from: number, store: boolean, req: RangeRequest, revAllowed: boolean): boolean {
  let limitGiven = false;
  for (let j = from; j < argv.length; j++) {
    const left = argv.length - j - 1;
    const a = argv[j];
    if (!store && isKeyword(a, 'WITHSCORES')) req.withScores = true;
    else if (isKeyword(a, 'LIMIT') && left >= 2) {
      const off = parseLongArg(argv[j + 1]);
      const lim = off === null ? null : parseLongArg(argv[j + 2]);
      if (off === null || lim === null) {
        c.addError(E.NOT_INTEGER);
        return false;
      }
      req.offset = off;
      req.limit = lim;
      limitGiven = true;
      j += 2;
    } else if (revAllowed && !req.rev && isKeyword(a, 'REV')) req.rev = true;
    else if (req.type === 'auto' && isKeyword(a, 'BYLEX')) req.type = 'lex';
    else if (req.type === 'auto' && isKeyword(a, 'BYSCORE')) req.type = 'score';
    else {
      c.addError(E.SYNTAX);
      return false;
    }
  }
  if (req.type === 'auto') req.type = 'rank';
  if (limitGiven && req.limit !== -1 && req.type === 'rank') {
    c.addError('ERR syntax error, LIMIT is only supported in combination with either BYSCORE or BYLEX');
    return false;
  }
  if (req.withScores && req.type === 'lex') {
    c.addError('ERR syntax error, WITHSCORES not supported in combination with BYLEX');
    return false;
  }
  return true;
}

/** Fills `out` with the requested range of `zs`; false after an error reply (bad min/max). */
function computeRange(c: Client, zs: ZSet | undefined, req: RangeRequest, minArg: string, maxArg: string, out: ZRangeOut): boolean {
  if (req.type === 'rank') {
    const start = parseLongArg(minArg);
    const end = start === null ? null : parseLongArg(maxArg);
    if (start === null || end === null) {
      c.addError(E.NOT_INTEGER);
      return false;
    }
    if (zs === undefined) return true;
    const len = zs.size();
    const r = normalizeRankRange(start, end, len);
    if (r !== null) zs.collect(req.rev ? len - 1 - r[0] : r[0], r[1] - r[0] + 1, req.rev, out);
    return true;
  }
  if (req.type === 'score') {
    const range = req.rev ? parseScoreRange(maxArg, minArg) : parseScoreRange(minArg, maxArg);
    if (range === null) {
      c.addError(ERR_MINMAX_FLOAT);
      return false;
    }
    if (zs !== undefined) zs.rangeByScore(range, req.rev, req.offset, req.limit, out);
    return true;
  }
  const range = req.rev ? parseLexRange(maxArg, minArg) : parseLexRange(minArg, maxArg);
  if (range === null) {
    c.addError(ERR_LEX_RANGE);
    return false;
  }
  if (zs !== undefined) zs.rangeByLex(range, req.rev, req.offset, req.limit, out);
  return true;
}

/**
 * The shared body of ZRANGE, ZRANGESTORE, ZREVRANGE, Z[REV]RANGEBYSCORE and Z[REV]RANGEBYLEX.
 * `srcIdx` is the position of the source key; `dst` is the destination for ZRANGESTORE.
 */
function zrangeGeneric(c: Client, argv: string[], srcIdx: number, dst: string | null, type: RangeType, rev: boolean | null): void {
  const req: RangeRequest = { type, rev: rev === true, withScores: false, offset: 0, limit: -1 };
  if (!parseRangeOptions(c, argv, srcIdx + 3, dst !== null, req, rev === null)) return;
  // Redis parses min/max before looking the key up: errors win over WRONGTYPE.
  const out: ZRangeOut = { members: [], scores: [] };
  const probe = computeRange(c, undefined, req, argv[srcIdx + 1], argv[srcIdx + 2], out);
  if (!probe) return;
  const zs = readZSet(c, argv[srcIdx]);
  if (zs === null) return;
  if (zs !== undefined) computeRange(c, zs, req, argv[srcIdx + 1], argv[srcIdx + 2], out);
  if (dst !== null) {
    const result = new ZSet();
    const limits = limitsOf(c);
    for (let i = 0; i < out.members.length; i++) result.add(out.members[i], out.scores[i], limits);
    storeResult(c, dst, result, 'zrangestore');
    return;
  }
  if (req.withScores) c.addScoredPairs(out.members, out.scores);
  else c.addBulks(out.members);
}

// ---- ZREMRANGEBY* ----

function zremrangeGeneric(c: Client, argv: string[], type: 'rank' | 'score' | 'lex'): void {
  const key = argv[1];
  let start = 0;
  let end = 0;
  const score = type === 'score' ? parseScoreRange(argv[2], argv[3]) : null;
  const lex = type === 'lex' ? parseLexRange(argv[2], argv[3]) : null;
  if (type === 'rank') {
    const s = parseLongArg(argv[2]);
    const e = s === null ? null : parseLongArg(argv[3]);
    if (s === null || e === null) return c.addError(E.NOT_INTEGER);
    start = s;
    end = e;
  } else if (type === 'score' && score === null) return c.addError(ERR_MINMAX_FLOAT);
  else if (type === 'lex' && lex === null) return c.addError(ERR_LEX_RANGE);
  const zs = writeZSet(c, key);
  if (zs === null) return;
  if (zs === undefined) return c.addInt(0);
  let removed: number;
  if (type === 'rank') {
    const r = normalizeRankRange(start, end, zs.size());
    removed = r === null ? 0 : zs.removeRange(r[0], r[1] - r[0] + 1);
  } else if (score !== null) removed = zs.removeRangeByScore(score);
  else removed = zs.removeRangeByLex(lex!);
  afterRemoval(c, key, zs, 'zremrangeby' + type, removed);
  c.addInt(removed);
}

function specs(): CommandSpec[] {
  return [
    cmd('zadd', -4, 'write denyoom fast', [1, 1, 1], GROUP, zadd, { ...Z, since: '1.2.0' }),
    cmd('zincrby', 4, 'write denyoom fast', [1, 1, 1], GROUP, zincrby, { ...Z, since: '1.2.0' }),
    cmd('zrem', -3, 'write fast', [1, 1, 1], GROUP, zrem, { ...Z, since: '1.2.0' }),
    cmd('zcard', 2, 'readonly fast', [1, 1, 1], GROUP, zcard, { ...Z, since: '1.2.0' }),
    cmd('zscore', 3, 'readonly fast', [1, 1, 1], GROUP, zscore, { ...Z, since: '1.2.0' }),
    cmd('zmscore', -3, 'readonly fast', [1, 1, 1], GROUP, zmscore, { ...Z, since: '6.2.0' }),
    cmd('zrank', 3, 'readonly fast', [1, 1, 1], GROUP, (c, a) => zrankGeneric(c, a, false), { ...Z, since: '2.0.0' }),
    cmd('zrevrank', 3, 'readonly fast', [1, 1, 1], GROUP, (c, a) => zrankGeneric(c, a, true), { ...Z, since: '2.0.0' }),
    cmd('zcount', 4, 'readonly fast', [1, 1, 1], GROUP, zcount, { ...Z, since: '2.0.0' }),
    cmd('zlexcount', 4, 'readonly fast', [1, 1, 1], GROUP, zlexcount, { ...Z, since: '2.8.9' }),
    cmd('zrange', -4, 'readonly', [1, 1, 1], GROUP, (c, a) => zrangeGeneric(c, a, 1, null, 'auto', null), { ...Z, since: '1.2.0' }),
    cmd('zrangestore', -5, 'write denyoom', [1, 2, 1], GROUP, (c, a) => zrangeGeneric(c, a, 2, a[1], 'auto', null), { ...Z, since: '6.2.0' }),
    cmd('zrevrange', -4, 'readonly', [1, 1, 1], GROUP, (c, a) => zrangeGeneric(c, a, 1, null, 'rank', true), { ...Z, since: '1.2.0' }),
    cmd('zrangebyscore', -4, 'readonly', [1, 1, 1], GROUP, (c, a) => zrangeGeneric(c, a, 1, null, 'score', false), { ...Z, since: '1.0.5' }),
    cmd('zrevrangebyscore', -4, 'readonly', [1, 1, 1], GROUP, (c, a) => zrangeGeneric(c, a, 1, null, 'score', true), { ...Z, since: '2.2.0' }),
    cmd('zrangebylex', -4, 'readonly', [1, 1, 1], GROUP, (c, a) => zrangeGeneric(c, a, 1, null, 'lex', false), { ...Z, since: '2.8.9' }),
    cmd('zrevrangebylex', -4, 'readonly', [1, 1, 1], GROUP, (c, a) => zrangeGeneric(c, a, 1, null, 'lex', true), { ...Z, since: '2.8.9' }),
    cmd('zremrangebyrank', 4, 'write', [1, 1, 1], GROUP, (c, a) => zremrangeGeneric(c, a, 'rank'), { ...Z, since: '2.0.0' }),
    cmd('zremrangebyscore', 4, 'write', [1, 1, 1], GROUP, (c, a) => zremrangeGeneric(c, a, 'score'), { ...Z, since: '1.2.0' }),
    cmd('zremrangebylex', 4, 'write', [1, 1, 1], GROUP, (c, a) => zremrangeGeneric(c, a, 'lex'), { ...Z, since: '2.8.9' }),
  ];
}

export function install(server: Server): void {
  server.commands.register([...specs(), ...zsetOpsSpecs(server)]);
}
