/**
 * Random command generators for strings and bitmaps (groups "string" and "bitmap"). Expiries are either far
 * in the future, in the past, or invalid, so that every reply is deterministic; sizes stay small (no
 * 512MB SETRANGE/SETBIT allocations, only the errors at those limits).
 */
import { register, type GenContext } from './gen.js';

const SET_EXPIRY = [['EX', '100000'], ['PX', '100000000'], ['EXAT', '4000000000'], ['PXAT', '4000000000000'], ['EXAT', '1'],
  ['PXAT', '1'], ['KEEPTTL'], ['EX', '0'], ['EX', '-5'], ['PX', 'abc'], ['EX', '9223372036854775807'], ['ex', '100000']];
const GETEX_OPTS = [[], ['EX', '100000'], ['PX', '100000000'], ['EXAT', '4000000000'], ['PXAT', '4000000000000'], ['PERSIST'],
  ['EX', '0'], ['EX', 'abc'], ['PERSIST', 'EX', '100'], ['KEEPTTL'], ['persist']];

function shuffle(g: GenContext, xs: string[][]): string[][] {
  for (let i = xs.length - 1; i > 0; i--) {
    const j = g.rnd.int(i + 1);
    [xs[i], xs[j]] = [xs[j], xs[i]];
  }
  return xs;
}

function setCommand(g: GenContext): string[] {
  const opts: string[][] = [];
  if (g.chance(0.35)) opts.push(g.pick(SET_EXPIRY));
  if (g.chance(0.03)) opts.push(g.pick(SET_EXPIRY));
  if (g.chance(0.25)) opts.push([g.pick(['NX', 'XX', 'nx'])]);
  if (g.chance(0.02)) opts.push([g.pick(['NX', 'XX', 'FOO'])]);
  if (g.chance(0.2)) opts.push(['GET']);
  return ['SET', g.key(), g.value(), ...shuffle(g, opts).flat()];
}

function range(g: GenContext): string[] {
  return [g.smallIntArg(-60, 60), g.smallIntArg(-60, 60)];
}

function bitUnit(g: GenContext): string[] {
  return g.chance(0.5) ? [] : [g.pick(['BYTE', 'BIT', 'bit', 'BITS'])];
}

function lcsCommand(g: GenContext): string[] {
  const argv = ['LCS', g.key(), g.key()];
  if (g.chance(0.3)) argv.push('LEN');
  if (g.chance(0.3)) argv.push('IDX');
  if (g.chance(0.2)) argv.push('MINMATCHLEN', g.smallIntArg(0, 4));
  if (g.chance(0.2)) argv.push('WITHMATCHLEN');
  return argv;
}

function bitfieldCommand(g: GenContext): string[] {
  const argv = ['BITFIELD', g.key()];
  for (let i = g.int(1, 3); i > 0; i--) {
    const type = g.pick(['u8', 'i8', 'u4', 'i16', 'u1', 'i64', 'u63', 'u64', 'x8']);
    const offset = g.pick([String(g.int(0, 64)), `#${g.int(0, 8)}`, '-1']);
    switch (g.rnd.int(4)) {
      case 0:
        argv.push('GET', type, offset);
        break;
      case 1:
        argv.push('SET', type, offset, g.intArg());
        break;
      case 2:
        argv.push('INCRBY', type, offset, g.smallIntArg(-300, 300));
        break;
      default:
        argv.push('OVERFLOW', g.pick(['WRAP', 'SAT', 'FAIL', 'BAD']));
    }
  }
  return argv;
}

register(
  { command: 'get', group: 'string', weight: 4, gen: (g) => ['GET', g.key()] },
  { command: 'set', group: 'string', weight: 5, gen: setCommand },
  { command: 'setnx', group: 'string', gen: (g) => ['SETNX', g.key(), g.value()] },
  { command: 'setex', group: 'string', gen: (g) => ['SETEX', g.key(), g.pick(['100000', '0', '-1', 'abc']), g.value()] },
  { command: 'psetex', group: 'string', gen: (g) => ['PSETEX', g.key(), g.pick(['100000000', '0', '-1']), g.value()] },
  { command: 'mget', group: 'string', gen: (g) => ['MGET', ...g.keys(1, 5)] },
  { command: 'mset', group: 'string', gen: (g) => ['MSET', ...g.keys(1, 3).flatMap((k) => [k, g.value()]), ...(g.chance(0.05) ? ['odd'] : [])] },
  { command: 'msetnx', group: 'string', gen: (g) => ['MSETNX', ...g.keys(1, 3).flatMap((k) => [k, g.value()])] },
  { command: 'getset', group: 'string', gen: (g) => ['GETSET', g.key(), g.value()] },
  { command: 'getdel', group: 'string', gen: (g) => ['GETDEL', g.key()] },
  { command: 'getex', group: 'string', gen: (g) => ['GETEX', g.key(), ...g.pick(GETEX_OPTS)] },
  { command: 'append', group: 'string', gen: (g) => ['APPEND', g.key(), g.value()] },
  { command: 'strlen', group: 'string', gen: (g) => ['STRLEN', g.key()] },
  { command: 'incr', group: 'string', weight: 2, gen: (g) => ['INCR', g.key()] },
  { command: 'decr', group: 'string', gen: (g) => ['DECR', g.key()] },
  { command: 'incrby', group: 'string', gen: (g) => ['INCRBY', g.key(), g.intArg()] },
  { command: 'decrby', group: 'string', gen: (g) => ['DECRBY', g.key(), g.intArg()] },
  { command: 'incrbyfloat', group: 'string', weight: 2, gen: (g) => ['INCRBYFLOAT', g.key(), g.floatArg()] },
  { command: 'getrange', group: 'string', gen: (g) => ['GETRANGE', g.key(), ...range(g)] },
  { command: 'setrange', group: 'string', gen: (g) => ['SETRANGE', g.key(), g.chance(0.05) ? g.pick(['536870912', '-1', 'x']) : String(g.int(0, 80)), g.value()] },
  { command: 'lcs', group: 'string', weight: 0.5, gen: lcsCommand },
  { command: 'setbit', group: 'bitmap', gen: (g) => ['SETBIT', g.key(), g.chance(0.05) ? g.pick(['4294967296', '-1', 'x']) : String(g.int(0, 200)), g.pick(['0', '1', '1', '2', 'x'])] },
  { command: 'getbit', group: 'bitmap', gen: (g) => ['GETBIT', g.key(), g.chance(0.05) ? g.pick(['4294967296', '-1']) : String(g.int(0, 220))] },
  { command: 'bitcount', group: 'bitmap', gen: (g) => ['BITCOUNT', g.key(), ...(g.chance(0.6) ? [...range(g), ...bitUnit(g)] : [])] },
  { command: 'bitpos', group: 'bitmap', gen: (g) => ['BITPOS', g.key(), g.pick(['0', '1', '2']), ...(g.chance(0.6) ? (g.chance(0.5) ? [g.smallIntArg(-40, 40)] : [...range(g), ...bitUnit(g)]) : [])] },
  { command: 'bitop', group: 'bitmap', gen: (g) => { const op = g.pick(['AND', 'OR', 'XOR', 'NOT', 'and', 'NAND']); return ['BITOP', op, g.key(), ...g.keys(1, op === 'NOT' ? 1 : 3)]; } },
  { command: 'bitfield', group: 'bitmap', gen: bitfieldCommand },
);
