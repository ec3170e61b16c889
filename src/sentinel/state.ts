/**
 * The Sentinel's data model: what it knows about each monitored master, its replicas and the other
 * Sentinels, plus the global state (my id, current epoch, TILT). Plain data, no I/O: the decision cores
 * (monitor.ts, election.ts, failover.ts) read and update it, the I/O shell (sentinel.ts) feeds it
 * observations. Times are wall-clock milliseconds from the injected clock, as Redis uses mstime().
 */

export type InstanceKind = 'master' | 'slave' | 'sentinel';
export type Role = 'master' | 'slave';

/** Failover states; the names are the ones Redis prints after +failover-state-. */
export type FailoverState =
  | 'none'
  | 'wait-start'
  | 'select-slave'
  | 'send-slaveof-noone'
  | 'wait-promotion'
  | 'reconf-slaves'
  | 'update-config';

/**
 * An instance address. `host` is what Sentinel connects to and shows; for an address given as a hostname
 * (resolve-hostnames yes), `hostname` and its resolved `ip` are kept too, and `host` is one of them
 * according to announce-hostnames, as Redis's announceSentinelAddr() chooses.
 */
export interface Addr {
  host: string;
  port: number;
  hostname?: string;
  ip?: string;
}

/** An address from a hostname and the IP it resolved to (host chosen by announce-hostnames). */
export function hostnameAddr(hostname: string, ip: string, port: number, announceHostnames: boolean): Addr {
  if (hostname === ip) return { host: ip, port };
  return { host: announceHostnames ? hostname : ip, port, hostname, ip };
}

/** announce-hostnames changed: every address shows its hostname (yes) or its IP (no). */
export function reannounceAddrs(st: SentinelState): void {
  const fix = (a: Addr): void => {
    if (a.hostname !== undefined && a.ip !== undefined) a.host = st.announceHostnames ? a.hostname : a.ip;
  };
  for (const m of st.masters.values()) {
    fix(m.addr);
    for (const r of m.replicas.values()) fix(r.addr);
    for (const s of m.sentinels.values()) fix(s.addr);
  }
}

export interface Instance {
  kind: InstanceKind;
  /** Master name; "ip:port" for replicas; run id for Sentinels. */
  name: string;
  addr: Addr;
  runId: string | null;
  /** The master a replica or Sentinel belongs to (null for masters). */
  master: MasterState | null;
  sDown: boolean;
  oDown: boolean;
  /** A Sentinel's last answer: it considers the master down. */
  masterDown: boolean;
  promoted: boolean;
  reconfSent: boolean;
  reconfInprog: boolean;
  reconfDone: boolean;
  /** Observed link state (set by the shell). */
  linkConnected: boolean;
  linkPending: number;
  linkConnectedSinceMs: number;
  /** Pub/sub link (masters and replicas): connected since, last byte received. */
  pubsubConnected: boolean;
  pubsubConnectedSinceMs: number;
  pubsubActivityMs: number;
  /** Time of the oldest ping without a reply (0 = none pending). */
  actPingMs: number;
  lastPingMs: number;
  lastPongMs: number;
  lastAvailMs: number;
  lastPubMs: number;
  lastInfoSentMs: number;
  sDownSinceMs: number;
  oDownSinceMs: number;
  downAfterMs: number;
  /** Time of the last INFO reply (0 = never). */
  infoRefreshMs: number;
  info: string;
  roleReported: Role;
  roleReportedMs: number;
  /** A reboot (run id change) was seen at this time (master-reboot-down-after-period). */
  rebootMs: number;
  // Replica fields, from INFO.
  masterLinkDownMs: number;
  slaveMasterHost: string | null;
  slaveMasterPort: number;
  slaveMasterLinkUp: boolean;
  slavePriority: number;
  slaveReplOffset: number;
  replicaAnnounced: boolean;
  slaveConfChangeMs: number;
  slaveReconfSentMs: number;
  // Sentinel fields.
  lastHelloMs: number;
  leader: string | null;
  leaderEpoch: number;
  lastMasterDownReplyMs: number;
  /** Set when this instance was unreachable (or never reached) so a returning master is demoted at once. */
  wasUnreachable: boolean;
}

export interface MasterState extends Instance {
  kind: 'master';
  quorum: number;
  parallelSyncs: number;
  failoverTimeoutMs: number;
  authPass: string;
  authUser: string;
  notificationScript: string;
  clientReconfigScript: string;
  masterRebootDownAfterMs: number;
  configEpoch: number;
  /** The leader this Sentinel voted for, and in which epoch. */
  leader: string | null;
  leaderEpoch: number;
  failoverEpoch: number;
  failoverState: FailoverState;
  failoverStateChangeMs: number;
  failoverStartMs: number;
  failoverDelayLoggedMs: number;
  forceFailover: boolean;
  inFailover: boolean;
  promotedReplica: Instance | null;
  replicas: Map<string, Instance>;
  sentinels: Map<string, Instance>;
}

/** The time parameters SENTINEL DEBUG shows and changes (milliseconds). */
export interface Timing {
  infoPeriodMs: number;
  pingPeriodMs: number;
  askPeriodMs: number;
  publishPeriodMs: number;
  defaultDownAfterMs: number;
  defaultFailoverTimeoutMs: number;
  tiltTriggerMs: number;
  tiltPeriodMs: number;
  slaveReconfTimeoutMs: number;
  minLinkReconnectPeriodMs: number;
  electionTimeoutMs: number;
  scriptMaxRuntimeMs: number;
  scriptRetryDelayMs: number;
  /** Redoubt: INFO poll period for instances whose role change a failover waits for. */
  fastInfoPeriodMs: number;
}

export const DEFAULT_TIMING: Timing = {
  infoPeriodMs: 10000,
  pingPeriodMs: 1000,
  askPeriodMs: 1000,
  publishPeriodMs: 2000,
  defaultDownAfterMs: 30000,
  defaultFailoverTimeoutMs: 180000,
  tiltTriggerMs: 2000,
  tiltPeriodMs: 30000,
  slaveReconfTimeoutMs: 10000,
  minLinkReconnectPeriodMs: 15000,
  electionTimeoutMs: 10000,
  scriptMaxRuntimeMs: 60000,
  scriptRetryDelayMs: 30000,
  fastInfoPeriodMs: 100,
};

export const MAX_DESYNC_MS = 1000;

export interface SentinelState {
  myId: string;
  currentEpoch: number;
  masters: Map<string, MasterState>;
  tilt: boolean;
  tiltStartMs: number;
  /** Wall and monotonic times of the previous timer run (TILT detection). */
  previousTimeMs: number;
  previousMonoMs: number;
  announceIp: string;
  announcePort: number;
  resolveHostnames: boolean;
  announceHostnames: boolean;
  denyScriptsReconfig: boolean;
  sentinelUser: string;
  sentinelPass: string;
  simFailureFlags: number;
  timing: Timing;
}

export const SIMFAILURE_CRASH_AFTER_ELECTION = 1;
export const SIMFAILURE_CRASH_AFTER_PROMOTION = 2;

export function newSentinelState(myId: string): SentinelState {
  return {
    myId,
    currentEpoch: 0,
    masters: new Map(),
    tilt: false,
    tiltStartMs: 0,
    previousTimeMs: 0,
    previousMonoMs: 0,
    announceIp: '',
    announcePort: 0,
    resolveHostnames: false,
    announceHostnames: false,
    denyScriptsReconfig: true,
    sentinelUser: '',
    sentinelPass: '',
    simFailureFlags: 0,
    timing: { ...DEFAULT_TIMING },
  };
}

function baseInstance(kind: InstanceKind, name: string, addr: Addr, master: MasterState | null, downAfterMs: number, nowMs: number): Instance {
  return {
    kind, name, addr, runId: null, master,
    sDown: false, oDown: false, masterDown: false, promoted: false, reconfSent: false, reconfInprog: false, reconfDone: false,
    linkConnected: false, linkPending: 0, linkConnectedSinceMs: 0,
    pubsubConnected: false, pubsubConnectedSinceMs: 0, pubsubActivityMs: 0,
    actPingMs: 0, lastPingMs: 0, lastPongMs: nowMs, lastAvailMs: nowMs, lastPubMs: 0, lastInfoSentMs: 0,
    sDownSinceMs: 0, oDownSinceMs: 0, downAfterMs,
    infoRefreshMs: 0, info: '', roleReported: kind === 'slave' ? 'slave' : 'master', roleReportedMs: nowMs, rebootMs: 0,
    masterLinkDownMs: 0, slaveMasterHost: null, slaveMasterPort: 0, slaveMasterLinkUp: false, slavePriority: 100,
    slaveReplOffset: 0, replicaAnnounced: true, slaveConfChangeMs: nowMs, slaveReconfSentMs: 0,
    lastHelloMs: 0, leader: null, leaderEpoch: 0, lastMasterDownReplyMs: 0,
    wasUnreachable: true,
  };
}

export function newMaster(name: string, addr: Addr, quorum: number, timing: Timing, nowMs: number): MasterState {
  const base = baseInstance('master', name, addr, null, timing.defaultDownAfterMs, nowMs);
  return {
    ...base,
    kind: 'master',
    quorum,
    parallelSyncs: 1,
    failoverTimeoutMs: timing.defaultFailoverTimeoutMs,
    authPass: '',
    authUser: '',
    notificationScript: '',
    clientReconfigScript: '',
    masterRebootDownAfterMs: 0,
    configEpoch: 0,
    leader: null,
    leaderEpoch: 0,
    failoverEpoch: 0,
    failoverState: 'none',
    failoverStateChangeMs: 0,
    failoverStartMs: 0,
    failoverDelayLoggedMs: 0,
    forceFailover: false,
    inFailover: false,
    promotedReplica: null,
    replicas: new Map(),
    sentinels: new Map(),
  };
}

export function addrKey(host: string, port: number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

export function newReplica(master: MasterState, host: string, port: number, nowMs: number): Instance {
  return baseInstance('slave', addrKey(host, port), { host, port }, master, master.downAfterMs, nowMs);
}

export function newSentinelPeer(master: MasterState, runId: string, host: string, port: number, nowMs: number): Instance {
  const s = baseInstance('sentinel', runId, { host, port }, master, master.downAfterMs, nowMs);
  s.runId = runId;
  return s;
}

/** The master's address as its Sentinels and clients should see it (the promoted replica once promoted). */
export function currentMasterAddr(m: MasterState): Addr {
  if (m.inFailover && m.promotedReplica && (m.failoverState === 'reconf-slaves' || m.failoverState === 'update-config')) return m.promotedReplica.addr;
  return m.addr;
}

/** True if host:port names this address (by what it shows, its hostname or its IP). */
export function sameAddr(a: Addr, host: string | null, port: number): boolean {
  if (host === null || a.port !== port) return false;
  const h = host.toLowerCase();
  return a.host.toLowerCase() === h || a.hostname?.toLowerCase() === h || a.ip === h;
}

export function findReplica(m: MasterState, host: string, port: number): Instance | undefined {
  return m.replicas.get(addrKey(host, port));
}

/** Flags as SENTINEL MASTERS/REPLICAS/SENTINELS print them. */
export function flagsString(i: Instance): string {
  const f: string[] = [];
  if (i.sDown) f.push('s_down');
  if (i.oDown) f.push('o_down');
  f.push(i.kind);
  if (!i.linkConnected) f.push('disconnected');
  if (i.masterDown) f.push('master_down');
  const m = i.kind === 'master' ? (i as MasterState) : null;
  if (m?.inFailover) f.push('failover_in_progress');
  if (i.promoted) f.push('promoted');
  if (i.reconfSent) f.push('reconf_sent');
  if (i.reconfInprog) f.push('reconf_inprog');
  if (i.reconfDone) f.push('reconf_done');
  if (m?.forceFailover) f.push('force_failover');
  return f.join(',');
}
