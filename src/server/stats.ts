/** Counters behind INFO stats / errorstats; CONFIG RESETSTAT zeroes them. */
export class Stats {
  startMs = Date.now();
  totalConnectionsReceived = 0;
  totalCommandsProcessed = 0;
  rejectedConnections = 0;
  netInputBytes = 0;
  netOutputBytes = 0;
  netReplInputBytes = 0;
  netReplOutputBytes = 0;
  expiredKeys = 0;
  expiredStalePerc = 0;
  expiredTimeCapReachedCount = 0;
  expireCycleCpuMs = 0;
  evictedKeys = 0;
  keyspaceHits = 0;
  keyspaceMisses = 0;
  syncFull = 0;
  syncPartialOk = 0;
  syncPartialErr = 0;
  totalErrorReplies = 0;
  unexpectedErrorReplies = 0;
  totalReadsProcessed = 0;
  totalWritesProcessed = 0;
  clientQueryBufferLimitDisconnections = 0;
  clientOutputBufferLimitDisconnections = 0;
  dumpPayloadSanitizations = 0;
  ioThreadedReadsProcessed = 0;
  ioThreadedWritesProcessed = 0;
  totalForks = 0;
  /** errorstat_<CODE>:count=N */
  readonly errors = new Map<string, number>();
  /** Instantaneous ops/sec sampling. */
  private samples: { ms: number; cmds: number; inBytes: number; outBytes: number }[] = [];

  countError(code: string): void {
    this.totalErrorReplies++;
    if (this.errors.size >= 128 && !this.errors.has(code)) return; // Redis caps distinct error codes
    this.errors.set(code, (this.errors.get(code) ?? 0) + 1);
  }

  /** Called by the cron every 100ms. */
  sample(nowMs: number): void {
    this.samples.push({ ms: nowMs, cmds: this.totalCommandsProcessed, inBytes: this.netInputBytes, outBytes: this.netOutputBytes });
    if (this.samples.length > 16) this.samples.shift();
  }

  private rate(field: 'cmds' | 'inBytes' | 'outBytes'): number {
    if (this.samples.length < 2) return 0;
    const a = this.samples[0];
    const b = this.samples[this.samples.length - 1];
    const dt = (b.ms - a.ms) / 1000;
    return dt > 0 ? (b[field] - a[field]) / dt : 0;
  }

  opsPerSec(): number { return Math.round(this.rate('cmds')); }
  inputKbps(): number { return this.rate('inBytes') / 1024; }
  outputKbps(): number { return this.rate('outBytes') / 1024; }

  reset(): void {
    const fresh = new Stats();
    const keep = this.startMs;
    Object.assign(this, fresh);
    this.startMs = keep;
    this.errors.clear();
  }
}
