/**
 * Persistence commands: SAVE BGSAVE [SCHEDULE] LASTSAVE BGREWRITEAOF, and DUMP / RESTORE (the value in RDB
 * serialization with Redis's version + CRC64 footer, so payloads move between Redis and Redoubt). The state
 * behind them lives in src/persistence (installed here).
 */
import type { Server } from '../server/server.js';
import type { Client } from '../server/client.js';
import { cmd } from './spec.js';
import { E } from '../server/errors.js';
import { isKeyword, parseLong } from './util.js';
import { installPersistence, persistenceOf } from '../persistence/install.js';
import { createDumpPayload, verifyDumpPayload, parseDumpPayload } from '../persistence/dump-payload.js';
import { toRdbValue, fromRdbValue, writerOptions } from '../persistence/value-codec.js';
import { setKeyAccess } from './keys.js';

function save(c: Client): void {
  const err = persistenceOf(c.server).rdb.save();
  if (err === null) c.addOK();
  else c.addError(err);
}

function bgsave(c: Client, argv: string[]): void {
  let schedule = false;
  if (argv.length > 1) {
    if (argv.length === 2 && isKeyword(argv[1], 'SCHEDULE')) schedule = true;
    else return c.addError(E.SYNTAX);
  }
  const p = persistenceOf(c.server);
  if (p.rdb.bgsaveInProgress) return c.addError('ERR Background save already in progress');
  if (p.rdb.aofRewriteRunning()) {
    if (!schedule) {
      return c.addError("ERR Another child process is active (AOF?): can't BGSAVE right now. Use BGSAVE SCHEDULE in order to schedule a BGSAVE whenever possible.");
    }
    p.rdb.bgsaveScheduled = true;
    return c.addSimple('Background saving scheduled');
  }
  const err = p.rdb.bgsave();
  if (err === null) c.addSimple('Background saving started');
  else c.addError(err);
}

function bgrewriteaof(c: Client): void {
  const p = persistenceOf(c.server);
  if (p.aof.rewriting) return c.addError('ERR Background append only file rewriting already in progress');
  if (p.rdb.bgsaveInProgress) {
    p.aof.rewriteScheduled = true;
    return c.addSimple('Background append only file rewriting scheduled');
  }
  const err = p.aof.startRewrite();
  if (err === null) c.addSimple('Background append only file rewriting started');
  else c.addError(err);
}

function lastsave(c: Client): void {
  c.addInt(Math.floor(persistenceOf(c.server).rdb.lastSaveMs / 1000));
}

function dump(c: Client, argv: string[]): void {
  const v = c.db.lookupRead(argv[1]);
  if (v === undefined) return c.addNull();
  c.addBulk(createDumpPayload(toRdbValue(v), writerOptions(c.server.settings)));
}

interface RestoreOpts {
  replace: boolean;
  absttl: boolean;
  idleSec: number;
  freq: number;
}

/** Parses the options after the payload; replies and returns null on error. */
function restoreOptions(c: Client, argv: string[]): RestoreOpts | null {
  const o: RestoreOpts = { replace: false, absttl: false, idleSec: -1, freq: -1 };
  for (let j = 4; j < argv.length; j++) {
    const more = argv.length - j - 1;
    const a = argv[j];
    if (isKeyword(a, 'REPLACE')) o.replace = true;
    else if (isKeyword(a, 'ABSTTL')) o.absttl = true;
    else if (isKeyword(a, 'IDLETIME') && more >= 1 && o.freq === -1) {
      const v = parseLong(argv[++j]);
      if (v === null) return c.addError(E.NOT_INTEGER), null;
      if (v < 0) return c.addError('ERR Invalid IDLETIME value, must be >= 0'), null;
      o.idleSec = v;
    } else if (isKeyword(a, 'FREQ') && more >= 1 && o.idleSec === -1) {
      const v = parseLong(argv[++j]);
      if (v === null) return c.addError(E.NOT_INTEGER), null;
      if (v < 0 || v > 255) return c.addError('ERR Invalid FREQ value, must be >= 0 and <= 255'), null;
      o.freq = v;
    } else {
      return c.addError(E.SYNTAX), null;
    }
  }
  return o;
}

function restore(c: Client, argv: string[]): void {
  const o = restoreOptions(c, argv);
  if (o === null) return;
  const key = argv[1];
  const db = c.db;
  if (!o.replace && db.lookupWrite(key) !== undefined) return c.addError(E.BUSYKEY);
  let ttl = parseLong(argv[2]);
  if (ttl === null) return c.addError(E.NOT_INTEGER);
  if (ttl < 0) return c.addError('ERR Invalid TTL value, must be >= 0');
  const payload = Buffer.from(argv[3], 'latin1');
  if (!verifyDumpPayload(payload)) return c.addError('ERR DUMP payload version or checksum are wrong');
  let rv;
  try {
    rv = parseDumpPayload(payload);
  } catch {
    rv = null;
  }
  if (rv === null) return c.addError('ERR Bad data format');
  const s = c.server;
  const deleted = o.replace && db.delete(key);
  if (ttl !== 0 && !o.absttl) ttl += s.nowMs();
  if (ttl !== 0 && ttl <= s.nowMs() && !s.isReplica) {
    if (deleted) {
      c.propagateArgv = ['DEL', key];
      db.signalModified(key);
      s.notifyKeyspaceEvent('g', 'del', key, db.id);
      s.dirty++;
    }
    return c.addOK();
  }
  db.add(key, fromRdbValue(rv, s.settings));
  if (ttl !== 0) {
    db.setExpire(key, ttl);
    if (!o.absttl) c.propagateArgv = [...argv.slice(0, 2), String(ttl), ...argv.slice(3), 'ABSTTL'];
  }
  setKeyAccess(s, db, key, o.idleSec, o.freq);
  db.signalModified(key);
  s.notifyKeyspaceEvent('g', 'restore', key, db.id);
  c.addOK();
  s.dirty++;
}

const ADMIN = { categories: [] as string[] };

export function install(server: Server): void {
  installPersistence(server);
  server.commands.register([
    cmd('save', 1, 'admin noscript no_async_loading no_multi', [0, 0, 0], 'server', save, { ...ADMIN, summary: 'Synchronously save the dataset to disk', complexity: 'O(N) where N is the total number of keys in all databases' }),
    cmd('bgsave', -1, 'admin noscript no_async_loading', [0, 0, 0], 'server', bgsave, { ...ADMIN, summary: 'Asynchronously save the dataset to disk', complexity: 'O(1)' }),
    cmd('bgrewriteaof', 1, 'admin noscript no_async_loading', [0, 0, 0], 'server', bgrewriteaof, { ...ADMIN, summary: 'Asynchronously rewrite the append-only file', complexity: 'O(1)' }),
    cmd('lastsave', 1, 'loading stale fast', [0, 0, 0], 'server', lastsave, { categories: ['admin', 'dangerous'], summary: 'Get the UNIX time stamp of the last successful save to disk', complexity: 'O(1)' }),
    cmd('dump', 2, 'readonly', [1, 1, 1], 'generic', dump, { categories: ['keyspace'], since: '2.6.0', summary: 'Return a serialized version of the value stored at the specified key.', complexity: 'O(1) to access the key and additional O(N*M) to serialize it, where N is the number of Redis objects composing the value and M their average size. For small string values the time complexity is thus O(1)+O(1*M) where M is small, so simply O(1).' }),
    cmd('restore', -4, 'write denyoom', [1, 1, 1], 'generic', restore, { categories: ['keyspace', 'dangerous'], since: '2.6.0', summary: 'Create a key using the provided serialized value, previously obtained using DUMP.' }),
  ]);
}
