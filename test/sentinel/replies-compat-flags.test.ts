/**
 * The flags and values a Sentinel reports over time match a real Redis 7.0 Sentinel's in the same
 * situations: a real master (kill -9) and replica, one real and one Redoubt Sentinel with identical
 * configs. During the SDOWN phase (quorum 3 of 2 Sentinels: no ODOWN) both show the same flag sequences
 * and the same SENTINEL MASTER/SENTINELS/CKQUORUM/INFO shapes; after quorum 2 lets them fail over, both
 * report the same new master, the old master as `s_down,slave,disconnected`, and, once it is restarted,
 * as a plain `slave` again.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { hasRealRedis, SKIP_NO_REDIS, startRealRedis, type RunningServer } from '../helpers/server.js';
import { startNodes, waitFor } from './deploy.js';
import { RawConn, fieldOf, infoShape, shape, startPair, stopSentinel, waitSettled, type Pair } from './replies-compat-helpers.js';
import type { SentinelProc } from './deploy.js';

const skip = hasRealRedis() ? false : SKIP_NO_REDIS;

interface Seen {
  master: string[];
  sentinels: string[];
}

function pushNew(list: string[], v: string | undefined): void {
  if (v !== undefined && list[list.length - 1] !== v) list.push(v);
}

/** Polls a Sentinel's view every 30 ms until `done` says so, recording each distinct flags value. */
async function recordFlags(s: SentinelProc, done: (seen: Seen) => boolean, ms: number): Promise<Seen> {
  const seen: Seen = { master: [], sentinels: [] };
  const deadline = Date.now() + ms;
  while (!done(seen)) {
    if (Date.now() > deadline) throw new Error(`${s.kind}: flags never settled: ${JSON.stringify(seen)}`);
    pushNew(seen.master, fieldOf(await s.client.call('SENTINEL', 'MASTER', 'mymaster'), 'flags'));
    const sens = (await s.client.call('SENTINEL', 'SENTINELS', 'mymaster')) as string[][];
    pushNew(seen.sentinels, sens.map((x) => fieldOf(x, 'flags')).join(' '));
    await new Promise((r) => setTimeout(r, 30));
  }
  return seen;
}

const last = (a: string[]): string | undefined => a[a.length - 1];

async function sameShape(p: Pair, argv: string[]): Promise<void> {
  for (const proto of [2, 3] as const) {
    const [a, b] = await Promise.all([RawConn.open(p.real.port, proto), RawConn.open(p.ours.port, proto)]);
    try {
      const [ra, rb] = await Promise.all([a.send(argv), b.send(argv)]);
      if (argv[0] === 'INFO') {
        const text = (n: typeof ra): string => (n as { v: string }).v;
        const keep = new Set(['sentinel_masters', 'sentinel_tilt']);
        assert.deepEqual(infoShape(text(rb), keep, p.ctx), infoShape(text(ra), keep, p.ctx), `RESP${proto} ${argv.join(' ')}`);
      } else assert.deepEqual(shape(rb, p.ctx), shape(ra, p.ctx), `RESP${proto} ${argv.join(' ')}`);
    } finally {
      a.close();
      b.close();
    }
  }
}

describe('Sentinel flags over time: Redoubt vs real Redis 7.0 Sentinel', { skip }, () => {
  let nodes: { master: RunningServer; replicas: RunningServer[] };
  let p: Pair;
  let restarted: RunningServer | null = null;

  before(async () => {
    nodes = await startNodes(1);
    p = await startPair(nodes.master.port, { quorum: 3, downAfterMs: 1000, failoverTimeoutMs: 6000 });
    await Promise.all([waitSettled(p.real, 1, 1), waitSettled(p.ours, 1, 1)]);
  });

  after(async () => {
    if (p) await Promise.all([stopSentinel(p.real), stopSentinel(p.ours)]);
    for (const n of [nodes?.master, ...(nodes?.replicas ?? []), restarted]) await n?.stop();
  });

  it('after kill -9 of the master: master,disconnected then s_down, and the other Sentinel master_down, in both', async () => {
    await nodes.master.stop('SIGKILL');
    // Both Sentinels see the killed link's EOF within a loop turn or two; a query landing in the very same turn
    // could still read 'master' from either, so the recording starts a moment later.
    await new Promise((r) => setTimeout(r, 100));
    const settled = (s: Seen): boolean => last(s.master) === 's_down,master,disconnected' && last(s.sentinels) === 'sentinel,master_down';
    const [real, ours] = await Promise.all([recordFlags(p.real, settled, 10000), recordFlags(p.ours, settled, 10000)]);
    assert.deepEqual(ours, real);
    assert.deepEqual(real.master, ['master,disconnected', 's_down,master,disconnected']);
    for (const argv of [['SENTINEL', 'MASTER', 'mymaster'], ['SENTINEL', 'MASTERS'], ['SENTINEL', 'SENTINELS', 'mymaster'], ['SENTINEL', 'CKQUORUM', 'mymaster'], ['SENTINEL', 'GET-MASTER-ADDR-BY-NAME', 'mymaster'], ['INFO', 'sentinel']]) {
      await sameShape(p, argv);
    }
    for (const s of [p.real, p.ours]) {
      const m = await s.client.call('SENTINEL', 'MASTER', 'mymaster');
      assert.deepEqual(['quorum', 'num-other-sentinels', 'num-slaves', 'failover-timeout', 'down-after-milliseconds', 'config-epoch', 'parallel-syncs'].map((k) => fieldOf(m, k)), ['3', '1', '1', '6000', '1000', '0', '1'], s.kind);
      assert.ok(Number(fieldOf(m, 's-down-time')) > 0, `${s.kind} s-down-time`);
      assert.match(await s.client.info('sentinel'), /master0:name=mymaster,status=sdown,/);
    }
  });

  it('with quorum 2 both agree on ODOWN, fail over to the replica and list the old master as s_down,slave,disconnected', async () => {
    for (const s of [p.real, p.ours]) assert.equal(await s.client.call('SENTINEL', 'SET', 'mymaster', 'quorum', '2'), 'OK');
    const newPort = String(nodes.replicas[0].port);
    await waitFor(async () => {
      for (const s of [p.real, p.ours]) {
        const m = await s.client.call('SENTINEL', 'MASTER', 'mymaster');
        if (fieldOf(m, 'port') !== newPort || fieldOf(m, 'flags') !== 'master') return false;
        const reps = (await s.client.call('SENTINEL', 'REPLICAS', 'mymaster')) as string[][];
        if (reps.length !== 1 || fieldOf(reps[0], 'flags') !== 's_down,slave,disconnected') return false;
      }
      return true;
    }, 30000, 'both sentinels to switch to the replica');
    const epochs: number[] = [];
    for (const s of [p.real, p.ours]) {
      const m = await s.client.call('SENTINEL', 'MASTER', 'mymaster');
      assert.deepEqual(['quorum', 'num-other-sentinels', 'num-slaves'].map((k) => fieldOf(m, k)), ['2', '1', '1'], s.kind);
      epochs.push(Number(fieldOf(m, 'config-epoch')));
    }
    // One failover, agreed by both: the same config epoch (1, or more if a split vote needed another election round).
    assert.ok(epochs[0] >= 1 && epochs[0] === epochs[1], `config-epoch real ${epochs[0]} ours ${epochs[1]}`);
    for (const argv of [['SENTINEL', 'MASTER', 'mymaster'], ['SENTINEL', 'REPLICAS', 'mymaster'], ['SENTINEL', 'GET-MASTER-ADDR-BY-NAME', 'mymaster'], ['INFO', 'sentinel']]) {
      await sameShape(p, argv);
    }
  });

  it('the old master restarted comes back as a plain slave of the new master in both', async () => {
    restarted = await startRealRedis(['--repl-diskless-sync-delay', '0'], { port: nodes.master.port, dir: nodes.master.dir });
    const newPort = String(nodes.replicas[0].port);
    await waitFor(async () => {
      for (const s of [p.real, p.ours]) {
        const reps = (await s.client.call('SENTINEL', 'REPLICAS', 'mymaster')) as string[][];
        const r = reps[0];
        if (fieldOf(r, 'flags') !== 'slave' || fieldOf(r, 'master-port') !== newPort || fieldOf(r, 'role-reported') !== 'slave') return false;
        // Both must also have seen the replica's link to its new master come up (INFO periods differ).
        if (fieldOf(r, 'master-link-status') !== 'ok') return false;
      }
      return true;
    }, 30000, 'the old master to be listed as a slave again');
    await sameShape(p, ['SENTINEL', 'REPLICAS', 'mymaster']);
  });
});
