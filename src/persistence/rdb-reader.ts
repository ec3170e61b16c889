/**
 * The RDB reader: parses a whole RDB image held in memory, one key per next() call, so the loader can run it
 * in slices between event-loop turns (clients meanwhile get -LOADING). It decodes every type Redis 7.0 loads,
 * the ziplist/zipmap-era encodings included, into the abstract RdbValue model, and verifies the CRC64 footer
 * incrementally. Any malformed or truncated input throws RdbError; nothing here touches the keyspace, so a
 * failed load leaves no partial state behind.
 */
import { ByteReader, RdbError, RDB_OPCODE, RDB_TYPE, RDB_MAGIC, RDB_VERSION, QUICKLIST_NODE_PACKED, QUICKLIST_NODE_PLAIN, type RdbValue } from './rdb-format.js';
import { Crc64 } from './crc64.js';
import { decodeListpack } from './listpack.js';
import { decodeIntset } from './intset.js';
import { decodeZiplist, decodeZipmap } from './ziplist.js';

export interface RdbKeyEntry {
  dbid: number;
  key: string;
  value: RdbValue;
  /** Absolute expiry in ms, -1 for none. */
  expireMs: number;
  /** OBJECT IDLETIME in seconds from an IDLE opcode, -1 if absent. */
  idleSec: number;
  /** LFU counter from a FREQ opcode, -1 if absent. */
  freq: number;
}

export class RdbParser {
  readonly r: ByteReader;
  version = 0;
  readonly aux = new Map<string, string>();
  /** Function libraries (FUNCTION2 opcode), kept as their source code. */
  readonly functions: string[] = [];
  /** RESIZEDB hints per db. */
  readonly sizeHints = new Map<number, { keys: number; expires: number }>();
  dbid = 0;
  finished = false;
  /** 'ok' verified, 'disabled' the file stores a zero checksum, 'absent' pre-v5 files. */
  checksum: 'ok' | 'disabled' | 'absent' | 'pending' = 'pending';
  /** Keys skipped because their collection was empty. */
  emptyKeysSkipped = 0;
  private readonly crc = new Crc64();
  private crcPos: number;

  constructor(buf: Buffer, start = 0, end = buf.length) {
    this.r = new ByteReader(buf, start, end);
    this.crcPos = start;
  }

  /** Reads "REDISnnnn" and checks the version. */
  readHeader(): void {
    const magic = this.r.slice(9).toString('latin1');
    if (magic.slice(0, 5) !== RDB_MAGIC) throw new RdbError('Wrong signature trying to load DB from file');
    const version = Number(magic.slice(5));
    if (!/^\d{4}$/.test(magic.slice(5)) || version < 1 || version > RDB_VERSION) {
      throw new RdbError(`Can't handle RDB format version ${magic.slice(5)}`);
    }
    this.version = version;
  }

  /** Feeds the bytes consumed so far into the running checksum (call between slices). */
  syncCrc(): void {
    this.crc.update(this.r.buf, this.crcPos, this.r.pos);
    this.crcPos = this.r.pos;
  }

  // The current key after advance(): fields instead of an object per key (the loader's hot path).
  key = '';
  /** The value when it is a plain string (no RdbValue wrapper allocated), else null. */
  str: string | null = null;
  /** The value when it is not a plain string. */
  value: RdbValue | null = null;
  expireMs = -1;
  idleSec = -1;
  freq = -1;

  /** Returns the next key, or null once EOF (and the checksum) has been read. */
  next(): RdbKeyEntry | null {
    if (!this.advance()) return null;
    const value: RdbValue = this.str !== null ? { type: 'string', value: this.str } : this.value!;
    return { dbid: this.dbid, key: this.key, value, expireMs: this.expireMs, idleSec: this.idleSec, freq: this.freq };
  }

  /** Reads the next key into the fields above; false once EOF (and the checksum) has been read. */
  advance(): boolean {
    const r = this.r;
    this.expireMs = this.idleSec = this.freq = -1;
    for (;;) {
      const op = r.u8();
      if (op === RDB_TYPE.STRING) {
        this.key = r.string();
        this.str = r.string();
        this.value = null;
        return true;
      }
      if (op < RDB_OPCODE.FUNCTION2) {
        const key = r.string();
        const value = readValue(r, op);
        if (value === null) {
          this.emptyKeysSkipped++;
          this.expireMs = this.idleSec = this.freq = -1;
          continue;
        }
        this.key = key;
        this.str = null;
        this.value = value;
        return true;
      }
      if (!this.opcode(op)) return false;
    }
  }

  /** Handles a non-key opcode; false at EOF. */
  private opcode(op: number): boolean {
    const r = this.r;
    switch (op) {
      case RDB_OPCODE.EXPIRETIME_MS:
        this.expireMs = r.i64le();
        return true;
      case RDB_OPCODE.EXPIRETIME:
        this.expireMs = r.u32le() * 1000;
        return true;
      case RDB_OPCODE.IDLE:
        this.idleSec = r.length();
        return true;
      case RDB_OPCODE.FREQ:
        this.freq = r.u8();
        return true;
      case RDB_OPCODE.SELECTDB:
        this.dbid = r.length();
        return true;
      case RDB_OPCODE.RESIZEDB:
        this.sizeHints.set(this.dbid, { keys: r.length(), expires: r.length() });
        return true;
      case RDB_OPCODE.AUX:
        this.aux.set(r.string(), r.string());
        return true;
      case RDB_OPCODE.FUNCTION2:
        this.functions.push(r.string());
        return true;
      case RDB_OPCODE.MODULE_AUX:
        throw new RdbError("The RDB file contains AUX module data I can't load: no matching module");
      case RDB_OPCODE.FUNCTION_PRE_GA:
        throw new RdbError('Pre-release function format not supported');
      default:
        this.readFooter();
        return false;
    }
  }

  private readFooter(): void {
    this.syncCrc();
    this.finished = true;
    if (this.version < 5) {
      this.checksum = 'absent';
      return;
    }
    const r = this.r;
    r.need(8);
    const stored = r.buf.subarray(r.pos, r.pos + 8);
    r.pos += 8;
    if (stored.every((b) => b === 0)) {
      this.checksum = 'disabled';
      return;
    }
    if (!this.crc.matchesLE(stored, 0)) {
      const got = this.crc.toBigInt().toString(16);
      const expected = stored.readBigUInt64LE(0).toString(16);
      throw new RdbError(`Wrong RDB checksum expected: (${expected}) got (${got}). Aborting now.`);
    }
    this.checksum = 'ok';
  }
}

/** Decodes one value of RDB type `type`; returns null for an empty collection (Redis skips those keys). */
export function readValue(r: ByteReader, type: number): RdbValue | null {
  switch (type) {
    case RDB_TYPE.STRING:
      return { type: 'string', value: r.string() };
    case RDB_TYPE.LIST:
      return nonEmptyList(readStrings(r));
    case RDB_TYPE.LIST_ZIPLIST:
      return nonEmptyList(decodeZiplist(r.stringBytes()));
    case RDB_TYPE.LIST_QUICKLIST:
    case RDB_TYPE.LIST_QUICKLIST_2:
      return nonEmptyList(readQuicklist(r, type === RDB_TYPE.LIST_QUICKLIST_2));
    case RDB_TYPE.SET:
      return makeSet(readStrings(r), 'hashtable');
    case RDB_TYPE.SET_INTSET:
      return makeSet(decodeIntset(r.stringBytes()), 'intset');
    case RDB_TYPE.HASH:
      return makeHash(readStrings(r, 2), 'hashtable');
    case RDB_TYPE.HASH_ZIPMAP:
    case RDB_TYPE.HASH_ZIPLIST:
      return makeHash(type === RDB_TYPE.HASH_ZIPMAP ? decodeZipmap(r.stringBytes()) : decodeZiplist(r.stringBytes()), 'listpack');
    case RDB_TYPE.HASH_LISTPACK:
      return makeHash(decodeListpack(r.stringBytes()), 'listpack');
    case RDB_TYPE.ZSET:
    case RDB_TYPE.ZSET_2:
      return readSkiplistZset(r, type === RDB_TYPE.ZSET_2);
    case RDB_TYPE.ZSET_ZIPLIST:
      return makeZset(decodeZiplist(r.stringBytes()), 'listpack');
    case RDB_TYPE.ZSET_LISTPACK:
      return makeZset(decodeListpack(r.stringBytes()), 'listpack');
    case RDB_TYPE.MODULE_PRE_GA:
    case RDB_TYPE.MODULE_2:
      throw new RdbError("The RDB file contains module data I can't load: no matching module");
    case RDB_TYPE.STREAM_LISTPACKS:
    case RDB_TYPE.STREAM_LISTPACKS_2:
      throw new RdbError('The RDB file contains a stream, which Redoubt cannot load yet');
    default:
      throw new RdbError(`Unknown RDB encoding type ${type}`);
  }
}

/** `per` strings per counted item (2 for hash pairs). */
function readStrings(r: ByteReader, per = 1): string[] {
  const n = r.count() * per;
  const out = new Array<string>(n);
  for (let i = 0; i < n; i++) out[i] = r.string();
  return out;
}

function nonEmptyList(items: string[]): RdbValue | null {
  return items.length === 0 ? null : { type: 'list', items };
}

function readQuicklist(r: ByteReader, v2: boolean): string[] {
  const nodes = r.count();
  const items: string[] = [];
  for (let i = 0; i < nodes; i++) {
    let container = QUICKLIST_NODE_PACKED;
    if (v2) {
      container = r.length();
      if (container !== QUICKLIST_NODE_PACKED && container !== QUICKLIST_NODE_PLAIN) {
        throw new RdbError(`Quicklist integrity check failed: bad container ${container}`);
      }
    }
    const blob = r.stringBytes();
    if (container === QUICKLIST_NODE_PLAIN) {
      items.push(blob.toString('latin1'));
      continue;
    }
    const elems = v2 ? decodeListpack(blob) : decodeZiplist(blob);
    for (const e of elems) items.push(e);
  }
  return items;
}

function makeSet(members: string[], encoding: 'intset' | 'hashtable'): RdbValue | null {
  if (members.length === 0) return null;
  if (new Set(members).size !== members.length) throw new RdbError('Duplicate set members detected');
  return { type: 'set', members, encoding };
}

function makeHash(flat: string[], encoding: 'listpack' | 'hashtable'): RdbValue | null {
  if (flat.length % 2 !== 0) throw new RdbError('Hash with an odd number of elements');
  if (flat.length === 0) return null;
  const fields: string[] = [];
  const values: string[] = [];
  for (let i = 0; i < flat.length; i += 2) {
    fields.push(flat[i]);
    values.push(flat[i + 1]);
  }
  if (new Set(fields).size !== fields.length) throw new RdbError('Duplicate hash fields detected');
  return { type: 'hash', fields, values, encoding };
}

function readSkiplistZset(r: ByteReader, binary: boolean): RdbValue | null {
  const n = r.count();
  const members: string[] = [];
  const scores: number[] = [];
  for (let i = 0; i < n; i++) {
    members.push(r.string());
    scores.push(binary ? r.doubleLE() : r.textDouble());
  }
  return finishZset(members, scores, 'skiplist');
}

function makeZset(flat: string[], encoding: 'listpack'): RdbValue | null {
  if (flat.length % 2 !== 0) throw new RdbError('Zset with an odd number of elements');
  const members: string[] = [];
  const scores: number[] = [];
  for (let i = 0; i < flat.length; i += 2) {
    members.push(flat[i]);
    scores.push(parseScore(flat[i + 1]));
  }
  return finishZset(members, scores, encoding);
}

/** Score text as strtod reads it (what listpack/ziplist zsets store). */
export function parseScore(s: string): number {
  const t = s.toLowerCase();
  if (t === 'inf' || t === '+inf' || t === 'infinity' || t === '+infinity') return Infinity;
  if (t === '-inf' || t === '-infinity') return -Infinity;
  const v = s.trim() === s && s !== '' ? Number(s) : NaN;
  if (Number.isNaN(v)) throw new RdbError('Zset with an invalid score detected');
  return v;
}

/** Validates (no NaN, no duplicate) and sorts members by (score, member) ascending. */
function finishZset(members: string[], scores: number[], encoding: 'listpack' | 'skiplist'): RdbValue | null {
  if (members.length === 0) return null;
  if (new Set(members).size !== members.length) throw new RdbError('Duplicate zset fields detected');
  const order = members.map((_, i) => i);
  for (const s of scores) if (Number.isNaN(s)) throw new RdbError('Zset with NAN score detected');
  order.sort((a, b) => scores[a] - scores[b] || (members[a] < members[b] ? -1 : members[a] > members[b] ? 1 : 0));
  return { type: 'zset', members: order.map((i) => members[i]), scores: order.map((i) => scores[i]), encoding };
}
