/**
 * The RDB v10 writer: values in the encodings Redis 7.0 chooses (lists as quicklist v2 with listpack nodes,
 * sets intset/hashtable, hashes listpack/hashtable, zsets listpack/skiplist with binary doubles), the file
 * header with AUX fields, SELECTDB/RESIZEDB, EXPIRETIME_MS and EOF. Checksums are the caller's job (a file is
 * written in chunks; the CRC runs over all of them), so every function here only appends to a ByteWriter.
 */
import { ByteWriter, RDB_OPCODE, RDB_TYPE, RDB_VERSION, RDB_MAGIC, QUICKLIST_NODE_PACKED, type RdbValue } from './rdb-format.js';
import { encodeListpack, entrySize } from './listpack.js';
import { encodeIntset, allIntegers } from './intset.js';

export interface WriterOptions {
  /** rdbcompression: LZF for strings longer than 20 bytes. */
  compress: boolean;
  /** list-max-listpack-size (negative = node byte limit 4/8/16/32/64 KB, positive = entries per node). */
  listMaxListpackSize: number;
  setMaxIntsetEntries: number;
  hashMaxListpackEntries: number;
  hashMaxListpackValue: number;
  zsetMaxListpackEntries: number;
  zsetMaxListpackValue: number;
}

export const DEFAULT_WRITER_OPTIONS: WriterOptions = {
  compress: true,
  listMaxListpackSize: -2,
  setMaxIntsetEntries: 512,
  hashMaxListpackEntries: 128,
  hashMaxListpackValue: 64,
  zsetMaxListpackEntries: 128,
  zsetMaxListpackValue: 64,
};

/** The RDB type byte Redis 7.0 would write for this value. */
export function rdbTypeOf(v: RdbValue, o: WriterOptions): number {
  switch (v.type) {
    case 'string':
      return RDB_TYPE.STRING;
    case 'list':
      return RDB_TYPE.LIST_QUICKLIST_2;
    case 'set':
      return setEncoding(v.members, v.encoding, o) === 'intset' ? RDB_TYPE.SET_INTSET : RDB_TYPE.SET;
    case 'hash':
      return hashIsListpack(v.fields, v.values, v.encoding, o) ? RDB_TYPE.HASH_LISTPACK : RDB_TYPE.HASH;
    case 'zset':
      return zsetIsListpack(v.members, v.encoding, o) ? RDB_TYPE.ZSET_LISTPACK : RDB_TYPE.ZSET_2;
  }
}

function setEncoding(members: readonly string[], enc: string | undefined, o: WriterOptions): 'intset' | 'hashtable' {
  if (enc === 'intset' || enc === 'hashtable') return enc === 'intset' && allIntegers(members) ? 'intset' : 'hashtable';
  return members.length <= o.setMaxIntsetEntries && allIntegers(members) ? 'intset' : 'hashtable';
}

function hashIsListpack(fields: readonly string[], values: readonly string[], enc: string | undefined, o: WriterOptions): boolean {
  if (enc !== undefined) return enc === 'listpack';
  if (fields.length > o.hashMaxListpackEntries) return false;
  for (let i = 0; i < fields.length; i++) {
    if (fields[i].length > o.hashMaxListpackValue || values[i].length > o.hashMaxListpackValue) return false;
  }
  return true;
}

function zsetIsListpack(members: readonly string[], enc: string | undefined, o: WriterOptions): boolean {
  if (enc !== undefined) return enc === 'listpack';
  if (members.length > o.zsetMaxListpackEntries) return false;
  for (const m of members) if (m.length > o.zsetMaxListpackValue) return false;
  return true;
}

/** Appends the value payload (without the type byte). `type` must come from rdbTypeOf. */
export function writeValue(w: ByteWriter, v: RdbValue, type: number, o: WriterOptions): void {
  switch (v.type) {
    case 'string':
      w.string(v.value, o.compress);
      return;
    case 'list':
      writeQuicklist(w, v.items, o);
      return;
    case 'set':
      if (type === RDB_TYPE.SET_INTSET) w.blob(encodeIntset(v.members), o.compress);
      else writeStrings(w, v.members, o.compress);
      return;
    case 'hash':
      if (type === RDB_TYPE.HASH_LISTPACK) w.blob(encodeListpack(interleave(v.fields, v.values)), o.compress);
      else writePairs(w, v.fields, v.values, o.compress);
      return;
    case 'zset':
      if (type === RDB_TYPE.ZSET_LISTPACK) w.blob(encodeListpack(interleave(v.members, v.scores.map(formatScore))), o.compress);
      else writeSkiplist(w, v.members, v.scores, o.compress);
      return;
  }
}

function writeStrings(w: ByteWriter, items: readonly string[], compress: boolean): void {
  w.length(items.length);
  for (const s of items) w.string(s, compress);
}

function writePairs(w: ByteWriter, a: readonly string[], b: readonly string[], compress: boolean): void {
  w.length(a.length);
  for (let i = 0; i < a.length; i++) {
    w.string(a[i], compress);
    w.string(b[i], compress);
  }
}

/** Skiplist zsets are written from the tail (highest score) so that loading appends at the head. */
function writeSkiplist(w: ByteWriter, members: readonly string[], scores: readonly number[], compress: boolean): void {
  w.length(members.length);
  for (let i = members.length - 1; i >= 0; i--) {
    w.string(members[i], compress);
    w.doubleLE(scores[i]);
  }
}

function interleave(a: readonly string[], b: readonly string[]): string[] {
  const out = new Array<string>(a.length * 2);
  for (let i = 0; i < a.length; i++) {
    out[2 * i] = a[i];
    out[2 * i + 1] = b[i];
  }
  return out;
}

const NODE_SIZE_LIMITS = [4096, 8192, 16384, 32768, 65536];
const SIZE_ESTIMATE_OVERHEAD = 8;
const EMPTY_LISTPACK_BYTES = 7;

/** Splits a list into listpack nodes as quicklist's fill rule would, and writes RDB_TYPE_LIST_QUICKLIST_2. */
function writeQuicklist(w: ByteWriter, items: readonly string[], o: WriterOptions): void {
  const fill = o.listMaxListpackSize;
  const byteLimit = fill < 0 ? NODE_SIZE_LIMITS[Math.min(-fill, 5) - 1] : 8192;
  const countLimit = fill > 0 ? fill : 65535;
  const nodes: string[][] = [];
  let cur: string[] = [];
  let curBytes = EMPTY_LISTPACK_BYTES;
  for (const s of items) {
    if (cur.length > 0 && (curBytes + s.length + SIZE_ESTIMATE_OVERHEAD > byteLimit || cur.length + 1 > countLimit)) {
      nodes.push(cur);
      cur = [];
      curBytes = EMPTY_LISTPACK_BYTES;
    }
    cur.push(s);
    curBytes += entrySize(s);
  }
  if (cur.length > 0) nodes.push(cur);
  w.length(nodes.length);
  for (const node of nodes) {
    w.length(QUICKLIST_NODE_PACKED);
    w.blob(encodeListpack(node), o.compress);
  }
}

/**
 * A zset score as Redis's d2string writes it into a listpack: integers (|x| < 2^52) as integers, otherwise
 * C's "%.17g"; inf/-inf as "inf"/"-inf".
 */
export function formatScore(d: number): string {
  if (d === Infinity) return 'inf';
  if (d === -Infinity) return '-inf';
  if (Number.isNaN(d)) return 'nan';
  if (d === 0) return Object.is(d, -0) ? '-0' : '0';
  if (Number.isInteger(d) && d > -4503599627370495 && d < 4503599627370496) return String(d);
  return formatG17(d);
}

/** C printf("%.17g", d) for a finite non-zero double. */
export function formatG17(d: number): string {
  const [mant, expText] = d.toExponential(16).split('e');
  const exp = Number(expText);
  const neg = mant.startsWith('-');
  const digits = mant.replace('-', '').replace('.', '');
  let out: string;
  if (exp < -4 || exp >= 17) {
    const frac = digits.slice(1).replace(/0+$/, '');
    const e = Math.abs(exp);
    out = digits[0] + (frac ? '.' + frac : '') + 'e' + (exp < 0 ? '-' : '+') + (e < 10 ? '0' + e : String(e));
  } else if (exp < 0) {
    out = ('0.' + '0'.repeat(-exp - 1) + digits).replace(/0+$/, '');
  } else {
    const int = digits.slice(0, exp + 1);
    const frac = digits.slice(exp + 1).replace(/0+$/, '');
    out = int + (frac ? '.' + frac : '');
  }
  return neg ? '-' + out : out;
}

// ---- File structure ----

export function writeMagic(w: ByteWriter): void {
  w.latin1(RDB_MAGIC + String(RDB_VERSION).padStart(4, '0'));
}

export function writeAux(w: ByteWriter, key: string, value: string, compress: boolean): void {
  w.u8(RDB_OPCODE.AUX);
  w.string(key, compress);
  w.string(value, compress);
}

export function writeSelectDb(w: ByteWriter, dbid: number, dbSize: number, expiresSize: number): void {
  w.u8(RDB_OPCODE.SELECTDB);
  w.length(dbid);
  w.u8(RDB_OPCODE.RESIZEDB);
  w.length(dbSize);
  w.length(expiresSize);
}

/** One key: [EXPIRETIME_MS ms] type key value. */
export function writeKeyValue(w: ByteWriter, key: string, v: RdbValue, expireMs: number, o: WriterOptions): void {
  if (expireMs >= 0) {
    w.u8(RDB_OPCODE.EXPIRETIME_MS);
    w.i64le(expireMs);
  }
  const type = rdbTypeOf(v, o);
  w.u8(type);
  w.string(key, o.compress);
  writeValue(w, v, type, o);
}

/** A string key fast path (most keys): skips building an RdbValue. */
export function writeStringKey(w: ByteWriter, key: string, value: string, expireMs: number, compress: boolean): void {
  if (expireMs >= 0) {
    w.u8(RDB_OPCODE.EXPIRETIME_MS);
    w.i64le(expireMs);
  }
  w.u8(RDB_TYPE.STRING);
  w.string(key, compress);
  w.string(value, compress);
}
