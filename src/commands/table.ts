/**
 * The command table: registered specs by lowercase name, subcommand tables, and key extraction
 * (COMMAND GETKEYS, cluster redirects, WATCH/keyspace tracking all use keyPositions()).
 */
import type { CommandFlag, CommandSpec, RegisteredCommand } from './spec.js';

export class CommandTable {
  private readonly byName = new Map<string, RegisteredCommand>();
  /** Cache of other spellings seen on the wire ("GET", "Get") -> command. */
  private readonly spellings = new Map<string, RegisteredCommand | null>();

  register(specs: readonly CommandSpec[]): void {
    for (const spec of specs) {
      const reg = registerOne(spec, null);
      this.byName.set(reg.name, reg);
    }
    this.resetSpellings();
  }

  /** The spelling cache starts with every name in capitals; other spellings are added as seen. */
  private resetSpellings(): void {
    this.spellings.clear();
    for (const reg of this.byName.values()) this.spellings.set(reg.name.toUpperCase(), reg);
  }

  /** Adds subcommands to a registered container command (CLIENT UNBLOCK comes from the blocking module). */
  addSubcommands(parentName: string, specs: readonly CommandSpec[]): void {
    const parent = this.byName.get(parentName);
    if (parent === undefined) return;
    parent.subTable ??= new Map();
    for (const spec of specs) parent.subTable.set(spec.name.toLowerCase(), registerOne(spec, parent));
    parent.subcommands = [...(parent.subcommands ?? []), ...specs];
  }

  /** Removes commands (a Sentinel keeps only its own set). */
  unregister(names: readonly string[]): void {
    for (const n of names) this.byName.delete(n);
    this.resetSpellings();
  }

  lookup(name: string): RegisteredCommand | undefined {
    // Clients send names in capitals (most) or lowercase: both spellings are one map probe.
    const seen = this.spellings.get(name);
    if (seen !== undefined) return seen ?? undefined;
    const exact = this.byName.get(name);
    if (exact !== undefined) return exact;
    if (name.length > 64) return this.byName.get(name.toLowerCase());
    const c = this.byName.get(name.toLowerCase()) ?? null;
    if (this.spellings.size < 4096) this.spellings.set(name, c);
    return c ?? undefined;
  }

  all(): IterableIterator<RegisteredCommand> {
    return this.byName.values();
  }

  get size(): number {
    return this.byName.size;
  }
}

function registerOne(spec: CommandSpec, parent: RegisteredCommand | null): RegisteredCommand {
  const name = spec.name.toLowerCase();
  const flagSet = new Set<CommandFlag>(spec.flags);
  // Every registered command has the same fields in the same order (one hidden class), so the property
  // loads on the dispatch path (handler, arity, flags, stats) stay monomorphic whatever the spec declared.
  const reg: RegisteredCommand = {
    name,
    arity: spec.arity,
    flags: spec.flags,
    firstKey: spec.firstKey,
    lastKey: spec.lastKey,
    keyStep: spec.keyStep,
    categories: spec.categories,
    group: spec.group,
    since: spec.since,
    summary: spec.summary,
    complexity: spec.complexity,
    handler: spec.handler,
    getKeys: spec.getKeys,
    subcommands: spec.subcommands,
    fullName: parent ? `${parent.name}|${name}` : name,
    parent,
    subTable: null,
    flagSet,
    isWrite: flagSet.has('write'),
    calls: 0,
    usec: 0,
    rejectedCalls: 0,
    failedCalls: 0,
    gates: null,
    gatesVersion: -1,
  };
  if (spec.subcommands && spec.subcommands.length > 0) {
    reg.subTable = new Map();
    for (const sub of spec.subcommands) reg.subTable.set(sub.name.toLowerCase(), registerOne(sub, reg));
  }
  return reg;
}

/** Key argument indexes (0-based into argv) for a command invocation. */
export function keyPositions(cmd: RegisteredCommand, argv: readonly string[]): number[] {
  if (cmd.getKeys) return cmd.getKeys(argv);
  if (cmd.firstKey === 0) return [];
  const last = cmd.lastKey < 0 ? argv.length + cmd.lastKey : cmd.lastKey;
  const out: number[] = [];
  for (let i = cmd.firstKey; i <= last && i < argv.length; i += cmd.keyStep) out.push(i);
  return out;
}

/** ACL categories for COMMAND INFO, derived from flags plus the spec's own list. */
export function aclCategories(cmd: RegisteredCommand): string[] {
  const cats = new Set<string>();
  const f = cmd.flagSet;
  if (f.has('write')) cats.add('write');
  if (f.has('readonly') && !cmd.categories.includes('scripting')) cats.add('read');
  if (f.has('admin')) {
    cats.add('admin');
    cats.add('dangerous');
  }
  if (f.has('pubsub')) cats.add('pubsub');
  if (f.has('fast')) cats.add('fast');
  if (f.has('blocking')) cats.add('blocking');
  if (!f.has('fast')) cats.add('slow');
  for (const c of cmd.categories) cats.add(c);
  // Redis prints the per-type category first, then read/write, then the rest.
  const order = ['keyspace', 'read', 'write', 'set', 'sortedset', 'list', 'hash', 'string', 'bitmap', 'hyperloglog', 'geo', 'stream', 'pubsub', 'admin', 'fast', 'slow', 'blocking', 'dangerous', 'connection', 'transaction', 'scripting'];
  return [...cats].sort((a, b) => {
    const ia = order.indexOf(a);
    const ib = order.indexOf(b);
    return (ia < 0 ? 99 : ia) - (ib < 0 ? 99 : ib);
  });
}
