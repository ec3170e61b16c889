/**
 * Blocking operations (BLPOP & co, BZPOPMIN/BZMPOP, later XREAD BLOCK and WAIT): one facility for every
 * command that parks a client until a key changes, a deadline passes or CLIENT UNBLOCK arrives.
 *
 * Why it looks like this: Redis serves a blocked client right after the command that made its key ready,
 * and not in the middle of a MULTI/EXEC or a script. So readiness is only *recorded* while commands run
 * (every write calls db.signalModified, which reaches us through hooks.onModified), and clients are
 * *served* from hooks.afterCall, which the server runs after the outermost call() returns. Per key, clients
 * wait in arrival order (FIFO); a client waiting on several keys leaves every queue once served.
 * While blocked, client.blocked is true: the client's pipelined input stays in its query buffer and is
 * resumed on the next event-loop turn after unblocking (like Redis's unblocked-clients queue).
 *
 * API (for command modules):
 *   parseTimeoutOrReply(c, arg, unit)  -> absolute deadline in ms (0 = forever) or null after an error reply
 *   mayBlock(c)                        -> false inside MULTI/EXEC and for socketless clients: answer as on
 *                                         timeout instead of blocking
 *   blockClient(c, keys, deadlineMs, handler, data)
 *                                      -> parks c on `keys` of c.db (keys may be empty: WAIT-style waits)
 *   unblockClient(c)                   -> releases c without a reply (the caller has answered)
 *   signalKeyAsReady(db, key)          -> for changes that bypass signalModified
 *   blockedState(c)                    -> the BlockedState of a blocked client, or null
 * A BlockHandler says how to serve a client when one of its keys may be ready (reply, mutate, propagate,
 * return true; or return false to keep waiting) and what to answer on timeout. Served operations must
 * propagate themselves (server.propagate) and bump server.dirty, since no call() is running.
 * CLIENT UNBLOCK <id> [TIMEOUT|ERROR] is implemented here and registered by installBlocking().
 */
import type { Server } from './server.js';
import type { Client } from './client.js';
import type { Database } from '../keyspace/database.js';
import { E } from './errors.js';
import { cmd } from '../commands/spec.js';
import { isKeyword, parseLong } from '../commands/util.js';

export interface BlockHandler {
  /** One of the client's keys may be ready: serve (reply, mutate, propagate) and return true, or false. */
  serve(c: Client, db: Database, key: string, st: BlockedState): boolean;
  /** Deadline reached or CLIENT UNBLOCK TIMEOUT: write the timeout reply. */
  timeout(c: Client, st: BlockedState): void;
}

export interface BlockedState {
  handler: BlockHandler;
  db: Database;
  keys: string[];
  /** Absolute ms since epoch; 0 = no deadline. */
  deadlineMs: number;
  /** Handler data (the command's direction, count, destination ...). */
  data: unknown;
  timer: NodeJS.Timeout | null;
}

const UNBLOCKED_ERROR = 'UNBLOCKED client unblocked via CLIENT UNBLOCK';
/** Node timers cannot wait longer than this; longer waits re-arm. */
const MAX_TIMER_MS = 2147483647;

class BlockingState {
  /** Per database: key -> clients waiting on it, in arrival order. */
  readonly waiting = new Map<Database, Map<string, Client[]>>();
  /** Keys modified since the last serving pass, "dbid\0key" -> [db, key]. */
  readonly ready = new Map<string, [Database, string]>();
  /** Clients unblocked whose pipelined input must be resumed on the next turn. */
  resume: Client[] = [];
  serving = false;
  blockedCount = 0;
  withTimeout = 0;
  constructor(readonly server: Server) {}
}

function stateOf(server: Server): BlockingState {
  return server.modules.get('blocking') as BlockingState;
}

/** Installs the facility once (hooks + CLIENT UNBLOCK); safe to call from every module that blocks. */
export function installBlocking(server: Server): void {
  if (server.modules.has('blocking')) return;
  const b = new BlockingState(server);
  server.modules.set('blocking', b);
  const prevModified = server.hooks.onModified;
  server.hooks.onModified = (db, key) => {
    prevModified(db, key);
    if (b.waiting.size !== 0) markReady(b, db, key);
  };
  const prevAfter = server.hooks.afterCall;
  server.hooks.afterCall = () => {
    if (prevAfter !== null) prevAfter();
    if (b.ready.size !== 0) serveReadyKeys(b);
  };
  // SWAPDB: keys that now exist are served after the command (afterCall), so SWAPDB propagates first.
  server.hooks.onSwap.push((x, y) => {
    scanDatabaseForReadyKeys(b, x);
    scanDatabaseForReadyKeys(b, y);
  });
  server.hooks.onClientClose.push((c) => {
    if (c.blocked && c.ext.blocking !== undefined) release(b, c);
  });
  server.commands.addSubcommands('client', [
    cmd('unblock', -3, 'admin noscript loading stale', [0, 0, 0], 'connection', clientUnblock, { categories: ['connection'], since: '5.0.0' }),
  ]);
}

function markReady(b: BlockingState, db: Database, key: string): void {
  const m = b.waiting.get(db);
  if (m === undefined || !m.has(key)) return;
  b.ready.set(db.id + '\0' + key, [db, key]);
}

/** A key became ready without a signalModified (e.g. loading); served after the current command. */
export function signalKeyAsReady(db: Database, key: string): void {
  const b = (db.host as Server).modules?.get('blocking') as BlockingState | undefined;
  if (b !== undefined) markReady(b, db, key);
}

function scanDatabaseForReadyKeys(b: BlockingState, db: Database): void {
  const m = b.waiting.get(db);
  if (m === undefined) return;
  for (const key of m.keys()) if (db.dict.has(key)) b.ready.set(db.id + '\0' + key, [db, key]);
}

/** Serves clients waiting on ready keys until no key is ready (serving may make more keys ready). */
function serveReadyKeys(b: BlockingState): void {
  if (b.serving) return;
  b.serving = true;
  try {
    while (b.ready.size !== 0) {
      const batch = [...b.ready.values()];
      b.ready.clear();
      for (const [db, key] of batch) serveKey(b, db, key);
    }
  } finally {
    b.serving = false;
  }
}

function serveKey(b: BlockingState, db: Database, key: string): void {
  const queue = b.waiting.get(db)?.get(key);
  if (queue === undefined) return;
  for (const c of queue.slice()) {
    const st = c.ext.blocking as BlockedState | undefined;
    if (!c.blocked || st === undefined || c.closed) continue;
    if (!db.dict.has(key)) return;
    if (st.handler.serve(c, db, key, st)) {
      release(b, c);
      c.markPending();
    }
  }
}

/** True when the client may block now; otherwise blocking commands answer as if they had timed out. */
export function mayBlock(c: Client): boolean {
  return c.multi === null && c.socket !== null;
}

/**
 * Parses a blocking timeout as Redis does: seconds as a long double (decimals allowed) or integer ms.
 * Returns the absolute deadline (0 = forever), or null after replying with the error.
 */
export function parseTimeoutOrReply(c: Client, arg: string, unit: 'seconds' | 'ms'): number | null {
  let ms: number;
  if (unit === 'seconds') {
    const secs = parseTimeoutSeconds(arg);
    if (secs === null) {
      c.addError(E.TIMEOUT_NOT_FLOAT);
      return null;
    }
    ms = Math.trunc(secs * 1000);
    // A C cast of an out-of-range long double to long long yields LLONG_MIN: "negative".
    if (!(ms < 9223372036854775807)) ms = -1;
  } else {
    const v = parseLong(arg);
    if (v === null) {
      c.addError('ERR timeout is not an integer or out of range');
      return null;
    }
    ms = v;
  }
  if (ms < 0) {
    c.addError(E.TIMEOUT_NEGATIVE);
    return null;
  }
  return ms > 0 ? ms + c.server.nowMs() : 0;
}

const DEC = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const HEX = /^[+-]?0[xX]([0-9a-fA-F]+\.?[0-9a-fA-F]*|\.[0-9a-fA-F]+)([pP][+-]?\d+)?$/;

/** strtold acceptance: decimal, hex floats, inf/infinity; no spaces, no nan. */
function parseTimeoutSeconds(s: string): number | null {
  if (s.length === 0 || s.length > 5000) return null;
  if (DEC.test(s)) return Number(s);
  const body = s[0] === '+' || s[0] === '-' ? s.slice(1).toLowerCase() : s.toLowerCase();
  if (body === 'inf' || body === 'infinity') return s[0] === '-' ? -Infinity : Infinity;
  if (HEX.test(s)) {
    const neg = s[0] === '-';
    const m = /^0x([0-9a-f]*)\.?([0-9a-f]*)(?:p([+-]?\d+))?$/.exec(body);
    if (m === null) return null;
    let v = m[1] ? parseInt(m[1], 16) : 0;
    for (let i = 0; i < m[2].length; i++) v += parseInt(m[2][i], 16) / 16 ** (i + 1);
    v *= 2 ** (m[3] ? Number(m[3]) : 0);
    return neg ? -v : v;
  }
  return null;
}

/** Parks `c` on `keys` of c.db until a handler serves it, the deadline passes or CLIENT UNBLOCK. */
export function blockClient(c: Client, keys: readonly string[], deadlineMs: number, handler: BlockHandler, data: unknown): void {
  const b = stateOf(c.server);
  const db = c.db;
  const st: BlockedState = { handler, db, keys: [], deadlineMs, data, timer: null };
  let m = b.waiting.get(db);
  if (m === undefined && keys.length > 0) b.waiting.set(db, (m = new Map()));
  for (const key of keys) {
    if (st.keys.includes(key)) continue;
    st.keys.push(key);
    const q = (m as Map<string, Client[]>).get(key);
    if (q === undefined) (m as Map<string, Client[]>).set(key, [c]);
    else q.push(c);
  }
  c.ext.blocking = st;
  c.blocked = true;
  b.blockedCount++;
  if (deadlineMs > 0) {
    b.withTimeout++;
    armTimer(b, c, st);
  }
}

function armTimer(b: BlockingState, c: Client, st: BlockedState): void {
  const delay = Math.max(0, st.deadlineMs - c.server.clock.nowMs());
  st.timer = setTimeout(() => {
    st.timer = null;
    if (c.ext.blocking !== st) return;
    if (delay > MAX_TIMER_MS) return armTimer(b, c, st);
    c.server.updateCachedTime();
    timeoutClient(c);
  }, Math.min(delay, MAX_TIMER_MS));
}

function timeoutClient(c: Client): void {
  const st = c.ext.blocking as BlockedState;
  st.handler.timeout(c, st);
  unblockClient(c);
}

/** Releases a blocked client (its reply already written): leaves every queue, resumes its input soon. */
export function unblockClient(c: Client): void {
  const b = stateOf(c.server);
  if (c.ext.blocking === undefined) return;
  release(b, c);
  c.markPending();
  c.server.scheduleFlush();
}

function release(b: BlockingState, c: Client): void {
  const st = c.ext.blocking as BlockedState;
  c.ext.blocking = undefined;
  c.blocked = false;
  b.blockedCount--;
  if (st.deadlineMs > 0) b.withTimeout--;
  if (st.timer !== null) clearTimeout(st.timer);
  const m = b.waiting.get(st.db);
  if (m !== undefined) {
    for (const key of st.keys) {
      const q = m.get(key);
      if (q === undefined) continue;
      const i = q.indexOf(c);
      if (i >= 0) q.splice(i, 1);
      if (q.length === 0) m.delete(key);
    }
    if (m.size === 0) b.waiting.delete(st.db);
  }
  if (c.closed) return;
  if (b.resume.length === 0) setImmediate(() => resumeUnblocked(b));
  b.resume.push(c);
  c.server.scheduleFlush();
}

/** Runs the input that unblocked clients pipelined after their blocking command. */
function resumeUnblocked(b: BlockingState): void {
  const list = b.resume;
  b.resume = [];
  for (const c of list) if (!c.closed && !c.blocked) c.processInput();
  b.server.flushPending();
}

export function blockedState(c: Client): BlockedState | null {
  return c.blocked ? ((c.ext.blocking as BlockedState | undefined) ?? null) : null;
}

/** Counts for INFO: blocked clients, and those with a deadline (clients_in_timeout_table). */
export function blockingCounts(server: Server): { blocked: number; withTimeout: number } {
  const b = stateOf(server);
  return b === undefined ? { blocked: 0, withTimeout: 0 } : { blocked: b.blockedCount, withTimeout: b.withTimeout };
}

function clientUnblock(c: Client, argv: string[]): void {
  if (argv.length > 4) {
    c.addError("ERR unknown subcommand or wrong number of arguments for 'unblock'. Try CLIENT HELP.");
    return;
  }
  const id = parseLong(argv[2]);
  if (id === null) return c.addError(E.NOT_INTEGER);
  let asError = false;
  if (argv.length === 4) {
    if (isKeyword(argv[3], 'ERROR')) asError = true;
    else if (!isKeyword(argv[3], 'TIMEOUT')) return c.addError('ERR CLIENT UNBLOCK reason should be TIMEOUT or ERROR');
  }
  const target = c.server.clients.get(id);
  if (target === undefined || !target.blocked || target.ext.blocking === undefined) return c.addInt(0);
  if (asError) {
    target.addError(UNBLOCKED_ERROR);
    unblockClient(target);
  } else {
    timeoutClient(target);
  }
  c.addInt(1);
}
