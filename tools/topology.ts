/**
 * What `redoubt up` deploys: the topology (JSON file or the default the seeds' docker-compose files use —
 * master 6379, replicas 6380/6381, Sentinels 26379-26381), its validation, the folder with one redis.conf or
 * sentinel.conf per instance, and the "who is where / how to connect" block printed once everything runs.
 * Configs already in the folder are kept: instances rewrite them (REPLICAOF, Sentinel state), so a second
 * `redoubt up` resumes where the last one stopped, including after a failover.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export interface Topology {
  name: string;
  host: string;
  masterPort: number;
  replicas: number;
  /** Explicit replica ports; default masterPort+1, masterPort+2, ... */
  replicaPorts?: number[];
  sentinels: number;
  sentinelPort: number;
  /** Explicit Sentinel ports; default sentinelPort, sentinelPort+1, ... */
  sentinelPorts?: number[];
  quorum: number;
  /** requirepass + masterauth on the data nodes, auth-pass on the Sentinels ('' = none). */
  password: string;
  /** requirepass on the Sentinels themselves ('' = none). */
  sentinelPassword: string;
  downAfterMs: number;
  failoverTimeoutMs: number;
  parallelSyncs: number;
  appendonly: boolean;
  /** Working folder (relative to the current directory). */
  dir: string;
  /** Extra redis.conf lines for every data node / sentinel.conf lines for every Sentinel. */
  nodeConfig: string[];
  sentinelConfig: string[];
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
  sentinelPassword: '',
  downAfterMs: 5000,
  failoverTimeoutMs: 60000,
  parallelSyncs: 1,
  appendonly: false,
  dir: 'redoubt-deployment',
  nodeConfig: [],
  sentinelConfig: [],
};

export interface Instance {
  /** Log label, docker-compose style: node-6379, sentinel-26379. */
  label: string;
  kind: 'node' | 'sentinel';
  /** The role it is configured with at first start (the live role may differ after a failover). */
  initialRole: 'master' | 'replica' | 'sentinel';
  port: number;
  dir: string;
  conf: string;
}

export function nodePorts(t: Topology): number[] {
  return [t.masterPort, ...(t.replicaPorts ?? Array.from({ length: t.replicas }, (_, i) => t.masterPort + 1 + i))];
}

export function sentinelPorts(t: Topology): number[] {
  return t.sentinelPorts ?? Array.from({ length: t.sentinels }, (_, i) => t.sentinelPort + i);
}

const KNOWN = new Set(Object.keys(DEFAULT_TOPOLOGY).concat(['replicaPorts', 'sentinelPorts']));

/** Reads and checks a topology file (no file: the default deployment). */
export function loadTopology(path: string | undefined): Topology {
  if (!path) return { ...DEFAULT_TOPOLOGY };
  let raw: Record<string, unknown>;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
  } catch (e) {
    throw new Error(`cannot read topology ${path}: ${(e as Error).message}`);
  }
  for (const k of Object.keys(raw)) if (!KNOWN.has(k)) throw new Error(`unknown topology field "${k}" (known: ${[...KNOWN].join(', ')})`);
  const t = { ...DEFAULT_TOPOLOGY, ...raw } as Topology;
  if (t.replicaPorts) t.replicas = t.replicaPorts.length;
  if (t.sentinelPorts) t.sentinels = t.sentinelPorts.length;
  checkTopology(t);
  return t;
}

export function checkTopology(t: Topology): void {
  if (!Number.isInteger(t.replicas) || t.replicas < 0) throw new Error('invalid topology: replicas must be an integer >= 0');
  if (!Number.isInteger(t.sentinels) || t.sentinels < 0) throw new Error('invalid topology: sentinels must be an integer >= 0');
  if (t.sentinels > 0 && (!Number.isInteger(t.quorum) || t.quorum < 1 || t.quorum > t.sentinels)) {
    throw new Error(`invalid topology: quorum must be between 1 and the number of Sentinels (${t.sentinels})`);
  }
  const ports = [...nodePorts(t), ...sentinelPorts(t)];
  for (const p of ports) if (!Number.isInteger(p) || p < 1 || p > 65535) throw new Error(`invalid topology: bad port ${p}`);
  const dup = ports.find((p, i) => ports.indexOf(p) !== i);
  if (dup !== undefined) throw new Error(`invalid topology: port ${dup} is used twice`);
  if (!/^[A-Za-z0-9._-]+$/.test(t.name)) throw new Error('invalid topology: name must be letters, digits, . _ -');
}

function quote(s: string): string {
  return `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

function writeIfMissing(conf: string, lines: string[]): void {
  if (!existsSync(conf)) writeFileSync(conf, lines.join('\n') + '\n');
}

/** Creates the folder and every instance's config (kept if already there); returns the instances. */
export function writeDeployment(t: Topology): Instance[] {
  const base = resolve(t.dir);
  const out: Instance[] = [];
  const auth = t.password ? [`requirepass ${quote(t.password)}`, `masterauth ${quote(t.password)}`] : [];
  nodePorts(t).forEach((port, i) => {
    const dir = join(base, `node-${port}`);
    mkdirSync(dir, { recursive: true });
    const conf = join(dir, 'redis.conf');
    const lines = [`port ${port}`, `bind ${t.host}`, `dir ${quote(dir)}`, 'dbfilename dump.rdb', `appendonly ${t.appendonly ? 'yes' : 'no'}`, ...auth];
    if (i > 0) lines.push(`replicaof ${t.host} ${t.masterPort}`);
    writeIfMissing(conf, [...lines, ...t.nodeConfig]);
    out.push({ label: `node-${port}`, kind: 'node', initialRole: i === 0 ? 'master' : 'replica', port, dir, conf });
  });
  for (const port of sentinelPorts(t)) {
    const dir = join(base, `sentinel-${port}`);
    mkdirSync(dir, { recursive: true });
    const conf = join(dir, 'sentinel.conf');
    const lines = [
      `port ${port}`, `bind ${t.host}`, `dir ${quote(dir)}`,
      ...(t.sentinelPassword ? [`requirepass ${quote(t.sentinelPassword)}`] : []),
      `sentinel monitor ${t.name} ${t.host} ${t.masterPort} ${t.quorum}`,
      `sentinel down-after-milliseconds ${t.name} ${t.downAfterMs}`,
      `sentinel failover-timeout ${t.name} ${t.failoverTimeoutMs}`,
      `sentinel parallel-syncs ${t.name} ${t.parallelSyncs}`,
      ...(t.password ? [`sentinel auth-pass ${t.name} ${quote(t.password)}`] : []),
    ];
    writeIfMissing(conf, [...lines, ...t.sentinelConfig]);
    out.push({ label: `sentinel-${port}`, kind: 'sentinel', initialRole: 'sentinel', port, dir, conf });
  }
  return out;
}

/** What each instance is right now (from ROLE), as `describeDeployment` prints it. */
export interface LiveStatus {
  inst: Instance;
  pid: number;
  /** 'master', 'replica of host:port', 'sentinel', or 'not answering'. */
  role: string;
}

function cliArgs(t: Topology, port: number, pass: string): string {
  return `redis-cli -h ${t.host} -p ${port}${pass ? ` -a ${pass} --no-auth-warning` : ''}`;
}

/** The block printed once the deployment runs: who is where (live roles), and how to connect. */
export function describeDeployment(t: Topology, live: LiveStatus[], master: string | null): string {
  const lines = ['', `Redoubt deployment "${t.name}" is up — working folder ${resolve(t.dir)}`, ''];
  lines.push(`  ${'instance'.padEnd(16)} ${'address'.padEnd(22)} ${'pid'.padEnd(8)} role`);
  for (const s of live) {
    const stale = s.role === 'master' && master !== null && master !== `${t.host}:${s.inst.port}`;
    const role = stale ? `master (stale: the Sentinels follow ${master} and will turn it into a replica)` : s.role;
    lines.push(`  ${s.inst.label.padEnd(16)} ${`${t.host}:${s.inst.port}`.padEnd(22)} ${String(s.pid).padEnd(8)} ${role}`);
  }
  lines.push('', '  Configs and data: <folder>/node-<port>/ (redis.conf, dump.rdb), <folder>/sentinel-<port>/sentinel.conf');
  lines.push('', 'Connect:');
  const mport = master ? Number(master.split(':')[1]) : t.masterPort;
  lines.push(`  ${cliArgs(t, mport, t.password)}   # the master${master ? '' : ' (no master found yet)'}`);
  const replica = live.find((s) => s.role.startsWith('replica'));
  if (replica) lines.push(`  ${cliArgs(t, replica.inst.port, t.password)}   # a replica (read-only)`);
  const sports = sentinelPorts(t);
  if (sports.length > 0) {
    lines.push(`  ${cliArgs(t, sports[0], t.sentinelPassword)} sentinel get-master-addr-by-name ${t.name}`);
    const list = sports.map((p) => `{ host: '${t.host}', port: ${p} }`).join(', ');
    const pw = (t.password ? `, password: '${t.password}'` : '') + (t.sentinelPassword ? `, sentinelPassword: '${t.sentinelPassword}'` : '');
    lines.push(`  ioredis: new Redis({ sentinels: [${list}], name: '${t.name}'${pw} })`);
    lines.push('', `Try a failover: kill -9 the master's pid (or kill -STOP it, as docker pause does); the Sentinels`);
    lines.push(`promote a replica after ${t.downAfterMs} ms and print +switch-master.`);
  }
  lines.push('Logs below are labelled by instance. Press Ctrl-C to stop every instance.', '');
  return lines.join('\n');
}
