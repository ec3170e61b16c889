/**
 * Test helpers: start real redoubt-server (or real redis-server) processes on free ports and wait until
 * they answer PING. Every test uses these; none uses 6379/26379.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createServer, createConnection } from 'node:net';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
export const SERVER_BIN = join(ROOT, 'bin', 'redoubt-server');

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const a = srv.address();
      const port = typeof a === 'object' && a ? a.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

export interface RunningServer {
  port: number;
  host: string;
  proc: ChildProcess;
  dir: string;
  /** Everything the process printed so far. */
  output(): string;
  stop(signal?: NodeJS.Signals): Promise<void>;
}

export function tempDir(prefix = 'redoubt-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** Sends one inline PING and resolves true if +PONG (or -NOAUTH, -LOADING: the server is up) comes back. */
function probe(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = createConnection({ port, host: '127.0.0.1' });
    let buf = '';
    const done = (ok: boolean): void => {
      s.destroy();
      resolve(ok);
    };
    s.setTimeout(500, () => done(false));
    s.on('error', () => done(false));
    s.on('connect', () => s.write('PING\r\n'));
    s.on('data', (d) => {
      buf += d.toString('latin1');
      if (buf.includes('\r\n')) done(/^(\+PONG|-NOAUTH|-LOADING|-DENIED)/.test(buf));
    });
  });
}

export async function waitForPort(port: number, timeoutMs = 10000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await probe(port)) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`server on port ${port} did not answer within ${timeoutMs}ms`);
}

/** Starts a process that serves RESP on `port` and waits until it answers. */
export async function startProcess(cmd: string, args: string[], port: number, dir: string, env: NodeJS.ProcessEnv = {}): Promise<RunningServer> {
  const proc = spawn(cmd, args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
  let out = '';
  proc.stdout?.on('data', (d) => (out += d.toString()));
  proc.stderr?.on('data', (d) => (out += d.toString()));
  const exited = new Promise<void>((r) => proc.once('exit', () => r()));
  try {
    await Promise.race([
      waitForPort(port),
      exited.then(() => {
        throw new Error(`${cmd} exited early:\n${out}`);
      }),
    ]);
  } catch (e) {
    proc.kill('SIGKILL');
    throw e;
  }
  return {
    port,
    host: '127.0.0.1',
    proc,
    dir,
    output: () => out,
    stop: async (signal: NodeJS.Signals = 'SIGKILL') => {
      if (proc.exitCode !== null || proc.signalCode !== null) return;
      proc.kill(signal);
      await exited;
    },
  };
}

/** Starts redoubt-server with extra redis-server style arguments ("--save", "" ...). */
export async function startRedoubt(args: string[] = [], opts: { dir?: string; port?: number; env?: NodeJS.ProcessEnv } = {}): Promise<RunningServer> {
  const port = opts.port ?? (await freePort());
  const dir = opts.dir ?? tempDir();
  return startProcess(process.execPath, [SERVER_BIN, '--port', String(port), '--bind', '127.0.0.1', '--dir', dir, ...args], port, dir, opts.env);
}

let redisAvailable: boolean | null = null;
/** True when Debian's redis-server is on PATH (compatibility tests skip otherwise). */
export function hasRealRedis(): boolean {
  if (redisAvailable === null) {
    const r = spawnSync('redis-server', ['--version'], { encoding: 'utf8' });
    redisAvailable = r.status === 0 && /v=7\./.test(r.stdout);
  }
  return redisAvailable;
}

export const SKIP_NO_REDIS = 'redis-server 7.x is not on PATH (install Debian redis-server to run compatibility tests)';

/** Starts real redis-server with the same style of arguments. */
export async function startRealRedis(args: string[] = [], opts: { dir?: string; port?: number } = {}): Promise<RunningServer> {
  const port = opts.port ?? (await freePort());
  const dir = opts.dir ?? tempDir('redis-real-');
  return startProcess('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', ...args], port, dir);
}
