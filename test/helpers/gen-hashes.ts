/**
 * Random command generators for hashes (group "hash"). Fields come from a small pool (so they collide) plus
 * long ones that cross hash-max-listpack-value; numeric values exercise HINCRBY/HINCRBYFLOAT overflow and
 * Redis's long double formatting. HRANDFIELD is only generated where its reply is deterministic (count 0,
 * count >= size, missing keys, errors).
 */
import { register, type GenContext } from './gen.js';

const FIELDS = ['f1', 'f2', 'f3', 'f4', 'n', 'x', '', 'F'.repeat(65), '\x00'];

function field(g: GenContext): string {
  return g.chance(0.9) ? g.pick(FIELDS) : g.value();
}

function hvalue(g: GenContext): string {
  return g.chance(0.4) ? g.pick(['1', '10', '-5', '0.1', '1.5', '9223372036854775806', 'abc', '3e2', '']) : g.value();
}

function pairs(g: GenContext, min: number, max: number): string[] {
  const out: string[] = [];
  for (let i = g.int(min, max); i > 0; i--) out.push(field(g), hvalue(g));
  return out;
}

const INCRS = ['1', '-1', '5', '100', '9223372036854775807', '-9223372036854775808', 'x', '1.5'];
const FINCRS = ['0.1', '0.2', '1', '-1.5', '1e3', '3.0e-2', '10.5', 'inf', 'nan', 'x', '1e4000', '-0', '.5'];

register(
  { command: 'hset', group: 'hash', weight: 4, gen: (g) => ['HSET', g.key(), ...pairs(g, 1, 4)] },
  { command: 'hsetnx', group: 'hash', gen: (g) => ['HSETNX', g.key(), field(g), hvalue(g)] },
  { command: 'hmset', group: 'hash', gen: (g) => ['HMSET', g.key(), ...pairs(g, 1, 3)] },
  { command: 'hget', group: 'hash', weight: 2, gen: (g) => ['HGET', g.key(), field(g)] },
  { command: 'hmget', group: 'hash', gen: (g) => ['HMGET', g.key(), field(g), field(g)] },
  { command: 'hdel', group: 'hash', weight: 2, gen: (g) => ['HDEL', g.key(), field(g), ...(g.chance(0.3) ? [field(g)] : [])] },
  { command: 'hlen', group: 'hash', gen: (g) => ['HLEN', g.key()] },
  { command: 'hstrlen', group: 'hash', gen: (g) => ['HSTRLEN', g.key(), field(g)] },
  { command: 'hexists', group: 'hash', gen: (g) => ['HEXISTS', g.key(), field(g)] },
  { command: 'hkeys', group: 'hash', unordered: true, gen: (g) => ['HKEYS', g.key()] },
  { command: 'hvals', group: 'hash', unordered: true, gen: (g) => ['HVALS', g.key()] },
  { command: 'hgetall', group: 'hash', weight: 2, unordered: true, gen: (g) => ['HGETALL', g.key()] },
  { command: 'hincrby', group: 'hash', weight: 2, gen: (g) => ['HINCRBY', g.key(), g.pick(['n', 'f1', 'x']), g.pick(INCRS)] },
  { command: 'hincrbyfloat', group: 'hash', weight: 2, gen: (g) => ['HINCRBYFLOAT', g.key(), g.pick(['n', 'f1', 'x']), g.pick(FINCRS)] },
  {
    command: 'hrandfield',
    unordered: true,
    group: 'hash',
    weight: 0.5,
    gen: (g) => ['HRANDFIELD', g.key(), g.pick(['0', '1000', 'x', '-9223372036854775808']), ...(g.chance(0.5) ? [g.pick(['WITHVALUES', 'withvalues', 'FOO'])] : [])],
  },
);
