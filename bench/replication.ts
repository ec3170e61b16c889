/**
 * Replication benchmark (issue 5): (a) full sync of 1,000,000 keys to a fresh replica, disk-based and
 * diskless, timed from REPLICAOF until the replica reports master_link_status:up with every key; (b) replica
 * lag under a redis-benchmark write load on the master (SET -P 16), sampled as master offset minus replica
 * offset, and the time the replica needs to catch up once the load stops. Redoubt master+replica against
 * Redis master+replica in the same run, alternated. Why REPLICAOF at run time rather than --replicaof at
 * start: process start-up (Node's ~0.2 s) is not part of a sync, and both servers take the same path.
 * When the Redoubt side fails (replication still landing), its cells say "n/a" and a note says why.
 */
import {
  infoFields, intCommand, markdownTable, median, pipelineLoad, pollUntil, rawCommand, runRedisBenchmark, sleep, startBenchServer, value10,
  type BenchModule, type BenchOptions, type BenchServer, type ServerKind,
} from './lib.js';

const KEYS = 1_000_000;
const MODES = ['disk', 'diskless'] as const;
type Mode = (typeof MODES)[number];
/** Full-sync time target: Redoubt at most this many times Redis's. */
const SYNC_TARGET = 2;
const CATCH_UP_TIMEOUT_MS = 10_000;

interface Side {
  kind: ServerKind;
  master: BenchServer | null;
  /** Why this side stopped being measured (null while it works). */
  error: string | null;
  sync: Record<Mode, number[]>;
  lag: LagSample[];
  /** Anomalies worth printing under the table. */
  notes: string[];
}

interface LagSample {
  rps: number;
  maxLag: number;
  medianLag: number;
  /** NaN when the replica never caught up (then `stuck` says where it stopped). */
  catchUpMs: number;
  /** What went wrong in this run, if anything (printed as a note). */
  stuck: string | null;
}

function message(e: unknown): string {
  const text = e instanceof Error ? e.message : String(e);
  return text.replace(/\s+/g, ' ').trim().slice(0, 300);
}

async function prepareMaster(side: Side, log: (msg: string) => void): Promise<void> {
  side.master = await startBenchServer(side.kind, ['--repl-diskless-sync-delay', '0']);
  const t0 = performance.now();
  await pipelineLoad(side.master.port, KEYS, (i) => ['SET', `key:${i}`, value10(i)]);
  log(`${side.kind} master loaded ${KEYS} keys in ${Math.round(performance.now() - t0)} ms`);
}

/** Starts an empty replica and points it at the master; resolves once it has every key, with the time taken. */
async function syncReplica(kind: ServerKind, master: BenchServer, timeoutMs: number): Promise<{ replica: BenchServer; ms: number }> {
  const replica = await startBenchServer(kind);
  try {
    const t0 = performance.now();
    const reply = await rawCommand(replica.port, ['REPLICAOF', '127.0.0.1', String(master.port)]);
    if (!reply.startsWith('+OK')) throw new Error(`REPLICAOF answered ${reply.trim() || 'nothing'}`);
    await pollUntil(`the ${kind} replica to be up with ${KEYS} keys`, async () => {
      const info = await infoFields(replica.port, 'replication');
      return info.master_link_status === 'up' && (await intCommand(replica.port, ['DBSIZE'])) === KEYS;
    }, timeoutMs);
    return { replica, ms: performance.now() - t0 };
  } catch (e) {
    await replica.stop();
    throw e;
  }
}

async function measureSync(side: Side, mode: Mode, timeoutMs: number): Promise<void> {
  const master = side.master!;
  const set = await rawCommand(master.port, ['CONFIG', 'SET', 'repl-diskless-sync', mode === 'diskless' ? 'yes' : 'no']);
  if (!set.startsWith('+OK')) throw new Error(`CONFIG SET repl-diskless-sync: ${set.trim()}`);
  const { replica, ms } = await syncReplica(side.kind, master, timeoutMs);
  await replica.stop();
  side.sync[mode].push(ms);
}

/** The replication offset a node has processed: the master's own, or what a replica has applied. */
async function offset(port: number): Promise<number> {
  const info = await infoFields(port, 'replication');
  return Number(info.role === 'slave' ? info.slave_repl_offset ?? info.master_repl_offset : info.master_repl_offset);
}

async function measureLag(master: BenchServer, replica: BenchServer, requests: number): Promise<LagSample> {
  const lags: number[] = [];
  let missed = 0;
  let loading = true;
  const sampler = (async () => {
    while (loading) {
      try {
        const [m, r] = await Promise.all([offset(master.port), offset(replica.port)]);
        lags.push(Math.max(0, m - r));
      } catch {
        missed++; // a node too busy to answer INFO within 2 s: counted, not fatal
      }
      await sleep(50);
    }
  })();
  const rows = await runRedisBenchmark(master.port, ['-c', '50', '-P', '16', '-n', String(requests), '-t', 'set', '-r', String(KEYS)]).finally(() => (loading = false));
  const tEnd = performance.now();
  const target = await offset(master.port);
  let catchUpMs = NaN;
  let stuck: string | null = null;
  try {
    await pollUntil('the replica to catch up', async () => (await offset(replica.port)) >= target, CATCH_UP_TIMEOUT_MS, 5);
    catchUpMs = performance.now() - tEnd;
  } catch {
    const info = await infoFields(replica.port, 'replication');
    stuck = `the replica never reached the master's offset ${target} within ${CATCH_UP_TIMEOUT_MS / 1000} s: slave_read_repl_offset ${info.slave_read_repl_offset}, slave_repl_offset ${info.slave_repl_offset}`;
  }
  await sampler;
  if (missed > 0) stuck = `${stuck ? `${stuck}; ` : ''}${missed} lag sample(s) missed (INFO unanswered for 2 s)`;
  return { rps: rows[rows.length - 1].rps, maxLag: Math.max(0, ...lags), medianLag: median(lags), catchUpMs, stuck };
}

async function fullSyncRounds(sides: Side[], opts: BenchOptions, log: (msg: string) => void): Promise<void> {
  const timeoutMs = opts.quick ? 60_000 : 120_000;
  for (let round = 0; round < opts.rounds; round++) {
    for (const mode of MODES) {
      const order = round % 2 === 0 ? sides : [...sides].reverse();
      for (const side of order) {
        if (side.error) continue;
        try {
          await measureSync(side, mode, timeoutMs);
          log(`round ${round + 1} ${mode} full sync ${side.kind}: ${Math.round(side.sync[mode].at(-1)!)} ms`);
        } catch (e) {
          if (side.kind === 'redis') throw e;
          side.error = `full sync (${mode}): ${message(e)}`;
        }
      }
    }
  }
}

async function lagRounds(sides: Side[], opts: BenchOptions, log: (msg: string) => void): Promise<void> {
  const requests = opts.quick ? 500_000 : 2_000_000;
  const replicas = new Map<Side, BenchServer>();
  try {
    for (const side of sides) {
      if (side.error) continue;
      await rawCommand(side.master!.port, ['CONFIG', 'SET', 'repl-diskless-sync', 'yes']);
      try {
        replicas.set(side, (await syncReplica(side.kind, side.master!, 120_000)).replica);
      } catch (e) {
        if (side.kind === 'redis') throw e;
        side.error = `replica for the lag test: ${message(e)}`;
      }
    }
    for (let round = 0; round < opts.rounds; round++) {
      for (const side of round % 2 === 0 ? sides : [...sides].reverse()) {
        const replica = replicas.get(side);
        if (!replica || side.error) continue;
        try {
          side.lag.push(await measureLag(side.master!, replica, requests));
          const s = side.lag.at(-1)!;
          if (s.stuck) side.notes.push(`round ${round + 1}: ${s.stuck}`);
          log(`round ${round + 1} lag ${side.kind}: max ${s.maxLag} B, median ${s.medianLag} B, catch-up ${Math.round(s.catchUpMs)} ms`);
        } catch (e) {
          if (side.kind === 'redis') throw e;
          side.error = `lag under load: ${message(e)}`;
        }
      }
    }
  } finally {
    await Promise.all([...replicas.values()].map((r) => r.stop()));
  }
}

function fmt(x: number): string {
  return Number.isFinite(x) ? String(Math.round(x)) : 'n/a';
}

function row(label: string, a: number[], b: number[], target = ''): string[] {
  const ma = a.length > 0 ? median(a) : NaN;
  const mb = b.length > 0 ? median(b) : NaN;
  const ratio = Number.isFinite(ma) && mb > 0 ? (ma / mb).toFixed(2) : 'n/a';
  let verdict = target;
  if (target && ratio !== 'n/a') verdict = `${Number(ratio) <= SYNC_TARGET ? 'ok' : 'ABOVE'} ${target}`;
  return [label, fmt(ma), fmt(mb), ratio, verdict];
}

function table(redoubt: Side, redis: Side): string {
  const lag = (s: Side, f: (x: LagSample) => number): number[] => s.lag.map(f);
  const rows = [
    ...MODES.map((m) => row(`full sync of 1M keys, ${m === 'disk' ? 'disk-based' : 'diskless'} (ms)`, redoubt.sync[m], redis.sync[m], `(≤ ${SYNC_TARGET})`)),
    row('write load on the master: SET -P 16 -c 50 (req/s)', lag(redoubt, (x) => x.rps), lag(redis, (x) => x.rps)),
    row('replica lag during the load, max (bytes)', lag(redoubt, (x) => x.maxLag), lag(redis, (x) => x.maxLag)),
    row('replica lag during the load, median (bytes)', lag(redoubt, (x) => x.medianLag), lag(redis, (x) => x.medianLag)),
    row('catch-up after the load ends (ms)', lag(redoubt, (x) => x.catchUpMs).filter(Number.isFinite), lag(redis, (x) => x.catchUpMs).filter(Number.isFinite)),
  ];
  return markdownTable(['measure', 'Redoubt', 'Redis', 'ratio', 'target'], rows);
}

export const replication: BenchModule = {
  name: 'replication',
  description: 'full sync of 1M keys (disk, diskless) and replica lag under a SET load, Redoubt vs Redis',
  async run(opts, log) {
    const side = (kind: ServerKind): Side => ({ kind, master: null, error: null, sync: { disk: [], diskless: [] }, lag: [], notes: [] });
    const redoubt = side('redoubt');
    const redis = side('redis');
    const sides = [redoubt, redis];
    try {
      for (const s of sides) {
        await prepareMaster(s, log).catch((e) => {
          if (s.kind === 'redis') throw e;
          s.error = `loading the master: ${message(e)}`;
        });
      }
      await fullSyncRounds(sides, opts, log);
      await lagRounds(sides, opts, log);
    } finally {
      await Promise.all(sides.map((s) => s.master?.stop()));
    }
    const notes: string[] = [];
    for (const s of sides) for (const n of s.notes) notes.push(`${s.kind}: ${n}`);
    if (redoubt.error) notes.push(`Redoubt replication not available: ${redoubt.error} (cells left n/a or from the runs that worked).`);
    notes.push(`${opts.rounds} rounds, Redoubt and Redis alternated (A B, then B A); medians. repl-diskless-sync-delay 0 on both masters.`);
    notes.push('Full sync: a fresh empty replica, timed from REPLICAOF until master_link_status:up and DBSIZE = 1,000,000 (polled every 20 ms).');
    notes.push(`Lag: redis-benchmark -t set -P 16 -c 50 -r ${KEYS} -n ${opts.quick ? '500000' : '2000000'} on the master; master_repl_offset minus the replica's slave_repl_offset every 50 ms; catch-up = from the end of the load until the replica reaches the master's offset.`);
    return { title: 'Replication', table: table(redoubt, redis), notes };
  },
};
