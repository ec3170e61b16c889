/**
 * Shared pieces of the replies-compat*.test.ts files: a raw RESP2/RESP3 connection that keeps every reply's
 * TYPE (so a bulk string and a simple string, an array and a map, never compare equal), and the masking
 * that turns a reply into its shape: run ids, times, offsets and the two Sentinels' own ports hidden,
 * field names, their order, reply types, flags, error texts and stable values kept.
 */
import { createConnection, type Socket } from 'node:net';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { freePort, startProcess, tempDir, type RunningServer } from '../helpers/server.js';
import { SENTINEL_BIN, startSentinel, waitFor, type SentinelProc, type SentinelOptions } from './deploy.js';

export type Node =
  | { t: '+' | '-' | '$' | '=' | '(' | ','; v: string }
  | { t: ':'; v: number }
  | { t: '#'; v: boolean }
  | { t: '_' | '$-1' | '*-1' }
  | { t: '*' | '~' | '>'; v: Node[] }
  | { t: '%' | '|'; v: Node[] };

/** Parses one reply at `pos`; returns null while the buffer holds only part of it. */
export function parseReply(buf: string, pos: number): [Node, number] | null {
  const eol = buf.indexOf('\r\n', pos);
  if (eol < 0) return null;
  const t = buf[pos];
  const line = buf.slice(pos + 1, eol);
  const next = eol + 2;
  switch (t) {
    case '+': case '-': case '(': case ',':
      return [{ t, v: line }, next];
    case ':':
      return [{ t, v: Number(line) }, next];
    case '#':
      return [{ t, v: line === 't' }, next];
    case '_':
      return [{ t }, next];
    case '$': case '=': {
      const n = Number(line);
      if (n < 0) return [{ t: '$-1' }, next];
      if (buf.length < next + n + 2) return null;
      return [{ t, v: buf.slice(next, next + n) }, next + n + 2];
    }
    default: {
      const n = Number(line);
      if (n < 0) return [{ t: '*-1' }, next];
      const count = t === '%' || t === '|' ? n * 2 : n;
      const items: Node[] = [];
      let p = next;
      for (let i = 0; i < count; i++) {
        const r = parseReply(buf, p);
        if (r === null) return null;
        items.push(r[0]);
        p = r[1];
      }
      return [{ t: t as '*', v: items }, p];
    }
  }
}

/** One raw connection: send(argv) resolves with the next reply, types intact. */
export class RawConn {
  private buf = '';
  private waiting: ((n: Node) => void)[] = [];
  private constructor(private readonly sock: Socket) {
    sock.setEncoding('latin1');
    sock.on('data', (d: string) => {
      this.buf += d;
      for (;;) {
        const r = parseReply(this.buf, 0);
        if (r === null) break;
        this.buf = this.buf.slice(r[1]);
        this.waiting.shift()?.(r[0]);
      }
    });
  }

  static async open(port: number, proto: 2 | 3 = 2): Promise<RawConn> {
    const sock = createConnection({ port, host: '127.0.0.1' });
    await new Promise<void>((res, rej) => sock.once('connect', res).once('error', rej));
    const c = new RawConn(sock);
    if (proto === 3) await c.send(['HELLO', '3']);
    return c;
  }

  send(argv: string[]): Promise<Node> {
    const p = new Promise<Node>((res) => this.waiting.push(res));
    this.sock.write(`*${argv.length}\r\n` + argv.map((a) => `$${Buffer.byteLength(a, 'latin1')}\r\n${a}\r\n`).join(''), 'latin1');
    return p;
  }

  close(): void {
    this.sock.destroy();
  }
}

/** Values that differ between two healthy Sentinels watching the same nodes (times, ids, offsets). */
const VOLATILE_FIELDS = new Set([
  'runid', 'last-ping-sent', 'last-ok-ping-reply', 'last-ping-reply', 'info-refresh', 'role-reported-time',
  'last-hello-message', 's-down-time', 'o-down-time', 'master-link-down-time', 'slave-repl-offset',
  'link-pending-commands', 'pid', 'run-time', 'run-delay', 'id', 'voted-leader', 'failover-state',
]);

export interface MaskContext {
  /** The two Sentinels' ports: each sees the other's, so both print as <sentinel-port>. */
  sentinelPorts: number[];
}

export function maskText(s: string, ctx: MaskContext): string {
  let out = s.replace(/\b[0-9a-f]{40}\b/g, '<runid>');
  for (const p of ctx.sentinelPorts) out = out.replace(new RegExp(`\\b${p}\\b`, 'g'), '<sentinel-port>');
  return out;
}

/** True when an aggregate is a field/value list (every even element a bulk field name). */
function isFieldList(items: Node[]): boolean {
  if (items.length === 0 || items.length % 2 !== 0) return false;
  for (let i = 0; i < items.length; i += 2) {
    const k = items[i];
    if (k.t !== '$' || !/^[a-z][a-z0-9-]*$/.test(k.v)) return false;
  }
  return true;
}

/** The reply as a comparable shape: types kept, volatile field values replaced by <type:masked>. */
export function shape(n: Node, ctx: MaskContext): unknown {
  if (n.t === '_' || n.t === '$-1' || n.t === '*-1') return n.t;
  if (n.t === ':' || n.t === '#') return `${n.t}${String(n.v)}`;
  if (n.t === '*' || n.t === '~' || n.t === '>' || n.t === '%' || n.t === '|') {
    const items = n.v;
    const fields = isFieldList(items);
    return [n.t, ...items.map((it, i) => {
      const key = i % 2 === 1 && fields ? (items[i - 1] as { v: string }).v : null;
      if (key !== null && VOLATILE_FIELDS.has(key)) return `${it.t}<masked>`;
      return shape(it, ctx);
    })];
  }
  return `${n.t}${maskText((n as { v: string }).v, ctx)}`;
}

/** INFO text as [section, field names...] lists, plus the values of the fields named in `keepValues`. */
export function infoShape(text: string, keepValues: ReadonlySet<string>, ctx: MaskContext): string[][] {
  const out: string[][] = [];
  for (const raw of text.split('\r\n')) {
    if (raw.startsWith('# ')) out.push([raw]);
    else if (raw.includes(':')) {
      const i = raw.indexOf(':');
      const k = raw.slice(0, i);
      out[out.length - 1].push(keepValues.has(k) || /^master\d+$/.test(k) ? maskText(raw, ctx) : k);
    }
  }
  return out;
}

export interface Pair {
  real: SentinelProc;
  ours: SentinelProc;
  ctx: MaskContext;
}

/** One real Sentinel and one Redoubt Sentinel with identical configs, watching the same master. */
export async function startPair(masterPort: number, o: SentinelOptions = {}): Promise<Pair> {
  const real = await startSentinel(masterPort, { ...o, kind: 'redis' });
  const ours = await startSentinel(masterPort, { ...o, kind: 'redoubt' }).catch(async (e) => {
    await stopSentinel(real);
    throw e;
  });
  return { real, ours, ctx: { sentinelPorts: [real.port, ours.port] } };
}

export async function stopSentinel(s: SentinelProc): Promise<void> {
  s.client.disconnect();
  s.sub.disconnect();
  await s.stop();
}

/** A field of SENTINEL MASTER/REPLICAS-style flat replies. */
export function fieldOf(flat: unknown, name: string): string | undefined {
  const a = flat as string[];
  for (let i = 0; i < a.length; i += 2) if (a[i] === name) return a[i + 1];
  return undefined;
}

/** Waits until a Sentinel knows the master's run id, `replicas` healthy replicas and `others` Sentinels. */
export async function waitSettled(s: SentinelProc, replicas: number, others: number, ms = 20000): Promise<void> {
  await waitFor(async () => {
    const m = await s.client.call('SENTINEL', 'MASTER', 'mymaster');
    if (fieldOf(m, 'num-slaves') !== String(replicas) || fieldOf(m, 'num-other-sentinels') !== String(others)) return false;
    if (fieldOf(m, 'flags') !== 'master' || (fieldOf(m, 'runid') ?? '') === '') return false;
    const reps = (await s.client.call('SENTINEL', 'REPLICAS', 'mymaster')) as string[][];
    if (!reps.every((r) => fieldOf(r, 'flags') === 'slave' && fieldOf(r, 'master-link-status') === 'ok' && (fieldOf(r, 'runid') ?? '') !== '')) return false;
    const sens = (await s.client.call('SENTINEL', 'SENTINELS', 'mymaster')) as string[][];
    return sens.every((x) => fieldOf(x, 'flags') === 'sentinel');
  }, ms, `${s.kind} sentinel to settle`);
}

/** A short-lived ioredis client for a node. */
export async function withClient<T>(port: number, fn: (c: Redis) => Promise<T>): Promise<T> {
  const c = new Redis({ port, maxRetriesPerRequest: 1 });
  c.on('error', () => {});
  try {
    return await fn(c);
  } finally {
    c.disconnect();
  }
}

export interface ConfSentinel {
  proc: RunningServer;
  confPath: string;
  client: Redis;
  stop(): Promise<void>;
}

/** A Sentinel of `kind` started on sentinel.conf `lines` (a free port and `bind 127.0.0.1` come first). */
export async function startConfSentinel(kind: 'redis' | 'redoubt', lines: string[]): Promise<ConfSentinel> {
  const port = await freePort();
  const dir = tempDir(`sentinel-${kind}-`);
  const confPath = join(dir, 'sentinel.conf');
  writeFileSync(confPath, [`port ${port}`, 'bind 127.0.0.1', ...lines].join('\n') + '\n');
  const proc = kind === 'redoubt'
    ? await startProcess(process.execPath, [SENTINEL_BIN, confPath], port, dir)
    : await startProcess('redis-server', [confPath, '--sentinel'], port, dir);
  const client = new Redis({ port, maxRetriesPerRequest: 1 });
  client.on('error', () => {});
  return {
    proc, confPath, client,
    stop: async () => {
      client.disconnect();
      await proc.stop();
    },
  };
}

/** Log lines without the `pid:X date time level` prefix, for comparing two processes' logs. */
export function logMessages(text: string): string[] {
  const out: string[] = [];
  for (const line of text.split('\n')) {
    const m = /^\d+:X \d+ \w+ \d+ [\d:.]+ [#*.-] (.*)$/.exec(line) ?? /^\d+:(signal-handler) \(\d+\) (.*)$/.exec(line);
    if (m) out.push(m[1] === 'signal-handler' ? `signal-handler ${m[2]}` : m[1]);
  }
  return out;
}
