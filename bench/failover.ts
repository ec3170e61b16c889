/**
 * Failover benchmark (issue 6): one master, two replicas and three Sentinels (quorum 2,
 * down-after-milliseconds 1000) on localhost; kill -9 the master and time until a client that polls
 * SENTINEL get-master-addr-by-name every 50 ms gets a new address AND a SET to it succeeds — what an
 * application waits for. Redoubt Sentinels + Redoubt servers against real Redis Sentinel + Redis servers,
 * a fresh deployment per run, runs alternated; plus, for information, real Redis Sentinels failing over
 * Redoubt servers (it shows whether Redoubt's replication speaks what Sentinel needs). A setup that cannot
 * run (no bin/redoubt-sentinel yet, a node that fails) is reported as "not available", never a crash.
 */
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, freePort, startProcess, tempDir, type RunningServer } from '../test/helpers/server.js';
import { aggregateElements } from '../test/helpers/resp.js';
import { infoFields, markdownTable, median, pollUntil, rawCommand, sleep, startBenchServer, type BenchModule, type BenchServer, type ServerKind } from './lib.js';

const MASTER_NAME = 'mymaster';
const DOWN_AFTER_MS = 1000;
const POLL_MS = 50;
const SENTINEL_BIN = join(ROOT, 'bin', 'redoubt-sentinel');
/** Failover time target: Redoubt at most this fraction of Redis's time. */
const TARGET = 0.8;

interface Setup {
  label: string;
  servers: ServerKind;
  sentinels: ServerKind;
  /** The figure the target applies to (Redoubt Sentinel + Redoubt servers). */
  targeted: boolean;
}

const SETUPS: Setup[] = [
  { label: 'Redoubt Sentinels + Redoubt servers', servers: 'redoubt', sentinels: 'redoubt', targeted: true },
  { label: 'Redis Sentinels + Redis servers', servers: 'redis', sentinels: 'redis', targeted: false },
  { label: 'Redis Sentinels + Redoubt servers (information)', servers: 'redoubt', sentinels: 'redis', targeted: false },
];

interface Run {
  /** From the kill until get-master-addr-by-name answers another address. */
  addressMs: number;
  /** From the kill until a SET to that address answers +OK. */
  writeMs: number;
}

interface Deployment {
  nodes: BenchServer[];
  sentinels: RunningServer[];
}

function bulks(raw: string): string[] {
  const agg = aggregateElements(raw);
  if (!agg) return [];
  return agg.elements.map((e) => e.slice(e.indexOf('\r\n') + 2, -2));
}

/** SENTINEL MASTER <name> as a field map. */
async function sentinelMaster(port: number): Promise<Record<string, string>> {
  const b = bulks(await rawCommand(port, ['SENTINEL', 'MASTER', MASTER_NAME]));
  const out: Record<string, string> = {};
  for (let i = 0; i + 1 < b.length; i += 2) out[b[i]] = b[i + 1];
  return out;
}

async function masterAddress(port: number): Promise<string | null> {
  const b = bulks(await rawCommand(port, ['SENTINEL', 'GET-MASTER-ADDR-BY-NAME', MASTER_NAME], 1000));
  return b.length === 2 ? `${b[0]}:${b[1]}` : null;
}

function sentinelConf(port: number, dir: string, masterPort: number): string {
  return [
    `port ${port}`, 'bind 127.0.0.1', `dir ${dir}`,
    `sentinel monitor ${MASTER_NAME} 127.0.0.1 ${masterPort} 2`,
    `sentinel down-after-milliseconds ${MASTER_NAME} ${DOWN_AFTER_MS}`,
    `sentinel failover-timeout ${MASTER_NAME} 30000`,
    `sentinel parallel-syncs ${MASTER_NAME} 1`, '',
  ].join('\n');
}

async function startSentinel(kind: ServerKind, masterPort: number): Promise<RunningServer> {
  const port = await freePort();
  const dir = tempDir('bench-sentinel-');
  const conf = join(dir, 'sentinel.conf');
  writeFileSync(conf, sentinelConf(port, dir, masterPort));
  if (kind === 'redis') return startProcess('redis-server', [conf, '--sentinel'], port, dir);
  return startProcess(process.execPath, [SENTINEL_BIN, conf], port, dir);
}

async function linkUp(port: number): Promise<boolean> {
  return (await infoFields(port, 'replication')).master_link_status === 'up';
}

/** Master, two replicas in sync, three Sentinels that know both replicas and each other. */
async function deploy(setup: Setup, dep: Deployment): Promise<void> {
  for (let i = 0; i < 3; i++) dep.nodes.push(await startBenchServer(setup.servers));
  const master = dep.nodes[0];
  await rawCommand(master.port, ['SET', 'bench:failover', 'before']);
  for (const r of dep.nodes.slice(1)) {
    const reply = await rawCommand(r.port, ['REPLICAOF', '127.0.0.1', String(master.port)]);
    if (!reply.startsWith('+OK')) throw new Error(`REPLICAOF: ${reply.trim() || 'no reply'}`);
  }
  for (const r of dep.nodes.slice(1)) await pollUntil('replica link up', () => linkUp(r.port), 20_000, 50);
  for (let i = 0; i < 3; i++) dep.sentinels.push(await startSentinel(setup.sentinels, master.port));
  for (const s of dep.sentinels) {
    await pollUntil('Sentinels to discover the replicas and each other', async () => {
      const m = await sentinelMaster(s.port);
      return m['num-slaves'] === '2' && m['num-other-sentinels'] === '2' && m.flags === 'master';
    }, 30_000, 100);
  }
}

/** Kills the master with SIGKILL and times the client's view of the failover. */
async function killAndTime(dep: Deployment, timeoutMs: number): Promise<Run> {
  const master = dep.nodes[0];
  const old = `127.0.0.1:${master.port}`;
  const watcher = dep.sentinels[0].port;
  const t0 = performance.now();
  master.running.proc.kill('SIGKILL');
  let addressMs = NaN;
  const writeMs = await pollUntil('a new master that accepts a write', async () => {
    const addr = await masterAddress(watcher);
    if (addr === null || addr === old) return false;
    if (Number.isNaN(addressMs)) addressMs = performance.now() - t0;
    const reply = await rawCommand(Number(addr.split(':')[1]), ['SET', 'bench:failover', 'after'], 1000);
    return reply.startsWith('+OK');
  }, timeoutMs, POLL_MS);
  return { addressMs, writeMs };
}

async function oneRun(setup: Setup, timeoutMs: number): Promise<Run> {
  const dep: Deployment = { nodes: [], sentinels: [] };
  try {
    await deploy(setup, dep);
    await sleep(200);
    return await killAndTime(dep, timeoutMs);
  } finally {
    await Promise.all([...dep.sentinels.map((s) => s.stop('SIGKILL')), ...dep.nodes.map((n) => n.stop())]);
    for (const s of dep.sentinels) rmSync(s.dir, { recursive: true, force: true });
  }
}

function message(e: unknown): string {
  return (e instanceof Error ? e.message : String(e)).replace(/\s+/g, ' ').trim().slice(0, 300);
}

export const failover: BenchModule = {
  name: 'failover',
  description: 'kill -9 of the master until a Sentinel client writes to the new one, Redoubt vs Redis Sentinel',
  async run(opts, log) {
    const runs = opts.quick ? 3 : 5;
    const timeoutMs = 60_000;
    const results = new Map<Setup, Run[]>(SETUPS.map((s) => [s, []]));
    const failed = new Map<Setup, string>();
    if (!existsSync(SENTINEL_BIN)) failed.set(SETUPS[0], 'bin/redoubt-sentinel does not exist yet');
    for (let i = 0; i < runs; i++) {
      const order = i % 2 === 0 ? SETUPS : [...SETUPS].reverse();
      for (const setup of order) {
        if (failed.has(setup)) continue;
        try {
          const r = await oneRun(setup, timeoutMs);
          results.get(setup)!.push(r);
          log(`run ${i + 1} ${setup.label}: new address after ${Math.round(r.addressMs)} ms, write OK after ${Math.round(r.writeMs)} ms`);
        } catch (e) {
          if (setup.servers === 'redis' && setup.sentinels === 'redis') throw e;
          failed.set(setup, message(e));
        }
      }
    }
    return report(results, failed, runs);
  },
};

function report(results: Map<Setup, Run[]>, failed: Map<Setup, string>, runs: number): { title: string; table: string; notes: string[] } {
  const reference = median(results.get(SETUPS[1])!.map((r) => r.writeMs));
  const rows: string[][] = [];
  const notes: string[] = [];
  for (const setup of SETUPS) {
    const rs = results.get(setup)!;
    const why = failed.get(setup);
    if (why) notes.push(`${setup.label}: not available (${why})${rs.length > 0 ? `; ${rs.length} run(s) before that` : ''}.`);
    if (rs.length === 0) {
      rows.push([setup.label, 'not available', 'n/a', 'n/a', 'n/a', setup.targeted ? `(≤ ${TARGET})` : '']);
      continue;
    }
    const write = rs.map((r) => r.writeMs);
    const ratio = median(write) / reference;
    const verdict = setup.targeted ? `${ratio <= TARGET ? 'ok' : 'ABOVE'} (≤ ${TARGET})` : '';
    rows.push([
      setup.label, String(Math.round(median(write))), `${Math.round(Math.min(...write))}–${Math.round(Math.max(...write))}`,
      String(Math.round(median(rs.map((r) => r.addressMs)))), ratio.toFixed(2), verdict,
    ]);
  }
  notes.push(`${runs} runs per setup, a fresh deployment each (master + 2 replicas + 3 Sentinels, quorum 2, down-after-milliseconds ${DOWN_AFTER_MS}), setups alternated; medians.`);
  notes.push(`Failover time = from kill -9 of the master until a client polling one Sentinel's get-master-addr-by-name every ${POLL_MS} ms gets a new address and a SET to it answers +OK; ratio against Redis Sentinels + Redis servers.`);
  const headers = ['setup', 'failover ms (median)', 'min–max ms', 'new address ms (median)', 'ratio', 'target'];
  return { title: 'Sentinel failover', table: markdownTable(headers, rows), notes };
}
