/**
 * Redoubt Sentinels over Redoubt data nodes, part two: passwords everywhere (requirepass + masterauth on the
 * nodes, auth-pass to them, requirepass on the Sentinels themselves), and ioredis connected through its
 * `sentinels` option writing without losing its way across a failover.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Redis } from 'ioredis';
import { inOrder, masterAddr, names, readConf, role, waitDiscovery, waitFor } from './deploy.js';
import { adopt, deployOver, eventDump, FAILOVER_SEQUENCE, getOn, replInfo, startNode, waitSwitched } from './redoubt-nodes-helpers.js';

const NODE_AUTH = ['--requirepass', 'npass', '--masterauth', 'npass'];

test('Redoubt nodes with auth: Sentinels AUTH to nodes and to each other, clients must AUTH to Sentinels', { timeout: 120000 }, async () => {
  const d = await deployOver(3, { requirepass: 'spass', nodeArgs: NODE_AUTH, extraConf: ['sentinel auth-pass mymaster npass'] });
  try {
    await waitDiscovery(d);
    const anon = new Redis({ port: d.sentinels[0].port, maxRetriesPerRequest: 1, lazyConnect: true, enableReadyCheck: false });
    anon.on('error', () => {});
    await anon.connect();
    await assert.rejects(anon.call('SENTINEL', 'get-master-addr-by-name', 'mymaster'), /NOAUTH Authentication required/);
    await assert.rejects(anon.call('AUTH', 'wrong'), /WRONGPASS invalid username-password pair or user is disabled\./);
    assert.equal(await anon.call('AUTH', 'spass'), 'OK');
    assert.deepEqual(await anon.call('SENTINEL', 'get-master-addr-by-name', 'mymaster'), ['127.0.0.1', String(d.master.port)]);
    anon.disconnect();
    assert.match(readConf(d.sentinels[0]), /^sentinel auth-pass mymaster npass$/m);

    const oldPort = d.master.port;
    await d.master.stop('SIGKILL');
    const newPort = await waitSwitched(d, oldPort);
    const leader = d.sentinels.find((s) => names(s.events).includes('+elected-leader'))!;
    await waitFor(() => names(leader.events).includes('+switch-master'), 5000, 'leader +switch-master');
    assert.ok(inOrder(names(leader.events), FAILOVER_SEQUENCE), eventDump(d));
    const other = d.replicas.find((r) => r.port !== newPort)!;
    await waitFor(async () => {
      const i = await replInfo(other.port, 'npass');
      return i.master_port === String(newPort) && i.master_link_status === 'up';
    }, 20000, 'replica re-pointed and authenticated');
    const nm = new Redis({ port: newPort, password: 'npass' });
    await nm.set('secret', 'kept');
    nm.disconnect();
    await waitFor(async () => (await getOn(other.port, 'secret', 'npass')) === 'kept', 5000, 'write to reach the replica');

    adopt(d, await startNode('redoubt', [...NODE_AUTH, '--dir', d.master.dir], { port: oldPort, dir: d.master.dir }));
    await waitFor(async () => {
      const r = await role(oldPort, 'npass');
      return r[0] === 'slave' && r[2] === newPort && r[3] === 'connected';
    }, 30000, 'old master demoted');
    await waitFor(async () => (await getOn(oldPort, 'secret', 'npass')) === 'kept', 5000, 'old master synced');
  } finally {
    await d.stop();
  }
});

test('ioredis with the sentinels option keeps writing across a failover of Redoubt nodes', { timeout: 120000 }, async () => {
  const d = await deployOver(3);
  try {
    await waitDiscovery(d);
    const client = new Redis({
      sentinels: d.sentinels.map((s) => ({ host: '127.0.0.1', port: s.port })), name: 'mymaster',
      maxRetriesPerRequest: 50, retryStrategy: () => 100, sentinelRetryStrategy: () => 100,
    });
    client.on('error', () => {});
    await client.set('k0', '0');
    assert.deepEqual(await client.config('GET', 'port'), ['port', String(d.master.port)], 'ioredis found the master through the Sentinels');
    const oldPort = d.master.port;
    await d.master.stop('SIGKILL');
    let i = 1;
    let acked = 0;
    let onNew = 0;
    const deadline = Date.now() + 25000;
    while (Date.now() < deadline && onNew < 20) {
      try {
        if ((await client.incr('counter')) > 0) acked++;
        await client.set(`k${i}`, String(i));
        if ((await masterAddr(d.sentinels[0])) !== `127.0.0.1:${oldPort}`) onNew++;
      } catch {
        // the moment of the switch
      }
      i++;
      await new Promise((r) => setTimeout(r, 50));
    }
    assert.equal(onNew, 20, 'writes succeed after the switch');
    const newPort = Number((await masterAddr(d.sentinels[0])).split(':')[1]);
    assert.notEqual(newPort, oldPort);
    assert.equal(await getOn(newPort, `k${i - 1}`), String(i - 1), 'the last write is on the new master');
    assert.equal(await getOn(newPort, 'k0'), '0', 'the write before the failover survived');
    assert.ok(Number(await getOn(newPort, 'counter')) >= 20, 'counter increments landed on the new master');
    assert.ok(acked >= 20);
    assert.deepEqual(await client.config('GET', 'port'), ['port', String(newPort)], 'ioredis now talks to the new master');
    client.disconnect();
  } finally {
    await d.stop();
  }
});
