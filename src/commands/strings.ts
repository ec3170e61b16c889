/**
 * String commands (Redis's t_string): GET/SET and their variants, counters, ranges and LCS.
 *
 * Why it looks like this: every write follows the same order (lookup, type check, mutate through the
 * Database API, signalModified, keyspace event, dirty++, reply), so WATCH, snapshots and notifications see
 * every change. Commands whose effect depends on the clock propagate an absolute form (SET .. PXAT,
 * PEXPIREAT, DEL) so that replicas and the AOF replay the same state. INCRBYFLOAT computes in x87 80-bit
 * long double, as Redis does on x86-64, with an exact BigInt emulation at the bottom of this file: the
 * digits Redis prints ("10.6", "5010.60000000000000009") depend on that precision.
 */
import { constants as bufferConstants } from 'node:buffer';
import type { Server } from '../server/server.js';
import type { Client } from '../server/client.js';
import { cmd, type CommandSpec } from './spec.js';
import { E, invalidExpireError } from '../server/errors.js';
import { isKeyword, parseLong, parseLongBig } from './util.js';
import { stringEncoding } from '../keyspace/types/value.js';
import { LD_INF, LD_ZERO, ldAdd, ldFormatHuman, parseLongDouble } from './long-double.js';

const STRING_TOO_BIG = 'ERR string exceeds maximum allowed size (proto-max-bulk-len)';
const OFFSET_OUT_OF_RANGE = 'ERR offset is out of range';
const DECREMENT_OVERFLOW = 'ERR decrement would overflow';
const INCR_NAN_INF = 'ERR increment would produce NaN or Infinity';
const LCS_NOT_STRINGS = 'ERR The specified keys must contain string values';
const LCS_IDX_AND_LEN = 'ERR If you want both the length and indexes, please just use IDX.';
const LCS_TOO_BIG = 'ERR Insufficient memory, transient memory for LCS exceeds proto-max-bulk-len';
const LCS_NO_MEMORY = 'ERR Insufficient memory, failed allocating transient memory for LCS';

/** The longest string V8 can hold: a hard limit below Redis's default proto-max-bulk-len (512 MB). */
export const MAX_JS_STRING_BYTES = bufferConstants.MAX_STRING_LENGTH;

const INT64_MAX = 9223372036854775807n;
const INT64_MIN = -9223372036854775808n;
const SMALL_INT = 2 ** 52;

// ---- shared helpers (bitops.ts uses them too) ----

/** Redis's checkStringLength: a string of `total` bytes must fit proto-max-bulk-len (and a JS string). */
export function checkStringLengthOrReply(c: Client, total: number): boolean {
  if ((total > c.server.settings.protoMaxBulkLen && c.kind !== 'master') || total > MAX_JS_STRING_BYTES) {
    c.addError(STRING_TOO_BIG);
    return false;
  }
  return true;
}

/**
 * Records the encoding Redis gives a string built by `key`'s last command when its content alone would
 * suggest another one (OBJECT ENCODING: APPEND, SETRANGE and bit writes give "raw", INCRBYFLOAT "embstr").
 */
export function noteStringEncoding(c: Client, key: string, value: string, encoding: 'raw' | 'embstr'): void {
  if (stringEncoding(value) !== encoding) c.db.setStringEncoding(key, encoding);
}

/** An int64 argument as a JS number: exact below 2^53, rounded (monotonically) above. */
export function parseRangeArg(s: string): number | null {
  if (s.length <= 15) return parseLong(s);
  const b = parseLongBig(s);
  return b === null ? null : Number(b);
}

/** Exact `start > end` for two int64 arguments parsed with parseRangeArg (huge values may round equal). */
export function rangeStartAfterEnd(sa: string, sb: string, a: number, b: number): boolean {
  if (a !== b) return a > b;
  if (sa.length <= 15 && sb.length <= 15) return false;
  return (parseLongBig(sa) as bigint) > (parseLongBig(sb) as bigint);
}

/** string2ll: a number when |v| < 2^52 (so sums stay exact), otherwise a bigint; null if not an int64. */
function parseInt64(s: string): number | bigint | null {
  if (s.length <= 15) return parseLong(s);
  const b = parseLongBig(s);
  if (b === null) return null;
  return b < 4503599627370496n && b > -4503599627370496n ? Number(b) : b;
}

/** Replies the value of `key` (or null); false after replying WRONGTYPE. */
/** The string at `key`, or null after replying: a null bulk when missing, WRONGTYPE for another type. */
function lookupStringOrReply(c: Client, key: string): string | null {
  const v = c.db.lookupRead(key);
  if (v === undefined) {
    c.addNull();
    return null;
  }
  if (typeof v !== 'string') {
    c.addError(E.WRONGTYPE);
    return null;
  }
  return v;
}

function getGenericOrReply(c: Client, key: string): boolean {
  const v = c.db.lookupRead(key);
  if (v === undefined) c.addNull();
  else if (typeof v !== 'string') {
    c.addError(E.WRONGTYPE);
    return false;
  } else c.addBulk(v);
  return true;
}

// ---- SET options (shared by SET and GETEX, as Redis's parseExtendedStringArguments) ----

const F_NX = 1;
const F_XX = 2;
const F_GET = 4;
const F_KEEPTTL = 8;
const F_PERSIST = 16;
const F_EX = 32;
const F_PX = 64;
const F_EXAT = 128;
const F_PXAT = 256;
const F_EXPIRE = F_EX | F_PX | F_EXAT | F_PXAT;

type OptionScope = 'set' | 'getex' | 'both';

interface StrOption {
  flag: number;
  /** Flags already present that make this option a syntax error (repeating an option is allowed). */
  conflicts: number;
  takesArg: boolean;
  scope: OptionScope;
}

function strOption(flag: number, conflicts: number, takesArg: boolean, scope: OptionScope): StrOption {
  return { flag, conflicts, takesArg, scope };
}

const EXPIRE_CONFLICTS = F_KEEPTTL | F_PERSIST;
const STR_OPTIONS = new Map<string, StrOption>([
  ['NX', strOption(F_NX, F_XX, false, 'set')],
  ['XX', strOption(F_XX, F_NX, false, 'set')],
  ['GET', strOption(F_GET, 0, false, 'set')],
  ['KEEPTTL', strOption(F_KEEPTTL, F_PERSIST | F_EXPIRE, false, 'set')],
  ['PERSIST', strOption(F_PERSIST, F_KEEPTTL | F_EXPIRE, false, 'getex')],
  ['EX', strOption(F_EX, EXPIRE_CONFLICTS | (F_EXPIRE & ~F_EX), true, 'both')],
  ['PX', strOption(F_PX, EXPIRE_CONFLICTS | (F_EXPIRE & ~F_PX), true, 'both')],
  ['EXAT', strOption(F_EXAT, EXPIRE_CONFLICTS | (F_EXPIRE & ~F_EXAT), true, 'both')],
  ['PXAT', strOption(F_PXAT, EXPIRE_CONFLICTS | (F_EXPIRE & ~F_PXAT), true, 'both')],
]);

interface StrArgs {
  flags: number;
  expireArg: string | null;
}

/** Parses SET (forSet) or GETEX options from argv[start]; null after replying a syntax error. */
function parseStrArgsOrReply(c: Client, argv: string[], start: number, forSet: boolean): StrArgs | null {
  let flags = 0;
  let expireArg: string | null = null;
  for (let j = start; j < argv.length; j++) {
    const a = argv[j];
    const opt = a.length <= 7 ? STR_OPTIONS.get(a.toUpperCase()) : undefined;
    const usable =
      opt !== undefined &&
      (opt.scope === 'both' || opt.scope === (forSet ? 'set' : 'getex')) &&
      (flags & opt.conflicts) === 0 &&
      (!opt.takesArg || j + 1 < argv.length);
    if (!usable) {
      c.addError(E.SYNTAX);
      return null;
    }
    flags |= opt.flag;
    if (opt.takesArg) expireArg = argv[++j];
  }
  return { flags, expireArg };
}

/** The absolute expiry (ms) an EX/PX/EXAT/PXAT argument asks for, or null after replying the error. */
function expireAtOrReply(c: Client, arg: string, flags: number): bigint | null {
  const v = parseLongBig(arg);
  if (v === null) {
    c.addError(E.NOT_INTEGER);
    return null;
  }
  const seconds = (flags & (F_EX | F_EXAT)) !== 0;
  let ms = v;
  if (v <= 0n || (seconds && v > INT64_MAX / 1000n)) ms = -1n;
  else {
    if (seconds) ms *= 1000n;
    if (flags & (F_EX | F_PX)) ms += BigInt(c.server.nowMs());
  }
  if (ms <= 0n || ms > INT64_MAX) {
    c.addError(invalidExpireError(c.cmd?.fullName ?? 'set'));
    return null;
  }
  return ms;
}

// ---- GET / SET family ----

function getCommand(c: Client, argv: string[]): void {
  getGenericOrReply(c, argv[1]);
}

/** Stores a plain value: the common tail of SET without options, MSET, GETSET. */
function storePlain(c: Client, key: string, val: string): void {
  const db = c.db;
  db.set(key, val);
  db.signalModified(key);
  c.server.notifyKeyspaceEvent('$', 'set', key, db.id);
}

/** SET with options (also SETNX, SETEX, PSETEX). `intReply` answers :1/:0 instead of OK/null (SETNX). */
function setGeneric(c: Client, flags: number, key: string, val: string, expireArg: string | null, intReply: boolean): void {
  let when: bigint | null = null;
  if (expireArg !== null) {
    when = expireAtOrReply(c, expireArg, flags);
    if (when === null) return;
  }
  const db = c.db;
  if (flags & F_GET && !getGenericOrReply(c, key)) return;
  const found = db.peek(key) !== undefined;
  if ((flags & F_NX && found) || (flags & F_XX && !found)) {
    if (flags & F_GET) return;
    if (intReply) c.addInt(0);
    else c.addNull();
    return;
  }
  db.set(key, val, (flags & F_KEEPTTL) !== 0);
  if (when !== null) db.setExpire(key, Number(when));
  db.signalModified(key);
  const srv = c.server;
  srv.notifyKeyspaceEvent('$', 'set', key, db.id);
  srv.dirty++;
  if (when !== null) {
    srv.notifyKeyspaceEvent('g', 'expire', key, db.id);
    if (!(flags & F_PXAT)) c.propagateArgv = ['SET', key, val, 'PXAT', String(when)];
  }
  if (flags & F_GET) return;
  if (intReply) c.addInt(1);
  else c.addOK();
}

function setCommand(c: Client, argv: string[]): void {
  if (argv.length === 3) {
    storePlain(c, argv[1], argv[2]);
    c.server.dirty++;
    c.addOK();
    return;
  }
  const o = parseStrArgsOrReply(c, argv, 3, true);
  if (o !== null) setGeneric(c, o.flags, argv[1], argv[2], o.expireArg, false);
}

function setnxCommand(c: Client, argv: string[]): void {
  setGeneric(c, F_NX, argv[1], argv[2], null, true);
}

function setexCommand(c: Client, argv: string[]): void {
  setGeneric(c, F_EX, argv[1], argv[3], argv[2], false);
}

function psetexCommand(c: Client, argv: string[]): void {
  setGeneric(c, F_PX, argv[1], argv[3], argv[2], false);
}

function getsetCommand(c: Client, argv: string[]): void {
  if (!getGenericOrReply(c, argv[1])) return;
  storePlain(c, argv[1], argv[2]);
  c.server.dirty++;
  c.propagateArgv = ['SET', argv[1], argv[2]];
}

function getdelCommand(c: Client, argv: string[]): void {
  const key = argv[1];
  const db = c.db;
  const v = lookupStringOrReply(c, key);
  if (v === null) return;
  c.addBulk(v);
  db.delete(key);
  c.propagateArgv = ['DEL', key];
  db.signalModified(key);
  c.server.notifyKeyspaceEvent('g', 'del', key, db.id);
  c.server.dirty++;
}

function getexCommand(c: Client, argv: string[]): void {
  const o = parseStrArgsOrReply(c, argv, 2, false);
  if (o === null) return;
  const key = argv[1];
  const db = c.db;
  const v = lookupStringOrReply(c, key);
  if (v === null) return;
  const when = o.expireArg === null ? null : expireAtOrReply(c, o.expireArg, o.flags);
  if (o.expireArg !== null && when === null) return;
  c.addBulk(v);
  if (when !== null) getexApplyExpire(c, key, when);
  else if (o.flags & F_PERSIST && db.removeExpire(key)) {
    c.propagateArgv = ['PERSIST', key];
    db.signalModified(key);
    c.server.notifyKeyspaceEvent('g', 'persist', key, db.id);
    c.server.dirty++;
  }
}

/** GETEX's new expiry: an already elapsed time deletes the key (on a master), otherwise PEXPIREAT. */
function getexApplyExpire(c: Client, key: string, when: bigint): void {
  const db = c.db;
  const srv = c.server;
  const whenMs = Number(when);
  if (whenMs <= srv.nowMs() && !srv.loading && !srv.isReplica) {
    db.delete(key);
    c.propagateArgv = ['DEL', key];
    db.signalModified(key);
    srv.notifyKeyspaceEvent('g', 'del', key, db.id);
  } else {
    db.setExpire(key, whenMs);
    c.propagateArgv = ['PEXPIREAT', key, String(when)];
    db.signalModified(key);
    srv.notifyKeyspaceEvent('g', 'expire', key, db.id);
  }
  srv.dirty++;
}

function mgetCommand(c: Client, argv: string[]): void {
  const db = c.db;
  c.addArrayLen(argv.length - 1);
  for (let i = 1; i < argv.length; i++) {
    const v = db.lookupRead(argv[i]);
    if (typeof v === 'string') c.addBulk(v);
    else c.addNull();
  }
}

function msetGeneric(c: Client, argv: string[], nx: boolean): void {
  if (argv.length % 2 === 0) {
    c.addError(`ERR wrong number of arguments for '${nx ? 'msetnx' : 'mset'}' command`);
    return;
  }
  const db = c.db;
  if (nx) {
    for (let i = 1; i < argv.length; i += 2) {
      if (db.peek(argv[i]) !== undefined) {
        c.addInt(0);
        return;
      }
    }
  }
  for (let i = 1; i < argv.length; i += 2) storePlain(c, argv[i], argv[i + 1]);
  c.server.dirty += (argv.length - 1) / 2;
  if (nx) c.addInt(1);
  else c.addOK();
}

function msetCommand(c: Client, argv: string[]): void {
  msetGeneric(c, argv, false);
}

function msetnxCommand(c: Client, argv: string[]): void {
  msetGeneric(c, argv, true);
}

function appendCommand(c: Client, argv: string[]): void {
  const key = argv[1];
  const db = c.db;
  const v = db.peek(key);
  let len: number;
  if (v === undefined) {
    db.add(key, argv[2]);
    len = argv[2].length;
  } else {
    if (typeof v !== 'string') {
      c.addError(E.WRONGTYPE);
      return;
    }
    len = v.length + argv[2].length;
    if (!checkStringLengthOrReply(c, len)) return;
    db.overwrite(key, v + argv[2]);
    noteStringEncoding(c, key, v + argv[2], 'raw');
  }
  db.signalModified(key);
  c.server.notifyKeyspaceEvent('$', 'append', key, db.id);
  c.server.dirty++;
  c.addInt(len);
}

function strlenCommand(c: Client, argv: string[]): void {
  const v = c.db.lookupRead(argv[1]);
  if (v === undefined) c.addInt(0);
  else if (typeof v !== 'string') c.addError(E.WRONGTYPE);
  else c.addInt(v.length);
}

// ---- counters ----

function incrDecr(c: Client, key: string, incr: number | bigint): void {
  const db = c.db;
  const v = db.peek(key);
  let cur: number | bigint | null = 0;
  if (v !== undefined) {
    if (typeof v !== 'string') {
      c.addError(E.WRONGTYPE);
      return;
    }
    cur = parseInt64(v);
    if (cur === null) {
      c.addError(E.NOT_INTEGER);
      return;
    }
  }
  let next: number | bigint;
  if (typeof cur === 'number' && typeof incr === 'number') next = cur + incr;
  else {
    next = BigInt(cur) + BigInt(incr);
    if (next > INT64_MAX || next < INT64_MIN) {
      c.addError(E.OVERFLOW);
      return;
    }
  }
  const s = String(next);
  if (v === undefined) db.add(key, s);
  else db.overwrite(key, s);
  db.signalModified(key);
  c.server.notifyKeyspaceEvent('$', 'incrby', key, db.id);
  c.server.dirty++;
  c.addInt(next);
}

function incrCommand(c: Client, argv: string[]): void {
  incrDecr(c, argv[1], 1);
}

function decrCommand(c: Client, argv: string[]): void {
  incrDecr(c, argv[1], -1);
}

function incrbyCommand(c: Client, argv: string[]): void {
  const incr = parseInt64(argv[2]);
  if (incr === null) c.addError(E.NOT_INTEGER);
  else incrDecr(c, argv[1], incr);
}

function decrbyCommand(c: Client, argv: string[]): void {
  const incr = parseInt64(argv[2]);
  if (incr === null) c.addError(E.NOT_INTEGER);
  else if (incr === INT64_MIN) c.addError(DECREMENT_OVERFLOW);
  else incrDecr(c, argv[1], typeof incr === 'number' ? -incr : -incr as bigint);
}

function incrbyfloatCommand(c: Client, argv: string[]): void {
  const key = argv[1];
  const db = c.db;
  const v = db.peek(key);
  if (v !== undefined && typeof v !== 'string') {
    c.addError(E.WRONGTYPE);
    return;
  }
  const cur = v === undefined ? LD_ZERO : parseLongDouble(v);
  const incr = cur === null ? null : parseLongDouble(argv[2]);
  if (cur === null || incr === null) {
    c.addError(E.NOT_FLOAT);
    return;
  }
  const sum = cur === LD_INF || incr === LD_INF ? null : ldAdd(cur, incr);
  if (sum === null) {
    c.addError(INCR_NAN_INF);
    return;
  }
  const s = ldFormatHuman(sum);
  if (v === undefined) db.add(key, s);
  else db.overwrite(key, s);
  if (s.length <= 44) noteStringEncoding(c, key, s, 'embstr');
  c.propagateArgv = ['SET', key, s, 'KEEPTTL'];
  db.signalModified(key);
  c.server.notifyKeyspaceEvent('$', 'incrbyfloat', key, db.id);
  c.server.dirty++;
  c.addBulk(s);
}

// ---- ranges ----

function getrangeCommand(c: Client, argv: string[]): void {
  let start = parseRangeArg(argv[2]);
  let end = start === null ? null : parseRangeArg(argv[3]);
  if (start === null || end === null) {
    c.addError(E.NOT_INTEGER);
    return;
  }
  const v = c.db.lookupRead(argv[1]);
  if (v === undefined) {
    c.addBulk('');
    return;
  }
  if (typeof v !== 'string') {
    c.addError(E.WRONGTYPE);
    return;
  }
  if (start < 0 && end < 0 && rangeStartAfterEnd(argv[2], argv[3], start, end)) {
    c.addBulk('');
    return;
  }
  const len = v.length;
  if (start < 0) start = Math.max(0, len + start);
  if (end < 0) end = Math.max(0, len + end);
  if (end >= len) end = len - 1;
  if (start > end || len === 0) c.addBulk('');
  else c.addBulk(v.slice(start, end + 1));
}

function setrangeCommand(c: Client, argv: string[]): void {
  const offset = parseRangeArg(argv[2]);
  if (offset === null) {
    c.addError(E.NOT_INTEGER);
    return;
  }
  if (offset < 0) {
    c.addError(OFFSET_OUT_OF_RANGE);
    return;
  }
  const key = argv[1];
  const val = argv[3];
  const db = c.db;
  const v = db.peek(key);
  if (v !== undefined && typeof v !== 'string') {
    c.addError(E.WRONGTYPE);
    return;
  }
  const cur = v ?? '';
  if (val.length === 0) {
    c.addInt(cur.length);
    return;
  }
  if (!checkStringLengthOrReply(c, offset + val.length)) return;
  const next = offset > cur.length ? cur + '\0'.repeat(offset - cur.length) + val : cur.slice(0, offset) + val + cur.slice(offset + val.length);
  if (v === undefined) db.add(key, next);
  else db.overwrite(key, next);
  noteStringEncoding(c, key, next, 'raw');
  db.signalModified(key);
  c.server.notifyKeyspaceEvent('$', 'setrange', key, db.id);
  c.server.dirty++;
  c.addInt(next.length);
}

// ---- LCS ----

interface LcsOptions {
  idx: boolean;
  len: boolean;
  withMatchLen: boolean;
  minMatchLen: number;
}

function parseLcsOptionsOrReply(c: Client, argv: string[]): LcsOptions | null {
  const o: LcsOptions = { idx: false, len: false, withMatchLen: false, minMatchLen: 0 };
  for (let j = 3; j < argv.length; j++) {
    const a = argv[j];
    if (isKeyword(a, 'IDX')) o.idx = true;
    else if (isKeyword(a, 'LEN')) o.len = true;
    else if (isKeyword(a, 'WITHMATCHLEN')) o.withMatchLen = true;
    else if (isKeyword(a, 'MINMATCHLEN') && j + 1 < argv.length) {
      const n = parseRangeArg(argv[++j]);
      if (n === null) {
        c.addError(E.NOT_INTEGER);
        return null;
      }
      o.minMatchLen = Math.max(0, n);
    } else {
      c.addError(E.SYNTAX);
      return null;
    }
  }
  if (o.idx && o.len) {
    c.addError(LCS_IDX_AND_LEN);
    return null;
  }
  return o;
}

/** The LCS length table, (alen+1) x (blen+1), row-major; null after replying a memory error. */
function lcsTableOrReply(c: Client, a: string, b: string): Uint16Array | Uint32Array | null {
  const alen = a.length;
  const blen = b.length;
  const cells = (alen + 1) * (blen + 1);
  if (cells * 4 > c.server.settings.protoMaxBulkLen) {
    c.addError(LCS_TOO_BIG);
    return null;
  }
  let t: Uint16Array | Uint32Array;
  try {
    t = Math.min(alen, blen) < 65535 ? new Uint16Array(cells) : new Uint32Array(cells);
  } catch {
    c.addError(LCS_NO_MEMORY);
    return null;
  }
  const w = blen + 1;
  for (let i = 1; i <= alen; i++) {
    const ca = a.charCodeAt(i - 1);
    const row = i * w;
    const prev = row - w;
    for (let j = 1; j <= blen; j++) {
      if (ca === b.charCodeAt(j - 1)) t[row + j] = t[prev + j - 1] + 1;
      else {
        const up = t[prev + j];
        const left = t[row + j - 1];
        t[row + j] = up > left ? up : left;
      }
    }
  }
  return t;
}

function lcsCommand(c: Client, argv: string[]): void {
  const va = c.db.lookupRead(argv[1]);
  const vb = c.db.lookupRead(argv[2]);
  if ((va !== undefined && typeof va !== 'string') || (vb !== undefined && typeof vb !== 'string')) {
    c.addError(LCS_NOT_STRINGS);
    return;
  }
  const o = parseLcsOptionsOrReply(c, argv);
  if (o === null) return;
  const a = (va as string | undefined) ?? '';
  const b = (vb as string | undefined) ?? '';
  const t = lcsTableOrReply(c, a, b);
  if (t === null) return;
  const total = t[t.length - 1];
  if (o.len) c.addInt(total);
  else if (o.idx) lcsReplyIdx(c, a, b, t, o);
  else c.addBulk(lcsString(a, b, t, total));
}

/** Walks the table back from the end, collecting the common subsequence. */
function lcsString(a: string, b: string, t: Uint16Array | Uint32Array, total: number): string {
  const w = b.length + 1;
  const out: number[] = new Array(total);
  let i = a.length;
  let j = b.length;
  let k = total;
  while (i > 0 && j > 0) {
    if (a.charCodeAt(i - 1) === b.charCodeAt(j - 1)) {
      out[--k] = a.charCodeAt(i - 1);
      i--;
      j--;
    } else if (t[(i - 1) * w + j] > t[i * w + j - 1]) i--;
    else j--;
  }
  let s = '';
  for (let p = 0; p < total; p += 8192) s += String.fromCharCode(...out.slice(p, p + 8192));
  return s;
}

/** LCS IDX: the matched ranges (last first) as Redis walks them, then the length. */
function lcsReplyIdx(c: Client, a: string, b: string, t: Uint16Array | Uint32Array, o: LcsOptions): void {
  const w = b.length + 1;
  const ranges: number[][] = [];
  let aStart = -1;
  let aEnd = 0;
  let bStart = 0;
  let bEnd = 0;
  let i = a.length;
  let j = b.length;
  while (i > 0 && j > 0) {
    let emit = false;
    if (a.charCodeAt(i - 1) === b.charCodeAt(j - 1)) {
      if (aStart < 0) {
        aStart = aEnd = i - 1;
        bStart = bEnd = j - 1;
      } else {
        aStart--;
        bStart--;
      }
      if (aStart === 0 || bStart === 0) emit = true;
      i--;
      j--;
    } else {
      if (t[(i - 1) * w + j] > t[i * w + j - 1]) i--;
      else j--;
      if (aStart >= 0) emit = true;
    }
    if (emit) {
      const matchLen = aEnd - aStart + 1;
      if (o.minMatchLen === 0 || matchLen >= o.minMatchLen) ranges.push([aStart, aEnd, bStart, bEnd, matchLen]);
      aStart = -1;
    }
  }
  c.addMapLen(2);
  c.addBulk('matches');
  c.addArrayLen(ranges.length);
  for (const r of ranges) {
    c.addArrayLen(o.withMatchLen ? 3 : 2);
    c.addArrayLen(2);
    c.addInt(r[0]);
    c.addInt(r[1]);
    c.addArrayLen(2);
    c.addInt(r[2]);
    c.addInt(r[3]);
    if (o.withMatchLen) c.addInt(r[4]);
  }
  c.addBulk('len');
  c.addInt(t[t.length - 1]);
}

// ---- table ----

const S = { categories: ['string'] };

function specs(): CommandSpec[] {
  return [
    cmd('get', 2, 'readonly fast', [1, 1, 1], 'string', getCommand, { ...S, summary: 'Get the value of a key', complexity: 'O(1)' }),
    cmd('set', -3, 'write denyoom', [1, 1, 1], 'string', setCommand, { ...S, summary: 'Set the string value of a key', complexity: 'O(1)' }),
    cmd('setnx', 3, 'write denyoom fast', [1, 1, 1], 'string', setnxCommand, { ...S, summary: 'Set the value of a key, only if the key does not exist', complexity: 'O(1)' }),
    cmd('setex', 4, 'write denyoom', [1, 1, 1], 'string', setexCommand, { ...S, since: '2.0.0', summary: 'Set the value and expiration of a key', complexity: 'O(1)' }),
    cmd('psetex', 4, 'write denyoom', [1, 1, 1], 'string', psetexCommand, { ...S, since: '2.6.0', summary: 'Set the value and expiration in milliseconds of a key', complexity: 'O(1)' }),
    cmd('mget', -2, 'readonly fast', [1, -1, 1], 'string', mgetCommand, { ...S, summary: 'Get the values of all the given keys', complexity: 'O(N) where N is the number of keys to retrieve.' }),
    cmd('mset', -3, 'write denyoom', [1, -1, 2], 'string', msetCommand, { ...S, since: '1.0.1', summary: 'Set multiple keys to multiple values', complexity: 'O(N) where N is the number of keys to set.' }),
    cmd('msetnx', -3, 'write denyoom', [1, -1, 2], 'string', msetnxCommand, { ...S, since: '1.0.1', summary: 'Set multiple keys to multiple values, only if none of the keys exist', complexity: 'O(N) where N is the number of keys to set.' }),
    cmd('getset', 3, 'write denyoom fast', [1, 1, 1], 'string', getsetCommand, { ...S, summary: 'Set the string value of a key and return its old value', complexity: 'O(1)' }),
    cmd('getdel', 2, 'write fast', [1, 1, 1], 'string', getdelCommand, { ...S, since: '6.2.0', summary: 'Get the value of a key and delete the key', complexity: 'O(1)' }),
    cmd('getex', -2, 'write fast', [1, 1, 1], 'string', getexCommand, { ...S, since: '6.2.0', summary: 'Get the value of a key and optionally set its expiration', complexity: 'O(1)' }),
    cmd('append', 3, 'write denyoom fast', [1, 1, 1], 'string', appendCommand, { ...S, since: '2.0.0', summary: 'Append a value to a key', complexity: 'O(1)' }),
    cmd('strlen', 2, 'readonly fast', [1, 1, 1], 'string', strlenCommand, { ...S, since: '2.2.0', summary: 'Get the length of the value stored in a key', complexity: 'O(1)' }),
    cmd('incr', 2, 'write denyoom fast', [1, 1, 1], 'string', incrCommand, { ...S, summary: 'Increment the integer value of a key by one', complexity: 'O(1)' }),
    cmd('decr', 2, 'write denyoom fast', [1, 1, 1], 'string', decrCommand, { ...S, summary: 'Decrement the integer value of a key by one', complexity: 'O(1)' }),
    cmd('incrby', 3, 'write denyoom fast', [1, 1, 1], 'string', incrbyCommand, { ...S, summary: 'Increment the integer value of a key by the given amount', complexity: 'O(1)' }),
    cmd('decrby', 3, 'write denyoom fast', [1, 1, 1], 'string', decrbyCommand, { ...S, summary: 'Decrement the integer value of a key by the given number', complexity: 'O(1)' }),
    cmd('incrbyfloat', 3, 'write denyoom fast', [1, 1, 1], 'string', incrbyfloatCommand, { ...S, since: '2.6.0', summary: 'Increment the float value of a key by the given amount', complexity: 'O(1)' }),
    cmd('getrange', 4, 'readonly', [1, 1, 1], 'string', getrangeCommand, { ...S, since: '2.4.0', summary: 'Get a substring of the string stored at a key', complexity: 'O(N) where N is the length of the returned string.' }),
    cmd('substr', 4, 'readonly', [1, 1, 1], 'string', getrangeCommand, { ...S, summary: 'Get a substring of the string stored at a key', complexity: 'O(N) where N is the length of the returned string.' }),
    cmd('setrange', 4, 'write denyoom', [1, 1, 1], 'string', setrangeCommand, { ...S, since: '2.2.0', summary: 'Overwrite part of a string at key starting at the specified offset', complexity: 'O(1), not counting the time taken to copy the new string in place.' }),
    cmd('lcs', -3, 'readonly', [1, 2, 1], 'string', lcsCommand, { ...S, since: '7.0.0', summary: 'Find longest common substring', complexity: 'O(N*M) where N and M are the lengths of s1 and s2, respectively' }),
  ];
}

export function install(server: Server): void {
  server.commands.register(specs());
}
