/**
 * The dispatch gates: the checks a command passes between lookup and execution, as a list of named
 * functions. Modules insert their own (replication adds READONLY and NOREPLICAS, persistence MISCONF,
 * cluster the MOVED/ASK redirect, transactions the MULTI queue) without touching this file.
 *
 * A gate returns null (pass), an error text (reject: the error is the reply, the command is counted as
 * rejected and a surrounding MULTI is flagged EXECABORT) or HANDLED (the gate already answered, e.g. QUEUED).
 */
import type { RegisteredCommand } from '../commands/spec.js';
import type { Client } from './client.js';
import type { Server } from './server.js';

export const HANDLED: unique symbol = Symbol('handled');
export type GateResult = string | null | typeof HANDLED;
export type GateFn = (server: Server, c: Client, cmd: RegisteredCommand, argv: string[]) => GateResult;

export interface Gate {
  name: string;
  check: GateFn;
  /** Commands the gate can ever act on (e.g. only writes); omitted = every command. Decided once per command. */
  appliesTo?: (cmd: RegisteredCommand) => boolean;
}

export class GateList {
  gates: Gate[] = [];
  /** Bumped on every change, so per-command gate lists (forCommand) are rebuilt. */
  version = 0;

  /** The gates that apply to `cmd`, in order (cached on the command, rebuilt after any change to the list). */
  forCommand(cmd: RegisteredCommand): Gate[] {
    if (cmd.gatesVersion === this.version) return cmd.gates as Gate[];
    const gates = this.gates.filter((g) => g.appliesTo === undefined || g.appliesTo(cmd));
    cmd.gates = gates;
    cmd.gatesVersion = this.version;
    return gates;
  }

  /** Appends a gate, but always before 'multi' (queueing must stay last so rejections abort the MULTI). */
  add(g: Gate): void {
    const gate = sameShape(g);
    if (gate.name !== 'multi' && this.gates.some((g) => g.name === 'multi')) this.insertBefore('multi', gate);
    else this.gates.push(gate);
    this.version++;
  }

  insertBefore(beforeName: string, g: Gate): void {
    const gate = sameShape(g);
    const i = this.gates.findIndex((g) => g.name === beforeName);
    if (i < 0) this.gates.push(gate);
    else this.gates.splice(i, 0, gate);
    this.version++;
  }

  remove(name: string): void {
    this.gates = this.gates.filter((g) => g.name !== name);
    this.version++;
  }
}

/** Gates are stored with one property layout, so `gates[i].check` on the dispatch path is a monomorphic load. */
function sameShape(g: Gate): Gate {
  return { name: g.name, check: g.check, appliesTo: g.appliesTo };
}

const ALLOWED_IN_PUBSUB = new Set(['ping', 'subscribe', 'ssubscribe', 'unsubscribe', 'sunsubscribe', 'psubscribe', 'punsubscribe', 'quit', 'reset']);

export const authGate: Gate = {
  name: 'auth',
  appliesTo: (cmd) => !cmd.flagSet.has('no_auth'),
  check: (_s, c, cmd) => (c.authenticated || cmd.flagSet.has('no_auth') ? null : 'NOAUTH Authentication required.'),
};

export const pubsubContextGate: Gate = {
  name: 'pubsub-context',
  appliesTo: (cmd) => !ALLOWED_IN_PUBSUB.has((cmd.parent ?? cmd).name),
  check: (_s, c, cmd) => {
    if (!c.inPubSubContext()) return null;
    const top = cmd.parent ?? cmd;
    if (ALLOWED_IN_PUBSUB.has(top.name)) return null;
    return `ERR Can't execute '${cmd.fullName}': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / RESET are allowed in this context`;
  },
};

export const loadingGate: Gate = {
  name: 'loading',
  appliesTo: (cmd) => !cmd.flagSet.has('loading'),
  check: (s, _c, cmd) => (s.loading && !cmd.flagSet.has('loading') ? 'LOADING Redis is loading the dataset in memory' : null),
};

/** Formats Redis's unknown-command error: the command and up to 128 chars of its first arguments. */
export function unknownCommandError(argv: readonly string[]): string {
  let args = '';
  for (let i = 1; i < argv.length && args.length < 128; i++) {
    args += `'${cString(argv[i]).slice(0, 128 - args.length)}' `;
  }
  return `ERR unknown command '${cString(argv[0]).slice(0, 128)}', with args beginning with: ${args}`;
}

/** Redis formats these names with C's %s: the text stops at the first NUL byte. */
function cString(s: string): string {
  const z = s.indexOf('\0');
  return z < 0 ? s : s.slice(0, z);
}

export function unknownSubcommandError(cmdName: string, sub: string): string {
  return `ERR unknown subcommand '${cString(sub).slice(0, 128)}'. Try ${cmdName.toUpperCase()} HELP.`;
}

export function arityError(cmd: RegisteredCommand): string {
  return `ERR wrong number of arguments for '${cmd.fullName}' command`;
}

/** Resolves argv to a command (and subcommand), or returns the error text. */
export function resolveCommand(server: Server, argv: string[]): RegisteredCommand | string {
  let cmd = server.commands.lookup(argv[0]);
  if (cmd === undefined) return unknownCommandError(argv);
  // Without a subcommand word the parent runs if its own arity allows it (COMMAND; containers are -2).
  if (cmd.subTable !== null && argv.length > 1) {
    const sub = cmd.subTable.get(argv[1].toLowerCase());
    if (sub === undefined) return unknownSubcommandError(cmd.name, argv[1]);
    cmd = sub;
  }
  if ((cmd.arity > 0 && argv.length !== cmd.arity) || argv.length < -cmd.arity) return arityError(cmd);
  return cmd;
}
