/**
 * SORT and SORT_RO over lists, sets and sorted sets: BY pattern (a constant pattern such as "nosort" skips
 * sorting), GET patterns ("#", "key_*", "hash_*->field"), LIMIT, ASC/DESC, ALPHA and STORE (into a list).
 *
 * Follows Redis's sortCommandGeneric step by step so that replies match: the same LIMIT arithmetic, the
 * same "don't sort" shortcuts for lists and sorted sets (native order, DESC walking backwards), numeric
 * weights parsed with strtod (ties broken by member bytes), ALPHA comparing bytes up to the first NUL (strcoll
 * in the C locale), and sorted sets converted to the skiplist encoding as a side effect, as Redis does.
 */
import type { Server } from '../server/server.js';
import type { Client } from '../server/client.js';
import { cmd } from './spec.js';
import { E } from '../server/errors.js';
import { isKeyword, parseLong } from './util.js';
import { ZSet, type ZRangeOut } from '../keyspace/types/zset.js';
import { ListValue } from '../keyspace/types/list.js';
import { SetValue } from '../keyspace/types/set.js';
import { HashValue } from '../keyspace/types/hash.js';
import type { Database } from '../keyspace/database.js';

interface SortOptions {
  desc: boolean;
  alpha: boolean;
  limitStart: number;
  limitCount: number;
  storeKey: string | null;
  sortBy: string | null;
  dontSort: boolean;
  gets: string[];
}

interface SortItem {
  obj: string;
  score: number;
  cmp: string | null;
}

/** The C-string view of an argument (what strchr/strcmp see). */
function cstr(s: string): string {
  const nul = s.indexOf('\0');
  return nul < 0 ? s : s.slice(0, nul);
}

function parseSortOptions(c: Client, argv: string[], readonly: boolean): SortOptions | null {
  const o: SortOptions = { desc: false, alpha: false, limitStart: 0, limitCount: -1, storeKey: null, sortBy: null, dontSort: false, gets: [] };
  for (let j = 2; j < argv.length; j++) {
    const left = argv.length - j - 1;
    const a = argv[j];
    if (isKeyword(a, 'ASC')) o.desc = false;
    else if (isKeyword(a, 'DESC')) o.desc = true;
    else if (isKeyword(a, 'ALPHA')) o.alpha = true;
    else if (isKeyword(a, 'LIMIT') && left >= 2) {
      const s = parseLong(argv[j + 1]);
      const n = s === null ? null : parseLong(argv[j + 2]);
      if (s === null || n === null) return c.addError(E.NOT_INTEGER), null;
      o.limitStart = s;
      o.limitCount = n;
      j += 2;
    } else if (!readonly && isKeyword(a, 'STORE') && left >= 1) {
      o.storeKey = argv[++j];
    } else if (isKeyword(a, 'BY') && left >= 1) {
      o.sortBy = argv[++j];
      if (cstr(o.sortBy).indexOf('*') < 0) o.dontSort = true;
    } else if (isKeyword(a, 'GET') && left >= 1) {
      o.gets.push(argv[++j]);
    } else {
      return c.addError(E.SYNTAX), null;
    }
  }
  return o;
}

/** lookupKeyByPattern: "#" is the element itself; "*" substituted; "->field" reads a hash field. */
function lookupByPattern(db: Database, pattern: string, subst: string): string | null {
  const spat = cstr(pattern);
  if (spat === '#') return subst;
  const p = spat.indexOf('*');
  if (p < 0) return null;
  const f = spat.indexOf('->', p + 1);
  const hasField = f >= 0 && f + 2 < spat.length;
  const field = hasField ? pattern.slice(f + 2) : '';
  const postfixEnd = hasField ? f : pattern.length;
  const key = pattern.slice(0, p) + subst + pattern.slice(p + 1, postfixEnd);
  const v = db.lookupRead(key);
  if (v === undefined) return null;
  if (hasField) {
    if (!(v instanceof HashValue)) return null;
    return v.get(field) ?? null;
  }
  return typeof v === 'string' ? v : null;
}

/** strtod as SORT uses it: leading spaces, whole C string, no ERANGE, no NaN. */
function sortScore(s: string): number | null {
  const t = cstr(s).replace(/^[ \t\n\v\f\r]+/, '');
  if (t.length === 0) return cstr(s).length === 0 ? 0 : null;
  if (/^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/.test(t)) {
    const v = Number(t);
    if (!Number.isFinite(v)) return null;
    if (v === 0 && /[1-9]/.test(t.replace(/[eE].*$/, ''))) return null;
    return v;
  }
  if (/^[+-]?(?:inf|infinity)$/i.test(t)) return t[0] === '-' ? -Infinity : Infinity;
  const m = /^([+-]?)0[xX]([0-9a-fA-F]*)\.?([0-9a-fA-F]*)(?:[pP]([+-]?\d+))?$/.exec(t);
  if (m === null || (m[2] === '' && m[3] === '')) return null;
  const v = Number(BigInt('0x' + m[2] + m[3])) * Math.pow(2, (m[4] ? Number(m[4]) : 0) - 4 * m[3].length);
  return m[1] === '-' ? -v : v;
}

function cmpBytes(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Loads the elements to sort, applying Redis's direct-range shortcut for lists and zsets with dontsort. */
function loadVector(v: ListValue | SetValue | ZSet | null, o: SortOptions, range: { start: number; end: number }): string[] {
  if (v === null) return [];
  const direct = o.dontSort && !(v instanceof SetValue);
  const n = v.size();
  if (!direct) {
    if (v instanceof ListValue) return v.toArray();
    if (v instanceof SetValue) return v.members();
    const out: string[] = [];
    (v as ZSet).forEach((m) => out.push(m));
    return out;
  }
  const len = range.start !== 0 || range.end !== n - 1 ? range.end - range.start + 1 : n;
  if (len <= 0) return [];
  const from = o.desc ? n - range.start - 1 : range.start;
  let items: string[];
  if (v instanceof ListValue) {
    items = [];
    for (let i = 0; i < len; i++) items.push(v.at(o.desc ? from - i : from + i));
  } else {
    const out: ZRangeOut = { members: [], scores: [] };
    (v as ZSet).collect(from, len, o.desc, out);
    items = out.members;
  }
  range.start = 0;
  range.end = len - 1;
  return items;
}

/** Weights and the sort itself; returns false when a weight is not a number. */
function sortItems(db: Database, items: SortItem[], o: SortOptions, storing: boolean): boolean {
  let conversionError = false;
  for (const it of items) {
    const byval = o.sortBy !== null ? lookupByPattern(db, o.sortBy, it.obj) : it.obj;
    if (byval === null) continue;
    if (o.alpha) {
      if (o.sortBy !== null) it.cmp = byval;
    } else {
      const s = sortScore(byval);
      if (s === null) conversionError = true;
      else it.score = s;
    }
  }
  const sign = o.desc ? -1 : 1;
  items.sort((a, b) => sign * compareItems(a, b, o, storing));
  return !conversionError;
}

function compareItems(a: SortItem, b: SortItem, o: SortOptions, storing: boolean): number {
  if (!o.alpha) {
    if (a.score > b.score) return 1;
    if (a.score < b.score) return -1;
    return cmpBytes(a.obj, b.obj);
  }
  if (o.sortBy !== null) {
    if (a.cmp === null || b.cmp === null) return a.cmp === b.cmp ? 0 : a.cmp === null ? -1 : 1;
    return storing ? cmpBytes(a.cmp, b.cmp) : cmpBytes(cstr(a.cmp), cstr(b.cmp));
  }
  return storing ? cmpBytes(a.obj, b.obj) : cmpBytes(cstr(a.obj), cstr(b.obj));
}

function sortGeneric(c: Client, argv: string[], readonly: boolean): void {
  const o = parseSortOptions(c, argv, readonly);
  if (o === null) return;
  const found = c.db.lookupRead(argv[1]);
  if (found !== undefined && !(found instanceof ListValue) && !(found instanceof SetValue) && !(found instanceof ZSet)) return c.addError(E.WRONGTYPE);
  const v = found === undefined ? null : found;
  if (o.dontSort && v instanceof SetValue && o.storeKey !== null) {
    o.dontSort = false;
    o.alpha = true;
    o.sortBy = null;
  }
  if (v instanceof ZSet) v.toSkiplist();
  const n = v === null ? 0 : v.size();
  const range = { start: o.limitStart < 0 ? 0 : o.limitStart, end: 0 };
  range.end = o.limitCount < 0 ? n - 1 : range.start + o.limitCount - 1;
  if (range.start >= n) {
    range.start = n - 1;
    range.end = n - 2;
  }
  if (range.end >= n) range.end = n - 1;
  const objs = loadVector(v, o, range);
  const items: SortItem[] = objs.map((obj) => ({ obj, score: 0, cmp: null }));
  if (!o.dontSort && !sortItems(c.db, items, o, o.storeKey !== null)) {
    return c.addError("ERR One or more scores can't be converted into double");
  }
  emitResult(c, items, o, range.start, range.end);
}

function emitResult(c: Client, items: SortItem[], o: SortOptions, start: number, end: number): void {
  const count = end - start + 1;
  const outputLen = o.gets.length > 0 ? o.gets.length * count : count;
  if (o.storeKey === null) {
    c.addArrayLen(Math.max(0, outputLen));
    for (let j = start; j <= end; j++) {
      if (o.gets.length === 0) c.addBulk(items[j].obj);
      for (const g of o.gets) c.addBulkOrNull(lookupByPattern(c.db, g, items[j].obj));
    }
    return;
  }
  const out: string[] = [];
  for (let j = start; j <= end; j++) {
    if (o.gets.length === 0) out.push(items[j].obj);
    for (const g of o.gets) out.push(lookupByPattern(c.db, g, items[j].obj) ?? '');
  }
  const dst = o.storeKey;
  if (out.length > 0) {
    c.db.set(dst, new ListValue(out));
    c.db.signalModified(dst);
    c.server.notifyKeyspaceEvent('l', 'sortstore', dst, c.db.id);
    c.server.dirty += out.length;
  } else if (c.db.delete(dst)) {
    c.db.signalModified(dst);
    c.server.notifyKeyspaceEvent('g', 'del', dst, c.db.id);
    c.server.dirty++;
  }
  c.addInt(Math.max(0, outputLen));
}

/** SORT's key positions: the source and the last STORE destination (skipping LIMIT/GET/BY arguments). */
function sortKeys(argv: readonly string[]): number[] {
  const keys = [1];
  let store = -1;
  for (let i = 2; i < argv.length; i++) {
    const a = argv[i].toLowerCase();
    if (a === 'limit') i += 2;
    else if (a === 'get' || a === 'by') i += 1;
    else if (a === 'store' && i + 1 < argv.length) store = i + 1;
  }
  if (store > 0) keys.push(store);
  return keys;
}

const S = { categories: ['set', 'sortedset', 'list', 'dangerous'] };

export function install(server: Server): void {
  server.commands.register([
    cmd('sort', -2, 'write denyoom movablekeys', [1, 1, 1], 'generic', (c, a) => sortGeneric(c, a, false), { ...S, since: '1.0.0', getKeys: sortKeys }),
    cmd('sort_ro', -2, 'readonly movablekeys', [1, 1, 1], 'generic', (c, a) => sortGeneric(c, a, true), { ...S, since: '7.0.0' }),
  ]);
}
