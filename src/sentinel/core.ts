/**
 * The Sentinel's pure core entry points: one timer step over every monitored instance (Redis's
 * sentinelTimer) and the observations the I/O shell reports (INFO replies). Input: state, observation,
 * "now" (wall ms and monotonic ms from the injected clock), randomness; output: the list of actions.
 * Replaying the same inputs gives the same decisions, which is how the unit tests drive it.
 */
import type { Action } from './events.js';
import { askOtherSentinels } from './election.js';
import { failoverStep, onRoleInfo, startFailoverIfNeeded, switchToPromoted } from './failover.js';
import { applyInfo, checkObjectivelyDown, checkSubjectivelyDown, checkTilt, periodicActions } from './monitor.js';
import type { Instance, MasterState, SentinelState } from './state.js';
import type { Random } from '../platform/random.js';

export function sentinelTick(st: SentinelState, now: number, monoNow: number, random: Random): Action[] {
  const out: Action[] = [];
  const tilt = checkTilt(st, now, monoNow, out);
  const switching: MasterState[] = [];
  for (const m of st.masters.values()) {
    handleInstance(st, m, now, tilt, random, out);
    for (const r of [...m.replicas.values()]) handleInstance(st, r, now, tilt, random, out);
    for (const s of [...m.sentinels.values()]) handleInstance(st, s, now, tilt, random, out);
    if (m.failoverState === 'update-config') switching.push(m);
  }
  for (const m of switching) switchToPromoted(st, m, now, out);
  return out;
}

function handleInstance(st: SentinelState, inst: Instance, now: number, tilt: boolean, random: Random, out: Action[]): void {
  periodicActions(st, inst, now, out);
  if (tilt) return;
  checkSubjectivelyDown(st, inst, now, out);
  if (inst.kind !== 'master') return;
  const m = inst as MasterState;
  checkObjectivelyDown(m, now, out);
  if (startFailoverIfNeeded(st, m, now, random, out)) askOtherSentinels(st, m, now, true, out);
  failoverStep(st, m, now, random, out);
  askOtherSentinels(st, m, now, false, out);
}

/** An INFO reply from a master or replica. */
export function observeInfo(st: SentinelState, inst: Instance, text: string, now: number): Action[] {
  const out: Action[] = [];
  const wasUnreachable = inst.wasUnreachable;
  inst.wasUnreachable = false;
  const p = applyInfo(st, inst, text, now, out);
  if (!st.tilt) onRoleInfo(st, inst, p, wasUnreachable, now, out);
  return out;
}
