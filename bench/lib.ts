/**
 * Shared benchmark plumbing: start Redoubt and real Redis on free ports, run redis-benchmark, read a server's
 * CPU time from /proc, medians and markdown tables. Why a library: each benchmark (throughput, memory, RDB,
 * replication) is a separate BenchModule that uses these pieces, so adding one does not touch the others.
 */
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { cpus } from 'node:os';
import { createConnection } from 'node:net';
import { startRealRedis, startRedoubt, type RunningServer } from '../test/helpers/server.js';
import { encodeCommand, replyEnd } from '../test/helpers/resp.js';

export type ServerKind = 'redoubt' | 'redis';

export interface BenchServer {
  kind: ServerKind;
  port: number;
  pid: number;
  running: RunningServer;
  stop(): Promise<void>;
}

/** Settings both servers get: no persistence, so that only command processing is measured. */
const COMMON_ARGS = ['--save', '', '--appendonly', 'no'];

export async function startBenchServer(kind: ServerKind, extraArgs: string[] = []): Promise<BenchServer> {
  const args = [...COMMON_ARGS, ...extraArgs];
  const running = kind === 'redis' ? await startRealRedis(args) : await startRedoubt(args);
  const pid = running.proc.pid;
  if (pid === undefined) throw new Error(`${kind} has no pid`);
  await applyAtRunTime(running.port, args);
  const stop = async (): Promise<void> => {
    await running.stop('SIGKILL');
    // The data directory was made for this server only (replicas leave a 1M-key dump.rdb behind).
    rmSync(running.dir, { recursive: true, force: true });
  };
  return { kind, port: running.port, pid, running, stop };
}

/**
 * Repeats `--name value` arguments as CONFIG SET, ignoring refusals: a server whose command line does not
 * honour a directive yet (or an immutable one) still gets the settings a benchmark depends on (save "").
 */
async function applyAtRunTime(port: number, args: string[]): Promise<void> {
  for (let i = 0; i + 1 < args.length; i += 2) {
    if (args[i].startsWith('--')) await rawCommand(port, ['CONFIG', 'SET', args[i].slice(2), args[i + 1]]);
  }
}

/** Resident set size of a process in bytes (VmRSS in /proc/<pid>/status). */
export function rssBytes(pid: number): number {
  const m = readFileSync(`/proc/${pid}/status`, 'latin1').match(/^VmRSS:\s+(\d+) kB/m);
  if (!m) throw new Error(`no VmRSS for pid ${pid}`);
  return Number(m[1]) * 1024;
}

/** INFO <section> as a field map (throws when the server answers with an error or not at all). */
export async function infoFields(port: number, section: string, timeoutMs = 2000): Promise<Record<string, string>> {
  const raw = await rawCommand(port, ['INFO', section], timeoutMs);
  if (!raw.startsWith('$') && !raw.startsWith('=')) throw new Error(`INFO ${section} on port ${port}: ${raw.trim() || 'no reply'}`);
  const out: Record<string, string> = {};
  for (const line of raw.split('\r\n')) {
    const i = line.indexOf(':');
    if (i > 0 && !line.startsWith('#')) out[line.slice(0, i)] = line.slice(i + 1);
  }
  return out;
}

/** The integer of an integer reply, or null for anything else (an error such as -LOADING, no reply). */
export async function intCommand(port: number, argv: string[]): Promise<number | null> {
  const raw = await rawCommand(port, argv).catch(() => '');
  return raw.startsWith(':') ? Number(raw.slice(1, raw.indexOf('\r\n'))) : null;
}

/**
 * Sends `count` commands over one connection, `batch` at a time (each batch written at once, then its replies
 * awaited): a fast bulk load. Only for commands whose replies are one line (+OK, :n); rejects on an error reply.
 */
export function pipelineLoad(port: number, count: number, command: (i: number) => string[], batch = 10_000): Promise<void> {
  return new Promise((resolve, reject) => {
    const s = createConnection({ port, host: '127.0.0.1' });
    let sent = 0;
    let pending = 0;
    const sendBatch = (): void => {
      const n = Math.min(batch, count - sent);
      let out = '';
      for (let i = sent; i < sent + n; i++) out += encodeCommand(command(i));
      sent += n;
      pending = n;
      s.write(out, 'latin1');
    };
    s.on('error', reject);
    s.on('connect', () => (count > 0 ? sendBatch() : (s.destroy(), resolve())));
    s.on('data', (d) => {
      const text = d.toString('latin1');
      const err = text.indexOf('-');
      if (err >= 0) {
        s.destroy();
        reject(new Error(`load on port ${port}: ${text.slice(err, text.indexOf('\r\n', err))}`));
        return;
      }
      for (let i = 0; i < d.length; i++) if (d[i] === 10) pending--;
      if (pending > 0) return;
      if (sent < count) sendBatch();
      else {
        s.destroy();
        resolve();
      }
    });
  });
}

/** Polls `fn` every `everyMs` until it returns true; resolves the milliseconds waited, throws after timeoutMs. */
export async function pollUntil(what: string, fn: () => Promise<boolean>, timeoutMs: number, everyMs = 20): Promise<number> {
  const t0 = performance.now();
  for (;;) {
    if (await fn().catch(() => false)) return performance.now() - t0;
    if (performance.now() - t0 > timeoutMs) throw new Error(`timed out after ${Math.round(timeoutMs / 1000)} s waiting for ${what}`);
    await sleep(everyMs);
  }
}

/** A 10-byte value for key number i that does not look like an integer (so Redis keeps it a string). */
export function value10(i: number): string {
  return 'v' + String(i % 1_000_000_000).padStart(9, '0');
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

let clockTicks = 0;

/** User + system CPU time of a process, in milliseconds, from /proc/<pid>/stat (all its threads). */
export function cpuTimeMs(pid: number): number {
  if (clockTicks === 0) {
    const r = spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' });
    clockTicks = Number(r.stdout.trim()) || 100;
  }
  const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
  // Fields after the ")" that closes the command name: state is field 3, utime 14, stime 15.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]);
  return (ticks * 1000) / clockTicks;
}

export interface BenchmarkRow {
  test: string;
  rps: number;
  avgLatencyMs: number;
  p50LatencyMs: number;
  p99LatencyMs: number;
}

/** Runs redis-benchmark with --csv and returns its rows (one per test it ran). */
export function runRedisBenchmark(port: number, args: string[]): Promise<BenchmarkRow[]> {
  return new Promise((resolve, reject) => {
    const p = spawn('redis-benchmark', ['-h', '127.0.0.1', '-p', String(port), '--csv', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    p.stdout.on('data', (d) => (out += d.toString()));
    p.stderr.on('data', (d) => (err += d.toString()));
    p.on('error', reject);
    p.on('close', (code) => {
      const rows = parseCsv(out);
      if (code !== 0 || rows.length === 0) reject(new Error(`redis-benchmark ${args.join(' ')} failed (exit ${code}): ${err || out}`));
      else resolve(rows);
    });
  });
}

function parseCsv(out: string): BenchmarkRow[] {
  const rows: BenchmarkRow[] = [];
  for (const line of out.split('\n')) {
    const cells = line.split('","').map((c) => c.replace(/^"|"$/g, ''));
    if (cells.length < 8 || cells[0] === 'test') continue;
    rows.push({ test: cells[0], rps: Number(cells[1]), avgLatencyMs: Number(cells[2]), p50LatencyMs: Number(cells[4]), p99LatencyMs: Number(cells[6]) });
  }
  return rows;
}

export function median(xs: readonly number[]): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Sends one command over a raw socket and returns the raw reply ('' if none came within timeoutMs). */
export function rawCommand(port: number, argv: string[], timeoutMs = 2000): Promise<string> {
  return new Promise((resolve, reject) => {
    const s = createConnection({ port, host: '127.0.0.1' });
    let buf = '';
    const finish = (r: string): void => {
      clearTimeout(t);
      s.destroy();
      resolve(r);
    };
    const t = setTimeout(() => finish(''), timeoutMs);
    s.on('error', (e) => {
      clearTimeout(t);
      reject(e);
    });
    s.on('connect', () => s.write(encodeCommand(argv), 'latin1'));
    s.on('data', (d) => {
      buf += d.toString('latin1');
      const end = replyEnd(buf, 0);
      if (end > 0) finish(buf.slice(0, end));
    });
  });
}

/** The command names (lowercase) the server does not implement, asked with COMMAND INFO. */
export async function missingCommands(port: number, names: readonly string[]): Promise<string[]> {
  const missing: string[] = [];
  for (const n of names) {
    const r = await rawCommand(port, ['COMMAND', 'INFO', n]);
    if (r.startsWith('-') || /^\*1\r\n(\*-1|\$-1|_)\r\n$/.test(r)) missing.push(n);
  }
  return missing;
}

/** A markdown table. */
export function markdownTable(headers: string[], rows: string[][]): string {
  const line = (cells: string[]): string => `| ${cells.join(' | ')} |`;
  return [line(headers), line(headers.map(() => '---')), ...rows.map(line)].join('\n');
}

export function machineDescription(): string {
  const cpu = cpus();
  const redis = spawnSync('redis-server', ['--version'], { encoding: 'utf8' }).stdout.match(/v=(\S+)/)?.[1] ?? '?';
  return `${cpu.length} x ${cpu[0]?.model.trim() ?? 'unknown CPU'}, Node ${process.version}, Redis ${redis}`;
}

export interface BenchOptions {
  rounds: number;
  quick: boolean;
  /** Throughput tests to run (default: all). */
  tests: string[] | null;
}

/** What a module prints: a title, a markdown table, and notes (skipped tests, caveats). */
export interface BenchSection {
  title: string;
  table: string;
  notes: string[];
}

export interface BenchModule {
  name: string;
  description: string;
  run(opts: BenchOptions, log: (msg: string) => void): Promise<BenchSection>;
}
