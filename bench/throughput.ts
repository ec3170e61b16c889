/**
 * Throughput benchmark: redis-benchmark's default suite plus GET/SET pipelined 16 deep, against Redoubt and
 * real Redis on the same machine. The two servers are alternated test by test (A B, then B A next round) so
 * that drift on a shared machine hits both alike. Per test: median requests/s of each, the ratio
 * Redoubt/Redis, and the server CPU time per request (user+sys from /proc over the run), which is the steadier
 * figure when the client, not the server, is the bottleneck (2 cores).
 */
import { cpuTimeMs, markdownTable, median, missingCommands, runRedisBenchmark, startBenchServer, type BenchModule, type BenchOptions, type BenchServer } from './lib.js';

interface Case {
  name: string;
  /** The redis-benchmark -t test. */
  test: string;
  /** Commands Redoubt must implement for this test (COMMAND INFO probe). */
  needs: string[];
  pipeline: number;
  requests: number;
  /** Minimum Redoubt/Redis throughput ratio from the targets. */
  target: number;
}

const SUITE: [string, string[]][] = [
  ['ping_inline', ['ping']], ['ping_mbulk', ['ping']], ['set', ['set']], ['get', ['get']], ['incr', ['incr']],
  ['lpush', ['lpush']], ['rpush', ['rpush']], ['lpop', ['lpop']], ['rpop', ['rpop']], ['sadd', ['sadd']], ['hset', ['hset']],
  ['spop', ['spop']], ['zadd', ['zadd']], ['zpopmin', ['zpopmin']], ['lrange_100', ['lpush', 'lrange']],
  ['lrange_300', ['lpush', 'lrange']], ['lrange_500', ['lpush', 'lrange']], ['lrange_600', ['lpush', 'lrange']], ['mset', ['mset']],
];

function cases(opts: BenchOptions): Case[] {
  const scale = opts.quick ? 0.2 : 1;
  const out: Case[] = SUITE.map(([test, needs]) => ({
    name: `${test} -P 1`,
    test,
    needs,
    pipeline: 1,
    requests: Math.round((test.startsWith('lrange') ? 20_000 : 100_000) * scale),
    target: test === 'get' || test === 'set' ? 0.85 : 0.5,
  }));
  for (const test of ['set', 'get']) {
    out.push({ name: `${test} -P 16`, test, needs: [test], pipeline: 16, requests: Math.round(1_000_000 * scale), target: 0.6 });
  }
  return opts.tests ? out.filter((c) => opts.tests!.includes(c.test) || opts.tests!.includes(c.name)) : out;
}

interface Sample {
  rps: number;
  cpuUsPerRequest: number;
}

async function measure(server: BenchServer, c: Case): Promise<Sample> {
  const cpu0 = cpuTimeMs(server.pid);
  const rows = await runRedisBenchmark(server.port, ['-c', '50', '-P', String(c.pipeline), '-n', String(c.requests), '-t', c.test]);
  const cpu1 = cpuTimeMs(server.pid);
  // lrange_* first runs an LPUSH fill: the throughput is LRANGE's row, CPU is over every request of the run.
  const row = rows[rows.length - 1];
  return { rps: row.rps, cpuUsPerRequest: ((cpu1 - cpu0) * 1000) / (c.requests * rows.length) };
}

function fmtRps(x: number): string {
  return x >= 1000 ? `${Math.round(x / 1000)}k` : String(Math.round(x));
}

export const throughput: BenchModule = {
  name: 'throughput',
  description: 'redis-benchmark default suite and GET/SET -P 16, Redoubt vs Redis',
  async run(opts, log) {
    const redoubt = await startBenchServer('redoubt');
    const redis = await startBenchServer('redis');
    const notes: string[] = [];
    const rows: string[][] = [];
    try {
      const all = cases(opts);
      const missing = await missingCommands(redoubt.port, [...new Set(all.flatMap((c) => c.needs))]);
      for (const c of all) {
        const lacking = c.needs.filter((n) => missing.includes(n));
        if (lacking.length > 0) {
          notes.push(`skipped ${c.name}: Redoubt does not implement ${lacking.join(', ').toUpperCase()} yet`);
          continue;
        }
        const samples: Record<'redoubt' | 'redis', Sample[]> = { redoubt: [], redis: [] };
        for (let round = 0; round < opts.rounds; round++) {
          const order = round % 2 === 0 ? [redoubt, redis] : [redis, redoubt];
          for (const s of order) samples[s.kind].push(await measure(s, c));
        }
        const a = median(samples.redoubt.map((s) => s.rps));
        const b = median(samples.redis.map((s) => s.rps));
        const ca = median(samples.redoubt.map((s) => s.cpuUsPerRequest));
        const cb = median(samples.redis.map((s) => s.cpuUsPerRequest));
        const ratio = a / b;
        log(`${c.name}: redoubt ${fmtRps(a)}/s, redis ${fmtRps(b)}/s, ratio ${ratio.toFixed(2)}`);
        rows.push([c.name, fmtRps(a), fmtRps(b), ratio.toFixed(2), ca.toFixed(1), cb.toFixed(1), (ca / cb).toFixed(1), `${ratio >= c.target ? 'ok' : 'BELOW'} (${c.target})`]);
      }
    } finally {
      await Promise.all([redoubt.stop(), redis.stop()]);
    }
    notes.push(`${opts.rounds} rounds per test, servers alternated (A B, then B A); medians; redis-benchmark -c 50.`);
    notes.push('CPU = server user+sys time per request in microseconds (lrange_*: including the LPUSH fill).');
    const table = markdownTable(['test', 'Redoubt req/s', 'Redis req/s', 'ratio', 'Redoubt CPU µs/req', 'Redis CPU µs/req', 'CPU ×', 'target'], rows);
    return { title: 'Throughput (redis-benchmark)', table, notes };
  },
};
