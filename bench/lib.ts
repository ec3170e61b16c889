/**
 * Shared benchmark plumbing: start Redoubt and real Redis on free ports, run redis-benchmark, read a server's
 * CPU time from /proc, medians and markdown tables. Why a library: each benchmark (throughput, memory, RDB,
 * replication) is a separate BenchModule that uses these pieces, so adding one does not touch the others.
 */
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
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
  return { kind, port: running.port, pid, running, stop: () => running.stop('SIGKILL') };
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
