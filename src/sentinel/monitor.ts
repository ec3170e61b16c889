/**
 * Monitoring decisions, pure: which periodic commands are due (PING, INFO, hello), subjective and objective
 * down, TILT, and what an INFO reply, a PING reply or a hello message teaches us. Every function takes the
 * state, an observation and "now" and pushes the effects it wants (events, commands, config saves) to
 * `out`; nothing here touches a socket or the clock.
 */
import { type Action, instEvent, rawEvent } from './events.js';
import {
  addrKey, findReplica, newReplica, newSentinelPeer, sameAddr,
  type Addr, type Instance, type MasterState, type Role, type SentinelState,
} from './state.js';

/** PING, INFO and hello when due (sentinelSendPeriodicCommands). */
export function periodicActions(st: SentinelState, inst: Instance, now: number, out: Action[]): void {
  if (!inst.linkConnected) return;
  const t = st.timing;
  if (inst.kind !== 'sentinel' && inst.linkPending >= 100) return;
  if (inst.kind !== 'sentinel') {
    const period = infoPeriod(st, inst);
    const stale = inst.infoRefreshMs === 0 || now - inst.infoRefreshMs > period;
    if (stale && now - inst.lastInfoSentMs >= Math.min(period, 1000)) {
      inst.lastInfoSentMs = now;
      out.push({ type: 'info', inst });
    }
  }
  const pingPeriod = Math.min(inst.downAfterMs, t.pingPeriodMs);
  if (now - inst.lastPongMs > pingPeriod && now - inst.lastPingMs > pingPeriod / 2) {
    inst.lastPingMs = now;
    if (inst.actPingMs === 0) inst.actPingMs = now;
    out.push({ type: 'ping', inst });
  }
  if (now - inst.lastPubMs > t.publishPeriodMs) {
    inst.lastPubMs = now;
    out.push({ type: 'hello', inst });
  }
}

/** INFO period for an instance: 10 s normally, 1 s around a failover, faster while a failover waits on it. */
export function infoPeriod(st: SentinelState, inst: Instance): number {
  const t = st.timing;
  const m = inst.master;
  if (inst.kind === 'slave' && m !== null) {
    if (m.inFailover && (inst.promoted || inst.reconfSent || inst.reconfInprog)) return t.fastInfoPeriodMs;
    if (m.oDown || m.inFailover || inst.masterLinkDownMs !== 0) return Math.min(1000, t.infoPeriodMs);
  }
  return t.infoPeriodMs;
}

/** +sdown / -sdown, and closing links that look dead (sentinelCheckSubjectivelyDown). */
export function checkSubjectivelyDown(st: SentinelState, inst: Instance, now: number, out: Action[]): void {
  const t = st.timing;
  let elapsed = 0;
  if (inst.actPingMs !== 0) elapsed = now - inst.actPingMs;
  else if (!inst.linkConnected) elapsed = now - inst.lastAvailMs;
  const half = inst.downAfterMs / 2;
  if (inst.linkConnected && now - inst.linkConnectedSinceMs > t.minLinkReconnectPeriodMs && inst.actPingMs !== 0 && now - inst.actPingMs > half && now - inst.lastPongMs > half) {
    out.push({ type: 'close-link', inst, which: 'cmd' });
  }
  if (inst.pubsubConnected && now - inst.pubsubConnectedSinceMs > t.minLinkReconnectPeriodMs && now - inst.pubsubActivityMs > t.publishPeriodMs * 3) {
    out.push({ type: 'close-link', inst, which: 'pubsub' });
  }
  const m = inst.kind === 'master' ? (inst as MasterState) : null;
  const down =
    elapsed > inst.downAfterMs ||
    (m !== null && m.roleReported === 'slave' && now - m.roleReportedMs > m.downAfterMs + t.infoPeriodMs * 2) ||
    // Rebooted (new run id) and still not answering PONG (LOADING...) for longer than the reboot period.
    (m !== null && m.rebootMs > 0 && now - m.rebootMs > m.masterRebootDownAfterMs);
  if (down && !inst.sDown) {
    instEvent(out, 'warning', '+sdown', inst);
    inst.sDownSinceMs = now;
    inst.sDown = true;
    inst.wasUnreachable = true;
  } else if (!down && inst.sDown) {
    instEvent(out, 'warning', '-sdown', inst);
    inst.sDown = false;
    // A replica back from the dead that claims to be a master: INFO at once, so it is demoted right away.
    if (inst.kind === 'slave' && inst.roleReported === 'master' && inst.wasUnreachable && inst.linkConnected) {
      inst.lastInfoSentMs = now;
      out.push({ type: 'info', inst });
    }
  }
}

/** +odown / -odown from our own view plus the other Sentinels' last answers (sentinelCheckObjectivelyDown). */
export function checkObjectivelyDown(m: MasterState, now: number, out: Action[]): void {
  let votes = 0;
  let odown = false;
  if (m.sDown) {
    votes = 1;
    for (const s of m.sentinels.values()) if (s.masterDown) votes++;
    odown = votes >= m.quorum;
  }
  if (odown && !m.oDown) {
    instEvent(out, 'warning', '+odown', m, ` #quorum ${votes}/${m.quorum}`);
    m.oDown = true;
    m.oDownSinceMs = now;
  } else if (!odown && m.oDown) {
    instEvent(out, 'warning', '-odown', m);
    m.oDown = false;
  }
}

/**
 * TILT: the timer ran late (a stalled process, a GC pause, a slow disk) or the wall clock jumped. Time-based
 * judgements made now would be wrong, so Sentinel keeps observing but stops acting for tiltPeriodMs.
 * Returns true while in TILT.
 */
export function checkTilt(st: SentinelState, now: number, monoNow: number, out: Action[]): boolean {
  const t = st.timing;
  if (st.previousTimeMs !== 0) {
    const wallDelta = now - st.previousTimeMs;
    const monoDelta = monoNow - st.previousMonoMs;
    if (wallDelta < 0 || wallDelta > t.tiltTriggerMs || monoDelta > t.tiltTriggerMs) {
      st.tilt = true;
      st.tiltStartMs = now;
      rawEvent(out, 'warning', '+tilt', '#tilt mode entered');
    }
  }
  st.previousTimeMs = now;
  st.previousMonoMs = monoNow;
  if (!st.tilt) return false;
  if (now - st.tiltStartMs >= 0 && now - st.tiltStartMs < t.tiltPeriodMs) return true;
  st.tilt = false;
  rawEvent(out, 'warning', '-tilt', '#tilt mode exited');
  return false;
}

/** A PING reply: PONG, LOADING and MASTERDOWN prove the instance is available; PONG ends a reboot. */
export function onPingReply(inst: Instance, reply: string, now: number): void {
  if (reply === 'PONG' || reply.startsWith('LOADING') || reply.startsWith('MASTERDOWN')) {
    inst.lastAvailMs = now;
    inst.actPingMs = 0;
    if (reply === 'PONG') inst.rebootMs = 0;
  }
  inst.lastPongMs = now;
}

export interface ParsedInfo {
  runId: string | null;
  role: Role | null;
  replicas: { host: string; port: number }[];
  masterLinkDownMs: number;
  masterHost: string | null;
  masterPort: number;
  masterLinkUp: boolean;
  priority: number;
  replOffset: number;
  replicaAnnounced: boolean;
}

/** Extracts the fields Sentinel uses from an INFO reply. */
export function parseInfo(text: string): ParsedInfo {
  const p: ParsedInfo = {
    runId: null, role: null, replicas: [], masterLinkDownMs: 0, masterHost: null, masterPort: 0,
    masterLinkUp: false, priority: 100, replOffset: 0, replicaAnnounced: true,
  };
  for (const raw of text.split('\n')) {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    const i = line.indexOf(':');
    if (i < 0) continue;
    const k = line.slice(0, i);
    const v = line.slice(i + 1);
    if (k === 'run_id' && v.length === 40) p.runId = v;
    else if (k === 'role') p.role = v === 'master' ? 'master' : v === 'slave' ? 'slave' : null;
    else if (/^slave\d+$/.test(k)) parseReplicaLine(v, p);
    else if (k === 'master_link_down_since_seconds') p.masterLinkDownMs = Number(v) * 1000 || 0;
    else if (k === 'master_host') p.masterHost = v;
    else if (k === 'master_port') p.masterPort = Number(v) || 0;
    else if (k === 'master_link_status') p.masterLinkUp = v === 'up';
    else if (k === 'slave_priority' || k === 'replica_priority') p.priority = Number(v) || 0;
    else if (k === 'slave_repl_offset') p.replOffset = Number(v) || 0;
    else if (k === 'replica_announced') p.replicaAnnounced = v !== '0';
  }
  return p;
}

function parseReplicaLine(v: string, p: ParsedInfo): void {
  let host = '';
  let port = 0;
  for (const kv of v.split(',')) {
    const [k, val] = kv.split('=');
    if (k === 'ip') host = val;
    else if (k === 'port') port = Number(val) || 0;
  }
  if (host !== '' && port > 0) p.replicas.push({ host, port });
}

/** Updates the instance from its INFO reply; returns the parsed fields for the role-change handling. */
export function applyInfo(st: SentinelState, inst: Instance, text: string, now: number, out: Action[]): ParsedInfo {
  const p = parseInfo(text);
  inst.info = text;
  inst.infoRefreshMs = now;
  if (p.runId !== null && inst.runId !== p.runId) {
    if (inst.runId !== null) {
      instEvent(out, 'notice', '+reboot', inst);
      if (inst.kind === 'master' && (inst as MasterState).masterRebootDownAfterMs !== 0) inst.rebootMs = now;
    }
    inst.runId = p.runId;
  }
  if (inst.kind === 'master' && p.role === 'master') discoverReplicas(inst as MasterState, p, now, out);
  inst.masterLinkDownMs = p.masterLinkDownMs;
  if (p.role === 'slave') {
    if (inst.slaveMasterHost !== p.masterHost || inst.slaveMasterPort !== p.masterPort) inst.slaveConfChangeMs = now;
    inst.slaveMasterHost = p.masterHost;
    inst.slaveMasterPort = p.masterPort;
    inst.slaveMasterLinkUp = p.masterLinkUp;
    inst.slavePriority = p.priority;
    inst.slaveReplOffset = p.replOffset;
    inst.replicaAnnounced = p.replicaAnnounced;
  }
  if (p.role !== null && p.role !== inst.roleReported) {
    inst.roleReportedMs = now;
    inst.roleReported = p.role;
    if (p.role === 'slave') inst.slaveConfChangeMs = now;
    const same = (inst.kind === 'master' && p.role === 'master') || (inst.kind === 'slave' && p.role === 'slave');
    instEvent(out, 'verbose', same ? '+role-change' : '-role-change', inst, ` new reported role is ${p.role}`);
  }
  return p;
}

function discoverReplicas(m: MasterState, p: ParsedInfo, now: number, out: Action[]): void {
  for (const r of p.replicas) {
    if (findReplica(m, r.host, r.port) !== undefined) continue;
    const rep = newReplica(m, r.host, r.port, now);
    m.replicas.set(rep.name, rep);
    instEvent(out, 'notice', '+slave', rep);
    out.push({ type: 'save-config' });
  }
}

/** Redis's sentinelMasterLooksSane: reachable, reporting master, recently refreshed. */
export function masterLooksSane(st: SentinelState, m: MasterState, now: number): boolean {
  return m.roleReported === 'master' && !m.sDown && !m.oDown && m.infoRefreshMs > 0 && now - m.infoRefreshMs < st.timing.infoPeriodMs * 2;
}

export function noDownFor(inst: Instance, ms: number, now: number): boolean {
  const most = Math.max(inst.sDownSinceMs, inst.sDown ? now : 0);
  return most === 0 || now - most > ms;
}

export interface Hello {
  ip: string;
  port: number;
  runId: string;
  currentEpoch: number;
  masterName: string;
  masterIp: string;
  masterPort: number;
  masterConfigEpoch: number;
}

/** Parses `ip,port,runid,current_epoch,master_name,master_ip,master_port,master_config_epoch`. */
export function parseHello(payload: string): Hello | null {
  const t = payload.split(',');
  if (t.length !== 8) return null;
  const nums = [Number(t[1]), Number(t[3]), Number(t[6]), Number(t[7])];
  if (nums.some((n) => !Number.isInteger(n) || n < 0)) return null;
  return { ip: t[0], port: nums[0], runId: t[2], currentEpoch: nums[1], masterName: t[4], masterIp: t[5], masterPort: nums[2], masterConfigEpoch: nums[3] };
}

/** The hello payload this Sentinel publishes for a master. */
export function formatHello(st: SentinelState, m: MasterState, ip: string, port: number, masterIp: string, masterPort: number): string {
  return `${ip},${port},${st.myId},${st.currentEpoch},${m.name},${masterIp},${masterPort},${m.configEpoch}`;
}

/** A hello message (through a master's or replica's channel, or a PUBLISH to us). sentinelProcessHelloMessage. */
export function onHello(st: SentinelState, h: Hello, now: number, out: Action[]): void {
  if (h.runId === st.myId) return;
  const m = st.masters.get(h.masterName);
  if (m === undefined) return;
  let si = findSentinel(m, h.ip, h.port, h.runId);
  if (si === undefined) si = addSentinelFromHello(m, h, now, out);
  if (h.currentEpoch > st.currentEpoch) {
    st.currentEpoch = h.currentEpoch;
    out.push({ type: 'save-config' });
    rawEvent(out, 'warning', '+new-epoch', String(st.currentEpoch), m);
  }
  if (m.configEpoch < h.masterConfigEpoch) {
    m.configEpoch = h.masterConfigEpoch;
    if (!sameAddr(m.addr, h.masterIp, h.masterPort)) {
      instEvent(out, 'warning', '+config-update-from', si);
      rawEvent(out, 'warning', '+switch-master', `${m.name} ${m.addr.host} ${m.addr.port} ${h.masterIp} ${h.masterPort}`, m);
      const old = { ...m.addr };
      resetMasterAndChangeAddress(st, m, h.masterIp, h.masterPort, now, out);
      out.push({ type: 'client-reconfig', master: m, role: 'observer', state: 'start', from: old, to: { ...m.addr } });
    }
  }
  si.lastHelloMs = now;
}

function findSentinel(m: MasterState, ip: string, port: number, runId: string): Instance | undefined {
  for (const s of m.sentinels.values()) if (s.runId === runId && sameAddr(s.addr, ip, port)) return s;
  return undefined;
}

function addSentinelFromHello(m: MasterState, h: Hello, now: number, out: Action[]): Instance {
  let removed = false;
  for (const [k, s] of m.sentinels) {
    if (s.runId === h.runId || sameAddr(s.addr, h.ip, h.port)) {
      m.sentinels.delete(k);
      if (s.runId === h.runId) removed = true;
      out.push({ type: 'close-link', inst: s, which: 'cmd' });
    }
  }
  const si = newSentinelPeer(m, h.runId, h.ip, h.port, now);
  m.sentinels.set(h.runId, si);
  if (removed) instEvent(out, 'notice', '+sentinel-address-switch', m, ` ip ${h.ip} port ${h.port} for ${h.runId}`);
  else instEvent(out, 'notice', '+sentinel', si);
  out.push({ type: 'save-config' });
  return si;
}

/**
 * The master moved to host:port (after our failover or a newer config from another Sentinel): forget the
 * failover state, keep the Sentinels, and rebuild the replica list from the old replicas plus the old
 * master, minus the new master (sentinelResetMasterAndChangeAddress).
 */
export function resetMasterAndChangeAddress(st: SentinelState, m: MasterState, host: string, port: number, now: number, out: Action[]): void {
  const addrs: Addr[] = [];
  let known: Addr | undefined;
  for (const a of [...[...m.replicas.values()].map((r) => r.addr), m.addr]) {
    if (!sameAddr(a, host, port)) addrs.push(a);
    else known ??= a;
  }
  out.push({ type: 'master-reset', master: m });
  resetMaster(m, now);
  m.addr = known !== undefined ? { ...known } : { host, port };
  for (const a of addrs) {
    const rep = newReplica(m, a.host, a.port, now);
    rep.addr = { ...a };
    m.replicas.set(addrKey(a.host, a.port), rep);
    instEvent(out, 'notice', '+slave', rep);
  }
  out.push({ type: 'save-config' });
}

/** Clears a master's dynamic state (failover, flags, link observations, replicas); keeps the Sentinels. */
export function resetMaster(m: MasterState, now: number): void {
  m.replicas = new Map();
  m.sDown = m.oDown = m.masterDown = false;
  m.inFailover = false;
  m.forceFailover = false;
  m.failoverState = 'none';
  m.failoverStateChangeMs = 0;
  m.promotedReplica = null;
  m.leader = null;
  m.failoverStartMs = 0;
  m.runId = null;
  m.info = '';
  m.infoRefreshMs = 0;
  m.roleReported = 'master';
  m.roleReportedMs = now;
  m.rebootMs = 0;
  m.linkConnected = false;
  m.pubsubConnected = false;
  m.actPingMs = 0;
  m.lastPingMs = 0;
  m.lastPongMs = now;
  m.lastAvailMs = now;
  m.lastPubMs = 0;
  m.lastInfoSentMs = 0;
  m.wasUnreachable = true;
  for (const s of m.sentinels.values()) {
    s.masterDown = false;
    s.leader = null;
  }
}
