/**
 * The hz loop (serverCron): one timer at 1000/hz ms runs every registered task that is due.
 * Modules add tasks (active expiry, replication pings and acks, save points, sentinel timers) by name.
 */
import type { Server } from './server.js';

export interface CronTask {
  name: string;
  /** Run at most this often; 0 = every tick. */
  everyMs: number;
  run: (nowMs: number) => void;
  lastRunMs: number;
}

export class Cron {
  private tasks: CronTask[] = [];
  private timer: NodeJS.Timeout | null = null;
  private hz = 10;
  /** Mono time of the previous tick, for stall detection. */
  lastTickMono = 0;

  constructor(private readonly server: Server) {}

  add(name: string, everyMs: number, run: (nowMs: number) => void): void {
    this.tasks = this.tasks.filter((t) => t.name !== name);
    this.tasks.push({ name, everyMs, run, lastRunMs: 0 });
  }

  remove(name: string): void {
    this.tasks = this.tasks.filter((t) => t.name !== name);
  }

  start(hz = this.server.settings.hz): void {
    this.stop();
    this.hz = Math.min(500, Math.max(1, hz));
    this.timer = setInterval(() => this.tick(), Math.floor(1000 / this.hz));
    this.timer.unref?.();
  }

  /** CONFIG SET hz. */
  setHz(hz: number): void {
    if (this.timer !== null) this.start(hz);
  }

  stop(): void {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
  }

  get periodMs(): number {
    return Math.floor(1000 / this.hz);
  }

  tick(): void {
    const s = this.server;
    s.updateCachedTime();
    const now = s.clock.monoMs();
    this.lastTickMono = now;
    for (const t of this.tasks) {
      if (t.everyMs > 0 && now - t.lastRunMs < t.everyMs) continue;
      t.lastRunMs = now;
      try {
        t.run(s.nowMs());
      } catch (e) {
        s.log.warning(`cron task ${t.name} failed: ${(e as Error).stack ?? e}`);
      }
    }
    s.flushPending();
  }
}
