/**
 * Installs persistence on a data node: the RDB service (SAVE/BGSAVE/save points/startup load), the AOF,
 * INFO persistence, the MISCONF gate, the shutdown save, the DEBUG RELOAD / LOADAOF hooks, and the RDB
 * provider replication uses for full syncs. Commands live in src/commands/persistence.ts and reach this state through persistenceOf().
 */
import { readFile } from 'node:fs/promises';
import type { Server } from '../server/server.js';
import { E } from '../server/errors.js';
import { setRdbProvider, type ReplAux } from '../replication/rdb-bridge.js';
import { onConfigChange } from '../config/config-table.js';
import { RdbService, describeLoadError, BGSAVE_SLICE_MS } from './rdb-service.js';
import { AofService } from './aof.js';
import { AofLoadError } from './aof-loader.js';
import { ManifestError } from './aof-manifest.js';
import { installDebugHooks } from './debug-reload.js';
import { nextSlice } from './snapshot.js';

export interface Persistence {
  rdb: RdbService;
  aof: AofService;
}

const KEY = 'persistence';

export function persistenceOf(server: Server): Persistence {
  const p = server.modules.get(KEY) as Persistence | undefined;
  if (p === undefined) throw new Error('persistence is not installed');
  return p;
}

export function installPersistence(server: Server): Persistence {
  const existing = server.modules.get(KEY) as Persistence | undefined;
  if (existing !== undefined) return existing;
  const rdb = new RdbService(server);
  const p: Persistence = { rdb, aof: new AofService(server, rdb) };
  rdb.aofRewriteRunning = () => p.aof.rewriting;
  server.modules.set(KEY, p);
  server.propagator.add({ name: 'aof', feed: (dbid, argv) => p.aof.feed(dbid, argv) });
  server.hooks.beforeFlush.push(() => p.aof.flush());
  onConfigChange(server, 'appendonly', (s) => {
    if (!s.settings.appendonly) p.aof.disable();
    else return p.aof.enable();
  });
  server.info.set('persistence', 'Persistence', () => infoLines(server, p));
  server.gates.insertBefore('pubsub-context', {
    name: 'misconf',
    appliesTo: (cmd) => cmd.isWrite || cmd.name === 'ping',
    check: (s, c, cmd) => (p.rdb.writesDenied() && c.kind !== 'master' && (cmd.isWrite || cmd.name === 'ping') ? E.MISCONF : null),
  });
  server.cron.add('persistence', 0, (now) => {
    p.rdb.cron(now);
    p.aof.cron();
  });
  server.hooks.onShutdown.push((opts) => shutdownSave(server, p, opts.save));
  installDebugHooks(server, p);
  setRdbProvider(server, {
    streamSnapshot: (_s, aux, onChunk, onDone) => streamSnapshot(p, aux, onChunk, onDone),
    loadFile: async (_s, path) => {
      const res = await p.rdb.loadBuffer(await readFile(path), 'replica');
      return { keys: res.keysLoaded, expired: res.keysExpired, aux: res.aux };
    },
  });
  setImmediate(() => void loadAtStartup(server, p));
  return p;
}

/** Startup: the AOF if appendonly, else the RDB. A bad file stops the server, as Redis does. */
async function loadAtStartup(server: Server, p: Persistence): Promise<void> {
  const path = p.rdb.rdbPath();
  try {
    if (server.settings.appendonly) await p.aof.startAtBoot();
    else await p.rdb.loadAtStartup();
    for (const fn of server.hooks.afterStartupLoad) fn(p.rdb.loadedAux);
  } catch (e) {
    if (e instanceof AofLoadError || e instanceof ManifestError) server.log.warning(e.message);
    else for (const line of describeLoadError(e, path)) server.log.warning(line);
    process.exit(1);
  }
}

/** SHUTDOWN [SAVE|NOSAVE]: save=null saves when save points are configured. False refuses the shutdown. */
function shutdownSave(server: Server, p: Persistence, save: boolean | null): boolean {
  if (p.rdb.bgsaveInProgress) p.rdb.killBgsave();
  if (p.aof.state !== 'off') p.aof.stop(true);
  const wanted = save === null ? server.settings.save.length > 0 : save;
  if (!wanted) return true;
  server.log.notice('Saving the final RDB snapshot before exiting.');
  const err = p.rdb.save();
  if (err !== null) {
    server.log.warning("Error trying to save the DB, can't exit.");
    return false;
  }
  return true;
}

function streamSnapshot(p: Persistence, aux: ReplAux, onChunk: (chunk: Buffer) => void, onDone: (err: Error | null) => void): () => void {
  const snap = p.rdb.newSnapshot({ replId: aux.replId, replOffset: aux.replOffset, replStreamDb: aux.replStreamDb });
  let aborted = false;
  const slice = (): void => {
    if (aborted) return;
    try {
      const finished = snap.step(performance.now() + BGSAVE_SLICE_MS);
      const chunk = snap.takeChunk();
      if (chunk !== null) onChunk(chunk);
      if (finished && snap.done) {
        p.rdb.hooks.remove(snap);
        onDone(null);
        return;
      }
    } catch (e) {
      p.rdb.hooks.remove(snap);
      onDone(e as Error);
      return;
    }
    nextSlice(snap, slice);
  };
  setImmediate(slice);
  return () => {
    aborted = true;
    p.rdb.hooks.remove(snap);
  };
}

function infoLines(server: Server, p: Persistence): string[] {
  const rdb = p.rdb;
  const bg = rdb.bgsaveInProgress;
  const lines = [
    `loading:${server.loading ? 1 : 0}`, 'async_loading:0', 'current_cow_peak:0', 'current_cow_size:0', 'current_cow_size_age:0',
    'current_fork_perc:0.00', 'current_save_keys_processed:0', 'current_save_keys_total:0',
    `rdb_changes_since_last_save:${server.dirty}`, `rdb_bgsave_in_progress:${bg ? 1 : 0}`,
    `rdb_last_save_time:${Math.floor(rdb.lastSaveMs / 1000)}`, `rdb_last_bgsave_status:${rdb.lastBgsaveOk ? 'ok' : 'err'}`,
    `rdb_last_bgsave_time_sec:${rdb.lastBgsaveDurationSec}`, `rdb_current_bgsave_time_sec:${rdb.currentBgsaveSec()}`,
    `rdb_saves:${rdb.rdbSaves}`, 'rdb_last_cow_size:0',
    `rdb_last_load_keys_expired:${rdb.lastLoadKeysExpired}`, `rdb_last_load_keys_loaded:${rdb.lastLoadKeysLoaded}`,
    ...p.aof.infoLines(),
  ];
  const snapProgress = rdb.snapshotProgress();
  if (snapProgress !== null) {
    lines[6] = `current_save_keys_processed:${snapProgress.processed}`;
    lines[7] = `current_save_keys_total:${snapProgress.total}`;
  }
  if (rdb.loading !== null) lines.push(...loadingLines(server, rdb));
  return lines;
}

function loadingLines(server: Server, rdb: RdbService): string[] {
  const l = rdb.loading!;
  const elapsedSec = (server.clock.monoMs() - l.startMono) / 1000;
  const perc = l.totalBytes > 0 ? (l.loadedBytes / l.totalBytes) * 100 : 0;
  const eta = l.loadedBytes > 0 ? Math.round((elapsedSec * (l.totalBytes - l.loadedBytes)) / l.loadedBytes) : 1;
  return [
    `loading_start_time:${l.startSec}`, `loading_total_bytes:${l.totalBytes}`, 'loading_rdb_used_mem:0',
    `loading_loaded_bytes:${l.loadedBytes}`, `loading_loaded_perc:${perc.toFixed(2)}`, `loading_eta_seconds:${eta}`,
  ];
}
