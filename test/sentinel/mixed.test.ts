/**
 * Mixed deployments over REDOUBT data nodes: real redis-sentinel processes (`redis-server <conf> --sentinel`,
 * writable conf in a temp dir) failing over redoubt-server nodes, and a group of two Redoubt Sentinels plus
 * one real Sentinel agreeing on a single failover. Skipped when redis-server 7.x is not installed.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Redis } from 'ioredis';
import { hasRealRedis, SKIP_NO_REDIS } from '../helpers/server.js';
import { field, inOrder, masterAddr, names, readConf, role, waitDiscovery, waitFor } from './deploy.js';
import { adopt, deployOver, eventDump, FAILOVER_SEQUENCE, getOn, replInfo, startNode, waitSwitched } from './redoubt-nodes-helpers.js';

const skip = hasRealRedis() ? false : SKIP_NO_REDIS;

test('real redis Sentinels fail over Redoubt nodes: promotion, re-pointing, old master demoted', { skip, timeout: 150000 }, async () => {
  const d = await deployOver(3, { kind: 'redis' });
  try {
    await waitDiscovery(d);
    const oldPort = d.master.port;
    const w = new Redis({ port: oldPort });
    await w.set('seen', 'by-real-sentinels');
    w.disconnect();
    await d.master.stop('SIGKILL');
    const newPort = await waitSwitched(d, oldPort);
    assert.ok(d.replicas.some((r) => r.port === newPort));
    const leader = d.sentinels.find((s) => names(s.events).includes('+elected-leader'));
    assert.ok(leader, eventDump(d));
    await waitFor(() => names(leader.events).includes('+switch-master'), 8000, 'leader +switch-master');
    assert.ok(inOrder(names(leader.events), FAILOVER_SEQUENCE), eventDump(d));
    assert.equal((await role(newPort))[0], 'master');
    const other = d.replicas.find((r) => r.port !== newPort)!;
    await waitFor(async () => {
      const i = await replInfo(other.port);
      return i.master_port === String(newPort) && i.master_link_status === 'up';
    }, 20000, 'the other Redoubt replica to follow');
    assert.equal(await getOn(other.port, 'seen'), 'by-real-sentinels');
    // Real Sentinel demotes a returning master at its next INFO: 10 s apart by default, 1 s here to stay fast.
    for (const s of d.sentinels) assert.equal(await s.client.call('SENTINEL', 'DEBUG', 'info-period', '1000'), 'OK');
    adopt(d, await startNode('redoubt', ['--dir', d.master.dir], { port: oldPort, dir: d.master.dir }));
    await waitFor(async () => {
      const r = await role(oldPort);
      return r[0] === 'slave' && r[2] === newPort;
    }, 60000, 'old master demoted by the real Sentinels');
    await waitFor(() => d.sentinels.some((s) => names(s.events).includes('+convert-to-slave')), 3000, '+convert-to-slave');
    for (const s of d.sentinels) assert.match(readConf(s), new RegExp(`^sentinel monitor mymaster 127\\.0\\.0\\.1 ${newPort} 2$`, 'm'));
  } finally {
    await d.stop();
  }
});

test('two Redoubt Sentinels and one real redis Sentinel over Redoubt nodes agree on one failover', { skip, timeout: 120000 }, async () => {
  const d = await deployOver(3, { kinds: ['redoubt', 'redis', 'redoubt'] });
  try {
    await waitDiscovery(d);
    const real = d.sentinels[1];
    assert.equal(((await real.client.call('SENTINEL', 'SENTINELS', 'mymaster')) as string[][]).length, 2, 'the real Sentinel discovered ours');
    for (const s of [d.sentinels[0], d.sentinels[2]]) {
      const peers = (await s.client.call('SENTINEL', 'SENTINELS', 'mymaster')) as string[][];
      assert.ok(peers.some((p) => field(p, 'port') === String(real.port)), 'ours discovered the real one');
    }
    const oldPort = d.master.port;
    await d.master.stop('SIGKILL');
    const newPort = await waitSwitched(d, oldPort);
    await waitFor(() => d.sentinels.every((s) => names(s.events).includes('+switch-master')), 10000, '+switch-master everywhere');
    await new Promise((r) => setTimeout(r, 1000));
    const leaders = d.sentinels.filter((s) => names(s.events).includes('+elected-leader'));
    assert.equal(leaders.length, 1, eventDump(d));
    assert.ok(inOrder(names(leaders[0].events), FAILOVER_SEQUENCE), eventDump(d));
    for (const s of d.sentinels) {
      assert.equal(s.events.filter((e) => e.channel === '+switch-master').length, 1, `one switch on ${s.kind}:${s.port}`);
      assert.equal(await masterAddr(s), `127.0.0.1:${newPort}`);
      assert.equal(field((await s.client.call('SENTINEL', 'MASTER', 'mymaster')) as string[], 'config-epoch'), '1');
    }
    const other = d.replicas.find((r) => r.port !== newPort)!;
    await waitFor(async () => (await replInfo(other.port)).master_port === String(newPort), 10000, 'the other replica re-pointed');
  } finally {
    await d.stop();
  }
});
