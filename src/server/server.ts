/**
 * The server: databases, clients, settings, the command table, the dispatch gates, the cron and the
 * propagator. Roles (data node, Sentinel, cluster node) and subsystems (persistence, replication, pub/sub,
 * transactions) are installed as modules: each registers commands, gates, cron tasks, INFO sections and
 * hooks on this object, and keeps its own state in its own file.
 *
 * The path of a command: Client.onData -> parser -> processCommand (resolve, gates) -> call (handler,
 * stats, slowlog, monitors) -> propagate (the one fan-out point) -> replies flushed once per read.
 */
import { createServer, type Server as NetServer, type Socket } from 'node:net';
import { randomBytes } from 'node:crypto';
import { Client } from './client.js';
import { Stats } from './stats.js';
import { Logger } from './log.js';
import { CommandTable } from '../commands/table.js';
import type { RegisteredCommand } from '../commands/spec.js';
import { Database, type KeyspaceHost } from '../keyspace/database.js';
import { defaultSettings, type Settings } from '../config/settings.js';
import { systemClock, type Clock } from '../platform/clock.js';
import { systemRandom, type Random } from '../platform/random.js';
import { GateList, HANDLED, authGate, loadingGate, pubsubContextGate, resolveCommand } from './dispatch.js';
import { Cron } from './cron.js';
import { InfoRegistry } from './info.js';
import { Propagator } from '../replication/propagator.js';

export const REDIS_VERSION = '7.0.15';
export const REDOUBT_VERSION = '0.1.0';

export interface OutputLimit {
  hardBytes: number;
  softBytes: number;
  softSeconds: number;
}

export interface SlowlogEntry {
  id: number;
  timeSec: number;
  durationUs: number;
  argv: string[];
  addr: string;
  name: string;
}

/** Hooks that modules set; defaults do nothing. */
export interface ServerHooks {
  beforeWrite: (db: Database, key: string) => void;
  onModified: (db: Database, key: string) => void;
  onFlush: ((db: Database) => void)[];
  onSwap: ((a: Database, b: Database) => void)[];
  /** After a client is freed (pub/sub, blocking, WATCH cleanup). */
  onClientClose: ((c: Client) => void)[];
  /** RESET: modules drop the client's state (MULTI, WATCH, subscriptions). */
  onReset: ((c: Client) => void)[];
  /** Before the server exits (SHUTDOWN, SIGTERM): persistence saves here. Returns false to refuse. */
  onShutdown: ((opts: { save: boolean | null }) => boolean)[];
  /** Each executed command, for MONITOR. */
  onCall: ((c: Client, argv: string[]) => void) | null;
  /** Before replies are written to sockets: the AOF writes (and with appendfsync always, fsyncs) here. */
  beforeFlush: (() => void)[];
  /** After the dataset was loaded at startup (RDB or AOF), with the RDB's AUX fields if any. */
  afterStartupLoad: ((aux: Map<string, string> | null) => void)[];
  /** After the outermost call() (not inside EXEC or a script): blocking.ts serves clients whose keys became ready. */
  afterCall: (() => void) | null;
}

export class Server implements KeyspaceHost {
  readonly settings: Settings;
  readonly clock: Clock;
  readonly random: Random;
  readonly log = new Logger();
  readonly stats = new Stats();
  readonly commands = new CommandTable();
  readonly gates = new GateList();
  readonly cron: Cron;
  readonly info = new InfoRegistry();
  readonly propagator = new Propagator();
  readonly dbs: Database[] = [];
  readonly clients = new Map<number, Client>();
  readonly pendingClients = new Set<Client>();
  readonly runId: string;
  readonly hooks: ServerHooks = {
    beforeWrite: () => {},
    onModified: () => {},
    onFlush: [],
    onSwap: [],
    onClientClose: [],
    onReset: [],
    onShutdown: [],
    onCall: null,
    beforeFlush: [],
    afterStartupLoad: [],
    afterCall: null,
  };
  /** Output buffer limits per client class (client-output-buffer-limit). */
  readonly outputLimits: Record<'normal' | 'replica' | 'pubsub', OutputLimit> = {
    normal: { hardBytes: 0, softBytes: 0, softSeconds: 0 },
    replica: { hardBytes: 256 * 1024 * 1024, softBytes: 64 * 1024 * 1024, softSeconds: 60 },
    pubsub: { hardBytes: 32 * 1024 * 1024, softBytes: 8 * 1024 * 1024, softSeconds: 60 },
  };
  /** Changes since the last save (rdb_changes_since_last_save); a write command increments it. */
  dirty = 0;
  loading = false;
  /** True while this node follows a master (set by the replication module). */
  isReplica = false;
  /** Modules' shared state, keyed by module name. */
  readonly modules = new Map<string, unknown>();
  readonly slowlog: SlowlogEntry[] = [];
  slowlogNextId = 0;
  /** Path of the config file (CONFIG REWRITE), '' if none. */
  configFile = '';
  executable = '';
  shuttingDown = false;
  private cachedNowMs = Date.now();
  private nextClientId = 1;
  private listeners: NetServer[] = [];
  private flushScheduled = false;
  /** Soft output limit bookkeeping: client id -> time the soft limit was first exceeded. */
  private softLimitSince = new Map<number, number>();

  constructor(settings: Settings = defaultSettings(), opts: { clock?: Clock; random?: Random } = {}) {
    this.settings = settings;
    this.clock = opts.clock ?? systemClock;
    this.random = opts.random ?? systemRandom;
    this.runId = randomBytes(20).toString('hex');
    this.cron = new Cron(this);
    this.resizeDatabases(settings.databases);
    this.gates.add(authGate);
    this.gates.add(pubsubContextGate);
    this.gates.add(loadingGate);
  }

  resizeDatabases(n: number): void {
    while (this.dbs.length < n) this.dbs.push(new Database(this.dbs.length, this));
  }

  // ---- KeyspaceHost ----
  nowMs(): number {
    return this.cachedNowMs;
  }
  /** Refreshes the cached command time (call() does this for every command). */
  updateCachedTime(): void {
    this.cachedNowMs = this.clock.nowMs();
  }
  expiresFromMaster(): boolean {
    return this.isReplica && this.currentClient?.kind !== 'master';
  }
  onExpired(db: Database, key: string): void {
    this.propagate(db.id, ['DEL', key]);
    this.notifyKeyspaceEvent('x', 'expired', key, db.id);
    db.signalModified(key);
  }
  beforeWrite(db: Database, key: string): void {
    this.hooks.beforeWrite(db, key);
  }
  onModified(db: Database, key: string): void {
    this.hooks.onModified(db, key);
  }
  onFlush(db: Database): void {
    for (const fn of this.hooks.onFlush) fn(db);
  }
  onSwap(a: Database, b: Database): void {
    for (const fn of this.hooks.onSwap) fn(a, b);
  }

  /** Keyspace notifications; the pub/sub module replaces this. `type` is the class letter (g $ l s h z x e t m d). */
  notifyKeyspaceEvent: (type: string, event: string, key: string, dbid: number) => void = () => {};

  // ---- Commands ----
  /** The client whose command is running (null between commands). */
  currentClient: Client | null = null;

  processCommand(c: Client, argv: string[]): void {
    const cmd = resolveCommand(this, argv);
    if (typeof cmd === 'string') {
      this.rejectCommand(c, null, cmd);
      return;
    }
    const gates = this.gates.forCommand(cmd);
    for (let i = 0; i < gates.length; i++) {
      const r = gates[i].check(this, c, cmd, argv);
      if (r === null) continue;
      if (r !== HANDLED) this.rejectCommand(c, cmd, r);
      return;
    }
    this.call(c, cmd, argv);
  }

  rejectCommand(c: Client, cmd: RegisteredCommand | null, error: string): void {
    if (cmd) cmd.rejectedCalls++;
    if (c.multi) c.multi.dirtyExec = true;
    this.skipReplyDone(c);
    c.addError(error);
  }

  /** Runs a resolved command: the handler, then stats, slowlog, monitors and propagation. */
  /**
   * A socket read is being processed: the command time is cached once for the whole batch, and command
   * durations chain (each command's end is the next one's start), so a command costs one clock read.
   */
  private inBatch = false;
  private batchMark = 0;

  beginBatch(): void {
    this.updateCachedTime();
    this.inBatch = true;
    this.batchMark = performance.now();
  }

  endBatch(): void {
    this.inBatch = false;
  }

  call(c: Client, cmd: RegisteredCommand, argv: string[]): void {
    const batched = this.inBatch && this.currentClient === null;
    if (!batched) this.updateCachedTime();
    const prevClient = this.currentClient;
    this.currentClient = c;
    c.cmd = cmd;
    c.argv = argv;
    c.lastCmdName = cmd.fullName;
    c.propagateArgv = null;
    const dirtyBefore = this.dirty;
    const errorsBefore = this.stats.totalErrorReplies;
    const skipping = c.skipNext;
    if (skipping) c.muted++;
    const t0 = batched ? this.batchMark : performance.now();
    try {
      cmd.handler(c, argv);
    } catch (e) {
      this.commandFailed(c, cmd, e);
    }
    const t1 = performance.now();
    if (batched) this.batchMark = t1;
    const durationUs = (t1 - t0) * 1000;
    if (skipping) {
      c.muted--;
      c.skipNext = false;
    }
    this.currentClient = prevClient;
    cmd.calls++;
    cmd.usec += durationUs;
    if (this.stats.totalErrorReplies !== errorsBefore) cmd.failedCalls++;
    this.stats.totalCommandsProcessed++;
    c.commandsProcessed++;
    if (durationUs >= this.settings.slowlogLogSlowerThan && this.settings.slowlogLogSlowerThan >= 0 && !cmd.flagSet.has('skip_slowlog')) {
      this.addSlowlog(c, argv, durationUs);
    }
    if (this.hooks.onCall !== null && !cmd.flagSet.has('skip_monitor') && !cmd.flagSet.has('admin')) this.hooks.onCall(c, argv);
    if (this.dirty !== dirtyBefore && c.propagateArgv !== PROPAGATE_NONE) {
      this.propagate(c.db.id, c.propagateArgv ?? argv);
    }
    if (prevClient === null && this.hooks.afterCall !== null) this.hooks.afterCall();
  }

  /**
   * A handler threw: a bug, or a limit of the JavaScript engine (a string past 2^29-24 chars, a Map past 2^24
   * entries). The server stays up: the client gets an error reply and the log says what happened.
   */
  private commandFailed(c: Client, cmd: RegisteredCommand, e: unknown): void {
    const err = e instanceof Error ? e : new Error(String(e));
    this.log.warning(`Error running '${cmd.fullName}' for client ${c.describe()}: ${err.stack ?? err.message}`);
    c.addError(`ERR Redoubt failed to run '${cmd.fullName}': ${err.message}`);
  }

  private skipReplyDone(c: Client): void {
    c.skipNext = false;
  }

  /** The one fan-out point for writes: AOF, replication backlog and replicas subscribe to the propagator. */
  propagate(dbid: number, argv: string[]): void {
    this.propagator.propagate(dbid, argv);
  }

  addSlowlog(c: Client, argv: string[], durationUs: number): void {
    const max = 32;
    const args = argv.length > max ? [...argv.slice(0, max - 1), `... (${argv.length - max + 1} more arguments)`] : argv.slice();
    for (let i = 0; i < args.length; i++) {
      if (args[i].length > 128) args[i] = `${args[i].slice(0, 128)}... (${args[i].length - 128} more bytes)`;
    }
    this.slowlog.unshift({ id: this.slowlogNextId++, timeSec: Math.floor(this.cachedNowMs / 1000), durationUs: Math.round(durationUs), argv: args, addr: c.remoteAddr, name: c.name });
    while (this.slowlog.length > this.settings.slowlogMaxLen) this.slowlog.pop();
  }

  // ---- Clients and I/O ----
  createClient(socket: Socket | null): Client {
    const c = new Client(this, socket, this.nextClientId++);
    this.clients.set(c.id, c);
    return c;
  }

  /** A fake client (no socket) for AOF loading, the replication stream, scripts. */
  createFakeClient(): Client {
    const c = new Client(this, null, this.nextClientId++);
    c.setAuthenticated(true);
    return c;
  }

  unlinkClient(c: Client): void {
    if (!this.clients.delete(c.id)) return;
    this.pendingClients.delete(c);
    this.softLimitSince.delete(c.id);
    for (const fn of this.hooks.onClientClose) fn(c);
  }

  /** Writes every client's batched output. Runs after each socket read and after timers. */
  flushPending(): void {
    const bf = this.hooks.beforeFlush;
    for (let i = 0; i < bf.length; i++) bf[i]();
    if (this.pendingClients.size === 0) return;
    for (const c of this.pendingClients) c.flush();
    this.pendingClients.clear();
  }

  /**
   * Flush at the end of this event-loop turn (the check phase, after every socket read of the turn), as
   * Redis writes replies in beforeSleep: the replies to many clients go out together, and the peer (often one
   * process driving many connections) is woken once instead of once per reply. Also used for output produced
   * outside a read (timers, other clients' writes).
   */
  scheduleFlush(): void {
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    setImmediate(() => {
      this.flushScheduled = false;
      this.flushPending();
    });
  }

  outputLimitExceeded(c: Client, bufferedBytes: number): boolean {
    const cls = c.kind === 'replica' ? 'replica' : c.kind === 'pubsub' || c.subscriptionCount() > 0 ? 'pubsub' : 'normal';
    const lim = this.outputLimits[cls];
    if (lim.hardBytes > 0 && bufferedBytes >= lim.hardBytes) return this.countOutputDisconnect();
    if (lim.softBytes > 0 && bufferedBytes >= lim.softBytes) {
      const now = this.clock.monoMs();
      const since = this.softLimitSince.get(c.id);
      if (since === undefined) this.softLimitSince.set(c.id, now);
      else if (now - since >= lim.softSeconds * 1000) return this.countOutputDisconnect();
    } else if (this.softLimitSince.size > 0) {
      this.softLimitSince.delete(c.id);
    }
    return false;
  }

  private countOutputDisconnect(): true {
    this.stats.clientOutputBufferLimitDisconnections++;
    return true;
  }

  /** Opens the listening sockets for every bind address. Resolves once all are listening. */
  async listen(): Promise<void> {
    const port = this.settings.port;
    if (port === 0) return;
    const binds = this.settings.bind.length ? this.settings.bind : ['*'];
    for (const raw of binds) {
      const optional = raw.startsWith('-');
      let addr = optional ? raw.slice(1) : raw;
      if (addr === '*') addr = '0.0.0.0';
      if (addr === '::*') addr = '::';
      try {
        this.listeners.push(await this.listenOne(addr, port));
      } catch (e) {
        const err = e as NodeJS.ErrnoException;
        if (optional && (err.code === 'EADDRNOTAVAIL' || err.code === 'EAFNOSUPPORT' || err.code === 'EADDRINUSE')) continue;
        this.log.warning(`Warning: Could not create server TCP listening socket ${raw}:${port}: bind: ${describeListenError(err)}`);
        throw new Error(`Failed listening on port ${port} (TCP), aborting.`);
      }
    }
  }

  private listenOne(host: string, port: number): Promise<NetServer> {
    return new Promise((resolve, reject) => {
      // allowHalfOpen: a peer's FIN must not end our side before the replies to what it sent are written
      // (replies are flushed once per event-loop turn, after every socket read of that turn).
      const srv = createServer({ noDelay: true, allowHalfOpen: true }, (sock) => this.accept(sock));
      srv.maxConnections = Number.MAX_SAFE_INTEGER;
      srv.once('error', reject);
      srv.listen({ host, port, backlog: this.settings.tcpBacklog, ipv6Only: host.includes(':') }, () => {
        srv.off('error', reject);
        resolve(srv);
      });
    });
  }

  /** Extra accept-time checks (protected mode); returns an error to send before closing, or null. */
  acceptCheck: (sock: Socket) => string | null = () => null;

  private accept(sock: Socket): void {
    this.stats.totalConnectionsReceived++;
    if (this.clients.size >= this.settings.maxclients) {
      this.stats.rejectedConnections++;
      sock.end('-ERR max number of clients reached\r\n');
      return;
    }
    const denied = this.acceptCheck(sock);
    if (denied !== null) {
      this.stats.rejectedConnections++;
      sock.end('-' + denied + '\r\n');
      return;
    }
    sock.setNoDelay(true);
    if (this.settings.tcpKeepalive > 0) sock.setKeepAlive(true, this.settings.tcpKeepalive * 1000);
    const c = this.createClient(sock);
    sock.on('data', (chunk: Buffer) => c.onData(chunk));
    sock.on('end', () => c.onPeerEnd());
    sock.on('error', () => {});
    sock.on('close', () => {
      c.closed = true;
      this.unlinkClient(c);
    });
  }

  /** Stops accepting and closes every listener. */
  async closeListeners(): Promise<void> {
    const ls = this.listeners;
    this.listeners = [];
    await Promise.all(ls.map((l) => new Promise<void>((r) => l.close(() => r()))));
  }

  /**
   * CONFIG SET port/bind: listens again with the current settings. closeFirst=false opens the new sockets
   * before closing the old ones (a new port); true closes first (a new bind may reuse the port). On failure
   * the new sockets are closed and, when the old ones are still open, they are kept.
   */
  async relisten(closeFirst: boolean): Promise<void> {
    const old = this.listeners;
    this.listeners = [];
    // close() stops listening at once; its callback waits for every client, so it is not awaited.
    const closeAll = (ls: NetServer[]): void => ls.forEach((l) => l.close());
    if (closeFirst) closeAll(old);
    try {
      await this.listen();
    } catch (e) {
      const fresh = this.listeners;
      this.listeners = closeFirst ? [] : old;
      closeAll(fresh);
      throw e;
    }
    if (!closeFirst) closeAll(old);
  }

  get listeningPorts(): number[] {
    return this.listeners.map((l) => {
      const a = l.address();
      return typeof a === 'object' && a !== null ? a.port : 0;
    });
  }

  /** Shuts down: runs the shutdown hooks (saving), closes clients and exits unless told otherwise. */
  shutdown(opts: { save: boolean | null; exit?: boolean }): boolean {
    this.log.warning('User requested shutdown...');
    for (const hook of this.hooks.onShutdown) {
      if (!hook(opts)) {
        this.log.warning('Errors trying to shut down the server. Check the logs for more information.');
        return false;
      }
    }
    this.shuttingDown = true;
    this.cron.stop();
    this.flushPending();
    for (const c of this.clients.values()) c.socket?.destroy();
    void this.closeListeners();
    this.log.warning(`${this.log.role === 'X' ? 'Sentinel' : 'Redis'} is now ready to exit, bye bye...`);
    if (opts.exit !== false) process.exit(0);
    return true;
  }
}

/** A value handlers assign to client.propagateArgv to say "changed the dataset but propagate nothing". */
export const PROPAGATE_NONE: string[] = [];

function describeListenError(err: NodeJS.ErrnoException): string {
  if (err.code === 'EADDRINUSE') return 'Address already in use';
  if (err.code === 'EADDRNOTAVAIL') return 'Cannot assign requested address';
  if (err.code === 'EACCES') return 'Permission denied';
  return err.message;
}
