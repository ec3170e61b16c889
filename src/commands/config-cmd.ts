/**
 * CONFIG GET / SET / RESETSTAT / REWRITE / HELP over the declarative config table (config-table.ts).
 * CONFIG SET is all or nothing: every value is validated and stored, then the apply steps run; any failure
 * restores every old value (and re-applies it) before the error is sent. Changing port or bind reopens the
 * listeners, which is asynchronous in Node: the client's input is paused until the reply is known, so its
 * pipelined commands still see the replies in order.
 */
import { readFileSync } from 'node:fs';
import type { Server } from '../server/server.js';
import type { Client } from '../server/client.js';
import { cmd, container, type CommandSpec, type RegisteredCommand } from './spec.js';
import { E } from '../server/errors.js';
import { globMatch } from './util.js';
import {
  configState, rewriteEntries, rewriteKeyOf, splitMulti, type ApplyHook, type ConfigDef,
} from '../config/config-table.js';
import { rewriteConfigText, strerror, writeFileAtomic } from '../config/conf-file.js';

const ADMIN = { categories: ['admin', 'slow', 'dangerous'], group: 'server' };

const CONFIG_HELP = [
  'CONFIG <subcommand> [<arg> [value] [opt] ...]. Subcommands are:',
  'GET <pattern>',
  '    Return parameters matching the glob-like <pattern> and their values.',
  'SET <directive> <value>',
  '    Set the configuration <directive> to <value>.',
  'RESETSTAT',
  '    Reset statistics reported by the INFO command.',
  'REWRITE',
  '    Rewrite the configuration file.',
  'HELP',
  '    Prints this help.',
];

function setFailed(name: string, reason: string): string {
  return `ERR CONFIG SET failed (possibly related to argument '${name}') - ${reason}`;
}

// ---- CONFIG GET ----

function configGet(c: Client, argv: string[]): void {
  const st = configState(c.server);
  const out = new Map<string, [string, string]>();
  for (const pattern of argv.slice(2)) {
    if (!/[*?[]/.test(pattern)) {
      const lower = pattern.toLowerCase();
      const d = st.byName.get(lower);
      if (d !== undefined && !out.has(lower)) out.set(lower, [pattern, d.get(c.server)]);
      continue;
    }
    for (const d of st.defs) {
      if (d.hidden === true) continue;
      for (const n of [d.name, ...d.aliases]) {
        if (!out.has(n) && globMatch(pattern, n, true)) out.set(n, [n, d.get(c.server)]);
      }
    }
  }
  c.addMapLen(out.size);
  for (const [k, v] of out.values()) {
    c.addBulk(k);
    c.addBulk(v);
  }
}

// ---- CONFIG SET ----

interface Change {
  def: ConfigDef;
  /** The name as this entry is known (an alias stays an alias, lowercase). */
  name: string;
  value: string;
  old: string;
}

function protectedAllowed(c: Client): boolean {
  const v = configState(c.server).values.get('enable-protected-configs');
  if (v === 'yes') return true;
  return v === 'local' && isLoopback(c.socket?.remoteAddress);
}

export function isLoopback(addr: string | undefined): boolean {
  if (addr === undefined) return true;
  return addr === '::1' || addr.startsWith('127.') || addr.startsWith('::ffff:127.');
}

/** Resolves the name/value pairs; returns the error reply when a name is refused before any change. */
function resolveChanges(c: Client, argv: string[]): Change[] | string {
  const st = configState(c.server);
  const changes: Change[] = [];
  const seen = new Set<string>();
  for (let i = 2; i < argv.length; i += 2) {
    const typed = argv[i];
    const lower = typed.toLowerCase();
    const def = st.byName.get(lower);
    if (def === undefined) return `ERR Unknown option or number of arguments for CONFIG SET - '${typed}'`;
    if (def.immutable) return setFailed(typed, "can't set immutable config");
    if (def.protected && !protectedAllowed(c)) return setFailed(typed, "can't set protected config");
    if (seen.has(lower)) return setFailed(typed, 'duplicate parameter');
    seen.add(lower);
    changes.push({ def, name: lower, value: argv[i + 1], old: def.get(c.server) });
  }
  return changes;
}

function setValue(server: Server, d: ConfigDef, value: string): string | null {
  return d.set(server, d.multiArg ? splitMulti(value) : [value]);
}

function restore(server: Server, changes: Change[]): void {
  for (const ch of changes) setValue(server, ch.def, ch.old);
}

/** The distinct apply steps of the changed directives, own step first, then other modules' hooks. */
function applySteps(server: Server, changes: Change[]): [ApplyHook, string][] {
  const hooks = configState(server).hooks;
  const steps: [ApplyHook, string][] = [];
  const seen = new Set<ApplyHook>();
  for (const ch of changes) {
    for (const fn of [ch.def.apply, ...(hooks.get(ch.def.name) ?? [])]) {
      if (fn === undefined || seen.has(fn)) continue;
      seen.add(fn);
      steps.push([fn, ch.name]);
    }
  }
  return steps;
}

function runApply(server: Server, changes: Change[]): string | null {
  for (const [fn, name] of applySteps(server, changes)) {
    const err = fn(server, name);
    if (typeof err === 'string') return setFailed(name, err);
  }
  return null;
}

function configSet(c: Client, argv: string[]): void {
  if ((argv.length - 2) % 2 !== 0) return c.addError(E.SYNTAX);
  const server = c.server;
  const changes = resolveChanges(c, argv);
  if (typeof changes === 'string') return c.addError(changes);
  for (const ch of changes) {
    const err = setValue(server, ch.def, ch.value);
    if (err !== null) {
      restore(server, changes);
      return c.addError(setFailed(ch.name, err));
    }
  }
  const err = runApply(server, changes);
  if (err !== null) {
    restore(server, changes);
    runApply(server, changes);
    return c.addError(err);
  }
  const listen = changes.filter((ch) => (ch.def.name === 'port' || ch.def.name === 'bind') && ch.old !== ch.def.get(server));
  if (listen.length === 0 || server.listeningPorts.length === 0) return c.addOK();
  relistenThenReply(c, changes, listen);
}

/** port/bind changed: reopen the listeners (new port first; a new bind replaces the old sockets). */
function relistenThenReply(c: Client, changes: Change[], listen: Change[]): void {
  const server = c.server;
  const closeFirst = listen.some((ch) => ch.def.name === 'bind');
  const name = listen[0].name;
  c.pauseInput(true);
  server.relisten(closeFirst).then(
    () => c.addOK(),
    async () => {
      restore(server, changes);
      runApply(server, changes);
      if (closeFirst) await server.relisten(true).catch(() => undefined);
      c.addError(setFailed(name, name === 'port' ? 'Unable to listen on this port' : 'Failed to bind to specified addresses.'));
    },
  ).finally(() => {
    c.markPending();
    server.scheduleFlush();
    c.pauseInput(false);
  });
}

// ---- CONFIG RESETSTAT ----

function resetCommandStats(cmds: Iterable<RegisteredCommand>): void {
  for (const cm of cmds) {
    cm.calls = 0;
    cm.usec = 0;
    cm.rejectedCalls = 0;
    cm.failedCalls = 0;
    if (cm.subTable) resetCommandStats(cm.subTable.values());
  }
}

/** Other modules' counters that CONFIG RESETSTAT zeroes too. */
const resetHooks = new WeakMap<Server, ((s: Server) => void)[]>();

export function onConfigResetStat(server: Server, fn: (s: Server) => void): void {
  const list = resetHooks.get(server) ?? [];
  list.push(fn);
  resetHooks.set(server, list);
}

function configResetStat(c: Client): void {
  const s = c.server;
  s.stats.reset();
  resetCommandStats(s.commands.all());
  for (const fn of resetHooks.get(s) ?? []) fn(s);
  c.addOK();
}

// ---- CONFIG REWRITE ----

/** Rewrites the server's config file in place (atomically). Throws with the system error on failure. */
export function rewriteConfigFile(server: Server, path = server.configFile): void {
  let original = '';
  try {
    original = readFileSync(path, 'latin1');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
  const text = rewriteConfigText(original, rewriteEntries(server), { keyOf: (argv) => rewriteKeyOf(server, argv) });
  writeFileAtomic(path, text);
}

function configRewrite(c: Client): void {
  const s = c.server;
  if (s.configFile === '') return c.addError('ERR The server is running without a config file');
  try {
    rewriteConfigFile(s);
  } catch (e) {
    s.log.warning(`CONFIG REWRITE failed: ${strerror(e)}`);
    return c.addError(`ERR Rewriting config file: ${strerror(e)}`);
  }
  s.log.warning('CONFIG REWRITE executed with success.');
  c.addOK();
}

const FLAGS = 'admin noscript loading stale';

const CONFIG_SUBCOMMANDS: CommandSpec[] = [
  cmd('get', -3, FLAGS, [0, 0, 0], 'server', configGet, { ...ADMIN, since: '2.0.0', summary: 'Get the values of configuration parameters' }),
  cmd('set', -4, FLAGS, [0, 0, 0], 'server', configSet, { ...ADMIN, since: '2.0.0', summary: 'Set configuration parameters to the given values' }),
  cmd('resetstat', 2, FLAGS, [0, 0, 0], 'server', configResetStat, { ...ADMIN, since: '2.0.0', summary: 'Reset the server\'s statistics' }),
  cmd('rewrite', 2, FLAGS, [0, 0, 0], 'server', configRewrite, { ...ADMIN, since: '2.8.0', summary: 'Persist the effective configuration to file' }),
  cmd('help', 2, 'loading stale', [0, 0, 0], 'server', (c) => {
    c.addArrayLen(CONFIG_HELP.length);
    for (const l of CONFIG_HELP) c.addSimple(l);
  }, { categories: ['slow'], since: '5.0.0', summary: 'Show helpful text about the different subcommands' }),
];

export function install(server: Server): void {
  configState(server);
  server.commands.register([
    container('config', 'server', CONFIG_SUBCOMMANDS, { categories: ['slow'], since: '2.0.0', summary: 'A container for server configuration commands' }),
  ]);
}
