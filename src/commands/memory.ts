/**
 * MEMORY USAGE / STATS / DOCTOR / MALLOC-STATS / PURGE / HELP. Usage figures are estimates in Redis's terms
 * (what the key and value would take in Redis's structures with jemalloc size classes), so tools such as
 * `redis-cli --memkeys` rank keys the way they would on Redis; Node's own heap is reported by INFO memory.
 */
import type { Server } from '../server/server.js';
import type { Client } from '../server/client.js';
import type { Value } from '../keyspace/types/value.js';
import { cmd, container, type CommandSpec } from './spec.js';
import { E } from '../server/errors.js';
import { isKeyword, parseLong } from './util.js';
import { addHelp } from './connection.js';
import { usedMemory } from '../server/info-sections.js';

const BINS = [8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 384, 448, 512, 640, 768, 896, 1024, 1280, 1536, 1792, 2048, 2560, 3072, 3584, 4096];

/** jemalloc's size class for n bytes. */
export function allocSize(n: number): number {
  for (const b of BINS) if (n <= b) return b;
  return Math.ceil(n / 4096) * 4096;
}

function stringBytes(s: string): number {
  return s.length <= 44 ? allocSize(20 + s.length) : 16 + allocSize(s.length + 9);
}

/** Estimated bytes of a value, sampling up to `samples` elements of collections (0 = all). */
export function estimateValue(v: Value, samples: number): number {
  if (typeof v === 'string') return stringBytes(v);
  const n = v.size();
  const enc = v.encoding();
  const compact = enc === 'listpack' || enc === 'intset' || enc === 'quicklist';
  const items = sampleItems(v, samples);
  const avg = items.length ? items.reduce((a, s) => a + s.length, 0) / items.length : 0;
  if (compact) return 16 + allocSize(Math.ceil(11 + n * (avg + 2)));
  return 16 + 64 + Math.ceil(n * (24 + allocSize(avg + 4) + (v.kind === 'zset' ? 40 : v.kind === 'hash' ? allocSize(avg + 4) : 0)));
}

/** Up to `samples` element strings (members, fields or list items) of a collection. */
function sampleItems(v: Value, samples: number): string[] {
  const out: string[] = [];
  const max = samples === 0 ? Infinity : samples;
  const obj = v as unknown as { forEach?: (fn: (a: string) => void) => void; [Symbol.iterator]?: () => Iterator<string> };
  if (typeof obj.forEach === 'function') {
    obj.forEach((a: string) => {
      if (out.length < max) out.push(a);
    });
  } else if (typeof obj[Symbol.iterator] === 'function') {
    for (const x of v as unknown as Iterable<string>) {
      if (out.length >= max) break;
      out.push(x);
    }
  }
  return out;
}

function usage(c: Client, argv: string[]): void {
  let samples = 5;
  if (argv.length === 5 && isKeyword(argv[3], 'SAMPLES')) {
    const n = parseLong(argv[4]);
    if (n === null || n < 0) return c.addError(E.NOT_INTEGER);
    samples = n;
  } else if (argv.length !== 3) {
    return c.addError(E.SYNTAX);
  }
  const v = c.db.peek(argv[2]);
  if (v === undefined) return c.addNull();
  c.addInt(32 + allocSize(argv[2].length + 3) + estimateValue(v, samples));
}

function stats(c: Client): void {
  const s = c.server;
  const used = usedMemory();
  const pairs: [string, number | string][] = [
    ['peak.allocated', used],
    ['total.allocated', used],
    ['startup.allocated', 0],
    ['replication.backlog', s.settings.replBacklogSize],
    ['clients.slaves', 0],
    ['clients.normal', 0],
    ['cluster.links', 0],
    ['aof.buffer', 0],
    ['lua.caches', 0],
    ['functions.caches', 0],
    ['overhead.total', 0],
    ['keys.count', s.dbs.reduce((a, db) => a + db.size, 0)],
    ['keys.bytes-per-key', 0],
    ['dataset.bytes', used],
    ['dataset.percentage', '100'],
    ['peak.percentage', '100'],
    ['fragmentation', String((process.memoryUsage.rss() / Math.max(1, used)).toFixed(2))],
  ];
  c.addMapLen(pairs.length);
  for (const [k, v] of pairs) {
    c.addBulk(k);
    if (typeof v === 'number') c.addInt(v);
    else c.addDouble(Number(v));
  }
}

function doctor(c: Client): void {
  const keys = c.server.dbs.reduce((a, db) => a + db.size, 0);
  const text =
    keys === 0
      ? "Hi Sam, this instance is empty or is using very little memory, my issues detector can't be used in these conditions. Please, leave for your mission on Earth and fill it with some data. The new Sam and I will be back to our programming as soon as I finished rebooting."
      : "Hi Sam, I can't find any memory issue in your instance. I can only account for what occurs on this base.";
  c.addVerbatim(text);
}

const HELP = [
  'MEMORY <subcommand> [<arg> [value] [opt] ...]. Subcommands are:',
  'DOCTOR',
  '    Return memory problems reports.',
  'MALLOC-STATS',
  '    Return internal statistics report from the memory allocator.',
  'PURGE',
  '    Attempt to purge dirty pages for reclamation by the allocator.',
  'STATS',
  '    Return information about the memory usage of the server.',
  'USAGE <key> [SAMPLES <count>]',
  '    Return memory in bytes used by <key> and its value. Nested values are',
  '    sampled up to <count> times (default: 5, 0 means sample all).',
  'HELP',
  '    Prints this help.',
];

const SUBS: CommandSpec[] = [
  cmd('usage', -3, 'readonly', [2, 2, 1], 'server', usage, { since: '4.0.0' }),
  cmd('stats', 2, '', [0, 0, 0], 'server', stats, { since: '4.0.0' }),
  cmd('doctor', 2, '', [0, 0, 0], 'server', doctor, { since: '4.0.0' }),
  cmd('malloc-stats', 2, '', [0, 0, 0], 'server', (c) => c.addVerbatim('Stats not supported for the current allocator'), { since: '4.0.0' }),
  cmd('purge', 2, '', [0, 0, 0], 'server', (c) => c.addOK(), { since: '4.0.0' }),
  cmd('help', 2, 'loading stale', [0, 0, 0], 'server', (c) => addHelp(c, HELP), { since: '4.0.0' }),
];

export function install(server: Server): void {
  server.commands.register([container('memory', 'server', SUBS, { since: '4.0.0' })]);
}
