/**
 * List commands (LPUSH ... LMPOP) and their blocking forms (BLPOP BRPOP BLMOVE BRPOPLPUSH BLMPOP).
 *
 * Every write follows the house order: lookup, type check, mutate, delete the key if it became empty,
 * signalModified, keyspace events (Redis's names: lpush rpush lpop rpop linsert lset lrem ltrim, del), dirty,
 * reply. Blocking commands that find data answer at once and propagate as their non-blocking form (BLPOP ->
 * LPOP, BLMOVE -> LMOVE, BLMPOP -> LPOP key count); otherwise they park the client through
 * server/blocking.ts, whose handler (LIST_BLOCK below) serves it when a push makes one of its keys ready.
 */
import type { Server } from '../server/server.js';
import type { Client } from '../server/client.js';
import type { Database } from '../keyspace/database.js';
import { ListValue } from '../keyspace/types/list.js';
import { cmd, type CommandSpec } from './spec.js';
import { E } from '../server/errors.js';
import { isKeyword, parseLong } from './util.js';
import { blockClient, installBlocking, mayBlock, parseTimeoutOrReply, type BlockHandler, type BlockedState } from '../server/blocking.js';

type End = 'left' | 'right';

/** The list at `key`: undefined when missing, null after answering WRONGTYPE. */
function lookupList(c: Client, key: string, write: boolean): ListValue | undefined | null {
  const v = write ? c.db.lookupWrite(key) : c.db.lookupRead(key);
  if (v === undefined) return undefined;
  if (typeof v === 'string' || v.kind !== 'list') {
    c.addError(E.WRONGTYPE);
    return null;
  }
  return v as ListValue;
}

function listAt(db: Database, key: string): ListValue | undefined {
  const v = db.lookupWrite(key);
  return v !== undefined && typeof v !== 'string' && v.kind === 'list' ? (v as ListValue) : undefined;
}

/** Deletes `key` when its list became empty and emits "del". */
function deleteIfEmpty(server: Server, db: Database, key: string, list: ListValue): void {
  if (list.size() !== 0) return;
  db.delete(key);
  server.notifyKeyspaceEvent('g', 'del', key, db.id);
}

function parseEnd(arg: string): End | null {
  if (isKeyword(arg, 'LEFT')) return 'left';
  if (isKeyword(arg, 'RIGHT')) return 'right';
  return null;
}

// ---- pushes ----

function pushGeneric(c: Client, argv: string[], end: End, onlyIfExists: boolean): void {
  const key = argv[1];
  const db = c.db;
  let list = lookupList(c, key, true);
  if (list === null) return;
  if (list === undefined) {
    if (onlyIfExists) return c.addInt(0);
    list = new ListValue();
    db.add(key, list);
  }
  if (end === 'left') for (let i = 2; i < argv.length; i++) list.pushHead(argv[i]);
  else for (let i = 2; i < argv.length; i++) list.pushTail(argv[i]);
  db.signalModified(key);
  c.server.notifyKeyspaceEvent('l', end === 'left' ? 'lpush' : 'rpush', key, db.id);
  c.server.dirty += argv.length - 2;
  c.addInt(list.size());
}

// ---- pops ----

/** Pops up to `count` elements from one end; emits the pop event and deletes the key when emptied. */
function popElements(server: Server, db: Database, key: string, list: ListValue, end: End, count: number): string[] {
  const n = Math.min(count, list.size());
  const out: string[] = new Array(n);
  for (let i = 0; i < n; i++) out[i] = (end === 'left' ? list.popHead() : list.popTail()) as string;
  server.notifyKeyspaceEvent('l', end === 'left' ? 'lpop' : 'rpop', key, db.id);
  deleteIfEmpty(server, db, key, list);
  db.signalModified(key);
  server.dirty++;
  return out;
}

function popCommand(c: Client, argv: string[], end: End): void {
  if (argv.length > 3) return c.addError(`ERR wrong number of arguments for '${argv[0].toLowerCase()}' command`);
  const hasCount = argv.length === 3;
  let count = 1;
  if (hasCount) {
    const n = parseLong(argv[2]);
    if (n === null || n < 0) return c.addError(E.POSITIVE);
    count = n;
  }
  const list = lookupList(c, argv[1], true);
  if (list === null) return;
  if (list === undefined) return hasCount ? c.addNullArray() : c.addNull();
  if (hasCount && count === 0) return c.addEmptyArray();
  const items = popElements(c.server, c.db, argv[1], list, end, count);
  if (hasCount) c.addBulks(items);
  else c.addBulk(items[0]);
}

// ---- reads and in-place edits ----

function llen(c: Client, argv: string[]): void {
  const list = lookupList(c, argv[1], false);
  if (list === null) return;
  c.addInt(list === undefined ? 0 : list.size());
}

function lindex(c: Client, argv: string[]): void {
  const list = lookupList(c, argv[1], false);
  if (list === null) return;
  if (list === undefined) return c.addNull();
  const idx = parseLong(argv[2]);
  if (idx === null) return c.addError(E.NOT_INTEGER);
  const i = idx < 0 ? list.size() + idx : idx;
  if (i < 0 || i >= list.size()) return c.addNull();
  c.addBulk(list.at(i));
}

function lset(c: Client, argv: string[]): void {
  const list = lookupList(c, argv[1], true);
  if (list === null) return;
  if (list === undefined) return c.addError(E.NO_SUCH_KEY);
  const idx = parseLong(argv[2]);
  if (idx === null) return c.addError(E.NOT_INTEGER);
  const i = idx < 0 ? list.size() + idx : idx;
  if (i < 0 || i >= list.size()) return c.addError(E.INDEX_OUT_OF_RANGE);
  list.setAt(i, argv[3]);
  c.db.signalModified(argv[1]);
  c.server.notifyKeyspaceEvent('l', 'lset', argv[1], c.db.id);
  c.server.dirty++;
  c.addOK();
}

/** Redis's start/end normalisation for LRANGE/LTRIM: returns [start, end] clamped, start > end if empty. */
function clampRange(start: number, end: number, len: number): [number, number] {
  if (start < 0) start = len + start;
  if (end < 0) end = len + end;
  if (start < 0) start = 0;
  if (start > end || start >= len) return [1, 0];
  if (end >= len) end = len - 1;
  return [start, end];
}

function lrange(c: Client, argv: string[]): void {
  const start = parseLong(argv[2]);
  const end = parseLong(argv[3]);
  if (start === null || end === null) return c.addError(E.NOT_INTEGER);
  const list = lookupList(c, argv[1], false);
  if (list === null) return;
  if (list === undefined) return c.addEmptyArray();
  const [s, e] = clampRange(start, end, list.size());
  if (s > e) return c.addEmptyArray();
  c.addBulks(list.range(s, e));
}

function ltrim(c: Client, argv: string[]): void {
  const start = parseLong(argv[2]);
  const end = parseLong(argv[3]);
  if (start === null || end === null) return c.addError(E.NOT_INTEGER);
  const key = argv[1];
  const list = lookupList(c, key, true);
  if (list === null) return;
  if (list === undefined) return c.addOK();
  const [s, e] = clampRange(start, end, list.size());
  list.trim(s, e);
  c.server.notifyKeyspaceEvent('l', 'ltrim', key, c.db.id);
  deleteIfEmpty(c.server, c.db, key, list);
  c.db.signalModified(key);
  c.server.dirty += 1;
  c.addOK();
}

function lrem(c: Client, argv: string[]): void {
  const count = parseLong(argv[2]);
  if (count === null) return c.addError(E.NOT_INTEGER);
  const key = argv[1];
  const elem = argv[3];
  const list = lookupList(c, key, true);
  if (list === null) return;
  if (list === undefined) return c.addInt(0);
  const removed = count >= 0 ? removeFromHead(list, elem, count) : removeFromTail(list, elem, -count);
  if (removed > 0) {
    c.server.notifyKeyspaceEvent('l', 'lrem', key, c.db.id);
    deleteIfEmpty(c.server, c.db, key, list);
    c.db.signalModified(key);
    c.server.dirty += removed;
  }
  c.addInt(removed);
}

function removeFromHead(list: ListValue, elem: string, limit: number): number {
  let n = 0;
  return list.retain((v) => {
    if (v !== elem || (limit > 0 && n >= limit)) return true;
    n++;
    return false;
  });
}

function removeFromTail(list: ListValue, elem: string, limit: number): number {
  const drop = new Set<number>();
  for (let i = list.size() - 1; i >= 0 && drop.size < limit; i--) if (list.at(i) === elem) drop.add(i);
  if (drop.size === 0) return 0;
  return list.retain((_v, i) => !drop.has(i));
}

function linsert(c: Client, argv: string[]): void {
  let after: boolean;
  if (isKeyword(argv[2], 'AFTER')) after = true;
  else if (isKeyword(argv[2], 'BEFORE')) after = false;
  else return c.addError(E.SYNTAX);
  const key = argv[1];
  const list = lookupList(c, key, true);
  if (list === null) return;
  if (list === undefined) return c.addInt(0);
  const n = list.size();
  let pos = -1;
  for (let i = 0; i < n; i++) {
    if (list.at(i) === argv[3]) {
      pos = i;
      break;
    }
  }
  if (pos < 0) return c.addInt(-1);
  list.insertAt(after ? pos + 1 : pos, argv[4]);
  c.db.signalModified(key);
  c.server.notifyKeyspaceEvent('l', 'linsert', key, c.db.id);
  c.server.dirty++;
  c.addInt(list.size());
}

// ---- LPOS ----

interface LposOpts {
  rank: number;
  count: number;
  hasCount: boolean;
  maxlen: number;
}

function parseLposOpts(c: Client, argv: string[]): LposOpts | null {
  const o: LposOpts = { rank: 1, count: 0, hasCount: false, maxlen: 0 };
  for (let i = 3; i < argv.length; i++) {
    const last = i === argv.length - 1;
    const opt = argv[i];
    const v = last ? null : parseLong(argv[i + 1]);
    if (last || !(isKeyword(opt, 'RANK') || isKeyword(opt, 'COUNT') || isKeyword(opt, 'MAXLEN'))) {
      c.addError(E.SYNTAX);
      return null;
    }
    i++;
    if (v === null) {
      c.addError(isKeyword(opt, 'RANK') ? E.NOT_INTEGER : `ERR ${opt.toUpperCase()} can't be negative`);
      return null;
    }
    if (isKeyword(opt, 'RANK')) {
      if (v === 0) {
        c.addError("ERR RANK can't be zero: use 1 to start from the first match, 2 from the second ... or use negative to start from the end of the list");
        return null;
      }
      o.rank = v;
    } else if (isKeyword(opt, 'COUNT')) {
      if (v < 0) {
        c.addError("ERR COUNT can't be negative");
        return null;
      }
      o.count = v;
      o.hasCount = true;
    } else {
      if (v < 0) {
        c.addError("ERR MAXLEN can't be negative");
        return null;
      }
      o.maxlen = v;
    }
  }
  return o;
}

function lpos(c: Client, argv: string[]): void {
  const o = parseLposOpts(c, argv);
  if (o === null) return;
  const list = lookupList(c, argv[1], false);
  if (list === null) return;
  if (list === undefined) return o.hasCount ? c.addEmptyArray() : c.addNull();
  const n = list.size();
  const fromTail = o.rank < 0;
  // Redis negates RANK with C arithmetic: -LLONG_MIN stays negative, so every match qualifies.
  const rank = o.rank < -9007199254740991 ? 1 : Math.abs(o.rank);
  const want = o.hasCount && o.count === 0 ? Infinity : o.hasCount ? o.count : 1;
  const found: number[] = [];
  let matches = 0;
  for (let k = 0; k < n && (o.maxlen === 0 || k < o.maxlen) && found.length < want; k++) {
    const i = fromTail ? n - 1 - k : k;
    if (list.at(i) !== argv[2]) continue;
    matches++;
    if (matches >= rank) found.push(i);
  }
  if (!o.hasCount) return found.length === 0 ? c.addNull() : c.addInt(found[0]);
  c.addArrayLen(found.length);
  for (const i of found) c.addInt(i);
}

// ---- LMOVE / RPOPLPUSH ----

/** Moves one element from src to dst; null when src is missing, undefined after a WRONGTYPE reply. */
function moveElement(c: Client, db: Database, src: string, dst: string, from: End, to: End): string | null | undefined {
  const server = c.server;
  const sv = db.lookupWrite(src);
  if (sv === undefined) return null;
  if (typeof sv === 'string' || sv.kind !== 'list') return undefined;
  const dv = db.lookupWrite(dst);
  if (dv !== undefined && (typeof dv === 'string' || dv.kind !== 'list')) return undefined;
  const slist = sv as ListValue;
  const value = (from === 'left' ? slist.popHead() : slist.popTail()) as string;
  let dlist = dv as ListValue | undefined;
  if (dlist === undefined) {
    dlist = new ListValue();
    db.add(dst, dlist);
  }
  if (to === 'left') dlist.pushHead(value);
  else dlist.pushTail(value);
  db.signalModified(dst);
  server.notifyKeyspaceEvent('l', to === 'left' ? 'lpush' : 'rpush', dst, db.id);
  server.notifyKeyspaceEvent('l', from === 'left' ? 'lpop' : 'rpop', src, db.id);
  deleteIfEmpty(server, db, src, slist);
  db.signalModified(src);
  server.dirty++;
  return value;
}

function lmoveGeneric(c: Client, src: string, dst: string, from: End, to: End): void {
  const v = moveElement(c, c.db, src, dst, from, to);
  if (v === undefined) return c.addError(E.WRONGTYPE);
  c.addBulkOrNull(v);
}

function lmove(c: Client, argv: string[]): void {
  const from = parseEnd(argv[3]);
  const to = parseEnd(argv[4]);
  if (from === null || to === null) return c.addError(E.SYNTAX);
  lmoveGeneric(c, argv[1], argv[2], from, to);
}

// ---- LMPOP / BLMPOP argument parsing ----

interface MpopArgs {
  keys: string[];
  end: End;
  count: number;
  hasCount: boolean;
}

/** Parses "numkeys key... LEFT|RIGHT [COUNT n]" starting at argv[at]. */
function parseMpop(c: Client, argv: string[], at: number): MpopArgs | null {
  const numkeys = parseLong(argv[at]);
  if (numkeys === null || numkeys <= 0) {
    c.addError('ERR numkeys should be greater than 0');
    return null;
  }
  const endAt = at + 1 + numkeys;
  const end = endAt < argv.length ? parseEnd(argv[endAt]) : null;
  if (end === null) {
    c.addError(E.SYNTAX);
    return null;
  }
  const r: MpopArgs = { keys: argv.slice(at + 1, endAt), end, count: 1, hasCount: false };
  for (let i = endAt + 1; i < argv.length; i += 2) {
    if (r.hasCount || i + 1 >= argv.length || !isKeyword(argv[i], 'COUNT')) {
      c.addError(E.SYNTAX);
      return null;
    }
    const n = parseLong(argv[i + 1]);
    if (n === null || n <= 0) {
      c.addError('ERR count should be greater than 0');
      return null;
    }
    r.count = n;
    r.hasCount = true;
  }
  return r;
}

/** Pops from the first non-empty key; replies [key, [elements]] and sets the propagated form. */
function mpopFirst(c: Client, a: MpopArgs): boolean | null {
  for (const key of a.keys) {
    const list = lookupList(c, key, true);
    if (list === null) return null;
    if (list === undefined) continue;
    const items = popElements(c.server, c.db, key, list, a.end, a.count);
    c.addArrayLen(2);
    c.addBulk(key);
    c.addBulks(items);
    c.propagateArgv = [a.end === 'left' ? 'LPOP' : 'RPOP', key, String(items.length)];
    return true;
  }
  return false;
}

function lmpop(c: Client, argv: string[]): void {
  const a = parseMpop(c, argv, 1);
  if (a === null) return;
  if (mpopFirst(c, a) === false) c.addNullArray();
}

// ---- blocking forms ----

type ListBlockData =
  | { op: 'pop'; end: End }
  | { op: 'move'; dst: string; from: End; to: End; words: string[] | null }
  | { op: 'mpop'; end: End; count: number };

/** Serves one blocked client from `key`, replying and propagating as the non-blocking command. */
function serveBlockedList(c: Client, db: Database, key: string, st: BlockedState): boolean {
  const server = c.server;
  const list = listAt(db, key);
  if (list === undefined || list.size() === 0) return false;
  const d = st.data as ListBlockData;
  if (d.op === 'move') {
    const v = moveElement(c, db, key, d.dst, d.from, d.to);
    if (v === undefined) c.addError(E.WRONGTYPE);
    else if (v !== null) {
      c.addBulk(v);
      server.propagate(db.id, d.words === null ? ['RPOPLPUSH', key, d.dst] : ['LMOVE', key, d.dst, d.words[0], d.words[1]]);
    }
    return true;
  }
  const count = d.op === 'mpop' ? d.count : 1;
  const items = popElements(server, db, key, list, d.end, count);
  c.addArrayLen(2);
  c.addBulk(key);
  if (d.op === 'mpop') c.addBulks(items);
  else c.addBulk(items[0]);
  const pop = d.end === 'left' ? 'LPOP' : 'RPOP';
  server.propagate(db.id, d.op === 'mpop' ? [pop, key, String(items.length)] : [pop, key]);
  return true;
}

const LIST_BLOCK: BlockHandler = {
  serve: serveBlockedList,
  timeout: (c) => c.addNullArray(),
};

function bpop(c: Client, argv: string[], end: End): void {
  const deadline = parseTimeoutOrReply(c, argv[argv.length - 1], 'seconds');
  if (deadline === null) return;
  const keys = argv.slice(1, -1);
  for (const key of keys) {
    const list = lookupList(c, key, true);
    if (list === null) return;
    if (list === undefined) continue;
    const [v] = popElements(c.server, c.db, key, list, end, 1);
    c.addArrayLen(2);
    c.addBulk(key);
    c.addBulk(v);
    c.propagateArgv = [end === 'left' ? 'LPOP' : 'RPOP', key];
    return;
  }
  if (!mayBlock(c)) return c.addNullArray();
  blockClient(c, keys, deadline, LIST_BLOCK, { op: 'pop', end });
}

function blmoveGeneric(c: Client, argv: string[], from: End, to: End, timeoutArg: string, rpoplpush: boolean): void {
  const deadline = parseTimeoutOrReply(c, timeoutArg, 'seconds');
  if (deadline === null) return;
  const src = argv[1];
  const dst = argv[2];
  const sv = c.db.lookupWrite(src);
  if (sv !== undefined) {
    lmoveGeneric(c, src, dst, from, to);
    c.propagateArgv = rpoplpush ? ['RPOPLPUSH', src, dst] : ['LMOVE', src, dst, argv[3], argv[4]];
    return;
  }
  if (!mayBlock(c)) return c.addNull();
  blockClient(c, [src], deadline, LIST_BLOCK, { op: 'move', dst, from, to, words: rpoplpush ? null : [argv[3], argv[4]] });
}

function blmove(c: Client, argv: string[]): void {
  const from = parseEnd(argv[3]);
  const to = parseEnd(argv[4]);
  if (from === null || to === null) return c.addError(E.SYNTAX);
  blmoveGeneric(c, argv, from, to, argv[5], false);
}

function blmpop(c: Client, argv: string[]): void {
  const deadline = parseTimeoutOrReply(c, argv[1], 'seconds');
  if (deadline === null) return;
  const a = parseMpop(c, argv, 2);
  if (a === null) return;
  const r = mpopFirst(c, a);
  if (r !== false) return;
  if (!mayBlock(c)) return c.addNullArray();
  blockClient(c, a.keys, deadline, LIST_BLOCK, { op: 'mpop', end: a.end, count: a.count });
}

/** Keys of LMPOP/BLMPOP: numkeys at argv[at]. */
function mpopKeys(at: number): (argv: readonly string[]) => number[] {
  return (argv) => {
    const n = parseLong(argv[at] ?? '');
    if (n === null || n <= 0 || at + n >= argv.length) return [];
    return Array.from({ length: n }, (_, i) => at + 1 + i);
  };
}

const LIST = { categories: ['list'] };

export const listCommands: CommandSpec[] = [
  cmd('lpush', -3, 'write denyoom fast', [1, 1, 1], 'list', (c, a) => pushGeneric(c, a, 'left', false), { ...LIST }),
  cmd('rpush', -3, 'write denyoom fast', [1, 1, 1], 'list', (c, a) => pushGeneric(c, a, 'right', false), { ...LIST }),
  cmd('lpushx', -3, 'write denyoom fast', [1, 1, 1], 'list', (c, a) => pushGeneric(c, a, 'left', true), { ...LIST, since: '2.2.0' }),
  cmd('rpushx', -3, 'write denyoom fast', [1, 1, 1], 'list', (c, a) => pushGeneric(c, a, 'right', true), { ...LIST, since: '2.2.0' }),
  cmd('lpop', -2, 'write fast', [1, 1, 1], 'list', (c, a) => popCommand(c, a, 'left'), { ...LIST }),
  cmd('rpop', -2, 'write fast', [1, 1, 1], 'list', (c, a) => popCommand(c, a, 'right'), { ...LIST }),
  cmd('llen', 2, 'readonly fast', [1, 1, 1], 'list', llen, { ...LIST }),
  cmd('lindex', 3, 'readonly', [1, 1, 1], 'list', lindex, { ...LIST }),
  cmd('lset', 4, 'write denyoom', [1, 1, 1], 'list', lset, { ...LIST }),
  cmd('lrange', 4, 'readonly', [1, 1, 1], 'list', lrange, { ...LIST }),
  cmd('ltrim', 4, 'write', [1, 1, 1], 'list', ltrim, { ...LIST }),
  cmd('lrem', 4, 'write', [1, 1, 1], 'list', lrem, { ...LIST }),
  cmd('linsert', 5, 'write denyoom', [1, 1, 1], 'list', linsert, { ...LIST, since: '2.2.0' }),
  cmd('lpos', -3, 'readonly', [1, 1, 1], 'list', lpos, { ...LIST, since: '6.0.6' }),
  cmd('lmove', 5, 'write denyoom', [1, 2, 1], 'list', lmove, { ...LIST, since: '6.2.0' }),
  cmd('rpoplpush', 3, 'write denyoom', [1, 2, 1], 'list', (c, a) => lmoveGeneric(c, a[1], a[2], 'right', 'left'), { ...LIST, since: '1.2.0' }),
  cmd('lmpop', -4, 'write movablekeys', [0, 0, 0], 'list', lmpop, { ...LIST, since: '7.0.0', getKeys: mpopKeys(1) }),
  cmd('blpop', -3, 'write noscript blocking', [1, -2, 1], 'list', (c, a) => bpop(c, a, 'left'), { ...LIST, since: '2.0.0' }),
  cmd('brpop', -3, 'write noscript blocking', [1, -2, 1], 'list', (c, a) => bpop(c, a, 'right'), { ...LIST, since: '2.0.0' }),
  cmd('blmove', 6, 'write denyoom noscript blocking', [1, 2, 1], 'list', blmove, { ...LIST, since: '6.2.0' }),
  cmd('brpoplpush', 4, 'write denyoom noscript blocking', [1, 2, 1], 'list', (c, a) => blmoveGeneric(c, a, 'right', 'left', a[3], true), { ...LIST, since: '2.2.0' }),
  cmd('blmpop', -5, 'write blocking movablekeys', [0, 0, 0], 'list', blmpop, { ...LIST, since: '7.0.0', getKeys: mpopKeys(2) }),
];

export function install(server: Server): void {
  installBlocking(server);
  server.commands.register(listCommands);
}
