/**
 * Sentinel deployments over REDOUBT data nodes (redoubt-server master + replicas), or over real redis-server
 * nodes, with any mix of Redoubt and real Sentinels: the shared pieces of redoubt-nodes*.test.ts and
 * mixed*.test.ts. Sentinels come from deploy.ts (temp dir, writable sentinel.conf, events through PSUBSCRIBE).
 */
import { Redis } from 'ioredis';
import { startRealRedis, startRedoubt, type RunningServer } from '../helpers/server.js';
import { startSentinel, waitFor, masterAddr, type Deployment, type SentinelOptions, type SentinelProc } from './deploy.js';

export type NodeKind = 'redoubt' | 'redis';

/** Starts one data node of `kind`; `at` restarts a node on the same port and dir. */
export function startNode(kind: NodeKind, args: string[], at: { port?: number; dir?: string } = {}): Promise<RunningServer> {
  const base = ['--repl-diskless-sync-delay', '0', ...args];
  return kind === 'redoubt' ? startRedoubt(base, at) : startRealRedis(base, at);
}

export function passOf(args: string[]): string | undefined {
  const i = args.indexOf('--requirepass');
  return i >= 0 ? args[i + 1] : undefined;
}

/** A master and `n` replicas of `kind`, returned once every replica is online on the master. */
export async function startNodesOf(kind: NodeKind, n: number, args: string[] = []): Promise<{ master: RunningServer; replicas: RunningServer[] }> {
  const master = await startNode(kind, args);
  const replicas: RunningServer[] = [];
  for (let i = 0; i < n; i++) replicas.push(await startNode(kind, [...args, '--replicaof', '127.0.0.1', String(master.port)]));
  const c = new Redis({ port: master.port, password: passOf(args) });
  c.on('error', () => {});
  try {
    await waitFor(async () => ((await c.info('replication')).match(/state=online/g) ?? []).length === n, 10000, 'replicas to sync');
  } finally {
    c.disconnect();
  }
  return { master, replicas };
}

export interface DeployOptions extends SentinelOptions {
  nodes?: NodeKind;
  kinds?: NodeKind[];
  nodeArgs?: string[];
}

/** 1 master + 2 replicas of `o.nodes` and `nSentinels` Sentinels (kinds[i] or kind). */
export async function deployOver(nSentinels: number, o: DeployOptions = {}): Promise<Deployment> {
  const nodeArgs = o.nodeArgs ?? [];
  const { master, replicas } = await startNodesOf(o.nodes ?? 'redoubt', 2, nodeArgs);
  const sentinels: SentinelProc[] = [];
  const extra: RunningServer[] = [];
  const stop = async (): Promise<void> => {
    for (const s of sentinels) {
      s.client.disconnect();
      s.sub.disconnect();
      await s.stop();
    }
    for (const r of [master, ...replicas, ...extra]) await r.stop();
  };
  try {
    for (let i = 0; i < nSentinels; i++) sentinels.push(await startSentinel(master.port, { ...o, kind: o.kinds?.[i] ?? o.kind }));
  } catch (e) {
    await stop();
    throw e;
  }
  return { master, replicas, sentinels, nodeArgs, stop, extra } as Deployment & { extra: RunningServer[] };
}

/** Registers a restarted node so that the deployment's stop() also stops it. */
export function adopt(d: Deployment, node: RunningServer): RunningServer {
  (d as Deployment & { extra: RunningServer[] }).extra.push(node);
  return node;
}

/** Waits until every Sentinel reports a master other than oldPort; returns the new master's port. */
export async function waitSwitched(d: Deployment, oldPort: number, ms = 20000): Promise<number> {
  await waitFor(async () => {
    for (const s of d.sentinels) {
      const a = await masterAddr(s);
      if (a === '' || a === `127.0.0.1:${oldPort}`) return false;
    }
    return true;
  }, ms, 'all sentinels to switch');
  return Number((await masterAddr(d.sentinels[0])).split(':')[1]);
}

/** Event names in the order a Sentinel LOGGED them (its stdout), e.g. `+sdown`, `+failover-end`. */
export function loggedEvents(s: SentinelProc): string[] {
  const out: string[] = [];
  for (const line of s.output().split('\n')) {
    const m = /^\d+:X \d+ \w+ \d+ [\d:.]+ [#*.-] ([+-][a-z-]+) /.exec(line);
    if (m) out.push(m[1]);
  }
  return out;
}

/** The events a leader must log for one failover, in Redis's order. */
export const FAILOVER_SEQUENCE = [
  '+sdown', '+odown', '+new-epoch', '+try-failover', '+vote-for-leader', '+elected-leader',
  '+failover-state-select-slave', '+selected-slave', '+failover-state-send-slaveof-noone', '+failover-state-wait-promotion',
  '+promoted-slave', '+failover-state-reconf-slaves', '+slave-reconf-sent', '+slave-reconf-inprog', '+slave-reconf-done',
  '+failover-end', '+switch-master',
];

/** INFO replication of a node as a field map. */
export async function replInfo(port: number, password?: string): Promise<Record<string, string>> {
  const c = new Redis({ port, password, maxRetriesPerRequest: 1 });
  c.on('error', () => {});
  try {
    const text = (await c.info('replication')) + (await c.info('stats'));
    const out: Record<string, string> = {};
    for (const l of text.split('\r\n')) {
      const i = l.indexOf(':');
      if (i > 0) out[l.slice(0, i)] = l.slice(i + 1);
    }
    return out;
  } finally {
    c.disconnect();
  }
}

/** GET key on a node (null on error). */
export async function getOn(port: number, key: string, password?: string): Promise<string | null> {
  const c = new Redis({ port, password, maxRetriesPerRequest: 1 });
  c.on('error', () => {});
  try {
    return await c.get(key);
  } catch {
    return null;
  } finally {
    c.disconnect();
  }
}

/** Dumps every Sentinel's events, for assertion messages. */
export function eventDump(d: Deployment): string {
  return d.sentinels.map((s) => `[${s.kind}:${s.port}]\n` + s.events.map((e) => `${e.channel} ${e.message}`).join('\n')).join('\n\n');
}
