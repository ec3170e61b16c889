/**
 * Shared helpers for the replication topology tests: start Redoubt / real Redis nodes with a client each,
 * read INFO fields, wait for offsets to converge, take a full dump of every key of every database (to compare
 * nodes), and a seeded random write load that covers every type (run against any master).
 */
import assert from 'node:assert/strict';
import { Redis } from 'ioredis';
import { startRedoubt, startRealRedis, type RunningServer } from '../helpers/server.js';
import { waitFor, parseInfo } from '../helpers/wait.js';

export type Kind = 'redoubt' | 'redis';

export interface Node {
  kind: Kind;
  srv: RunningServer;
  r: Redis;
  port: number;
}

/** Owns the nodes and clients a test file starts; `close()` in after(). */
export class Topology {
  private nodes: Node[] = [];
  private extra: Redis[] = [];

  async start(kind: Kind, args: string[] = [], opts: { dir?: string; port?: number; password?: string } = {}): Promise<Node> {
    const base = ['--repl-diskless-sync-delay', '0'];
    const srv = kind === 'redoubt' ? await startRedoubt([...base, ...args], opts) : await startRealRedis([...base, ...args], opts);
    return this.adopt(kind, srv, opts.password);
  }

  /** Takes ownership of a node started by other means (a config file as first argument...). */
  async adopt(kind: Kind, srv: RunningServer, password?: string): Promise<Node> {
    const n = { kind, srv, r: null as unknown as Redis, port: srv.port };
    this.nodes.push(n);
    n.r = await this.client(srv.port, password);
    return n;
  }

  async client(port: number, password?: string, db = 0): Promise<Redis> {
    const r = new Redis({ port, lazyConnect: true, maxRetriesPerRequest: 1, password, db, enableOfflineQueue: false });
    r.on('error', () => {});
    await r.connect();
    this.extra.push(r);
    return r;
  }

  async close(): Promise<void> {
    for (const c of this.extra) c.disconnect();
    await Promise.all(this.nodes.map((n) => n.srv.stop()));
  }
}

export async function replInfo(r: Redis): Promise<Record<string, string>> {
  return parseInfo(await r.info('replication'));
}

export async function stats(r: Redis): Promise<Record<string, string>> {
  return parseInfo(await r.info('stats'));
}

export async function linkUp(r: Redis): Promise<boolean> {
  return (await replInfo(r)).master_link_status === 'up';
}

/** Waits until every node reports the master's master_repl_offset (and replicas have applied it all). */
export async function waitOffsetsEqual(master: Redis, replicas: Redis[], timeoutMs = 15000): Promise<number> {
  let off = 0;
  await waitFor(
    'replication offsets to converge',
    async () => {
      off = Number((await replInfo(master)).master_repl_offset);
      for (const r of replicas) {
        const i = await replInfo(r);
        if (i.master_link_status !== 'up' || Number(i.master_repl_offset) !== off || Number(i.slave_repl_offset) !== off) return false;
      }
      // The master's offset must still be the same (no write raced the reads).
      return Number((await replInfo(master)).master_repl_offset) === off;
    },
    timeoutMs,
  );
  return off;
}

export interface Dump {
  /** "db:key" -> "type:contents" */
  values: Map<string, string>;
  /** "db:key" -> PTTL in ms (only keys with a TTL). */
  ttls: Map<string, number>;
}

async function describe(r: Redis, key: string): Promise<string | null> {
  const type = await r.type(key);
  switch (type) {
    case 'none':
      return null;
    case 'string':
      return `string:${await r.get(key)}`;
    case 'list':
      return `list:${JSON.stringify(await r.lrange(key, 0, -1))}`;
    case 'hash':
      return `hash:${JSON.stringify(Object.entries(await r.hgetall(key)).sort())}`;
    case 'set':
      return `set:${JSON.stringify((await r.smembers(key)).sort())}`;
    case 'zset':
      return `zset:${JSON.stringify(await r.zrange(key, 0, -1, 'WITHSCORES'))}`;
    default:
      return `${type}:?`;
  }
}

/** Every key of every database with its type, full contents and TTL. */
export async function dumpAll(port: number, password?: string, dbs = 16): Promise<Dump> {
  const r = new Redis({ port, lazyConnect: true, maxRetriesPerRequest: 1, password });
  r.on('error', () => {});
  await r.connect();
  const values = new Map<string, string>();
  const ttls = new Map<string, number>();
  try {
    for (let db = 0; db < dbs; db++) {
      await r.select(db);
      const keys = new Set<string>();
      let cursor = '0';
      do {
        const [next, batch] = await r.scan(cursor, 'COUNT', 1000);
        for (const k of batch) keys.add(k);
        cursor = next;
      } while (cursor !== '0');
      for (const k of [...keys].sort()) {
        const d = await describe(r, k);
        if (d === null) continue;
        values.set(`${db}:${k}`, d);
        const pttl = await r.pttl(k);
        if (pttl >= 0) ttls.set(`${db}:${k}`, pttl);
      }
    }
  } finally {
    r.disconnect();
  }
  return { values, ttls };
}

/** Asserts two dumps hold the same keys, types, contents, and TTLs (presence exact, value within tolerance). */
export function assertSameData(a: Dump, b: Dump, what: string, ttlToleranceMs = 3000): void {
  const onlyA = [...a.values.keys()].filter((k) => !b.values.has(k));
  const onlyB = [...b.values.keys()].filter((k) => !a.values.has(k));
  assert.deepEqual({ onlyA: onlyA.slice(0, 10), onlyB: onlyB.slice(0, 10) }, { onlyA: [], onlyB: [] }, `${what}: same key set`);
  for (const [k, v] of a.values) assert.equal(b.values.get(k), v, `${what}: contents of ${k}`);
  assert.deepEqual([...a.ttls.keys()].sort(), [...b.ttls.keys()].sort(), `${what}: same keys with a TTL`);
  for (const [k, t] of a.ttls) assert.ok(Math.abs(t - b.ttls.get(k)!) <= ttlToleranceMs, `${what}: TTL of ${k} ${t} vs ${b.ttls.get(k)}`);
}

/** Deterministic PRNG (mulberry32) so that a failing load can be replayed from its seed. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Cmd = (string | number)[];

/** One random write command for a key space of `n` keys per type. */
export function randomWrite(rand: () => number, n = 20): Cmd {
  const pick = <T>(xs: T[]): T => xs[Math.floor(rand() * xs.length)];
  const i = (m: number): number => Math.floor(rand() * m);
  const k = (p: string): string => `${p}:${i(n)}`;
  const v = (): string => pick(['a', 'bb', 'ccc', '12', '-7', '3.5', 'x'.repeat(i(80)), 'é\u00ff\u0001bin', ''].concat([String(i(1000))]));
  const m = (): string => `m${i(12)}`;
  const gens: (() => Cmd)[] = [
    () => ['SET', k('s'), v()],
    () => ['SET', k('s'), v(), 'EX', 200 + i(1000)],
    () => ['SET', k('s'), v(), 'PX', 1 + i(300)],
    () => ['PEXPIRE', k(pick(['s', 'l', 'h', 'S', 'z'])), 1 + i(300)],
    () => ['EXPIRE', k(pick(['s', 'l', 'h', 'S', 'z'])), 300 + i(500)],
    () => ['PERSIST', k('s')],
    () => ['APPEND', k('s'), v()],
    () => ['SETRANGE', k('s'), i(20), v()],
    () => ['GETEX', k('s'), 'EX', 400],
    () => ['GETDEL', k('s')],
    () => ['INCR', k('n')],
    () => ['INCRBY', k('n'), i(100) - 50],
    () => ['INCRBYFLOAT', k('f'), pick(['1.5', '-0.25', '3e2', '0.1'])],
    () => ['MSET', k('s'), v(), k('s'), v()],
    () => ['SETEX', k('s'), 300 + i(100), v()],
    () => ['DEL', k(pick(['s', 'l', 'h', 'S', 'z', 'n', 'f']))],
    () => ['LPUSH', k('l'), v(), v()],
    () => ['RPUSH', k('l'), v()],
    () => ['LPOP', k('l')],
    () => ['RPOP', k('l'), 2],
    () => ['LINSERT', k('l'), pick(['BEFORE', 'AFTER']), 'a', v()],
    () => ['LTRIM', k('l'), 0, 5],
    () => ['LREM', k('l'), 0, 'a'],
    () => ['LMOVE', k('l'), k('l'), pick(['LEFT', 'RIGHT']), pick(['LEFT', 'RIGHT'])],
    () => ['HSET', k('h'), m(), v(), m(), v()],
    () => ['HDEL', k('h'), m()],
    () => ['HINCRBY', k('h'), 'cnt', i(10)],
    () => ['HINCRBYFLOAT', k('h'), 'fl', pick(['0.5', '-1.25', '10'])],
    () => ['HSETNX', k('h'), m(), v()],
    () => ['SADD', k('S'), m(), m(), String(i(50))],
    () => ['SREM', k('S'), m()],
    () => ['SPOP', k('S')],
    () => ['SPOP', k('S'), 2],
    () => ['SMOVE', k('S'), k('S'), m()],
    () => ['SINTERSTORE', k('S'), k('S'), k('S')],
    () => ['ZADD', k('z'), i(100) / 4, m(), i(10), m()],
    () => ['ZINCRBY', k('z'), pick(['1', '-2.5', '0.125']), m()],
    () => ['ZREM', k('z'), m()],
    () => ['ZPOPMIN', k('z')],
    () => ['ZPOPMAX', k('z'), 2],
    () => ['ZUNIONSTORE', k('z'), 2, k('z'), k('z')],
    () => ['ZREMRANGEBYSCORE', k('z'), 0, i(10)],
  ];
  return pick(gens)();
}

/**
 * A seeded random write load on `master`: random writes spread over databases 0, 1 and 3, MULTI/EXEC
 * blocks, a rare FLUSHDB of database 3, and blocking pops (BLPOP/BZPOPMIN/BLMOVE) served by later pushes.
 */
export async function randomLoad(top: Topology, port: number, seed: number, rounds = 40, password?: string): Promise<void> {
  const rand = rng(seed);
  const dbs = [await top.client(port, password, 0), await top.client(port, password, 1), await top.client(port, password, 3)];
  const blocker = await top.client(port, password, 0);
  for (let round = 0; round < rounds; round++) {
    const c = dbs[Math.floor(rand() * dbs.length)];
    const p = c.pipeline();
    for (let j = 0; j < 25; j++) p.call(...(randomWrite(rand).map(String) as [string, ...string[]]));
    if (rand() < 0.3) {
      p.call('MULTI');
      for (let j = 0; j < 4; j++) p.call(...(randomWrite(rand).map(String) as [string, ...string[]]));
      p.call('EXEC');
    }
    if (rand() < 0.05 && c === dbs[2]) p.flushdb();
    await p.exec();
    if (round % 8 === 0) await servedBlockingPops(blocker, dbs[0], `${seed}:${round}`);
  }
}

/** Blocking pops that wait, then are served by pushes from another client (propagated as the pop). */
async function servedBlockingPops(blocker: Redis, pusher: Redis, round: string): Promise<void> {
  const bl = blocker.blpop(`bl:${round}`, 5);
  await waitUntilBlocked(pusher);
  await pusher.rpush(`bl:${round}`, 'p1', 'p2');
  assert.deepEqual(await bl, [`bl:${round}`, 'p1']);
  const bz = blocker.bzpopmin(`bz:${round}`, 5);
  await waitUntilBlocked(pusher);
  await pusher.zadd(`bz:${round}`, 1, 'one', 2, 'two');
  assert.deepEqual(await bz, [`bz:${round}`, 'one', '1']);
  const bm = blocker.blmove(`bm:${round}`, `bl:${round}`, 'LEFT', 'RIGHT', 5);
  await waitUntilBlocked(pusher);
  await pusher.lpush(`bm:${round}`, 'moved');
  assert.equal(await bm, 'moved');
}

async function waitUntilBlocked(r: Redis): Promise<void> {
  await waitFor('a client to block', async () => Number(parseInfo(await r.info('clients')).blocked_clients) > 0, 5000, 5);
}
