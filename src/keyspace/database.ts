/**
 * One logical database (SELECT n): the key -> value dict and the key -> absolute-expiry-ms dict.
 *
 * Every read goes through lookupRead, every write through lookupWrite / set / add / delete, because three
 * later subsystems hook in here and nowhere else:
 *  - lazy expiry (a logically expired key is deleted on access on a master, hidden on a replica);
 *  - snapshots copy-on-write: host.beforeWrite(db, key) runs before a key is changed or removed while an
 *    RDB snapshot walks the dict, so the snapshot can save the old value first;
 *  - WATCH / tracking: host.onModified(db, key) after a change (the command calls signalModified).
 */
import { stringEncoding, type Value } from './types/value.js';
import { BigMap } from './big-map.js';

export interface KeyspaceHost {
  /** Cached time of the running command, ms since epoch. */
  nowMs(): number;
  /** True while this node replicates from a master: keys are expired only by the master's DEL. */
  expiresFromMaster(): boolean;
  /** A key found expired: propagate DEL, notify "expired", count it. The key is already removed. */
  onExpired(db: Database, key: string): void;
  /** Called before a key's value is mutated in place, replaced or deleted. */
  beforeWrite(db: Database, key: string): void;
  /** WATCH invalidation (and tracking later). */
  onModified(db: Database, key: string): void;
  /** Before every key of `db` is dropped (FLUSHDB/FLUSHALL): WATCH invalidation. */
  onFlush(db: Database): void;
  /** After two databases exchanged contents (SWAPDB). */
  onSwap(a: Database, b: Database): void;
  stats: { keyspaceHits: number; keyspaceMisses: number; expiredKeys: number };
  /** While loading (RDB/AOF at startup) nothing expires: Redis reaps those keys afterwards. */
  readonly loading: boolean;
}

/**
 * Per-key access tracking for OBJECT IDLETIME / FREQ (installed by the keys module only once needed, so the
 * hot paths pay a null check until then).
 */
export interface AccessTracker {
  touch(key: string): void;
  forget(key: string): void;
}

export class Database {
  /** Keys -> values; a BigMap because a V8 Map stops at 2^24 entries. */
  dict = new BigMap<string, Value>();
  access: AccessTracker | null = null;
  expires = new BigMap<string, number>();
  /** Live iterator over `expires` for the active expiry cycle (Map iterators survive mutation). */
  expireCursor: Iterator<[string, number]> | null = null;
  /** Average TTL estimate for INFO keyspace avg_ttl. */
  avgTtlMs = 0;
  /**
   * Strings whose Redis encoding differs from what their content implies (APPEND, SETRANGE and the bit
   * commands leave "raw", INCRBYFLOAT "embstr" for an integer-looking result). Dropped whenever the key's
   * value is replaced or removed; OBJECT ENCODING reads it through stringEncodingOf().
   */
  stringEncodings = new Map<string, string>();

  constructor(readonly id: number, readonly host: KeyspaceHost) {}

  get size(): number {
    return this.dict.size;
  }

  /**
   * If `key` is logically expired, deletes it (on a master) and returns true. On a replica the key stays
   * but is reported expired so reads miss.
   */
  expireIfNeeded(key: string): boolean {
    const when = this.expires.get(key);
    if (when === undefined || when > this.host.nowMs() || this.host.loading) return false;
    if (this.host.expiresFromMaster()) return true;
    this.host.beforeWrite(this, key);
    this.dict.delete(key);
    this.expires.delete(key);
    if (this.access !== null) this.access.forget(key);
    if (this.stringEncodings.size !== 0) this.stringEncodings.delete(key);
    this.host.stats.expiredKeys++;
    this.host.onExpired(this, key);
    return true;
  }

  /** Read access: counts hits/misses (keyspace_hits/misses). */
  lookupRead(key: string): Value | undefined {
    if (this.expires.size !== 0 && this.expireIfNeeded(key)) {
      this.host.stats.keyspaceMisses++;
      return undefined;
    }
    const v = this.dict.get(key);
    if (v === undefined) this.host.stats.keyspaceMisses++;
    else {
      this.host.stats.keyspaceHits++;
      if (this.access !== null) this.access.touch(key);
    }
    return v;
  }

  /** Read access that does not count stats (TYPE, EXISTS, internal checks). */
  peek(key: string): Value | undefined {
    if (this.expires.size !== 0 && this.expireIfNeeded(key)) return undefined;
    return this.dict.get(key);
  }

  /** Access before an in-place mutation of a compound value. */
  lookupWrite(key: string): Value | undefined {
    if (this.expires.size !== 0 && this.expireIfNeeded(key)) return undefined;
    const v = this.dict.get(key);
    if (v !== undefined) {
      this.host.beforeWrite(this, key);
      if (this.access !== null) this.access.touch(key);
    }
    return v;
  }

  /** SET semantics: stores the value; removes the TTL unless keepTtl. */
  set(key: string, value: Value, keepTtl = false): void {
    this.host.beforeWrite(this, key);
    this.dict.set(key, value);
    if (!keepTtl && this.expires.size !== 0) this.expires.delete(key);
    if (this.access !== null) this.access.touch(key);
    if (this.stringEncodings.size !== 0) this.stringEncodings.delete(key);
  }

  /** Adds a key known not to exist (after a lookup that missed). */
  add(key: string, value: Value): void {
    this.host.beforeWrite(this, key);
    this.dict.set(key, value);
    if (this.access !== null) this.access.touch(key);
    if (this.stringEncodings.size !== 0) this.stringEncodings.delete(key);
  }

  /** Replaces the value of an existing key, keeping its TTL. */
  overwrite(key: string, value: Value): void {
    this.host.beforeWrite(this, key);
    this.dict.set(key, value);
    if (this.stringEncodings.size !== 0) this.stringEncodings.delete(key);
  }

  delete(key: string): boolean {
    if (!this.dict.has(key)) return false;
    this.host.beforeWrite(this, key);
    this.dict.delete(key);
    if (this.expires.size !== 0) this.expires.delete(key);
    if (this.access !== null) this.access.forget(key);
    if (this.stringEncodings.size !== 0) this.stringEncodings.delete(key);
    return true;
  }

  /** Absolute expiry in ms, or -1. */
  getExpire(key: string): number {
    const t = this.expires.get(key);
    return t === undefined ? -1 : t;
  }

  setExpire(key: string, whenMs: number): void {
    this.host.beforeWrite(this, key);
    this.expires.set(key, whenMs);
  }

  removeExpire(key: string): boolean {
    if (!this.expires.has(key)) return false;
    this.host.beforeWrite(this, key);
    return this.expires.delete(key);
  }

  /** Records the encoding Redis gives the string now stored at key (see stringEncodings). */
  setStringEncoding(key: string, encoding: string): void {
    this.stringEncodings.set(key, encoding);
  }

  /** OBJECT ENCODING for the string value `v` stored at key. */
  stringEncodingOf(key: string, v: string): string {
    return (this.stringEncodings.size !== 0 && this.stringEncodings.get(key)) || stringEncoding(v);
  }

  signalModified(key: string): void {
    this.host.onModified(this, key);
  }

  /** Drops every key; returns how many were removed. New maps, so a running snapshot keeps the old ones. */
  flush(): number {
    const n = this.dict.size;
    this.host.onFlush(this);
    this.dict = new BigMap();
    this.expires = new BigMap();
    this.stringEncodings = new Map();
    this.expireCursor = null;
    return n;
  }

  /** SWAPDB: exchange contents with another database. */
  swapWith(other: Database): void {
    const d = this.dict;
    const e = this.expires;
    const se = this.stringEncodings;
    this.dict = other.dict;
    this.expires = other.expires;
    this.stringEncodings = other.stringEncodings;
    other.dict = d;
    other.expires = e;
    other.stringEncodings = se;
    this.expireCursor = null;
    other.expireCursor = null;
    const a = this.avgTtlMs;
    this.avgTtlMs = other.avgTtlMs;
    other.avgTtlMs = a;
    this.host.onSwap(this, other);
  }
}
