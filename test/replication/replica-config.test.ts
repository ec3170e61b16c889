/**
 * Replica settings and timeouts, compared with real Redis where it can run the same scenario:
 * repl-timeout on both sides (a SIGSTOPped replica dropped by its master, a SIGSTOPped master dropped by its
 * replica), replica-serve-stale-data no (-MASTERDOWN), replica-read-only no, replica-priority and
 * replica-announced in INFO, replica-announce-ip/port in the master's slaveN line, CONFIG REWRITE recording and
 * removing the replicaof line, and the replica's log lines in Redis's order.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePort, hasRealRedis, SKIP_NO_REDIS, tempDir, startProcess, SERVER_BIN } from '../helpers/server.js';
import { waitFor } from '../helpers/wait.js';
import { Topology, linkUp, replInfo, type Kind, type Node } from './repl-helpers.js';

const top = new Topology();
after(() => top.close());
const skip = hasRealRedis() ? false : SKIP_NO_REDIS;

/** Log messages without the "pid:R date time" prefix, level char kept, IDs, ports and numbers normalised. */
function messages(out: string): string[] {
  return out
    .split('\n')
    .map((l) => /^\d+:[MSCX] \d+ \w+ \d+ [\d:.]+ ([*#.-] .*)$/.exec(l)?.[1])
    .filter((m): m is string => m !== undefined)
    .map((m) => m.replace(/[0-9a-f]{40}/g, 'ID').replace(/\d+/g, 'N'));
}

async function replicaPair(kind: Kind, masterKind: Kind, args: string[] = [], masterArgs: string[] = []): Promise<{ m: Node; s: Node }> {
  const m = await top.start(masterKind, masterArgs);
  const s = await top.start(kind, ['--replicaof', '127.0.0.1', String(m.port), ...args]);
  await waitFor('link up', () => linkUp(s.r), 15000);
  return { m, s };
}

test('repl-timeout, master side: a SIGSTOPped replica is disconnected (log as real Redis)', { skip }, async () => {
  const lines: string[][] = [];
  for (const kind of ['redis', 'redoubt'] as Kind[]) {
    const { m, s } = await replicaPair(kind, kind, [], ['--repl-timeout', '2']);
    s.srv.proc.kill('SIGSTOP');
    try {
      await m.r.set('k', 'v');
      await waitFor('replica dropped', async () => (await replInfo(m.r)).connected_slaves === '0', 8000);
    } finally {
      s.srv.proc.kill('SIGCONT');
    }
    lines.push(messages(m.srv.output()).filter((l) => /timedout|timeout/i.test(l)));
    await waitFor('replica back', () => linkUp(s.r), 10000);
  }
  assert.deepEqual(lines[1], lines[0]);
  assert.deepEqual(lines[0].slice(0, 1), ['# Disconnecting timedout replica (streaming sync): N.N.N.N:N']);
});

test('repl-timeout, replica side: a SIGSTOPped master makes the replica drop the link (as a real Redis replica)', { skip }, async () => {
  const m = await top.start('redis');
  const reps: Node[] = [];
  for (const kind of ['redis', 'redoubt'] as Kind[]) reps.push(await top.start(kind, ['--replicaof', '127.0.0.1', String(m.port), '--repl-timeout', '2']));
  for (const s of reps) await waitFor('link up', () => linkUp(s.r), 15000);
  m.srv.proc.kill('SIGSTOP');
  try {
    for (const s of reps) await waitFor('link down', async () => (await replInfo(s.r)).master_link_status === 'down', 8000);
    // Reconnection attempts: the TCP connect succeeds (the kernel accepts) but the master never answers PING.
    await waitFor('handshake timeouts', () => reps.every((s) => /Timeout connecting to the MASTER\.\.\./.test(s.srv.output())), 8000);
  } finally {
    m.srv.proc.kill('SIGCONT');
  }
  for (const s of reps) await waitFor('link back', () => linkUp(s.r), 15000);
  const [redis, redoubt] = reps.map((s) => {
    const all = messages(s.srv.output());
    const from = all.findIndex((l) => /MASTER timeout/.test(l));
    return all.slice(from, from + 3);
  });
  assert.deepEqual(redoubt, redis);
  assert.equal(redis[0], '# MASTER timeout: no data nor PING received...');
});

/** Replies of a replica whose link is down, with replica-serve-stale-data no. */
async function staleReplies(kind: Kind): Promise<string[]> {
  const dead = await freePort();
  // Configured at run time: the start-up probe's PING would itself get -MASTERDOWN.
  const s = await top.start(kind);
  await s.r.config('SET', 'replica-serve-stale-data', 'no');
  await s.r.call('REPLICAOF', '127.0.0.1', String(dead));
  const out: string[] = [];
  const cmds = [['GET', 'k'], ['SET', 'k', 'v'], ['PING'], ['DBSIZE'], ['ECHO', 'x'], ['CONFIG', 'GET', 'replica-serve-stale-data'], ['ROLE'], ['TYPE', 'k'], ['KEYS', '*']];
  for (const c of cmds) {
    try {
      out.push(`${c[0]} -> ${JSON.stringify(await s.r.call(c[0], ...c.slice(1)))}`.replace(String(dead), 'PORT'));
    } catch (e) {
      out.push(`${c[0]} -> ${(e as Error).message}`);
    }
  }
  out.push(`info: ${(await s.r.info('replication')).includes('master_link_status:down')}`);
  return out;
}

test('replica-serve-stale-data no: MASTERDOWN while the link is down (replies as real Redis)', { skip }, async () => {
  const [redis, redoubt] = [await staleReplies('redis'), await staleReplies('redoubt')];
  assert.deepEqual(redoubt, redis);
  assert.ok(redis.includes("GET -> MASTERDOWN Link with MASTER is down and replica-serve-stale-data is set to 'no'."));
});

test('replica-read-only no: the replica accepts writes, does not pass them on, and still follows its master', async () => {
  const { m, s } = await replicaPair('redoubt', 'redoubt', ['--replica-read-only', 'no']);
  const sub = await top.start('redoubt', ['--replicaof', '127.0.0.1', String(s.port)]);
  await waitFor('sub link', () => linkUp(sub.r), 10000);
  assert.equal(await s.r.set('local', '1'), 'OK');
  assert.equal(await s.r.get('local'), '1');
  assert.equal((await replInfo(s.r)).slave_read_only, '0');
  await m.r.set('from-master', 'x');
  await waitFor('stream still applied', async () => (await sub.r.get('from-master')) === 'x');
  assert.equal(await sub.r.get('local'), null, "a replica's local writes are not propagated (as Redis)");
});

test('replica-priority and replica-announced in INFO; INFO replication fields in Redis order on both roles', { skip }, async () => {
  const fields: string[][] = [];
  for (const kind of ['redis', 'redoubt'] as Kind[]) {
    const { m, s } = await replicaPair(kind, kind, ['--replica-priority', '7', '--replica-announced', 'no']);
    const si = await replInfo(s.r);
    assert.equal(si.slave_priority, '7');
    assert.equal(si.replica_announced, '0');
    await m.r.config('SET', 'min-replicas-to-write', '1');
    for (const r of [s.r, m.r]) fields.push(Object.keys(await replInfo(r)));
    const dead = await top.start(kind, ['--replicaof', '127.0.0.1', String(await freePort())]);
    fields.push(Object.keys(await replInfo(dead.r)));
  }
  assert.deepEqual(fields.slice(3), fields.slice(0, 3));
});

test('replica-announce-ip/port appear in the master\'s slaveN line and ROLE (Redoubt and real Redis, both directions)', { skip }, async () => {
  for (const [rk, mk] of [['redoubt', 'redoubt'], ['redoubt', 'redis'], ['redis', 'redoubt']] as Kind[][]) {
    const { m } = await replicaPair(rk, mk, ['--replica-announce-ip', '10.1.2.3', '--replica-announce-port', '6390']);
    // A real Redis master marks a diskless replica online when it reaps its RDB child: poll.
    const line = /^ip=10\.1\.2\.3,port=6390,state=online,offset=\d+,lag=\d+$/;
    await waitFor(`${rk} replica of ${mk} master announced`, async () => line.test((await replInfo(m.r)).slave0), 5000);
    const role = (await m.r.call('ROLE')) as [string, number, string[][]];
    assert.deepEqual(role[2][0].slice(0, 2), ['10.1.2.3', '6390']);
  }
});

async function rewriteLines(kind: Kind, masterPort: number): Promise<string[]> {
  const dir = tempDir();
  const conf = join(dir, 'redis.conf');
  writeFileSync(conf, '# test config\nport 0\nsave ""\n');
  const port = await freePort();
  const args = [conf, '--port', String(port), '--bind', '127.0.0.1', '--dir', dir];
  const srv = kind === 'redoubt' ? await startProcess(process.execPath, [SERVER_BIN, ...args], port, dir) : await startProcess('redis-server', args, port, dir);
  const n = await top.adopt(kind, srv);
  const out: string[] = [];
  const grab = (): string => readFileSync(conf, 'latin1').split('\n').filter((l) => /^(replicaof|slaveof)/.test(l)).join('|').replace(String(masterPort), 'MPORT');
  out.push(String(await n.r.call('REPLICAOF', '127.0.0.1', String(masterPort))));
  out.push(String(await n.r.config('REWRITE')), grab());
  out.push(String(await n.r.call('REPLICAOF', 'NO', 'ONE')));
  out.push(String(await n.r.config('REWRITE')), grab());
  return out;
}

test('CONFIG REWRITE after REPLICAOF records the replicaof line, and removes it after REPLICAOF NO ONE (as real Redis)', { skip }, async () => {
  const m = await top.start('redoubt');
  const [redis, redoubt] = [await rewriteLines('redis', m.port), await rewriteLines('redoubt', m.port)];
  assert.deepEqual(redoubt, redis);
  assert.deepEqual(redis, ['OK', 'OK', 'replicaof 127.0.0.1 MPORT', 'OK', 'OK', '']);
});

/** A replica's log from REPLICAOF to a full sync, a master shutdown, retries and a restarted (empty) master. */
async function replicaLog(kind: Kind, diskless: boolean): Promise<string[]> {
  const masterArgs = ['--repl-diskless-sync', diskless ? 'yes' : 'no'];
  const m = await top.start('redis', masterArgs);
  await m.r.set('a', '1');
  const s = await top.start(kind, ['--replicaof', '127.0.0.1', String(m.port)]);
  await waitFor('link up', () => linkUp(s.r), 15000);
  await m.srv.stop('SIGTERM');
  await waitFor('retrying', () => (s.srv.output().match(/Connection refused/g) ?? []).length >= 2, 10000);
  const back = await top.start('redis', masterArgs, { port: m.port });
  await waitFor('link up again', () => linkUp(s.r), 15000);
  void back;
  return collapseRetries(messages(s.srv.output()));
}

/** From the first connection on, with runs of failed retries (their number depends on timing) kept once. */
function collapseRetries(all: string[]): string[] {
  const retry = ['* Connecting to MASTER N.N.N.N:N', '* MASTER <-> REPLICA sync started', '# Error condition on socket for SYNC: Connection refused'];
  const out = all.slice(all.findIndex((l) => l.includes('Connecting to MASTER')));
  for (let i = 0; i + 2 * retry.length <= out.length; ) {
    const same = (at: number): boolean => retry.every((l, j) => out[at + j] === l);
    if (same(i) && same(i + retry.length)) out.splice(i + retry.length, retry.length);
    else i++;
  }
  return out;
}

test('replica log lines in Redis order: sync, master lost, retries, resync with a restarted master (disk-based)', { skip }, async () => {
  const [redis, redoubt] = [await replicaLog('redis', false), await replicaLog('redoubt', false)];
  assert.deepEqual(redoubt, redis);
  assert.ok(redis.includes('* Discarding previously cached master state.') && redis.includes('* Reconnecting to MASTER N.N.N.N:N'));
});

test('replica log lines in Redis order with a diskless master', { skip }, async () => {
  const [redis, redoubt] = [await replicaLog('redis', true), await replicaLog('redoubt', true)];
  assert.deepEqual(redoubt, redis);
  assert.ok(redis.includes('* MASTER <-> REPLICA sync: receiving streamed RDB from master with EOF to disk'));
});

/** Log messages printed by `n` since `from` (an output length), with client descriptions normalised. */
function logSince(n: Node, from: number): string[] {
  return messages(n.srv.output().slice(from)).map((l) => l.replace(/ from '[^']*'\)$/, " from 'CLIENT')"));
}

/** SLAVEOF NO ONE on a connected replica, then the old master re-pointed at it: the lines of all three steps. */
async function promoteAndRepoint(kind: Kind): Promise<string[][]> {
  const { m, s } = await replicaPair(kind, kind);
  await m.r.set('k', 'v');
  await waitFor('k replicated', async () => (await s.r.get('k')) === 'v');
  let sFrom = s.srv.output().length;
  await s.r.call('REPLICAOF', 'NO', 'ONE');
  await new Promise((r) => setTimeout(r, 200));
  const promoted = logSince(s, sFrom);
  sFrom = s.srv.output().length;
  const mFrom = m.srv.output().length;
  await m.r.call('REPLICAOF', '127.0.0.1', String(s.port));
  await waitFor('old master follows', () => linkUp(m.r), 10000);
  await new Promise((r) => setTimeout(r, 200));
  return [promoted, logSince(m, mFrom), logSince(s, sFrom).filter((l) => !/^\* (Replication backlog|Background|Starting BGSAVE)/.test(l))];
}

test('log lines of SLAVEOF NO ONE and of re-pointing the old master (PSYNC2 partial), as real Redis', { skip }, async () => {
  const [redis, redoubt] = [await promoteAndRepoint('redis'), await promoteAndRepoint('redoubt')];
  assert.deepEqual(redoubt, redis);
  assert.ok(redis[0].includes('* Discarding previously cached master state.'));
  assert.ok(redis[1].includes('* Successful partial resynchronization with master.'));
});
