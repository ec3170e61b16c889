/**
 * Point-in-time RDB snapshots without fork().
 *
 * Node cannot fork, so a background save walks each database's Map in slices between event-loop turns. To
 * keep the file a consistent picture of the moment the save started, the Database calls
 * server.hooks.beforeWrite(db, key) before any key is changed, expired or deleted: if the snapshot has not
 * written that key yet, it serializes the key's OLD value right then and marks it, and the walk skips
 * marked keys (keys created after the start are marked too, so they never appear). The walk keeps its own
 * references to the Maps of the start: FLUSHALL installs new Maps, and SWAPDB moves Maps between Database
 * objects, so walks are looked up by Map identity, not by db number.
 *
 * The snapshot only produces bytes (chunks, CRC64 included); where they go (a temp file then rename, a
 * replica's socket, an AOF base file) is the caller's business.
 */
import { openSync, writeSync, fsyncSync, closeSync, renameSync, unlinkSync, open, write, fsync, close, rename, unlink } from 'node:fs';
import type { Server } from '../server/server.js';
import type { Database } from '../keyspace/database.js';
import type { Value } from '../keyspace/types/value.js';
import type { BigMap } from '../keyspace/big-map.js';
import { ByteWriter, RDB_OPCODE } from './rdb-format.js';
import { writeMagic, writeAux, writeSelectDb, writeStringKey, writeKeyValue, type WriterOptions } from './rdb-writer.js';
import { Crc64 } from './crc64.js';
import { toRdbValue } from './value-codec.js';
import { writeAofSelect, writeAofEntry } from './aof-rewrite.js';

const SEEN_SHARDS = 64;

/**
 * The set of keys a walk has written, split over 64 Sets by a cheap hash of a few characters. Why: one Set
 * of a million keys rehashes all of them at once when it doubles (about 16 ms at 512K keys: the worst
 * latency of a BGSAVE); a shard rehashes 1/64 of that.
 */
class SeenKeys {
  private readonly shards: Set<string>[] = [];

  constructor() {
    for (let i = 0; i < SEEN_SHARDS; i++) this.shards.push(new Set());
  }

  private shard(key: string): Set<string> {
    const n = key.length;
    if (n === 0) return this.shards[0];
    const h = key.charCodeAt(n - 1) * 31 + key.charCodeAt(n >> 1) * 7 + key.charCodeAt(n > 1 ? n - 2 : 0) * 131 + n;
    return this.shards[h & (SEEN_SHARDS - 1)];
  }

  has(key: string): boolean {
    return this.shard(key).has(key);
  }

  add(key: string): void {
    this.shard(key).add(key);
  }
}

interface DbWalk {
  id: number;
  dict: BigMap<string, Value>;
  expires: BigMap<string, number>;
  iter: Iterator<[string, Value]>;
  /** Keys already written (or created after the start): the walk skips them, the hook ignores them. */
  seen: SeenKeys;
  /** Old values preserved by the hook before this db's turn comes. */
  pending: ByteWriter | null;
  keysAtStart: number;
  expiresAtStart: number;
  state: 'waiting' | 'walking' | 'done';
}

export interface SnapshotOptions {
  aux: [string, string][];
  writer: WriterOptions;
  /** rdbchecksum: false writes a zero checksum. */
  checksum: boolean;
  /** 'aof': the dataset as commands (an AOF base without RDB preamble); default 'rdb'. */
  format?: 'rdb' | 'aof';
  /** rdb-key-save-delay: µs of pause per key; the background loops wait pauseMs() between steps. */
  keyDelayUs?: number;
}

const CHUNK_BYTES = 1 << 20;

export class RdbSnapshot {
  readonly keysTotal: number;
  keysProcessed = 0;
  private readonly walks: DbWalk[] = [];
  private readonly byDict = new Map<BigMap<string, Value>, DbWalk>();
  private cur = 0;
  private readonly w = new ByteWriter(CHUNK_BYTES + 64 * 1024);
  private readonly crc = new Crc64();
  private eofWritten = false;
  private tailTaken = false;
  private readonly aof: boolean;
  private readonly keyDelayUs: number;
  /** Keys written by the last step() (for the rdb-key-save-delay pause). */
  private stepKeys = 0;

  constructor(dbs: readonly Database[], private readonly opts: SnapshotOptions) {
    let total = 0;
    for (const db of dbs) {
      if (db.dict.size === 0) continue;
      const walk: DbWalk = {
        id: db.id,
        dict: db.dict,
        expires: db.expires,
        iter: db.dict.entries(),
        seen: new SeenKeys(),
        pending: null,
        keysAtStart: db.dict.size,
        expiresAtStart: db.expires.size,
        state: 'waiting',
      };
      total += walk.keysAtStart;
      this.walks.push(walk);
      this.byDict.set(db.dict, walk);
    }
    this.keysTotal = total;
    this.aof = opts.format === 'aof';
    // A negative rdb-key-save-delay -N means, as in Redis, 1 µs for one key in N on average.
    const d = opts.keyDelayUs ?? 0;
    this.keyDelayUs = d > 0 ? d : d < 0 ? 1 / -d : 0;
    if (this.aof) return;
    writeMagic(this.w);
    for (const [k, v] of opts.aux) writeAux(this.w, k, v, opts.writer.compress);
  }

  /** The copy-on-write hook: called before `key` in `db` changes. */
  preserve(db: Database, key: string): void {
    const walk = this.byDict.get(db.dict);
    if (walk === undefined || walk.state === 'done' || walk.seen.has(key)) return;
    walk.seen.add(key);
    const value = walk.dict.get(key);
    if (value === undefined) return;
    let out = this.w;
    if (walk.state === 'waiting') out = walk.pending ??= new ByteWriter(4096);
    this.writeEntry(out, walk, key, value);
  }

  /** Serializes until `deadlineMs` (performance.now()) or a full chunk; true once everything is written. */
  step(deadlineMs: number): boolean {
    // With rdb-key-save-delay a step writes about 5 ms worth of keys, then the caller pauses that long.
    const cap = this.keyDelayUs > 0 && deadlineMs !== Infinity ? Math.max(1, Math.floor(5000 / this.keyDelayUs)) : Infinity;
    this.stepKeys = 0;
    while (this.cur < this.walks.length) {
      const walk = this.walks[this.cur];
      if (walk.state === 'waiting') this.beginWalk(walk);
      let n = 0;
      for (;;) {
        const r = walk.iter.next();
        if (r.done === true) break;
        const [key, value] = r.value;
        if (walk.seen.has(key)) continue;
        walk.seen.add(key);
        this.writeEntry(this.w, walk, key, value);
        if (++this.stepKeys >= cap) return false;
        if ((++n & 15) === 0 && (this.w.pos >= CHUNK_BYTES || performance.now() >= deadlineMs)) return false;
      }
      walk.state = 'done';
      walk.seen = new SeenKeys();
      this.byDict.delete(walk.dict);
      this.cur++;
    }
    if (!this.eofWritten) {
      if (!this.aof) this.w.u8(RDB_OPCODE.EOF);
      this.eofWritten = true;
    }
    return true;
  }

  /** How long to wait before the next step: the rdb-key-save-delay owed for the keys of the last one. */
  pauseMs(): number {
    return this.keyDelayUs > 0 ? (this.stepKeys * this.keyDelayUs) / 1000 : 0;
  }

  get done(): boolean {
    return this.tailTaken;
  }

  /** The bytes produced so far (null if none). After step() returned true, the last chunk carries the CRC. */
  takeChunk(): Buffer | null {
    if (this.tailTaken) return null;
    const body = this.w.view();
    this.crc.update(body);
    let chunk: Buffer;
    if (this.eofWritten) {
      const sum = this.aof ? Buffer.alloc(0) : this.opts.checksum ? this.crc.digestLE() : Buffer.alloc(8);
      chunk = Buffer.concat([body, sum]);
      this.w.pos = 0;
      this.tailTaken = true;
    } else {
      if (body.length === 0) return null;
      chunk = this.w.take();
    }
    return chunk;
  }

  private beginWalk(walk: DbWalk): void {
    if (this.aof) writeAofSelect(this.w, walk.id);
    else writeSelectDb(this.w, walk.id, walk.keysAtStart, walk.expiresAtStart);
    if (walk.pending !== null) {
      this.w.bytes(walk.pending.view());
      walk.pending = null;
    }
    walk.state = 'walking';
  }

  private writeEntry(out: ByteWriter, walk: DbWalk, key: string, value: Value): void {
    const exp = walk.expires.size === 0 ? -1 : (walk.expires.get(key) ?? -1);
    if (this.aof) writeAofEntry(out, key, value, exp);
    else if (typeof value === 'string') writeStringKey(out, key, value, exp, this.opts.writer.compress);
    else writeKeyValue(out, key, toRdbValue(value), exp, this.opts.writer);
    this.keysProcessed++;
  }
}

/** Keeps server.hooks.beforeWrite pointed at the running snapshots (and at nothing extra otherwise). */
export class SnapshotHooks {
  private readonly active = new Set<RdbSnapshot>();
  private saved: ((db: Database, key: string) => void) | null = null;

  constructor(private readonly server: Server) {}

  add(s: RdbSnapshot): void {
    this.active.add(s);
    if (this.saved !== null) return;
    const prev = this.server.hooks.beforeWrite;
    this.saved = prev;
    const active = this.active;
    this.server.hooks.beforeWrite = (db, key) => {
      prev(db, key);
      for (const snap of active) snap.preserve(db, key);
    };
  }

  remove(s: RdbSnapshot): void {
    this.active.delete(s);
    if (this.active.size > 0 || this.saved === null) return;
    this.server.hooks.beforeWrite = this.saved;
    this.saved = null;
  }

  get count(): number {
    return this.active.size;
  }
}

/** Writes a whole snapshot synchronously (SAVE, SHUTDOWN): temp file, fsync, rename. */
export function saveSync(snap: RdbSnapshot, path: string, tmpPath: string): void {
  const fd = openSync(tmpPath, 'w');
  try {
    for (;;) {
      const finished = snap.step(Infinity);
      const chunk = snap.takeChunk();
      if (chunk !== null) writeAll(fd, chunk);
      if (finished && snap.done) break;
    }
    fsyncSync(fd);
  } catch (e) {
    closeSync(fd);
    try {
      unlinkSync(tmpPath);
    } catch {
      // already gone
    }
    throw e;
  }
  closeSync(fd);
  renameSync(tmpPath, path);
}

function writeAll(fd: number, chunk: Buffer): void {
  let off = 0;
  while (off < chunk.length) off += writeSync(fd, chunk, off, chunk.length - off);
}

/** Schedules the next slice of a background snapshot: at once (setImmediate) or after its rdb-key-save-delay pause. */
export function nextSlice(snap: RdbSnapshot, fn: () => void): void {
  const ms = snap.pauseMs();
  if (ms > 0) setTimeout(fn, ms);
  else setImmediate(fn);
}

export interface BackgroundJob {
  cancel(): void;
}

/**
 * Writes a snapshot in slices (each at most `sliceMs` of serializing, then the event loop runs) to a temp
 * file, then fsync and rename. `done` gets null on success or the error.
 */
export function saveInBackground(snap: RdbSnapshot, path: string, tmpPath: string, sliceMs: number, done: (err: Error | null) => void): BackgroundJob {
  let cancelled = false;
  let fd = -1;
  const fail = (err: Error): void => {
    const finish = (): void => unlink(tmpPath, () => done(err));
    if (fd >= 0) close(fd, finish);
    else finish();
  };
  const writeChunk = (chunk: Buffer, off: number, next: () => void): void => {
    write(fd, chunk, off, chunk.length - off, null, (err, n) => {
      if (err) return fail(err);
      if (off + n < chunk.length) return writeChunk(chunk, off + n, next);
      next();
    });
  };
  const finishFile = (): void => {
    fsync(fd, (err) => {
      if (err) return fail(err);
      close(fd, (err2) => {
        fd = -1;
        if (err2) return fail(err2);
        rename(tmpPath, path, (err3) => (err3 ? fail(err3) : done(null)));
      });
    });
  };
  const slice = (): void => {
    if (cancelled) return fail(new Error('snapshot cancelled'));
    let finished: boolean;
    let chunk: Buffer | null;
    try {
      finished = snap.step(performance.now() + sliceMs);
      chunk = snap.takeChunk();
    } catch (e) {
      return fail(e as Error);
    }
    const next = (): void => {
      if (finished && snap.done) finishFile();
      else nextSlice(snap, slice);
    };
    if (chunk !== null) writeChunk(chunk, 0, next);
    else next();
  };
  open(tmpPath, 'w', (err, f) => {
    if (err) return done(err);
    fd = f;
    slice();
  });
  return {
    cancel: () => {
      cancelled = true;
    },
  };
}
