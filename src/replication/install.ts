/**
 * The replication module: REPLICAOF/SLAVEOF, REPLCONF, PSYNC/SYNC, WAIT, ROLE, the READONLY / NOREPLICAS /
 * MASTERDOWN gates, INFO replication, and the cron that pings, acks and times out links.
 */
import type { Server } from '../server/server.js';
import type { Client } from '../server/client.js';
import { cmd, type CommandSpec } from '../commands/spec.js';
import { E } from '../server/errors.js';
import { parseLong, isKeyword } from '../commands/util.js';
import { ReplicationState, replicationOf } from './state.js';
import { MasterLink } from './replica-side.js';
import { detachReplica, handlePsync, masterCron, onReplicaAck, replicaIp, replicationTarget } from './master-side.js';
import { installWait, waitCommand } from './wait.js';
import { replicationInfo } from './info.js';
import { failoverCommand, failoverCron } from './failover.js';

export function masterLink(server: Server): MasterLink | null {
  return (server.modules.get('replica-link') as MasterLink | undefined) ?? null;
}

/** Starts following host:port (REPLICAOF host port, replicaof in the config). */
export function setMaster(server: Server, host: string, port: number, cacheSelf = !server.isReplica): void {
  const st = replicationOf(server);
  const old = masterLink(server);
  const link = new MasterLink(server, host, port);
  old?.handOver(link);
  old?.stop();
  server.isReplica = true;
  server.log.role = 'S';
  server.settings.replicaof = { host, port };
  server.modules.set('replica-link', link);
  if (cacheSelf) {
    server.log.notice('Before turning into a replica, using my own master parameters to synthesize a cached master: I may be able to synchronize with the new master with just a partial transfer.');
    link.cacheFromSelf();
  }
  st.selectedDb = -1;
  link.start();
}

/** REPLICAOF NO ONE: promotion. The old history stays valid as replid2 so replicas continue partially. */
export function unsetMaster(server: Server): void {
  const link = masterLink(server);
  if (!link) return;
  link.stopForPromotion();
  server.modules.delete('replica-link');
  server.isReplica = false;
  server.log.role = 'M';
  server.settings.replicaof = null;
  const st = replicationOf(server);
  st.shiftReplId();
  st.createBacklog();
  // Replicas must learn the new replication ID: they reconnect and continue from replid2.
  for (const r of [...st.replicas.keys()]) r.close();
  st.selectedDb = -1;
}

function replicaof(c: Client, argv: string[]): void {
  const server = c.server;
  if (server.settings.clusterEnabled) return c.addError('ERR REPLICAOF not allowed in cluster mode.');
  if (isKeyword(argv[1], 'NO') && isKeyword(argv[2], 'ONE')) {
    if (server.isReplica) {
      unsetMaster(server);
      server.log.notice(`MASTER MODE enabled (user request from '${c.describe()}')`);
    }
    return c.addOK();
  }
  const port = parseLong(argv[2]);
  if (port === null) return c.addError(E.NOT_INTEGER);
  const cur = server.settings.replicaof;
  if (server.isReplica && cur && cur.host.toLowerCase() === argv[1].toLowerCase() && cur.port === port) {
    server.log.notice('REPLICAOF would result into synchronization with the master we are already connected with. No operation performed.');
    return c.addSimple('OK Already connected to specified master');
  }
  setMaster(server, argv[1], port);
  server.log.notice(`REPLICAOF ${argv[1]}:${port} enabled (user request from '${c.describe()}')`);
  c.addOK();
}

function replconf(c: Client, argv: string[]): void {
  if (argv.length % 2 === 0) return c.addError(E.SYNTAX);
  const ext = c.ext as { replListeningPort?: number; replIp?: string; capaEof?: boolean; capaPsync2?: boolean };
  for (let i = 1; i < argv.length; i += 2) {
    const opt = argv[i].toLowerCase();
    const val = argv[i + 1];
    if (opt === 'listening-port') {
      const p = parseLong(val);
      if (p === null) return c.addError(E.NOT_INTEGER);
      ext.replListeningPort = p;
    } else if (opt === 'ip-address') {
      ext.replIp = val;
    } else if (opt === 'capa') {
      if (val.toLowerCase() === 'eof') ext.capaEof = true;
      else if (val.toLowerCase() === 'psync2') ext.capaPsync2 = true;
    } else if (opt === 'ack') {
      const off = parseLong(val);
      if (off !== null && c.kind === 'replica') onReplicaAck(c.server, c, off);
      return; // no reply
    } else if (opt === 'getack') {
      if (c.kind === 'master') masterLink(c.server)?.sendAck();
      return; // no reply
    } else if (opt === 'rdb-only') {
      // accepted; full behaviour (no stream after the RDB) is not needed by Redis tools we support
    } else {
      return c.addError(`ERR Unrecognized REPLCONF option: ${argv[i]}`);
    }
  }
  c.addOK();
}

/** PSYNC, including the FAILOVER request a demoting master sends to its chosen replica. */
function psync(c: Client, argv: string[]): void {
  if (argv.length > 3 && isKeyword(argv[3], 'FAILOVER')) {
    const server = c.server;
    if (argv[1] !== replicationOf(server).replid) return c.addError('ERR PSYNC FAILOVER replid must match my replid.');
    if (server.isReplica) {
      server.log.warning(`Failover request received for replid ${argv[1]}.`);
      unsetMaster(server);
      server.log.notice(`MASTER MODE enabled (failover request from '${c.describe()}')`);
    }
  }
  handlePsync(c, argv);
}

const ROLE_STATE: Record<string, string> = { connect: 'connect', connecting: 'connecting', handshake: 'handshake', transfer: 'sync', connected: 'connected' };

function role(c: Client): void {
  const server = c.server;
  const st = replicationOf(server);
  const link = masterLink(server);
  if (server.isReplica && link) {
    c.addArrayLen(5);
    c.addBulk('slave');
    c.addBulk(link.host);
    c.addInt(link.port);
    c.addBulk(ROLE_STATE[link.state]);
    c.addInt(link.linkUp() ? st.offset : -1);
    return;
  }
  c.addArrayLen(3);
  c.addBulk('master');
  c.addInt(st.offset);
  const online = [...st.replicas.values()].filter((l) => l.state === 'online' || l.state === 'wait_ack');
  c.addArrayLen(online.length);
  for (const l of online) {
    c.addArrayLen(3);
    c.addBulk(replicaIp(l));
    c.addBulk(String(l.listeningPort));
    c.addBulk(String(l.ackOffset));
  }
}

const REPL = { categories: [] as string[] };

export const replicationCommands: CommandSpec[] = [
  cmd('replicaof', 3, 'admin noscript stale no_async_loading', [0, 0, 0], 'server', replicaof, { ...REPL, since: '5.0.0' }),
  cmd('slaveof', 3, 'admin noscript stale no_async_loading', [0, 0, 0], 'server', replicaof, { ...REPL, since: '1.0.0' }),
  cmd('replconf', -1, 'admin noscript loading stale allow_busy', [0, 0, 0], 'server', replconf, { ...REPL, since: '3.0.0' }),
  cmd('psync', -3, 'admin noscript no_async_loading no_multi', [0, 0, 0], 'server', psync, { ...REPL, since: '2.8.0' }),
  cmd('failover', -1, 'admin noscript stale', [0, 0, 0], 'server', failoverCommand, { ...REPL, since: '6.2.0' }),
  cmd('sync', 1, 'admin noscript no_async_loading no_multi', [0, 0, 0], 'server', handlePsync, { ...REPL, since: '1.0.0' }),
  cmd('wait', 3, 'noscript', [0, 0, 0], 'generic', waitCommand, { categories: ['connection'], since: '3.0.0' }),
  cmd('role', 1, 'noscript loading stale fast sentinel', [0, 0, 0], 'server', role, { categories: ['admin', 'dangerous'], since: '2.8.12' }),
];

function installGates(server: Server): void {
  server.gates.add({
    name: 'readonly-replica',
    appliesTo: (command) => command.isWrite,
    check: (s, c, command) =>
      s.isReplica && s.settings.replicaReadOnly && c.kind !== 'master' && command.isWrite ? E.READONLY : null,
  });
  server.gates.add({
    name: 'min-replicas',
    appliesTo: (command) => command.isWrite,
    check: (s, _c, command) => {
      const min = s.settings.minReplicasToWrite;
      if (min === 0 || s.isReplica || !command.isWrite) return null;
      return replicationOf(s).goodReplicas(Date.now()) < min ? E.NOREPLICAS : null;
    },
  });
  server.gates.add({
    name: 'masterdown',
    appliesTo: (command) => !command.flagSet.has('stale'),
    check: (s, c, command) => {
      if (!s.isReplica || s.settings.replicaServeStaleData || c.kind === 'master' || command.flagSet.has('stale')) return null;
      return masterLink(s)?.linkUp() ? null : E.MASTERDOWN;
    },
  });
}

export function install(server: Server): void {
  const st = new ReplicationState(server);
  server.modules.set('replication', st);
  server.commands.register(replicationCommands);
  server.propagator.add(replicationTarget(server, st));
  installGates(server);
  installWait(server);
  server.info.set('replication', 'Replication', () => replicationInfo(server));
  server.hooks.onClientClose.push((c) => {
    if (c.kind === 'replica') detachReplica(server, c);
    else if (c.kind === 'master') masterLink(server)?.masterClientClosed(c);
  });
  server.modules.set('failover-begin', (host: string, port: number) => setMaster(server, host, port));
  server.modules.set('failover-revert', () => unsetMaster(server));
  server.cron.add('failover', 0, () => failoverCron(server));
  let tick = 0;
  server.cron.add('replication', 1000, () => {
    tick++;
    masterCron(server, st, tick);
    const link = masterLink(server);
    link?.checkTimeout(Date.now());
    if (link && link.linkUp()) link.sendAck();
  });
  // replicaof from the config starts once startup (and dataset loading) has run.
  server.hooks.afterStartupLoad.push((aux) => startConfiguredMaster(server, restoreReplInfo(server, aux)));
  setImmediate(() => {
    if (!server.modules.has('persistence')) startConfiguredMaster(server, false);
    else wireRdbAux(server);
  });
}

function startConfiguredMaster(server: Server, haveHistory: boolean): void {
  const cfg = server.settings.replicaof;
  if (cfg && !masterLink(server)) setMaster(server, cfg.host, cfg.port, haveHistory);
}

/** RDB files we save carry our replication ID and offset (repl-id, repl-offset, repl-stream-db). */
function wireRdbAux(server: Server): void {
  const p = server.modules.get('persistence') as { rdb: { replAuxSource: (() => { replId: string; replOffset: number; replStreamDb: number } | null) | null } };
  const st = replicationOf(server);
  p.rdb.replAuxSource = () => {
    const link = masterLink(server);
    if (!server.isReplica && st.backlog === null) return null;
    if (server.isReplica && !link?.linkUp()) return null;
    return { replId: st.replid, replOffset: st.offset, replStreamDb: st.selectedDb < 0 ? 0 : st.selectedDb };
  };
}

/**
 * Startup with an RDB that carries replication info (as Redis 7.0): a master keeps the saved history as
 * replid2 so its replicas can continue partially after a clean restart; a replica uses it as its cached
 * master to try PSYNC with its master.
 */
function restoreReplInfo(server: Server, aux: Map<string, string> | null): boolean {
  const id = aux?.get('repl-id');
  const off = Number(aux?.get('repl-offset'));
  if (!id || id.length !== 40 || !Number.isFinite(off)) return false;
  const st = replicationOf(server);
  if (server.settings.replicaof) {
    st.replid = id;
    st.offset = off;
    return true;
  }
  st.replid2 = id;
  st.secondReplOffset = off + 1;
  st.createBacklog();
  st.offset = off;
  st.noReplicasSinceMs = Date.now();
  return true;
}

export { replicationOf };
