/**
 * A raw RESP connection for tests: writes exact bytes, reads exact bytes, and records every 'data' event so
 * tests can observe how replies were batched on the wire. No client library sits in between.
 */
import { createConnection, type Socket } from 'node:net';
import { replyEnd } from './resp.js';

export class RawClient {
  /** Every chunk received, one entry per 'data' event. */
  readonly dataEvents: string[] = [];
  private buf = '';
  private closedFlag = false;
  private waiters: (() => void)[] = [];

  private constructor(readonly socket: Socket) {
    socket.setNoDelay(true);
    socket.on('data', (d) => {
      const s = d.toString('latin1');
      this.dataEvents.push(s);
      this.buf += s;
      this.wake();
    });
    socket.on('close', () => {
      this.closedFlag = true;
      this.wake();
    });
    socket.on('error', () => {
      // A reset is reported through 'close'; tests assert on closed/replies instead.
    });
  }

  static connect(port: number, host = '127.0.0.1'): Promise<RawClient> {
    return new Promise((resolve, reject) => {
      const s = createConnection({ port, host });
      s.once('error', reject);
      s.once('connect', () => {
        s.off('error', reject);
        resolve(new RawClient(s));
      });
    });
  }

  get closed(): boolean {
    return this.closedFlag;
  }

  /** Bytes received and not yet taken by replies()/take(). */
  get pending(): string {
    return this.buf;
  }

  write(data: string): void {
    if (!this.closedFlag) this.socket.write(data, 'latin1');
  }

  /** Takes and returns everything buffered so far. */
  take(): string {
    const s = this.buf;
    this.buf = '';
    return s;
  }

  /**
   * The next `n` complete replies. If the connection closes or `timeoutMs` passes first, the replies received
   * so far are returned (fewer than n).
   */
  async replies(n: number, timeoutMs = 5000): Promise<string[]> {
    const out: string[] = [];
    const deadline = Date.now() + timeoutMs;
    let pos = 0;
    for (;;) {
      while (out.length < n) {
        const end = replyEnd(this.buf, pos);
        if (end < 0) break;
        out.push(this.buf.slice(pos, end));
        pos = end;
      }
      if (out.length >= n || this.closedFlag || Date.now() >= deadline) break;
      await this.waitData(deadline - Date.now());
    }
    this.buf = this.buf.slice(pos);
    return out;
  }

  /** The next reply, or null if none arrives (closed or timeout). */
  async reply(timeoutMs = 5000): Promise<string | null> {
    const r = await this.replies(1, timeoutMs);
    return r.length === 1 ? r[0] : null;
  }

  /** Resolves true once the server has closed the connection, false after timeoutMs. */
  async waitClosed(timeoutMs = 3000): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (!this.closedFlag && Date.now() < deadline) await this.waitData(deadline - Date.now());
    return this.closedFlag;
  }

  /** Waits up to ms for any data or close. */
  waitData(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const t = setTimeout(done, Math.max(0, ms));
      const self = this;
      function done(): void {
        clearTimeout(t);
        const i = self.waiters.indexOf(done);
        if (i >= 0) self.waiters.splice(i, 1);
        resolve();
      }
      this.waiters.push(done);
    });
  }

  close(): void {
    this.socket.destroy();
  }

  private wake(): void {
    const ws = this.waiters;
    this.waiters = [];
    for (const w of ws) w();
  }
}
