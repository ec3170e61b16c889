/**
 * Every directive Redis 7.0 accepts, as data: name, aliases, type, default, whether CONFIG SET may change
 * it, and where it lives (a typed Settings field that the server reads on its hot paths, or this module's
 * own storage for directives that are only accepted and reported). Loading a config text, CONFIG GET/SET
 * and CONFIG REWRITE are all driven by this table, so a directive is declared once.
 *
 * Values are validated with Redis's exact rules and error texts (the same text serves the FATAL block at
 * startup and the CONFIG SET error). Side effects of a run-time change (hz -> the cron, loglevel -> the
 * logger, port -> the listeners, and whatever other modules register with onConfigChange) run after all
 * the values of one CONFIG SET were stored, and a failure restores every value (all or nothing).
 */
import { createHash } from 'node:crypto';
import type { Server } from '../server/server.js';
import type { Settings, SavePoint } from './settings.js';
import {
  ConfigFileError, directives, formatMemory, memToU64, reprString, strerror, yesNo,
  type ConfDirective, type RewriteEntry,
} from './conf-file.js';

export type ConfigType = 'bool' | 'int' | 'memory' | 'string' | 'enum' | 'special';

/** A run-time apply step: returns an error reason to refuse the change (the values are then restored). */
export type ApplyHook = (server: Server, name: string) => string | null | void;

export interface ConfigDef {
  name: string;
  aliases: readonly string[];
  type: ConfigType;
  /** CONFIG SET refuses it ("can't set immutable config"). */
  immutable: boolean;
  /** CONFIG SET refuses it unless enable-protected-configs allows ("can't set protected config"). */
  protected: boolean;
  /** Takes several arguments in the file and one space-separated value in CONFIG SET. */
  multiArg: boolean;
  /** Redoubt acts on it (or stores it for a module that does); the others get a startup warning. */
  honoured: boolean;
  /** CONFIG GET's text for the default (dir: the working directory at startup). */
  defaultValue: string;
  /** Validates and stores; returns Redis's error reason, or null. */
  set(server: Server, args: string[]): string | null;
  get(server: Server): string;
  /** The lines CONFIG REWRITE writes for it. */
  rewrite(server: Server): RewriteEntry;
  /** Own side effect of a run-time change (runs before the hooks other modules registered). */
  apply?: ApplyHook;
  /** A debugging/testing directive Redis hides: CONFIG GET finds it by exact name only, never by a pattern. */
  hidden?: boolean;
}

// ---- per-server state ----

export interface ConfigState {
  defs: ConfigDef[];
  /** Name or alias (lowercase) -> definition. */
  byName: Map<string, ConfigDef>;
  /** Storage of the directives that have no Settings field. */
  values: Map<string, unknown>;
  /** Exact text of big integers (beyond 2^53) so CONFIG GET prints what was set. */
  exact: Map<string, [number, string]>;
  hooks: Map<string, ApplyHook[]>;
  /** Loading a file: the first `save` line replaces the defaults, the next ones add points. */
  loading: boolean;
  saveLoaded: boolean;
  /** rename-command directives, applied once the command table is complete. */
  renames: { from: string; to: string; at: ConfDirective }[];
  /** Directive names set in the configuration that Redoubt does not act on (startup warns once each). */
  ignored: Set<string>;
  /** Extra CONFIG REWRITE entries other modules contribute (ACL users, Sentinel state ...). */
  rewriteExtras: ((server: Server) => RewriteEntry[])[];
}

const STATE_KEY = 'config';

export function configState(server: Server): ConfigState {
  let st = server.modules.get(STATE_KEY) as ConfigState | undefined;
  if (st === undefined) {
    st = createState();
    server.modules.set(STATE_KEY, st);
    for (const d of st.defs) if (!hasField(d)) d.set(server, defaultArgs(d));
  }
  return st;
}

function createState(): ConfigState {
  const defs = buildTable();
  const byName = new Map<string, ConfigDef>();
  for (const d of defs) {
    byName.set(d.name, d);
    for (const a of d.aliases) byName.set(a, d);
  }
  return {
    defs, byName, values: new Map(), exact: new Map(), hooks: new Map(), loading: false,
    saveLoaded: false, renames: [], ignored: new Set(), rewriteExtras: [],
  };
}

/** Lets another module react to a run-time change of a directive (CONFIG SET). */
export function onConfigChange(server: Server, name: string, fn: ApplyHook): void {
  const st = configState(server);
  const d = st.byName.get(name.toLowerCase());
  const key = d ? d.name : name.toLowerCase();
  const list = st.hooks.get(key);
  if (list) list.push(fn);
  else st.hooks.set(key, [fn]);
}

export function lookupConfig(server: Server, name: string): ConfigDef | undefined {
  return configState(server).byName.get(name.toLowerCase());
}

// ---- storage helpers ----

const fieldOf = new WeakMap<ConfigDef, keyof Settings>();

function hasField(d: ConfigDef): boolean {
  return fieldOf.has(d);
}

function load(s: Server, d: ConfigDef): unknown {
  const f = fieldOf.get(d);
  return f !== undefined ? s.settings[f] : configState(s).values.get(d.name);
}

function store(s: Server, d: ConfigDef, v: unknown): void {
  const f = fieldOf.get(d);
  if (f !== undefined) (s.settings as unknown as Record<string, unknown>)[f] = v;
  else configState(s).values.set(d.name, v);
}

function defaultArgs(d: ConfigDef): string[] {
  return d.multiArg ? splitMulti(d.defaultValue) : [d.defaultValue];
}

/** CONFIG SET's value of a multi-argument directive: split on single spaces (sdssplitlen). */
export function splitMulti(v: string): string[] {
  return v === '' ? [] : v.split(' ');
}

interface Opts {
  field?: keyof Settings;
  aliases?: string[];
  imm?: boolean;
  prot?: boolean;
  honoured?: boolean;
  apply?: ApplyHook;
  hidden?: boolean;
}

function base(name: string, type: ConfigType, def: string, o: Opts): Omit<ConfigDef, 'set' | 'get' | 'rewrite'> {
  return {
    name, type, aliases: o.aliases ?? [], immutable: o.imm ?? false, protected: o.prot ?? false, multiArg: false,
    honoured: o.honoured ?? o.field !== undefined, defaultValue: def, apply: o.apply, hidden: o.hidden ?? false,
  };
}

function finish(d: ConfigDef, o: Opts): ConfigDef {
  if (o.field !== undefined) fieldOf.set(d, o.field);
  return d;
}

function plainRewrite(d: ConfigDef, s: Server, text: string, value: string): RewriteEntry {
  return { name: d.name, lines: [`${d.name} ${text}`], force: value !== d.defaultValue };
}

// ---- type builders ----

function bool(name: string, def: 'yes' | 'no', o: Opts = {}): ConfigDef {
  const d: ConfigDef = {
    ...base(name, 'bool', def, o),
    set(s, args) {
      const v = yesNo(args[0]);
      if (v === null) return "argument must be 'yes' or 'no'";
      store(s, d, v);
      return null;
    },
    get: (s) => (load(s, d) ? 'yes' : 'no'),
    rewrite: (s) => plainRewrite(d, s, d.get(s), d.get(s)),
  };
  return finish(d, o);
}

const I64_MAX = 9223372036854775807n;
const U64 = 1n << 64n;

function storeNumber(s: Server, d: ConfigDef, v: bigint): void {
  const n = Number(v);
  store(s, d, n);
  const st = configState(s);
  if (BigInt(n) !== v) st.exact.set(d.name, [n, String(v)]);
  else st.exact.delete(d.name);
}

function numberText(s: Server, d: ConfigDef): string {
  const n = load(s, d) as number;
  const e = configState(s).exact.get(d.name);
  return e !== undefined && e[0] === n ? e[1] : String(n);
}

function checkRange(v: bigint, min: bigint, max: bigint): string | null {
  return v < min || v > max ? `argument must be between ${min} and ${max} inclusive` : null;
}

function int(name: string, def: number, min: number | bigint, max: number | bigint, o: Opts = {}): ConfigDef {
  const d: ConfigDef = {
    ...base(name, 'int', String(def), o),
    set(s, args) {
      const v = parseStrictInt(args[0]);
      if (v === null) return "argument couldn't be parsed into an integer";
      const err = checkRange(v, BigInt(min), BigInt(max));
      if (err !== null) return err;
      storeNumber(s, d, v);
      return null;
    },
    get: (s) => numberText(s, d),
    rewrite: (s) => plainRewrite(d, s, d.get(s), d.get(s)),
  };
  return finish(d, o);
}

/** Redis's string2ll as bigint (no '+', no spaces, no leading zeros, int64 range). */
export function parseStrictInt(s: string): bigint | null {
  if (!/^(0|-?[1-9][0-9]*)$/.test(s) || s.length > 20) return null;
  const v = BigInt(s);
  return v > I64_MAX || v < -I64_MAX - 1n ? null : v;
}

function mem(name: string, def: number, min: number | bigint, max: bigint, o: Opts = {}): ConfigDef {
  const d: ConfigDef = {
    ...base(name, 'memory', String(def), o),
    set(s, args) {
      let v = memToU64(args[0]);
      if (v === null) return 'argument must be a memory value';
      if (max <= I64_MAX && v > I64_MAX) v -= U64; // stored in a signed C type
      const err = checkRange(v, BigInt(min), max);
      if (err !== null) return err;
      storeNumber(s, d, v);
      return null;
    },
    get: (s) => numberText(s, d),
    rewrite: (s) => plainRewrite(d, s, formatMemory(BigInt(d.get(s))), d.get(s)),
  };
  return finish(d, o);
}

function str(name: string, def: string, o: Opts & { check?: (v: string) => string | null } = {}): ConfigDef {
  const d: ConfigDef = {
    ...base(name, 'string', def, o),
    set(s, args) {
      const err = o.check ? o.check(args[0]) : null;
      if (err !== null) return err;
      store(s, d, args[0]);
      return null;
    },
    get: (s) => String(load(s, d)),
    rewrite: (s) => plainRewrite(d, s, reprString(d.get(s)), d.get(s)),
  };
  return finish(d, o);
}

function enm(name: string, def: string, values: string[], o: Opts = {}): ConfigDef {
  const d: ConfigDef = {
    ...base(name, 'enum', def, o),
    set(s, args) {
      const v = args[0].toLowerCase();
      if (!values.includes(v)) return `argument(s) must be one of the following: ${values.join(', ')}`;
      store(s, d, v);
      return null;
    },
    get: (s) => String(load(s, d)),
    rewrite: (s) => plainRewrite(d, s, d.get(s), d.get(s)),
  };
  return finish(d, o);
}

/** A directive with its own syntax: parse(args) -> value to store, or an error reason. */
function special(
  name: string,
  def: string,
  parse: (args: string[], s: Server) => { value: unknown } | string,
  format: (v: unknown, s: Server) => string,
  o: Opts & { multi?: boolean; rewrite?: (s: Server, d: ConfigDef) => RewriteEntry } = {},
): ConfigDef {
  const d: ConfigDef = {
    ...base(name, 'special', def, o),
    multiArg: o.multi ?? false,
    set(s, args) {
      const r = parse(args, s);
      if (typeof r === 'string') return r;
      store(s, d, r.value);
      return null;
    },
    get: (s) => format(load(s, d), s),
    rewrite: (s) => (o.rewrite ? o.rewrite(s, d) : plainRewrite(d, s, d.get(s), d.get(s))),
  };
  return finish(d, o);
}

// ---- special directives ----

function parseSave(args: string[], s: Server): { value: SavePoint[] } | string {
  const st = configState(s);
  let list = args;
  let reset = !st.loading;
  if (list.length === 1 && list[0] === '') {
    list = [];
    reset = true;
  }
  if (list.length % 2 !== 0) return 'Invalid save parameters';
  for (let j = 0; j < list.length; j++) {
    if (!/^[ \t\n\v\f\r]*[+-]?[0-9]+$/.test(list[j])) return 'Invalid save parameters';
    const v = Number(list[j]);
    if ((j % 2 === 0 && v < 1) || (j % 2 === 1 && v < 0)) return 'Invalid save parameters';
  }
  if (st.loading && !st.saveLoaded) {
    st.saveLoaded = true;
    reset = true;
  }
  const points: SavePoint[] = reset ? [] : s.settings.save.slice();
  for (let j = 0; j < list.length; j += 2) points.push({ seconds: Number(list[j]), changes: Number(list[j + 1]) });
  return { value: points };
}

function saveRewrite(s: Server, d: ConfigDef): RewriteEntry {
  const pts = s.settings.save;
  const lines = pts.length === 0 ? ['save ""'] : pts.map((p) => `save ${p.seconds} ${p.changes}`);
  return { name: d.name, lines, force: true };
}

function parseBind(args: string[], _s: Server): { value: string[] } | string {
  const list = args.length === 1 && args[0] === '' ? [] : args;
  if (list.length > 16) return 'Too many bind addresses specified.';
  return { value: list.slice() };
}

const BUFFER_CLASSES: Record<string, 'normal' | 'replica' | 'pubsub'> = { normal: 'normal', slave: 'replica', replica: 'replica', pubsub: 'pubsub' };
/** [class, name in CONFIG GET]; CONFIG REWRITE writes the class name itself ("replica"). */
const CLASS_NAMES = [['normal', 'normal'], ['replica', 'slave'], ['pubsub', 'pubsub']] as const;
const OBL_DEFAULTS = { normal: [0, 0, 0], replica: [268435456, 67108864, 60], pubsub: [33554432, 8388608, 60] };

function parseOutputLimits(args: string[], s: Server): { value: null } | string {
  if (args.length % 4 !== 0) return 'Wrong number of arguments in buffer limit configuration.';
  const parsed: [string, number, number, number][] = [];
  for (let j = 0; j < args.length; j += 4) {
    const cls = BUFFER_CLASSES[args[j].toLowerCase()];
    if (cls === undefined) return 'Invalid client class specified in buffer limit configuration.';
    const hard = memToU64(args[j + 1]);
    const soft = memToU64(args[j + 2]);
    const secs = /^[ \t\n\v\f\r]*[+-]?[0-9]+$/.test(args[j + 3]) ? Number(args[j + 3]) : -1;
    if (hard === null || soft === null || secs < 0) return 'Error in hard, soft or soft_seconds setting in buffer limit configuration.';
    parsed.push([cls, Number(hard), Number(soft), secs]);
  }
  for (const [cls, hard, soft, secs] of parsed) s.outputLimits[cls as 'normal'] = { hardBytes: hard, softBytes: soft, softSeconds: secs };
  return { value: null };
}

function formatOutputLimits(_v: unknown, s: Server): string {
  return CLASS_NAMES.map(([k, n]) => {
    const l = s.outputLimits[k];
    return `${n} ${l.hardBytes} ${l.softBytes} ${l.softSeconds}`;
  }).join(' ');
}

function outputLimitsRewrite(s: Server, d: ConfigDef): RewriteEntry {
  const lines: string[] = [];
  const force: boolean[] = [];
  for (const [k] of CLASS_NAMES) {
    const l = s.outputLimits[k];
    const dflt = OBL_DEFAULTS[k];
    lines.push(`${d.name} ${k} ${formatMemory(l.hardBytes)} ${formatMemory(l.softBytes)} ${l.softSeconds}`);
    force.push(l.hardBytes !== dflt[0] || l.softBytes !== dflt[1] || l.softSeconds !== dflt[2]);
  }
  return { name: d.name, lines, force };
}

const NOTIFY_ALL = 'g$lshzxetd';

/** notify-keyspace-events flags -> the canonical text CONFIG GET shows ("KEA" -> "AKE"). */
export function parseNotifyEvents(v: string): string | null {
  const set = new Set<string>();
  for (const ch of v) {
    if (ch === 'A') for (const c of NOTIFY_ALL) set.add(c);
    else if ('g$lshzxeKEtmdn'.includes(ch)) set.add(ch);
    else return null;
  }
  let out = '';
  if ([...NOTIFY_ALL].every((c) => set.has(c))) out = 'A';
  else for (const c of NOTIFY_ALL + 'n') if (set.has(c)) out += c;
  if (set.has('K')) out += 'K';
  if (set.has('E')) out += 'E';
  if (set.has('m')) out += 'm';
  return out;
}

function parseNotify(args: string[]): { value: string } | string {
  const v = parseNotifyEvents(args[0]);
  return v === null ? "Invalid event class character. Use 'Ag$lshzxeKEtmdn'." : { value: v };
}

function formatPercentile(p: number): string {
  return p.toFixed(6).replace(/\.?0+$/, '');
}

function parsePercentiles(args: string[]): { value: number[] } | string {
  const list = args.length === 1 && args[0] === '' ? [] : args;
  const out: number[] = [];
  for (const a of list) {
    if (!/^[ \t\n\v\f\r]*[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?$/.test(a)) return 'Invalid latency-tracking-info-percentiles parameters';
    const v = Number(a);
    if (v < 0 || v > 100) return 'latency-tracking-info-percentiles parameters should sit between [0.0,100.0]';
    out.push(v);
  }
  return { value: out };
}

function parseReplicaof(args: string[]): { value: Settings['replicaof'] } | string {
  if (args.length !== 2) return 'wrong number of arguments';
  if (args[0].toLowerCase() === 'no' && args[1].toLowerCase() === 'one') return { value: null };
  const port = /^[ \t\n\v\f\r]*[+-]?[0-9]+$/.test(args[1]) ? Number(args[1]) : NaN;
  if (!(port >= 0 && port <= 65535)) return 'Invalid master port';
  return { value: { host: args[0], port } };
}

function replicaofRewrite(s: Server, d: ConfigDef): RewriteEntry {
  const r = s.settings.replicaof;
  return { name: d.name, lines: r ? [`replicaof ${r.host} ${r.port}`] : [], force: true };
}

function parseOomValues(args: string[]): { value: string } | string {
  if (args.length !== 3) return 'wrong number of arguments';
  for (const a of args) {
    const v = parseStrictInt(a);
    if (v === null || v < -2000n || v > 2000n) return 'Invalid oom-score-adj-values, elements must be between -2000 and 2000.';
  }
  return { value: args.map((a) => String(Number(a))).join(' ') };
}

function parseMemOrPercent(args: string[]): { value: string } | string {
  const a = args[0];
  if (a.endsWith('%')) {
    const p = parseStrictInt(a.slice(0, -1));
    if (p === null || p < 0n) return 'argument must be a memory or percent value';
    if (p > 100n) return 'percentage argument must be less or equal to 100';
    return { value: p === 0n ? '0' : `${p}%` };
  }
  const v = memToU64(a);
  if (v === null) return 'argument must be a memory or percent value';
  return { value: v > I64_MAX ? `${U64 - v}%` : String(v) };
}

function memOrPercentRewrite(s: Server, d: ConfigDef): RewriteEntry {
  const v = d.get(s);
  return plainRewrite(d, s, v.endsWith('%') ? v : formatMemory(BigInt(v)), v);
}

function parseOctal(args: string[]): { value: number } | string {
  const a = args[0];
  if (!/^[0-7]+$/.test(a) || parseInt(a, 8) > 0o777) return "argument couldn't be parsed as an octal number";
  return { value: parseInt(a, 8) };
}

function parseDir(args: string[]): { value: string } | string {
  try {
    process.chdir(args[0]);
  } catch (e) {
    return strerror(e);
  }
  return { value: process.cwd() };
}

function dirRewrite(s: Server, d: ConfigDef): RewriteEntry {
  return { name: d.name, lines: [`dir ${reprString(process.cwd())}`], force: true };
}

function percentilesRewrite(s: Server, d: ConfigDef): RewriteEntry {
  // Redis 7.0 always writes this line (its default comparison never matches).
  return { name: d.name, lines: [`${d.name} ${d.get(s)}`.trimEnd()], force: true };
}

function notifyRewrite(s: Server, d: ConfigDef): RewriteEntry {
  return plainRewrite(d, s, reprString(d.get(s)), d.get(s));
}

function plainName(check: string, what: 'filename' | 'dirname'): (v: string) => string | null {
  return (v) => (v.includes('/') ? `${check} can't be a path, just a ${what}` : null);
}

// ---- apply hooks owned here ----

const applyHz: ApplyHook = (s) => {
  s.cron.setHz(s.settings.hz);
};
const applyLoglevel: ApplyHook = (s) => {
  s.log.level = s.settings.loglevel;
};
const applyParserLimits: ApplyHook = (s) => {
  for (const c of s.clients.values()) {
    c.parser.limits.maxBulkLen = s.settings.protoMaxBulkLen;
    c.parser.limits.maxQueryBufferBytes = s.settings.clientQueryBufferLimit;
  }
};
const applySlowlogLen: ApplyHook = (s) => {
  while (s.slowlog.length > s.settings.slowlogMaxLen) s.slowlog.pop();
};

function clampHz(args: string[]): { value: number } | string {
  const v = parseStrictInt(args[0]);
  if (v === null) return "argument couldn't be parsed into an integer";
  const err = checkRange(v, 0n, 2147483647n);
  if (err !== null) return err;
  return { value: Math.min(500, Math.max(1, Number(v))) };
}

// ---- the table ----

const L = I64_MAX;
const INT_MAX = 2147483647;
const INT_MIN = -2147483648;
const UL = U64 - 1n;

function buildTable(): ConfigDef[] {
  return [
    ...serverDirectives(),
    ...persistenceDirectives(),
    ...replicationDirectives(),
    ...encodingDirectives(),
    ...memoryDirectives(),
    ...clusterDirectives(),
    ...tlsDirectives(),
    ...miscDirectives(),
  ];
}

function serverDirectives(): ConfigDef[] {
  return [
    int('port', 6379, 0, 65535, { field: 'port' }),
    special('bind', '* -::*', parseBind, (v) => (v as string[]).join(' '), { field: 'bind', multi: true }),
    bool('protected-mode', 'yes', { field: 'protectedMode' }),
    str('requirepass', '', { field: 'requirepass' }),
    int('databases', 16, 1, INT_MAX, { field: 'databases', imm: true }),
    bool('daemonize', 'no', { field: 'daemonize', imm: true }),
    str('pidfile', '', { field: 'pidfile', imm: true }),
    str('logfile', '', { field: 'logfile', imm: true }),
    enm('loglevel', 'notice', ['debug', 'verbose', 'notice', 'warning'], { field: 'loglevel', apply: applyLoglevel }),
    special('dir', process.cwd(), parseDir, (v) => String(v), { field: 'dir', prot: true, rewrite: dirRewrite }),
    int('timeout', 0, 0, INT_MAX, { field: 'timeout' }),
    int('tcp-keepalive', 300, 0, INT_MAX, { field: 'tcpKeepalive' }),
    int('tcp-backlog', 511, 0, INT_MAX, { field: 'tcpBacklog', imm: true }),
    int('maxclients', 10000, 1, 4294967295, { field: 'maxclients' }),
    special('hz', '10', clampHz, (v) => String(v), { field: 'hz', apply: applyHz }),
    mem('proto-max-bulk-len', 536870912, 1048576, L, { field: 'protoMaxBulkLen', apply: applyParserLimits }),
    mem('client-query-buffer-limit', 1073741824, 1048576, L, { field: 'clientQueryBufferLimit', apply: applyParserLimits }),
    special('client-output-buffer-limit', 'normal 0 0 0 slave 268435456 67108864 60 pubsub 33554432 8388608 60',
      parseOutputLimits, formatOutputLimits, { multi: true, honoured: true, rewrite: outputLimitsRewrite }),
    int('slowlog-log-slower-than', 10000, -1, L, { field: 'slowlogLogSlowerThan' }),
    int('slowlog-max-len', 128, 0, L, { field: 'slowlogMaxLen', apply: applySlowlogLen }),
    special('notify-keyspace-events', '', parseNotify, (v) => String(v), { field: 'notifyKeyspaceEvents', rewrite: notifyRewrite }),
    special('latency-tracking-info-percentiles', '50 99 99.9', parsePercentiles,
      (v) => (v as number[]).map(formatPercentile).join(' '), { field: 'latencyTrackingInfoPercentiles', multi: true, rewrite: percentilesRewrite }),
    str('unixsocket', '', { imm: true }),
    special('unixsocketperm', '0', parseOctal, (v) => (v as number).toString(8), { imm: true }),
    enm('supervised', 'no', ['upstart', 'systemd', 'auto', 'no'], { imm: true }),
    bool('syslog-enabled', 'no', { imm: true }),
    str('syslog-ident', 'redis', { imm: true }),
    enm('syslog-facility', 'local0', ['user', 'local0', 'local1', 'local2', 'local3', 'local4', 'local5', 'local6', 'local7'], { imm: true }),
    bool('always-show-logo', 'no', { imm: true }),
    bool('set-proc-title', 'yes', { imm: true }),
    str('proc-title-template', '{title} {listen-addr} {server-mode}'),
    bool('crash-log-enabled', 'yes'),
    bool('crash-memcheck-enabled', 'yes'),
    enm('shutdown-on-sigint', 'default', ['default', 'save', 'nosave', 'now', 'force']),
    enm('shutdown-on-sigterm', 'default', ['default', 'save', 'nosave', 'now', 'force']),
    int('shutdown-timeout', 10, 0, INT_MAX),
    bool('dynamic-hz', 'yes'),
    int('io-threads', 1, 1, 128, { imm: true }),
    bool('io-threads-do-reads', 'no', { imm: true }),
    int('socket-mark-id', 0, 0, 4294967295, { imm: true }),
    str('bind-source-addr', ''),
    str('ignore-warnings', ''),
    bool('disable-thp', 'yes', { imm: true }),
    bool('jemalloc-bg-thread', 'yes'),
    enm('oom-score-adj', 'no', ['no', 'yes', 'relative', 'absolute']),
    special('oom-score-adj-values', '0 200 800', parseOomValues, (v) => String(v), { multi: true }),
    str('server_cpulist', '', { imm: true }),
    str('bio_cpulist', '', { imm: true }),
    str('aof_rewrite_cpulist', '', { imm: true }),
    str('bgsave_cpulist', '', { imm: true }),
  ];
}

function persistenceDirectives(): ConfigDef[] {
  return [
    special('save', '3600 1 300 100 60 10000', parseSave,
      (v) => (v as SavePoint[]).map((p) => `${p.seconds} ${p.changes}`).join(' '), { field: 'save', multi: true, rewrite: saveRewrite }),
    str('dbfilename', 'dump.rdb', { field: 'dbfilename', prot: true, check: plainName('dbfilename', 'filename') }),
    bool('rdbcompression', 'yes', { field: 'rdbcompression' }),
    bool('rdbchecksum', 'yes', { field: 'rdbchecksum', imm: true }),
    bool('stop-writes-on-bgsave-error', 'yes', { field: 'stopWritesOnBgsaveError' }),
    bool('rdb-del-sync-files', 'no'),
    // Redis's testing knob: microseconds of pause per key written by a background save (RDB, AOF rewrite,
    // full sync). Redoubt pauses the sliced walk instead of sleeping, so the server keeps serving.
    int('rdb-key-save-delay', 0, INT_MIN, INT_MAX, { field: 'rdbKeySaveDelay', hidden: true }),
    bool('rdb-save-incremental-fsync', 'yes'),
    enm('sanitize-dump-payload', 'no', ['no', 'yes', 'clients']),
    bool('appendonly', 'no', { field: 'appendonly' }),
    str('appendfilename', 'appendonly.aof', { field: 'appendfilename', imm: true, check: plainName('appendfilename', 'filename') }),
    str('appenddirname', 'appendonlydir', { field: 'appenddirname', imm: true, check: plainName('appenddirname', 'dirname') }),
    enm('appendfsync', 'everysec', ['everysec', 'always', 'no'], { field: 'appendfsync' }),
    bool('no-appendfsync-on-rewrite', 'no'),
    int('auto-aof-rewrite-percentage', 100, 0, INT_MAX, { field: 'autoAofRewritePercentage' }),
    mem('auto-aof-rewrite-min-size', 67108864, 0, L, { field: 'autoAofRewriteMinSize' }),
    bool('aof-load-truncated', 'yes', { field: 'aofLoadTruncated' }),
    bool('aof-use-rdb-preamble', 'yes', { field: 'aofUseRdbPreamble' }),
    bool('aof-rewrite-incremental-fsync', 'yes'),
    bool('aof-timestamp-enabled', 'no'),
    bool('aof-disable-auto-gc', 'no'),
  ];
}

function replicationDirectives(): ConfigDef[] {
  return [
    special('replicaof', '', parseReplicaof, (v) => (v ? `${(v as { host: string }).host} ${(v as { port: number }).port}` : ''),
      { field: 'replicaof', aliases: ['slaveof'], imm: true, multi: true, rewrite: replicaofRewrite }),
    str('masterauth', '', { field: 'masterauth' }),
    str('masteruser', '', { field: 'masteruser' }),
    bool('replica-read-only', 'yes', { field: 'replicaReadOnly', aliases: ['slave-read-only'] }),
    bool('replica-serve-stale-data', 'yes', { field: 'replicaServeStaleData', aliases: ['slave-serve-stale-data'] }),
    int('replica-priority', 100, 0, INT_MAX, { field: 'replicaPriority', aliases: ['slave-priority'] }),
    bool('replica-announced', 'yes', { field: 'replicaAnnounced' }),
    str('replica-announce-ip', '', { field: 'replicaAnnounceIp', aliases: ['slave-announce-ip'] }),
    int('replica-announce-port', 0, 0, 65535, { field: 'replicaAnnouncePort', aliases: ['slave-announce-port'] }),
    bool('replica-lazy-flush', 'no', { aliases: ['slave-lazy-flush'] }),
    bool('replica-ignore-maxmemory', 'yes', { aliases: ['slave-ignore-maxmemory'] }),
    bool('replica-ignore-disk-write-errors', 'no'),
    mem('repl-backlog-size', 1048576, 1, L, { field: 'replBacklogSize' }),
    int('repl-backlog-ttl', 3600, 0, L, { field: 'replBacklogTtl' }),
    int('repl-timeout', 60, 1, INT_MAX, { field: 'replTimeout' }),
    int('repl-ping-replica-period', 10, 1, INT_MAX, { field: 'replPingReplicaPeriod', aliases: ['repl-ping-slave-period'] }),
    bool('repl-diskless-sync', 'yes', { field: 'replDisklessSync' }),
    int('repl-diskless-sync-delay', 5, 0, INT_MAX, { field: 'replDisklessSyncDelay' }),
    int('repl-diskless-sync-max-replicas', 0, 0, INT_MAX, { field: 'replDisklessSyncMaxReplicas' }),
    enm('repl-diskless-load', 'disabled', ['disabled', 'on-empty-db', 'swapdb'], { field: 'replDisklessLoad' }),
    bool('repl-disable-tcp-nodelay', 'no'),
    int('min-replicas-to-write', 0, 0, INT_MAX, { field: 'minReplicasToWrite', aliases: ['min-slaves-to-write'] }),
    int('min-replicas-max-lag', 10, 0, INT_MAX, { field: 'minReplicasMaxLag', aliases: ['min-slaves-max-lag'] }),
    enm('propagation-error-behavior', 'ignore', ['ignore', 'panic', 'panic-on-replicas']),
  ];
}

function encodingDirectives(): ConfigDef[] {
  return [
    int('hash-max-listpack-entries', 512, 0, L, { field: 'hashMaxListpackEntries', aliases: ['hash-max-ziplist-entries'] }),
    mem('hash-max-listpack-value', 64, 0, L, { field: 'hashMaxListpackValue', aliases: ['hash-max-ziplist-value'] }),
    int('set-max-intset-entries', 512, 0, L, { field: 'setMaxIntsetEntries' }),
    int('zset-max-listpack-entries', 128, 0, L, { field: 'zsetMaxListpackEntries', aliases: ['zset-max-ziplist-entries'] }),
    mem('zset-max-listpack-value', 64, 0, L, { field: 'zsetMaxListpackValue', aliases: ['zset-max-ziplist-value'] }),
    int('list-max-listpack-size', -2, -2147483648, INT_MAX, { field: 'listMaxListpackSize', aliases: ['list-max-ziplist-size'] }),
    int('list-compress-depth', 0, 0, INT_MAX, { field: 'listCompressDepth' }),
    mem('hll-sparse-max-bytes', 3000, 0, L),
    mem('stream-node-max-bytes', 4096, 0, L),
    int('stream-node-max-entries', 100, 0, L),
    bool('activerehashing', 'yes'),
  ];
}

function memoryDirectives(): ConfigDef[] {
  return [
    mem('maxmemory', 0, 0, UL, { field: 'maxmemory' }),
    enm('maxmemory-policy', 'noeviction', ['volatile-lru', 'volatile-lfu', 'volatile-random', 'volatile-ttl', 'allkeys-lru', 'allkeys-lfu', 'allkeys-random', 'noeviction'], { field: 'maxmemoryPolicy' }),
    int('maxmemory-samples', 5, 1, INT_MAX),
    int('maxmemory-eviction-tenacity', 10, 0, 100),
    special('maxmemory-clients', '0', parseMemOrPercent, (v) => String(v), { rewrite: memOrPercentRewrite }),
    int('lfu-log-factor', 10, 0, INT_MAX),
    int('lfu-decay-time', 1, 0, INT_MAX),
    bool('lazyfree-lazy-eviction', 'no'),
    bool('lazyfree-lazy-expire', 'no'),
    bool('lazyfree-lazy-server-del', 'no'),
    bool('lazyfree-lazy-user-del', 'no'),
    bool('lazyfree-lazy-user-flush', 'no'),
    bool('activedefrag', 'no'),
    mem('active-defrag-ignore-bytes', 104857600, 1, L),
    int('active-defrag-threshold-lower', 10, 0, 1000),
    int('active-defrag-threshold-upper', 100, 0, 1000),
    int('active-defrag-cycle-min', 1, 1, 99),
    int('active-defrag-cycle-max', 25, 1, 99),
    int('active-defrag-max-scan-fields', 1000, 1, L),
    int('active-expire-effort', 1, 1, 10),
  ];
}

function clusterDirectives(): ConfigDef[] {
  return [
    bool('cluster-enabled', 'no', { field: 'clusterEnabled', imm: true }),
    str('cluster-config-file', 'nodes.conf', { field: 'clusterConfigFile', imm: true }),
    int('cluster-node-timeout', 15000, 0, L, { field: 'clusterNodeTimeout' }),
    int('cluster-port', 0, 0, 65535, { imm: true }),
    str('cluster-announce-ip', ''),
    str('cluster-announce-hostname', ''),
    int('cluster-announce-port', 0, 0, 65535),
    int('cluster-announce-bus-port', 0, 0, 65535),
    int('cluster-announce-tls-port', 0, 0, 65535),
    int('cluster-replica-validity-factor', 10, 0, INT_MAX, { aliases: ['cluster-slave-validity-factor'] }),
    int('cluster-migration-barrier', 1, 0, INT_MAX),
    bool('cluster-allow-replica-migration', 'yes'),
    bool('cluster-require-full-coverage', 'yes'),
    bool('cluster-replica-no-failover', 'no', { aliases: ['cluster-slave-no-failover'] }),
    bool('cluster-allow-reads-when-down', 'no'),
    bool('cluster-allow-pubsubshard-when-down', 'yes'),
    enm('cluster-preferred-endpoint-type', 'ip', ['ip', 'hostname', 'unknown-endpoint']),
    mem('cluster-link-sendbuf-limit', 0, 0, UL),
  ];
}

function tlsDirectives(): ConfigDef[] {
  const files = ['tls-cert-file', 'tls-key-file', 'tls-key-file-pass', 'tls-client-cert-file', 'tls-client-key-file',
    'tls-client-key-file-pass', 'tls-dh-params-file', 'tls-ca-cert-file', 'tls-ca-cert-dir', 'tls-protocols', 'tls-ciphers', 'tls-ciphersuites'];
  return [
    int('tls-port', 0, 0, 65535),
    ...files.map((f) => str(f, '')),
    enm('tls-auth-clients', 'yes', ['no', 'yes', 'optional']),
    bool('tls-replication', 'no'),
    bool('tls-cluster', 'no'),
    bool('tls-prefer-server-ciphers', 'no'),
    bool('tls-session-caching', 'yes'),
    int('tls-session-cache-size', 20480, 0, INT_MAX),
    int('tls-session-cache-timeout', 300, 0, INT_MAX),
  ];
}

function miscDirectives(): ConfigDef[] {
  return [
    str('aclfile', '', { imm: true }),
    int('acllog-max-len', 128, 0, L),
    enm('acl-pubsub-default', 'resetchannels', ['allchannels', 'resetchannels']),
    int('busy-reply-threshold', 5000, 0, L, { aliases: ['lua-time-limit'] }),
    int('latency-monitor-threshold', 0, 0, L),
    bool('latency-tracking', 'yes'),
    int('tracking-table-max-keys', 1000000, 0, L),
    enm('enable-protected-configs', 'no', ['no', 'yes', 'local'], { imm: true }),
    enm('enable-debug-command', 'no', ['no', 'yes', 'local'], { imm: true }),
    enm('enable-module-command', 'no', ['no', 'yes', 'local'], { imm: true }),
  ];
}

/** Directives Redis 7.0 still accepts in a file but ignores (not reported by CONFIG GET). */
const DEPRECATED = new Set(['list-max-ziplist-entries', 'list-max-ziplist-value', 'lua-replicate-commands']);

// ---- loading a configuration ----

export interface LoadOptions {
  /** Sentinel mode: `sentinel ...` lines go here instead of being refused. */
  sentinel?: (d: ConfDirective) => void;
  /** Directives handled by the caller (sentinel.conf's own), tried first; return true if consumed. */
  extra?: (d: ConfDirective) => boolean;
}

/**
 * Applies a whole config text (file + stdin + command line) to the server's settings, in order. Throws
 * ConfigFileError (the FATAL block) at the first bad directive, ConfigOpenError for an unreadable include.
 */
export function loadConfigText(server: Server, text: string, opts: LoadOptions = {}): void {
  const st = configState(server);
  st.loading = true;
  try {
    for (const d of directives(text)) applyDirective(server, st, d, opts);
  } finally {
    st.loading = false;
  }
}

function fail(d: ConfDirective, reason: string): never {
  throw new ConfigFileError(d.lineNo, d.line, reason);
}

function applyDirective(server: Server, st: ConfigState, d: ConfDirective, opts: LoadOptions): void {
  const [name, ...args] = d.argv;
  if (opts.extra && opts.extra(d)) return;
  if (name === 'sentinel') {
    if (!opts.sentinel) fail(d, 'sentinel directive while not in sentinel mode');
    if (args.length > 0) opts.sentinel(d);
    return;
  }
  if (name === 'rename-command') {
    if (args.length !== 2) fail(d, 'Bad directive or wrong number of arguments');
    st.renames.push({ from: args[0], to: args[1], at: d });
    return;
  }
  if (name === 'user' || name === 'loadmodule') {
    if (args.length < 1) fail(d, 'Bad directive or wrong number of arguments');
    if (name === 'loadmodule' || !isDefaultUserLine(server, d.argv)) st.ignored.add(name);
    return;
  }
  if (DEPRECATED.has(name)) return;
  const def = st.byName.get(name);
  if (def === undefined) fail(d, 'Bad directive or wrong number of arguments');
  if (!def.multiArg && args.length !== 1) fail(d, 'wrong number of arguments');
  const err = def.set(server, args);
  if (err !== null) fail(d, err);
  if (!def.honoured && def.get(server) !== def.defaultValue) st.ignored.add(def.name);
  else if (def.honoured) st.ignored.delete(def.name);
}

/** The ACL line CONFIG REWRITE writes for the default user (`user default on nopass ~* &* +@all`). */
export function defaultUserLine(server: Server): string {
  const pass = server.settings.requirepass;
  const cred = pass === '' ? 'nopass' : '#' + createHash('sha256').update(Buffer.from(pass, 'latin1')).digest('hex');
  return `user default on ${cred} ~* &* +@all`;
}

function isDefaultUserLine(server: Server, argv: string[]): boolean {
  if (argv[1] !== 'default') return false;
  const rules = argv.slice(2);
  return rules[0] === 'on' && rules.slice(2).join(' ') === '~* &* +@all';
}

/** The CONFIG REWRITE entries for every directive, then those other modules contribute. */
export function rewriteEntries(server: Server): RewriteEntry[] {
  const st = configState(server);
  const out: RewriteEntry[] = [];
  for (const d of st.defs) out.push(d.rewrite(server));
  const extras = st.rewriteExtras.flatMap((fn) => fn(server));
  if (!extras.some((e) => e.name === 'user')) out.push({ name: 'user', lines: [defaultUserLine(server)], force: true });
  return out.concat(extras);
}

/** The key CONFIG REWRITE matches a file line on: the canonical directive name. */
export function rewriteKeyOf(server: Server, argv: string[]): string | null {
  const n = argv[0].toLowerCase();
  const d = configState(server).byName.get(n);
  return d ? d.name : n;
}
