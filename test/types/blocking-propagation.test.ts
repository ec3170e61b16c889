/**
 * What lists, hashes and sets send down the replication stream: served blocking pops as LPOP/LMOVE/
 * RPOPLPUSH, SPOP as SREM/DEL, HINCRBYFLOAT as HSET. A Redoubt replica must end up with exactly the
 * master's contents after a mix of those commands.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Redis } from 'ioredis';
import { startRedoubt, type RunningServer } from '../helpers/server.js';
import { waitFor, parseInfo } from '../helpers/wait.js';

let master: RunningServer;
let replica: RunningServer;

before(async () => {
  master = await startRedoubt(['--repl-diskless-sync', 'no']);
  replica = await startRedoubt(['--replicaof', '127.0.0.1', String(master.port)]);
});

after(async () => {
  await Promise.all([replica?.stop(), master?.stop()]);
});

async function snapshot(r: Redis): Promise<string> {
  const keys = (await r.keys('*')).sort();
  const out: string[] = [];
  for (const k of keys) {
    const t = await r.type(k);
    if (t === 'list') out.push(`${k}=${JSON.stringify(await r.lrange(k, 0, -1))}`);
    else if (t === 'set') out.push(`${k}=${JSON.stringify((await r.smembers(k)).sort())}`);
    else if (t === 'hash') out.push(`${k}=${JSON.stringify(Object.entries(await r.hgetall(k)).sort())}`);
    else out.push(`${k}:${t}`);
  }
  return out.join('\n');
}

test('served blocking pops, SPOP and HINCRBYFLOAT replicate to identical contents', async () => {
  const m = new Redis({ port: master.port });
  const rep = new Redis({ port: replica.port });
  const a = new Redis({ port: master.port });
  const b = new Redis({ port: master.port });
  try {
    await waitFor('replica link up', async () => parseInfo(await rep.info('replication')).master_link_status === 'up');
    const popped = a.blpop('q', 0);
    const moved = b.blmove('src', 'dst', 'RIGHT', 'LEFT', 0);
    await new Promise((r) => setTimeout(r, 50));
    await m.rpush('q', 'a', 'b');
    await m.rpush('src', 'x', 'y');
    assert.deepEqual(await popped, ['q', 'a']);
    assert.equal(await moved, 'y');
    const mpop = a.call('BLMPOP', '0', '1', 'q2', 'LEFT', 'COUNT', '2');
    await new Promise((r) => setTimeout(r, 50));
    await m.rpush('q2', '1', '2', '3');
    assert.deepEqual(await mpop, ['q2', ['1', '2']]);
    assert.equal(await m.brpoplpush('src', 'dst', 0), 'x');
    await m.sadd('s', ...Array.from({ length: 50 }, (_, i) => `m${i}`));
    await m.spop('s');
    await m.spop('s', 5);
    await m.sadd('s2', 'a', 'b');
    await m.spop('s2', 10);
    await m.hincrbyfloat('h', 'f', '0.1');
    await m.hincrbyfloat('h', 'f', '0.2');
    await m.call('LMPOP', '1', 'q', 'RIGHT');
    const want = await snapshot(m);
    assert.match(want, /h=\[\["f","0.3"\]\]/);
    await waitFor('replica caught up', async () => (await snapshot(rep)) === want, 5000);
  } finally {
    for (const c of [m, rep, a, b]) c.disconnect();
  }
});
