/**
 * One connection: its query buffer (the request parser), selected database, named state flags and the
 * output batch. A chunk read from the socket is parsed and run command by command; all replies produced by
 * the chunk leave in ONE socket write (server.flushPending after the chunk).
 *
 * Clients without a socket ("fake" clients: AOF loading, the master stream applier, scripts) share the
 * same code; their output is discarded.
 */
import type { Socket } from 'node:net';
import { ReplyWriter } from '../protocol/reply-writer.js';
import { ProtocolError, RequestParser } from '../protocol/request-parser.js';
import type { Database } from '../keyspace/database.js';
import type { RegisteredCommand } from '../commands/spec.js';
import type { Server } from './server.js';

export type ClientKind = 'normal' | 'replica' | 'pubsub' | 'master';

export interface MultiState {
  queue: { cmd: RegisteredCommand; argv: string[] }[];
  /** A queued command was rejected (EXECABORT). */
  dirtyExec: boolean;
  /** EXEC is running the queue (commands run instead of being queued; blocking ones do not block). */
  executing: boolean;
  /** Bytes of queued arguments, bounded by client-query-buffer-limit. */
  queuedBytes: number;
}

/** Per-client state owned by modules (pub/sub, blocking, replication, ...), keyed by module. */
export interface ClientExtensions {
  [module: string]: unknown;
}

export class Client extends ReplyWriter {
  readonly id: number;
  name = '';
  libName = '';
  libVer = '';
  user = 'default';
  authenticated: boolean;
  db: Database;
  readonly parser: RequestParser;
  /** The command being run and its arguments. */
  argv: string[] = [];
  cmd: RegisteredCommand | null = null;
  lastCmdName = 'NULL';
  readonly createdMs: number;
  lastInteractionMs: number;
  /** Close once pending output is written (QUIT, protocol errors). */
  closeAfterReply = false;
  closed = false;
  /** A blocking command is waiting: stop processing this client's input until it is served. */
  blocked = false;
  /** MULTI in progress. */
  multi: MultiState | null = null;
  /** WATCH invalidated (CAS failure). */
  dirtyCas = false;
  /** Keys this client WATCHes, as "db\0key". */
  watched: Set<string> | null = null;
  /** Pub/sub subscriptions (channels, patterns); counted in RESP2 to restrict commands. */
  channels: Set<string> | null = null;
  patterns: Set<string> | null = null;
  monitor = false;
  kind: ClientKind = 'normal';
  /** CLIENT REPLY SKIP: mute exactly the next command's reply. */
  skipNext = false;
  noEvict = false;
  /** A rewritten argv to propagate instead of argv (SET EX -> SET PXAT ...). */
  propagateArgv: string[] | null = null;
  /** Free-form per-module state. */
  ext: ClientExtensions = {};
  /** ip:port of the peer (for the master link's fake client, the master's address). */
  remoteAddr: string;
  readonly localAddr: string;
  /** Time the current command started (cached, used for key expiry decisions). */
  private inputPaused = false;
  totalNetIn = 0;
  totalNetOut = 0;
  commandsProcessed = 0;

  constructor(readonly server: Server, readonly socket: Socket | null, id: number) {
    super();
    this.id = id;
    this.db = server.dbs[0];
    this.createdMs = server.clock.nowMs();
    this.lastInteractionMs = this.createdMs;
    this.authenticated = server.settings.requirepass === '';
    this.parser = new RequestParser({
      maxBulkLen: server.settings.protoMaxBulkLen,
      maxQueryBufferBytes: server.settings.clientQueryBufferLimit,
    });
    this.parser.authenticated = this.authenticated;
    this.remoteAddr = socket ? formatAddr(socket.remoteAddress, socket.remotePort) : '';
    this.localAddr = socket ? formatAddr(socket.localAddress, socket.localPort) : '';
    this.onError = (code) => server.stats.countError(code);
  }

  get dbIndex(): number {
    return this.db.id;
  }

  setAuthenticated(ok: boolean): void {
    this.authenticated = ok;
    this.parser.authenticated = ok;
  }

  /** Socket data: parse and run every complete command; the replies are flushed once, at the end of the loop turn. */
  onData(chunk: Buffer): void {
    this.totalNetIn += chunk.length;
    this.server.stats.netInputBytes += chunk.length;
    this.server.stats.totalReadsProcessed++;
    this.lastInteractionMs = this.server.clock.nowMs();
    try {
      this.parser.feed(chunk.toString('latin1'));
    } catch (e) {
      this.protocolError(e);
      this.server.flushPending();
      return;
    }
    this.server.beginBatch();
    try {
      this.processInput();
    } finally {
      this.server.endBatch();
    }
    this.server.scheduleFlush();
  }

  /**
   * The peer closed its side (FIN). Redis frees such a client once the replies to what it already sent are
   * written; so do we: nothing more is read, the pending output is flushed, then the connection closes.
   */
  onPeerEnd(): void {
    if (this.closed) return;
    this.closeAfterReply = true;
    this.markPending();
    this.server.scheduleFlush();
  }

  /** Runs buffered commands until the buffer is empty, the client blocks or it is closing. */
  processInput(): void {
    while (!this.blocked && !this.closeAfterReply && !this.closed && !this.inputPaused) {
      let argv: string[] | null;
      try {
        argv = this.parser.next();
      } catch (e) {
        this.protocolError(e);
        return;
      }
      if (argv === null) break;
      if (argv.length === 0) continue;
      this.server.processCommand(this, argv);
    }
    this.markPending();
  }

  private protocolError(e: unknown): void {
    if (!(e instanceof ProtocolError)) throw e;
    if (e.silent) {
      this.server.log.warning(`Closing client that reached max query buffer length: ${this.describe()} (qbuf initial bytes: ${JSON.stringify(this.parser.bufferedBytes)})`);
      this.server.stats.clientQueryBufferLimitDisconnections++;
      this.close();
      return;
    }
    this.server.log.verbose(`${e.message} from client: ${this.describe()}`);
    this.addError('ERR ' + e.message);
    this.closeAfterReply = true;
    this.markPending();
  }

  /** Queue this client for the next flush. */
  markPending(): void {
    if (this.socket !== null) this.server.pendingClients.add(this);
  }

  /** Writes the batched output; closes the connection if it asked to be closed. */
  flush(): void {
    const big = this.takeSpilled();
    const out = this.takeOutput();
    const sock = this.socket;
    if (sock === null || this.closed) return;
    if (out.length > 0 || big !== null) {
      let bytes = out.length;
      if (big !== null) {
        for (let i = 0; i < big.length; i++) {
          bytes += big[i].length;
          sock.write(big[i], 'latin1');
        }
      }
      this.totalNetOut += bytes;
      this.server.stats.netOutputBytes += bytes;
      this.server.stats.totalWritesProcessed++;
      if (out.length > 0) sock.write(out, 'latin1');
      if (this.server.outputLimitExceeded(this, sock.writableLength)) {
        this.server.log.warning(`Client ${this.describe()} scheduled to be closed ASAP for overcoming of output buffer limits.`);
        this.close();
        return;
      }
    }
    if (this.closeAfterReply) {
      this.closed = true;
      sock.end();
      this.server.unlinkClient(this);
    }
  }

  /** Pauses or resumes reading input (CLIENT PAUSE, replica loading, backpressure). */
  pauseInput(paused: boolean): void {
    this.inputPaused = paused;
    if (!this.socket) return;
    if (paused) this.socket.pause();
    else {
      this.socket.resume();
      this.processInput();
    }
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.socket?.destroy();
    this.server.unlinkClient(this);
  }

  /** Redis's one-line description used in logs ("id=3 addr=... laddr=... fd=... name=..."). */
  describe(): string {
    return `id=${this.id} addr=${this.remoteAddr} laddr=${this.localAddr} fd=${this.fd} name=${this.name} age=${this.ageSeconds()} idle=${this.idleSeconds()}`;
  }

  get fd(): number {
    // Node does not expose descriptors portably; report a stable small number per client like Redis's fds.
    const h = (this.socket as unknown as { _handle?: { fd?: number } } | null)?._handle;
    return h && typeof h.fd === 'number' && h.fd >= 0 ? h.fd : -1;
  }

  ageSeconds(): number {
    return Math.floor((this.server.clock.nowMs() - this.createdMs) / 1000);
  }

  idleSeconds(): number {
    return Math.floor((this.server.clock.nowMs() - this.lastInteractionMs) / 1000);
  }

  /** Number of pub/sub subscriptions (channels + patterns). */
  subscriptionCount(): number {
    return (this.channels?.size ?? 0) + (this.patterns?.size ?? 0);
  }

  /** RESP2 subscriber context: only (P)SUBSCRIBE, (P)UNSUBSCRIBE, PING, QUIT, RESET allowed. */
  inPubSubContext(): boolean {
    return this.proto === 2 && this.subscriptionCount() > 0;
  }
}

export function formatAddr(host: string | undefined, port: number | undefined): string {
  let h = host ?? '?';
  if (h.startsWith('::ffff:')) h = h.slice(7);
  return h.includes(':') ? `${h}:${port}` : `${h}:${port}`;
}
