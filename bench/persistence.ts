/**
 * Persistence benchmark (issue 4), Redoubt against real Redis on the same data:
 *  - BGSAVE stall: with 1,000,000 keys and a client writing existing keys one command at a time, the worst
 *    and 99th-percentile command latency during a BGSAVE, against the same client with no save running.
 *    Redis forks; Redoubt snapshots in slices with copy-on-write per key (target: worst case under 50 ms).
 *  - RDB speed: SAVE time and file size, and the time to load that file at startup (until loading:0).
 * Export: `persistence` (a BenchModule for bench/run.ts); `node dist/bench/persistence.js` runs it alone.
 */
import { createConnection } from 'node:net';
import { statSync, copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { infoFields, intCommand, markdownTable, median, pipelineLoad, pollUntil, rawCommand, sleep, startBenchServer, value10, type BenchModule, type BenchServer, type ServerKind } from './lib.js';
import { startRealRedis, startRedoubt, tempDir } from '../test/helpers/server.js';

const KEYS = 1_000_000;

/** Sends SET key:<random> one at a time until stop() and records each round trip in ms. */
function latencyProbe(port: number, keys: number): { stop: () => Promise<number[]> } {
  const samples: number[] = [];
  const s = createConnection({ port, host: '127.0.0.1' });
  s.setNoDelay(true);
  let running = true;
  let t0 = 0;
  let seed = 1;
  let done: (() => void) | null = null;
  const send = (): void => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    const key = `key:${seed % keys}`;
    t0 = performance.now();
    s.write(`*3\r\n$3\r\nSET\r\n$${key.length}\r\n${key}\r\n$4\r\nprob\r\n`);
  };
  s.on('connect', send);
  s.on('data', () => {
    samples.push(performance.now() - t0);
    if (running) send();
    else done?.();
  });
  return {
    stop: () =>
      new Promise((resolve) => {
        running = false;
        done = () => {
          s.destroy();
          resolve(samples);
        };
      }),
  };
}

function pct(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? 0;
}

interface StallResult {
  baseMax: number;
  baseP99: number;
  saveMax: number;
  saveP99: number;
  saveMs: number;
}

async function measureStall(srv: BenchServer, keys: number): Promise<StallResult> {
  const base = latencyProbe(srv.port, keys);
  await sleep(2000);
  const baseSamples = await base.stop();
  const probe = latencyProbe(srv.port, keys);
  await sleep(200);
  const t0 = performance.now();
  const reply = await rawCommand(srv.port, ['BGSAVE']);
  if (!reply.startsWith('+')) throw new Error(`BGSAVE: ${reply.trim()}`);
  await pollUntil('BGSAVE', async () => (await infoFields(srv.port, 'persistence')).rdb_bgsave_in_progress === '0', 120_000, 10);
  const saveMs = performance.now() - t0;
  const saveSamples = await probe.stop();
  return { baseMax: Math.max(...baseSamples), baseP99: pct(baseSamples, 99), saveMax: Math.max(...saveSamples), saveP99: pct(saveSamples, 99), saveMs };
}

interface SpeedResult {
  saveMs: number;
  loadMs: number;
  bytes: number;
}

/** SAVE on a loaded server, then a fresh server of the same kind loads the file at startup. */
async function measureSpeed(kind: ServerKind, srv: BenchServer): Promise<SpeedResult> {
  const dir = srv.running.dir;
  const t0 = performance.now();
  const reply = await rawCommand(srv.port, ['SAVE'], 120_000);
  if (!reply.startsWith('+OK')) throw new Error(`${kind} SAVE: ${reply.trim()}`);
  const saveMs = performance.now() - t0;
  const file = join(dir, 'dump.rdb');
  const bytes = statSync(file).size;
  const fresh = tempDir('bench-load-');
  copyFileSync(file, join(fresh, 'dump.rdb'));
  const t1 = performance.now();
  const args = ['--save', '', '--appendonly', 'no'];
  const loaded = kind === 'redis' ? await startRealRedis(args, { dir: fresh }) : await startRedoubt(args, { dir: fresh });
  try {
    await pollUntil('load', async () => (await intCommand(loaded.port, ['DBSIZE'])) === KEYS, 120_000, 10);
    return { saveMs, loadMs: performance.now() - t1, bytes };
  } finally {
    await loaded.stop('SIGKILL');
  }
}

const f1 = (x: number): string => x.toFixed(1);

export const persistence: BenchModule = {
  name: 'persistence',
  description: 'BGSAVE worst-case latency with 1M keys; RDB save/load speed vs Redis',
  async run(opts, log) {
    const rows: string[][] = [];
    const speed: string[][] = [];
    const rounds = Math.max(1, Math.min(opts.rounds, 3));
    for (const kind of ['redoubt', 'redis'] as ServerKind[]) {
      const stalls: StallResult[] = [];
      const speeds: SpeedResult[] = [];
      for (let r = 0; r < rounds; r++) {
        const srv = await startBenchServer(kind);
        try {
          log(`${kind}: loading ${KEYS} keys (round ${r + 1})`);
          await pipelineLoad(srv.port, KEYS, (i) => ['SET', `key:${i}`, value10(i)]);
          stalls.push(await measureStall(srv, KEYS));
          speeds.push(await measureSpeed(kind, srv));
        } finally {
          await srv.stop();
        }
      }
      const m = (f: (s: StallResult) => number): string => f1(median(stalls.map(f)));
      rows.push([kind, m((s) => s.baseMax), m((s) => s.baseP99), m((s) => s.saveMax), m((s) => s.saveP99), m((s) => s.saveMs)]);
      const sp = (f: (s: SpeedResult) => number): number => median(speeds.map(f));
      speed.push([kind, f1(sp((s) => s.saveMs)), f1(sp((s) => s.loadMs)), (sp((s) => s.bytes) / 1e6).toFixed(1)]);
    }
    const table =
      markdownTable(['server', 'max ms (no save)', 'p99 ms (no save)', 'max ms (during BGSAVE)', 'p99 ms (during BGSAVE)', 'BGSAVE ms'], rows) +
      '\n\n' +
      markdownTable(['server', `SAVE ms (${KEYS} keys)`, 'load at startup ms', 'RDB MB'], speed);
    return {
      title: `Persistence: BGSAVE stall and RDB speed (${KEYS} keys, medians of ${rounds} rounds)`,
      table,
      notes: ['Latency: one client writing random existing keys, one command at a time (target: Redoubt worst case during BGSAVE < 50 ms).', 'Load time includes process start until DBSIZE answers the full count.'],
    };
  },
};

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  persistence
    .run({ rounds: 1, quick: true, tests: null }, (m) => console.error(m))
    .then((s) => console.log(`## ${s.title}\n\n${s.table}\n\n${s.notes.map((n) => `- ${n}`).join('\n')}`));
}
