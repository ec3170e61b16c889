/**
 * `redoubt up [topology.json]` (and `npm start`): brings up a whole local deployment — one master, its
 * replicas and the Sentinels — the way the seeds' docker-compose files do, with configs and data under a
 * working folder (tools/topology.ts). Nodes start first; Sentinels once the replicas are in sync (so their
 * first INFO already lists them). Every instance's log is interleaved on stdout with a `label | ` prefix,
 * master switches are announced, and Ctrl-C (SIGINT) or SIGTERM stops every child before exiting.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';
import { RespLink } from '../src/net/resp-link.js';
import type { Reply } from '../src/protocol/reply-decoder.js';
import { describeDeployment, loadTopology, sentinelPorts, writeDeployment, type Instance, type LiveStatus, type Topology } from './topology.js';

export { DEFAULT_TOPOLOGY, loadTopology, writeDeployment, describeDeployment } from './topology.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const COLORS = ['\x1b[36m', '\x1b[33m', '\x1b[35m', '\x1b[32m', '\x1b[34m', '\x1b[31m'];

interface Child {
  inst: Instance;
  proc: ChildProcess;
  prefix: string;
}

/** One command to one instance: the reply, or null if it does not answer within timeoutMs. */
export function ask(host: string, port: number, pass: string, argv: string[], timeoutMs = 1000): Promise<Reply | null> {
  return new Promise((resolvePromise) => {
    const link = new RespLink({ host, port, authPass: pass, connectTimeoutMs: timeoutMs, commandTimeoutMs: timeoutMs });
    let done = false;
    const finish = (r: Reply | null): void => {
      if (done) return;
      done = true;
      link.stop();
      resolvePromise(r);
    };
    link.onConnect = () => link.send(argv, (r, err) => finish(err ? null : r));
    link.onClose = () => finish(null);
    link.connect();
  });
}

function startChild(inst: Instance, idx: number, width: number, color: boolean): Child {
  const bin = join(ROOT, 'bin', inst.kind === 'sentinel' ? 'redoubt-sentinel' : 'redoubt-server');
  const proc = spawn(process.execPath, [bin, inst.conf], { cwd: inst.dir, stdio: ['ignore', 'pipe', 'pipe'] });
  const name = inst.label.padEnd(width);
  const prefix = color ? `${COLORS[idx % COLORS.length]}${name} |\x1b[0m` : `${name} |`;
  for (const stream of [proc.stdout, proc.stderr]) {
    if (stream) createInterface({ input: stream }).on('line', (l) => process.stdout.write(`${prefix} ${l}\n`));
  }
  proc.on('exit', (code, sig) => process.stdout.write(`${prefix} *** exited (${sig ?? `code ${code}`})\n`));
  return { inst, proc, prefix };
}

function alive(c: Child): boolean {
  return c.proc.exitCode === null && c.proc.signalCode === null;
}

/** Polls fn until true (or the timeout); fails at once if one of `watch` exited. */
async function until(fn: () => Promise<boolean>, timeoutMs: number, watch: Child[] = []): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const dead = watch.filter((c) => !alive(c)).map((c) => c.inst.label);
    if (dead.length > 0) throw new Error(`${dead.join(', ')} exited at startup (see its log above)`);
    if (await fn()) return true;
    if (Date.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The live role of a data node from ROLE: master, replica of host:port (+ link state), or not answering. */
async function nodeRole(t: Topology, port: number): Promise<string> {
  const r = await ask(t.host, port, t.password, ['ROLE']);
  if (!Array.isArray(r)) return 'not answering';
  if (r[0] === 'master') return 'master';
  if (r[0] === 'slave') return `replica of ${String(r[1])}:${String(r[2])}${r[3] === 'connected' ? '' : ` (link ${String(r[3])})`}`;
  return String(r[0]);
}

/** Starts the data nodes, waits for them to answer and (up to 15 s) for every replica link to be up. */
async function startNodes(t: Topology, children: Child[], insts: Instance[], width: number, color: boolean): Promise<void> {
  insts.forEach((inst, i) => children.push(startChild(inst, i, width, color)));
  const ok = await until(async () => {
    for (const c of children) if ((await ask(t.host, c.inst.port, t.password, ['PING'])) === null) return false;
    return true;
  }, 15000, children);
  if (!ok) throw new Error('the data nodes did not answer PING within 15 s');
  await until(async () => {
    for (const c of children) if ((await nodeRole(t, c.inst.port)).includes('(link')) return false;
    return true;
  }, 15000, children);
}

async function startSentinels(t: Topology, children: Child[], insts: Instance[], width: number, color: boolean): Promise<void> {
  const first = children.length;
  insts.forEach((inst, i) => children.push(startChild(inst, first + i, width, color)));
  const ok = await until(async () => {
    for (const c of children.slice(first)) if ((await ask(t.host, c.inst.port, t.sentinelPassword, ['PING'])) === null) return false;
    return true;
  }, 15000, children);
  if (!ok) throw new Error('the Sentinels did not answer PING within 15 s');
}

/** Live roles of every instance and the master address the Sentinels give (or the node that says master). */
async function liveStatus(t: Topology, children: Child[]): Promise<{ live: LiveStatus[]; master: string | null }> {
  const live: LiveStatus[] = [];
  for (const c of children) {
    const role = c.inst.kind === 'sentinel' ? 'sentinel' : await nodeRole(t, c.inst.port);
    live.push({ inst: c.inst, pid: c.proc.pid ?? 0, role });
  }
  let master: string | null = null;
  for (const port of sentinelPorts(t)) {
    const r = await ask(t.host, port, t.sentinelPassword, ['SENTINEL', 'GET-MASTER-ADDR-BY-NAME', t.name]);
    if (Array.isArray(r) && r.length === 2) {
      master = `${String(r[0])}:${String(r[1])}`;
      break;
    }
  }
  const m = live.find((s) => s.role === 'master');
  return { live, master: master ?? (m ? `${t.host}:${m.inst.port}` : null) };
}

/** Subscribes to +switch-master on every Sentinel and announces each new master once. */
function watchSwitches(t: Topology): RespLink[] {
  const seen = new Set<string>();
  return sentinelPorts(t).map((port) => {
    const link = new RespLink({ host: t.host, port, authPass: t.sentinelPassword, subscriber: true, reconnectDelayMs: 1000 });
    link.onConnect = () => link.send(['SUBSCRIBE', '+switch-master']);
    link.onMessage = (msg) => {
      const text = String(msg[msg.length - 1]);
      const [name, , , host, p] = text.split(' ');
      if (seen.has(text)) return;
      seen.add(text);
      process.stdout.write(`\n*** Failover: the master of "${name}" is now ${host}:${p} (redis-cli -h ${host} -p ${p})\n\n`);
    };
    link.connect();
    return link;
  });
}

export async function up(args: string[]): Promise<void> {
  const t = loadTopology(args[0]);
  const insts = writeDeployment(t);
  const color = process.stdout.isTTY === true;
  const width = Math.max(...insts.map((i) => i.label.length));
  const children: Child[] = [];
  let links: RespLink[] = [];
  let stopping = false;
  const stop = (code: number): void => {
    if (stopping) return;
    stopping = true;
    for (const l of links) l.stop();
    process.stdout.write('\nStopping every instance...\n');
    for (const c of children) if (alive(c)) c.proc.kill('SIGTERM');
    const force = setTimeout(() => children.forEach((c) => alive(c) && c.proc.kill('SIGKILL')), 5000);
    void Promise.all(children.map((c) => new Promise((r) => (alive(c) ? c.proc.once('exit', r) : r(null))))).then(() => {
      clearTimeout(force);
      process.stdout.write('All instances stopped.\n');
      process.exit(code);
    });
  };
  process.on('SIGINT', () => stop(0));
  process.on('SIGTERM', () => stop(0));
  process.on('exit', () => children.forEach((c) => alive(c) && c.proc.kill('SIGKILL')));
  try {
    process.stdout.write(`Starting ${insts.length} instances in ${insts[0] ? dirname(insts[0].dir) : t.dir}...\n`);
    await startNodes(t, children, insts.filter((i) => i.kind === 'node'), width, color);
    if (!stopping) await startSentinels(t, children, insts.filter((i) => i.kind === 'sentinel'), width, color);
    if (stopping) return;
    const { live, master } = await liveStatus(t, children);
    process.stdout.write(describeDeployment(t, live, master));
    links = watchSwitches(t);
  } catch (e) {
    process.stderr.write(`redoubt up: ${(e as Error).message}\n`);
    stop(1);
  }
}
