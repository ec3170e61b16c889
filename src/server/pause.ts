/**
 * CLIENT PAUSE / UNPAUSE (and the pause FAILOVER uses): while paused, normal clients' commands (all of them,
 * or only writes) are held — the client is blocked with its command kept — and resume in order when the
 * pause ends. Replicas and the master link are never paused.
 */
import type { Server } from './server.js';
import type { Client } from './client.js';
import type { RegisteredCommand } from '../commands/spec.js';
import { HANDLED, type Gate } from './dispatch.js';

export type PauseMode = 'write' | 'all';

interface Held {
  client: Client;
  argv: string[];
}

export class PauseState {
  /** Active pauses by purpose ('client' for CLIENT PAUSE, 'failover'): the strictest applies. */
  private pauses = new Map<string, { mode: PauseMode; untilMs: number }>();
  private held: Held[] = [];
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly server: Server) {}

  pause(purpose: string, mode: PauseMode, untilMs: number): void {
    this.pauses.set(purpose, { mode, untilMs });
    this.arm();
  }

  unpause(purpose: string): void {
    this.pauses.delete(purpose);
    this.release();
  }

  /** The mode in force now, or null. Expired pauses are dropped. */
  mode(nowMs = Date.now()): PauseMode | null {
    let m: PauseMode | null = null;
    for (const [k, p] of this.pauses) {
      if (p.untilMs <= nowMs) {
        this.pauses.delete(k);
        continue;
      }
      if (p.mode === 'all') m = 'all';
      else if (m === null) m = 'write';
    }
    return m;
  }

  get writesPaused(): boolean {
    return this.mode() !== null;
  }

  /** Gate: hold the command if the pause covers it. */
  check(c: Client, cmd: RegisteredCommand, argv: string[]): boolean {
    if (this.pauses.size === 0 || c.kind === 'master' || c.kind === 'replica') return false;
    const m = this.mode();
    if (m === null) return false;
    if (c.multi && !c.multi.executing && cmd.name !== 'exec') return false;
    if (m === 'write' && !isWriteLike(c, cmd)) return false;
    c.blocked = true;
    this.held.push({ client: c, argv });
    return true;
  }

  private arm(): void {
    if (this.timer) clearTimeout(this.timer);
    let next = Infinity;
    for (const p of this.pauses.values()) next = Math.min(next, p.untilMs);
    if (next === Infinity) return;
    // Node timers hold at most 2^31-1 ms; a longer pause simply re-arms when that timer fires.
    this.timer = setTimeout(() => this.release(), Math.min(0x7fffffff, Math.max(0, next - Date.now()) + 1));
    this.timer.unref?.();
  }

  /** Re-runs held commands that the current pause no longer covers. */
  release(): void {
    const still = this.mode();
    this.arm();
    if (still === 'all') return;
    const held = this.held;
    this.held = [];
    for (const h of held) {
      if (h.client.closed) continue;
      h.client.blocked = false;
      this.server.processCommand(h.client, h.argv);
      if (!h.client.blocked) h.client.processInput();
    }
    this.server.scheduleFlush();
  }

  forget(c: Client): void {
    this.held = this.held.filter((h) => h.client !== c);
  }
}

function isWriteLike(c: Client, cmd: RegisteredCommand): boolean {
  if (cmd.isWrite || cmd.flagSet.has('may_replicate')) return true;
  if (cmd.name === 'exec' && c.multi) return c.multi.queue.some((q) => q.cmd.isWrite || q.cmd.flagSet.has('may_replicate'));
  return false;
}

export function pauseOf(server: Server): PauseState {
  let p = server.modules.get('pause') as PauseState | undefined;
  if (!p) {
    p = new PauseState(server);
    server.modules.set('pause', p);
    const state = p;
    const gate: Gate = { name: 'client-pause', check: (_s, c, cmd, argv) => (state.check(c, cmd, argv) ? HANDLED : null) };
    server.gates.add(gate);
    server.hooks.onClientClose.push((c) => state.forget(c));
  }
  return p;
}
