/**
 * More Sentinel scenarios with real processes: SIGSTOP of the master, SENTINEL FAILOVER by hand, a stalled
 * Sentinel (TILT, no false +sdown), a mixed group with a real redis-sentinel, auth everywhere, and ioredis
 * following the master through its `sentinels` option.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Redis } from 'ioredis';
import { hasRealRedis, SKIP_NO_REDIS } from '../helpers/server.js';
import { deploy, field, masterAddr, names, readConf, role, waitDiscovery, waitFor, type Deployment } from './deploy.js';

const skip = hasRealRedis() ? false : SKIP_NO_REDIS;

async function waitSwitched(d: Deployment, oldPort: number, ms = 20000): Promise<number> {
  await waitFor(async () => {
    for (const s of d.sentinels) {
      const a = await masterAddr(s);
      if (a === '' || a === `127.0.0.1:${oldPort}`) return false;
    }
    return true;
  }, ms, 'all sentinels to switch');
  return Number((await masterAddr(d.sentinels[0])).split(':')[1]);
}

test('SIGSTOP of the master: failover, then the resumed old master is demoted on its first answer', { skip, timeout: 120000 }, async () => {
  const d = await deploy(3);
  try {
    await waitDiscovery(d);
    const oldPort = d.master.port;
    d.master.proc.kill('SIGSTOP');
    const newPort = await waitSwitched(d, oldPort);
    assert.notEqual(newPort, oldPort);
    d.master.proc.kill('SIGCONT');
    const t = Date.now();
    await waitFor(async () => {
      const r = await role(oldPort);
      return r[0] === 'slave' && r[2] === newPort;
    }, 15000, 'resumed master to be demoted');
    assert.ok(Date.now() - t < 6000, `demoted after ${Date.now() - t} ms`);
    assert.ok(d.sentinels.some((s) => s.events.some((e) => e.channel === '+convert-to-slave' && e.message.includes(`127.0.0.1:${oldPort}`))));
  } finally {
    await d.stop();
  }
});

test('SENTINEL FAILOVER by hand, replies and errors', { skip, timeout: 120000 }, async () => {
  const d = await deploy(1, { quorum: 1 });
  try {
    await waitDiscovery(d);
    const s = d.sentinels[0];
    await assert.rejects(s.client.call('SENTINEL', 'FAILOVER', 'nosuch'), /ERR No such master with that name/);
    assert.equal(await s.client.call('SENTINEL', 'FAILOVER', 'mymaster'), 'OK');
    await assert.rejects(s.client.call('SENTINEL', 'FAILOVER', 'mymaster'), /INPROG Failover already in progress/);
    const newPort = await waitSwitched(d, d.master.port);
    assert.ok(d.replicas.some((r) => r.port === newPort));
    await waitFor(async () => (await role(d.master.port))[0] === 'slave', 30000, 'old master demoted');
    assert.deepEqual(await s.client.call('ROLE'), ['sentinel', ['mymaster']]);
    assert.match(readConf(s), /^sentinel config-epoch mymaster 1$/m);
  } finally {
    await d.stop();
  }
});

test('a stalled Sentinel enters TILT instead of declaring a healthy master down', { skip, timeout: 120000 }, async () => {
  const d = await deploy(1, { quorum: 1 });
  try {
    await waitDiscovery(d);
    const s = d.sentinels[0];
    s.proc.kill('SIGSTOP');
    await new Promise((r) => setTimeout(r, 3500));
    s.proc.kill('SIGCONT');
    await waitFor(() => names(s.events).includes('+tilt'), 5000, '+tilt');
    await new Promise((r) => setTimeout(r, 1500));
    assert.ok(!names(s.events).includes('+sdown'), names(s.events).join(' '));
    assert.ok(!names(s.events).includes('+odown'));
    assert.match((await s.client.info('sentinel')) as string, /sentinel_tilt:1/);
    assert.equal(await masterAddr(s), `127.0.0.1:${d.master.port}`);
  } finally {
    await d.stop();
  }
});

test('two Redoubt Sentinels and one real redis-sentinel agree on one failover', { skip, timeout: 120000 }, async () => {
  const d = await deploy(3, { kinds: ['redoubt', 'redis', 'redoubt'] });
  try {
    await waitDiscovery(d);
    const real = d.sentinels[1];
    const peers = (await real.client.call('SENTINEL', 'SENTINELS', 'mymaster')) as string[][];
    assert.equal(peers.length, 2, 'the real sentinel discovered ours through hello messages');
    const oldPort = d.master.port;
    await d.master.stop('SIGKILL');
    const newPort = await waitSwitched(d, oldPort);
    for (const s of d.sentinels) assert.equal(await masterAddr(s), `127.0.0.1:${newPort}`);
    await waitFor(() => d.sentinels.every((s) => names(s.events).includes('+switch-master')), 10000, '+switch-master everywhere');
    await new Promise((r) => setTimeout(r, 1000));
    const epochs = d.sentinels.map((s) => s.events.filter((e) => e.channel === '+switch-master').length);
    assert.ok(epochs.every((n) => n === 1), `exactly one switch each: ${epochs}`);
    const m = (await real.client.call('SENTINEL', 'MASTER', 'mymaster')) as string[];
    assert.equal(field(m, 'config-epoch'), '1');
  } finally {
    await d.stop();
  }
});

test('auth: requirepass on Sentinels and nodes, auth-pass to the nodes', { skip, timeout: 120000 }, async () => {
  const d = await deploy(3, { requirepass: 'spass', nodeArgs: ['--requirepass', 'npass', '--masterauth', 'npass'], extraConf: ['sentinel auth-pass mymaster npass'] });
  try {
    await waitDiscovery(d);
    const anon = new Redis({ port: d.sentinels[0].port, maxRetriesPerRequest: 1, lazyConnect: true, enableReadyCheck: false });
    await anon.connect();
    await assert.rejects(anon.call('SENTINEL', 'MASTERS'), /NOAUTH Authentication required/);
    anon.disconnect();
    const oldPort = d.master.port;
    await d.master.stop('SIGKILL');
    const newPort = await waitSwitched(d, oldPort);
    const other = d.replicas.find((r) => r.port !== newPort)!;
    await waitFor(async () => {
      const r = await role(other.port, 'npass');
      return r[0] === 'slave' && r[2] === newPort;
    }, 20000, 'replica re-pointed');
  } finally {
    await d.stop();
  }
});

test('ioredis with the sentinels option keeps writing across a failover', { skip, timeout: 120000 }, async () => {
  const d = await deploy(3);
  try {
    await waitDiscovery(d);
    const client = new Redis({ sentinels: d.sentinels.map((s) => ({ host: '127.0.0.1', port: s.port })), name: 'mymaster', maxRetriesPerRequest: 50, retryStrategy: () => 100, sentinelRetryStrategy: () => 100 });
    client.on('error', () => {});
    await client.set('k0', 'v');
    const oldPort = d.master.port;
    await d.master.stop('SIGKILL');
    let i = 1;
    const deadline = Date.now() + 25000;
    let written = 0;
    while (Date.now() < deadline && written < 20) {
      try {
        await client.set(`k${i}`, String(i));
        if ((await client.get(`k${i}`)) === String(i) && (await masterAddr(d.sentinels[0])) !== `127.0.0.1:${oldPort}`) written++;
      } catch {
        // during the switch
      }
      i++;
      await new Promise((r) => setTimeout(r, 50));
    }
    assert.equal(written, 20, 'writes succeed on the new master');
    const newPort = Number((await masterAddr(d.sentinels[0])).split(':')[1]);
    const direct = new Redis({ port: newPort });
    assert.equal(await direct.get(`k${i - 1}`), String(i - 1));
    direct.disconnect();
    client.disconnect();
  } finally {
    await d.stop();
  }
});
