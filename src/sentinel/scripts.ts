/**
 * notification-script and client-reconfig-script, with Redis's rules: at most 16 scripts running and 256
 * queued; a script that exits with 1 (or is killed by a signal) is retried up to 10 times, SCRIPT-RETRY-DELAY
 * apart (doubling); exit 2 or more is final; a script running longer than SCRIPT-MAX-RUNTIME is SIGKILLed
 * (and retried). Scripts run asynchronously and never block the event loop.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { constants as osConstants } from 'node:os';
import type { Server } from '../server/server.js';
import type { Addr, MasterState, SentinelState } from './state.js';

const MAX_RUNNING = 16;
const MAX_QUEUE = 256;
const MAX_RETRY = 10;

export interface ScriptJob {
  argv: string[];
  running: boolean;
  pid: number;
  startMs: number;
  retryNum: number;
  /** Not before this time (retries). */
  notBeforeMs: number;
  child: ChildProcess | null;
  /** SIGKILL sent for running longer than SCRIPT-MAX-RUNTIME. */
  killed: boolean;
}

export class ScriptRunner {
  readonly queue: ScriptJob[] = [];

  /** `emit` logs and publishes a warning event without a master (-script-error, -script-timeout). */
  constructor(
    private readonly server: Server,
    private readonly st: SentinelState,
    private readonly emit: (name: string, message: string) => void = (n, m) => server.log.warning(`${n} ${m}`),
  ) {}

  get running(): number {
    return this.queue.filter((j) => j.running).length;
  }

  schedule(path: string, args: string[]): void {
    if (this.queue.length >= MAX_QUEUE) {
      const i = this.queue.findIndex((j) => !j.running);
      if (i < 0) return;
      this.queue.splice(i, 1);
    }
    this.queue.push({ argv: [path, ...args], running: false, pid: 0, startMs: 0, retryNum: 0, notBeforeMs: 0, child: null, killed: false });
  }

  /** client-reconfig-script <master-name> <role> <state> <from-ip> <from-port> <to-ip> <to-port>. */
  clientReconfig(m: MasterState, role: string, state: string, from: Addr, to: Addr): void {
    if (m.clientReconfigScript === '') return;
    this.schedule(m.clientReconfigScript, [m.name, role, state, from.host, String(from.port), to.host, String(to.port)]);
  }

  tick(): void {
    const now = this.server.clock.nowMs();
    for (const j of this.queue) {
      if (j.running && j.child !== null && !j.killed && now - j.startMs > this.st.timing.scriptMaxRuntimeMs) {
        this.emit('-script-timeout', `${j.argv[0]} ${j.pid}`);
        j.killed = true;
        j.child.kill('SIGKILL');
      }
    }
    for (const j of this.queue) {
      if (this.running >= MAX_RUNNING) break;
      if (j.running || j.notBeforeMs > now) continue;
      this.start(j, now);
    }
  }

  private start(j: ScriptJob, now: number): void {
    j.running = true;
    j.killed = false;
    j.startMs = now;
    j.retryNum++;
    let child: ChildProcess;
    try {
      child = spawn(j.argv[0], j.argv.slice(1), { stdio: 'ignore' });
    } catch {
      this.finish(j, 2, null);
      return;
    }
    j.child = child;
    j.pid = child.pid ?? 0;
    child.on('error', () => this.finish(j, 2, null));
    child.on('exit', (code, signal) => this.finish(j, code ?? 1, signal));
  }

  private finish(j: ScriptJob, code: number, signal: NodeJS.Signals | null): void {
    if (!j.running) return;
    j.running = false;
    j.child = null;
    j.pid = 0;
    const retry = (code === 1 || signal !== null) && j.retryNum < MAX_RETRY;
    if (retry) {
      j.notBeforeMs = this.server.clock.nowMs() + this.st.timing.scriptRetryDelayMs * 2 ** (j.retryNum - 1);
      return;
    }
    // Redis's "%s %d %d": the script, the signal number that ended it (0 if none), its exit code.
    if (code !== 0 || signal !== null) this.emit('-script-error', `${j.argv[0]} ${signal !== null ? (osConstants.signals[signal] ?? 0) : 0} ${signal !== null ? 0 : code}`);
    const i = this.queue.indexOf(j);
    if (i >= 0) this.queue.splice(i, 1);
  }
}
