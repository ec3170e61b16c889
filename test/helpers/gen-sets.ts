/**
 * Random command generators for sets (group "set"). Members are mostly small integers (intset encoding,
 * ascending replies) with some strings that force the hashtable encoding. Replies whose order Redis leaves
 * unspecified are compared sorted; SPOP and SRANDMEMBER only where the reply is deterministic.
 */
import { register, type GenContext } from './gen.js';

const MEMBERS = ['1', '2', '3', '10', '-5', '100', 'a', 'b', '007', '-0', '9223372036854775807', '9223372036854775808', ''];

function member(g: GenContext): string {
  return g.chance(0.9) ? g.pick(MEMBERS) : g.value();
}

function members(g: GenContext, min: number, max: number): string[] {
  const out: string[] = [];
  for (let i = g.int(min, max); i > 0; i--) out.push(member(g));
  return out;
}

function interCard(g: GenContext): string[] {
  const keys = g.keys(1, 3);
  const n = g.chance(0.9) ? String(keys.length) : g.pick(['0', '-1', 'x', '9']);
  const limit = g.chance(0.4) ? [g.pick(['LIMIT', 'limit', 'FOO']), g.pick(['0', '1', '2', '-1', 'x'])] : [];
  return ['SINTERCARD', n, ...keys, ...limit];
}

register(
  { command: 'sadd', group: 'set', weight: 4, gen: (g) => ['SADD', g.key(), ...members(g, 1, 5)] },
  { command: 'srem', group: 'set', weight: 2, gen: (g) => ['SREM', g.key(), ...members(g, 1, 3)] },
  { command: 'scard', group: 'set', gen: (g) => ['SCARD', g.key()] },
  { command: 'sismember', group: 'set', gen: (g) => ['SISMEMBER', g.key(), member(g)] },
  { command: 'smismember', group: 'set', gen: (g) => ['SMISMEMBER', g.key(), ...members(g, 1, 3)] },
  { command: 'smembers', group: 'set', unordered: true, weight: 2, gen: (g) => ['SMEMBERS', g.key()] },
  { command: 'spop', group: 'set', weight: 0.5, unordered: true, gen: (g) => ['SPOP', g.key(), g.pick(['0', '1000', '-1', 'x'])] },
  { command: 'srandmember', group: 'set', weight: 0.5, unordered: true, gen: (g) => ['SRANDMEMBER', g.key(), g.pick(['0', '1000', 'x', '-9223372036854775808'])] },
  { command: 'smove', group: 'set', gen: (g) => ['SMOVE', g.key(), g.key(), member(g)] },
  { command: 'sinter', group: 'set', unordered: true, gen: (g) => ['SINTER', ...g.keys(1, 3)] },
  { command: 'sintercard', group: 'set', gen: interCard },
  { command: 'sunion', group: 'set', unordered: true, gen: (g) => ['SUNION', ...g.keys(1, 3)] },
  { command: 'sdiff', group: 'set', unordered: true, gen: (g) => ['SDIFF', ...g.keys(1, 3)] },
  { command: 'sinterstore', group: 'set', gen: (g) => ['SINTERSTORE', g.key(), ...g.keys(1, 3)] },
  { command: 'sunionstore', group: 'set', gen: (g) => ['SUNIONSTORE', g.key(), ...g.keys(1, 3)] },
  { command: 'sdiffstore', group: 'set', gen: (g) => ['SDIFFSTORE', g.key(), ...g.keys(1, 3)] },
);
