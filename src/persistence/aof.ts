/**
 * The append-only file, in Redis 7's multi-part layout (see aof-manifest.ts).
 *
 * Writing: the propagator hands every write command to feed(), which appends its RESP form (with a SELECT
 * when the db changes) to a buffer. The buffer is written in flush(), which the server calls before it
 * writes replies to sockets: so with appendfsync always, a reply never leaves before its command is on disk
 * (write + fsync); with everysec an fsync runs in the background once a second; with no, never.
 *
 * Rewriting (BGREWRITEAOF, auto rewrite, CONFIG SET appendonly yes) never stalls the loop: new writes switch
 * to a fresh incr file at once, while the point-in-time snapshot (copy-on-write, sliced: snapshot.ts) of the
 * same instant becomes the new base. Then the manifest is swapped atomically and the old files deleted.
 * Automatic rewrites (growth past auto-aof-rewrite-percentage, a scheduled one, the retry while turning the
 * AOF on) back off after three consecutive failures, as Redis 7.0 does; BGREWRITEAOF is never held back.
 */
import { openSync, writeSync, fsyncSync, closeSync, fsync, mkdirSync, existsSync, renameSync, unlinkSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Server } from '../server/server.js';
import { encodeCommand } from '../replication/propagator.js';
import { AofManifest, type AofFileInfo } from './aof-manifest.js';
import { loadAofFiles, AofLoadError } from './aof-loader.js';
import { saveInBackground, saveSync, type BackgroundJob, type RdbSnapshot } from './snapshot.js';
import { BGSAVE_SLICE_MS, type RdbService } from './rdb-service.js';
import { strerror } from '../config/conf-file.js';

export type AofState = 'off' | 'on' | 'wait_rewrite';

/** After this many consecutive failed rewrites, automatic ones back off (Redis's aofRewriteLimited). */
const LIMIT_THRESHOLD = 3;
const LIMIT_MAX_MINUTES = 60;
export const REWRITE_REFUSED = "ERR Can't execute an AOF background rewriting. Please check the server logs for more information.";

interface RewriteJob {
  snap: RdbSnapshot;
  job: BackgroundJob;
  startMono: number;
  /** The incr file the writes switched to when the rewrite started (state on). */
  newIncr: AofFileInfo | null;
  tmpBase: string;
}

export class AofService {
  state: AofState = 'off';
  manifest: AofManifest | null = null;
  lastWriteOk = true;
  lastRewriteOk = true;
  lastRewriteSec = -1;
  rewrites = 0;
  consecutiveFailures = 0;
  rewriteScheduled = false;
  delayedFsyncs = 0;
  private fd = -1;
  private chunks: string[] = [];
  private bufBytes = 0;
  private selectedDb = -1;
  private fsyncInFlight = false;
  private lastFsyncMono = 0;
  private rewrite: RewriteJob | null = null;
  /** Bytes in the files of the manifest when the last rewrite ended (auto-aof-rewrite). */
  private baseSize = 0;
  private currentSize = 0;
  private replaying = false;
  /** The automatic-rewrite back-off: the current delay and when the next try is allowed (0: not waiting). */
  private limitDelayMinutes = 0;
  private limitUntilMs = 0;

  constructor(private readonly server: Server, private readonly rdb: RdbService) {}

  dir(): string {
    return resolve(this.server.settings.dir, this.server.settings.appenddirname);
  }

  get rewriting(): boolean {
    return this.rewrite !== null;
  }

  get bufferLength(): number {
    return this.bufBytes;
  }

  // ---- The write path ----

  feed(dbid: number, argv: readonly string[]): void {
    if (this.state === 'off' || this.replaying) return;
    if (dbid !== this.selectedDb) {
      const sel = encodeCommand(['SELECT', String(dbid)]);
      this.chunks.push(sel);
      this.bufBytes += sel.length;
      this.selectedDb = dbid;
    }
    const s = encodeCommand(argv);
    this.chunks.push(s);
    this.bufBytes += s.length;
  }

  /** Writes the buffer (and fsyncs with appendfsync always). Runs before replies are sent. */
  flush(): void {
    if (this.bufBytes === 0) return;
    if (this.fd < 0) {
      // wait_rewrite after a failed rewrite: nothing to append to until the retry starts a new temp incr.
      this.chunks = [];
      this.bufBytes = 0;
      return;
    }
    const data = Buffer.from(this.chunks.join(''), 'latin1');
    this.chunks = [];
    this.bufBytes = 0;
    try {
      let off = 0;
      while (off < data.length) off += writeSync(this.fd, data, off, data.length - off);
      this.currentSize += data.length;
      if (this.server.settings.appendfsync === 'always') {
        fsyncSync(this.fd);
        this.lastFsyncMono = this.server.clock.monoMs();
      }
      if (!this.lastWriteOk) this.server.log.warning('AOF write error looks solved, Redis can write again.');
      this.lastWriteOk = true;
    } catch (e) {
      this.lastWriteOk = false;
      this.server.log.warning(`Error writing to the AOF file: ${(e as Error).message}`);
      if (this.server.settings.appendfsync === 'always') {
        this.server.log.warning("Can't recover from AOF write error when the AOF fsync policy is 'always'. Exiting...");
        process.exit(1);
      }
    }
  }

  /** everysec fsync, scheduled rewrites and auto rewrite; runs from the cron. */
  cron(): void {
    this.flush();
    const s = this.server.settings;
    const now = this.server.clock.monoMs();
    if (this.fd >= 0 && s.appendfsync === 'everysec' && now - this.lastFsyncMono >= 1000) this.fsyncInBackground(now);
    if (this.rewrite !== null || this.rdb.bgsaveInProgress || this.rdb.loading !== null) return;
    const nowMs = this.server.clock.nowMs();
    if (this.rewriteScheduled || this.state === 'wait_rewrite') {
      if (this.rewriteLimited(nowMs)) return;
      this.rewriteScheduled = false;
      this.startRewrite();
      return;
    }
    if (this.state === 'on' && s.autoAofRewritePercentage > 0 && this.currentSize > s.autoAofRewriteMinSize) {
      const base = this.baseSize > 0 ? this.baseSize : 1;
      const growth = Math.floor((this.currentSize * 100) / base) - 100;
      if (growth >= s.autoAofRewritePercentage && !this.rewriteLimited(nowMs)) {
        this.server.log.notice(`Starting automatic rewriting of AOF on ${growth}% growth`);
        this.startRewrite();
      }
    }
  }

  /**
   * True while automatic rewrites must wait: after LIMIT_THRESHOLD consecutive failures the next try comes
   * 1 minute later, then 2, 4 ... up to an hour, until a rewrite succeeds. BGREWRITEAOF is never limited.
   */
  private rewriteLimited(nowMs: number): boolean {
    if (this.consecutiveFailures < LIMIT_THRESHOLD) {
      this.limitDelayMinutes = 0;
      this.limitUntilMs = 0;
      return false;
    }
    if (this.limitUntilMs !== 0) {
      if (nowMs < this.limitUntilMs) return true;
      this.limitUntilMs = 0;
      return false;
    }
    this.limitDelayMinutes = Math.min(this.limitDelayMinutes === 0 ? 1 : this.limitDelayMinutes * 2, LIMIT_MAX_MINUTES);
    this.limitUntilMs = nowMs + this.limitDelayMinutes * 60_000;
    this.server.log.warning(`Background AOF rewrite has repeatedly failed and triggered the limit, will retry in ${this.limitDelayMinutes} minutes`);
    return true;
  }

  private fsyncInBackground(now: number): void {
    if (this.fsyncInFlight) {
      this.delayedFsyncs++;
      return;
    }
    this.fsyncInFlight = true;
    this.lastFsyncMono = now;
    fsync(this.fd, () => {
      this.fsyncInFlight = false;
    });
  }

  /** Flush + fsync + close (SHUTDOWN, CONFIG SET appendonly no). */
  stop(log: boolean): void {
    this.flush();
    if (this.fd >= 0) {
      if (log) this.server.log.notice('Calling fsync() on the AOF file.');
      try {
        fsyncSync(this.fd);
      } catch {
        // the file may already be gone
      }
      closeSync(this.fd);
    }
    this.fd = -1;
    this.killRewrite();
    this.state = 'off';
  }

  // ---- Startup ----

  /** appendonly yes at startup: load the AOF (or create it), then open the last incr for appending. */
  async startAtBoot(): Promise<void> {
    const dir = this.dir();
    const name = this.server.settings.appendfilename;
    let m = AofManifest.load(dir, name);
    if (m === null) m = this.upgradeOldAof(dir, name);
    if (m !== null) {
      const t0 = this.server.clock.monoMs();
      this.replaying = true;
      const wasLoading = this.server.loading;
      this.server.loading = true;
      try {
        await loadAofFiles(this.server, this.rdb, dir, m);
      } finally {
        this.replaying = false;
        this.server.loading = wasLoading;
      }
      this.server.log.notice(`DB loaded from append only file: ${((this.server.clock.monoMs() - t0) / 1000).toFixed(3)} seconds`);
      this.manifest = m;
      this.openForAppend(dir, m);
    } else {
      this.createOnStart(dir, name);
    }
    this.state = 'on';
    this.currentSize = this.filesSize();
    this.baseSize = this.baseFileSize();
  }

  /**
   * DEBUG LOADAOF: writes what is buffered, empties every database and replays the AOF files of the
   * manifest (sliced: other clients get -LOADING meanwhile, as Redis answers them while it loads).
   * Rejects with AofLoadError / RdbError on a bad file; the caller exits, as Redis does.
   */
  async reloadFromDisk(): Promise<void> {
    this.flush();
    const m = this.manifest;
    if (m === null) throw new AofLoadError('The AOF manifest is missing: nothing to load');
    for (const db of this.server.dbs) db.flush();
    this.replaying = true;
    const wasLoading = this.server.loading;
    this.server.loading = true;
    try {
      await loadAofFiles(this.server, this.rdb, this.dir(), m);
    } finally {
      this.replaying = false;
      this.server.loading = wasLoading;
    }
  }

  /** A pre-7.0 single appendonly.aof in dir becomes the base of a new manifest. */
  private upgradeOldAof(dir: string, name: string): AofManifest | null {
    const old = resolve(this.server.settings.dir, name);
    if (!existsSync(old)) return null;
    mkdirSync(dir, { recursive: true });
    renameSync(old, join(dir, name));
    const m = new AofManifest(name);
    m.base = { name, seq: 1, type: 'b' };
    m.baseSeq = 1;
    m.persist(dir);
    this.server.log.notice(`Successfully migrated an old-style AOF into the AOF directory`);
    return m;
  }

  private openForAppend(dir: string, m: AofManifest): void {
    let incr = m.incrs[m.incrs.length - 1];
    if (incr === undefined) {
      incr = m.nextIncr();
      m.persist(dir);
    }
    this.fd = openSync(join(dir, incr.name), 'a');
    this.selectedDb = -1;
  }

  private createOnStart(dir: string, name: string): void {
    mkdirSync(dir, { recursive: true });
    const m = new AofManifest(name);
    const base = m.newBase(this.server.settings.aofUseRdbPreamble, []);
    const snap = this.newSnapshot();
    try {
      saveSync(snap, join(dir, base.name), join(dir, `temp-${base.name}`));
    } finally {
      this.rdb.hooks.remove(snap);
    }
    this.server.log.notice(`Creating AOF base file ${base.name} on server start`);
    const incr = m.nextIncr();
    this.fd = openSync(join(dir, incr.name), 'a');
    this.server.log.notice(`Creating AOF incr file ${incr.name} on server start`);
    m.persist(dir);
    this.manifest = m;
    this.selectedDb = -1;
  }

  private newSnapshot(): RdbSnapshot {
    const preamble = this.server.settings.aofUseRdbPreamble;
    return this.rdb.newSnapshot(null, true, preamble ? 'rdb' : 'aof');
  }

  /** aof_base_size after a restart: the base file alone, as Redis 7.0 counts it. */
  private baseFileSize(): number {
    const base = this.manifest?.base;
    if (!base) return 0;
    try {
      return statSync(join(this.dir(), base.name)).size;
    } catch {
      return 0;
    }
  }

  private filesSize(): number {
    const m = this.manifest;
    if (m === null) return 0;
    let n = 0;
    for (const f of m.loadOrder()) {
      try {
        n += statSync(join(this.dir(), f.name)).size;
      } catch {
        // missing files are reported when loading
      }
    }
    return n;
  }

  // ---- Rewrite ----

  /** BGREWRITEAOF; returns null or an error text (the failure is logged as Redis words it). */
  startRewrite(): string | null {
    if (this.rewrite !== null) return 'ERR Background append only file rewriting already in progress';
    const dir = this.dir();
    try {
      mkdirSync(dir, { recursive: true });
    } catch (e) {
      // mkdir -p over an existing file says EEXIST; Redis's own mkdir + stat check reports ENOTDIR.
      const why = (e as NodeJS.ErrnoException).code === 'EEXIST' ? 'Not a directory' : strerror(e);
      this.server.log.warning(`Can't open or create append-only dir ${this.server.settings.appenddirname}: ${why}`);
      this.lastRewriteOk = false;
      return REWRITE_REFUSED;
    }
    this.flush();
    let newIncr: AofFileInfo | null;
    try {
      newIncr = this.switchToNewIncr(dir);
    } catch (e) {
      this.server.log.warning(`Can't open the append-only file for the rewrite: ${strerror(e)}`);
      this.lastRewriteOk = false;
      return REWRITE_REFUSED;
    }
    const snap = this.newSnapshot();
    const tmpBase = join(dir, `temp-rewriteaof-bg-${process.pid}.aof`);
    const startMono = this.server.clock.monoMs();
    const job = saveInBackground(snap, tmpBase, `${tmpBase}.part`, BGSAVE_SLICE_MS, (err) => this.rewriteDone(snap, err));
    this.rewrite = { snap, job, startMono, newIncr, tmpBase };
    this.server.log.notice(`Background append only file rewriting started by pid ${process.pid}`);
    return null;
  }

  /** New writes go to a fresh incr file (state on) or to the temp incr that becomes one (wait_rewrite). */
  private switchToNewIncr(dir: string): AofFileInfo | null {
    const name = this.server.settings.appendfilename;
    if (this.state === 'on' && this.manifest !== null) {
      const newIncr = this.manifest.nextIncr();
      this.manifest.persist(dir);
      this.switchFd(openSync(join(dir, newIncr.name), 'a'));
      this.server.log.notice(`Creating AOF incr file ${newIncr.name} on background rewrite`);
      return newIncr;
    }
    if (this.state === 'wait_rewrite') this.switchFd(openSync(join(dir, `temp-${name}.incr`), 'w'));
    return null;
  }

  private switchFd(fd: number): void {
    if (this.fd >= 0) {
      try {
        fsyncSync(this.fd);
      } finally {
        closeSync(this.fd);
      }
    }
    this.fd = fd;
    this.selectedDb = -1;
  }

  private rewriteDone(snap: RdbSnapshot, err: Error | null): void {
    const rw = this.rewrite;
    this.rdb.hooks.remove(snap);
    if (rw === null || rw.snap !== snap) return;
    this.rewrite = null;
    this.lastRewriteSec = Math.round((this.server.clock.monoMs() - rw.startMono) / 1000);
    if (err === null) {
      try {
        this.installRewrite(rw);
      } catch (e) {
        err = e as Error;
      }
    }
    if (err !== null) {
      this.lastRewriteOk = false;
      this.consecutiveFailures++;
      this.server.log.warning(`Background AOF rewrite terminated with error: ${err.message}`);
      if (this.state === 'wait_rewrite') this.retryLater();
      return;
    }
    this.lastRewriteOk = true;
    this.consecutiveFailures = 0;
    this.rewrites++;
    this.baseSize = this.currentSize = this.filesSize();
    this.server.log.notice('Background AOF rewrite finished successfully');
  }

  /** wait_rewrite after a failure: drop the temp incr (the retry snapshots everything again) and retry. */
  private retryLater(): void {
    this.switchFd(-1);
    try {
      unlinkSync(join(this.dir(), `temp-${this.server.settings.appendfilename}.incr`));
    } catch {
      // never created
    }
    this.rewriteScheduled = true;
  }

  /** The new base replaces the old files in a new manifest, persisted atomically; then history is deleted. */
  private installRewrite(rw: RewriteJob): void {
    const dir = this.dir();
    const s = this.server.settings;
    const m = this.manifest?.clone() ?? new AofManifest(s.appendfilename);
    let keep: AofFileInfo[] = [];
    if (this.state === 'wait_rewrite') {
      const incr = m.nextIncr();
      renameSync(join(dir, `temp-${s.appendfilename}.incr`), join(dir, incr.name));
      keep = [incr];
    } else if (rw.newIncr !== null) {
      keep = m.incrs.filter((f) => f.name === rw.newIncr!.name);
    }
    const base = m.newBase(s.aofUseRdbPreamble, keep);
    this.server.log.notice('Background AOF rewrite terminated with success');
    renameSync(rw.tmpBase, join(dir, base.name));
    this.server.log.notice(`Successfully renamed the temporary AOF base file ${rw.tmpBase.split('/').pop()} into ${base.name}`);
    const history = m.history;
    m.history = [];
    m.persist(dir);
    this.manifest = m;
    if (this.state === 'wait_rewrite') this.state = 'on';
    for (const h of history) {
      this.server.log.notice(`Removing the history file ${h.name} in the background`);
      try {
        unlinkSync(join(dir, h.name));
      } catch {
        // already gone
      }
    }
  }

  private killRewrite(): void {
    const rw = this.rewrite;
    if (rw === null) return;
    this.rewrite = null;
    rw.job.cancel();
    this.rdb.hooks.remove(rw.snap);
    this.server.log.notice('Killing running AOF rewrite child');
  }

  // ---- CONFIG SET appendonly ----

  /** appendonly yes at run time: start a rewrite; the AOF is on once it completes. */
  enable(): string | null {
    if (this.state !== 'off') return null;
    this.state = 'wait_rewrite';
    this.manifest = AofManifest.load(this.dir(), this.server.settings.appendfilename);
    if (this.rdb.bgsaveInProgress) {
      this.rewriteScheduled = true;
      return null;
    }
    const err = this.startRewrite();
    if (err !== null) {
      this.state = 'off';
      this.switchFd(-1);
      this.server.log.warning("Redis needs to enable the AOF but can't trigger a background AOF rewrite operation. Check the above logs for more info about the error.");
      return 'Unable to turn on AOF. Check server logs.';
    }
    return null;
  }

  disable(): void {
    if (this.state === 'off') return;
    if (this.state === 'wait_rewrite') {
      this.killRewrite();
      this.switchFd(-1);
      this.rewriteScheduled = false;
      this.state = 'off';
      return;
    }
    this.stop(false);
  }

  infoLines(): string[] {
    const lines = [
      `aof_enabled:${this.state !== 'off' ? 1 : 0}`,
      `aof_rewrite_in_progress:${this.rewrite !== null ? 1 : 0}`,
      `aof_rewrite_scheduled:${this.rewriteScheduled ? 1 : 0}`,
      `aof_last_rewrite_time_sec:${this.lastRewriteSec}`,
      `aof_current_rewrite_time_sec:${this.rewrite !== null ? Math.round((this.server.clock.monoMs() - this.rewrite.startMono) / 1000) : -1}`,
      `aof_last_bgrewrite_status:${this.lastRewriteOk ? 'ok' : 'err'}`,
      `aof_rewrites:${this.rewrites}`,
      `aof_rewrites_consecutive_failures:${this.consecutiveFailures}`,
      `aof_last_write_status:${this.lastWriteOk ? 'ok' : 'err'}`,
      'aof_last_cow_size:0',
      'module_fork_in_progress:0',
      'module_fork_last_cow_size:0',
    ];
    if (this.state !== 'off') {
      lines.push(`aof_current_size:${this.currentSize}`, `aof_base_size:${this.baseSize}`, 'aof_pending_rewrite:0', `aof_buffer_length:${this.bufBytes}`, 'aof_pending_bio_fsync:0', `aof_delayed_fsync:${this.delayedFsyncs}`);
    }
    return lines;
  }
}
