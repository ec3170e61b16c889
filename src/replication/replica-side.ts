/**
 * Replica side: the link to our master as a state machine, in Redis 7.0's order and with its log lines:
 *   connect -> PING -> [AUTH] -> REPLCONF listening-port [ip-address] -> REPLCONF capa eof capa psync2
 *   -> PSYNC <replid> <offset> -> +CONTINUE (partial) | +FULLRESYNC (RDB: `$<len>` or `$EOF:<mark>`)
 *   -> the command stream, applied through a "master" client, offsets counted per applied command.
 * A broken transfer is discarded whole and retried from scratch; the link is retried every second.
 * After a dropped link the master state is cached (replid + offset) so the next PSYNC can continue.
 */
import { createConnection, type Socket } from 'node:net';
import { openSync, writeSync, closeSync, fsyncSync, renameSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import type { Server } from '../server/server.js';
import type { Client } from '../server/client.js';
import { ProtocolError } from '../protocol/request-parser.js';
import { replicationOf, type ReplicationState } from './state.js';
import { feedStream } from './master-side.js';
import { rdbProvider } from './rdb-bridge.js';
import { encodeCommand } from './propagator.js';
import { failoverOf, endFailover, abortFailover } from './failover.js';

export type LinkState = 'connect' | 'connecting' | 'handshake' | 'transfer' | 'connected';

type Step = 'pong' | 'auth' | 'port' | 'ip' | 'capa' | 'psync';

const MAX_LINE = 64 * 1024;

export class MasterLink {
  state: LinkState = 'connect';
  private sock: Socket | null = null;
  private steps: Step[] = [];
  private line = '';
  /** Transfer: bytes left ($len) or the EOF mark (diskless). */
  private bulkLeft = -1;
  private eofMark = '';
  private tail = '';
  private fd = -1;
  private tmpPath = '';
  transferTotal = 0;
  transferRead = 0;
  private masterClient: Client | null = null;
  /** Offset read from the stream (slave_read_repl_offset) — processed offset is state.offset. */
  readOffset = 0;
  lastIoMs = 0;
  downSinceMs = Date.now();
  /** Master replid/offset to try PSYNC with (cached master), or null for '?'. */
  private cached: { replid: string; offset: number } | null = null;
  private retryTimer: NodeJS.Timeout | null = null;
  private closedByUs = false;
  everConnected = false;

  constructor(readonly server: Server, readonly host: string, readonly port: number) {}

  private get st(): ReplicationState {
    return replicationOf(this.server);
  }

  linkUp(): boolean {
    return this.state === 'connected';
  }

  /** Use our own history as the cached master (a demoted master can then continue partially). */
  cacheFromSelf(): void {
    this.cached = { replid: this.st.replid, offset: this.st.offset };
  }

  /**
   * The PSYNC state the link replacing this one (REPLICAOF another master) starts from, as Redis caches its
   * master when re-pointed: the live stream position if connected, else what an earlier drop cached.
   */
  handOver(next: MasterLink): void {
    if (this.state === 'connected') {
      this.log('Caching the disconnected master state.');
      next.cached = { replid: this.st.replid, offset: this.st.offset };
    } else next.cached = this.cached;
  }

  start(): void {
    this.closedByUs = false;
    this.connect();
  }

  /** REPLICAOF NO ONE: stop, with Redis's lines for the master client going away and its state discarded. */
  stopForPromotion(): void {
    if (this.state === 'connected') {
      this.server.log.warning('Connection with master lost.');
      this.log('Caching the disconnected master state.');
      this.cached = { replid: this.st.replid, offset: this.st.offset };
    }
    if (this.cached) this.log('Discarding previously cached master state.');
    this.cached = null;
    this.stop();
  }

  stop(): void {
    this.closedByUs = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    this.dropTransfer();
    this.sock?.destroy();
    this.sock = null;
    if (this.masterClient) this.server.clients.delete(this.masterClient.id);
    this.masterClient = null;
    this.state = 'connect';
  }

  /** Our master client was closed (CLIENT KILL TYPE master): drop the link as Redis does; onClose caches the state. */
  masterClientClosed(c: Client): void {
    if (c === this.masterClient) this.sock?.destroy();
  }

  private log(msg: string): void {
    this.server.log.notice(msg);
  }

  private connect(reconnecting = false): void {
    if (this.closedByUs) return;
    this.log(`${reconnecting ? 'Reconnecting' : 'Connecting'} to MASTER ${this.host}:${this.port}`);
    this.state = 'connecting';
    this.lastIoMs = Date.now();
    const sock = createConnection({ host: this.host, port: this.port });
    this.sock = sock;
    sock.setNoDelay(true);
    this.log('MASTER <-> REPLICA sync started');
    sock.on('connect', () => this.onConnect());
    sock.on('data', (d: Buffer) => this.onData(d));
    sock.on('error', (e: NodeJS.ErrnoException) => {
      if (this.state === 'connecting') this.server.log.warning(`Error condition on socket for SYNC: ${errText(e)}`);
    });
    sock.on('close', () => this.onClose(sock));
  }

  private onConnect(): void {
    this.log('Non blocking connect for SYNC fired the event.');
    this.state = 'handshake';
    this.lastIoMs = Date.now();
    const s = this.server.settings;
    let out = encodeCommand(['PING']);
    this.steps = ['pong'];
    if (s.masterauth) {
      out += encodeCommand(s.masteruser ? ['AUTH', s.masteruser, s.masterauth] : ['AUTH', s.masterauth]);
      this.steps.push('auth');
    }
    out += encodeCommand(['REPLCONF', 'listening-port', String(s.replicaAnnouncePort || s.port)]);
    this.steps.push('port');
    if (s.replicaAnnounceIp) {
      out += encodeCommand(['REPLCONF', 'ip-address', s.replicaAnnounceIp]);
      this.steps.push('ip');
    }
    out += encodeCommand(['REPLCONF', 'capa', 'eof', 'capa', 'psync2']);
    this.steps.push('capa');
    this.sock?.write(out, 'latin1');
  }

  private onClose(sock: Socket): void {
    if (sock !== this.sock) return;
    this.sock = null;
    const wasConnected = this.state === 'connected';
    this.dropTransfer();
    if (wasConnected) {
      this.server.log.warning('Connection with master lost.');
      this.log('Caching the disconnected master state.');
      this.cached = { replid: this.st.replid, offset: this.st.offset };
      this.downSinceMs = Date.now();
    }
    if (this.masterClient) this.server.clients.delete(this.masterClient.id);
    this.masterClient = null;
    this.state = 'connect';
    if (this.closedByUs) return;
    // As Redis: a lost link is retried at once ("Reconnecting"), failed attempts once a second.
    this.retryTimer = setTimeout(() => this.connect(wasConnected), wasConnected ? 0 : 1000);
    this.retryTimer.unref?.();
  }

  private fail(msg: string): void {
    this.server.log.warning(msg);
    this.sock?.destroy();
  }

  private onData(d: Buffer): void {
    this.lastIoMs = Date.now();
    const s = d.toString('latin1');
    if (this.state === 'handshake') this.onHandshakeData(s);
    else if (this.state === 'transfer') this.onTransferData(s);
    else if (this.state === 'connected') this.applyStream(s);
  }

  /** Reads one reply line per handshake step. */
  private onHandshakeData(s: string): void {
    this.line += s;
    for (;;) {
      if (this.state !== 'handshake') return;
      const nl = this.line.indexOf('\n');
      if (nl < 0) {
        if (this.line.length > MAX_LINE) this.fail('Master sent an overlong reply during the handshake');
        return;
      }
      const reply = this.line.slice(0, nl).replace(/\r$/, '');
      this.line = this.line.slice(nl + 1);
      if (reply === '') continue; // keepalive newline
      this.onReply(reply);
    }
  }

  private onReply(reply: string): void {
    const step = this.steps.shift();
    const err = reply.startsWith('-');
    switch (step) {
      case 'pong':
        if (err && !/^-(NOAUTH|NOPERM|ERR operation not permitted)/.test(reply)) return this.fail(`Error reply to PING from master: '${reply}'`);
        this.log('Master replied to PING, replication can continue...');
        return;
      case 'auth':
        if (err) return this.fail(`Unable to AUTH to MASTER: ${reply}`);
        return;
      case 'port':
        if (err) this.log(`(Non critical) Master does not understand REPLCONF listening-port: ${reply}`);
        return;
      case 'ip':
        if (err) this.log(`(Non critical) Master does not understand REPLCONF ip-address: ${reply}`);
        return;
      case 'capa':
        if (err) this.log(`(Non critical) Master does not understand REPLCONF capa: ${reply}`);
        return this.sendPsync();
      case 'psync':
        return this.onPsyncReply(reply);
      default:
        return this.fail(`Unexpected reply from master: '${reply}'`);
    }
  }

  private sendPsync(): void {
    const c = this.cached;
    if (c) this.log(`Trying a partial resynchronization (request ${c.replid}:${c.offset + 1}).`);
    else this.log('Partial resynchronization not possible (no cached master)');
    this.steps = ['psync'];
    const argv = ['PSYNC', c ? c.replid : '?', c ? String(c.offset + 1) : '-1'];
    if (failoverOf(this.server).state === 'failover-in-progress') argv.push('FAILOVER');
    this.sock?.write(encodeCommand(argv), 'latin1');
  }

  private onPsyncReply(reply: string): void {
    if (reply.startsWith('+FULLRESYNC')) {
      const [, replid, off] = reply.split(' ');
      this.log(`Full resync from master: ${replid}:${off}`);
      // The target took over (it answers our PSYNC FAILOVER even with a full resync): the failover is done.
      if (failoverOf(this.server).state === 'failover-in-progress') endFailover(this.server);
      this.beginTransfer(replid, Number(off));
      return;
    }
    if (reply.startsWith('+CONTINUE')) {
      const newId = reply.split(' ')[1];
      const st = this.st;
      this.log('Successful partial resynchronization with master.');
      if (newId && newId !== st.replid) {
        st.replid2 = this.cached!.replid;
        st.secondReplOffset = this.cached!.offset + 1;
        st.replid = newId;
        this.server.log.warning(`Master replication ID changed to ${newId}`);
        // Our own replicas must learn the new ID too: they reconnect and continue partially (as Redis).
        for (const r of [...st.replicas.keys()]) r.close();
      }
      this.cached = null;
      this.log('MASTER <-> REPLICA sync: Master accepted a Partial Resynchronization.');
      if (failoverOf(this.server).state === 'failover-in-progress') endFailover(this.server);
      this.becomeConnected();
      const rest = this.line;
      this.line = '';
      if (rest) this.applyStream(rest);
      return;
    }
    if (failoverOf(this.server).state === 'failover-in-progress') {
      abortFailover(this.server, 'Failover target rejected psync request');
      return;
    }
    if (reply.startsWith('-NOMASTERLINK') || reply.startsWith('-LOADING')) {
      this.log(`Master is currently unable to PSYNC but should be in the future: ${reply}`);
    } else {
      this.server.log.warning(`Unexpected reply to PSYNC from master: ${reply}`);
    }
    this.sock?.destroy();
  }

  private beginTransfer(replid: string, offset: number): void {
    this.state = 'transfer';
    this.pendingReplId = replid;
    this.pendingOffset = offset;
    this.bulkLeft = -1;
    this.eofMark = '';
    this.tail = '';
    this.transferTotal = 0;
    this.transferRead = 0;
    const rest = this.line;
    this.line = '';
    if (rest) this.onTransferData(rest);
  }

  private pendingReplId = '';
  private pendingOffset = 0;

  private onTransferData(s: string): void {
    if (this.bulkLeft < 0 && this.eofMark === '') {
      this.line += s;
      const nl = this.line.indexOf('\n');
      if (nl < 0) return;
      const header = this.line.slice(0, nl).replace(/\r$/, '');
      const rest = this.line.slice(nl + 1);
      this.line = '';
      if (header === '') return this.onTransferData(rest);
      if (header[0] === '-') return this.fail(`MASTER aborted replication with an error: ${header.slice(1)}`);
      if (header[0] !== '$') return this.fail(`Bad protocol from MASTER, the first byte is not '$' (we received '${header}'), are you sure the host and port are right?`);
      this.openTempFile();
      if (header.startsWith('$EOF:') && header.length === 45) {
        this.eofMark = header.slice(5);
        this.log('MASTER <-> REPLICA sync: receiving streamed RDB from master with EOF to disk');
      } else {
        this.bulkLeft = Number(header.slice(1));
        this.transferTotal = this.bulkLeft;
        this.log(`MASTER <-> REPLICA sync: receiving ${this.bulkLeft} bytes from master to disk`);
      }
      if (rest) this.onTransferData(rest);
      return;
    }
    if (this.eofMark !== '') return this.onEofData(s);
    const take = Math.min(this.bulkLeft, s.length);
    this.writeTemp(s.slice(0, take));
    this.bulkLeft -= take;
    if (this.bulkLeft === 0) void this.finishTransfer(s.slice(take));
  }

  private onEofData(s: string): void {
    // Hold back the last 40 bytes: they may be (part of) the mark.
    const buf = this.tail + s;
    const markLen = this.eofMark.length;
    const idx = buf.indexOf(this.eofMark);
    if (idx >= 0) {
      this.writeTemp(buf.slice(0, idx));
      this.tail = '';
      void this.finishTransfer(buf.slice(idx + markLen));
      return;
    }
    const keep = Math.min(markLen, buf.length);
    this.writeTemp(buf.slice(0, buf.length - keep));
    this.tail = buf.slice(buf.length - keep);
  }

  private openTempFile(): void {
    this.tmpPath = join(this.server.settings.dir, `temp-${Date.now()}.${process.pid}.rdb`);
    this.fd = openSync(this.tmpPath, 'w');
  }

  private writeTemp(s: string): void {
    if (s.length === 0 || this.fd < 0) return;
    this.transferRead += s.length;
    writeSync(this.fd, Buffer.from(s, 'latin1'));
  }

  private dropTransfer(): void {
    if (this.fd >= 0) {
      closeSync(this.fd);
      this.fd = -1;
      try {
        unlinkSync(this.tmpPath);
      } catch {
        /* ignore */
      }
    }
  }

  private async finishTransfer(rest: string): Promise<void> {
    fsyncSync(this.fd);
    closeSync(this.fd);
    this.fd = -1;
    const sock = this.sock;
    sock?.pause();
    const server = this.server;
    const provider = rdbProvider(server);
    try {
      if (!provider) throw new Error('RDB support is not installed');
      // As Redis: the cached master goes once the whole payload is here, just before the data is replaced.
      if (this.cached) this.log('Discarding previously cached master state.');
      this.cached = null;
      this.log('MASTER <-> REPLICA sync: Flushing old data');
      this.log('MASTER <-> REPLICA sync: Loading DB in memory');
      await provider.loadFile(server, this.tmpPath);
      renameSync(this.tmpPath, join(server.settings.dir, server.settings.dbfilename));
    } catch (e) {
      server.log.warning(`Failed trying to load the MASTER synchronization DB from disk, check server logs. (${(e as Error).message})`);
      try {
        unlinkSync(this.tmpPath);
      } catch {
        /* ignore */
      }
      sock?.destroy();
      return;
    }
    if (sock !== this.sock || this.closedByUs) return;
    const st = this.st;
    st.replid = this.pendingReplId;
    st.clearReplId2();
    st.freeBacklog();
    st.offset = this.pendingOffset;
    st.createBacklog();
    this.log('MASTER <-> REPLICA sync: Finished with success');
    this.becomeConnected();
    sock?.resume();
    if (rest) this.applyStream(rest);
  }

  /** Stream bytes received but not yet applied (a partial command). */
  private raw = '';

  private becomeConnected(): void {
    this.state = 'connected';
    this.raw = '';
    this.st.createBacklog();
    this.everConnected = true;
    this.readOffset = this.st.offset;
    const mc = this.server.createFakeClient();
    mc.kind = 'master';
    mc.muted = 1;
    mc.remoteAddr = `${this.host}:${this.port}`;
    this.server.clients.set(mc.id, mc);
    this.masterClient = mc;
    this.sendAck();
  }

  /** Applies stream bytes: each complete command runs, then its bytes advance the offset and are proxied. */
  private applyStream(s: string): void {
    const mc = this.masterClient;
    if (!mc) return;
    const st = this.st;
    this.readOffset += s.length;
    // Invariant: this.raw holds the bytes fed to the parser that are not part of a completed command yet.
    this.raw += s;
    // One clock read for the whole chunk (command durations chain), as for a client's socket read.
    this.server.beginBatch();
    try {
      mc.parser.feed(s);
      for (;;) {
        const argv = mc.parser.next();
        if (argv === null) break;
        const consumed = mc.parser.lastCommandBytes;
        if (argv.length > 0) this.server.processCommand(mc, argv);
        // The applied bytes become our history too: backlog and sub-replicas get them verbatim.
        const bytes = this.raw.length === consumed ? this.raw : this.raw.slice(0, consumed);
        this.raw = this.raw.length === consumed ? '' : this.raw.slice(consumed);
        feedStream(st, bytes);
      }
    } catch (e) {
      if (e instanceof ProtocolError) return this.fail(`Protocol error from MASTER: ${e.message}`);
      throw e;
    } finally {
      this.server.endBatch();
    }
    this.server.flushPending();
  }

  /**
   * repl-timeout on the replica side (cron, once a second), with Redis's log lines: a master silent for longer
   * than repl-timeout is dropped — while connecting, during the transfer, or on the stream. Not while our
   * own loading of the RDB runs (the socket is paused then).
   */
  checkTimeout(nowMs: number): void {
    if (this.sock === null || this.server.loading || nowMs - this.lastIoMs <= this.server.settings.replTimeout * 1000) return;
    if (this.state === 'connecting' || this.state === 'handshake') this.server.log.warning('Timeout connecting to the MASTER...');
    else if (this.state === 'transfer') this.server.log.warning("Timeout receiving bulk data from MASTER... If the problem persists try to set the 'repl-timeout' parameter in redis.conf to a larger value.");
    else this.server.log.warning('MASTER timeout: no data nor PING received...');
    this.sock.destroy();
  }

  sendAck(): void {
    if (this.state !== 'connected') return;
    this.sock?.write(encodeCommand(['REPLCONF', 'ACK', String(this.st.offset)]), 'latin1');
  }
}

function errText(e: NodeJS.ErrnoException): string {
  if (e.code === 'ECONNREFUSED') return 'Connection refused';
  if (e.code === 'EHOSTUNREACH') return 'No route to host';
  if (e.code === 'ETIMEDOUT') return 'Connection timed out';
  return e.message;
}
