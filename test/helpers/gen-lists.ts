/**
 * Random command generators for lists (group "list"). Elements come from a small pool so that LREM, LPOS,
 * LINSERT and LMOVE find matches; indexes and counts include negatives, zero, huge and non-integers.
 * Blocking commands only appear with invalid timeouts (their error paths); blocking itself is covered by
 * test/types/blocking*.test.ts, since a timeout's timing is not deterministic.
 */
import { register, type GenContext } from './gen.js';

const ELEMS = ['a', 'b', 'c', 'a', '1', '2', '-3', 'hello', '', 'x'.repeat(70), '\x00\xff'];
const IDX = ['0', '1', '-1', '2', '-2', '5', '-5', '100', '-100', '9223372036854775807', '-9223372036854775808', 'x', '1.5'];

function elem(g: GenContext): string {
  return g.chance(0.9) ? g.pick(ELEMS) : g.value();
}

function elems(g: GenContext, min: number, max: number): string[] {
  const out: string[] = [];
  for (let i = g.int(min, max); i > 0; i--) out.push(elem(g));
  return out;
}

const END = ['LEFT', 'RIGHT', 'left', 'Right', 'UP'];

function lposOpts(g: GenContext): string[] {
  const out: string[] = [];
  for (let i = g.int(0, 3); i > 0; i--) {
    const o = g.pick(['RANK', 'COUNT', 'MAXLEN', 'rank', 'FOO']);
    out.push(o, g.pick(['0', '1', '2', '-1', '-2', '3', '-9223372036854775808', 'x']));
  }
  return out;
}

register(
  { command: 'lpush', group: 'list', weight: 3, gen: (g) => ['LPUSH', g.key(), ...elems(g, 1, 4)] },
  { command: 'rpush', group: 'list', weight: 3, gen: (g) => ['RPUSH', g.key(), ...elems(g, 1, 4)] },
  { command: 'lpushx', group: 'list', gen: (g) => ['LPUSHX', g.key(), ...elems(g, 1, 2)] },
  { command: 'rpushx', group: 'list', gen: (g) => ['RPUSHX', g.key(), ...elems(g, 1, 2)] },
  { command: 'lpop', group: 'list', gen: (g) => ['LPOP', g.key(), ...(g.chance(0.5) ? [g.pick(['0', '1', '2', '5', '-1', 'x'])] : [])] },
  { command: 'rpop', group: 'list', gen: (g) => ['RPOP', g.key(), ...(g.chance(0.5) ? [g.pick(['0', '1', '3', '-1'])] : [])] },
  { command: 'llen', group: 'list', gen: (g) => ['LLEN', g.key()] },
  { command: 'lindex', group: 'list', gen: (g) => ['LINDEX', g.key(), g.pick(IDX)] },
  { command: 'lset', group: 'list', gen: (g) => ['LSET', g.key(), g.pick(IDX), elem(g)] },
  { command: 'lrange', group: 'list', weight: 2, gen: (g) => ['LRANGE', g.key(), g.pick(IDX), g.pick(IDX)] },
  { command: 'ltrim', group: 'list', weight: 0.5, gen: (g) => ['LTRIM', g.key(), g.pick(IDX), g.pick(IDX)] },
  { command: 'lrem', group: 'list', gen: (g) => ['LREM', g.key(), g.pick(['0', '1', '-1', '2', '-2', 'x']), elem(g)] },
  { command: 'linsert', group: 'list', gen: (g) => ['LINSERT', g.key(), g.pick(['BEFORE', 'AFTER', 'after', 'MIDDLE']), elem(g), elem(g)] },
  { command: 'lpos', group: 'list', gen: (g) => ['LPOS', g.key(), elem(g), ...lposOpts(g)] },
  { command: 'lmove', group: 'list', gen: (g) => ['LMOVE', g.key(), g.key(), g.pick(END), g.pick(END)] },
  { command: 'rpoplpush', group: 'list', gen: (g) => ['RPOPLPUSH', g.key(), g.key()] },
  {
    command: 'lmpop',
    group: 'list',
    gen: (g) => {
      const keys = g.keys(1, 3);
      const n = g.chance(0.9) ? String(keys.length) : g.pick(['0', '-1', 'x', '9']);
      const count = g.chance(0.5) ? ['COUNT', g.pick(['1', '2', '10', '0', '-1', 'x'])] : [];
      return ['LMPOP', n, ...keys, g.pick(END), ...count];
    },
  },
  // Only invalid timeouts: a valid one on an empty key would block the compared connection.
  { command: 'blpop', group: 'list', weight: 0.5, gen: (g) => ['BLPOP', ...g.keys(1, 2), g.pick(['-1', 'x', 'nan', '-0.5'])] },
  { command: 'brpop', group: 'list', weight: 0.5, gen: (g) => ['BRPOP', ...g.keys(1, 2), g.pick(['-1', 'abc', 'inf'])] },
);
