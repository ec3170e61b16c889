/**
 * Runs Debian's redis-tools (redis-cli, redis-benchmark) as child processes for the tests in test/tools.
 * Why async spawn and not spawnSync: the servers under test are children of this process too, and their
 * log pipes must keep draining while a tool runs.
 */
import { spawn, spawnSync } from 'node:child_process';
import type { RunningServer } from '../helpers/server.js';

export interface ToolResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

const found = new Map<string, boolean>();

/** True when `name` is an executable on PATH. */
export function hasTool(name: string): boolean {
  let ok = found.get(name);
  if (ok === undefined) {
    ok = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).status === 0;
    found.set(name, ok);
  }
  return ok;
}

export const SKIP_NO_CLI = 'redis-cli is not on PATH (install Debian redis-tools to run the tool tests)';
export const SKIP_NO_BENCHMARK = 'redis-benchmark is not on PATH (install Debian redis-tools to run the tool tests)';

/**
 * The environment for the tools: no user rc file or history file (interactive runs would write to $HOME),
 * and no REDISCLI_AUTH from the caller's shell changing what the -a tests see.
 */
export function toolEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, REDISCLI_HISTFILE: '/dev/null', REDISCLI_RCFILE: '/dev/null', ...extra };
  delete env.REDISCLI_AUTH;
  delete env.REDISCLI_CLUSTER_YES;
  return env;
}

/** Runs a tool with `input` on stdin; kills it after timeoutMs (the result then has code null). */
export function runTool(cmd: string, args: readonly string[], input = '', timeoutMs = 20000, env: NodeJS.ProcessEnv = {}): Promise<ToolResult> {
  return new Promise((resolve, reject) => {
    const p = spawn(cmd, args, { stdio: ['pipe', 'pipe', 'pipe'], env: toolEnv(env) });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    const timer = setTimeout(() => p.kill('SIGKILL'), timeoutMs);
    p.stdout.on('data', (d: Buffer) => out.push(d));
    p.stderr.on('data', (d: Buffer) => err.push(d));
    p.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    p.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout: Buffer.concat(out).toString('latin1'), stderr: Buffer.concat(err).toString('latin1') });
    });
    p.stdin.on('error', () => {
      // The tool may exit before reading all its input; its exit code tells the story.
    });
    p.stdin.end(input, 'latin1');
  });
}

/** redis-cli against 127.0.0.1:port. */
export function cli(port: number, args: readonly string[], input = '', timeoutMs?: number): Promise<ToolResult> {
  return runTool('redis-cli', ['-h', '127.0.0.1', '-p', String(port), ...args], input, timeoutMs);
}

/** Replaces the port number so transcripts of two servers compare equal. */
export function normalizePort(text: string, port: number): string {
  return text.split(String(port)).join('PORT');
}

/** INFO text (CRLF or LF lines) into a field map. */
export function parseInfoText(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split(/\r?\n/)) {
    const i = line.indexOf(':');
    if (i > 0 && !line.startsWith('#')) out[line.slice(0, i)] = line.slice(i + 1);
  }
  return out;
}

/**
 * Starts servers in parallel; if any fails, stops the others before throwing, so that no child process is
 * left holding the test process open.
 */
export async function startAll(starters: readonly (() => Promise<RunningServer>)[]): Promise<RunningServer[]> {
  const settled = await Promise.allSettled(starters.map((s) => s()));
  const failed = settled.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed === undefined) return settled.map((r) => (r as PromiseFulfilledResult<RunningServer>).value);
  await Promise.all(settled.map((r) => (r.status === 'fulfilled' ? r.value.stop() : undefined)));
  throw failed.reason;
}
