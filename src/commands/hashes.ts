/**
 * Hash commands: HSET HSETNX HGET HMGET HMSET HDEL HLEN HSTRLEN HEXISTS HKEYS HVALS HGETALL HINCRBY
 * HINCRBYFLOAT HRANDFIELD HSCAN.
 *
 * Writes follow the house order (lookup, type check, mutate, delete when empty, signalModified, keyspace
 * event — hset, hdel, hincrby, hincrbyfloat, del — dirty, reply). HINCRBYFLOAT computes in 80-bit long
 * double like Redis (long-double.ts) so that 0.1 + 0.2 prints "0.3" as Redis does, and propagates as HSET.
 */
import type { Server } from '../server/server.js';
import type { Client } from '../server/client.js';
import { HashValue } from '../keyspace/types/hash.js';
import { cmd, type CommandSpec } from './spec.js';
import { E } from '../server/errors.js';
import { globMatch, isKeyword, parseLong, parseLongBig } from './util.js';
import { LD_INF, LD_ZERO, ldAdd, ldFormatHuman, parseLongDouble } from './long-double.js';
import { parseScanOptions, scanCursorsOf, validCursor } from '../keyspace/scan.js';

/** The hash at `key`: undefined when missing, null after answering WRONGTYPE. */
function lookupHash(c: Client, key: string, write: boolean): HashValue | undefined | null {
  const v = write ? c.db.lookupWrite(key) : c.db.lookupRead(key);
  if (v === undefined) return undefined;
  if (typeof v === 'string' || v.kind !== 'hash') {
    c.addError(E.WRONGTYPE);
    return null;
  }
  return v as HashValue;
}

/** The hash at `key`, created when missing; null after a WRONGTYPE reply. */
function hashForWrite(c: Client, key: string): HashValue | null {
  const h = lookupHash(c, key, true);
  if (h === null) return null;
  if (h !== undefined) return h;
  const created = new HashValue();
  c.db.add(key, created);
  return created;
}

function wrote(c: Client, key: string, event: string, changes: number): void {
  c.db.signalModified(key);
  c.server.notifyKeyspaceEvent('h', event, key, c.db.id);
  c.server.dirty += changes;
}

function hset(c: Client, argv: string[], isHmset: boolean): void {
  if (argv.length % 2 === 1) return c.addError(`ERR wrong number of arguments for '${isHmset ? 'hmset' : 'hset'}' command`);
  const h = hashForWrite(c, argv[1]);
  if (h === null) return;
  const settings = c.server.settings;
  let created = 0;
  for (let i = 2; i < argv.length; i += 2) if (h.set(argv[i], argv[i + 1], settings)) created++;
  wrote(c, argv[1], 'hset', (argv.length - 2) / 2);
  if (isHmset) c.addOK();
  else c.addInt(created);
}

function hsetnx(c: Client, argv: string[]): void {
  const h = hashForWrite(c, argv[1]);
  if (h === null) return;
  if (h.has(argv[2])) return c.addInt(0);
  h.set(argv[2], argv[3], c.server.settings);
  wrote(c, argv[1], 'hset', 1);
  c.addInt(1);
}

function hget(c: Client, argv: string[]): void {
  const h = lookupHash(c, argv[1], false);
  if (h === null) return;
  c.addBulkOrNull(h === undefined ? null : h.get(argv[2]));
}

function hmget(c: Client, argv: string[]): void {
  const h = lookupHash(c, argv[1], false);
  if (h === null) return;
  c.addArrayLen(argv.length - 2);
  for (let i = 2; i < argv.length; i++) c.addBulkOrNull(h === undefined ? null : h.get(argv[i]));
}

function hdel(c: Client, argv: string[]): void {
  const key = argv[1];
  const h = lookupHash(c, key, true);
  if (h === null) return;
  if (h === undefined) return c.addInt(0);
  let deleted = 0;
  for (let i = 2; i < argv.length; i++) {
    if (h.delete(argv[i])) deleted++;
    if (h.size() === 0) break;
  }
  if (deleted > 0) {
    c.db.signalModified(key);
    c.server.notifyKeyspaceEvent('h', 'hdel', key, c.db.id);
    if (h.size() === 0) {
      c.db.delete(key);
      c.server.notifyKeyspaceEvent('g', 'del', key, c.db.id);
    }
    c.server.dirty += deleted;
  }
  c.addInt(deleted);
}

function hlen(c: Client, argv: string[]): void {
  const h = lookupHash(c, argv[1], false);
  if (h === null) return;
  c.addInt(h === undefined ? 0 : h.size());
}

function hstrlen(c: Client, argv: string[]): void {
  const h = lookupHash(c, argv[1], false);
  if (h === null) return;
  c.addInt(h?.get(argv[2])?.length ?? 0);
}

function hexists(c: Client, argv: string[]): void {
  const h = lookupHash(c, argv[1], false);
  if (h === null) return;
  c.addInt(h !== undefined && h.has(argv[2]) ? 1 : 0);
}

function hgetallGeneric(c: Client, argv: string[], what: 'keys' | 'vals' | 'all'): void {
  const h = lookupHash(c, argv[1], false);
  if (h === null) return;
  const n = h === undefined ? 0 : h.size();
  if (what === 'all') c.addMapLen(n);
  else c.addArrayLen(n);
  if (h === undefined) return;
  h.forEach((f, v) => {
    if (what !== 'vals') c.addBulk(f);
    if (what !== 'keys') c.addBulk(v);
  });
}

const INT64_MAX = 9223372036854775807n;
const INT64_MIN = -9223372036854775808n;

function hincrby(c: Client, argv: string[]): void {
  const incr = parseLongBig(argv[3]);
  if (incr === null) return c.addError(E.NOT_INTEGER);
  const h = hashForWrite(c, argv[1]);
  if (h === null) return;
  const cur = h.get(argv[2]);
  let value = 0n;
  if (cur !== undefined) {
    const parsed = parseLongBig(cur);
    if (parsed === null) return c.addError('ERR hash value is not an integer');
    value = parsed;
  }
  const next = value + incr;
  if (next > INT64_MAX || next < INT64_MIN) return c.addError(E.OVERFLOW);
  h.set(argv[2], String(next), c.server.settings);
  wrote(c, argv[1], 'hincrby', 1);
  c.addInt(next);
}

function hincrbyfloat(c: Client, argv: string[]): void {
  const incr = parseLongDouble(argv[3]);
  if (incr === null) return c.addError(E.NOT_FLOAT);
  if (incr === LD_INF) return c.addError('ERR value is NaN or Infinity');
  const h = hashForWrite(c, argv[1]);
  if (h === null) return;
  const cur = h.get(argv[2]);
  let value = LD_ZERO;
  if (cur !== undefined) {
    const parsed = parseLongDouble(cur);
    if (parsed === null) return c.addError('ERR hash value is not a float');
    value = parsed;
  }
  const sum = value === LD_INF ? null : ldAdd(value, incr);
  if (sum === null) return c.addError('ERR increment would produce NaN or Infinity');
  const text = ldFormatHuman(sum);
  h.set(argv[2], text, c.server.settings);
  wrote(c, argv[1], 'hincrbyfloat', 1);
  c.propagateArgv = ['HSET', argv[1], argv[2], text];
  c.addBulk(text);
}

// ---- HRANDFIELD ----

/** Largest count we will materialize for a negative HRANDFIELD count (Redis 7.0 crashes near LONG_MAX). */
const MAX_RANDOM_REPLY = 1 << 26;

function hrandfield(c: Client, argv: string[]): void {
  if (argv.length === 2) {
    const h = lookupHash(c, argv[1], false);
    if (h === null) return;
    if (h === undefined) return c.addNull();
    c.addBulk(h.pairAt(c.server.random.int(h.size()))[0]);
    return;
  }
  const n = parseLong(argv[2]);
  if (n === null) return c.addError(E.NOT_INTEGER);
  if (argv[2] === '-9223372036854775808') return c.addError('ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807');
  let withValues = false;
  if (argv.length === 4 && isKeyword(argv[3], 'WITHVALUES')) withValues = true;
  else if (argv.length >= 4) return c.addError(E.SYNTAX);
  const h = lookupHash(c, argv[1], false);
  if (h === null) return;
  if (h === undefined || n === 0) return c.addEmptyArray();
  if (n < 0) return randomWithRepeats(c, h, Math.min(-n, MAX_RANDOM_REPLY), withValues);
  const size = h.size();
  if (n >= size) return replyPairs(c, h.entries(), withValues);
  replyPairs(c, sampleUnique(c.server, h.entries(), n), withValues);
}

function replyPairs(c: Client, flat: string[], withValues: boolean): void {
  const n = flat.length / 2;
  if (withValues && c.proto === 3) {
    c.addArrayLen(n);
    for (let i = 0; i < flat.length; i += 2) {
      c.addArrayLen(2);
      c.addBulk(flat[i]);
      c.addBulk(flat[i + 1]);
    }
    return;
  }
  c.addArrayLen(withValues ? 2 * n : n);
  for (let i = 0; i < flat.length; i += 2) {
    c.addBulk(flat[i]);
    if (withValues) c.addBulk(flat[i + 1]);
  }
}

function randomWithRepeats(c: Client, h: HashValue, count: number, withValues: boolean): void {
  const flat = h.entries();
  const size = flat.length / 2;
  const picked: string[] = new Array(count * 2);
  for (let i = 0; i < count; i++) {
    const j = c.server.random.int(size) * 2;
    picked[2 * i] = flat[j];
    picked[2 * i + 1] = flat[j + 1];
  }
  replyPairs(c, picked, withValues);
}

/** `count` distinct pairs from flat pairs (partial Fisher-Yates on pair indexes). */
function sampleUnique(server: Server, flat: string[], count: number): string[] {
  const size = flat.length / 2;
  const idx = Array.from({ length: size }, (_, i) => i);
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    const j = i + server.random.int(size - i);
    const t = idx[i];
    idx[i] = idx[j];
    idx[j] = t;
    out.push(flat[2 * idx[i]], flat[2 * idx[i] + 1]);
  }
  return out;
}

// ---- HSCAN ----

function hscan(c: Client, argv: string[]): void {
  if (!validCursor(argv[2])) return c.addError('ERR invalid cursor');
  const h = lookupHash(c, argv[1], false);
  if (h === null) return;
  if (h === undefined) return replyScan(c, '0', []);
  const opts = parseScanOptions(argv, 3, false);
  if (typeof opts === 'string') return c.addError(opts);
  const out: string[] = [];
  const map = h.asMap();
  if (map === null) {
    h.forEach((f, v) => {
      if (opts.pattern === null || globMatch(opts.pattern, f)) out.push(f, v);
    });
    return replyScan(c, '0', out);
  }
  const cursors = scanCursorsOf(c.server.modules);
  const it = cursors.resume(argv[2], map, () => map.entries());
  for (let visited = 0; visited < opts.count; visited++) {
    const r = it.next();
    if (r.done) return replyScan(c, '0', out);
    const [f, v] = r.value;
    if (opts.pattern === null || globMatch(opts.pattern, f)) out.push(f, v);
  }
  replyScan(c, cursors.park(map, it), out);
}

/** The SCAN reply: [cursor, [items...]]. */
export function replyScan(c: Client, cursor: string, items: readonly string[]): void {
  c.addArrayLen(2);
  c.addBulk(cursor);
  c.addBulks(items);
}

const HASH = { categories: ['hash'] };

export const hashCommands: CommandSpec[] = [
  cmd('hset', -4, 'write denyoom fast', [1, 1, 1], 'hash', (c, a) => hset(c, a, false), { ...HASH, since: '2.0.0' }),
  cmd('hsetnx', 4, 'write denyoom fast', [1, 1, 1], 'hash', hsetnx, { ...HASH, since: '2.0.0' }),
  cmd('hget', 3, 'readonly fast', [1, 1, 1], 'hash', hget, { ...HASH, since: '2.0.0' }),
  cmd('hmget', -3, 'readonly fast', [1, 1, 1], 'hash', hmget, { ...HASH, since: '2.0.0' }),
  cmd('hmset', -4, 'write denyoom fast', [1, 1, 1], 'hash', (c, a) => hset(c, a, true), { ...HASH, since: '2.0.0' }),
  cmd('hdel', -3, 'write fast', [1, 1, 1], 'hash', hdel, { ...HASH, since: '2.0.0' }),
  cmd('hlen', 2, 'readonly fast', [1, 1, 1], 'hash', hlen, { ...HASH, since: '2.0.0' }),
  cmd('hstrlen', 3, 'readonly fast', [1, 1, 1], 'hash', hstrlen, { ...HASH, since: '3.2.0' }),
  cmd('hexists', 3, 'readonly fast', [1, 1, 1], 'hash', hexists, { ...HASH, since: '2.0.0' }),
  cmd('hkeys', 2, 'readonly', [1, 1, 1], 'hash', (c, a) => hgetallGeneric(c, a, 'keys'), { ...HASH, since: '2.0.0' }),
  cmd('hvals', 2, 'readonly', [1, 1, 1], 'hash', (c, a) => hgetallGeneric(c, a, 'vals'), { ...HASH, since: '2.0.0' }),
  cmd('hgetall', 2, 'readonly', [1, 1, 1], 'hash', (c, a) => hgetallGeneric(c, a, 'all'), { ...HASH, since: '2.0.0' }),
  cmd('hincrby', 4, 'write denyoom fast', [1, 1, 1], 'hash', hincrby, { ...HASH, since: '2.0.0' }),
  cmd('hincrbyfloat', 4, 'write denyoom fast', [1, 1, 1], 'hash', hincrbyfloat, { ...HASH, since: '2.6.0' }),
  cmd('hrandfield', -2, 'readonly', [1, 1, 1], 'hash', hrandfield, { ...HASH, since: '6.2.0' }),
  cmd('hscan', -3, 'readonly', [1, 1, 1], 'hash', hscan, { ...HASH, since: '2.8.0' }),
];

export function install(server: Server): void {
  server.commands.register(hashCommands);
}
