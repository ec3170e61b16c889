/**
 * The failover state machine, pure: start (after ODOWN, at most once per 2 x failover-timeout), wait to be
 * elected, select the best replica, SLAVEOF NO ONE, wait for the promotion to show in INFO, re-point the
 * other replicas parallel-syncs at a time, then switch the master's address. Also the role-change rules
 * applied to every INFO reply: promotion detected, returning old master demoted (+convert-to-slave),
 * replicas of the wrong master fixed, reconfiguration progress.
 *
 * Unlike Redis, a returning master that was unreachable is demoted on its FIRST answer instead of after
 * 8 s plus the next 10 s INFO: writes it would accept meanwhile are lost anyway.
 */
import { type Action, instEvent, rawEvent } from './events.js';
import { getLeader } from './election.js';
import { masterLooksSane, noDownFor, resetMasterAndChangeAddress, type ParsedInfo } from './monitor.js';
import {
  SIMFAILURE_CRASH_AFTER_ELECTION, SIMFAILURE_CRASH_AFTER_PROMOTION, MAX_DESYNC_MS, sameAddr,
  type Instance, type MasterState, type SentinelState,
} from './state.js';
import type { Random } from '../platform/random.js';

/** Starts a failover when the master is ODOWN and no recent attempt blocks it. Returns true if started. */
export function startFailoverIfNeeded(st: SentinelState, m: MasterState, now: number, random: Random, out: Action[]): boolean {
  if (!m.oDown || m.inFailover) return false;
  if (now - m.failoverStartMs < m.failoverTimeoutMs * 2) {
    if (m.failoverDelayLoggedMs !== m.failoverStartMs) {
      m.failoverDelayLoggedMs = m.failoverStartMs;
      const when = ctime(m.failoverStartMs + m.failoverTimeoutMs * 2);
      out.push({ type: 'log', level: 'warning', text: `Next failover delay: I will not start a failover before ${when}` });
    }
    return false;
  }
  startFailover(st, m, now, random, out);
  return true;
}

export function startFailover(st: SentinelState, m: MasterState, now: number, random: Random, out: Action[]): void {
  m.failoverState = 'wait-start';
  m.inFailover = true;
  m.failoverEpoch = ++st.currentEpoch;
  rawEvent(out, 'warning', '+new-epoch', String(st.currentEpoch), m);
  instEvent(out, 'warning', '+try-failover', m);
  m.failoverStartMs = now + random.int(MAX_DESYNC_MS);
  m.failoverStateChangeMs = now;
  out.push({ type: 'save-config' });
}

export function abortFailover(m: MasterState, now: number): void {
  m.inFailover = false;
  m.forceFailover = false;
  m.failoverState = 'none';
  m.failoverStateChangeMs = now;
  if (m.promotedReplica !== null) {
    m.promotedReplica.promoted = false;
    m.promotedReplica = null;
  }
}

/** One step of the state machine (sentinelFailoverStateMachine). */
export function failoverStep(st: SentinelState, m: MasterState, now: number, random: Random, out: Action[]): void {
  if (!m.inFailover) return;
  switch (m.failoverState) {
    case 'wait-start':
      return waitStart(st, m, now, random, out);
    case 'select-slave':
      return selectSlaveStep(st, m, now, out);
    case 'send-slaveof-noone':
      return sendSlaveofNoOne(m, now, out);
    case 'wait-promotion':
      if (now - m.failoverStateChangeMs > m.failoverTimeoutMs) {
        instEvent(out, 'warning', '-failover-abort-slave-timeout', m);
        abortFailover(m, now);
      }
      return;
    case 'reconf-slaves':
      return reconfNextReplica(st, m, now, out);
    case 'update-config':
    case 'none':
      return;
  }
}

function waitStart(st: SentinelState, m: MasterState, now: number, random: Random, out: Action[]): void {
  const leader = getLeader(st, m, m.failoverEpoch, now, random, out);
  const isLeader = leader !== null && leader === st.myId;
  if (!isLeader && !m.forceFailover) {
    const electionTimeout = Math.min(st.timing.electionTimeoutMs, m.failoverTimeoutMs);
    if (now - m.failoverStartMs > electionTimeout) {
      instEvent(out, 'warning', '-failover-abort-not-elected', m);
      abortFailover(m, now);
    }
    return;
  }
  instEvent(out, 'warning', '+elected-leader', m);
  if (st.simFailureFlags & SIMFAILURE_CRASH_AFTER_ELECTION) out.push({ type: 'crash' });
  m.failoverState = 'select-slave';
  m.failoverStateChangeMs = now;
  instEvent(out, 'warning', '+failover-state-select-slave', m);
}

function selectSlaveStep(st: SentinelState, m: MasterState, now: number, out: Action[]): void {
  const r = selectReplica(st, m, now);
  if (r === null) {
    instEvent(out, 'warning', '-failover-abort-no-good-slave', m);
    abortFailover(m, now);
    return;
  }
  instEvent(out, 'warning', '+selected-slave', r);
  r.promoted = true;
  m.promotedReplica = r;
  m.failoverState = 'send-slaveof-noone';
  m.failoverStateChangeMs = now;
  instEvent(out, 'notice', '+failover-state-send-slaveof-noone', r);
}

function sendSlaveofNoOne(m: MasterState, now: number, out: Action[]): void {
  const r = m.promotedReplica;
  if (r === null) return;
  if (!r.linkConnected) {
    if (now - m.failoverStateChangeMs > m.failoverTimeoutMs) {
      instEvent(out, 'warning', '-failover-abort-slave-timeout', m);
      abortFailover(m, now);
    }
    return;
  }
  out.push({ type: 'slaveof', inst: r, host: null, port: 0 });
  instEvent(out, 'notice', '+failover-state-wait-promotion', r);
  m.failoverState = 'wait-promotion';
  m.failoverStateChangeMs = now;
}

/**
 * The best replica to promote: reachable, recently refreshed, not priority 0, not disconnected from the
 * master for too long; then lowest priority, highest replication offset, smallest run id.
 */
export function selectReplica(st: SentinelState, m: MasterState, now: number): Instance | null {
  const t = st.timing;
  let maxMasterDownMs = m.downAfterMs * 10;
  if (m.sDown) maxMasterDownMs += now - m.sDownSinceMs;
  const infoValidityMs = m.sDown ? t.pingPeriodMs * 5 : t.infoPeriodMs * 3;
  const candidates: Instance[] = [];
  for (const r of m.replicas.values()) {
    if (r.sDown || r.oDown || !r.linkConnected) continue;
    if (now - r.lastAvailMs > t.pingPeriodMs * 5) continue;
    if (r.slavePriority === 0) continue;
    if (r.infoRefreshMs === 0 || now - r.infoRefreshMs > infoValidityMs) continue;
    if (r.masterLinkDownMs > maxMasterDownMs) continue;
    candidates.push(r);
  }
  if (candidates.length === 0) return null;
  candidates.sort(compareReplicas);
  return candidates[0];
}

export function compareReplicas(a: Instance, b: Instance): number {
  if (a.slavePriority !== b.slavePriority) return a.slavePriority - b.slavePriority;
  if (a.slaveReplOffset !== b.slaveReplOffset) return b.slaveReplOffset - a.slaveReplOffset;
  if (a.runId === null && b.runId === null) return 0;
  if (a.runId === null) return 1;
  if (b.runId === null) return -1;
  return a.runId < b.runId ? -1 : a.runId > b.runId ? 1 : 0;
}

/** Sends SLAVEOF <promoted> to the next replicas, parallel-syncs at a time (sentinelFailoverReconfNextSlave). */
function reconfNextReplica(st: SentinelState, m: MasterState, now: number, out: Action[]): void {
  const pr = m.promotedReplica;
  if (pr === null) return;
  let inProgress = 0;
  for (const r of m.replicas.values()) if (r.reconfSent || r.reconfInprog) inProgress++;
  for (const r of m.replicas.values()) {
    if (inProgress >= m.parallelSyncs) break;
    if (r.promoted || r.reconfDone) continue;
    if (r.reconfSent && now - r.slaveReconfSentMs > st.timing.slaveReconfTimeoutMs) {
      instEvent(out, 'notice', '-slave-reconf-sent-timeout', r);
      r.reconfSent = false;
      r.reconfDone = true;
      continue;
    }
    if (r.reconfSent || r.reconfInprog || !r.linkConnected) continue;
    out.push({ type: 'slaveof', inst: r, host: pr.addr.host, port: pr.addr.port });
    r.reconfSent = true;
    r.slaveReconfSentMs = now;
    instEvent(out, 'notice', '+slave-reconf-sent', r);
    inProgress++;
  }
  detectEnd(m, now, out);
}

function detectEnd(m: MasterState, now: number, out: Action[]): void {
  const pr = m.promotedReplica;
  if (m.failoverState !== 'reconf-slaves' || pr === null || pr.sDown) return;
  let notReconfigured = 0;
  for (const r of m.replicas.values()) if (!r.promoted && !r.reconfDone && !r.sDown) notReconfigured++;
  let timeout = false;
  if (now - m.failoverStateChangeMs > m.failoverTimeoutMs) {
    notReconfigured = 0;
    timeout = true;
    instEvent(out, 'warning', '+failover-end-for-timeout', m);
  }
  if (notReconfigured > 0) return;
  instEvent(out, 'warning', '+failover-end', m);
  m.failoverState = 'update-config';
  m.failoverStateChangeMs = now;
  if (!timeout) return;
  for (const r of m.replicas.values()) {
    if (r.promoted || r.reconfDone || r.reconfSent || !r.linkConnected) continue;
    out.push({ type: 'slaveof', inst: r, host: pr.addr.host, port: pr.addr.port });
    instEvent(out, 'notice', '+slave-reconf-sent-be', r);
  }
}

/** update-config: publish the new address and rebuild the master around it (sentinelFailoverSwitchToPromotedSlave). */
export function switchToPromoted(st: SentinelState, m: MasterState, now: number, out: Action[]): void {
  const ref = m.promotedReplica ?? m;
  const from = { ...m.addr };
  rawEvent(out, 'warning', '+switch-master', `${m.name} ${m.addr.host} ${m.addr.port} ${ref.addr.host} ${ref.addr.port}`, m);
  resetMasterAndChangeAddress(st, m, ref.addr.host, ref.addr.port, now, out);
  out.push({ type: 'client-reconfig', master: m, role: 'leader', state: 'end', from, to: { ...m.addr } });
}

/** Role-driven reactions to an INFO reply (the tail of sentinelRefreshInstanceInfo; not run in TILT). */
export function onRoleInfo(st: SentinelState, inst: Instance, p: ParsedInfo, wasUnreachable: boolean, now: number, out: Action[]): void {
  const m = inst.master;
  if (inst.kind !== 'slave' || m === null) return;
  if (p.role === 'master') return replicaReportsMaster(st, m, inst, wasUnreachable, now, out);
  if (p.role !== 'slave') return;
  const wrongMaster = !sameAddr(m.addr, inst.slaveMasterHost, inst.slaveMasterPort);
  if (wrongMaster && !m.inFailover && !inst.reconfSent && !inst.reconfInprog && !inst.promoted) {
    const wait = m.failoverTimeoutMs;
    if (masterLooksSane(st, m, now) && noDownFor(inst, wait, now) && now - inst.slaveConfChangeMs > wait && now - inst.slaveReconfSentMs > 1000) {
      out.push({ type: 'slaveof', inst, host: m.addr.host, port: m.addr.port });
      inst.slaveReconfSentMs = now;
      instEvent(out, 'notice', '+fix-slave-config', inst);
    }
  }
  const pr = m.promotedReplica;
  if (pr === null || !(inst.reconfSent || inst.reconfInprog)) return;
  if (inst.reconfSent && sameAddr(pr.addr, inst.slaveMasterHost, inst.slaveMasterPort)) {
    inst.reconfSent = false;
    inst.reconfInprog = true;
    instEvent(out, 'notice', '+slave-reconf-inprog', inst);
  }
  if (inst.reconfInprog && inst.slaveMasterLinkUp) {
    inst.reconfInprog = false;
    inst.reconfDone = true;
    instEvent(out, 'notice', '+slave-reconf-done', inst);
  }
}

function replicaReportsMaster(st: SentinelState, m: MasterState, inst: Instance, wasUnreachable: boolean, now: number, out: Action[]): void {
  if (inst.promoted && m.inFailover && m.failoverState === 'wait-promotion') {
    m.configEpoch = m.failoverEpoch;
    m.failoverState = 'reconf-slaves';
    m.failoverStateChangeMs = now;
    out.push({ type: 'save-config' });
    instEvent(out, 'warning', '+promoted-slave', inst);
    if (st.simFailureFlags & SIMFAILURE_CRASH_AFTER_PROMOTION) out.push({ type: 'crash' });
    instEvent(out, 'warning', '+failover-state-reconf-slaves', m);
    out.push({ type: 'client-reconfig', master: m, role: 'leader', state: 'start', from: { ...m.addr }, to: { ...inst.addr } });
    m.lastPubMs = 0;
    for (const r of m.replicas.values()) r.lastPubMs = 0;
    return;
  }
  if (inst.promoted || m.inFailover) return;
  const wait = st.timing.publishPeriodMs * 4;
  const settled = noDownFor(inst, wait, now) && now - inst.roleReportedMs > wait;
  if (!masterLooksSane(st, m, now) || !(wasUnreachable || settled)) return;
  if (inst.sDown) {
    // Log -sdown first, as Redis does: the INFO asked for right after -sdown takes this fast path again.
    inst.wasUnreachable = true;
    return;
  }
  if (now - inst.slaveReconfSentMs < 1000) return;
  inst.slaveReconfSentMs = now;
  out.push({ type: 'slaveof', inst, host: m.addr.host, port: m.addr.port });
  instEvent(out, 'notice', '+convert-to-slave', inst);
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** C's ctime() without the newline: "Sat Nov 21 06:08:21 2026". */
export function ctime(ms: number): string {
  const d = new Date(ms);
  const p2 = (n: number): string => String(n).padStart(2, '0');
  return `${DAYS[d.getDay()]} ${MONTHS[d.getMonth()]} ${String(d.getDate()).padStart(2, ' ')} ${p2(d.getHours())}:${p2(d.getMinutes())}:${p2(d.getSeconds())} ${d.getFullYear()}`;
}
