/**
 * Server administration: INFO, COMMAND (COUNT INFO DOCS LIST GETKEYS GETKEYSANDFLAGS), TIME, LASTSAVE, SHUTDOWN,
 * MONITOR, SLOWLOG, DEBUG, LOLWUT, plus two cron duties Redis's serverCron has: closing idle clients
 * (`timeout`) and sampling the stats behind instantaneous_ops_per_sec.
 *
 * COMMAND replies are built from the declarative table (src/commands/spec.ts); the reply shapes (which parts
 * are sets, maps or arrays, in RESP2 and RESP3) are Redis 7.0's, because redis-cli and client libraries call
 * COMMAND / COMMAND DOCS at startup. Arguments, history, tips and key specs come from Redis 7.0's documentation
 * (src/commands/docs/); a command it does not cover gets key specs derived from the legacy (first, last, step) triple.
 *
 * MONITOR installs server.hooks.onCall only while at least one monitor is connected, so call() pays nothing
 * otherwise. Each line is formatted once and sent to every monitor as a simple string, as Redis does.
 */
import type { Server } from '../server/server.js';
import type { Client } from '../server/client.js';
import { cmd, type CommandFlag, type CommandSpec, type RegisteredCommand } from './spec.js';
import { aclCategories, keyPositions } from './table.js';
import { E } from '../server/errors.js';
import { globMatch, isKeyword, parseLong } from './util.js';
import { activeExpireOf } from '../keyspace/expire.js';
import { keyIdleSeconds, objectEncoding, objectRefcount } from './keys.js';
import { stringEncoding } from '../keyspace/types/value.js';
import { REDIS_VERSION } from '../server/server.js';
import { addCommandDocsReply, addKeySpecsReply, addTipsReply, keySpecFlagsAt } from './docs/reply.js';

const ADMIN = { categories: ['dangerous'] };

function addHelp(c: Client, lines: readonly string[]): void {
  c.addArrayLen(lines.length);
  for (const l of lines) c.addSimple(l);
}

// ---- COMMAND ----

/** Flags in the order Redis prints them; sentinel/only_sentinel are internal and not shown. */
const FLAG_ORDER: readonly CommandFlag[] = [
  'write', 'readonly', 'denyoom', 'module', 'admin', 'pubsub', 'noscript', 'blocking', 'loading', 'stale',
  'skip_monitor', 'skip_slowlog', 'asking', 'fast', 'no_auth', 'may_replicate', 'no_mandatory_keys',
  'no_async_loading', 'no_multi', 'movablekeys', 'allow_busy',
];

function commandFlags(cmd: RegisteredCommand): string[] {
  const out: string[] = [];
  for (const f of FLAG_ORDER) {
    if (cmd.flagSet.has(f) || (f === 'movablekeys' && cmd.getKeys !== undefined)) out.push(f);
  }
  return out;
}

function hasKeys(cmd: RegisteredCommand): boolean {
  return cmd.firstKey !== 0 || cmd.getKeys !== undefined;
}

/** Access flags of the keys (key specs, GETKEYSANDFLAGS), derived from the command's read/write flag. */
function keyFlags(cmd: RegisteredCommand): string[] {
  if (cmd.isWrite) return ['RW', 'update'];
  if (cmd.flagSet.has('readonly')) return ['RO', 'access'];
  return ['RO'];
}

function addSimpleSet(c: Client, items: readonly string[]): void {
  c.addSetLen(items.length);
  for (const s of items) c.addSimple(s);
}

function addKeySpecs(c: Client, cmd: RegisteredCommand): void {
  if (!hasKeys(cmd)) return c.addSetLen(0);
  c.addSetLen(1);
  c.addMapLen(3);
  c.addBulk('flags');
  addSimpleSet(c, keyFlags(cmd));
  const movable = cmd.getKeys !== undefined;
  c.addBulk('begin_search');
  c.addMapLen(2);
  c.addBulk('type');
  c.addBulk(movable ? 'unknown' : 'index');
  c.addBulk('spec');
  if (movable) c.addMapLen(0);
  else {
    c.addMapLen(1);
    c.addBulk('index');
    c.addInt(cmd.firstKey);
  }
  c.addBulk('find_keys');
  c.addMapLen(2);
  c.addBulk('type');
  c.addBulk(movable ? 'unknown' : 'range');
  c.addBulk('spec');
  if (movable) return c.addMapLen(0);
  c.addMapLen(3);
  c.addBulk('lastkey');
  c.addInt(cmd.lastKey < 0 ? cmd.lastKey : cmd.lastKey - cmd.firstKey);
  c.addBulk('keystep');
  c.addInt(cmd.keyStep);
  c.addBulk('limit');
  c.addInt(0);
}

export function addCommandInfo(c: Client, cmd: RegisteredCommand): void {
  c.addArrayLen(10);
  c.addBulk(cmd.fullName);
  c.addInt(cmd.arity);
  addSimpleSet(c, commandFlags(cmd));
  c.addInt(cmd.firstKey);
  c.addInt(cmd.lastKey);
  c.addInt(cmd.keyStep);
  addSimpleSet(c, aclCategories(cmd).map((x) => '@' + x));
  if (!addTipsReply(c, cmd)) c.addSetLen(0);
  if (!addKeySpecsReply(c, cmd)) addKeySpecs(c, cmd);
  if (cmd.subTable === null) return c.addSetLen(0);
  c.addArrayLen(cmd.subTable.size);
  for (const sub of cmd.subTable.values()) addCommandInfo(c, sub);
}

function addCommandDocs(c: Client, cmd: RegisteredCommand): void {
  addCommandDocsReply(c, cmd);
}

/** "get" or "config|get" -> the registered command. */
function lookupFullName(s: Server, name: string): RegisteredCommand | undefined {
  const bar = name.indexOf('|');
  if (bar < 0) return s.commands.lookup(name);
  const parent = s.commands.lookup(name.slice(0, bar));
  return parent?.subTable?.get(name.slice(bar + 1).toLowerCase());
}

function commandAll(c: Client): void {
  const all = [...c.server.commands.all()];
  c.addArrayLen(all.length);
  for (const cmd of all) addCommandInfo(c, cmd);
}

function commandInfo(c: Client, argv: string[]): void {
  if (argv.length === 2) return commandAll(c);
  c.addArrayLen(argv.length - 2);
  for (let i = 2; i < argv.length; i++) {
    const cmd = lookupFullName(c.server, argv[i]);
    if (cmd === undefined) c.addNull();
    else addCommandInfo(c, cmd);
  }
}

function commandDocs(c: Client, argv: string[]): void {
  const found: RegisteredCommand[] = [];
  if (argv.length === 2) found.push(...c.server.commands.all());
  for (let i = 2; i < argv.length; i++) {
    const cmd = lookupFullName(c.server, argv[i]);
    if (cmd !== undefined) found.push(cmd);
  }
  c.addMapLen(found.length);
  for (const cmd of found) {
    c.addBulk(cmd.fullName);
    addCommandDocs(c, cmd);
  }
}

function commandList(c: Client, argv: string[]): void {
  let filter: ((cmd: RegisteredCommand) => boolean) | null = null;
  if (argv.length !== 2) {
    if (argv.length !== 5 || !isKeyword(argv[2], 'FILTERBY')) return c.addError(E.SYNTAX);
    const value = argv[4];
    if (isKeyword(argv[3], 'MODULE')) filter = () => false;
    else if (isKeyword(argv[3], 'ACLCAT')) filter = (cmd) => aclCategories(cmd).includes(value.toLowerCase());
    else if (isKeyword(argv[3], 'PATTERN')) filter = (cmd) => globMatch(value, cmd.fullName, true);
    else return c.addError(E.SYNTAX);
  }
  const names: string[] = [];
  const visit = (cmd: RegisteredCommand): void => {
    if (filter === null || filter(cmd)) names.push(cmd.fullName);
    if (cmd.subTable !== null) for (const sub of cmd.subTable.values()) visit(sub);
  };
  for (const cmd of c.server.commands.all()) visit(cmd);
  c.addBulks(names);
}

/** COMMAND GETKEYS / GETKEYSANDFLAGS: resolves argv[2..] like dispatch does, then extracts the keys. */
function commandGetKeys(c: Client, argv: string[], withFlags: boolean): void {
  const args = argv.slice(2);
  let cmd = c.server.commands.lookup(args[0]);
  if (cmd !== undefined && cmd.subTable !== null && args.length >= 2) cmd = cmd.subTable.get(args[1].toLowerCase());
  if (cmd === undefined) return c.addError('ERR Invalid command specified');
  if (!hasKeys(cmd)) return c.addError('ERR The command has no key arguments');
  if ((cmd.arity > 0 && cmd.arity !== args.length) || args.length < -cmd.arity) {
    return c.addError('ERR Invalid number of arguments specified for command');
  }
  const pos = keyPositions(cmd, args);
  if (pos.length === 0) return c.addError('ERR Invalid arguments specified for command');
  c.addArrayLen(pos.length);
  for (const p of pos) {
    if (!withFlags) {
      c.addBulk(args[p]);
      continue;
    }
    c.addArrayLen(2);
    c.addBulk(args[p]);
    addSimpleSet(c, keySpecFlagsAt(cmd, args, p) ?? keyFlags(cmd));
  }
}

const COMMAND_HELP = [
  'COMMAND <subcommand> [<arg> [value] [opt] ...]. Subcommands are:',
  '(no subcommand)',
  '    Return details about all Redis commands.',
  'COUNT',
  '    Return the total number of commands in this Redis server.',
  'LIST',
  '    Return a list of all commands in this Redis server.',
  'INFO [<command-name> ...]',
  '    Return details about multiple Redis commands.',
  '    If no command names are given, documentation details for all',
  '    commands are returned.',
  'DOCS [<command-name> ...]',
  '    Return documentation details about multiple Redis commands.',
  '    If no command names are given, documentation details for all',
  '    commands are returned.',
  'GETKEYS <full-command>',
  '    Return the keys from a full Redis command.',
  'GETKEYSANDFLAGS <full-command>',
  '    Return the keys and the access flags from a full Redis command.',
  'HELP',
  '    Prints this help.',
];

const CMD_DOC = { categories: ['connection'], group: 'server' };

const COMMAND_SUBCOMMANDS: CommandSpec[] = [
  cmd('count', 2, 'loading stale', [0, 0, 0], 'server', (c) => c.addInt(c.server.commands.size), { ...CMD_DOC, since: '2.8.13', summary: 'Get total number of Redis commands', complexity: 'O(1)' }),
  cmd('info', -2, 'loading stale', [0, 0, 0], 'server', commandInfo, { ...CMD_DOC, since: '2.8.13', summary: 'Get array of specific Redis command details, or all when no argument is given.', complexity: 'O(N) where N is the number of commands to look up' }),
  cmd('docs', -2, 'loading stale', [0, 0, 0], 'server', commandDocs, { ...CMD_DOC, since: '7.0.0', summary: 'Get array of specific Redis command documentation', complexity: 'O(N) where N is the number of commands to look up' }),
  cmd('list', -2, 'loading stale', [0, 0, 0], 'server', commandList, { ...CMD_DOC, since: '7.0.0', summary: 'Get an array of Redis command names', complexity: 'O(N) where N is the total number of Redis commands' }),
  cmd('getkeys', -4, 'loading stale', [0, 0, 0], 'server', (c, a) => commandGetKeys(c, a, false), { ...CMD_DOC, since: '2.8.13', summary: 'Extract keys given a full Redis command', complexity: 'O(N) where N is the number of arguments to the command' }),
  cmd('getkeysandflags', -4, 'loading stale', [0, 0, 0], 'server', (c, a) => commandGetKeys(c, a, true), { ...CMD_DOC, since: '7.0.0', summary: 'Extract keys and access flags given a full Redis command', complexity: 'O(N) where N is the number of arguments to the command' }),
  cmd('help', 2, 'loading stale', [0, 0, 0], 'server', (c) => addHelp(c, COMMAND_HELP), { ...CMD_DOC, since: '5.0.0', summary: 'Show helpful text about the different subcommands', complexity: 'O(1)' }),
];

// ---- TIME LASTSAVE SHUTDOWN LOLWUT ----

function nowMicros(): number {
  return Math.floor((performance.timeOrigin + performance.now()) * 1000);
}

function time(c: Client): void {
  const us = nowMicros();
  c.addArrayLen(2);
  c.addBulk(String(Math.floor(us / 1e6)));
  c.addBulk(String(us % 1e6));
}

/** LASTSAVE: the persistence module may register `lastsave` (() => unix seconds); until then, the start time. */
function lastsave(c: Client): void {
  const fn = c.server.modules.get('lastsave') as (() => number) | undefined;
  c.addInt(fn ? fn() : Math.floor(c.server.stats.startMs / 1000));
}

function shutdown(c: Client, argv: string[]): void {
  let save: boolean | null = null;
  let abort = false;
  let other = false;
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i];
    if (isKeyword(a, 'NOSAVE')) {
      if (save === true) return c.addError(E.SYNTAX);
      save = false;
    } else if (isKeyword(a, 'SAVE')) {
      if (save === false) return c.addError(E.SYNTAX);
      save = true;
    } else if (isKeyword(a, 'NOW') || isKeyword(a, 'FORCE')) other = true;
    else if (isKeyword(a, 'ABORT')) abort = true;
    else return c.addError(E.SYNTAX);
  }
  if (abort && (save !== null || other)) return c.addError(E.SYNTAX);
  if (abort) return c.addError('ERR No shutdown in progress.');
  const s = c.server;
  if (s.loading || s.modules.has('sentinel')) save = false;
  if (!s.shutdown({ save })) c.addError('ERR Errors trying to SHUTDOWN. Check logs.');
}

function lolwut(c: Client, argv: string[]): void {
  for (let i = 1; i + 1 < argv.length; i += 2) {
    if (isKeyword(argv[i], 'VERSION') && parseLong(argv[i + 1]) === null) return c.addError(E.NOT_INTEGER);
  }
  c.addVerbatim(`Redis ver. ${REDIS_VERSION}\n`);
}

// ---- MONITOR ----

class Monitors {
  readonly clients = new Set<Client>();

  constructor(private readonly server: Server) {}

  add(c: Client): void {
    this.clients.add(c);
    this.server.hooks.onCall = (from, argv) => this.feed(from, argv);
  }

  remove(c: Client): void {
    if (!this.clients.delete(c)) return;
    c.monitor = false;
    if (this.clients.size === 0) this.server.hooks.onCall = null;
  }

  feed(from: Client, argv: string[]): void {
    const us = nowMicros();
    const micro = String(us % 1e6).padStart(6, '0');
    const addr = from.socket === null ? 'lua' : from.remoteAddr;
    let line = `${Math.floor(us / 1e6)}.${micro} [${from.db.id} ${addr}]`;
    const redacted = redactedFrom(argv);
    for (let i = 0; i < argv.length; i++) line += ' ' + (i >= redacted.start && redacted.has(i) ? '"(redacted)"' : quoteRepr(argv[i]));
    for (const m of this.clients) {
      m.addSimple(line);
      m.markPending();
    }
    this.server.scheduleFlush();
  }
}

/** Which arguments MONITOR hides (passwords of AUTH, HELLO ... AUTH, MIGRATE ... AUTH/AUTH2). */
function redactedFrom(argv: readonly string[]): { start: number; has: (i: number) => boolean } {
  const name = argv[0].toLowerCase();
  if (name === 'auth') return { start: 1, has: () => true };
  if (name === 'hello' || name === 'migrate') {
    const hidden = new Set<number>();
    for (let i = 1; i < argv.length; i++) {
      if (isKeyword(argv[i], 'AUTH')) {
        const n = name === 'hello' ? 2 : 1;
        for (let j = 1; j <= n; j++) hidden.add(i + j);
      } else if (isKeyword(argv[i], 'AUTH2')) {
        hidden.add(i + 1);
        hidden.add(i + 2);
      }
    }
    return { start: 1, has: (i) => hidden.has(i) };
  }
  return { start: Infinity, has: () => false };
}

/** sdscatrepr: a double-quoted string with \\ \" \n \r \t \a \b escaped and other non-printables as \xHH. */
export function quoteRepr(s: string): string {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const ch = s.charCodeAt(i);
    if (ch === 92) out += '\\\\';
    else if (ch === 34) out += '\\"';
    else if (ch === 10) out += '\\n';
    else if (ch === 13) out += '\\r';
    else if (ch === 9) out += '\\t';
    else if (ch === 7) out += '\\a';
    else if (ch === 8) out += '\\b';
    else if (ch >= 32 && ch <= 126) out += s[i];
    else out += '\\x' + ch.toString(16).padStart(2, '0');
  }
  return out + '"';
}

function monitorsOf(s: Server): Monitors {
  let m = s.modules.get('monitor') as Monitors | undefined;
  if (m === undefined) {
    m = new Monitors(s);
    s.modules.set('monitor', m);
    const mon = m;
    s.hooks.onClientClose.push((c) => mon.remove(c));
    s.hooks.onReset.push((c) => mon.remove(c));
  }
  return m;
}

function monitor(c: Client): void {
  // A replica (or a client already monitoring) is ignored without a reply, as Redis does.
  if (c.kind === 'replica' || c.monitor) return;
  c.monitor = true;
  monitorsOf(c.server).add(c);
  c.addOK();
}

// ---- SLOWLOG ----

function slowlogGet(c: Client, argv: string[]): void {
  let count = 10;
  if (argv.length === 3) {
    const n = parseLong(argv[2]);
    if (n === null || n < -1) return c.addError('ERR count should be greater than or equal to -1');
    count = n === -1 ? Infinity : n;
  } else if (argv.length > 3) return c.addError(`ERR unknown subcommand or wrong number of arguments for '${argv[1]}'. Try SLOWLOG HELP.`);
  const entries = c.server.slowlog.slice(0, Math.min(count, c.server.slowlog.length));
  c.addArrayLen(entries.length);
  for (const e of entries) {
    c.addArrayLen(6);
    c.addInt(e.id);
    c.addInt(e.timeSec);
    c.addInt(e.durationUs);
    c.addBulks(e.argv);
    c.addBulk(e.addr);
    c.addBulk(e.name);
  }
}

const SLOWLOG_HELP = [
  'SLOWLOG <subcommand> [<arg> [value] [opt] ...]. Subcommands are:',
  'GET [<count>]',
  '    Return top <count> entries from the slowlog (default: 10, -1 mean all).',
  '    Entries are made of:',
  '    id, timestamp, time in microseconds, arguments array, client IP and port,',
  '    client name',
  'LEN',
  '    Return the length of the slowlog.',
  'RESET',
  '    Reset the slowlog.',
  'HELP',
  '    Prints this help.',
];

const SLOWLOG_DOC = { ...ADMIN, group: 'server' };

const SLOWLOG_SUBCOMMANDS: CommandSpec[] = [
  cmd('get', -2, 'admin loading stale', [0, 0, 0], 'server', slowlogGet, { ...SLOWLOG_DOC, since: '2.2.12', summary: 'Get the slow log\'s entries', complexity: 'O(N) where N is the number of entries returned' }),
  cmd('len', 2, 'admin loading stale', [0, 0, 0], 'server', (c) => c.addInt(c.server.slowlog.length), { ...SLOWLOG_DOC, since: '2.2.12', summary: 'Get the slow log\'s length', complexity: 'O(1)' }),
  cmd('reset', 2, 'admin loading stale', [0, 0, 0], 'server', (c) => {
    c.server.slowlog.length = 0;
    c.addOK();
  }, { ...SLOWLOG_DOC, since: '2.2.12', summary: 'Clear all entries from the slow log', complexity: 'O(N) where N is the number of entries in the slowlog' }),
  cmd('help', 2, 'loading stale', [0, 0, 0], 'server', (c) => addHelp(c, SLOWLOG_HELP), { group: 'server', since: '6.2.0', summary: 'Show helpful text about the different subcommands', complexity: 'O(1)' }),
];

// ---- DEBUG ----

/** Hooks other modules fill in: DEBUG RELOAD needs persistence. */
export interface DebugHooks {
  reload: ((c: Client, opts: { merge: boolean; noflush: boolean; nosave: boolean }) => void) | null;
  /** DEBUG LOADAOF (extra arguments ignored, as Redis does). */
  loadAof?: ((c: Client) => void) | null;
}

export function debugHooksOf(s: Server): DebugHooks {
  let h = s.modules.get('debug-hooks') as DebugHooks | undefined;
  if (h === undefined) {
    h = { reload: null };
    s.modules.set('debug-hooks', h);
  }
  return h;
}

function debugUnknown(c: Client, sub: string): void {
  c.addError(`ERR unknown subcommand or wrong number of arguments for '${sub}'. Try DEBUG HELP.`);
}

/** C's strtod prefix parse (garbage reads as 0), as DEBUG SLEEP does. */
function strtod(s: string): number {
  const m = /^\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?/.exec(s);
  return m ? Number(m[0]) : 0;
}

/** Blocks the event loop, like Redis's DEBUG SLEEP blocks the server. */
export function sleepSync(ms: number): void {
  if (ms <= 0) return;
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

function debugPopulate(c: Client, argv: string[]): void {
  const count = parseLong(argv[2]);
  if (count === null || count < 0) return c.addError(E.POSITIVE);
  const prefix = argv.length >= 4 ? argv[3] : 'key';
  let size = 0;
  if (argv.length >= 5) {
    const n = parseLong(argv[4]);
    if (n === null || n < 0) return c.addError(E.POSITIVE);
    size = n;
  }
  const db = c.db;
  for (let j = 0; j < count; j++) {
    const key = `${prefix}:${j}`;
    if (db.lookupWrite(key) !== undefined) continue;
    let val = `value:${j}`;
    if (size > 0) val = size <= val.length ? val.slice(0, size) : val + '\0'.repeat(size - val.length);
    db.add(key, val);
    db.signalModified(key);
  }
  c.addOK();
}

function debugObject(c: Client, key: string): void {
  const v = c.db.peek(key);
  if (v === undefined) return c.addError(E.NO_SUCH_KEY);
  const s = c.server;
  const enc = objectEncoding(c.db, key, v);
  const serialized = typeof v === 'string' ? (stringEncoding(v) === 'int' ? 2 : v.length + 1) : v.size() + 1;
  const lru = Math.floor(s.nowMs() / 1000) & 0xffffff;
  c.addSimple(
    `Value at:0x${(0x7f0000000000 + (hashOf(key) & 0xfffffff) * 16).toString(16)} refcount:${objectRefcount(s, v)} encoding:${enc} ` +
      `serializedlength:${serialized} lru:${lru} lru_seconds_idle:${keyIdleSeconds(s, c.db, key)}`,
  );
}

function hashOf(s: string): number {
  let h = 5381;
  for (let i = 0; i < s.length; i++) h = ((h * 33) ^ s.charCodeAt(i)) >>> 0;
  return h;
}

function debugReload(c: Client, argv: string[]): void {
  const opts = { merge: false, noflush: false, nosave: false };
  for (let i = 2; i < argv.length; i++) {
    if (isKeyword(argv[i], 'MERGE')) opts.merge = true;
    else if (isKeyword(argv[i], 'NOFLUSH')) opts.noflush = true;
    else if (isKeyword(argv[i], 'NOSAVE')) opts.nosave = true;
    else return c.addError('ERR DEBUG RELOAD only supports the MERGE, NOFLUSH and NOSAVE options.');
  }
  const hook = debugHooksOf(c.server).reload;
  if (hook === null) return c.addError('ERR DEBUG RELOAD is not available: persistence is not installed');
  hook(c, opts);
}

const DEBUG_HELP = [
  'DEBUG <subcommand> [<arg> [value] [opt] ...]. Subcommands are:',
  'HELP',
  '    Print this help.',
  'OBJECT <key>',
  '    Show low level info about the `key` and associated value.',
  'POPULATE <count> [<prefix>] [<size>]',
  '    Create <count> string keys named key:<num>. If <prefix> is specified then',
  '    it is used instead of the \'key\' prefix. These are not propagated to',
  '    replicas. Cluster slots are not respected so keys not belonging to the',
  '    current node can be created in cluster mode.',
  'QUICKLIST-PACKED-THRESHOLD <size>',
  '    Sets the threshold for elements to be inserted as plain vs packed nodes',
  '    Default value is 1GB, allows values up to 4GB. Setting to 0 restores to default.',
  'RELOAD [option ...]',
  '    Save the RDB on disk and reload it back to memory. Valid <option> values:',
  '    * MERGE: conflicting keys will be loaded from RDB.',
  '    * NOFLUSH: the existing database will not be removed before load, but',
  '      conflicting keys will generate an exception and kill the server.',
  '    * NOSAVE: the database will be loaded from an existing RDB file.',
  '    Examples:',
  '    * DEBUG RELOAD: verify that the server is able to persist, flush and reload',
  '      the database.',
  '    * DEBUG RELOAD NOSAVE: replace the current database with the contents of an',
  '      existing RDB file.',
  '    * DEBUG RELOAD NOSAVE NOFLUSH MERGE: add the contents of an existing RDB',
  '      file to the database.',
  'SET-ACTIVE-EXPIRE <0|1>',
  '    Setting it to 0 disables expiring keys in background when they are not',
  '    accessed (otherwise the Redis behavior). Setting it to 1 reenables back the',
  '    default.',
  'SLEEP <seconds>',
  '    Stop the server for <seconds>. Decimals allowed.',
];

function debug(c: Client, argv: string[]): void {
  const sub = argv[1].toLowerCase();
  const n = argv.length;
  if (sub === 'help' && n === 2) return addHelp(c, DEBUG_HELP);
  if (sub === 'sleep' && n === 3) {
    sleepSync(strtod(argv[2]) * 1000);
    return c.addOK();
  }
  if (sub === 'populate' && n >= 3 && n <= 5) return debugPopulate(c, argv);
  if (sub === 'object' && n === 3) return debugObject(c, argv[2]);
  if (sub === 'set-active-expire' && n === 3) {
    const ae = activeExpireOf(c.server);
    if (ae) ae.enabled = (parseInt(argv[2], 10) || 0) !== 0;
    return c.addOK();
  }
  if (sub === 'reload') return debugReload(c, argv);
  const loadAof = debugHooksOf(c.server).loadAof;
  if (sub === 'loadaof' && loadAof) return loadAof(c);
  if (sub === 'quicklist-packed-threshold' && n === 3) return c.addOK();
  debugUnknown(c, argv[1]);
}

// ---- Cron duties ----

/** Closes clients idle longer than `timeout` seconds; never replicas, masters, monitors, blocked or pub/sub clients. */
function closeIdleClients(s: Server): void {
  const maxIdleSec = s.settings.timeout;
  if (maxIdleSec <= 0) return;
  const now = s.clock.nowMs();
  for (const c of [...s.clients.values()]) {
    if (c.socket === null || c.kind === 'replica' || c.kind === 'master' || c.monitor || c.blocked) continue;
    if (c.subscriptionCount() > 0) continue;
    if (now - c.lastInteractionMs <= maxIdleSec * 1000) continue;
    s.log.verbose('Closing idle client');
    c.close();
  }
}

// ---- Install ----

const SRV = { group: 'server' };

export const serverCommands: CommandSpec[] = [
  cmd('info', -1, 'loading stale sentinel', [0, 0, 0], 'server', (c, argv) => c.addVerbatim(c.server.info.render(argv.slice(1))), { ...SRV, categories: ['dangerous'], since: '1.0.0', summary: 'Get information and statistics about the server', complexity: 'O(1)' }),
  cmd('command', -1, 'loading stale sentinel', [0, 0, 0], 'server', commandAll, { ...SRV, categories: ['connection'], since: '2.8.13', summary: 'Get array of Redis command details', complexity: 'O(N) where N is the total number of Redis commands', subcommands: COMMAND_SUBCOMMANDS }),
  cmd('time', 1, 'loading stale fast', [0, 0, 0], 'server', time, { ...SRV, since: '2.6.0', summary: 'Return the current server time', complexity: 'O(1)' }),
  cmd('lastsave', 1, 'loading stale fast', [0, 0, 0], 'server', lastsave, { ...SRV, categories: ['admin', 'dangerous'], since: '1.0.0', summary: 'Get the UNIX time stamp of the last successful save to disk', complexity: 'O(1)' }),
  cmd('shutdown', -1, 'admin noscript loading stale no_multi allow_busy sentinel', [0, 0, 0], 'server', shutdown, { ...SRV, ...ADMIN, since: '1.0.0', summary: 'Synchronously save the dataset to disk and then shut down the server', complexity: 'O(N) when saving, where N is the total number of keys in all databases when saving data, otherwise O(1)' }),
  cmd('monitor', 1, 'admin noscript loading stale', [0, 0, 0], 'server', monitor, { ...SRV, ...ADMIN, since: '1.0.0', summary: 'Listen for all requests received by the server in real time', complexity: '' }),
  cmd('slowlog', -2, '', [0, 0, 0], 'server', () => {}, { ...SRV, since: '2.2.12', summary: 'A container for slow log commands', complexity: 'Depends on subcommand.', subcommands: SLOWLOG_SUBCOMMANDS }),
  cmd('debug', -2, 'admin noscript loading stale', [0, 0, 0], 'server', debug, { ...SRV, ...ADMIN, since: '1.0.0', summary: 'A container for debugging commands', complexity: 'Depends on subcommand.' }),
  cmd('lolwut', -1, 'readonly fast', [0, 0, 0], 'server', lolwut, { ...SRV, since: '5.0.0', summary: 'Display some computer art and the Redis version', complexity: '' }),
];

export function install(server: Server): void {
  server.commands.register(serverCommands);
  server.cron.add('idle-clients', 250, () => closeIdleClients(server));
  server.cron.add('stats-sample', 100, () => server.stats.sample(server.clock.monoMs()));
}
