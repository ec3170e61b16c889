/**
 * `redoubt up <topology.json>` (what `npm start` runs with the default topology): on free ports in a temp
 * folder, everything comes up, the printed block says who is where, the Sentinels answer, writes replicate,
 * the labelled logs are interleaved on stdout, kill -9 of the master leads to a failover, and SIGINT stops
 * every child. The default topology itself is checked without starting it (its ports are the user's).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createServer } from 'node:net';
import { Redis } from 'ioredis';
import { freePort, ROOT, tempDir } from '../helpers/server.js';
import { waitFor } from '../sentinel/deploy.js';
import { DEFAULT_TOPOLOGY, loadTopology, writeDeployment } from '../../tools/topology.js';

const REDOUBT_BIN = join(ROOT, 'bin', 'redoubt');

interface Up {
  proc: ChildProcess;
  out: () => string;
  exited: Promise<number | null>;
}

function startUp(topoPath: string, cwd: string): Up {
  const proc = spawn(process.execPath, [REDOUBT_BIN, 'up', topoPath], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  proc.stdout?.on('data', (d) => (out += d.toString()));
  proc.stderr?.on('data', (d) => (out += d.toString()));
  const exited = new Promise<number | null>((r) => proc.once('exit', (code) => r(code)));
  return { proc, out: () => out, exited };
}

/** The "who is where" table: label -> { port, pid, role }. */
function table(out: string): Map<string, { port: number; pid: number; role: string }> {
  const rows = new Map<string, { port: number; pid: number; role: string }>();
  for (const m of out.matchAll(/^ {2}((?:node|sentinel)-\d+) +127\.0\.0\.1:(\d+) +(\d+) +(.+)$/gm)) {
    rows.set(m[1], { port: Number(m[2]), pid: Number(m[3]), role: m[4] });
  }
  return rows;
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function ports(n: number): Promise<number[]> {
  const out: number[] = [];
  while (out.length < n) {
    const p = await freePort();
    if (!out.includes(p)) out.push(p);
  }
  return out;
}

test('redoubt up: deployment up, block accurate, writes replicate, logs labelled, kill -9 -> failover, SIGINT stops all', { timeout: 120000 }, async () => {
  const [m, r1, r2, s1, s2, s3] = await ports(6);
  const dir = tempDir('redoubt-up-');
  const topo = join(dir, 'topology.json');
  writeFileSync(topo, JSON.stringify({
    masterPort: m, replicaPorts: [r1, r2], sentinelPorts: [s1, s2, s3], downAfterMs: 1000, failoverTimeoutMs: 5000,
    dir: join(dir, 'deployment'), nodeConfig: ['repl-diskless-sync-delay 0'],
  }));
  const up = startUp(topo, dir);
  const clients: Redis[] = [];
  try {
    await waitFor(() => up.out().includes('Press Ctrl-C to stop every instance.'), 30000, 'the deployment block');
    const rows = table(up.out());
    assert.equal(rows.size, 6, up.out());
    assert.equal(rows.get(`node-${m}`)?.role, 'master');
    for (const r of [r1, r2]) assert.equal(rows.get(`node-${r}`)?.role, `replica of 127.0.0.1:${m}`);
    for (const s of [s1, s2, s3]) assert.equal(rows.get(`sentinel-${s}`)?.role, 'sentinel');
    assert.match(up.out(), new RegExp(`redis-cli -h 127\\.0\\.0\\.1 -p ${m} +# the master`));
    assert.match(up.out(), new RegExp(`redis-cli -h 127\\.0\\.0\\.1 -p ${s1} sentinel get-master-addr-by-name mymaster`));
    assert.ok(up.out().includes(`ioredis: new Redis({ sentinels: [{ host: '127.0.0.1', port: ${s1} }, { host: '127.0.0.1', port: ${s2} }, { host: '127.0.0.1', port: ${s3} }], name: 'mymaster' })`));
    assert.match(readFileSync(join(dir, 'deployment', `sentinel-${s1}`, 'sentinel.conf'), 'latin1'), new RegExp(`^sentinel monitor mymaster 127\\.0\\.0\\.1 ${m} 2$`, 'm'));

    const sentinels = [s1, s2, s3].map((port) => new Redis({ port }));
    clients.push(...sentinels);
    for (const s of sentinels) assert.deepEqual(await s.call('SENTINEL', 'get-master-addr-by-name', 'mymaster'), ['127.0.0.1', String(m)]);
    const master = new Redis({ port: m, maxRetriesPerRequest: 1 });
    master.on('error', () => {});
    clients.push(master);
    await master.set('hello', 'world');
    for (const r of [r1, r2]) {
      const c = new Redis({ port: r });
      clients.push(c);
      await waitFor(async () => (await c.get('hello')) === 'world', 5000, `the write on replica ${r}`);
    }

    // Labelled, interleaved logs of every instance.
    assert.match(up.out(), new RegExp(`^node-${m} +\\| \\d+:M .* Ready to accept connections$`, 'm'));
    assert.match(up.out(), new RegExp(`^node-${r1} +\\| \\d+:S .* MASTER <-> REPLICA sync: Finished with success$`, 'm'));
    for (const s of [s1, s2, s3]) assert.match(up.out(), new RegExp(`^sentinel-${s} +\\| \\d+:X .* \\+monitor master mymaster 127\\.0\\.0\\.1 ${m} quorum 2$`, 'm'));

    process.kill(rows.get(`node-${m}`)!.pid, 'SIGKILL');
    try {
      await waitFor(async () => {
        for (const s of sentinels) {
          const a = (await s.call('SENTINEL', 'get-master-addr-by-name', 'mymaster')) as string[];
          if (a[1] === String(m)) return false;
        }
        return true;
      }, 40000, 'the failover');
    } catch (e) {
      // Say what each Sentinel believed and what the deployment logged, to diagnose a missed failover.
      const views = await Promise.all(sentinels.map((s) => s.call('SENTINEL', 'get-master-addr-by-name', 'mymaster').catch((x: Error) => x.message)));
      const tail = up.out().split('\n').filter((l) => l.startsWith('sentinel-')).slice(-60).join('\n');
      throw new Error(`${(e as Error).message}; sentinels say ${JSON.stringify(views)}\n${tail}`);
    }
    const [, np] = (await sentinels[0].call('SENTINEL', 'get-master-addr-by-name', 'mymaster')) as string[];
    assert.ok([String(r1), String(r2)].includes(np));
    await waitFor(() => up.out().includes(`*** Failover: the master of "mymaster" is now 127.0.0.1:${np}`), 15000, 'the failover banner');
    assert.match(up.out(), new RegExp(`^node-${m} +\\| \\*\\*\\* exited \\(SIGKILL\\)$`, 'm'));
    assert.match(up.out(), new RegExp(`^sentinel-\\d+ +\\| \\d+:X .* \\+switch-master mymaster 127\\.0\\.0\\.1 ${m} 127\\.0\\.0\\.1 ${np}$`, 'm'));

    for (const c of clients) c.disconnect();
    clients.length = 0;
    up.proc.kill('SIGINT');
    assert.equal(await up.exited, 0);
    assert.match(up.out(), /All instances stopped\.\n$/);
    for (const [label, row] of rows) assert.ok(!isRunning(row.pid), `${label} (pid ${row.pid}) is still running`);
  } finally {
    for (const c of clients) c.disconnect();
    if (up.proc.exitCode === null) {
      up.proc.kill('SIGINT');
      await up.exited;
    }
  }
});

test('redoubt up with passwords: nodes and Sentinels require AUTH, the block says how to connect', { timeout: 120000 }, async () => {
  const [m, r1, s1] = await ports(3);
  const dir = tempDir('redoubt-up-auth-');
  const topo = join(dir, 'topology.json');
  writeFileSync(topo, JSON.stringify({
    masterPort: m, replicaPorts: [r1], sentinelPorts: [s1], quorum: 1, password: 'npw', sentinelPassword: 'spw',
    downAfterMs: 1000, dir: 'dep', nodeConfig: ['repl-diskless-sync-delay 0'],
  }));
  const up = startUp(topo, dir);
  const clients: Redis[] = [];
  try {
    await waitFor(() => up.out().includes('Press Ctrl-C to stop every instance.'), 30000, 'the deployment block');
    assert.equal(table(up.out()).get(`node-${r1}`)?.role, `replica of 127.0.0.1:${m}`, up.out());
    assert.ok(up.out().includes(`redis-cli -h 127.0.0.1 -p ${m} -a npw --no-auth-warning`));
    assert.ok(up.out().includes(`redis-cli -h 127.0.0.1 -p ${s1} -a spw --no-auth-warning sentinel get-master-addr-by-name mymaster`));
    assert.ok(up.out().includes(`name: 'mymaster', password: 'npw', sentinelPassword: 'spw' })`));
    const anon = new Redis({ port: s1, lazyConnect: true, enableReadyCheck: false, maxRetriesPerRequest: 1 });
    anon.on('error', () => {});
    clients.push(anon);
    await anon.connect();
    await assert.rejects(anon.call('SENTINEL', 'get-master-addr-by-name', 'mymaster'), /NOAUTH/);
    const s = new Redis({ port: s1, password: 'spw' });
    const w = new Redis({ port: m, password: 'npw' });
    const r = new Redis({ port: r1, password: 'npw' });
    clients.push(s, w, r);
    assert.deepEqual(await s.call('SENTINEL', 'get-master-addr-by-name', 'mymaster'), ['127.0.0.1', String(m)]);
    await w.set('a', '1');
    await waitFor(async () => (await r.get('a')) === '1', 5000, 'replication with masterauth');
    assert.match(readFileSync(join(dir, 'dep', `node-${r1}`, 'redis.conf'), 'latin1'), /^masterauth "npw"$/m);
  } finally {
    for (const c of clients) c.disconnect();
    up.proc.kill('SIGINT');
    assert.equal(await up.exited, 0);
  }
});

test('the default topology (npm start): master 6379, replicas 6380/6381, Sentinels 26379-26381', () => {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
  assert.equal(pkg.scripts.start, 'node bin/redoubt up');
  const t = loadTopology(undefined);
  assert.deepEqual(t, DEFAULT_TOPOLOGY);
  const insts = writeDeployment({ ...t, dir: join(tempDir('redoubt-up-default-'), 'dep') });
  assert.deepEqual(insts.map((i) => `${i.label}:${i.initialRole}`), [
    'node-6379:master', 'node-6380:replica', 'node-6381:replica', 'sentinel-26379:sentinel', 'sentinel-26380:sentinel', 'sentinel-26381:sentinel',
  ]);
  const replicaConf = readFileSync(insts[1].conf, 'latin1');
  assert.match(replicaConf, /^port 6380$/m);
  assert.match(replicaConf, /^replicaof 127\.0\.0\.1 6379$/m);
  const sConf = readFileSync(insts[3].conf, 'latin1');
  assert.match(sConf, /^sentinel monitor mymaster 127\.0\.0\.1 6379 2$/m);
  assert.match(sConf, /^sentinel down-after-milliseconds mymaster 5000$/m);
});

test('redoubt up rejects a bad topology with a clear message; redoubt --help prints the usage', () => {
  const dir = tempDir('redoubt-up-bad-');
  const cases: [object, RegExp][] = [
    [{ masterPort: 7000, replicaPorts: [7000] }, /port 7000 is used twice/],
    [{ sentinels: 3, quorum: 4 }, /quorum must be between 1 and the number of Sentinels \(3\)/],
    [{ replica: 2 }, /unknown topology field "replica"/],
  ];
  for (const [topo, msg] of cases) {
    const p = join(dir, 'bad.json');
    writeFileSync(p, JSON.stringify(topo));
    const r = spawnSync(process.execPath, [REDOUBT_BIN, 'up', p], { encoding: 'utf8', cwd: dir });
    assert.equal(r.status, 1);
    assert.match(r.stderr, msg);
  }
  const h = spawnSync(process.execPath, [REDOUBT_BIN, '--help'], { encoding: 'utf8' });
  assert.equal(h.status, 0);
  assert.match(h.stdout, /^Usage: redoubt up \[topology\.json\]/);
  const bad = spawnSync(process.execPath, [REDOUBT_BIN, 'nope'], { encoding: 'utf8' });
  assert.equal(bad.status, 1);
  assert.match(bad.stderr, /redoubt: unknown command 'nope'/);
});

test('redoubt up stops everything and exits 1 when an instance cannot start (port taken)', { timeout: 30000 }, async () => {
  const [m, r1] = await ports(2);
  const blocker = createServer();
  await new Promise<void>((r) => blocker.listen(m, '127.0.0.1', () => r()));
  try {
    const dir = tempDir('redoubt-up-busy-');
    const topo = join(dir, 'topology.json');
    writeFileSync(topo, JSON.stringify({ masterPort: m, replicaPorts: [r1], sentinels: 0, dir: 'dep' }));
    const up = startUp(topo, dir);
    assert.equal(await up.exited, 1);
    assert.match(up.out(), new RegExp(`redoubt up: node-${m} exited at startup \\(see its log above\\)`));
    assert.match(up.out(), new RegExp(`^node-${m} +\\| .*Address already in use`, 'm'));
    assert.match(up.out(), /All instances stopped\.\n/);
    const pid = Number(new RegExp(`^node-${r1} +\\| (\\d+):`, 'm').exec(up.out())?.[1]);
    assert.ok(pid > 0 && !isRunning(pid), 'the replica was stopped too');
  } finally {
    blocker.close();
  }
});
