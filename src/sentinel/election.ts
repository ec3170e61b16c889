/**
 * Agreement between Sentinels, pure: asking the others whether a master is down (and, during a failover,
 * for their vote), answering such a question (SENTINEL IS-MASTER-DOWN-BY-ADDR), voting once per epoch, and
 * counting votes. A leader needs a majority of all known Sentinels and at least the quorum
 * (sentinelGetLeader). Randomness (the failover start desync) is injected.
 */
import { type Action, rawEvent } from './events.js';
import { MAX_DESYNC_MS, type Instance, type MasterState, type SentinelState } from './state.js';
import type { Random } from '../platform/random.js';

/**
 * Asks every other Sentinel about a master that is SDOWN for us (sentinelAskMasterStateToOtherSentinels).
 * Answers older than 5 ask periods are forgotten first. While we run a failover the request carries our
 * run id: it is also a vote request.
 */
export function askOtherSentinels(st: SentinelState, m: MasterState, now: number, force: boolean, out: Action[]): void {
  const ask = st.timing.askPeriodMs;
  for (const s of m.sentinels.values()) {
    const age = now - s.lastMasterDownReplyMs;
    if (age > ask * 5) {
      s.masterDown = false;
      s.leader = null;
    }
    if (!m.sDown || !s.linkConnected) continue;
    if (!force && age < ask) continue;
    const runId = m.failoverState !== 'none' ? st.myId : '*';
    out.push({ type: 'ask-master-down', sentinel: s, master: m, runId });
  }
}

/** Reply to our IS-MASTER-DOWN-BY-ADDR: [down (0/1), leader run id or '*', leader epoch]. */
export function onAskReply(s: Instance, down: number, leader: string, leaderEpoch: number, now: number, out: Action[]): void {
  s.lastMasterDownReplyMs = now;
  s.masterDown = down === 1;
  if (leader !== '*') {
    if (s.leader !== leader || s.leaderEpoch !== leaderEpoch) {
      out.push({ type: 'log', level: 'warning', text: `${s.name} voted for ${leader} ${leaderEpoch}` });
    }
    s.leader = leader;
    s.leaderEpoch = leaderEpoch;
  }
}

/** Votes for `candidate` in `reqEpoch` unless we already voted in that epoch (sentinelVoteLeader). */
export function voteLeader(st: SentinelState, m: MasterState, reqEpoch: number, candidate: string, now: number, random: Random, out: Action[]): { leader: string | null; epoch: number } {
  if (reqEpoch > st.currentEpoch) {
    st.currentEpoch = reqEpoch;
    out.push({ type: 'save-config' });
    rawEvent(out, 'warning', '+new-epoch', String(st.currentEpoch), m);
  }
  if (m.leaderEpoch < reqEpoch && st.currentEpoch <= reqEpoch) {
    m.leader = candidate;
    m.leaderEpoch = st.currentEpoch;
    out.push({ type: 'save-config' });
    rawEvent(out, 'warning', '+vote-for-leader', `${m.leader} ${m.leaderEpoch}`, m);
    // Voting for someone else: do not start our own failover for a while.
    if (candidate !== st.myId) m.failoverStartMs = now + random.int(MAX_DESYNC_MS);
  }
  return { leader: m.leader, epoch: m.leaderEpoch };
}

/** The SENTINEL IS-MASTER-DOWN-BY-ADDR answer for a master (null when we do not monitor that address). */
export function answerIsMasterDown(st: SentinelState, m: MasterState | null, reqEpoch: number, runId: string, now: number, random: Random, out: Action[]): [number, string, number] {
  const down = !st.tilt && m !== null && m.sDown ? 1 : 0;
  let leader: string | null = null;
  let epoch = 0;
  if (m !== null && runId !== '*') {
    const v = voteLeader(st, m, reqEpoch, runId, now, random, out);
    leader = v.leader;
    epoch = v.epoch;
  }
  return [down, leader ?? '*', leader !== null ? epoch : 0];
}

/** Counts the votes for the failover epoch; returns the winner or null (sentinelGetLeader). */
export function getLeader(st: SentinelState, m: MasterState, epoch: number, now: number, random: Random, out: Action[]): string | null {
  const counters = new Map<string, number>();
  const voters = m.sentinels.size + 1;
  for (const s of m.sentinels.values()) {
    if (s.leader !== null && s.leaderEpoch === st.currentEpoch) counters.set(s.leader, (counters.get(s.leader) ?? 0) + 1);
  }
  let winner: string | null = null;
  let maxVotes = 0;
  for (const [id, n] of counters) {
    if (n > maxVotes) {
      maxVotes = n;
      winner = id;
    }
  }
  const mine = voteLeader(st, m, epoch, winner ?? st.myId, now, random, out);
  if (mine.leader !== null && mine.epoch === epoch) {
    const votes = (counters.get(mine.leader) ?? 0) + 1;
    counters.set(mine.leader, votes);
    if (votes > maxVotes) {
      maxVotes = votes;
      winner = mine.leader;
    }
  }
  const majority = Math.floor(voters / 2) + 1;
  if (winner !== null && (maxVotes < majority || maxVotes < m.quorum)) winner = null;
  return winner;
}

/** SENTINEL CKQUORUM: counts usable Sentinels (us plus those not SDOWN/disconnected). */
export function ckquorum(m: MasterState): { ok: boolean; usable: number; text: string } {
  const voters = m.sentinels.size + 1;
  let usable = 1;
  for (const s of m.sentinels.values()) if (!s.sDown && s.linkConnected) usable++;
  const majority = Math.floor(voters / 2) + 1;
  let err = '';
  if (usable < m.quorum) err = `NOQUORUM ${usable} usable Sentinels. Not enough available Sentinels to reach the specified quorum for this master`;
  else if (usable < majority) err = `NOQUORUM ${usable} usable Sentinels. Not enough available Sentinels to reach the majority and authorize a failover`;
  if (err !== '') return { ok: false, usable, text: err };
  return { ok: true, usable, text: `OK ${usable} usable Sentinels. Quorum and failover authorization can be reached` };
}

