/**
 * `redoubt up [topology.json]` (and `npm start`): brings up a whole local deployment — one master, N replicas
 * and M Sentinels — the way the seeds' docker-compose files do, with configs and data under a working folder.
 * Logs of every instance are interleaved with a label, and Ctrl-C (or SIGTERM) stops them all.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';

export interface Topology {
  name: string;
  host: string;
  masterPort: number;
  replicas: number;
  sentinels: number;
  sentinelPort: number;
  quorum: number;
  password: string;
  downAfterMs: number;
  failoverTimeoutMs: number;
  appendonly: boolean;
  dir: string;
}

export const DEFAULT_TOPOLOGY: Topology = {
  name: 'mymaster',
  host: '127.0.0.1',
  masterPort: 6379,
  replicas: 2,
  sentinels: 3,
  sentinelPort: 26379,
  quorum: 2,
  password: '',
  downAfterMs: 5000,
  failoverTimeoutMs: 60000,
  appendonly: false,
  dir: 'redoubt-deployment',
};

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

export interface Instance {
  label: string;
  kind: 'master' | 'replica' | 'sentinel';
  port: number;
  conf: string;
}

/** Writes every instance's folder and config; returns the instances to start. */
export function writeDeployment(t: Topology): Instance[] {
  const base = resolve(t.dir);
  const out: Instance[] = [];
  const auth = t.password ? [`requirepass "${t.password}"`, `masterauth "${t.password}"`] : [];
  for (let i = 0; i <= t.replicas; i++) {
    const port = t.masterPort + i;
    const dir = join(base, `node-${port}`);
    mkdirSync(dir, { recursive: true });
    const conf = join(dir, 'redis.conf');
    if (!existsSync(conf)) {
      const lines = [`port ${port}`, `bind ${t.host}`, `dir "${dir}"`, 'dbfilename dump.rdb', `appendonly ${t.appendonly ? 'yes' : 'no'}`, ...auth];
      if (i > 0) lines.push(`replicaof ${t.host} ${t.masterPort}`);
      writeFileSync(conf, lines.join('\n') + '\n');
    }
    out.push({ label: i === 0 ? `master:${port}` : `replica:${port}`, kind: i === 0 ? 'master' : 'replica', port, conf });
  }
  for (let i = 0; i < t.sentinels; i++) {
    const port = t.sentinelPort + i;
    const dir = join(base, `sentinel-${port}`);
    mkdirSync(dir, { recursive: true });
    const conf = join(dir, 'sentinel.conf');
    if (!existsSync(conf)) {
      const lines = [
        `port ${port}`,
        `bind ${t.host}`,
        `dir "${dir}"`,
        `sentinel monitor ${t.name} ${t.host} ${t.masterPort} ${t.quorum}`,
        `sentinel down-after-milliseconds ${t.name} ${t.downAfterMs}`,
        `sentinel failover-timeout ${t.name} ${t.failoverTimeoutMs}`,
        `sentinel parallel-syncs ${t.name} 1`,
      ];
      if (t.password) lines.push(`sentinel auth-pass ${t.name} ${t.password}`);
      writeFileSync(conf, lines.join('\n') + '\n');
    }
    out.push({ label: `sentinel:${port}`, kind: 'sentinel', port, conf });
  }
  return out;
}

const COLORS = ['\x1b[36m', '\x1b[33m', '\x1b[35m', '\x1b[32m', '\x1b[34m', '\x1b[31m'];

function startInstance(inst: Instance, idx: number, color: boolean): ChildProcess {
  const bin = join(ROOT, 'bin', inst.kind === 'sentinel' ? 'redoubt-sentinel' : 'redoubt-server');
  const proc = spawn(process.execPath, [bin, inst.conf], { stdio: ['ignore', 'pipe', 'pipe'] });
  const label = color ? `${COLORS[idx % COLORS.length]}[${inst.label}]\x1b[0m` : `[${inst.label}]`;
  for (const stream of [proc.stdout, proc.stderr]) {
    if (!stream) continue;
    createInterface({ input: stream }).on('line', (l) => process.stdout.write(`${label} ${l}\n`));
  }
  proc.on('exit', (code, sig) => process.stdout.write(`${label} exited (${sig ?? code})\n`));
  return proc;
}

export function describeDeployment(t: Topology, insts: Instance[]): string {
  const a = t.password ? ` -a ${t.password}` : '';
  const lines = ['', `Redoubt deployment "${t.name}" (folder ${resolve(t.dir)}):`];
  for (const i of insts) lines.push(`  ${i.label.padEnd(16)} ${t.host}:${i.port}   config ${i.conf}`);
  lines.push('', 'Connect:');
  lines.push(`  redis-cli -h ${t.host} -p ${t.masterPort}${a}                      # the master`);
  if (t.sentinels > 0) {
    lines.push(`  redis-cli -h ${t.host} -p ${t.sentinelPort} sentinel get-master-addr-by-name ${t.name}`);
    lines.push(`  ioredis: new Redis({ sentinels: [{ host: '${t.host}', port: ${t.sentinelPort} }], name: '${t.name}'${t.password ? `, password: '${t.password}'` : ''} })`);
  }
  lines.push('Press Ctrl-C to stop every instance.', '');
  return lines.join('\n');
}

export function loadTopology(path: string | undefined): Topology {
  if (!path) return { ...DEFAULT_TOPOLOGY };
  const raw = JSON.parse(readFileSync(path, 'utf8')) as Partial<Topology>;
  const t = { ...DEFAULT_TOPOLOGY, ...raw };
  if (t.replicas < 0 || t.sentinels < 0 || t.quorum < 1) throw new Error('invalid topology: replicas/sentinels must be >= 0 and quorum >= 1');
  return t;
}

export async function up(args: string[]): Promise<void> {
  const t = loadTopology(args[0]);
  const insts = writeDeployment(t);
  const color = process.stdout.isTTY === true;
  const procs = insts.map((inst, i) => startInstance(inst, i, color));
  process.stdout.write(describeDeployment(t, insts));
  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    process.stdout.write('Stopping every instance...\n');
    for (const p of procs) p.kill('SIGTERM');
    const force = setTimeout(() => procs.forEach((p) => p.kill('SIGKILL')), 5000);
    force.unref();
    void Promise.all(procs.map((p) => new Promise((r) => (p.exitCode !== null || p.signalCode !== null ? r(null) : p.once('exit', r))))).then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
