/**
 * Commands are data: one CommandSpec per command (and per subcommand), gathered into the table that drives
 * dispatch, COMMAND INFO/DOCS/GETKEYS and ACL categories. The field meanings follow Redis's command table:
 * arity counts the command name itself; a negative arity means "at least -arity".
 */
import type { Client } from '../server/client.js';

export type CommandFlag =
  | 'write'
  | 'readonly'
  | 'denyoom'
  | 'module'
  | 'admin'
  | 'pubsub'
  | 'noscript'
  | 'blocking'
  | 'loading'
  | 'stale'
  | 'skip_monitor'
  | 'skip_slowlog'
  | 'asking'
  | 'fast'
  | 'no_auth'
  | 'may_replicate'
  | 'sentinel'
  | 'only_sentinel'
  | 'no_mandatory_keys'
  | 'no_async_loading'
  | 'no_multi'
  | 'movablekeys'
  | 'allow_busy';

export type CommandHandler = (c: Client, argv: string[]) => void;

export interface CommandSpec {
  /** Lowercase name ("get"; for a subcommand, its own word: "getname"). */
  name: string;
  arity: number;
  flags: readonly CommandFlag[];
  /** 1-based key positions as in Redis's legacy (first, last, step) triple; 0,0,0 for no keys. */
  firstKey: number;
  lastKey: number;
  keyStep: number;
  /** ACL categories without the '@' ("string", "fast", ...). 'read'/'write' etc. are added from flags. */
  categories: readonly string[];
  /** Command group as COMMAND DOCS prints it ("string", "generic", "connection", "server", ...). */
  group: string;
  since: string;
  summary: string;
  complexity?: string;
  handler: CommandHandler;
  /** For commands whose keys cannot be described by the triple (ZUNIONSTORE, EVAL, XREAD ...). */
  getKeys?: (argv: readonly string[]) => number[];
  subcommands?: CommandSpec[];
}

/** Filled in by the table: the full name ("config|get") and the parent for subcommands. */
export interface RegisteredCommand extends CommandSpec {
  fullName: string;
  parent: RegisteredCommand | null;
  subTable: Map<string, RegisteredCommand> | null;
  flagSet: ReadonlySet<CommandFlag>;
  isWrite: boolean;
  /** Stats for INFO commandstats. */
  calls: number;
  usec: number;
  rejectedCalls: number;
  failedCalls: number;
  /** The dispatch gates that apply to this command, cached by GateList.forCommand (rebuilt when gatesVersion is stale). */
  gates: unknown[] | null;
  gatesVersion: number;
}

/** Helper to declare a command tersely. */
export function cmd(
  name: string,
  arity: number,
  flags: string,
  keys: [number, number, number],
  group: string,
  handler: CommandHandler,
  extra: Partial<CommandSpec> = {},
): CommandSpec {
  return {
    name,
    arity,
    flags: flags.split(' ').filter(Boolean) as CommandFlag[],
    firstKey: keys[0],
    lastKey: keys[1],
    keyStep: keys[2],
    categories: extra.categories ?? [],
    group,
    since: extra.since ?? '1.0.0',
    summary: extra.summary ?? '',
    handler,
    ...extra,
  };
}

/** A container command (CONFIG, CLIENT, OBJECT ...) whose handler only dispatches to subcommands. */
export function container(name: string, group: string, subcommands: CommandSpec[], extra: Partial<CommandSpec> = {}): CommandSpec {
  return cmd(name, -2, '', [0, 0, 0], group, () => {}, { ...extra, subcommands });
}
