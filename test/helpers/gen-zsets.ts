/**
 * Random command generators for sorted sets (group "sorted-set"). Members come from a small pool (so
 * commands collide), with some members longer than 64 bytes and some big ZADDs (more than 128 members) so
 * both encodings — and the listpack -> skiplist conversion — are exercised. Scores include floats that print
 * with 17 digits, infinities, exclusive bounds and invalid texts. Only commands with a deterministic reply
 * are generated (ZRANDMEMBER only with counts that return the whole set or nothing; no ZSCAN).
 *
 * Lex ranges are only defined when every score is equal (on a skiplist with mixed scores Redis's answer
 * depends on its random node levels), so lex commands use their own keys, which only ever get score 0.
 */
import { register, type GenContext } from './gen.js';

const MEMBERS = ['a', 'b', 'c', 'd', 'e', 'aa', 'ab', 'b\x00', '', 'x'.repeat(70), '\xff', 'm1', 'm2', 'm10'];
const SCORES = ['0', '1', '2', '-1', '1.5', '0.1', '0.30000000000000004', '1e300', '-2.5e-7', 'inf', '-inf', '+inf', '3', '10', '1.1'];
const BAD_SCORES = ['nan', 'abc', '', '1e400', ' 1', '0x10', '1.'];
const RANGE_BOUNDS = ['-inf', '+inf', '0', '1', '(1', '(0', '2', '1.5', '(1.5', '10', '-1', 'inf', '(inf', 'x', '(', '', '1e2'];
const LEX_BOUNDS = ['-', '+', '[a', '(a', '[b', '(b', '[aa', '[e', '(m', '[', '(', 'a', '[\xff', '[m1'];
const RANKS = ['0', '1', '-1', '2', '-2', '5', '100', '-100', 'x', '9223372036854775807'];

const LEX_KEYS = ['lex0', 'lex1'];

function lexKey(g: GenContext): string {
  return g.pick(LEX_KEYS);
}

function member(g: GenContext): string {
  return g.chance(0.95) ? g.pick(MEMBERS) : g.bytes(g.int(0, 6));
}

function score(g: GenContext): string {
  return g.chance(0.97) ? g.pick(SCORES) : g.pick(BAD_SCORES);
}

function pairs(g: GenContext, min: number, max: number): string[] {
  const out: string[] = [];
  for (let i = g.int(min, max); i > 0; i--) out.push(score(g), member(g));
  return out;
}

function zadd(g: GenContext): string[] {
  if (g.chance(0.15)) {
    const n = g.chance(0.1) ? 140 : g.int(1, 5);
    const ms: string[] = [];
    for (let i = 0; i < n; i++) ms.push('0', n > 5 ? 'big' + g.int(0, 300) : member(g));
    return ['ZADD', lexKey(g), ...(g.chance(0.2) ? [g.pick(['NX', 'XX', 'CH'])] : []), ...ms];
  }
  const opts: string[] = [];
  for (const o of ['NX', 'XX', 'GT', 'LT', 'CH', 'INCR']) if (g.chance(0.12)) opts.push(g.chance(0.8) ? o : o.toLowerCase());
  if (g.chance(0.04)) {
    // A big ZADD: crosses zset-max-listpack-entries.
    const big: string[] = [];
    for (let i = 0; i < 140; i++) big.push(String(g.int(-50, 50)), 'big' + g.int(0, 200));
    return ['ZADD', g.key(), ...opts, ...big];
  }
  return ['ZADD', g.key(), ...opts, ...pairs(g, 1, opts.includes('INCR') ? 1 : 4)];
}

function limit(g: GenContext): string[] {
  return g.chance(0.3) ? ['LIMIT', g.pick(['0', '1', '2', '-1', 'x']), g.pick(['0', '1', '3', '-1', '-5', 'x'])] : [];
}

function zrange(g: GenContext): string[] {
  const kind = g.int(0, 2);
  const opts: string[] = [];
  if (kind === 1) opts.push('BYSCORE');
  if (kind === 2) opts.push('BYLEX');
  if (g.chance(0.3)) opts.push('REV');
  if (g.chance(0.4)) opts.push('WITHSCORES');
  opts.push(...limit(g));
  const bounds = kind === 0 ? [g.pick(RANKS), g.pick(RANKS)] : kind === 1 ? [g.pick(RANGE_BOUNDS), g.pick(RANGE_BOUNDS)] : [g.pick(LEX_BOUNDS), g.pick(LEX_BOUNDS)];
  const shuffled = g.chance(0.1) ? opts.reverse() : opts;
  return ['ZRANGE', kind === 2 ? lexKey(g) : g.key(), ...bounds, ...shuffled];
}

function setop(g: GenContext, name: string, store: boolean): string[] {
  const keys = g.keys(1, 3);
  const n = g.chance(0.93) ? String(keys.length) : g.pick(['0', '-1', 'x', '9']);
  const opts: string[] = [];
  if (name !== 'ZDIFF' && name !== 'ZDIFFSTORE') {
    if (g.chance(0.3)) opts.push('WEIGHTS', ...keys.map(() => g.pick(['1', '2', '0', '-1', '0.5', 'inf', 'x'])));
    if (g.chance(0.3)) opts.push('AGGREGATE', g.pick(['SUM', 'MIN', 'MAX', 'min', 'avg']));
  }
  if (!store && g.chance(0.5)) opts.push('WITHSCORES');
  return store ? [name, g.key(), n, ...keys, ...opts] : [name, n, ...keys, ...opts];
}

function mpop(g: GenContext): string[] {
  const keys = g.keys(1, 3);
  const n = g.chance(0.93) ? String(keys.length) : g.pick(['0', '-1', 'x']);
  const count = g.chance(0.5) ? ['COUNT', g.pick(['1', '2', '10', '0', '-1', 'x'])] : [];
  return ['ZMPOP', n, ...keys, g.pick(['MIN', 'MAX', 'min', 'LEFT']), ...count];
}

register(
  { command: 'zadd', group: 'sorted-set', weight: 8, gen: zadd },
  { command: 'zincrby', group: 'sorted-set', weight: 2, gen: (g) => ['ZINCRBY', g.key(), score(g), member(g)] },
  { command: 'zrem', group: 'sorted-set', weight: 2, gen: (g) => ['ZREM', g.key(), member(g), ...(g.chance(0.4) ? [member(g), member(g)] : [])] },
  { command: 'zcard', group: 'sorted-set', gen: (g) => ['ZCARD', g.key()] },
  { command: 'zscore', group: 'sorted-set', weight: 2, gen: (g) => ['ZSCORE', g.key(), member(g)] },
  { command: 'zmscore', group: 'sorted-set', gen: (g) => ['ZMSCORE', g.key(), member(g), member(g)] },
  { command: 'zrank', group: 'sorted-set', gen: (g) => ['ZRANK', g.key(), member(g)] },
  { command: 'zrevrank', group: 'sorted-set', gen: (g) => ['ZREVRANK', g.key(), member(g)] },
  { command: 'zcount', group: 'sorted-set', gen: (g) => ['ZCOUNT', g.key(), g.pick(RANGE_BOUNDS), g.pick(RANGE_BOUNDS)] },
  { command: 'zlexcount', group: 'sorted-set', gen: (g) => ['ZLEXCOUNT', lexKey(g), g.pick(LEX_BOUNDS), g.pick(LEX_BOUNDS)] },
  { command: 'zrange', group: 'sorted-set', weight: 4, gen: zrange },
  { command: 'zrangestore', group: 'sorted-set', gen: (g) => { const r = zrange(g).filter((a) => a !== 'WITHSCORES'); return ['ZRANGESTORE', g.key(), ...r.slice(1)]; } },
  { command: 'zrevrange', group: 'sorted-set', gen: (g) => ['ZREVRANGE', g.key(), g.pick(RANKS), g.pick(RANKS), ...(g.chance(0.5) ? ['WITHSCORES'] : [])] },
  { command: 'zrangebyscore', group: 'sorted-set', weight: 2, gen: (g) => ['ZRANGEBYSCORE', g.key(), g.pick(RANGE_BOUNDS), g.pick(RANGE_BOUNDS), ...(g.chance(0.5) ? ['WITHSCORES'] : []), ...limit(g)] },
  { command: 'zrevrangebyscore', group: 'sorted-set', gen: (g) => ['ZREVRANGEBYSCORE', g.key(), g.pick(RANGE_BOUNDS), g.pick(RANGE_BOUNDS), ...(g.chance(0.5) ? ['WITHSCORES'] : []), ...limit(g)] },
  { command: 'zrangebylex', group: 'sorted-set', weight: 2, gen: (g) => ['ZRANGEBYLEX', lexKey(g), g.pick(LEX_BOUNDS), g.pick(LEX_BOUNDS), ...limit(g)] },
  { command: 'zrevrangebylex', group: 'sorted-set', gen: (g) => ['ZREVRANGEBYLEX', lexKey(g), g.pick(LEX_BOUNDS), g.pick(LEX_BOUNDS), ...limit(g)] },
  { command: 'zremrangebyrank', group: 'sorted-set', weight: 0.5, gen: (g) => ['ZREMRANGEBYRANK', g.key(), g.pick(RANKS), g.pick(RANKS)] },
  { command: 'zremrangebyscore', group: 'sorted-set', weight: 0.5, gen: (g) => ['ZREMRANGEBYSCORE', g.key(), g.pick(RANGE_BOUNDS), g.pick(RANGE_BOUNDS)] },
  { command: 'zremrangebylex', group: 'sorted-set', weight: 0.5, gen: (g) => ['ZREMRANGEBYLEX', lexKey(g), g.pick(LEX_BOUNDS), g.pick(LEX_BOUNDS)] },
  { command: 'zpopmin', group: 'sorted-set', weight: 0.7, gen: (g) => ['ZPOPMIN', g.key(), ...(g.chance(0.5) ? [g.pick(['0', '1', '2', '-1', 'x'])] : [])] },
  { command: 'zpopmax', group: 'sorted-set', weight: 0.7, gen: (g) => ['ZPOPMAX', g.key(), ...(g.chance(0.5) ? [g.pick(['0', '1', '2', '-1', 'x'])] : [])] },
  { command: 'zmpop', group: 'sorted-set', weight: 0.7, gen: mpop },
  { command: 'zunion', group: 'sorted-set', gen: (g) => setop(g, 'ZUNION', false) },
  { command: 'zinter', group: 'sorted-set', gen: (g) => setop(g, 'ZINTER', false) },
  { command: 'zdiff', group: 'sorted-set', gen: (g) => setop(g, 'ZDIFF', false) },
  { command: 'zunionstore', group: 'sorted-set', weight: 0.5, gen: (g) => setop(g, 'ZUNIONSTORE', true) },
  { command: 'zinterstore', group: 'sorted-set', weight: 0.5, gen: (g) => setop(g, 'ZINTERSTORE', true) },
  { command: 'zdiffstore', group: 'sorted-set', weight: 0.5, gen: (g) => setop(g, 'ZDIFFSTORE', true) },
  { command: 'zintercard', group: 'sorted-set', gen: (g) => { const k = g.keys(1, 3); return ['ZINTERCARD', String(k.length), ...k, ...(g.chance(0.4) ? ['LIMIT', g.pick(['0', '1', '-1', 'x'])] : [])]; } },
  { command: 'zrandmember', group: 'sorted-set', weight: 0.5, gen: (g) => ['ZRANDMEMBER', g.key(), g.pick(['0', '1000', 'x', '-9223372036854775808']), ...(g.chance(0.5) ? ['WITHSCORES'] : [])] },
);
