/**
 * The RDB side of persistence as the server sees it: SAVE, BGSAVE (sliced snapshot, never a stalled loop),
 * save points, loading at startup, and the state behind INFO persistence (rdb_* fields, LASTSAVE, the
 * MISCONF gate). One instance per server, created by install.ts.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Server } from '../server/server.js';
import type { Database } from '../keyspace/database.js';
import { REDIS_VERSION } from '../server/server.js';
import { RdbSnapshot, SnapshotHooks, saveSync, saveInBackground, type BackgroundJob } from './snapshot.js';
import { writerOptions } from './value-codec.js';
import { loadRdbSliced, loadRdbSync, type LoadOptions, type LoadResult } from './loader.js';
import { setKeyAccess } from '../commands/keys.js';
import { RdbError } from './rdb-format.js';

/** Replication fields written into RDB files (repl-stream-db, repl-id, repl-offset). */
export interface ReplAuxFields {
  replId: string;
  replOffset: number;
  replStreamDb: number;
}

/** A retry delay after a failed automatic BGSAVE, as Redis's CONFIG_BGSAVE_RETRY_DELAY. */
const BGSAVE_RETRY_DELAY_MS = 5000;
export const BGSAVE_SLICE_MS = 2;
const LOAD_SLICE_MS = 20;

export interface LoadingInfo {
  startSec: number;
  totalBytes: number;
  loadedBytes: number;
  startMono: number;
}

export class RdbService {
  lastSaveMs: number;
  lastBgsaveOk = true;
  lastBgsaveDurationSec = -1;
  rdbSaves = 0;
  lastLoadKeysLoaded = 0;
  lastLoadKeysExpired = 0;
  /** Set by the AOF side: a BGSAVE SCHEDULE waiting for the rewrite to end. */
  bgsaveScheduled = false;
  /** Set by the AOF side while its rewrite runs. */
  aofRewriteRunning: () => boolean = () => false;
  /** Replication registers where the repl-* AUX fields come from. */
  replAuxSource: (() => ReplAuxFields | null) | null = null;
  /** AUX fields of the RDB loaded at startup (repl-id / repl-offset for a partial resync after restart). */
  loadedAux: Map<string, string> | null = null;
  loading: LoadingInfo | null = null;
  readonly hooks: SnapshotHooks;
  private bg: { snap: RdbSnapshot; job: BackgroundJob; startMono: number; dirtyAtStart: number; tmp: string } | null = null;
  private lastBgsaveTryMs = 0;

  constructor(private readonly server: Server) {
    this.hooks = new SnapshotHooks(server);
    this.lastSaveMs = server.clock.nowMs();
  }

  rdbPath(): string {
    return resolve(this.server.settings.dir, this.server.settings.dbfilename);
  }

  get bgsaveInProgress(): boolean {
    return this.bg !== null;
  }

  /** AUX fields in the order Redis 7.0 writes them. */
  auxFields(repl: ReplAuxFields | null, aofBase: boolean): [string, string][] {
    const aux: [string, string][] = [
      ['redis-ver', REDIS_VERSION],
      ['redis-bits', '64'],
      ['ctime', String(Math.floor(this.server.clock.nowMs() / 1000))],
      ['used-mem', String(process.memoryUsage().rss)],
    ];
    if (repl !== null) {
      aux.push(['repl-stream-db', String(repl.replStreamDb)], ['repl-id', repl.replId], ['repl-offset', String(repl.replOffset)]);
    }
    aux.push(['aof-base', aofBase ? '1' : '0']);
    return aux;
  }

  /** A snapshot of the dataset as of now, with copy-on-write protection while it is registered. */
  newSnapshot(repl: ReplAuxFields | null, aofBase = false, format: 'rdb' | 'aof' = 'rdb'): RdbSnapshot {
    const s = this.server.settings;
    const snap = new RdbSnapshot(this.server.dbs, { aux: this.auxFields(repl, aofBase), writer: writerOptions(s), checksum: s.rdbchecksum, format, keyDelayUs: s.rdbKeySaveDelay });
    this.hooks.add(snap);
    return snap;
  }

  private replAux(): ReplAuxFields | null {
    return this.replAuxSource ? this.replAuxSource() : null;
  }

  /** SAVE: synchronous. Returns null or the error text. `evenDuringBgsave`: DEBUG RELOAD saves regardless. */
  save(evenDuringBgsave = false): string | null {
    if (this.bg !== null && !evenDuringBgsave) return 'ERR Background save already in progress';
    const snap = this.newSnapshot(this.replAux());
    const path = this.rdbPath();
    try {
      saveSync(snap, path, join(this.server.settings.dir, `temp-${process.pid}.rdb`));
    } catch (e) {
      this.server.log.warning(`Failed opening the temp RDB file temp-${process.pid}.rdb (in server root dir ${process.cwd()}) for saving: ${(e as Error).message}`);
      return 'ERR';
    } finally {
      this.hooks.remove(snap);
    }
    this.server.log.notice('DB saved on disk');
    this.server.dirty = 0;
    this.lastSaveMs = this.server.clock.nowMs();
    this.lastBgsaveOk = true;
    this.rdbSaves++;
    return null;
  }

  /** BGSAVE: starts a sliced background save. Returns null (started) or the error text. */
  bgsave(): string | null {
    if (this.bg !== null) return 'ERR Background save already in progress';
    this.lastBgsaveTryMs = this.server.clock.nowMs();
    const snap = this.newSnapshot(this.replAux());
    const tmp = join(this.server.settings.dir, `temp-${process.pid}-bg.rdb`);
    const startMono = this.server.clock.monoMs();
    const dirtyAtStart = this.server.dirty;
    const job = saveInBackground(snap, this.rdbPath(), tmp, BGSAVE_SLICE_MS, (err) => this.bgsaveDone(snap, err));
    this.bg = { snap, job, startMono, dirtyAtStart, tmp };
    this.server.log.notice(`Background saving started by pid ${process.pid}`);
    return null;
  }

  private bgsaveDone(snap: RdbSnapshot, err: Error | null): void {
    const bg = this.bg;
    this.hooks.remove(snap);
    if (bg === null || bg.snap !== snap) return;
    this.bg = null;
    this.lastBgsaveDurationSec = Math.round((this.server.clock.monoMs() - bg.startMono) / 1000);
    if (err !== null) {
      this.lastBgsaveOk = false;
      this.server.log.warning(`Background saving error: ${err.message}`);
      return;
    }
    this.server.log.notice('DB saved on disk');
    this.server.log.notice('Background saving terminated with success');
    this.server.dirty = Math.max(0, this.server.dirty - bg.dirtyAtStart);
    this.lastSaveMs = this.server.clock.nowMs();
    this.lastBgsaveOk = true;
    this.rdbSaves++;
  }

  /** rdb_current_bgsave_time_sec: seconds since the running BGSAVE started, -1 if none. */
  currentBgsaveSec(): number {
    return this.bg === null ? -1 : Math.round((this.server.clock.monoMs() - this.bg.startMono) / 1000);
  }

  /** current_save_keys_processed / _total of the running BGSAVE. */
  snapshotProgress(): { processed: number; total: number } | null {
    return this.bg === null ? null : { processed: this.bg.snap.keysProcessed, total: this.bg.snap.keysTotal };
  }

  /** Stops a running BGSAVE (SHUTDOWN, FLUSHALL in Redis kills the child). */
  killBgsave(): void {
    const bg = this.bg;
    if (bg === null) return;
    this.bg = null;
    bg.job.cancel();
    this.hooks.remove(bg.snap);
    this.server.log.warning('There is a child saving an .rdb. Killing it!');
  }

  /** Save points and scheduled BGSAVEs; runs from the cron. */
  cron(nowMs: number): void {
    if (this.bg !== null || this.loading !== null) return;
    if (this.bgsaveScheduled && !this.aofRewriteRunning()) {
      this.bgsaveScheduled = false;
      this.bgsave();
      return;
    }
    const s = this.server;
    const canRetry = this.lastBgsaveOk || nowMs - this.lastBgsaveTryMs > BGSAVE_RETRY_DELAY_MS;
    if (!canRetry || this.aofRewriteRunning()) return;
    for (const p of s.settings.save) {
      if (s.dirty >= p.changes && nowMs - this.lastSaveMs > p.seconds * 1000) {
        s.log.notice(`${p.changes} changes in ${p.seconds} seconds. Saving...`);
        this.bgsave();
        return;
      }
    }
  }

  /** True when write commands must be refused with MISCONF. */
  writesDenied(): boolean {
    const s = this.server.settings;
    return s.stopWritesOnBgsaveError && s.save.length > 0 && !this.lastBgsaveOk;
  }

  /** Reads and loads dbfilename if it exists. Rejects on a bad file (the caller exits, as Redis does). */
  async loadAtStartup(): Promise<LoadResult | null> {
    const path = this.rdbPath();
    if (!existsSync(path)) return null;
    const buf = await readFile(path);
    return this.loadBuffer(buf, 'RDB');
  }

  /**
   * Loads an RDB image in slices with loading:1 meanwhile; logs like Redis. `what`: 'RDB' at startup (the
   * only load that logs "DB loaded from disk"), 'replica' for a master's RDB, 'AOF preamble' for a base file.
   */
  async loadBuffer(buf: Buffer, what: 'RDB' | 'AOF preamble' | 'replica', start = 0): Promise<LoadResult> {
    const s = this.server;
    const t0 = s.clock.monoMs();
    const outer = { info: this.loading, flag: s.loading };
    this.loading = { startSec: Math.floor(s.clock.nowMs() / 1000), totalBytes: buf.length, loadedBytes: start, startMono: t0 };
    s.loading = true;
    try {
      const opts: LoadOptions = { dropExpired: !s.isReplica && what === 'RDB', sliceMs: LOAD_SLICE_MS, start, onAccessHint: this.accessHint };
      const res = await loadRdbSliced(s, buf, opts, (n) => {
        if (this.loading) this.loading.loadedBytes = n;
      });
      this.afterLoad(res, what, t0);
      return res;
    } finally {
      this.loading = outer.info;
      s.loading = outer.flag;
    }
  }

  /**
   * Loads an RDB image synchronously (DEBUG RELOAD: Redis blocks there too), into the current data as
   * `mode` says. Throws RdbError (DuplicateKeyError for 'strict') with the keyspace as it was.
   */
  loadSync(buf: Buffer, mode: 'replace' | 'merge' | 'strict'): LoadResult {
    const s = this.server;
    const t0 = s.clock.monoMs();
    const wasLoading = s.loading;
    s.loading = true;
    try {
      const res = loadRdbSync(s, buf, { dropExpired: !s.isReplica, mode, onAccessHint: this.accessHint });
      this.afterLoad(res, 'DEBUG', t0);
      return res;
    } finally {
      s.loading = wasLoading;
    }
  }

  private readonly accessHint = (db: Database, key: string, idleSec: number, freq: number): void => {
    setKeyAccess(this.server, db, key, idleSec, freq);
  };

  private afterLoad(res: LoadResult, what: 'RDB' | 'AOF preamble' | 'replica' | 'DEBUG', t0: number): void {
    const log = this.server.log;
    const ver = res.aux.get('redis-ver');
    if (ver !== undefined) log.notice(`Loading RDB produced by version ${ver}`);
    const ctime = Number(res.aux.get('ctime'));
    if (Number.isFinite(ctime)) log.notice(`RDB age ${Math.max(0, Math.floor(this.server.clock.nowMs() / 1000) - ctime)} seconds`);
    const mem = Number(res.aux.get('used-mem'));
    if (Number.isFinite(mem)) log.notice(`RDB memory usage when created ${(mem / 1024 / 1024).toFixed(2)} Mb`);
    if (res.aux.get('aof-base') === '1') log.notice('RDB is base AOF');
    if (res.functions > 0) log.warning(`Skipping ${res.functions} function libraries from the RDB (functions are not supported)`);
    log.notice(`Done loading RDB, keys loaded: ${res.keysLoaded}, keys expired: ${res.keysExpired}.`);
    if (what === 'RDB') log.notice(`DB loaded from disk: ${((this.server.clock.monoMs() - t0) / 1000).toFixed(3)} seconds`);
    this.lastLoadKeysLoaded = res.keysLoaded;
    this.lastLoadKeysExpired = res.keysExpired;
    this.loadedAux = res.aux;
  }
}

/** The log lines for a load failure, as Redis words them. */
export function describeLoadError(e: unknown, path: string): string[] {
  if (e instanceof RdbError) {
    if (e.truncated) return ['Short read or OOM loading DB. Unrecoverable error, aborting now.', `Internal error in RDB reading ${path} -> ${e.message}`];
    return [`${e.message}`, `Internal error in RDB reading ${path}: the file is corrupt. Aborting now.`];
  }
  return [`Fatal error loading the DB: ${(e as Error).message}. Exiting.`];
}
