/**
 * An outbound RESP connection (Sentinel -> masters/replicas/sentinels; later replica -> master, tools).
 * Commands are queued in order and each gets its reply through a callback; replies are decoded with the
 * incremental ReplyDecoder. The link authenticates and names itself on connect, may run in pub/sub mode
 * (messages go to onMessage instead of the queue), fails every pending command and closes when a command
 * waits longer than its timeout (replies after a timeout would be out of step), limits its queue, and
 * optionally reconnects by itself after a delay.
 *
 * Time comes from the injected Clock so the owner's decisions and the link agree on "now".
 */
import { createConnection, type Socket } from 'node:net';
import { ReplyDecoder, ReplyError, ReplyPush, encodeCommand, type Reply } from '../protocol/reply-decoder.js';
import { systemClock, type Clock } from '../platform/clock.js';

export type LinkState = 'disconnected' | 'connecting' | 'connected';
export type ReplyCallback = (reply: Reply, err: Error | null) => void;

export interface LinkOptions {
  host: string;
  port: number;
  /** CLIENT SETNAME on connect ('' = none). */
  clientName?: string;
  /** AUTH on connect (user '' means the password-only form). */
  authUser?: string;
  authPass?: string;
  /** Pub/sub link: message/pmessage arrays and RESP3 pushes go to onMessage. */
  subscriber?: boolean;
  connectTimeoutMs?: number;
  /** A command waiting longer than this closes the link (0 = never). */
  commandTimeoutMs?: number;
  maxPending?: number;
  /** Reconnect by itself after this delay once closed (0 = the owner reconnects). */
  reconnectDelayMs?: number;
  clock?: Clock;
}

interface Pending {
  cb: ReplyCallback | null;
  deadlineMs: number;
}

export class LinkClosedError extends Error {}

export class RespLink {
  state: LinkState = 'disconnected';
  /** Mono time the current connection was established (0 when not connected). */
  connectedSinceMs = 0;
  /** Mono time of the last byte received. */
  lastActivityMs = 0;
  localAddress = '';
  onConnect: (() => void) | null = null;
  onClose: ((reason: string) => void) | null = null;
  onMessage: ((msg: Reply[]) => void) | null = null;
  private sock: Socket | null = null;
  private decoder = new ReplyDecoder();
  private queue: Pending[] = [];
  private timer: NodeJS.Timeout | null = null;
  private reconnectTimer: NodeJS.Timeout | null = null;
  private stopped = false;
  readonly clock: Clock;

  constructor(readonly opts: LinkOptions) {
    this.clock = opts.clock ?? systemClock;
  }

  get pending(): number {
    return this.queue.length;
  }

  get connected(): boolean {
    return this.state === 'connected';
  }

  connect(): void {
    if (this.state !== 'disconnected') return;
    this.stopped = false;
    this.state = 'connecting';
    this.decoder = new ReplyDecoder();
    const sock = createConnection({ host: this.opts.host, port: this.opts.port });
    this.sock = sock;
    sock.setNoDelay(true);
    sock.setTimeout(this.opts.connectTimeoutMs ?? 2000, () => this.drop(sock, 'connect timeout'));
    sock.on('connect', () => this.established(sock));
    sock.on('data', (d: Buffer) => this.onData(sock, d));
    sock.on('error', (e) => this.drop(sock, e.message));
    // EOF from the peer ends the link at once (as hiredis does on a 0-byte read), not a loop turn later at 'close'.
    sock.on('end', () => this.drop(sock, 'connection closed'));
    sock.on('close', () => this.drop(sock, 'connection closed'));
  }

  private established(sock: Socket): void {
    if (this.sock !== sock) return;
    sock.setTimeout(0);
    this.state = 'connected';
    this.connectedSinceMs = this.clock.monoMs();
    this.lastActivityMs = this.connectedSinceMs;
    this.localAddress = (sock.localAddress ?? '').replace(/^::ffff:/, '');
    const pass = this.opts.authPass ?? '';
    if (pass !== '') this.send(this.opts.authUser ? ['AUTH', this.opts.authUser, pass] : ['AUTH', pass]);
    if (this.opts.clientName) this.send(['CLIENT', 'SETNAME', this.opts.clientName]);
    this.onConnect?.();
  }

  /** Queues a command; false when the link is not connected or the queue is full. */
  send(argv: readonly string[], cb: ReplyCallback | null = null, timeoutMs = this.opts.commandTimeoutMs ?? 0): boolean {
    if (this.state !== 'connected' || this.sock === null) return false;
    if (this.queue.length >= (this.opts.maxPending ?? 10000)) return false;
    const deadlineMs = timeoutMs > 0 ? this.clock.monoMs() + timeoutMs : 0;
    this.queue.push({ cb, deadlineMs });
    this.sock.write(encodeCommand(argv), 'latin1');
    if (deadlineMs > 0 && this.timer === null) this.armTimer();
    return true;
  }

  private onData(sock: Socket, d: Buffer): void {
    if (this.sock !== sock) return;
    this.lastActivityMs = this.clock.monoMs();
    try {
      this.decoder.feed(d);
      for (;;) {
        const r = this.decoder.next();
        if (r === undefined) break;
        this.dispatch(r);
        if (this.sock !== sock) return;
      }
    } catch (e) {
      this.drop(sock, `protocol error: ${(e as Error).message}`);
    }
  }

  private dispatch(r: Reply): void {
    if (r instanceof ReplyPush) {
      const k = r.items[0];
      if (k === 'message' || k === 'pmessage' || k === 'smessage' || !isPubsubEvent(r.items)) return this.onMessage?.(r.items);
      r = r.items;
    } else if (this.opts.subscriber && Array.isArray(r) && isPubsubEvent(r) && (r[0] === 'message' || r[0] === 'pmessage')) {
      return this.onMessage?.(r);
    }
    const p = this.queue.shift();
    if (p?.cb) p.cb(r, r instanceof ReplyError ? new Error(r.message) : null);
  }

  private armTimer(): void {
    const head = this.queue.find((p) => p.deadlineMs > 0);
    if (head === undefined) return;
    const wait = Math.max(1, head.deadlineMs - this.clock.monoMs());
    this.timer = setTimeout(() => {
      this.timer = null;
      const now = this.clock.monoMs();
      if (this.queue.some((p) => p.deadlineMs > 0 && p.deadlineMs <= now)) {
        if (this.sock) this.drop(this.sock, 'command timeout');
        return;
      }
      this.armTimer();
    }, wait);
    this.timer.unref?.();
  }

  private drop(sock: Socket, reason: string): void {
    if (this.sock !== sock) return;
    this.sock = null;
    sock.destroy();
    this.state = 'disconnected';
    this.connectedSinceMs = 0;
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    const q = this.queue;
    this.queue = [];
    const err = new LinkClosedError(reason);
    for (const p of q) p.cb?.(null, err);
    this.onClose?.(reason);
    const delay = this.opts.reconnectDelayMs ?? 0;
    if (delay > 0 && !this.stopped && this.reconnectTimer === null) {
      this.reconnectTimer = setTimeout(() => {
        this.reconnectTimer = null;
        if (!this.stopped) this.connect();
      }, delay);
      this.reconnectTimer.unref?.();
    }
  }

  /** Closes the connection (pending commands fail); auto-reconnect still applies unless stop() was called. */
  close(reason = 'closed by owner'): void {
    if (this.sock) this.drop(this.sock, reason);
  }

  /** Closes for good: no reconnect. */
  stop(): void {
    this.stopped = true;
    if (this.reconnectTimer !== null) clearTimeout(this.reconnectTimer);
    this.reconnectTimer = null;
    this.close('stopped');
  }
}

function isPubsubEvent(items: Reply[]): boolean {
  const k = items[0];
  return typeof k === 'string' && /^(p|s)?(message|subscribe|unsubscribe)$/.test(k);
}
