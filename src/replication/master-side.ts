/**
 * Master side of replication: the stream fed from the propagator into the backlog and to every replica,
 * PSYNC (partial resync from the backlog, or full resync with an RDB snapshot, disk-based or diskless with
 * the `$EOF:<mark>` framing), REPLCONF from replicas, pings to replicas and their timeouts.
 *
 * A full sync: the replica waits (state wait_bgsave) until a snapshot starts — at once for disk-based sync,
 * after repl-diskless-sync-delay for diskless so several replicas share one transfer. At snapshot start the
 * replica gets +FULLRESYNC <replid> <offset>; stream bytes produced from then on are held in the replica's
 * `pending` list and sent after the RDB, so the replica sees exactly the history after the snapshot.
 */
import { openSync, writeSync, closeSync, createReadStream, renameSync, unlinkSync, fsyncSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { Server } from '../server/server.js';
import type { Client } from '../server/client.js';
import { encodeCommand } from './propagator.js';
import { replicationOf, type ReplicaLink, type ReplicationState } from './state.js';
import { rdbProvider } from './rdb-bridge.js';
import { checkWaiters } from './wait.js';

/** "ip:port" of a replica as Redis prints it in logs (its listening port, not the socket's). */
export function replicaName(link: ReplicaLink): string {
  return `${replicaIp(link)}:${link.listeningPort}`;
}

export function replicaIp(link: ReplicaLink): string {
  if (link.announcedIp) return link.announcedIp;
  const a = link.client.remoteAddr;
  return a.slice(0, a.lastIndexOf(':'));
}

/** Appends bytes to the stream: backlog, online replicas, and replicas waiting for their RDB. */
export function feedStream(state: ReplicationState, bytes: string): void {
  state.backlog?.append(bytes);
  for (const link of state.replicas.values()) {
    if (link.state === 'online') {
      link.client.addRaw(bytes);
      link.client.markPending();
    } else {
      link.pending.push(bytes);
      link.pendingBytes += bytes.length;
      const hard = state.server.outputLimits.replica.hardBytes;
      if (hard > 0 && link.pendingBytes > hard) {
        state.server.log.warning(`Client ${link.client.describe()} scheduled to be closed ASAP for overcoming of output buffer limits.`);
        link.client.close();
      }
    }
  }
}

/** The propagation target: commands executed here, in the deterministic form, become stream bytes. */
export function replicationTarget(server: Server, state: ReplicationState): { name: string; feed(dbid: number, argv: readonly string[]): void } {
  return {
    name: 'replication',
    feed(dbid, argv) {
      if (state.backlog === null && state.replicas.size === 0) return;
      // On a replica the master's stream is proxied byte for byte (chained replication), not re-encoded;
      // local writes of a writable replica are not propagated (as in Redis).
      if (server.isReplica) return;
      let bytes = '';
      if (dbid !== state.selectedDb) {
        bytes = encodeCommand(['SELECT', String(dbid)]);
        state.selectedDb = dbid;
      }
      feedStream(state, bytes + encodeCommand(argv));
    },
  };
}

/** PSYNC / SYNC from a replica. */
export function handlePsync(c: Client, argv: string[]): void {
  const server = c.server;
  const state = replicationOf(server);
  if (c.kind === 'replica') return;
  const master = server.modules.get('replica-link') as { linkUp(): boolean } | undefined;
  if (server.isReplica && master && !master.linkUp()) {
    c.addError("NOMASTERLINK Can't SYNC while not connected with my master");
    return;
  }
  if (c.pendingOutputBytes > 0) {
    c.addError('ERR SYNC and PSYNC are invalid with pending output');
    return;
  }
  const link = attachReplica(c, state);
  server.log.notice(`Replica ${replicaName(link)} asks for synchronization`);
  const isPsync = argv[0].toLowerCase() === 'psync';
  if (isPsync && tryPartialResync(server, state, link, argv[1], Number(argv[2]))) return;
  if (isPsync) {
    if (argv[1] === '?') server.log.notice(`Full resync requested by replica ${replicaName(link)}`);
    server.stats.syncPartialErr += argv[1] === '?' ? 0 : 1;
  }
  server.stats.syncFull++;
  if (!state.backlog) {
    state.createBacklog();
    server.log.notice(`Replication backlog created, my new replication IDs are '${state.replid}' and '${state.replid2}'`);
  }
  link.state = 'wait_bgsave';
  (link as ReplicaLink & { legacySync?: boolean }).legacySync = !isPsync;
  scheduleFullSync(server, state);
}

function attachReplica(c: Client, state: ReplicationState): ReplicaLink {
  const ext = c.ext as { replListeningPort?: number; replIp?: string; capaEof?: boolean; capaPsync2?: boolean };
  const link: ReplicaLink = {
    client: c,
    state: 'wait_bgsave',
    listeningPort: ext.replListeningPort ?? 0,
    announcedIp: ext.replIp ?? '',
    capaEof: ext.capaEof ?? false,
    capaPsync2: ext.capaPsync2 ?? false,
    ackOffset: 0,
    ackTimeMs: Date.now(),
    pending: [],
    pendingBytes: 0,
    syncOffset: 0,
    abortTransfer: null,
  };
  c.kind = 'replica';
  state.replicas.set(c, link);
  return link;
}

function tryPartialResync(server: Server, state: ReplicationState, link: ReplicaLink, replid: string, offset: number): boolean {
  const name = replicaName(link);
  const idOk = replid === state.replid || (replid === state.replid2 && offset <= state.secondReplOffset);
  if (!idOk) {
    if (replid !== '?') {
      if (replid !== state.replid && replid !== state.replid2) {
        server.log.notice(`Partial resynchronization not accepted: Replication ID mismatch (Replica asked for '${replid}', my replication IDs are '${state.replid}' and '${state.replid2}')`);
      } else {
        server.log.notice(`Partial resynchronization not accepted: Requested offset for second ID was ${offset}, but I can reply up to ${state.secondReplOffset}`);
      }
    }
    return false;
  }
  if (!state.backlog || !state.backlog.covers(offset)) {
    server.log.notice(`Unable to partial resync with replica ${name} for lack of backlog (Replica request was: ${offset}).`);
    return false;
  }
  const sock = link.client.socket;
  if (sock === null) return false;
  link.state = 'online';
  link.ackTimeMs = Date.now();
  sock.write(link.capaPsync2 ? `+CONTINUE ${state.replid}\r\n` : '+CONTINUE\r\n', 'latin1');
  const data = state.backlog.readFrom(offset);
  if (data.length > 0) sock.write(data, 'latin1');
  server.stats.syncPartialOk++;
  server.log.notice(`Partial resynchronization request from ${name} accepted. Sending ${data.length} bytes of backlog starting from offset ${offset}.`);
  return true;
}

/** Transfers in progress: at most one snapshot at a time, shared by the replicas attached when it starts. */
interface Transfer {
  links: ReplicaLink[];
  abort: () => void;
}

const transfers = new WeakMap<ReplicationState, Transfer | null>();
const waitingSince = new WeakMap<ReplicationState, number>();

function scheduleFullSync(server: Server, state: ReplicationState): void {
  if (!waitingSince.has(state)) waitingSince.set(state, server.clock.monoMs());
  if (!server.settings.replDisklessSync || server.settings.replDisklessSyncDelay === 0) {
    startFullSyncIfDue(server, state);
  } else {
    server.log.notice('Delay next BGSAVE for diskless SYNC');
  }
}

/** Called from the cron and when a replica asks: starts the snapshot for every waiting replica when due. */
export function startFullSyncIfDue(server: Server, state: ReplicationState): void {
  if (transfers.get(state)) return;
  const waiting = [...state.replicas.values()].filter((l) => l.state === 'wait_bgsave');
  if (waiting.length === 0) {
    waitingSince.delete(state);
    return;
  }
  const diskless = server.settings.replDisklessSync;
  if (diskless) {
    const since = waitingSince.get(state) ?? server.clock.monoMs();
    const maxReplicas = server.settings.replDisklessSyncMaxReplicas;
    const due = server.clock.monoMs() - since >= server.settings.replDisklessSyncDelay * 1000 || (maxReplicas > 0 && waiting.length >= maxReplicas);
    if (!due) return;
  }
  waitingSince.delete(state);
  const provider = rdbProvider(server);
  if (!provider) {
    for (const l of waiting) {
      server.log.warning(`Can't start full sync with replica ${replicaName(l)}: RDB support is not installed`);
      l.client.close();
    }
    return;
  }
  startTransfer(server, state, waiting, diskless && waiting.every((l) => l.capaEof));
}

function startTransfer(server: Server, state: ReplicationState, links: ReplicaLink[], diskless: boolean): void {
  server.log.notice(`Starting BGSAVE for SYNC with target: ${diskless ? 'replicas sockets' : 'disk'}`);
  const offset = state.offset;
  for (const l of links) {
    // Disk-based: the replica waits (and gets newline keepalives) until the file is written and sent.
    l.state = diskless ? 'send_bulk' : 'wait_bgsave';
    l.syncOffset = offset;
    l.pending = [];
    l.pendingBytes = 0;
    const legacy = (l as ReplicaLink & { legacySync?: boolean }).legacySync;
    if (!legacy) l.client.socket?.write(`+FULLRESYNC ${state.replid} ${offset}\r\n`, 'latin1');
  }
  // The stream after the snapshot must start with a SELECT, whatever the replica's db was.
  state.selectedDb = -1;
  const mark = randomBytes(20).toString('hex');
  const aux = { replId: state.replid, replOffset: offset, replStreamDb: 0 };
  const tmpPath = join(server.settings.dir, `temp-${process.pid}-${Date.now()}.rdb`);
  let fd = -1;
  let total = 0;
  if (diskless) {
    for (const l of links) l.client.socket?.write(`$EOF:${mark}\r\n`, 'latin1');
  } else {
    fd = openSync(tmpPath, 'w');
  }
  const onChunk = (chunk: Buffer): void => {
    total += chunk.length;
    if (diskless) {
      for (const l of links) if (!l.client.closed) l.client.socket?.write(chunk);
    } else {
      writeSync(fd, chunk);
    }
  };
  const onDone = (err: Error | null): void => {
    transfers.set(state, null);
    if (err) {
      if (fd >= 0) closeSync(fd);
      server.log.warning(`Background ${diskless ? 'RDB transfer' : 'saving'} error: ${err.message}`);
      for (const l of links) l.client.close();
      return;
    }
    const finish = (): void => {
      for (const l of links) finishTransfer(server, l, diskless);
      startFullSyncIfDue(server, state);
    };
    if (diskless) {
      server.log.notice('Background RDB transfer terminated with success');
      for (const l of links) if (!l.client.closed) l.client.socket?.write(mark, 'latin1');
      finish();
    } else {
      fsyncSync(fd);
      closeSync(fd);
      server.log.notice('Background saving terminated with success');
      transfers.set(state, { links, abort: () => {} });
      sendRdbFile(server, links, tmpPath, total, () => {
        transfers.set(state, null);
        finish();
      });
      return;
    }
  };
  const abort = rdbProvider(server)!.streamSnapshot(server, aux, onChunk, onDone);
  transfers.set(state, { links, abort });
}

/** Streams the snapshot file to the replicas in chunks, pausing while a replica's socket is backed up. */
function sendRdbFile(server: Server, links: ReplicaLink[], path: string, size: number, done: () => void): void {
  const open = (): ReplicaLink[] => links.filter((l) => !l.client.closed && l.client.socket !== null);
  for (const l of links) l.state = 'send_bulk';
  for (const l of open()) l.client.socket!.write(`$${size}\r\n`, 'latin1');
  const file = createReadStream(path, { highWaterMark: 1 << 20 });
  file.on('data', (chunk) => {
    let backedUp: ReplicaLink | null = null;
    for (const l of open()) if (!l.client.socket!.write(chunk)) backedUp = l;
    if (backedUp !== null) {
      const sock = backedUp.client.socket!;
      const resume = (): void => {
        sock.off('drain', resume);
        sock.off('close', resume);
        file.resume();
      };
      file.pause();
      sock.on('drain', resume);
      sock.on('close', resume);
    }
  });
  file.on('error', (e) => {
    server.log.warning(`Failed reading the RDB file for SYNC: ${e.message}`);
    for (const l of links) l.client.close();
    done();
  });
  file.on('end', () => {
    keepAsDump(server, path);
    done();
  });
}

/** Redis keeps the file it sent as its dump; we do the same under the configured name. */
function keepAsDump(server: Server, path: string): void {
  try {
    renameSync(path, join(server.settings.dir, server.settings.dbfilename));
  } catch {
    try {
      unlinkSync(path);
    } catch {
      /* ignore */
    }
  }
}

function finishTransfer(server: Server, link: ReplicaLink, diskless: boolean): void {
  if (link.client.closed) return;
  const name = replicaName(link);
  link.ackTimeMs = Date.now();
  if (diskless) {
    // The replica finds the end of a diskless payload by its trailing mark: stream nothing until it ACKs.
    server.log.notice(`Streamed RDB transfer with replica ${name} succeeded (socket). Waiting for REPLCONF ACK from slave to enable streaming`);
    link.state = 'wait_ack';
    return;
  }
  startStreaming(server, link);
}

function startStreaming(server: Server, link: ReplicaLink): void {
  const name = replicaName(link);
  link.state = 'online';
  const sock = link.client.socket;
  for (const p of link.pending) sock?.write(p, 'latin1');
  link.pending = [];
  link.pendingBytes = 0;
  server.log.notice(`Synchronization with replica ${name} succeeded`);
}

/** A replica went away: forget it, abort its transfer if it was the last one on it. */
export function detachReplica(server: Server, c: Client): void {
  const state = replicationOf(server);
  const link = state.replicas.get(c);
  if (!link) return;
  state.replicas.delete(c);
  if (link.state !== 'online' || !server.shuttingDown) server.log.warning(`Connection with replica ${replicaName(link)} lost.`);
  const t = transfers.get(state);
  if (t && t.links.includes(link) && t.links.every((l) => l.client.closed)) {
    t.abort();
    transfers.set(state, null);
  }
  if (state.replicas.size === 0) state.noReplicasSinceMs = Date.now();
}

/** REPLCONF ACK <offset> from a replica. */
export function onReplicaAck(server: Server, c: Client, offset: number): void {
  const link = replicationOf(server).replicas.get(c);
  if (!link) return;
  if (offset > link.ackOffset) link.ackOffset = offset;
  link.ackTimeMs = Date.now();
  if (link.state === 'wait_ack') startStreaming(server, link);
  checkWaiters(server);
}

/** Cron: pings into the stream, replica timeouts, the diskless delay, backlog TTL. */
export function masterCron(server: Server, state: ReplicationState, tick: number): void {
  const now = Date.now();
  const s = server.settings;
  startFullSyncIfDue(server, state);
  const pingEvery = Math.max(1, s.replPingReplicaPeriod);
  if (state.replicas.size > 0 && !server.isReplica && tick % pingEvery === 0) {
    server.propagate(state.selectedDb < 0 ? 0 : state.selectedDb, ['PING']);
  }
  for (const link of state.replicas.values()) {
    if (link.state === 'wait_bgsave') link.client.socket?.write('\n');
    if (link.state === 'online' && now - link.ackTimeMs > s.replTimeout * 1000) {
      server.log.warning(`Disconnecting timedout replica (streaming sync): ${replicaName(link)}`);
      link.client.close();
    }
  }
  if (state.replicas.size === 0 && state.backlog && !server.isReplica && s.replBacklogTtl > 0 && state.noReplicasSinceMs > 0 && now - state.noReplicasSinceMs > s.replBacklogTtl * 1000) {
    state.freeBacklog();
    server.log.notice(`Replication backlog freed after ${s.replBacklogTtl} seconds without connected replicas.`);
  }
}
