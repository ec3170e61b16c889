/**
 * The commands a Sentinel accepts: SENTINEL <subcommand> with Redis 7.0's reply shapes (instances are
 * field/value arrays in RESP2 and maps in RESP3, every value a bulk string), plus Sentinel's own ROLE,
 * HELLO (no role field), PUBLISH (hello messages only) and the INFO sentinel section.
 */
import type { Client } from '../server/client.js';
import { cmd, container, type CommandSpec } from '../commands/spec.js';
import { globMatch, parseLong } from '../commands/util.js';
import { E } from '../server/errors.js';
import { isIP } from 'node:net';
import type { Sentinel } from './sentinel.js';
import { HELLO_CHANNEL } from './sentinel.js';
import { answerIsMasterDown, ckquorum } from './election.js';
import { selectReplica, startFailover } from './failover.js';
import { resetMaster } from './monitor.js';
import { instEvent, rawEvent, type Action } from './events.js';
import { currentMasterAddr, flagsString, hostnameAddr, newMaster, sameAddr, type Addr, type Instance, type MasterState, type FailoverState } from './state.js';
import { blockClient, blockedState, unblockClient, type BlockHandler } from '../server/blocking.js';
import { lookupHost } from './resolve.js';
import { applySentinelDirective, isExecutable } from './sentinel-config.js';
import { debugCommand, sentinelConfigCommand, simulateFailure, SENTINEL_HELP } from './sentinel-commands-extra.js';

export const NO_SUCH_MASTER = 'ERR No such master with that name';

export function sentinelOf(c: Client): Sentinel {
  return c.server.modules.get('sentinel') as Sentinel;
}

function masterOrReply(c: Client, name: string): MasterState | null {
  const m = sentinelOf(c).st.masters.get(name);
  if (m === undefined) c.addError(NO_SUCH_MASTER);
  return m ?? null;
}

const FAILOVER_STATE_NAMES: Record<FailoverState, string> = {
  'none': 'none', 'wait-start': 'wait_start', 'select-slave': 'select_slave', 'send-slaveof-noone': 'send_slaveof_noone',
  'wait-promotion': 'wait_promotion', 'reconf-slaves': 'reconf_slaves', 'update-config': 'update_config',
};

/** The field/value list SENTINEL MASTER(S)/REPLICAS/SENTINELS print for one instance. */
export function instanceFields(i: Instance, now: number): [string, string][] {
  const f: [string, string][] = [
    ['name', i.name], ['ip', i.addr.host], ['port', String(i.addr.port)], ['runid', i.runId ?? ''],
    ['flags', flagsString(i)], ['link-pending-commands', String(i.linkPending)], ['link-refcount', '1'],
  ];
  const m = i.kind === 'master' ? (i as MasterState) : null;
  if (m !== null && m.failoverState !== 'none') f.push(['failover-state', FAILOVER_STATE_NAMES[m.failoverState]]);
  f.push(['last-ping-sent', String(i.actPingMs ? now - i.actPingMs : 0)]);
  f.push(['last-ok-ping-reply', String(now - i.lastAvailMs)], ['last-ping-reply', String(now - i.lastPongMs)]);
  if (i.sDown) f.push(['s-down-time', String(now - i.sDownSinceMs)]);
  if (i.oDown) f.push(['o-down-time', String(now - i.oDownSinceMs)]);
  f.push(['down-after-milliseconds', String(i.downAfterMs)]);
  if (i.kind !== 'sentinel') {
    f.push(['info-refresh', String(i.infoRefreshMs ? now - i.infoRefreshMs : 0)]);
    f.push(['role-reported', i.roleReported], ['role-reported-time', String(now - i.roleReportedMs)]);
  }
  if (m !== null) {
    f.push(['config-epoch', String(m.configEpoch)], ['num-slaves', String(m.replicas.size)], ['num-other-sentinels', String(m.sentinels.size)]);
    f.push(['quorum', String(m.quorum)], ['failover-timeout', String(m.failoverTimeoutMs)], ['parallel-syncs', String(m.parallelSyncs)]);
    if (m.notificationScript) f.push(['notification-script', m.notificationScript]);
    if (m.clientReconfigScript) f.push(['client-reconfig-script', m.clientReconfigScript]);
  } else if (i.kind === 'slave') {
    f.push(['master-link-down-time', String(i.masterLinkDownMs)], ['master-link-status', i.slaveMasterLinkUp ? 'ok' : 'err']);
    f.push(['master-host', i.slaveMasterHost ?? '?'], ['master-port', String(i.slaveMasterPort)]);
    f.push(['slave-priority', String(i.slavePriority)], ['slave-repl-offset', String(i.slaveReplOffset)], ['replica-announced', i.replicaAnnounced ? '1' : '0']);
  } else {
    f.push(['last-hello-message', String(i.lastHelloMs ? now - i.lastHelloMs : 0)]);
    f.push(['voted-leader', i.leader ?? '?'], ['voted-leader-epoch', String(i.leaderEpoch)]);
  }
  return f;
}

export function addInstance(c: Client, i: Instance): void {
  const f = instanceFields(i, c.server.clock.nowMs());
  c.addMapLen(f.length);
  for (const [k, v] of f) {
    c.addBulk(k);
    c.addBulk(v);
  }
}

function addInstances(c: Client, list: Iterable<Instance>): void {
  const arr = [...list];
  c.addArrayLen(arr.length);
  for (const i of arr) addInstance(c, i);
}

function getMasterAddr(c: Client, argv: string[]): void {
  const m = sentinelOf(c).st.masters.get(argv[2]);
  if (m === undefined) return c.addNullArray();
  const a = currentMasterAddr(m);
  c.addArrayLen(2);
  c.addBulk(a.host);
  c.addBulk(String(a.port));
}

function isMasterDownByAddr(c: Client, argv: string[]): void {
  const s = sentinelOf(c);
  const port = parseLong(argv[3]);
  const epoch = parseLong(argv[4]);
  if (port === null || epoch === null) return c.addError(E.NOT_INTEGER);
  let master: MasterState | null = null;
  for (const m of s.st.masters.values()) if (sameAddr(m.addr, argv[2], port)) master = m;
  const out: Action[] = [];
  const [down, leader, leaderEpoch] = answerIsMasterDown(s.st, master, epoch, argv[5], s.now(), c.server.random, out);
  s.run(out);
  c.addArrayLen(3);
  c.addInt(down);
  c.addBulk(leader);
  c.addInt(leaderEpoch);
}

function failoverCmd(c: Client, argv: string[]): void {
  const s = sentinelOf(c);
  const m = masterOrReply(c, argv[2]);
  if (m === null) return;
  if (m.inFailover) return c.addError('INPROG Failover already in progress');
  if (selectReplica(s.st, m, s.now()) === null) return c.addError('NOGOODSLAVE No suitable replica to promote');
  c.server.log.warning(`Executing user requested FAILOVER of '${m.name}'`);
  const out: Action[] = [];
  startFailover(s.st, m, s.now(), c.server.random, out);
  m.forceFailover = true;
  s.run(out);
  c.addOK();
}

const INVALID_HOST = 'ERR Invalid IP address or hostname specified';

/** A client parked while SENTINEL MONITOR resolves its hostname (CLIENT UNBLOCK answers as a failed lookup). */
const RESOLVING: BlockHandler = {
  serve: () => false,
  timeout: (c) => c.addError(INVALID_HOST),
};

/**
 * SENTINEL MONITOR, checking in Redis's order: quorum, port, quorum range, address (a hostname only with
 * resolve-hostnames yes, looked up while this client waits), port range, name.
 */
function monitorCmd(c: Client, argv: string[]): void {
  const s = sentinelOf(c);
  const quorum = parseLong(argv[5]);
  if (quorum === null) return c.addError('ERR Invalid quorum');
  const port = parseLong(argv[4]);
  if (port === null) return c.addError('ERR Invalid port');
  if (quorum <= 0) return c.addError('ERR Quorum must be 1 or greater.');
  const host = argv[3];
  if (isIP(host) !== 0) return addMonitored(c, argv[2], { host, port }, quorum);
  if (!s.st.resolveHostnames) return c.addError(INVALID_HOST);
  blockClient(c, [], 0, RESOLVING, null);
  const parked = blockedState(c);
  void lookupHost(host).then((ip) => {
    if (c.closed || blockedState(c) !== parked) return;
    if (ip === null) c.addError(INVALID_HOST);
    else addMonitored(c, argv[2], hostnameAddr(host, ip, port, s.st.announceHostnames), quorum);
    unblockClient(c);
  });
}

function addMonitored(c: Client, name: string, addr: Addr, quorum: number): void {
  const s = sentinelOf(c);
  if (addr.port < 0 || addr.port > 65535) return c.addError('ERR Invalid port number.');
  if (s.st.masters.has(name)) return c.addError('ERR Duplicate master name.');
  const m = newMaster(name, addr, quorum, s.st.timing, s.now());
  s.st.masters.set(m.name, m);
  const out: Action[] = [{ type: 'save-config' }];
  instEvent(out, 'warning', '+monitor', m, ` quorum ${m.quorum}`);
  s.run(out);
  c.addOK();
}

function removeCmd(c: Client, argv: string[]): void {
  const s = sentinelOf(c);
  const m = masterOrReply(c, argv[2]);
  if (m === null) return;
  const out: Action[] = [];
  instEvent(out, 'warning', '-monitor', m);
  s.st.masters.delete(m.name);
  out.push({ type: 'save-config' });
  s.run(out);
  c.addOK();
}

function resetCmd(c: Client, argv: string[]): void {
  const s = sentinelOf(c);
  let n = 0;
  const out: Action[] = [];
  for (const m of s.st.masters.values()) {
    if (!globMatch(argv[2], m.name, false)) continue;
    out.push({ type: 'master-reset', master: m });
    resetMaster(m, s.now());
    m.sentinels = new Map();
    instEvent(out, 'warning', '+reset-master', m);
    n++;
  }
  if (n > 0) out.push({ type: 'save-config' });
  s.run(out);
  c.addInt(n);
}

function infoCacheCmd(c: Client, argv: string[]): void {
  const s = sentinelOf(c);
  const names = argv.slice(2);
  const masters = [...s.st.masters.values()].filter((m) => names.length === 0 || names.includes(m.name));
  const now = s.now();
  c.addArrayLen(masters.length * 2);
  for (const m of masters) {
    c.addBulk(m.name);
    const all: Instance[] = [m, ...m.replicas.values()];
    c.addArrayLen(all.length);
    for (const i of all) {
      c.addArrayLen(2);
      c.addInt(i.infoRefreshMs ? now - i.infoRefreshMs : 0);
      if (i.info) c.addBulk(i.info);
      else c.addNull();
    }
  }
}

function pendingScriptsCmd(c: Client): void {
  const s = sentinelOf(c);
  const now = s.now();
  c.addArrayLen(s.scripts.queue.length);
  for (const j of s.scripts.queue) {
    c.addMapLen(5);
    c.addBulk('argv');
    c.addArrayLen(j.argv.length);
    for (const a of j.argv) c.addBulk(a);
    c.addBulk('flags');
    c.addBulk(j.running ? 'running' : 'scheduled');
    c.addBulk('pid');
    c.addBulk(String(j.pid));
    c.addBulk(j.running ? 'run-time' : 'run-delay');
    c.addBulk(String(j.running ? now - j.startMs : Math.max(0, j.notBeforeMs - now)));
    c.addBulk('retry-num');
    c.addBulk(String(j.retryNum));
  }
}

const SET_TIME_OPTIONS: Record<string, string> = {
  'down-after-milliseconds': 'down-after-milliseconds', 'failover-timeout': 'failover-timeout',
  'master-reboot-down-after-period': 'master-reboot-down-after-period',
};

function setCmd(c: Client, argv: string[]): void {
  const s = sentinelOf(c);
  const m = masterOrReply(c, argv[2]);
  if (m === null) return;
  const out: Action[] = [];
  for (let i = 3; i < argv.length; i += 2) {
    const opt = argv[i].toLowerCase();
    if (i + 1 >= argv.length) return c.addError(`ERR Unknown option or number of arguments for SENTINEL SET '${argv[i]}'`);
    const val = argv[i + 1];
    const bad = (): void => c.addError(`ERR Invalid argument '${val}' for SENTINEL SET '${argv[i]}'`);
    if (opt in SET_TIME_OPTIONS || opt === 'parallel-syncs' || opt === 'quorum') {
      const n = parseLong(val);
      if (n === null || n < 0 || (n === 0 && opt !== 'parallel-syncs' && opt !== 'master-reboot-down-after-period')) return bad();
      if (opt === 'quorum') m.quorum = n;
      else if (opt === 'parallel-syncs') m.parallelSyncs = n;
      else applySentinelDirective(s.st, [opt, m.name, String(n)], s.now());
    } else if (opt === 'notification-script' || opt === 'client-reconfig-script') {
      if (s.st.denyScriptsReconfig) return c.addError('ERR Reconfiguration of scripts path is denied for security reasons. Check the deny-scripts-reconfig configuration directive in your Sentinel configuration');
      if (val !== '' && !isExecutable(val)) return c.addError('ERR Notification script seems non existing or non executable');
      if (opt === 'notification-script') m.notificationScript = val;
      else m.clientReconfigScript = val;
    } else if (opt === 'auth-pass') m.authPass = val;
    else if (opt === 'auth-user') m.authUser = val;
    else if (opt === 'rename-command' && i + 2 < argv.length) i++;
    else return c.addError(`ERR Unknown option or number of arguments for SENTINEL SET '${argv[i]}'`);
    instEvent(out, 'warning', '+set', m, ` ${argv[i]} ${opt === 'auth-pass' ? '******' : val}`);
  }
  out.push({ type: 'save-config' });
  s.run(out);
  c.addOK();
}

const SUB = 'admin sentinel only_sentinel';
const sub = (name: string, arity: number, h: (c: Client, argv: string[]) => void): CommandSpec =>
  cmd(name, arity, SUB, [0, 0, 0], 'sentinel', h, { since: '2.8.4' });

export const sentinelSubcommands: CommandSpec[] = [
  sub('masters', 2, (c) => addInstances(c, sentinelOf(c).st.masters.values())),
  sub('master', 3, (c, a) => {
    const m = masterOrReply(c, a[2]);
    if (m) addInstance(c, m);
  }),
  sub('replicas', 3, (c, a) => {
    const m = masterOrReply(c, a[2]);
    if (m) addInstances(c, m.replicas.values());
  }),
  sub('slaves', 3, (c, a) => {
    const m = masterOrReply(c, a[2]);
    if (m) addInstances(c, m.replicas.values());
  }),
  sub('sentinels', 3, (c, a) => {
    const m = masterOrReply(c, a[2]);
    if (m) addInstances(c, m.sentinels.values());
  }),
  sub('get-master-addr-by-name', 3, getMasterAddr),
  sub('is-master-down-by-addr', 6, isMasterDownByAddr),
  sub('reset', 3, resetCmd),
  sub('failover', 3, failoverCmd),
  sub('ckquorum', 3, (c, a) => {
    const m = masterOrReply(c, a[2]);
    if (m === null) return;
    const r = ckquorum(m);
    if (r.ok) c.addSimple(r.text);
    else c.addError(r.text);
  }),
  sub('flushconfig', 2, (c) => {
    sentinelOf(c).flushConfig();
    c.addOK();
  }),
  sub('monitor', 6, monitorCmd),
  sub('remove', 3, removeCmd),
  sub('set', -5, setCmd),
  sub('config', -3, sentinelConfigCommand),
  sub('info-cache', -3, infoCacheCmd),
  sub('myid', 2, (c) => c.addBulk(sentinelOf(c).st.myId)),
  sub('simulate-failure', -3, simulateFailure),
  sub('pending-scripts', 2, pendingScriptsCmd),
  sub('debug', -2, debugCommand),
  sub('help', 2, (c) => {
    c.addArrayLen(SENTINEL_HELP.length);
    for (const l of SENTINEL_HELP) c.addSimple(l);
  }),
];

function role(c: Client): void {
  const s = sentinelOf(c);
  c.addArrayLen(2);
  c.addBulk('sentinel');
  c.addArrayLen(s.st.masters.size);
  for (const m of s.st.masters.values()) c.addBulk(m.name);
}

function publishCmd(c: Client, argv: string[]): void {
  if (argv[1] !== HELLO_CHANNEL) return c.addError('ERR Only HELLO messages are accepted by Sentinel instances.');
  sentinelOf(c).receiveHello(argv[2]);
  c.addInt(1);
}

export const sentinelCommands: CommandSpec[] = [
  container('sentinel', 'sentinel', sentinelSubcommands, { since: '2.8.4', flags: ['admin', 'sentinel', 'only_sentinel'] }),
  cmd('role', 1, 'noscript loading stale fast sentinel', [0, 0, 0], 'server', role, { since: '2.8.12' }),
  cmd('publish', 3, 'pubsub loading stale fast may_replicate sentinel', [0, 0, 0], 'pubsub', publishCmd, { since: '2.0.0' }),
];

/** The INFO sentinel section. */
export function sentinelInfoLines(s: Sentinel): string[] {
  const st = s.st;
  const lines = [
    `sentinel_masters:${st.masters.size}`,
    `sentinel_tilt:${st.tilt ? 1 : 0}`,
    `sentinel_tilt_since_seconds:${st.tilt ? Math.floor((s.now() - st.tiltStartMs) / 1000) : -1}`,
    `sentinel_running_scripts:${s.scripts.running}`,
    `sentinel_scripts_queue_length:${s.scripts.queue.length}`,
    `sentinel_simulate_failure_flags:${st.simFailureFlags}`,
  ];
  let i = 0;
  for (const m of st.masters.values()) {
    const status = m.oDown ? 'odown' : m.sDown ? 'sdown' : 'ok';
    const a = currentMasterAddr(m);
    lines.push(`master${i++}:name=${m.name},status=${status},address=${a.host}:${a.port},slaves=${m.replicas.size},sentinels=${m.sentinels.size + 1}`);
  }
  return lines;
}

