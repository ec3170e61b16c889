/**
 * FAILOVER (coordinated failover, Redis 6.2+): the master pauses writes, waits until a replica (the TO
 * target, or the first one) has acknowledged the whole stream, then turns itself into a replica of it and
 * asks it to take over with `PSYNC <replid> <offset> FAILOVER`. The target promotes itself on that request.
 * TIMEOUT aborts (or with FORCE, fails over anyway); ABORT cancels while waiting.
 */
import type { Server } from '../server/server.js';
import type { Client } from '../server/client.js';
import { E } from '../server/errors.js';
import { isKeyword, parseLong } from '../commands/util.js';
import { pauseOf } from '../server/pause.js';
import { replicationOf } from './state.js';
import { replicaIp } from './master-side.js';

export type FailoverState = 'no-failover' | 'waiting-for-sync' | 'failover-in-progress';

export interface Failover {
  state: FailoverState;
  host: string;
  port: number;
  force: boolean;
  deadlineMs: number;
}

export function failoverOf(server: Server): Failover {
  let f = server.modules.get('failover') as Failover | undefined;
  if (!f) {
    f = { state: 'no-failover', host: '', port: 0, force: false, deadlineMs: 0 };
    server.modules.set('failover', f);
  }
  return f;
}

const MAX_PAUSE_MS = 2 ** 31 - 2;

interface Args {
  host: string | null;
  port: number;
  force: boolean;
  abort: boolean;
  timeoutMs: number;
}

function parseArgs(argv: string[]): Args | string {
  const a: Args = { host: null, port: 0, force: false, abort: false, timeoutMs: 0 };
  // As Redis: ABORT is only recognised alone; with other arguments it is a syntax error.
  if (argv.length === 2 && isKeyword(argv[1], 'ABORT')) {
    a.abort = true;
    return a;
  }
  for (let i = 1; i < argv.length; i++) {
    if (isKeyword(argv[i], 'TO') && i + 2 < argv.length && a.host === null) {
      const port = parseLong(argv[i + 2]);
      if (port === null) return E.NOT_INTEGER;
      a.host = argv[i + 1];
      a.port = port;
      i += 2;
    } else if (isKeyword(argv[i], 'TIMEOUT') && i + 1 < argv.length && a.timeoutMs === 0) {
      const t = parseLong(argv[i + 1]);
      if (t === null) return E.NOT_INTEGER;
      if (t <= 0) return 'ERR FAILOVER timeout must be greater than 0';
      a.timeoutMs = t;
      i += 1;
    } else if (isKeyword(argv[i], 'FORCE') && !a.force) {
      a.force = true;
    } else {
      return E.SYNTAX;
    }
  }
  return a;
}

export function failoverCommand(c: Client, argv: string[]): void {
  const server = c.server;
  const f = failoverOf(server);
  const a = parseArgs(argv);
  if (typeof a === 'string') return c.addError(a);
  if (a.abort) {
    if (f.state === 'no-failover') return c.addError('ERR No failover in progress.');
    abortFailover(server, 'Failover manually aborted');
    return c.addOK();
  }
  if (server.isReplica) return c.addError('ERR FAILOVER is not valid when server is a replica.');
  if (server.settings.clusterEnabled) return c.addError('ERR FAILOVER not allowed in cluster mode.');
  const st = replicationOf(server);
  if (st.replicas.size === 0) return c.addError('ERR FAILOVER requires connected replicas.');
  if (f.state !== 'no-failover') return c.addError('ERR FAILOVER already in progress.');
  if (a.force && (a.host === null || a.timeoutMs === 0)) return c.addError('ERR FAILOVER with force option requires both a timeout and target HOST and IP.');
  if (a.host !== null) {
    const target = [...st.replicas.values()].find((l) => replicaIp(l) === a.host && l.listeningPort === a.port);
    if (!target || target.state !== 'online') return c.addError('ERR FAILOVER target HOST and PORT is not a replica.');
  }
  f.state = 'waiting-for-sync';
  f.host = a.host ?? '';
  f.port = a.port;
  f.force = a.force;
  f.deadlineMs = a.timeoutMs ? Date.now() + a.timeoutMs : 0;
  // Until the failover ends (a finite time: the pause arms a timer, and Node's timers stop at 2^31-1 ms).
  pauseOf(server).pause('failover', 'write', Date.now() + MAX_PAUSE_MS);
  server.log.notice(a.host ? `FAILOVER requested to ${a.host}:${a.port}.` : 'FAILOVER requested to any replica.');
  server.propagate(st.selectedDb < 0 ? 0 : st.selectedDb, ['REPLCONF', 'GETACK', '*']);
  c.addOK();
  failoverCron(server);
}

export function abortFailover(server: Server, why: string): void {
  const f = failoverOf(server);
  if (f.state === 'no-failover') return;
  server.log.notice(f.host ? `FAILOVER to ${f.host}:${f.port} aborted: ${why}` : `FAILOVER to any replica aborted: ${why}`);
  if (f.state === 'failover-in-progress') {
    const demote = server.modules.get('failover-revert') as (() => void) | undefined;
    demote?.();
  }
  endFailover(server);
}

export function endFailover(server: Server): void {
  const f = failoverOf(server);
  f.state = 'no-failover';
  f.host = '';
  f.port = 0;
  pauseOf(server).unpause('failover');
}

/** Progress checks: target caught up -> hand over; deadline -> abort or force. */
export function failoverCron(server: Server): void {
  const f = failoverOf(server);
  if (f.state === 'no-failover') return;
  const now = Date.now();
  if (f.state === 'waiting-for-sync') {
    const st = replicationOf(server);
    let target = [...st.replicas.values()].find((l) => (f.host ? replicaIp(l) === f.host && l.listeningPort === f.port : l.ackOffset === st.offset));
    const synced = target !== undefined && target.ackOffset === st.offset;
    if (!synced && f.deadlineMs && now >= f.deadlineMs) {
      if (!f.force || !target) return abortFailover(server, 'Replica never caught up before timeout');
      target = target!;
    } else if (!synced) {
      return;
    }
    f.host = replicaIp(target!);
    f.port = target!.listeningPort;
    f.state = 'failover-in-progress';
    server.log.notice(`Failover target ${f.host}:${f.port} is synced, failing over.`);
    const begin = server.modules.get('failover-begin') as ((host: string, port: number) => void) | undefined;
    begin?.(f.host, f.port);
    f.deadlineMs = now + 10000;
    return;
  }
  if (f.state === 'failover-in-progress' && now >= f.deadlineMs) abortFailover(server, 'Failover target did not take over in time');
}
