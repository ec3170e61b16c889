/**
 * Test deployments for Sentinel: a real redis-server master with replicas, and Sentinels (Redoubt's or
 * real redis-sentinel) on free ports, each with its own sentinel.conf in a temp dir. Events are collected
 * from every Sentinel through PSUBSCRIBE * so tests can assert their order.
 */
import { writeFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { freePort, startProcess, startRealRedis, tempDir, ROOT, type RunningServer } from '../helpers/server.js';

export const SENTINEL_BIN = join(ROOT, 'bin', 'redoubt-sentinel');

export interface SentinelProc extends RunningServer {
  confPath: string;
  events: { channel: string; message: string; atMs: number }[];
  client: Redis;
  sub: Redis;
  kind: 'redoubt' | 'redis';
}

export interface Deployment {
  master: RunningServer;
  replicas: RunningServer[];
  sentinels: SentinelProc[];
  nodeArgs: string[];
  stop(): Promise<void>;
}

export async function startNodes(nReplicas: number, extra: string[] = []): Promise<{ master: RunningServer; replicas: RunningServer[] }> {
  const args = ['--repl-diskless-sync-delay', '0', ...extra];
  const master = await startRealRedis(args);
  const replicas: RunningServer[] = [];
  for (let i = 0; i < nReplicas; i++) replicas.push(await startRealRedis([...args, '--replicaof', '127.0.0.1', String(master.port)]));
  const c = new Redis({ port: master.port, password: passOf(extra), lazyConnect: false });
  await waitFor(async () => ((await c.info('replication')).match(/state=online/g) ?? []).length === nReplicas, 10000, 'replicas to sync');
  c.disconnect();
  return { master, replicas };
}

function passOf(args: string[]): string | undefined {
  const i = args.indexOf('--requirepass');
  return i >= 0 ? args[i + 1] : undefined;
}

export interface SentinelOptions {
  kind?: 'redoubt' | 'redis';
  quorum?: number;
  downAfterMs?: number;
  failoverTimeoutMs?: number;
  extraConf?: string[];
  requirepass?: string;
}

export async function startSentinel(masterPort: number, o: SentinelOptions = {}): Promise<SentinelProc> {
  const port = await freePort();
  const dir = tempDir('redoubt-sentinel-');
  const confPath = join(dir, 'sentinel.conf');
  const lines = [
    `port ${port}`,
    'bind 127.0.0.1',
    `sentinel monitor mymaster 127.0.0.1 ${masterPort} ${o.quorum ?? 2}`,
    `sentinel down-after-milliseconds mymaster ${o.downAfterMs ?? 1000}`,
    `sentinel failover-timeout mymaster ${o.failoverTimeoutMs ?? 6000}`,
    ...(o.requirepass ? [`requirepass ${o.requirepass}`] : []),
    ...(o.extraConf ?? []),
  ];
  writeFileSync(confPath, lines.join('\n') + '\n');
  const kind = o.kind ?? 'redoubt';
  const proc = kind === 'redoubt'
    ? await startProcess(process.execPath, [SENTINEL_BIN, confPath], port, dir)
    : await startProcess('redis-server', [confPath, '--sentinel'], port, dir);
  const client = new Redis({ port, password: o.requirepass, maxRetriesPerRequest: 1 });
  const sub = new Redis({ port, password: o.requirepass, lazyConnect: true });
  client.on('error', () => {});
  sub.on('error', () => {});
  await sub.connect(); // ready before subscribing (ioredis races its own ready check otherwise)
  const events: SentinelProc['events'] = [];
  await sub.psubscribe('*');
  sub.on('pmessage', (_p: string, channel: string, message: string) => events.push({ channel, message, atMs: Date.now() }));
  return { ...proc, confPath, events, client, sub, kind };
}

export async function deploy(nSentinels: number, o: SentinelOptions & { kinds?: ('redoubt' | 'redis')[]; nodeArgs?: string[] } = {}): Promise<Deployment> {
  const nodeArgs = o.nodeArgs ?? [];
  const { master, replicas } = await startNodes(2, nodeArgs);
  const sentinels: SentinelProc[] = [];
  for (let i = 0; i < nSentinels; i++) sentinels.push(await startSentinel(master.port, { ...o, kind: o.kinds?.[i] ?? o.kind }));
  return {
    master,
    replicas,
    sentinels,
    nodeArgs,
    stop: async () => {
      for (const s of sentinels) {
        s.client.disconnect();
        s.sub.disconnect();
        await s.stop();
      }
      for (const r of [master, ...replicas]) await r.stop();
    },
  };
}

/** Waits until every Sentinel knows all the others (hello discovery). */
export async function waitDiscovery(d: Deployment): Promise<void> {
  const n = d.sentinels.length;
  await waitFor(async () => {
    for (const s of d.sentinels) {
      const m = (await s.client.call('SENTINEL', 'MASTER', 'mymaster')) as string[];
      if (field(m, 'num-other-sentinels') !== String(n - 1) || field(m, 'num-slaves') !== '2') return false;
      const reps = (await s.client.call('SENTINEL', 'REPLICAS', 'mymaster')) as string[][];
      if (!reps.every((r) => field(r, 'master-link-status') === 'ok' && field(r, 'flags') === 'slave')) return false;
    }
    return true;
  }, 15000, 'sentinel discovery');
}

export function field(flat: string[], name: string): string | undefined {
  for (let i = 0; i < flat.length; i += 2) if (flat[i] === name) return flat[i + 1];
  return undefined;
}

export async function waitFor(fn: () => Promise<boolean> | boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      if (await fn()) return;
    } catch {
      // not ready yet
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export async function masterAddr(s: SentinelProc): Promise<string> {
  const r = (await s.client.call('SENTINEL', 'get-master-addr-by-name', 'mymaster')) as string[] | null;
  return r ? `${r[0]}:${r[1]}` : '';
}

export function names(events: SentinelProc['events']): string[] {
  return events.map((e) => e.channel);
}

/** True if `expected` appears in `seq` in order (not necessarily adjacent). */
export function inOrder(seq: string[], expected: string[]): boolean {
  let i = 0;
  for (const s of seq) if (s === expected[i]) i++;
  return i === expected.length;
}

export function readConf(s: SentinelProc): string {
  return readFileSync(s.confPath, 'latin1');
}

export async function role(port: number, password?: string): Promise<unknown[]> {
  const c = new Redis({ port, password, maxRetriesPerRequest: 1 });
  try {
    return (await c.call('ROLE')) as unknown[];
  } finally {
    c.disconnect();
  }
}
