/**
 * The only place that reads the wall clock and the monotonic clock. Decision cores
 * (sentinel, cluster failover, expiry) receive a Clock so tests can drive time.
 */
export interface Clock {
  /** Wall-clock milliseconds since the epoch (what EXPIREAT and TIME use). */
  nowMs(): number;
  /** Monotonic milliseconds, for timeouts and intervals; never jumps. */
  monoMs(): number;
}

export const systemClock: Clock = {
  nowMs: () => Date.now(),
  monoMs: () => performance.now(),
};

/** A clock tests move by hand. */
export class ManualClock implements Clock {
  constructor(private wallMs = 1_700_000_000_000, private mono = 0) {}
  nowMs(): number { return this.wallMs; }
  monoMs(): number { return this.mono; }
  advance(ms: number): void { this.wallMs += ms; this.mono += ms; }
  jumpWall(ms: number): void { this.wallMs += ms; }
}
