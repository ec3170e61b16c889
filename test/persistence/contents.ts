/**
 * Reads a server's whole dataset through ordinary commands (no DUMP): for every db and key, TYPE, the
 * absolute expiry (PEXPIRETIME) and the full contents. Two servers hold the same data exactly when their
 * snapshots are deepEqual. Binary-safe: keys and values travel as latin1 Buffers.
 *
 * Also a CLI for the fixture script: `node dist/test/persistence/contents.js <port>` prints the JSON.
 */
import { Redis } from 'ioredis';
import { fileURLToPath } from 'node:url';

export interface KeySnapshot {
  type: string;
  /** Absolute expiry in ms, -1 for none. */
  expireAt: number;
  /** string: the value; list: items; set: sorted members; hash: sorted [field, value]; zset: [member, score] in order. */
  value: string | string[] | string[][];
}

export type Contents = Record<string, Record<string, KeySnapshot>>;

const L = (s: string): Buffer => Buffer.from(s, 'latin1');
const S = (b: unknown): string => (Buffer.isBuffer(b) ? b.toString('latin1') : String(b));

async function call(r: Redis, ...args: string[]): Promise<unknown> {
  return r.callBuffer(args[0], ...args.slice(1).map(L));
}

async function keyValue(r: Redis, type: string, key: string): Promise<KeySnapshot['value']> {
  const list = async (...a: string[]): Promise<string[]> => ((await call(r, ...a)) as Buffer[]).map(S);
  switch (type) {
    case 'string':
      return S(await call(r, 'GET', key));
    case 'list':
      return list('LRANGE', key, '0', '-1');
    case 'set':
      return (await list('SMEMBERS', key)).sort();
    case 'hash': {
      const flat = await list('HGETALL', key);
      const pairs: string[][] = [];
      for (let i = 0; i < flat.length; i += 2) pairs.push([flat[i], flat[i + 1]]);
      return pairs.sort((a, b) => (a[0] < b[0] ? -1 : 1));
    }
    case 'zset': {
      const flat = await list('ZRANGE', key, '0', '-1', 'WITHSCORES');
      const pairs: string[][] = [];
      for (let i = 0; i < flat.length; i += 2) pairs.push([flat[i], flat[i + 1]]);
      return pairs;
    }
    default:
      return `<${type}>`;
  }
}

/** Snapshot of every database 0..dbCount-1 that holds keys. */
export async function readContents(port: number, dbCount = 16): Promise<Contents> {
  const r = new Redis({ port, lazyConnect: true, enableReadyCheck: false, maxRetriesPerRequest: 0 });
  await r.connect();
  const out: Contents = {};
  try {
    for (let db = 0; db < dbCount; db++) {
      await r.select(db);
      const keys = ((await call(r, 'KEYS', '*')) as Buffer[]).map(S).sort();
      if (keys.length === 0) continue;
      const dbOut: Record<string, KeySnapshot> = {};
      for (const key of keys) {
        const type = S(await call(r, 'TYPE', key));
        const expireAt = Number(await call(r, 'PEXPIRETIME', key));
        dbOut[key] = { type, expireAt, value: await keyValue(r, type, key) };
      }
      out[String(db)] = dbOut;
    }
  } finally {
    r.disconnect();
  }
  return out;
}

/** OBJECT ENCODING of every key, for encoding-level comparisons. */
export async function readEncodings(port: number, db = 0): Promise<Record<string, string>> {
  const r = new Redis({ port, db, lazyConnect: true });
  await r.connect();
  try {
    const keys = ((await call(r, 'KEYS', '*')) as Buffer[]).map(S);
    const out: Record<string, string> = {};
    for (const k of keys) out[k] = S(await call(r, 'OBJECT', 'ENCODING', k));
    return out;
  } finally {
    r.disconnect();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  readContents(Number(process.argv[2])).then((c) => process.stdout.write(JSON.stringify(c) + '\n'));
}

/** Recreates `contents` on an empty server with ordinary write commands (RPUSH, SADD, HSET, ZADD, SET). */
export async function writeContents(port: number, contents: Contents): Promise<void> {
  const r = new Redis({ port, lazyConnect: true, enableReadyCheck: false });
  await r.connect();
  try {
    for (const [db, keys] of Object.entries(contents)) {
      await r.select(Number(db));
      for (const [key, k] of Object.entries(keys)) {
        for (const argv of writeCommands(key, k)) await call(r, ...argv);
        if (k.expireAt >= 0) await call(r, 'PEXPIREAT', key, String(k.expireAt));
      }
    }
  } finally {
    r.disconnect();
  }
}

function writeCommands(key: string, k: KeySnapshot): string[][] {
  const v = k.value;
  switch (k.type) {
    case 'string':
      return [['SET', key, v as string]];
    case 'list':
      return [['RPUSH', key, ...(v as string[])]];
    case 'set':
      return [['SADD', key, ...(v as string[])]];
    case 'hash':
      return [['HSET', key, ...(v as string[][]).flat()]];
    case 'zset':
      return [['ZADD', key, ...(v as string[][]).flatMap(([m, s]) => [s, m])]];
    default:
      throw new Error(`cannot write type ${k.type}`);
  }
}
