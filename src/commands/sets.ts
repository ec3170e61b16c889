/**
 * Set commands: SADD SREM SCARD SISMEMBER SMISMEMBER SMEMBERS SPOP SRANDMEMBER SMOVE SINTER SINTERCARD
 * SUNION SDIFF (and the STORE forms) SSCAN.
 *
 * Writes follow the house order; events are Redis's (sadd srem spop smove-as-srem/sadd, sinterstore
 * sunionstore sdiffstore, del). SPOP is random, so it propagates what it did: SREM key members..., or DEL
 * when it took the whole set. Results of the set algebra are built as SetValues, so they come out in the
 * same order as Redis's (ascending while intset-encoded) and STORE picks the same encoding.
 */
import type { Server } from '../server/server.js';
import type { Client } from '../server/client.js';
import type { Database } from '../keyspace/database.js';
import { SetValue } from '../keyspace/types/set.js';
import { cmd, type CommandSpec } from './spec.js';
import { E } from '../server/errors.js';
import { globMatch, parseLong } from './util.js';
import { parseScanOptions, scanCursorsOf, validCursor } from '../keyspace/scan.js';
import { replyScan } from './hashes.js';

/** The set at `key`: undefined when missing, null after answering WRONGTYPE. */
function lookupSet(c: Client, key: string, write: boolean): SetValue | undefined | null {
  const v = write ? c.db.lookupWrite(key) : c.db.lookupRead(key);
  if (v === undefined) return undefined;
  if (typeof v === 'string' || v.kind !== 'set') {
    c.addError(E.WRONGTYPE);
    return null;
  }
  return v as SetValue;
}

function deleteIfEmpty(server: Server, db: Database, key: string, s: SetValue): void {
  if (s.size() !== 0) return;
  db.delete(key);
  server.notifyKeyspaceEvent('g', 'del', key, db.id);
}

function sadd(c: Client, argv: string[]): void {
  const key = argv[1];
  let s = lookupSet(c, key, true);
  if (s === null) return;
  if (s === undefined) {
    s = new SetValue();
    c.db.add(key, s);
  }
  const limits = c.server.settings;
  let added = 0;
  for (let i = 2; i < argv.length; i++) if (s.add(argv[i], limits)) added++;
  if (added > 0) {
    c.db.signalModified(key);
    c.server.notifyKeyspaceEvent('s', 'sadd', key, c.db.id);
  }
  c.server.dirty += added;
  c.addInt(added);
}

function srem(c: Client, argv: string[]): void {
  const key = argv[1];
  const s = lookupSet(c, key, true);
  if (s === null) return;
  if (s === undefined) return c.addInt(0);
  let removed = 0;
  for (let i = 2; i < argv.length && s.size() > 0; i++) if (s.delete(argv[i])) removed++;
  if (removed > 0) {
    c.db.signalModified(key);
    c.server.notifyKeyspaceEvent('s', 'srem', key, c.db.id);
    deleteIfEmpty(c.server, c.db, key, s);
    c.server.dirty += removed;
  }
  c.addInt(removed);
}

function scard(c: Client, argv: string[]): void {
  const s = lookupSet(c, argv[1], false);
  if (s === null) return;
  c.addInt(s === undefined ? 0 : s.size());
}

function sismember(c: Client, argv: string[]): void {
  const s = lookupSet(c, argv[1], false);
  if (s === null) return;
  c.addInt(s !== undefined && s.has(argv[2]) ? 1 : 0);
}

function smismember(c: Client, argv: string[]): void {
  const s = lookupSet(c, argv[1], false);
  if (s === null) return;
  c.addArrayLen(argv.length - 2);
  for (let i = 2; i < argv.length; i++) c.addInt(s !== undefined && s.has(argv[i]) ? 1 : 0);
}

function replySet(c: Client, members: readonly string[]): void {
  c.addSetLen(members.length);
  for (let i = 0; i < members.length; i++) c.addBulk(members[i]);
}

// ---- SPOP / SRANDMEMBER ----

/** Removes and returns a random member. */
function popRandom(server: Server, s: SetValue): string {
  const m = s.at(server.random.int(s.size()));
  s.delete(m);
  return m;
}

function spop(c: Client, argv: string[]): void {
  if (argv.length > 3) return c.addError(E.SYNTAX);
  if (argv.length === 3) return spopWithCount(c, argv);
  const key = argv[1];
  const s = lookupSet(c, key, true);
  if (s === null) return;
  if (s === undefined) return c.addNull();
  const m = popRandom(c.server, s);
  c.server.notifyKeyspaceEvent('s', 'spop', key, c.db.id);
  c.propagateArgv = ['SREM', key, m];
  deleteIfEmpty(c.server, c.db, key, s);
  c.db.signalModified(key);
  c.server.dirty++;
  c.addBulk(m);
}

function spopWithCount(c: Client, argv: string[]): void {
  const count = parseLong(argv[2]);
  if (count === null || count < 0) return c.addError(E.POSITIVE);
  const key = argv[1];
  const s = lookupSet(c, key, true);
  if (s === null) return;
  if (s === undefined || count === 0) return c.addSetLen(0);
  const server = c.server;
  let popped: string[];
  if (count >= s.size()) {
    popped = s.members();
    c.db.delete(key);
    c.propagateArgv = ['DEL', key];
    server.notifyKeyspaceEvent('s', 'spop', key, c.db.id);
    server.notifyKeyspaceEvent('g', 'del', key, c.db.id);
  } else {
    popped = new Array(count);
    for (let i = 0; i < count; i++) popped[i] = popRandom(server, s);
    c.propagateArgv = ['SREM', key, ...popped];
    server.notifyKeyspaceEvent('s', 'spop', key, c.db.id);
  }
  c.db.signalModified(key);
  server.dirty += popped.length;
  replySet(c, popped);
}

/** Largest reply materialized for a negative SRANDMEMBER count (Redis itself would exhaust memory). */
const MAX_RANDOM_REPLY = 1 << 26;

function srandmember(c: Client, argv: string[]): void {
  if (argv.length > 3) return c.addError(E.SYNTAX);
  if (argv.length === 2) {
    const s = lookupSet(c, argv[1], false);
    if (s === null) return;
    if (s === undefined) return c.addNull();
    return c.addBulk(s.at(c.server.random.int(s.size())));
  }
  const n = parseLong(argv[2]);
  if (n === null) return c.addError(E.NOT_INTEGER);
  if (argv[2] === '-9223372036854775808') return c.addError('ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807');
  const s = lookupSet(c, argv[1], false);
  if (s === null) return;
  if (s === undefined || n === 0) return c.addEmptyArray();
  const size = s.size();
  const rnd = c.server.random;
  if (n < 0) {
    const count = Math.min(-n, MAX_RANDOM_REPLY);
    c.addArrayLen(count);
    for (let i = 0; i < count; i++) c.addBulk(s.at(rnd.int(size)));
    return;
  }
  if (n >= size) return c.addBulks(s.members());
  const all = s.members();
  for (let i = 0; i < n; i++) {
    const j = i + rnd.int(size - i);
    const t = all[i];
    all[i] = all[j];
    all[j] = t;
  }
  all.length = n;
  c.addBulks(all);
}

// ---- SMOVE ----

function smove(c: Client, argv: string[]): void {
  const [, srcKey, dstKey, member] = argv;
  if (c.db.lookupWrite(srcKey) === undefined) return c.addInt(0);
  const src = lookupSet(c, srcKey, true) as SetValue | null;
  if (src === null) return;
  const dst = lookupSet(c, dstKey, true);
  if (dst === null) return;
  if (src === dst) return c.addInt(src.has(member) ? 1 : 0);
  if (!src.delete(member)) return c.addInt(0);
  const server = c.server;
  server.notifyKeyspaceEvent('s', 'srem', srcKey, c.db.id);
  deleteIfEmpty(server, c.db, srcKey, src);
  let target = dst;
  if (target === undefined) {
    target = new SetValue();
    c.db.add(dstKey, target);
  }
  if (target.add(member, server.settings)) {
    server.dirty++;
    server.notifyKeyspaceEvent('s', 'sadd', dstKey, c.db.id);
  }
  c.db.signalModified(srcKey);
  c.db.signalModified(dstKey);
  server.dirty++;
  c.addInt(1);
}

// ---- set algebra ----

/** Looks up every key (missing = undefined); null after a WRONGTYPE reply. */
function lookupAll(c: Client, keys: readonly string[]): (SetValue | undefined)[] | null {
  const out: (SetValue | undefined)[] = new Array(keys.length);
  for (let i = 0; i < keys.length; i++) {
    const s = lookupSet(c, keys[i], false);
    if (s === null) return null;
    out[i] = s;
  }
  return out;
}

/** Members of the intersection, in the iteration order of the smallest set; stops at `limit` (0 = all). */
function intersect(sets: (SetValue | undefined)[], limit: number): string[] {
  if (sets.some((s) => s === undefined || s.size() === 0)) return [];
  const sorted = (sets as SetValue[]).slice().sort((a, b) => a.size() - b.size());
  const out: string[] = [];
  const first = sorted[0];
  for (let i = 0; i < first.size(); i++) {
    const m = first.at(i);
    let inAll = true;
    for (let j = 1; j < sorted.length && inAll; j++) if (!sorted[j].has(m)) inAll = false;
    if (!inAll) continue;
    out.push(m);
    if (limit > 0 && out.length >= limit) break;
  }
  return out;
}

function unionOrDiff(c: Client, sets: (SetValue | undefined)[], diff: boolean): SetValue {
  const result = new SetValue();
  const limits = c.server.settings;
  if (!diff) {
    for (const s of sets) s?.forEach((m) => result.add(m, limits));
    return result;
  }
  const first = sets[0];
  if (first === undefined) return result;
  first.forEach((m) => {
    for (let j = 1; j < sets.length; j++) if (sets[j]?.has(m)) return;
    result.add(m, limits);
  });
  return result;
}

type SetOp = 'inter' | 'union' | 'diff';

function setAlgebra(c: Client, argv: string[], op: SetOp, store: boolean): void {
  const keys = argv.slice(store ? 2 : 1);
  const sets = lookupAll(c, keys);
  if (sets === null) return;
  if (op === 'inter') {
    // SINTER replies in the smallest set's order, as Redis does.
    const members = intersect(sets, 0);
    if (!store) return replySet(c, members);
    return storeResult(c, argv[1], SetValue.from(members, c.server.settings), 'sinterstore');
  }
  const result = unionOrDiff(c, sets, op === 'diff');
  if (!store) return replySet(c, result.members());
  storeResult(c, argv[1], result, `s${op}store`);
}

function storeResult(c: Client, dstKey: string, result: SetValue, event: string): void {
  const db = c.db;
  const server = c.server;
  if (result.size() === 0) {
    if (db.delete(dstKey)) {
      db.signalModified(dstKey);
      server.notifyKeyspaceEvent('g', 'del', dstKey, db.id);
      server.dirty++;
    }
    return c.addInt(0);
  }
  db.lookupWrite(dstKey);
  db.set(dstKey, result);
  db.signalModified(dstKey);
  server.notifyKeyspaceEvent('s', event, dstKey, db.id);
  server.dirty++;
  c.addInt(result.size());
}

function sintercard(c: Client, argv: string[]): void {
  const numkeys = parseLong(argv[1]);
  if (numkeys === null || numkeys <= 0) return c.addError('ERR numkeys should be greater than 0');
  if (numkeys > argv.length - 2) return c.addError("ERR Number of keys can't be greater than number of args");
  let limit = 0;
  for (let i = 2 + numkeys; i < argv.length; i += 2) {
    if (i + 1 >= argv.length || argv[i].toUpperCase() !== 'LIMIT') return c.addError(E.SYNTAX);
    const l = parseLong(argv[i + 1]);
    if (l === null || l < 0) return c.addError("ERR LIMIT can't be negative");
    limit = l;
  }
  const sets = lookupAll(c, argv.slice(2, 2 + numkeys));
  if (sets === null) return;
  c.addInt(intersect(sets, limit).length);
}

// ---- SSCAN ----

function sscan(c: Client, argv: string[]): void {
  if (!validCursor(argv[2])) return c.addError('ERR invalid cursor');
  const s = lookupSet(c, argv[1], false);
  if (s === null) return;
  if (s === undefined) return replyScan(c, '0', []);
  const opts = parseScanOptions(argv, 3, false);
  if (typeof opts === 'string') return c.addError(opts);
  const out: string[] = [];
  const map = s.liveMap();
  if (map === null) {
    s.forEach((m) => {
      if (opts.pattern === null || globMatch(opts.pattern, m)) out.push(m);
    });
    return replyScan(c, '0', out);
  }
  const cursors = scanCursorsOf(c.server.modules);
  const it = cursors.resume(argv[2], map, () => map.keys());
  for (let visited = 0; visited < opts.count; visited++) {
    const r = it.next();
    if (r.done) return replyScan(c, '0', out);
    if (opts.pattern === null || globMatch(opts.pattern, r.value)) out.push(r.value);
  }
  replyScan(c, cursors.park(map, it), out);
}

/** Keys of SINTERCARD: numkeys at argv[1]. */
function sintercardKeys(argv: readonly string[]): number[] {
  const n = parseLong(argv[1] ?? '');
  if (n === null || n <= 0 || 1 + n >= argv.length) return [];
  return Array.from({ length: n }, (_, i) => 2 + i);
}

const SET = { categories: ['set'] };

export const setCommands: CommandSpec[] = [
  cmd('sadd', -3, 'write denyoom fast', [1, 1, 1], 'set', sadd, { ...SET }),
  cmd('srem', -3, 'write fast', [1, 1, 1], 'set', srem, { ...SET }),
  cmd('scard', 2, 'readonly fast', [1, 1, 1], 'set', scard, { ...SET }),
  cmd('sismember', 3, 'readonly fast', [1, 1, 1], 'set', sismember, { ...SET }),
  cmd('smismember', -3, 'readonly fast', [1, 1, 1], 'set', smismember, { ...SET, since: '6.2.0' }),
  cmd('smembers', 2, 'readonly', [1, 1, 1], 'set', (c, a) => setAlgebra(c, a, 'inter', false), { ...SET }),
  cmd('spop', -2, 'write fast', [1, 1, 1], 'set', spop, { ...SET }),
  cmd('srandmember', -2, 'readonly', [1, 1, 1], 'set', srandmember, { ...SET }),
  cmd('smove', 4, 'write fast', [1, 2, 1], 'set', smove, { ...SET }),
  cmd('sinter', -2, 'readonly', [1, -1, 1], 'set', (c, a) => setAlgebra(c, a, 'inter', false), { ...SET }),
  cmd('sintercard', -3, 'readonly movablekeys', [0, 0, 0], 'set', sintercard, { ...SET, since: '7.0.0', getKeys: sintercardKeys }),
  cmd('sunion', -2, 'readonly', [1, -1, 1], 'set', (c, a) => setAlgebra(c, a, 'union', false), { ...SET }),
  cmd('sdiff', -2, 'readonly', [1, -1, 1], 'set', (c, a) => setAlgebra(c, a, 'diff', false), { ...SET }),
  cmd('sinterstore', -3, 'write denyoom', [1, -1, 1], 'set', (c, a) => setAlgebra(c, a, 'inter', true), { ...SET }),
  cmd('sunionstore', -3, 'write denyoom', [1, -1, 1], 'set', (c, a) => setAlgebra(c, a, 'union', true), { ...SET }),
  cmd('sdiffstore', -3, 'write denyoom', [1, -1, 1], 'set', (c, a) => setAlgebra(c, a, 'diff', true), { ...SET }),
  cmd('sscan', -3, 'readonly', [1, 1, 1], 'set', sscan, { ...SET, since: '2.8.0' }),
];

export function install(server: Server): void {
  server.commands.register(setCommands);
}
