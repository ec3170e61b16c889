/** The pure Sentinel core driven with simulated time: down detection, TILT, election, replica choice, failover. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ManualClock } from '../platform/clock.js';
import { seededRandom } from '../platform/random.js';
import { observeInfo, sentinelTick } from './core.js';
import { answerIsMasterDown, getLeader } from './election.js';
import { selectReplica } from './failover.js';
import { onPingReply } from './monitor.js';
import { newMaster, newReplica, newSentinelPeer, newSentinelState, type Instance, type MasterState, type SentinelState } from './state.js';
import type { Action } from './events.js';

const MY_ID = 'a'.repeat(40);

function setup(quorum = 1): { st: SentinelState; m: MasterState; clock: ManualClock } {
  const clock = new ManualClock();
  const st = newSentinelState(MY_ID);
  const m = newMaster('mymaster', { host: '127.0.0.1', port: 6000 }, quorum, st.timing, clock.nowMs());
  m.downAfterMs = 1000;
  m.failoverTimeoutMs = 5000;
  st.masters.set('mymaster', m);
  connect(m, clock.nowMs());
  return { st, m, clock };
}

function connect(i: Instance, now: number): void {
  i.linkConnected = true;
  i.linkConnectedSinceMs = now;
}

const rnd = seededRandom(7);

/** Runs ticks every 100 ms for `ms`, answering PINGs unless `dead` says the instance is down. */
function run(st: SentinelState, clock: ManualClock, ms: number, dead: (i: Instance) => boolean = () => false): Action[] {
  const all: Action[] = [];
  for (let t = 0; t < ms; t += 100) {
    clock.advance(100);
    const acts = sentinelTick(st, clock.nowMs(), clock.monoMs(), rnd);
    for (const a of acts) if (a.type === 'ping' && !dead(a.inst)) onPingReply(a.inst, 'PONG', clock.nowMs());
    all.push(...acts);
  }
  return all;
}

const events = (acts: Action[]): string[] => acts.flatMap((a) => (a.type === 'event' ? [`${a.name} ${a.message}`] : []));

test('+sdown only after down-after-milliseconds without a valid reply, -sdown when it answers again', () => {
  const { st, m, clock } = setup();
  assert.deepEqual(events(run(st, clock, 3000)), []);
  const down = events(run(st, clock, 900, () => true));
  assert.ok(!down.some((e) => e.startsWith('+sdown')), 'not yet');
  const later = events(run(st, clock, 1500, () => true));
  assert.ok(later.includes('+sdown master mymaster 127.0.0.1 6000'), later.join('|'));
  assert.ok(m.sDown);
  const back = events(run(st, clock, 1500));
  assert.ok(back.includes('-sdown master mymaster 127.0.0.1 6000'));
});

test('TILT: a stalled process does not declare a healthy master down, and answers "not down" while in TILT', () => {
  const { st, m, clock } = setup();
  run(st, clock, 2000);
  // A ping goes out, then the process stalls for 5 s (no timer, no reply processed).
  clock.advance(500);
  sentinelTick(st, clock.nowMs(), clock.monoMs(), rnd);
  m.actPingMs = clock.nowMs();
  clock.advance(5000);
  const acts = sentinelTick(st, clock.nowMs(), clock.monoMs(), rnd);
  assert.ok(events(acts).includes('+tilt #tilt mode entered'));
  assert.ok(!events(acts).some((e) => e.startsWith('+sdown')), 'no +sdown in the stalled tick');
  assert.equal(st.tilt, true);
  m.sDown = true; // even if it were down, a Sentinel in TILT answers 0
  assert.equal(answerIsMasterDown(st, m, 0, '*', clock.nowMs(), rnd, [])[0], 0);
  m.sDown = false;
  const during = events(run(st, clock, 29000));
  assert.ok(!during.some((e) => e.startsWith('+sdown')));
  const after = events(run(st, clock, 1500));
  assert.ok(after.includes('-tilt #tilt mode exited'));
  assert.equal(st.tilt, false);
});

test('TILT also on a backwards wall-clock jump', () => {
  const { st, clock } = setup();
  run(st, clock, 500);
  clock.jumpWall(-10000);
  assert.ok(events(sentinelTick(st, clock.nowMs(), clock.monoMs(), rnd)).includes('+tilt #tilt mode entered'));
});

test('leader election needs a majority of all Sentinels and the quorum', () => {
  const { st, m, clock } = setup(2);
  const b = newSentinelPeer(m, 'b'.repeat(40), '127.0.0.1', 26001, 0);
  const c = newSentinelPeer(m, 'c'.repeat(40), '127.0.0.1', 26002, 0);
  m.sentinels.set(b.name, b);
  m.sentinels.set(c.name, c);
  st.currentEpoch = 1;
  assert.equal(getLeader(st, m, 1, clock.nowMs(), rnd, []), null, 'only my own vote: 1 of 3');
  b.leader = MY_ID;
  b.leaderEpoch = 1;
  assert.equal(getLeader(st, m, 1, clock.nowMs(), rnd, []), MY_ID);
  // A vote request in a new epoch is granted once per epoch.
  const out: Action[] = [];
  assert.deepEqual(answerIsMasterDown(st, m, 2, c.name, clock.nowMs(), rnd, out), [0, c.name, 2]);
  assert.deepEqual(answerIsMasterDown(st, m, 2, b.name, clock.nowMs(), rnd, out), [0, c.name, 2]);
  assert.ok(events(out).includes('+new-epoch 2'));
});

test('replica selection: priority, then offset, then run id; priority 0, disconnected and stale replicas excluded', () => {
  const { st, m, clock } = setup();
  const mk = (port: number, prio: number, offset: number, runId: string): Instance => {
    const r = newReplica(m, '127.0.0.1', port, clock.nowMs());
    connect(r, clock.nowMs());
    Object.assign(r, { slavePriority: prio, slaveReplOffset: offset, runId, infoRefreshMs: clock.nowMs() });
    m.replicas.set(r.name, r);
    return r;
  };
  mk(1, 0, 999, 'z'.repeat(40));
  const b = mk(2, 100, 10, 'b'.repeat(40));
  const c = mk(3, 100, 20, 'c'.repeat(40));
  const d = mk(4, 50, 5, 'd'.repeat(40));
  assert.equal(selectReplica(st, m, clock.nowMs()), d);
  d.linkConnected = false;
  assert.equal(selectReplica(st, m, clock.nowMs()), c);
  c.slaveReplOffset = 10;
  assert.equal(selectReplica(st, m, clock.nowMs()), b, 'same offset: smaller run id');
  b.sDown = true;
  c.infoRefreshMs = 0;
  assert.equal(selectReplica(st, m, clock.nowMs()), null);
});

function replicaInfo(role: 'master' | 'slave', masterPort = 6000, linkUp = true): string {
  const base = `# Server\r\nrun_id:${'r'.repeat(40)}\r\n# Replication\r\nrole:${role}\r\n`;
  return role === 'master' ? base : base + `master_host:127.0.0.1\r\nmaster_port:${masterPort}\r\nmaster_link_status:${linkUp ? 'up' : 'down'}\r\nslave_priority:100\r\nslave_repl_offset:100\r\n`;
}

test('the whole failover state machine, driven by simulated INFO replies', () => {
  const { st, m, clock } = setup(1);
  observeInfo(st, m, `run_id:${'m'.repeat(40)}\r\nrole:master\r\nslave0:ip=127.0.0.1,port=6001,state=online,offset=1,lag=0\r\nslave1:ip=127.0.0.1,port=6002,state=online,offset=1,lag=0\r\n`, clock.nowMs());
  const [r1, r2] = [...m.replicas.values()];
  r2.slavePriority = 10;
  for (const r of [r1, r2]) {
    connect(r, clock.nowMs());
    observeInfo(st, r, replicaInfo('slave'), clock.nowMs());
  }
  r1.slavePriority = 100;
  observeInfo(st, r2, replicaInfo('slave').replace('slave_priority:100', 'slave_priority:10'), clock.nowMs());
  const acts = run(st, clock, 2600, (i) => i === m);
  const ev = events(acts);
  for (const e of ['+sdown master', '+odown master mymaster 127.0.0.1 6000 #quorum 1/1', '+new-epoch 1', '+try-failover', '+elected-leader', '+selected-slave slave 127.0.0.1:6002', '+failover-state-wait-promotion']) {
    assert.ok(ev.some((x) => x.startsWith(e)), `${e} in ${ev.join('|')}`);
  }
  const promote = acts.find((a) => a.type === 'slaveof');
  assert.ok(promote && promote.type === 'slaveof' && promote.inst === r2 && promote.host === null);
  const ev2 = events(observeInfo(st, r2, replicaInfo('master'), clock.nowMs()));
  assert.deepEqual(ev2.filter((e) => e.startsWith('+')), ['+promoted-slave slave 127.0.0.1:6002 127.0.0.1 6002 @ mymaster 127.0.0.1 6000', '+failover-state-reconf-slaves master mymaster 127.0.0.1 6000']);
  assert.equal(m.configEpoch, 1);
  const acts3 = run(st, clock, 200, (i) => i === m);
  assert.ok(acts3.some((a) => a.type === 'slaveof' && a.inst === r1 && a.port === 6002));
  assert.ok(events(observeInfo(st, r1, replicaInfo('slave', 6002, false), clock.nowMs())).some((e) => e.startsWith('+slave-reconf-inprog')));
  assert.ok(events(observeInfo(st, r1, replicaInfo('slave', 6002, true), clock.nowMs())).some((e) => e.startsWith('+slave-reconf-done')));
  const ev4 = events(run(st, clock, 300, (i) => i === m));
  const end = ev4.indexOf('+failover-end master mymaster 127.0.0.1 6000');
  const sw = ev4.indexOf('+switch-master mymaster 127.0.0.1 6000 127.0.0.1 6002');
  assert.ok(end >= 0 && sw > end, ev4.join('|'));
  assert.deepEqual([m.addr.host, m.addr.port], ['127.0.0.1', 6002]);
  assert.deepEqual([...m.replicas.keys()].sort(), ['127.0.0.1:6000', '127.0.0.1:6001']);
  assert.equal(m.failoverState, 'none');
});

test('a returning old master: -sdown is logged first, then it is demoted at once (INFO asked right after -sdown)', () => {
  const { st, m, clock } = setup(1);
  observeInfo(st, m, `run_id:${'m'.repeat(40)}\r\nrole:master\r\nslave0:ip=127.0.0.1,port=6001,state=online,offset=1,lag=0\r\n`, clock.nowMs());
  const [old] = [...m.replicas.values()];
  connect(old, clock.nowMs());
  run(st, clock, 3000, (i) => i === old);
  assert.ok(old.sDown, 'the old master is +sdown as a replica');
  observeInfo(st, m, `run_id:${'m'.repeat(40)}\r\nrole:master\r\n`, clock.nowMs());
  // It answers again: the INFO comes before the PONG is seen by a tick, and still says master.
  const first = observeInfo(st, old, replicaInfo('master'), clock.nowMs());
  assert.deepEqual(events(first), ['-role-change slave 127.0.0.1:6001 127.0.0.1 6001 @ mymaster 127.0.0.1 6000 new reported role is master'], 'no +convert-to-slave while still +sdown');
  onPingReply(old, 'PONG', clock.nowMs());
  clock.advance(100);
  const tick = sentinelTick(st, clock.nowMs(), clock.monoMs(), rnd);
  assert.ok(events(tick).includes('-sdown slave 127.0.0.1:6001 127.0.0.1 6001 @ mymaster 127.0.0.1 6000'), events(tick).join('|'));
  assert.ok(tick.some((a) => a.type === 'info' && a.inst === old), 'INFO asked at once');
  const second = observeInfo(st, old, replicaInfo('master'), clock.nowMs());
  assert.deepEqual(events(second), ['+convert-to-slave slave 127.0.0.1:6001 127.0.0.1 6001 @ mymaster 127.0.0.1 6000']);
  assert.ok(second.some((a) => a.type === 'slaveof' && a.inst === old && a.port === 6000));
});
