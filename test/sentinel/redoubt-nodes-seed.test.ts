/**
 * Seed 001's transcript with Redoubt everywhere: one Sentinel (quorum 1, auth-pass) watching a password
 * protected redoubt-server master and one replica; `docker pause` of the master (SIGSTOP) makes the Sentinel
 * log exactly the seed's lines in the seed's order, and unpausing it gives -sdown then +convert-to-slave.
 * SENTINEL REPLICAS answers with the seed's field names in the seed's order.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { freePort, startProcess, startRedoubt, tempDir } from '../helpers/server.js';
import { role, SENTINEL_BIN, waitFor } from './deploy.js';

const REPLICA_FIELDS = [
  'name', 'ip', 'port', 'runid', 'flags', 'link-pending-commands', 'link-refcount', 'last-ping-sent', 'last-ok-ping-reply',
  'last-ping-reply', 'down-after-milliseconds', 'info-refresh', 'role-reported', 'role-reported-time', 'master-link-down-time',
  'master-link-status', 'master-host', 'master-port', 'slave-priority', 'slave-repl-offset', 'replica-announced',
];

/** The Sentinel's log lines from the first +sdown on, without timestamps and without config-save lines. */
function logFrom(output: string): string[] {
  const lines = output.split('\n').map((l) => /^\d+:X \d\d \w{3} \d{4} \d\d:\d\d:\d\d\.\d{3} ([#*.-] .*)$/.exec(l)?.[1]).filter((l): l is string => l !== undefined);
  const i = lines.findIndex((l) => l.startsWith('# +sdown master'));
  return lines.slice(i).filter((l) => l !== '* Sentinel new configuration saved on disk');
}

test('seed 001 with Redoubt nodes: docker pause of the master, the Sentinel log line for line, then +convert-to-slave', { timeout: 120000 }, async () => {
  const master = await startRedoubt(['--requirepass', 'pw', '--masterauth', 'pw', '--repl-diskless-sync-delay', '0']);
  const replica = await startRedoubt(['--requirepass', 'pw', '--masterauth', 'pw', '--slaveof', '127.0.0.1', String(master.port)]);
  const port = await freePort();
  const dir = tempDir('redoubt-seed001-');
  const conf = join(dir, 'sentinel.conf');
  writeFileSync(conf, [`port ${port}`, `dir ${dir}`, `sentinel monitor mymaster 127.0.0.1 ${master.port} 1`, 'sentinel auth-pass mymaster pw',
    'sentinel down-after-milliseconds mymaster 1000', 'sentinel parallel-syncs mymaster 1', 'sentinel failover-timeout mymaster 6000', ''].join('\n'));
  const s = await startProcess(process.execPath, [SENTINEL_BIN, conf], port, dir);
  const c = new Redis({ port });
  const M = `127.0.0.1 ${master.port}`;
  const R = `127.0.0.1 ${replica.port}`;
  try {
    await waitFor(async () => ((await c.call('SENTINEL', 'REPLICAS', 'mymaster')) as string[][]).some((r) => r[r.indexOf('master-link-status') + 1] === 'ok'), 15000, 'the replica');
    const [rep] = (await c.call('SENTINEL', 'REPLICAS', 'mymaster')) as string[][];
    assert.deepEqual(rep.filter((_, i) => i % 2 === 0), REPLICA_FIELDS);
    assert.equal(rep[1], `127.0.0.1:${replica.port}`);
    await waitFor(() => readFileSync(conf, 'latin1').includes(`\nsentinel known-replica mymaster ${R}\n`), 3000, 'known-replica in sentinel.conf');
    const myId = (await c.call('SENTINEL', 'MYID')) as string;

    master.proc.kill('SIGSTOP');
    await waitFor(async () => ((await c.call('SENTINEL', 'get-master-addr-by-name', 'mymaster')) as string[])[1] === String(replica.port), 15000, 'the switch');
    await waitFor(() => s.output().includes(`+sdown slave 127.0.0.1:${master.port}`), 5000, 'the paused old master to be +sdown as a replica');
    master.proc.kill('SIGCONT');
    await waitFor(() => s.output().includes('+convert-to-slave') && s.output().includes('-sdown slave'), 8000, '-sdown and +convert-to-slave');
    await waitFor(async () => {
      const r = await role(master.port, 'pw');
      return r[0] === 'slave' && r[2] === replica.port;
    }, 20000, 'the old master to follow the new one');
    const slaveOld = `slave 127.0.0.1:${master.port} ${M} @ mymaster ${R}`;
    const slaveNew = `slave 127.0.0.1:${replica.port} ${R} @ mymaster ${M}`;
    assert.deepEqual(logFrom(s.output()), [
      `# +sdown master mymaster ${M}`,
      `# +odown master mymaster ${M} #quorum 1/1`,
      '# +new-epoch 1',
      `# +try-failover master mymaster ${M}`,
      `# +vote-for-leader ${myId} 1`,
      `# +elected-leader master mymaster ${M}`,
      `# +failover-state-select-slave master mymaster ${M}`,
      `# +selected-slave ${slaveNew}`,
      `* +failover-state-send-slaveof-noone ${slaveNew}`,
      `* +failover-state-wait-promotion ${slaveNew}`,
      `# +promoted-slave ${slaveNew}`,
      `# +failover-state-reconf-slaves master mymaster ${M}`,
      `# +failover-end master mymaster ${M}`,
      `# +switch-master mymaster ${M} ${R}`,
      `* +slave ${slaveOld}`,
      `# +sdown ${slaveOld}`,
      `# -sdown ${slaveOld}`,
      `* +convert-to-slave ${slaveOld}`,
    ]);
  } finally {
    c.disconnect();
    await s.stop();
    await replica.stop();
    await master.stop();
  }
});
