/**
 * Pub/sub: SUBSCRIBE, PSUBSCRIBE, their UNSUBSCRIBE forms, PUBLISH, PUBSUB, and keyspace notifications
 * (notify-keyspace-events), which are published through the same path.
 *
 * Messages are pushes: `>` in RESP3, arrays in RESP2. They are written into the subscriber's output batch
 * and flushed with the publisher's batch (or on the next flush for timer-driven publishes), and they are
 * delivered even to a client that turned replies off (Redis marks them as pushes).
 */
import type { Server } from '../server/server.js';
import type { Client } from '../server/client.js';
import { cmd, container, type CommandSpec } from './spec.js';
import { globMatch } from './util.js';
import { addHelp } from './connection.js';

export class PubSub {
  readonly channels = new Map<string, Set<Client>>();
  readonly patterns = new Map<string, Set<Client>>();

  constructor(private readonly server: Server) {}

  channelCount(): number {
    return this.channels.size;
  }

  patternCount(): number {
    return this.patterns.size;
  }

  /** Delivers a message; returns the number of clients that received it. */
  publish(channel: string, message: string): number {
    let n = 0;
    const subs = this.channels.get(channel);
    if (subs !== undefined) {
      for (const c of subs) {
        push(c, ['message', channel, message]);
        n++;
      }
    }
    if (this.patterns.size !== 0) {
      for (const [pat, clients] of this.patterns) {
        if (!globMatch(pat, channel)) continue;
        for (const c of clients) {
          push(c, ['pmessage', pat, channel, message]);
          n++;
        }
      }
    }
    if (n > 0) this.server.scheduleFlush();
    return n;
  }

  subscribe(c: Client, channel: string): void {
    const set = (c.channels ??= new Set());
    if (!set.has(channel)) {
      set.add(channel);
      let subs = this.channels.get(channel);
      if (subs === undefined) this.channels.set(channel, (subs = new Set()));
      subs.add(c);
    }
    pushAck(c, 'subscribe', channel);
  }

  unsubscribe(c: Client, channel: string, notify: boolean): void {
    if (c.channels?.delete(channel)) {
      const subs = this.channels.get(channel);
      subs?.delete(c);
      if (subs?.size === 0) this.channels.delete(channel);
    }
    if (notify) pushAck(c, 'unsubscribe', channel);
  }

  psubscribe(c: Client, pattern: string): void {
    const set = (c.patterns ??= new Set());
    if (!set.has(pattern)) {
      set.add(pattern);
      let subs = this.patterns.get(pattern);
      if (subs === undefined) this.patterns.set(pattern, (subs = new Set()));
      subs.add(c);
    }
    pushAck(c, 'psubscribe', pattern);
  }

  punsubscribe(c: Client, pattern: string, notify: boolean): void {
    if (c.patterns?.delete(pattern)) {
      const subs = this.patterns.get(pattern);
      subs?.delete(c);
      if (subs?.size === 0) this.patterns.delete(pattern);
    }
    if (notify) pushAck(c, 'punsubscribe', pattern);
  }

  /** Drops every subscription of `c` (UNSUBSCRIBE with no args, disconnect, RESET). */
  unsubscribeAll(c: Client, notify: boolean): number {
    const chans = c.channels ? [...c.channels] : [];
    for (const ch of chans) this.unsubscribe(c, ch, notify);
    return chans.length;
  }

  punsubscribeAll(c: Client, notify: boolean): number {
    const pats = c.patterns ? [...c.patterns] : [];
    for (const p of pats) this.punsubscribe(c, p, notify);
    return pats.length;
  }
}

/** Writes a push, bypassing CLIENT REPLY OFF as Redis does for pushes. */
function push(c: Client, items: string[]): void {
  const muted = c.muted;
  c.muted = 0;
  c.addPushLen(items.length);
  for (const it of items) c.addBulk(it);
  c.muted = muted;
  c.markPending();
}

function pushAck(c: Client, kind: string, name: string | null): void {
  const muted = c.muted;
  c.muted = 0;
  c.addPushLen(3);
  c.addBulk(kind);
  if (name === null) c.addNull();
  else c.addBulk(name);
  c.addInt(c.subscriptionCount());
  c.muted = muted;
}

export function pubsubOf(server: Server): PubSub {
  return server.modules.get('pubsub') as PubSub;
}

/** Publishes on a server (used by Sentinel for its event channels). */
export function publish(server: Server, channel: string, message: string): number {
  return pubsubOf(server).publish(channel, message);
}

const PS = { categories: ['pubsub'] };

function subscribeCmd(c: Client, argv: string[]): void {
  const ps = pubsubOf(c.server);
  for (let i = 1; i < argv.length; i++) ps.subscribe(c, argv[i]);
}

function psubscribeCmd(c: Client, argv: string[]): void {
  const ps = pubsubOf(c.server);
  for (let i = 1; i < argv.length; i++) ps.psubscribe(c, argv[i]);
}

function unsubscribeCmd(c: Client, argv: string[]): void {
  const ps = pubsubOf(c.server);
  if (argv.length === 1) {
    if (ps.unsubscribeAll(c, true) === 0) pushAck(c, 'unsubscribe', null);
    return;
  }
  for (let i = 1; i < argv.length; i++) ps.unsubscribe(c, argv[i], true);
}

function punsubscribeCmd(c: Client, argv: string[]): void {
  const ps = pubsubOf(c.server);
  if (argv.length === 1) {
    if (ps.punsubscribeAll(c, true) === 0) pushAck(c, 'punsubscribe', null);
    return;
  }
  for (let i = 1; i < argv.length; i++) ps.punsubscribe(c, argv[i], true);
}

function publishCmd(c: Client, argv: string[]): void {
  c.addInt(pubsubOf(c.server).publish(argv[1], argv[2]));
}

const PUBSUB_HELP = [
  'PUBSUB <subcommand> [<arg> [value] [opt] ...]. Subcommands are:',
  'CHANNELS [<pattern>]',
  "    Return the currently active channels matching a <pattern> (default: '*').",
  'NUMPAT',
  '    Return number of subscriptions to patterns.',
  'NUMSUB [<channel> ...]',
  '    Return the number of subscribers for the specified channels, excluding',
  '    pattern subscriptions(default: no channels).',
  'SHARDCHANNELS [<pattern>]',
  "    Return the currently active shard level channels matching a <pattern> (default: '*').",
  'SHARDNUMSUB [<shardchannel> ...]',
  '    Return the number of subscribers for the specified shard level channel(s)',
  'HELP',
  '    Print this help.',
];

const PUBSUB_SUBCOMMANDS: CommandSpec[] = [
  cmd('channels', -2, 'pubsub loading stale', [0, 0, 0], 'pubsub', (c, argv) => {
    const pat = argv[2];
    const out: string[] = [];
    for (const ch of pubsubOf(c.server).channels.keys()) if (pat === undefined || globMatch(pat, ch)) out.push(ch);
    c.addBulks(out);
  }, { ...PS, since: '2.8.0' }),
  cmd('numsub', -2, 'pubsub loading stale', [0, 0, 0], 'pubsub', (c, argv) => {
    const ps = pubsubOf(c.server);
    c.addMapLen(argv.length - 2);
    for (let i = 2; i < argv.length; i++) {
      c.addBulk(argv[i]);
      c.addInt(ps.channels.get(argv[i])?.size ?? 0);
    }
  }, { ...PS, since: '2.8.0' }),
  cmd('numpat', 2, 'pubsub loading stale', [0, 0, 0], 'pubsub', (c) => c.addInt(pubsubOf(c.server).patterns.size), { ...PS, since: '2.8.0' }),
  cmd('shardchannels', -2, 'pubsub loading stale', [0, 0, 0], 'pubsub', (c) => c.addEmptyArray(), { ...PS, since: '7.0.0' }),
  cmd('shardnumsub', -2, 'pubsub loading stale', [0, 0, 0], 'pubsub', (c, argv) => {
    c.addMapLen(argv.length - 2);
    for (let i = 2; i < argv.length; i++) {
      c.addBulk(argv[i]);
      c.addInt(0);
    }
  }, { ...PS, since: '7.0.0' }),
  cmd('help', 2, 'loading stale', [0, 0, 0], 'pubsub', (c) => addHelp(c, PUBSUB_HELP), { since: '6.2.0' }),
];

export const pubsubCommands: CommandSpec[] = [
  cmd('subscribe', -2, 'pubsub noscript loading stale sentinel', [0, 0, 0], 'pubsub', subscribeCmd, { ...PS, since: '2.0.0' }),
  cmd('unsubscribe', -1, 'pubsub noscript loading stale sentinel', [0, 0, 0], 'pubsub', unsubscribeCmd, { ...PS, since: '2.0.0' }),
  cmd('psubscribe', -2, 'pubsub noscript loading stale sentinel', [0, 0, 0], 'pubsub', psubscribeCmd, { ...PS, since: '2.0.0' }),
  cmd('punsubscribe', -1, 'pubsub noscript loading stale sentinel', [0, 0, 0], 'pubsub', punsubscribeCmd, { ...PS, since: '2.0.0' }),
  cmd('publish', 3, 'pubsub loading stale fast sentinel', [0, 0, 0], 'pubsub', publishCmd, { ...PS, since: '2.0.0' }),
  container('pubsub', 'pubsub', PUBSUB_SUBCOMMANDS, { since: '2.8.0' }),
];

// ---- Keyspace notifications ----

/** Parsed notify-keyspace-events flags. */
interface NotifyFlags {
  keyspace: boolean;
  keyevent: boolean;
  classes: string;
}

/** Parses the notify-keyspace-events string; null if it contains an unknown flag. */
export function parseNotifyFlags(s: string): NotifyFlags | null {
  let classes = '';
  let keyspace = false;
  let keyevent = false;
  for (const ch of s) {
    if (ch === 'K') keyspace = true;
    else if (ch === 'E') keyevent = true;
    else if (ch === 'A') classes += 'g$lshzxetd';
    else if ('g$lshzxetmdn'.includes(ch)) classes += ch;
    else return null;
  }
  return { keyspace, keyevent, classes };
}

/** Formats flags back the way CONFIG GET notify-keyspace-events prints them. */
export function formatNotifyFlags(f: NotifyFlags): string {
  let out = '';
  const all = 'g$lshzxetd';
  if ([...all].every((ch) => f.classes.includes(ch))) out += 'A';
  else for (const ch of all) if (f.classes.includes(ch)) out += ch;
  if (f.classes.includes('m')) out += 'm';
  if (f.classes.includes('n')) out += 'n';
  if (f.keyspace) out += 'K';
  if (f.keyevent) out += 'E';
  return out;
}

function installNotifications(server: Server, ps: PubSub): void {
  let cachedSource: string | null = null;
  let flags: NotifyFlags = { keyspace: false, keyevent: false, classes: '' };
  server.notifyKeyspaceEvent = (type, event, key, dbid) => {
    const src = server.settings.notifyKeyspaceEvents;
    if (src === '') return;
    if (src !== cachedSource) {
      flags = parseNotifyFlags(src) ?? { keyspace: false, keyevent: false, classes: '' };
      cachedSource = src;
    }
    if (!flags.classes.includes(type)) return;
    if (flags.keyspace) ps.publish(`__keyspace@${dbid}__:${key}`, event);
    if (flags.keyevent) ps.publish(`__keyevent@${dbid}__:${event}`, key);
  };
}

export function install(server: Server): void {
  const ps = new PubSub(server);
  server.modules.set('pubsub', ps);
  server.commands.register(pubsubCommands);
  server.hooks.onClientClose.push((c) => {
    if (c.subscriptionCount() === 0) return;
    ps.unsubscribeAll(c, false);
    ps.punsubscribeAll(c, false);
  });
  server.hooks.onReset.push((c) => {
    ps.unsubscribeAll(c, false);
    ps.punsubscribeAll(c, false);
  });
  installNotifications(server, ps);
}
