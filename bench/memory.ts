/**
 * Memory benchmark (issue 3): bytes per key for 1,000,000 small strings and for 100,000 ten-field hashes,
 * ten-integer sets and ten-member sorted sets (the small encodings: listpack, intset),
 * Redoubt against real Redis, each loaded into a fresh server through pipelined SET / HSET / SADD / ZADD over a raw socket
 * (the path real data takes; DEBUG POPULATE would build values differently from a client's). Why two
 * measures: Redis's INFO used_memory counts what its allocator hands out, while a Node process's real cost is
 * its resident memory (V8 heap with its slack, code, buffers), so Redoubt is judged on RSS growth over a
 * fresh process and its own INFO used_memory growth is printed alongside; Redis's RSS growth is shown too.
 */
import { infoFields, intCommand, markdownTable, median, missingCommands, pipelineLoad, rssBytes, sleep, startBenchServer, value10, type BenchModule, type ServerKind } from './lib.js';

interface MemCase {
  name: string;
  count: number;
  /** Commands Redoubt must implement (COMMAND INFO probe). */
  needs: string[];
  command: (i: number) => string[];
  /** Maximum Redoubt RSS / Redis used_memory per key, when the issue sets one. */
  target: number | null;
}

const HASH_FIELDS = 10;
const SET_MEMBERS = 10;

const CASES: MemCase[] = [
  { name: '1,000,000 strings (key:<n> -> 10 bytes)', count: 1_000_000, needs: ['set'], command: (i) => ['SET', `key:${i}`, value10(i)], target: 2 },
  {
    name: `100,000 hashes of ${HASH_FIELDS} fields (10-byte values)`,
    count: 100_000,
    needs: ['hset'],
    command: (i) => {
      const argv = ['HSET', `hash:${i}`];
      for (let f = 0; f < HASH_FIELDS; f++) argv.push(`field:${f}`, value10(i * HASH_FIELDS + f));
      return argv;
    },
    target: null,
  },
  {
    name: `100,000 sets of ${SET_MEMBERS} small integers`,
    count: 100_000,
    needs: ['sadd'],
    command: (i) => {
      const argv = ['SADD', `set:${i}`];
      for (let m = 0; m < SET_MEMBERS; m++) argv.push(String(m * 1000 + (i % 1000)));
      return argv;
    },
    target: null,
  },
  {
    name: `100,000 sorted sets of ${SET_MEMBERS} members`,
    count: 100_000,
    needs: ['zadd'],
    command: (i) => {
      const argv = ['ZADD', `zset:${i}`];
      for (let m = 0; m < SET_MEMBERS; m++) argv.push(String((i + m) % 1000), `member:${m}`);
      return argv;
    },
    target: null,
  },
];

interface MemSample {
  rssPerKey: number;
  usedPerKey: number;
  rssTotal: number;
  usedTotal: number;
}

async function usedMemory(port: number): Promise<number> {
  return Number((await infoFields(port, 'memory')).used_memory);
}

/** One fresh server: baseline right after start, load, settle briefly, then the growth per key. */
async function measure(kind: ServerKind, c: MemCase): Promise<MemSample> {
  const server = await startBenchServer(kind);
  try {
    const rss0 = rssBytes(server.pid);
    const used0 = await usedMemory(server.port);
    await pipelineLoad(server.port, c.count, c.command);
    const keys = await intCommand(server.port, ['DBSIZE']);
    if (keys !== c.count) throw new Error(`${kind}: DBSIZE ${keys} after loading ${c.count} keys`);
    await sleep(500);
    const rssTotal = rssBytes(server.pid) - rss0;
    const usedTotal = (await usedMemory(server.port)) - used0;
    return { rssPerKey: rssTotal / c.count, usedPerKey: usedTotal / c.count, rssTotal, usedTotal };
  } finally {
    await server.stop();
  }
}

function cell(perKey: number, total: number): string {
  return `${Math.round(perKey)} (${(total / 1048576).toFixed(1)} MB)`;
}

async function runCase(c: MemCase, rounds: number, log: (msg: string) => void): Promise<string[]> {
  const samples: Record<ServerKind, MemSample[]> = { redoubt: [], redis: [] };
  for (let round = 0; round < rounds; round++) {
    const order: ServerKind[] = round % 2 === 0 ? ['redoubt', 'redis'] : ['redis', 'redoubt'];
    for (const kind of order) samples[kind].push(await measure(kind, c));
  }
  const pick = (kind: ServerKind, f: (s: MemSample) => number): number => median(samples[kind].map(f));
  const a = { rss: pick('redoubt', (s) => s.rssPerKey), used: pick('redoubt', (s) => s.usedPerKey) };
  const b = { rss: pick('redis', (s) => s.rssPerKey), used: pick('redis', (s) => s.usedPerKey) };
  const ratio = a.rss / b.used;
  log(`${c.name}: Redoubt RSS ${Math.round(a.rss)} B/key, Redis used_memory ${Math.round(b.used)} B/key, ratio ${ratio.toFixed(2)}`);
  const verdict = c.target === null ? '—' : `${ratio <= c.target ? 'ok' : 'ABOVE'} (≤ ${c.target})`;
  return [
    c.name,
    cell(a.rss, pick('redoubt', (s) => s.rssTotal)),
    cell(a.used, pick('redoubt', (s) => s.usedTotal)),
    cell(b.used, pick('redis', (s) => s.usedTotal)),
    cell(b.rss, pick('redis', (s) => s.rssTotal)),
    ratio.toFixed(2),
    (a.rss / b.rss).toFixed(2),
    verdict,
  ];
}

export const memory: BenchModule = {
  name: 'memory',
  description: 'bytes per key, 1M strings, 100k hashes, sets and sorted sets, Redoubt RSS vs Redis used_memory',
  async run(opts, log) {
    const rows: string[][] = [];
    const notes: string[] = [];
    const probe = await startBenchServer('redoubt');
    const missing = await missingCommands(probe.port, [...new Set(CASES.flatMap((c) => c.needs))]).finally(() => probe.stop());
    for (const c of CASES) {
      const lacking = c.needs.filter((n) => missing.includes(n));
      if (lacking.length > 0) {
        notes.push(`skipped ${c.name}: Redoubt does not implement ${lacking.join(', ').toUpperCase()} yet`);
        continue;
      }
      try {
        rows.push(await runCase(c, opts.rounds, log));
      } catch (e) {
        notes.push(`${c.name}: not available (${e instanceof Error ? e.message : String(e)})`);
      }
    }
    notes.push(`${opts.rounds} rounds, a fresh server per measurement, Redoubt and Redis alternated (A B, then B A); medians.`);
    notes.push('Bytes per key (total growth in brackets). Redoubt RSS = VmRSS after the load minus VmRSS right after start; used_memory = INFO memory delta.');
    notes.push('ratio = Redoubt RSS / Redis used_memory (the issue\'s measure); RSS ratio = Redoubt RSS / Redis RSS.');
    const headers = ['dataset', 'Redoubt RSS B/key', 'Redoubt used_memory B/key', 'Redis used_memory B/key', 'Redis RSS B/key', 'ratio', 'RSS ratio', 'target'];
    return { title: 'Memory per key', table: markdownTable(headers, rows), notes };
  },
};
