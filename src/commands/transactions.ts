/**
 * Transactions: MULTI, EXEC, DISCARD, WATCH, UNWATCH.
 *
 * Queueing is a dispatch gate (the last one): a command that passed every other gate inside MULTI is queued
 * and answered +QUEUED; a command rejected by an earlier gate flags the transaction (EXECABORT). EXEC runs
 * the queue through server.call() with the propagator holding the writes, so replicas and the AOF receive
 * them as one MULTI/EXEC unit. WATCH is optimistic locking: Database signals (modified, flush, swap, expiry)
 * mark watching clients dirty, and EXEC then answers a null array.
 */
import type { Server } from '../server/server.js';
import { PROPAGATE_NONE } from '../server/server.js';
import type { Client } from '../server/client.js';
import type { Database } from '../keyspace/database.js';
import { HANDLED, type Gate } from '../server/dispatch.js';
import { cmd, type CommandSpec } from './spec.js';
import { E } from '../server/errors.js';

const IMMEDIATE = new Set(['exec', 'discard', 'multi', 'watch', 'quit', 'reset']);

/** Who watches what: "dbid\0key" -> clients. */
class WatchRegistry {
  readonly byKey = new Map<string, Set<Client>>();

  watch(c: Client, db: Database, key: string): void {
    const id = db.id + '\0' + key;
    const mine = (c.watched ??= new Set());
    if (mine.has(id)) return;
    mine.add(id);
    let set = this.byKey.get(id);
    if (set === undefined) this.byKey.set(id, (set = new Set()));
    set.add(c);
    // A key already logically expired when watched must not abort EXEC when it is later reaped.
    const when = db.expires.get(key);
    if (when !== undefined && when <= c.server.nowMs()) ((c.ext.watchExpired ??= new Set<string>()) as Set<string>).add(id);
  }

  unwatchAll(c: Client): void {
    if (c.watched === null) return;
    for (const id of c.watched) {
      const set = this.byKey.get(id);
      set?.delete(c);
      if (set?.size === 0) this.byKey.delete(id);
    }
    c.watched = null;
    c.ext.watchExpired = undefined;
  }

  touch(db: Database, key: string): void {
    const set = this.byKey.get(db.id + '\0' + key);
    if (set !== undefined) for (const c of set) c.dirtyCas = true;
  }

  /** FLUSHDB/SWAPDB: every watched key of `db` that exists in `db` (or in `other`) is touched. */
  touchDb(db: Database, other: Database | null): void {
    const prefix = db.id + '\0';
    for (const [id, clients] of this.byKey) {
      if (!id.startsWith(prefix)) continue;
      const key = id.slice(prefix.length);
      if (!db.dict.has(key) && !(other?.dict.has(key) ?? false)) continue;
      for (const c of clients) c.dirtyCas = true;
    }
  }

  /** EXEC: a watched key that expired since WATCH counts as modified. */
  anyExpired(c: Client): boolean {
    if (c.watched === null) return false;
    const before = c.ext.watchExpired as Set<string> | undefined;
    const now = c.server.nowMs();
    for (const id of c.watched) {
      if (before?.has(id)) continue;
      const sep = id.indexOf('\0');
      const db = c.server.dbs[Number(id.slice(0, sep))];
      const when = db.expires.get(id.slice(sep + 1));
      if (when !== undefined && when <= now) return true;
    }
    return false;
  }
}

function registry(server: Server): WatchRegistry {
  return server.modules.get('watch') as WatchRegistry;
}

const multiGate: Gate = {
  name: 'multi',
  appliesTo: (command) => !IMMEDIATE.has((command.parent ?? command).name),
  check: (_s, c, command, argv) => {
    const m = c.multi;
    if (m === null || m.executing) return null;
    const top = command.parent ?? command;
    if (IMMEDIATE.has(top.name)) return null;
    if (command.flagSet.has('no_multi')) return 'ERR Command not allowed inside a transaction';
    let bytes = 0;
    for (let i = 0; i < argv.length; i++) bytes += argv[i].length + 16;
    const limit = c.server.settings.clientQueryBufferLimit;
    if (limit > 0 && m.queuedBytes + bytes > limit) return 'ERR Transaction queue limit reached';
    m.queuedBytes += bytes;
    m.queue.push({ cmd: command, argv });
    c.addSimple('QUEUED');
    return HANDLED;
  },
};

function discardTransaction(c: Client): void {
  c.multi = null;
  c.dirtyCas = false;
  registry(c.server).unwatchAll(c);
}

function multi(c: Client): void {
  if (c.multi) return c.addError('ERR MULTI calls can not be nested');
  c.multi = { queue: [], dirtyExec: false, executing: false, queuedBytes: 0 };
  c.addOK();
}

function exec(c: Client): void {
  const m = c.multi;
  if (m === null) return c.addError('ERR EXEC without MULTI');
  const server = c.server;
  const reg = registry(server);
  if (m.dirtyExec) {
    discardTransaction(c);
    c.addError(E.EXECABORT);
    return;
  }
  if (reg.anyExpired(c)) c.dirtyCas = true;
  if (c.dirtyCas) {
    discardTransaction(c);
    c.addNullArray();
    return;
  }
  reg.unwatchAll(c);
  m.executing = true;
  c.addArrayLen(m.queue.length);
  server.propagator.beginTransaction();
  try {
    for (const q of m.queue) server.call(c, q.cmd, q.argv);
  } finally {
    server.propagator.endTransaction();
    c.multi = null;
    c.dirtyCas = false;
  }
  c.propagateArgv = PROPAGATE_NONE;
}

function discard(c: Client): void {
  if (c.multi === null) return c.addError('ERR DISCARD without MULTI');
  discardTransaction(c);
  c.addOK();
}

function watch(c: Client, argv: string[]): void {
  if (c.multi) return c.addError('ERR WATCH inside MULTI is not allowed');
  const reg = registry(c.server);
  for (let i = 1; i < argv.length; i++) reg.watch(c, c.db, argv[i]);
  c.addOK();
}

function unwatch(c: Client): void {
  registry(c.server).unwatchAll(c);
  c.dirtyCas = false;
  c.addOK();
}

const TX = { categories: ['transaction'] };

export const transactionCommands: CommandSpec[] = [
  cmd('multi', 1, 'noscript loading stale fast allow_busy', [0, 0, 0], 'transactions', multi, { ...TX, since: '1.2.0' }),
  cmd('exec', 1, 'noscript loading stale skip_slowlog', [0, 0, 0], 'transactions', exec, { ...TX, since: '1.2.0' }),
  cmd('discard', 1, 'noscript loading stale fast allow_busy', [0, 0, 0], 'transactions', discard, { ...TX, since: '2.0.0' }),
  cmd('watch', -2, 'noscript loading stale fast allow_busy', [1, -1, 1], 'transactions', watch, { ...TX, since: '2.2.0' }),
  cmd('unwatch', 1, 'noscript loading stale fast allow_busy', [0, 0, 0], 'transactions', unwatch, { ...TX, since: '2.2.0' }),
];

export function install(server: Server): void {
  const reg = new WatchRegistry();
  server.modules.set('watch', reg);
  server.commands.register(transactionCommands);
  server.gates.add(multiGate);
  const prevModified = server.hooks.onModified;
  server.hooks.onModified = (db, key) => {
    prevModified(db, key);
    if (reg.byKey.size !== 0) reg.touch(db, key);
  };
  server.hooks.onFlush.push((db) => {
    if (reg.byKey.size !== 0) reg.touchDb(db, null);
  });
  server.hooks.onSwap.push((a, b) => {
    if (reg.byKey.size === 0) return;
    reg.touchDb(a, b);
    reg.touchDb(b, a);
  });
  server.hooks.onClientClose.push((c) => reg.unwatchAll(c));
  server.hooks.onReset.push((c) => discardTransaction(c));
}
