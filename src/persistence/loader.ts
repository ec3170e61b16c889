/**
 * Loading an RDB image into the server: parse in slices (the loop answers -LOADING meanwhile), build every
 * database in fresh staging Maps, verify the checksum, and only then swap the Maps in. A corrupt or
 * truncated image therefore changes nothing: the error comes back and the old data (or emptiness) stays.
 */
import type { Server } from '../server/server.js';
import type { Database } from '../keyspace/database.js';
import type { Value } from '../keyspace/types/value.js';
import { BigMap } from '../keyspace/big-map.js';
import { RdbError } from './rdb-format.js';
import { RdbParser } from './rdb-reader.js';
import { fromRdbValue } from './value-codec.js';

export interface LoadResult {
  version: number;
  aux: Map<string, string>;
  keysLoaded: number;
  keysExpired: number;
  functions: number;
  /** Byte offset just past the RDB (an AOF preamble is followed by commands). */
  endOffset: number;
}

export interface LoadOptions {
  /** Drop keys whose expiry has passed (Redis does on a master, not on a replica nor in an AOF preamble). */
  dropExpired: boolean;
  /** Serializing budget per event-loop turn; Infinity loads synchronously. */
  sliceMs: number;
  start?: number;
  /**
   * How the loaded keys meet the keyspace: 'replace' swaps every database's Maps (startup, full sync, a
   * flushed DEBUG RELOAD); 'merge' adds them to the current data, a loaded key replacing an existing one
   * (DEBUG RELOAD NOFLUSH MERGE); 'strict' adds them and fails on a key that already exists (NOFLUSH).
   */
  mode?: 'replace' | 'merge' | 'strict';
  /** Applies a key's IDLE / FREQ opcode after the commit (OBJECT IDLETIME / FREQ survive a restart). */
  onAccessHint?: (db: Database, key: string, idleSec: number, freq: number) => void;
}

/** NOFLUSH without MERGE met a key that exists: Redis panics here, and so does the caller. */
export class DuplicateKeyError extends RdbError {
  constructor(readonly key: string, readonly dbid: number) {
    super(`RDB has duplicated key '${key}' in DB ${dbid}`);
  }
}

interface AccessHint {
  dbid: number;
  key: string;
  idleSec: number;
  freq: number;
}

class Staging {
  readonly dicts: (BigMap<string, Value> | undefined)[] = [];
  readonly expires: (BigMap<string, number> | undefined)[] = [];
  readonly hints: AccessHint[] = [];
  keysLoaded = 0;
  keysExpired = 0;

  constructor(private readonly server: Server, private readonly opts: LoadOptions, private readonly now: number) {}

  /**
   * Adds every key the parser yields until the deadline; true when the parser reached EOF. The hot path of
   * a load: no object per key (the parser's fields), plain strings as they come, one Map operation per key
   * (a duplicate shows as an unchanged size).
   */
  fill(p: RdbParser, deadline: number): boolean {
    const dbCount = this.server.dbs.length;
    const settings = this.server.settings;
    const dropBefore = this.opts.dropExpired ? this.now : -Infinity;
    let n = 0;
    let dbid = -1;
    let dict: BigMap<string, Value> | undefined;
    while (p.advance()) {
      if (p.dbid !== dbid) {
        dbid = p.dbid;
        if (dbid >= dbCount) {
          throw new RdbError(`FATAL: Data file was created with a Redis server configured to handle more than ${dbCount} databases. Exiting`);
        }
        dict = this.dicts[dbid] ??= new BigMap();
      }
      const key = p.key;
      const expireMs = p.expireMs;
      if (expireMs >= 0 && expireMs < dropBefore) {
        this.keysExpired++;
        continue;
      }
      const size = dict!.size;
      dict!.set(key, p.str !== null ? p.str : fromRdbValue(p.value!, settings));
      if (dict!.size === size) throw new RdbError(`RDB has duplicated key '${key}' in DB ${dbid}`);
      if (expireMs >= 0) (this.expires[dbid] ??= new BigMap()).set(key, expireMs);
      if (p.idleSec >= 0 || p.freq >= 0) this.hints.push({ dbid, key, idleSec: p.idleSec, freq: p.freq });
      this.keysLoaded++;
      if ((++n & 1023) === 0 && performance.now() >= deadline) {
        p.syncCrc();
        return false;
      }
    }
    return true;
  }

  /** Hands the staged keys to the keyspace (see LoadOptions.mode), then applies the access hints. */
  commit(): void {
    const mode = this.opts.mode ?? 'replace';
    if (mode === 'replace') {
      for (const db of this.server.dbs) {
        db.dict = this.dicts[db.id] ?? new BigMap();
        db.expires = this.expires[db.id] ?? new BigMap();
        db.expireCursor = null;
      }
    } else {
      this.mergeInto(mode === 'merge');
    }
    const apply = this.opts.onAccessHint;
    if (apply === undefined) return;
    for (const h of this.hints) apply(this.server.dbs[h.dbid], h.key, h.idleSec, h.freq);
  }

  /** Adds the staged keys through the Database API (copy-on-write, WATCH); checks duplicates first. */
  private mergeInto(replaceExisting: boolean): void {
    const dbs = this.server.dbs;
    if (!replaceExisting) {
      this.dicts.forEach((dict, id) => {
        for (const key of dict?.keys() ?? []) if (dbs[id].dict.has(key)) throw new DuplicateKeyError(key, id);
      });
    }
    this.dicts.forEach((dict, id) => {
      if (dict === undefined) return;
      const db = dbs[id];
      const exp = this.expires[id];
      for (const [key, value] of dict) {
        db.set(key, value);
        const when = exp?.get(key);
        if (when !== undefined) db.setExpire(key, when);
        db.signalModified(key);
      }
    });
  }
}

function start(buf: Buffer, opts: LoadOptions): RdbParser {
  const p = new RdbParser(buf, opts.start ?? 0);
  p.readHeader();
  return p;
}

function result(p: RdbParser, s: Staging): LoadResult {
  return { version: p.version, aux: p.aux, keysLoaded: s.keysLoaded, keysExpired: s.keysExpired, functions: p.functions.length, endOffset: p.r.pos };
}

/** Loads synchronously (DEBUG RELOAD, small images). Throws RdbError; the keyspace is untouched then. */
export function loadRdbSync(server: Server, buf: Buffer, opts: Omit<LoadOptions, 'sliceMs'>): LoadResult {
  const p = start(buf, { ...opts, sliceMs: Infinity });
  const s = new Staging(server, { ...opts, sliceMs: Infinity }, server.clock.nowMs());
  while (!s.fill(p, Infinity));
  s.commit();
  return result(p, s);
}

/** Loads in slices of opts.sliceMs between event-loop turns; resolves after the swap, rejects untouched. */
export function loadRdbSliced(server: Server, buf: Buffer, opts: LoadOptions, onProgress?: (bytes: number) => void): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    let p: RdbParser;
    let s: Staging;
    try {
      p = start(buf, opts);
      s = new Staging(server, opts, server.clock.nowMs());
    } catch (e) {
      reject(e);
      return;
    }
    const slice = (): void => {
      try {
        if (!s.fill(p, performance.now() + opts.sliceMs)) {
          onProgress?.(p.r.pos);
          setImmediate(slice);
          return;
        }
        s.commit();
        resolve(result(p, s));
      } catch (e) {
        reject(e);
      }
    };
    slice();
  });
}
