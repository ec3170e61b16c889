/**
 * Generic key commands (Redis's "generic" group): DEL UNLINK EXISTS TYPE RENAME RENAMENX COPY MOVE KEYS SCAN
 * RANDOMKEY TOUCH DBSIZE FLUSHDB FLUSHALL SWAPDB OBJECT, and the expiry commands EXPIRE PEXPIRE EXPIREAT
 * PEXPIREAT TTL PTTL EXPIRETIME PEXPIRETIME PERSIST. Replies and error texts are Redis 7.0's.
 *
 * Idle time (OBJECT IDLETIME) and LFU frequency (OBJECT FREQ): plain strings are stored unwrapped, so there is
 * no object to stamp. Instead each Database may carry an AccessTracker: a side Map key -> last access in whole
 * seconds since the tracker's epoch (a small integer, stored unboxed by V8, so no allocation per key), plus
 * an LFU Map only while an LFU maxmemory-policy is set. Tracking costs a null check until it is switched on;
 * it is switched on by the first OBJECT IDLETIME/FREQ or DEBUG OBJECT, or when an LRU/LFU policy is set.
 * Keys not accessed since tracking began report the time since it began (a lower bound).
 */
import type { Server } from '../server/server.js';
import type { Client } from '../server/client.js';
import type { AccessTracker, Database } from '../keyspace/database.js';
import { kindOf, isCanonicalInt64, type Value } from '../keyspace/types/value.js';
import type { BigMap } from '../keyspace/big-map.js';
import { cmd, container, type CommandSpec } from './spec.js';
import { E } from '../server/errors.js';
import { globMatch, isKeyword, parseLong } from './util.js';
import { parseScanOptions, scanCursorsOf, validCursor } from '../keyspace/scan.js';
import { installActiveExpire } from '../keyspace/expire.js';
import { parseLongBig } from './util.js';

const KEYSPACE = { categories: ['keyspace'] };

/** A read that counts keyspace hits/misses but does not update the access time (TYPE, EXISTS, OBJECT, TTL). */
export function lookupNoTouch(c: Client, key: string): Value | undefined {
  const v = c.db.peek(key);
  if (v === undefined) c.server.stats.keyspaceMisses++;
  else c.server.stats.keyspaceHits++;
  return v;
}

function notifyGeneric(c: Client, event: string, key: string, db: Database): void {
  c.server.notifyKeyspaceEvent('g', event, key, db.id);
}

// ---- DEL UNLINK EXISTS TOUCH TYPE DBSIZE ----

function del(c: Client, argv: string[]): void {
  const db = c.db;
  let n = 0;
  for (let i = 1; i < argv.length; i++) {
    const key = argv[i];
    if (db.expires.size !== 0) db.expireIfNeeded(key);
    if (!db.delete(key)) continue;
    db.signalModified(key);
    notifyGeneric(c, 'del', key, db);
    c.server.dirty++;
    n++;
  }
  c.addInt(n);
}

function exists(c: Client, argv: string[]): void {
  let n = 0;
  for (let i = 1; i < argv.length; i++) if (lookupNoTouch(c, argv[i]) !== undefined) n++;
  c.addInt(n);
}

function touch(c: Client, argv: string[]): void {
  let n = 0;
  for (let i = 1; i < argv.length; i++) if (c.db.lookupRead(argv[i]) !== undefined) n++;
  c.addInt(n);
}

function type(c: Client, argv: string[]): void {
  const v = lookupNoTouch(c, argv[1]);
  c.addSimple(v === undefined ? 'none' : kindOf(v));
}

// ---- RENAME RENAMENX COPY MOVE ----

function renameGeneric(c: Client, argv: string[], nx: boolean): void {
  const db = c.db;
  const src = argv[1];
  const dst = argv[2];
  const v = db.lookupWrite(src);
  if (v === undefined) return c.addError(E.NO_SUCH_KEY);
  if (src === dst) return nx ? c.addInt(0) : c.addOK();
  const when = db.getExpire(src);
  if (db.lookupWrite(dst) !== undefined) {
    if (nx) return c.addInt(0);
    db.delete(dst);
  }
  db.add(dst, v);
  if (when !== -1) db.setExpire(dst, when);
  carryEncoding(db, src, db, dst);
  db.delete(src);
  db.signalModified(src);
  db.signalModified(dst);
  notifyGeneric(c, 'rename_from', src, db);
  notifyGeneric(c, 'rename_to', dst, db);
  c.server.dirty++;
  if (nx) c.addInt(1);
  else c.addOK();
}

const INT_RANGE_ERROR = 'ERR value is out of range, value must between -2147483648 and 2147483647';

/** getIntFromObjectOrReply: a 32-bit signed integer, or the error text (`msg` replaces both defaults). */
function parseInt32(s: string, msg?: string): number | string {
  const n = parseLong(s);
  if (n === null) return msg ?? E.NOT_INTEGER;
  return n > 2147483647 || n < -2147483648 ? msg ?? INT_RANGE_ERROR : n;
}

function dbByIndex(s: Server, idx: number): Database | null {
  return idx >= 0 && idx < s.dbs.length ? s.dbs[idx] : null;
}

function copy(c: Client, argv: string[]): void {
  const s = c.server;
  const src = c.db;
  let dst = src;
  let replace = false;
  for (let i = 3; i < argv.length; i++) {
    if (isKeyword(argv[i], 'REPLACE')) replace = true;
    else if (isKeyword(argv[i], 'DB') && i + 1 < argv.length) {
      const idx = parseLong(argv[++i]);
      if (idx === null) return c.addError(E.NOT_INTEGER);
      const d = dbByIndex(s, idx);
      if (d === null) return c.addError(E.DB_INDEX_OUT_OF_RANGE);
      if (s.settings.clusterEnabled && d !== src) return c.addError('ERR Copying to another database is not allowed in cluster mode');
      dst = d;
    } else return c.addError(E.SYNTAX);
  }
  if (src === dst && argv[1] === argv[2]) return c.addError('ERR source and destination objects are the same');
  const v = src.lookupRead(argv[1]);
  if (v === undefined) return c.addInt(0);
  const when = src.getExpire(argv[1]);
  const existing = dst.lookupWrite(argv[2]);
  if (existing !== undefined && !replace) return c.addInt(0);
  const copyVal: Value = typeof v === 'string' ? v : v.clone();
  if (existing !== undefined) dst.delete(argv[2]);
  dst.add(argv[2], copyVal);
  if (when !== -1) dst.setExpire(argv[2], when);
  carryEncoding(src, argv[1], dst, argv[2]);
  dst.signalModified(argv[2]);
  notifyGeneric(c, 'copy_to', argv[2], dst);
  s.dirty++;
  c.addInt(1);
}

function move(c: Client, argv: string[]): void {
  const s = c.server;
  if (s.settings.clusterEnabled) return c.addError('ERR MOVE is not allowed in cluster mode');
  const src = c.db;
  const idx = parseInt32(argv[2]);
  if (typeof idx === 'string') return c.addError(idx);
  const dst = dbByIndex(s, idx);
  if (dst === null) return c.addError(E.DB_INDEX_OUT_OF_RANGE);
  if (dst === src) return c.addError('ERR source and destination objects are the same');
  const key = argv[1];
  const v = src.lookupWrite(key);
  if (v === undefined) return c.addInt(0);
  const when = src.getExpire(key);
  if (dst.lookupWrite(key) !== undefined) return c.addInt(0);
  dst.add(key, v);
  if (when !== -1) dst.setExpire(key, when);
  carryEncoding(src, key, dst, key);
  src.delete(key);
  src.signalModified(key);
  dst.signalModified(key);
  notifyGeneric(c, 'move_from', key, src);
  notifyGeneric(c, 'move_to', key, dst);
  s.dirty++;
  c.addInt(1);
}

// ---- KEYS SCAN RANDOMKEY ----

function keys(c: Client, argv: string[]): void {
  const db = c.db;
  const pattern = argv[1];
  const all = pattern === '*';
  const now = c.server.nowMs();
  const checkTtl = db.expires.size !== 0;
  const out: string[] = [];
  for (const key of db.dict.keys()) {
    if (!all && !globMatch(pattern, key)) continue;
    if (checkTtl) {
      const when = db.expires.get(key);
      if (when !== undefined && when <= now) continue;
    }
    out.push(key);
  }
  c.addBulks(out);
}

function scan(c: Client, argv: string[]): void {
  if (!validCursor(argv[1])) return c.addError('ERR invalid cursor');
  const opts = parseScanOptions(argv, 2, true);
  if (typeof opts === 'string') return c.addError(opts);
  const db = c.db;
  const dict = db.dict;
  const table = scanCursorsOf(c.server.modules);
  const it = table.resume(argv[1], dict, () => dict.keys());
  const out: string[] = [];
  let done = false;
  for (let visited = 0; visited < opts.count; visited++) {
    const r = it.next();
    if (r.done === true) {
      done = true;
      break;
    }
    const key = r.value;
    if (opts.pattern !== null && !globMatch(opts.pattern, key)) continue;
    if (opts.type !== null) {
      const v = dict.get(key);
      if (v === undefined || kindOf(v) !== opts.type) continue;
    }
    if (db.expires.size !== 0 && db.expireIfNeeded(key)) continue;
    out.push(key);
  }
  c.addArrayLen(2);
  c.addBulk(done ? '0' : table.park(dict, it));
  c.addBulks(out);
}

/**
 * RANDOMKEY without random access into a Map: each db keeps a live iterator (by dict) that advances a random
 * 1..64 steps per call, wrapping around. Not uniform, but O(1) amortized and every key can come out.
 */
const randomWalkers = new WeakMap<BigMap<string, Value>, Iterator<string>>();

function randomStep(s: Server, dict: BigMap<string, Value>): string | undefined {
  let it = randomWalkers.get(dict);
  if (it === undefined) randomWalkers.set(dict, (it = dict.keys()));
  let key: string | undefined;
  const steps = 1 + s.random.int(Math.min(dict.size, 64));
  for (let i = 0; i < steps; i++) {
    let r = it.next();
    if (r.done === true) {
      randomWalkers.set(dict, (it = dict.keys()));
      r = it.next();
      if (r.done === true) return undefined;
    }
    key = r.value;
  }
  return key;
}

function randomKey(c: Client): void {
  const db = c.db;
  const s = c.server;
  for (let tries = 0; db.dict.size > 0; tries++) {
    const key = randomStep(s, db.dict);
    if (key === undefined) break;
    const when = db.expires.size !== 0 ? db.expires.get(key) : undefined;
    if (when === undefined || when > s.nowMs()) return c.addBulk(key);
    // Expired: a master deletes it and tries again; a replica cannot delete, so it gives up after a while.
    if (s.expiresFromMaster()) {
      if (tries >= 100) return c.addBulk(key);
    } else db.expireIfNeeded(key);
  }
  c.addNull();
}

// ---- DBSIZE FLUSHDB FLUSHALL SWAPDB ----

/** FLUSHDB/FLUSHALL [ASYNC|SYNC]: returns false (after replying) on a bad argument. */
function flushArgsOk(c: Client, argv: string[]): boolean {
  if (argv.length > 2 || (argv.length === 2 && !isKeyword(argv[1], 'ASYNC') && !isKeyword(argv[1], 'SYNC'))) {
    c.addError(E.SYNTAX);
    return false;
  }
  return true;
}

/** Counts the removed keys as changes; an empty flush is still propagated (Redis 7.0 forces it). */
function flushed(c: Client, argv: string[], removed: number): void {
  if (removed > 0) c.server.dirty += removed;
  else c.server.propagate(c.db.id, argv);
  c.addOK();
}

function flushdb(c: Client, argv: string[]): void {
  if (!flushArgsOk(c, argv)) return;
  flushed(c, argv, c.db.flush());
}

function flushall(c: Client, argv: string[]): void {
  if (!flushArgsOk(c, argv)) return;
  let removed = 0;
  for (const db of c.server.dbs) removed += db.flush();
  flushed(c, argv, removed);
}

function swapdb(c: Client, argv: string[]): void {
  const s = c.server;
  if (s.settings.clusterEnabled) return c.addError('ERR SWAPDB is not allowed in cluster mode');
  const a = parseInt32(argv[1], 'ERR invalid first DB index');
  if (typeof a === 'string') return c.addError(a);
  const b = parseInt32(argv[2], 'ERR invalid second DB index');
  if (typeof b === 'string') return c.addError(b);
  const da = dbByIndex(s, a);
  const dbb = dbByIndex(s, b);
  if (da === null || dbb === null) return c.addError(E.DB_INDEX_OUT_OF_RANGE);
  if (da !== dbb) da.swapWith(dbb);
  s.dirty++;
  c.addOK();
}

// ---- EXPIRE PEXPIRE EXPIREAT PEXPIREAT TTL PTTL EXPIRETIME PEXPIRETIME PERSIST ----

const LLONG_MAX = 9223372036854775807n;
const LLONG_MIN = -9223372036854775808n;

const EXPIRE_NX = 1;
const EXPIRE_XX = 2;
const EXPIRE_GT = 4;
const EXPIRE_LT = 8;

/** NX/XX/GT/LT after the time argument; returns the flag bits or an error text. */
function parseExpireFlags(argv: readonly string[]): number | string {
  let f = 0;
  for (let i = 3; i < argv.length; i++) {
    const a = argv[i];
    if (isKeyword(a, 'NX')) f |= EXPIRE_NX;
    else if (isKeyword(a, 'XX')) f |= EXPIRE_XX;
    else if (isKeyword(a, 'GT')) f |= EXPIRE_GT;
    else if (isKeyword(a, 'LT')) f |= EXPIRE_LT;
    else return `ERR Unsupported option ${a}`;
  }
  if (f & EXPIRE_NX && f & (EXPIRE_XX | EXPIRE_GT | EXPIRE_LT)) return 'ERR NX and XX, GT or LT options at the same time are not compatible';
  if (f & EXPIRE_GT && f & EXPIRE_LT) return 'ERR GT and LT options at the same time are not compatible';
  return f;
}

/** The absolute expiry in ms, or an error text; overflow checks as Redis's (int64 arithmetic). */
function absoluteExpireMs(c: Client, argv: readonly string[], relative: boolean, seconds: boolean): number | string {
  let when = parseLongBig(argv[2]);
  if (when === null) return E.NOT_INTEGER;
  const invalid = `ERR invalid expire time in '${argv[0].toLowerCase()}' command`;
  if (seconds) {
    if (when > LLONG_MAX / 1000n || when < LLONG_MIN / 1000n) return invalid;
    when *= 1000n;
  }
  if (relative) {
    const base = BigInt(c.server.nowMs());
    if (when > LLONG_MAX - base) return invalid;
    when += base;
  }
  return Number(when);
}

/** Whether NX/XX/GT/LT allow replacing the current expiry (-1 = none) by `when`. */
function expireAllowed(flags: number, current: number, when: number): boolean {
  if (flags & EXPIRE_NX) return current === -1;
  if (flags & EXPIRE_XX && current === -1) return false;
  if (flags & EXPIRE_GT) return current !== -1 && when > current;
  if (flags & EXPIRE_LT) return current === -1 || when < current;
  return true;
}

function expireGeneric(c: Client, argv: string[], relative: boolean, seconds: boolean): void {
  const flags = parseExpireFlags(argv);
  if (typeof flags === 'string') return c.addError(flags);
  const when = absoluteExpireMs(c, argv, relative, seconds);
  if (typeof when === 'string') return c.addError(when);
  const s = c.server;
  const db = c.db;
  const key = argv[1];
  if (db.lookupWrite(key) === undefined) return c.addInt(0);
  if (flags !== 0 && !expireAllowed(flags, db.getExpire(key), when)) return c.addInt(0);
  if (when <= s.nowMs() && !s.loading && !s.isReplica) {
    db.delete(key);
    c.propagateArgv = ['DEL', key];
    db.signalModified(key);
    notifyGeneric(c, 'del', key, db);
  } else {
    db.setExpire(key, when);
    if (relative || seconds) c.propagateArgv = ['PEXPIREAT', key, String(when), ...argv.slice(3)];
    db.signalModified(key);
    notifyGeneric(c, 'expire', key, db);
  }
  s.dirty++;
  c.addInt(1);
}

/** TTL/PTTL (-2 missing, -1 no expiry) and EXPIRETIME/PEXPIRETIME. */
function ttlGeneric(c: Client, argv: string[], ms: boolean, absolute: boolean): void {
  if (lookupNoTouch(c, argv[1]) === undefined) return c.addInt(-2);
  const when = c.db.getExpire(argv[1]);
  if (when === -1) return c.addInt(-1);
  if (!Number.isSafeInteger(when)) return ttlBig(c, BigInt(when), ms, absolute);
  if (absolute) return c.addInt(ms ? when : Math.floor(when / 1000));
  const ttl = Math.max(0, when - c.server.nowMs());
  c.addInt(ms ? ttl : Math.floor((ttl + 500) / 1000));
}

/** Expiries beyond 2^53 ms: integer arithmetic in BigInt so the reply is not off by double rounding. */
function ttlBig(c: Client, when: bigint, ms: boolean, absolute: boolean): void {
  if (absolute) return c.addInt(ms ? when : when / 1000n);
  let ttl = when - BigInt(c.server.nowMs());
  if (ttl < 0n) ttl = 0n;
  c.addInt(ms ? ttl : (ttl + 500n) / 1000n);
}

function persist(c: Client, argv: string[]): void {
  const db = c.db;
  const key = argv[1];
  if (db.lookupWrite(key) === undefined || !db.removeExpire(key)) return c.addInt(0);
  db.signalModified(key);
  notifyGeneric(c, 'persist', key, db);
  c.server.dirty++;
  c.addInt(1);
}

const EXPIRE_DOC = { complexity: 'O(1)' };

function addExpireCommands(): CommandSpec[] {
  const e = (name: string, handler: (c: Client, argv: string[]) => void, since: string, summary: string): CommandSpec =>
    k(name, -3, 'write fast', [1, 1, 1], handler, since, summary, EXPIRE_DOC.complexity);
  const t = (name: string, handler: (c: Client, argv: string[]) => void, since: string, summary: string): CommandSpec =>
    k(name, 2, 'readonly fast', [1, 1, 1], handler, since, summary, EXPIRE_DOC.complexity);
  return [
    e('expire', (c, a) => expireGeneric(c, a, true, true), '1.0.0', "Set a key's time to live in seconds"),
    e('pexpire', (c, a) => expireGeneric(c, a, true, false), '2.6.0', "Set a key's time to live in milliseconds"),
    e('expireat', (c, a) => expireGeneric(c, a, false, true), '1.2.0', 'Set the expiration for a key as a UNIX timestamp'),
    e('pexpireat', (c, a) => expireGeneric(c, a, false, false), '2.6.0', 'Set the expiration for a key as a UNIX timestamp specified in milliseconds'),
    t('ttl', (c, a) => ttlGeneric(c, a, false, false), '1.0.0', 'Get the time to live for a key in seconds'),
    t('pttl', (c, a) => ttlGeneric(c, a, true, false), '2.6.0', 'Get the time to live for a key in milliseconds'),
    t('expiretime', (c, a) => ttlGeneric(c, a, false, true), '7.0.0', 'Get the expiration Unix timestamp for a key'),
    t('pexpiretime', (c, a) => ttlGeneric(c, a, true, true), '7.0.0', 'Get the expiration Unix timestamp for a key in milliseconds'),
    k('persist', 2, 'write fast', [1, 1, 1], persist, '2.2.0', 'Remove the expiration from a key', 'O(1)'),
  ];
}

// ---- OBJECT and access tracking ----

const LFU_INIT = 5;
const LFU_LOG_FACTOR = 10;
const LFU_DECAY_MINUTES = 1;

/** Per-db access times (and LFU counters while an LFU policy is set); see the comment at the top. */
export class KeyAccess implements AccessTracker {
  readonly lastSec = new Map<string, number>();
  /** (minutes & 0xffff) << 8 | counter, as Redis packs its 24 LFU bits. */
  lfu: Map<string, number> | null = null;

  constructor(private readonly server: Server, private readonly epochMs: number) {}

  private nowSec(): number {
    return ((this.server.nowMs() - this.epochMs) / 1000) | 0;
  }

  touch(key: string): void {
    this.lastSec.set(key, this.nowSec());
    if (this.lfu !== null) this.bumpFreq(key);
  }

  forget(key: string): void {
    this.lastSec.delete(key);
    if (this.lfu !== null) this.lfu.delete(key);
  }

  clear(): void {
    this.lastSec.clear();
    if (this.lfu !== null) this.lfu.clear();
  }

  idleSeconds(key: string): number {
    return Math.max(0, this.nowSec() - (this.lastSec.get(key) ?? 0));
  }

  private minutes(): number {
    return Math.floor(this.server.nowMs() / 60000) & 0xffff;
  }

  /** The counter after time decay (what OBJECT FREQ reports). */
  freq(key: string): number {
    const packed = this.lfu?.get(key);
    if (packed === undefined) return LFU_INIT;
    const counter = packed & 0xff;
    const elapsed = (this.minutes() - (packed >> 8)) & 0xffff;
    const periods = Math.floor(elapsed / LFU_DECAY_MINUTES);
    return periods > counter ? 0 : counter - periods;
  }

  /** Makes the key look idle for `idleSec` seconds (RESTORE IDLETIME, the RDB IDLE opcode). */
  setIdle(key: string, idleSec: number): void {
    this.lastSec.set(key, this.nowSec() - idleSec);
  }

  /** Sets the key's LFU counter as of now (RESTORE FREQ, the RDB FREQ opcode); only under an LFU policy. */
  setFreq(key: string, counter: number): void {
    if (this.lfu !== null) this.lfu.set(key, (this.minutes() << 8) | (counter & 0xff));
  }

  private bumpFreq(key: string): void {
    const lfu = this.lfu as Map<string, number>;
    let counter = lfu.has(key) ? this.freq(key) : LFU_INIT - 1;
    if (counter < 255) {
      const base = Math.max(0, counter - LFU_INIT);
      if (!lfu.has(key) || this.server.random.next() < 1 / (base * LFU_LOG_FACTOR + 1)) counter++;
    }
    lfu.set(key, (this.minutes() << 8) | counter);
  }
}

function isLfuPolicy(s: Server): boolean {
  return s.settings.maxmemoryPolicy.endsWith('-lfu');
}

/** Switches access tracking on for every db (idempotent); the LFU maps follow the current policy. */
export function ensureAccessTracking(s: Server): void {
  let epoch = s.modules.get('key-access-epoch') as number | undefined;
  if (epoch === undefined) {
    epoch = s.nowMs();
    s.modules.set('key-access-epoch', epoch);
  }
  const lfu = isLfuPolicy(s);
  for (const db of s.dbs) {
    if (db.access === null) db.access = new KeyAccess(s, epoch);
    const acc = db.access as KeyAccess;
    if (lfu && acc.lfu === null) acc.lfu = new Map();
    else if (!lfu && acc.lfu !== null) acc.lfu = null;
  }
}

/**
 * Redis's objectSetLRUOrLFU: under an LFU policy sets the key's counter to `freq`, under any other policy its
 * idle time to `idleSec`; a negative value (option absent) leaves the key as it is.
 */
export function setKeyAccess(s: Server, db: Database, key: string, idleSec: number, freq: number): void {
  const lfu = isLfuPolicy(s);
  if (lfu ? freq < 0 : idleSec < 0) return;
  ensureAccessTracking(s);
  const acc = db.access as KeyAccess;
  if (lfu) acc.setFreq(key, freq);
  else acc.setIdle(key, idleSec);
}

/** Idle seconds of an existing key (starts tracking if needed). */
export function keyIdleSeconds(s: Server, db: Database, key: string): number {
  ensureAccessTracking(s);
  return (db.access as KeyAccess).idleSeconds(key);
}

export function objectEncoding(db: Database, key: string, v: Value): string {
  return typeof v === 'string' ? db.stringEncodingOf(key, v) : v.encoding();
}

/** Moves a recorded string encoding (raw after APPEND ...) along with the value: RENAME/MOVE/COPY keep it. */
function carryEncoding(from: Database, fromKey: string, to: Database, toKey: string): void {
  if (from.stringEncodings.size === 0) return;
  const enc = from.stringEncodings.get(fromKey);
  if (enc !== undefined) to.setStringEncoding(toKey, enc);
}

/** Redis shares the integers 0..9999 (refcount INT_MAX) unless an LRU/LFU maxmemory policy forbids it. */
export function objectRefcount(s: Server, v: Value): number {
  if (typeof v !== 'string' || v.length > 4 || !isCanonicalInt64(v) || v.charCodeAt(0) === 45) return 1;
  const policy = s.settings.maxmemoryPolicy;
  const noShared = s.settings.maxmemory > 0 && (policy.endsWith('-lru') || policy.endsWith('-lfu'));
  return noShared ? 1 : 2147483647;
}

const LFU_NOT_SELECTED =
  'ERR An LFU maxmemory policy is not selected, access frequency not tracked. Please note that when switching between policies at runtime LRU and LFU data will take some time to adjust.';
const LFU_SELECTED =
  'ERR An LFU maxmemory policy is selected, idle time not tracked. Please note that when switching between policies at runtime LRU and LFU data will take some time to adjust.';

function objectSub(c: Client, argv: string[]): void {
  const v = lookupNoTouch(c, argv[2]);
  if (v === undefined) return c.addNull();
  const s = c.server;
  switch (argv[1].toLowerCase()) {
    case 'encoding':
      return c.addBulk(objectEncoding(c.db, argv[2], v));
    case 'refcount':
      return c.addInt(objectRefcount(s, v));
    case 'idletime':
      if (isLfuPolicy(s)) return c.addError(LFU_SELECTED);
      return c.addInt(keyIdleSeconds(s, c.db, argv[2]));
    default:
      if (!isLfuPolicy(s)) return c.addError(LFU_NOT_SELECTED);
      ensureAccessTracking(s);
      return c.addInt((c.db.access as KeyAccess).freq(argv[2]));
  }
}

const OBJECT_HELP = [
  'OBJECT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:',
  'ENCODING <key>',
  '    Return the kind of internal representation used in order to store the value',
  '    associated with a <key>.',
  'FREQ <key>',
  '    Return the access frequency index of the <key>. The returned integer is',
  '    proportional to the logarithm of the recent access frequency of the key.',
  'IDLETIME <key>',
  '    Return the idle time of the <key>, that is the approximated number of',
  '    seconds elapsed since the last access to the key.',
  'REFCOUNT <key>',
  '    Return the number of references of the value associated with the specified',
  '    <key>.',
  'HELP',
  '    Prints this help.',
];

function addHelpLines(c: Client, lines: readonly string[]): void {
  c.addArrayLen(lines.length);
  for (const l of lines) c.addSimple(l);
}

const OBJ = { categories: ['keyspace'], group: 'generic' };

const OBJECT_SUBCOMMANDS: CommandSpec[] = [
  cmd('encoding', 3, 'readonly', [2, 2, 1], 'generic', objectSub, { ...OBJ, since: '2.2.3', summary: 'Inspect the internal encoding of a Redis object', complexity: 'O(1)' }),
  cmd('freq', 3, 'readonly', [2, 2, 1], 'generic', objectSub, { ...OBJ, since: '4.0.0', summary: 'Get the logarithmic access frequency counter of a Redis object', complexity: 'O(1)' }),
  cmd('idletime', 3, 'readonly', [2, 2, 1], 'generic', objectSub, { ...OBJ, since: '2.2.3', summary: 'Get the time since a Redis object was last accessed', complexity: 'O(1)' }),
  cmd('refcount', 3, 'readonly', [2, 2, 1], 'generic', objectSub, { ...OBJ, since: '2.2.3', summary: 'Get the number of references to the value of the key', complexity: 'O(1)' }),
  cmd('help', 2, 'loading stale', [0, 0, 0], 'generic', (c) => addHelpLines(c, OBJECT_HELP), { ...OBJ, since: '6.2.0', summary: 'Show helpful text about the different subcommands', complexity: 'O(1)' }),
];

// ---- The table ----

function k(name: string, arity: number, flags: string, keysTriple: [number, number, number], handler: (c: Client, argv: string[]) => void, since: string, summary: string, complexity: string, extra: Partial<CommandSpec> = {}): CommandSpec {
  return cmd(name, arity, flags, keysTriple, 'generic', handler, { ...KEYSPACE, since, summary, complexity, ...extra });
}

const DANGEROUS = { categories: ['keyspace', 'dangerous'] };

export const keyCommands: CommandSpec[] = [
  k('del', -2, 'write', [1, -1, 1], del, '1.0.0', 'Delete a key', 'O(N) where N is the number of keys that will be removed.'),
  k('unlink', -2, 'write fast', [1, -1, 1], del, '4.0.0', 'Delete a key asynchronously in another thread. Otherwise it is just as DEL, but non blocking.', 'O(1) for each key removed regardless of its size.'),
  k('exists', -2, 'readonly fast', [1, -1, 1], exists, '1.0.0', 'Determine if a key exists', 'O(N) where N is the number of keys to check.'),
  k('touch', -2, 'readonly fast', [1, -1, 1], touch, '3.2.1', 'Alters the last access time of a key(s). Returns the number of existing keys specified.', 'O(N) where N is the number of keys that will be touched.'),
  k('type', 2, 'readonly fast', [1, 1, 1], type, '1.0.0', 'Determine the type stored at key', 'O(1)'),
  k('rename', 3, 'write', [1, 2, 1], (c, a) => renameGeneric(c, a, false), '1.0.0', 'Rename a key', 'O(1)'),
  k('renamenx', 3, 'write fast', [1, 2, 1], (c, a) => renameGeneric(c, a, true), '1.0.0', 'Rename a key, only if the new key does not exist', 'O(1)'),
  k('copy', -3, 'write denyoom', [1, 2, 1], copy, '6.2.0', 'Copy a key', 'O(N) worst case for collections, where N is the number of nested items. O(1) for string values.'),
  k('move', 3, 'write fast', [1, 1, 1], move, '1.0.0', 'Move a key to another database', 'O(1)'),
  k('keys', 2, 'readonly', [0, 0, 0], keys, '1.0.0', 'Find all keys matching the given pattern', 'O(N) with N being the number of keys in the database, under the assumption that the key names in the database and the given pattern have limited length.', DANGEROUS),
  k('scan', -2, 'readonly', [0, 0, 0], scan, '2.8.0', 'Incrementally iterate the keys space', 'O(1) for every call. O(N) for a complete iteration, including enough command calls for the cursor to return back to 0. N is the number of elements inside the collection.'),
  k('randomkey', 1, 'readonly', [0, 0, 0], randomKey, '1.0.0', 'Return a random key from the keyspace', 'O(1)'),
  k('dbsize', 1, 'readonly fast', [0, 0, 0], (c) => c.addInt(c.db.size), '1.0.0', 'Return the number of keys in the selected database', 'O(1)', { group: 'server' }),
  k('flushdb', -1, 'write', [0, 0, 0], flushdb, '1.0.0', 'Remove all keys from the current database', 'O(N) where N is the number of keys in the selected database', { ...DANGEROUS, group: 'server' }),
  k('flushall', -1, 'write', [0, 0, 0], flushall, '1.0.0', 'Remove all keys from all databases', 'O(N) where N is the total number of keys in all databases', { ...DANGEROUS, group: 'server' }),
  k('swapdb', 3, 'write fast', [0, 0, 0], swapdb, '4.0.0', 'Swaps two Redis databases', 'O(N) where N is the count of clients watching or blocking on keys from both databases.', { ...DANGEROUS, group: 'server' }),
  container('object', 'generic', OBJECT_SUBCOMMANDS, { since: '2.2.3', summary: 'A container for object introspection commands', complexity: 'Depends on subcommand.' }),
];

export function install(server: Server): void {
  server.commands.register(keyCommands);
  server.commands.register(addExpireCommands());
  installActiveExpire(server);
  server.hooks.onFlush.push((db) => {
    if (db.access !== null) (db.access as KeyAccess).clear();
  });
  server.hooks.onSwap.push((a, b) => {
    const t = a.access;
    a.access = b.access;
    b.access = t;
  });
  // An LRU/LFU policy set at run time (CONFIG SET maxmemory-policy) switches tracking on, and LFU follows it.
  server.cron.add('key-access', 1000, () => {
    const p = server.settings.maxmemoryPolicy;
    const tracking = server.modules.has('key-access-epoch');
    if (tracking || p.endsWith('-lru') || p.endsWith('-lfu')) ensureAccessTracking(server);
  });
}
