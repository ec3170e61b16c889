/**
 * Seeded random command generation for compatibility tests: a registry of per-command generators, grouped by
 * type, so that each engineer adds a file of generators for their type (see gen-strings.ts, gen-keys.ts) and
 * lists it in generators.ts. Every generated command must have a deterministic reply: no relative TTL values
 * read back, no RANDOMKEY/SCAN order, no timing-dependent GT/LT comparisons on relative expiries.
 */
import { seededRandom, type Random } from '../../src/platform/random.js';
import type { CompatCommand } from './compat.js';

/** What a generator draws from: the seeded PRNG and shared pools of keys and values. */
export class GenContext {
  /** Small pool so that commands collide on the same keys (types, overwrites, renames). */
  readonly keyPool = ['k0', 'k1', 'k2', 'k3', 'k4', 'k5', '{t}a', '{t}b', 'bin\x00\xff\r\n', ''];

  constructor(readonly rnd: Random) {}

  int(min: number, max: number): number {
    return min + this.rnd.int(max - min + 1);
  }

  chance(p: number): boolean {
    return this.rnd.next() < p;
  }

  pick<T>(xs: readonly T[]): T {
    return xs[this.rnd.int(xs.length)];
  }

  key(): string {
    // Most traffic on a few keys, so that state builds up.
    return this.chance(0.7) ? this.keyPool[this.rnd.int(4)] : this.pick(this.keyPool);
  }

  keys(min: number, max: number): string[] {
    const out: string[] = [];
    for (let i = this.int(min, max); i > 0; i--) out.push(this.key());
    return out;
  }

  bytes(n: number, lo = 0, hi = 255): string {
    let s = '';
    for (let i = 0; i < n; i++) s += String.fromCharCode(this.int(lo, hi));
    return s;
  }

  /** An integer argument: usual values, edges of int64, and a few that are not integers. */
  intArg(): string {
    return this.pick(['0', '1', '-1', '2', '7', '42', '-100', '1000', '9223372036854775807', '-9223372036854775808',
      '9223372036854775808', '12345678901234567890', '1.5', 'abc', '', ' 1', '0x10', '+1', '007']);
  }

  smallIntArg(min: number, max: number): string {
    return this.chance(0.9) ? String(this.int(min, max)) : this.pick(['abc', '1.5', '', '-0', '99999999999999999999']);
  }

  floatArg(): string {
    return this.pick(['0', '1', '-1', '0.1', '1.5', '-2.25', '3e3', '1e-5', '5.0e3', '10.50', '1e308', 'inf', '-inf', 'nan',
      '1e400', 'abc', '', '0x10', '  1', '.5', '1.']);
  }

  /** A value: numbers (for INCR*), text of several sizes (embstr/raw boundary at 44 bytes), binary. */
  value(): string {
    switch (this.rnd.int(8)) {
      case 0:
        return this.intArg();
      case 1:
        return this.floatArg();
      case 2:
        return this.bytes(this.int(0, 8), 97, 122);
      case 3:
        return this.bytes(this.int(40, 50), 97, 122);
      case 4:
        return this.bytes(this.int(0, 20));
      case 5:
        return this.bytes(this.int(60, 200), 32, 126);
      case 6:
        return String(this.int(-20000, 20000));
      default:
        return this.pick(['hello', 'world', 'foobar', '', ' ', 'a b c', '\x00\x01', '\xff\xf0']);
    }
  }
}

export interface CommandGenerator {
  /** Lowercase command name as COMMAND reports it ("set", "object|encoding"). */
  command: string;
  /** "string", "generic", "bitmap", "list", ... (Redis's COMMAND DOCS group). */
  group: string;
  /** Relative frequency (default 1). */
  weight?: number;
  /** The reply's element order is unspecified (sorted before comparing). */
  unordered?: boolean;
  gen(g: GenContext): string[];
}

const registry = new Map<string, CommandGenerator>();

/** Adds generators; a command registered twice is an error (one owner per command). */
export function register(...gens: CommandGenerator[]): void {
  for (const g of gens) {
    if (registry.has(g.command)) throw new Error(`generator for '${g.command}' registered twice`);
    registry.set(g.command, g);
  }
}

export interface GenFilter {
  /** Only these commands (names as in CommandGenerator.command). */
  commands?: readonly string[];
  /** Only these groups. */
  groups?: readonly string[];
  /** Leave these commands out. */
  exclude?: readonly string[];
}

export function generators(filter: GenFilter = {}): CommandGenerator[] {
  const out: CommandGenerator[] = [];
  for (const g of registry.values()) {
    if (filter.commands && !filter.commands.includes(g.command)) continue;
    if (filter.groups && !filter.groups.includes(g.group)) continue;
    if (filter.exclude?.includes(g.command)) continue;
    out.push(g);
  }
  if (filter.commands) {
    const missing = filter.commands.filter((c) => !registry.has(c));
    if (missing.length > 0) throw new Error(`no generator for: ${missing.join(', ')}`);
  }
  return out;
}

/** Every command that has a generator, by group. */
export function coveredCommands(): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const g of registry.values()) (out[g.group] ??= []).push(g.command);
  for (const k of Object.keys(out)) out[k].sort();
  return out;
}

export interface GenerateOptions extends GenFilter {
  /** Probability of dropping trailing arguments (exercises arity and syntax errors). Default 0.02. */
  truncateRate?: number;
}

/** `count` commands from the selected generators, deterministic for a given seed. */
export function generate(seed: number, count: number, opts: GenerateOptions = {}): CompatCommand[] {
  const gens = generators(opts);
  if (gens.length === 0) throw new Error('no generators selected');
  const ctx = new GenContext(seededRandom(seed));
  const total = gens.reduce((s, g) => s + (g.weight ?? 1), 0);
  const truncateRate = opts.truncateRate ?? 0.02;
  const out: CompatCommand[] = [];
  for (let i = 0; i < count; i++) {
    let x = ctx.rnd.next() * total;
    let g = gens[0];
    for (const cand of gens) {
      x -= cand.weight ?? 1;
      if (x < 0) {
        g = cand;
        break;
      }
    }
    let argv = g.gen(ctx);
    if (argv.length > 1 && ctx.chance(truncateRate)) argv = argv.slice(0, ctx.int(1, argv.length - 1));
    out.push(g.unordered ? { argv, unordered: true } : { argv });
  }
  return out;
}
