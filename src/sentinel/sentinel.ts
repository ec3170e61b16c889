/**
 * The Sentinel's I/O shell around the pure core: it owns the links (a command link per instance plus a
 * pub/sub link per master and replica), turns replies and hello messages into observations for the core,
 * and performs the core's actions: sending commands, logging and publishing events, running scripts and
 * rewriting sentinel.conf (once per batch of actions, atomically).
 */
import type { Server } from '../server/server.js';
import { publish } from '../commands/pubsub.js';
import { RespLink } from '../net/resp-link.js';
import { ReplyError, type Reply } from '../protocol/reply-decoder.js';
import type { Action, EventLevel } from './events.js';
import { observeInfo, sentinelTick } from './core.js';
import { onAskReply } from './election.js';
import { formatHello, onHello, onPingReply, parseHello } from './monitor.js';
import { currentMasterAddr, type Instance, type MasterState, type SentinelState } from './state.js';
import { generateLines, rewriteConfigFile, type GenericConfig } from './sentinel-config.js';
import { ScriptRunner } from './scripts.js';

export const HELLO_CHANNEL = '__sentinel__:hello';

interface Links {
  cmd: RespLink;
  pubsub: RespLink | null;
  lastReconnMs: number;
}

export class Sentinel {
  readonly links = new Map<Instance, Links>();
  readonly scripts: ScriptRunner;
  private saveNeeded = false;
  private stopped = false;

  constructor(readonly server: Server, readonly st: SentinelState, readonly generic: GenericConfig, readonly configFile: string) {
    this.scripts = new ScriptRunner(server, st, (name, message) => this.event('warning', name, message, null));
  }

  now(): number {
    return this.server.clock.nowMs();
  }

  /** One timer step: reconcile links, run the core, perform its actions. */
  tick(): void {
    if (this.stopped) return;
    this.reconcileLinks();
    this.run(sentinelTick(this.st, this.now(), this.server.clock.monoMs(), this.server.random));
    this.scripts.tick();
  }

  stop(): void {
    this.stopped = true;
    for (const l of this.links.values()) {
      l.cmd.stop();
      l.pubsub?.stop();
    }
    this.links.clear();
  }

  /** Performs actions, then saves the config once if any asked for it. */
  run(actions: Action[]): void {
    for (const a of actions) this.perform(a);
    if (this.saveNeeded) {
      this.saveNeeded = false;
      this.flushConfig();
    }
    this.server.scheduleFlush();
  }

  flushConfig(quiet = false): boolean {
    try {
      rewriteConfigFile(this.configFile, generateLines(this.st, this.generic, process.cwd()));
      if (!quiet) this.server.log.notice('Sentinel new configuration saved on disk');
      return true;
    } catch (e) {
      this.server.log.warning(`WARNING: Sentinel was not able to save the new configuration on disk!!!: ${(e as Error).message}`);
      return false;
    }
  }

  private perform(a: Action): void {
    switch (a.type) {
      case 'event':
        return this.event(a.level, a.name, a.message, a.master);
      case 'log':
        return this.server.log.log(a.level, a.text);
      case 'ping':
        return this.sendPing(a.inst);
      case 'info':
        return this.sendInfo(a.inst);
      case 'hello':
        return this.sendHello(a.inst);
      case 'ask-master-down':
        return this.askMasterDown(a.sentinel, a.master, a.runId);
      case 'slaveof':
        return this.sendSlaveOf(a.inst, a.host, a.port);
      case 'close-link': {
        const l = this.links.get(a.inst);
        if (a.which === 'cmd') l?.cmd.close('low activity');
        else l?.pubsub?.close('low activity');
        return;
      }
      case 'save-config':
        this.saveNeeded = true;
        return;
      case 'client-reconfig':
        return this.scripts.clientReconfig(a.master, a.role, a.state, a.from, a.to);
      case 'master-reset': {
        // The master object now stands for a new address: its old links must go.
        const l = this.links.get(a.master);
        l?.cmd.stop();
        l?.pubsub?.stop();
        this.links.delete(a.master);
        return;
      }
      case 'crash':
        this.server.log.warning('Sentinel is simulating a failure, exiting');
        process.exit(99);
    }
  }

  /** Logs `<name> <message>`, publishes it on channel <name>, and feeds the notification script. */
  event(level: EventLevel, name: string, message: string, master: MasterState | null): void {
    this.server.log.log(level, `${name} ${message}`);
    if (level !== 'debug') publish(this.server, name, message);
    if (level === 'warning' && master !== null && master.notificationScript !== '') this.scripts.schedule(master.notificationScript, [name, message]);
  }

  // ---- Links ----

  private reconcileLinks(): void {
    const live = new Set<Instance>();
    for (const m of this.st.masters.values()) {
      live.add(m);
      for (const r of m.replicas.values()) live.add(r);
      for (const s of m.sentinels.values()) live.add(s);
    }
    for (const [inst, l] of this.links) {
      if (live.has(inst)) continue;
      l.cmd.stop();
      l.pubsub?.stop();
      this.links.delete(inst);
    }
    const now = this.now();
    for (const inst of live) {
      let l = this.links.get(inst);
      if (l === undefined) {
        l = this.createLinks(inst);
        this.links.set(inst, l);
      }
      const down = l.cmd.state === 'disconnected' || (l.pubsub !== null && l.pubsub.state === 'disconnected');
      if (down && now - l.lastReconnMs >= this.st.timing.pingPeriodMs) {
        l.lastReconnMs = now;
        l.cmd.connect();
        l.pubsub?.connect();
      }
    }
  }

  private createLinks(inst: Instance): Links {
    const id8 = this.st.myId.slice(0, 8);
    const auth = this.authFor(inst);
    const base = { host: inst.addr.host, port: inst.addr.port, authUser: auth.user, authPass: auth.pass, clock: this.server.clock, connectTimeoutMs: 2000 };
    const cmd = new RespLink({ ...base, clientName: `sentinel-${id8}-cmd` });
    cmd.onConnect = () => {
      inst.linkConnected = true;
      inst.linkConnectedSinceMs = this.now();
      inst.linkPending = 0;
      this.run([{ type: 'ping', inst }]);
      if (inst.kind !== 'sentinel') {
        inst.lastInfoSentMs = this.now();
        this.sendInfo(inst);
      }
    };
    cmd.onClose = () => {
      inst.linkConnected = false;
      inst.linkPending = 0;
      inst.wasUnreachable = true;
    };
    let pubsub: RespLink | null = null;
    if (inst.kind !== 'sentinel') {
      pubsub = new RespLink({ ...base, clientName: `sentinel-${id8}-pubsub`, subscriber: true });
      const ps = pubsub;
      ps.onConnect = () => {
        inst.pubsubConnected = true;
        inst.pubsubConnectedSinceMs = this.now();
        inst.pubsubActivityMs = this.now();
        ps.send(['SUBSCRIBE', HELLO_CHANNEL]);
      };
      ps.onClose = () => {
        inst.pubsubConnected = false;
      };
      ps.onMessage = (msg) => this.onPubsubMessage(inst, msg);
    }
    return { cmd, pubsub, lastReconnMs: 0 };
  }

  private authFor(inst: Instance): { user: string; pass: string } {
    if (inst.kind === 'sentinel') {
      if (this.st.sentinelPass !== '') return { user: this.st.sentinelUser, pass: this.st.sentinelPass };
      return { user: '', pass: this.generic.requirepass };
    }
    const m = inst.kind === 'master' ? (inst as MasterState) : inst.master!;
    return { user: m.authUser, pass: m.authPass };
  }

  private onPubsubMessage(inst: Instance, msg: Reply[]): void {
    inst.pubsubActivityMs = this.now();
    if (msg[0] !== 'message' || msg[1] !== HELLO_CHANNEL || typeof msg[2] !== 'string') return;
    this.receiveHello(msg[2]);
  }

  /** A hello payload from a channel or a PUBLISH to us. */
  receiveHello(payload: string): void {
    if (payload.includes(this.st.myId)) return;
    const h = parseHello(payload);
    if (h === null) return;
    const out: Action[] = [];
    onHello(this.st, h, this.now(), out);
    this.run(out);
  }

  /** Sends a command on an instance's command link, counting it as pending. */
  private send(inst: Instance, argv: string[], cb: ((r: Reply, err: Error | null) => void) | null = null): boolean {
    const l = this.links.get(inst);
    if (l === undefined) return false;
    const ok = l.cmd.send(argv, (r, err) => {
      inst.linkPending = Math.max(0, inst.linkPending - 1);
      cb?.(r, err);
    });
    if (ok) inst.linkPending++;
    return ok;
  }

  private sendPing(inst: Instance): void {
    this.send(inst, ['PING'], (r, err) => {
      if (err !== null && !(r instanceof ReplyError)) return;
      const text = r instanceof ReplyError ? r.message : typeof r === 'string' ? r : '';
      onPingReply(inst, text, this.now());
    });
  }

  private sendInfo(inst: Instance): void {
    this.send(inst, ['INFO'], (r) => {
      if (typeof r !== 'string' || !this.isLive(inst)) return;
      this.run(observeInfo(this.st, inst, r, this.now()));
    });
  }

  private isLive(inst: Instance): boolean {
    return this.links.has(inst);
  }

  private sendHello(inst: Instance): void {
    const l = this.links.get(inst);
    const m = inst.kind === 'master' ? (inst as MasterState) : inst.master;
    if (l === undefined || m === null || !l.cmd.connected) return;
    const ip = this.st.announceIp || l.cmd.localAddress;
    const port = this.st.announcePort || this.generic.port;
    const a = currentMasterAddr(m);
    this.send(inst, ['PUBLISH', HELLO_CHANNEL, formatHello(this.st, m, ip, port, a.host, a.port)]);
  }

  private askMasterDown(s: Instance, m: MasterState, runId: string): void {
    const argv = ['SENTINEL', 'is-master-down-by-addr', m.addr.host, String(m.addr.port), String(this.st.currentEpoch), runId];
    this.send(s, argv, (r) => {
      if (!Array.isArray(r) || r.length !== 3 || typeof r[0] !== 'number' || typeof r[1] !== 'string' || typeof r[2] !== 'number') return;
      if (!this.isLive(s)) return;
      const out: Action[] = [];
      onAskReply(s, r[0], r[1], r[2], this.now(), out);
      this.run(out);
    });
  }

  /** MULTI / SLAVEOF / CONFIG REWRITE / CLIENT KILL TYPE normal / CLIENT KILL TYPE pubsub / EXEC, like Redis. */
  private sendSlaveOf(inst: Instance, host: string | null, port: number): void {
    const l = this.links.get(inst);
    if (l === undefined || !l.cmd.connected) return;
    this.send(inst, ['MULTI']);
    this.send(inst, host === null ? ['SLAVEOF', 'NO', 'ONE'] : ['SLAVEOF', host, String(port)]);
    this.send(inst, ['CONFIG', 'REWRITE']);
    this.send(inst, ['CLIENT', 'KILL', 'TYPE', 'normal']);
    this.send(inst, ['CLIENT', 'KILL', 'TYPE', 'pubsub']);
    this.send(inst, ['EXEC'], () => {
      // Look at the result at once instead of waiting for the next INFO period.
      if (this.isLive(inst) && inst.master !== null) {
        inst.lastInfoSentMs = this.now();
        this.sendInfo(inst);
      }
    });
  }
}
