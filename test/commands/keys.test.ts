/**
 * Generic key commands through real clients (ioredis, node-redis, redis-cli): the SCAN guarantee under
 * concurrent inserts and deletes, cursor restarts, OBJECT IDLETIME/FREQ, COPY/MOVE/SWAPDB across databases.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { Redis } from 'ioredis';
import { createClient } from 'redis';
import { startRedoubt, type RunningServer } from '../helpers/server.js';

let srv: RunningServer;
let r: Redis;

before(async () => {
  srv = await startRedoubt();
  r = new Redis({ port: srv.port, lazyConnect: true });
  await r.connect();
});

after(async () => {
  r.disconnect();
  await srv.stop();
});

test('DEL, UNLINK, EXISTS, TOUCH, TYPE count and report keys', async () => {
  await r.flushall();
  await r.mset('a', '1', 'b', '2', 'c', '3');
  await r.rpush('l', 'x');
  assert.equal(await r.exists('a', 'a', 'nope', 'l'), 3);
  assert.equal(await r.touch('a', 'nope'), 1);
  assert.equal(await r.type('l'), 'list');
  assert.equal(await r.type('a'), 'string');
  assert.equal(await r.type('nope'), 'none');
  assert.equal(await r.del('a', 'b', 'nope'), 2);
  assert.equal(await r.unlink('c', 'l'), 2);
  assert.equal(await r.dbsize(), 0);
});

test('RENAME keeps the TTL, RENAMENX refuses an existing target, missing source is an error', async () => {
  await r.flushall();
  await r.set('src', 'v', 'EX', 100);
  assert.equal(await r.rename('src', 'dst'), 'OK');
  assert.equal(await r.exists('src'), 0);
  const ttl = await r.ttl('dst');
  assert.ok(ttl > 95 && ttl <= 100, `ttl ${ttl}`);
  await r.set('other', 'o');
  assert.equal(await r.renamenx('dst', 'other'), 0);
  assert.equal(await r.get('other'), 'o');
  await assert.rejects(r.rename('missing', 'x'), /ERR no such key/);
});

test('COPY to another db clones compound values; MOVE and SWAPDB move data between dbs', async () => {
  await r.flushall();
  await r.rpush('list', 'a', 'b');
  const r1 = new Redis({ port: srv.port, db: 1 });
  try {
    assert.equal(await r.copy('list', 'list2', 'DB', 1), 1);
    await r.rpush('list', 'c');
    assert.deepEqual(await r1.lrange('list2', 0, -1), ['a', 'b']);
    assert.equal(await r.move('list', 1), 1);
    assert.deepEqual(await r1.lrange('list', 0, -1), ['a', 'b', 'c']);
    assert.equal(await r.exists('list'), 0);
    await r.set('zero', '0');
    assert.equal(await r.swapdb(0, 1), 'OK');
    assert.equal(await r1.get('zero'), '0');
    assert.deepEqual(await r.lrange('list2', 0, -1), ['a', 'b']);
  } finally {
    r1.disconnect();
  }
});

test('SCAN never misses a key present for the whole scan while others are added and deleted', async () => {
  await r.flushall();
  const stable: string[] = [];
  const pipe = r.pipeline();
  for (let i = 0; i < 3000; i++) {
    const k = `stable:${i}`;
    stable.push(k);
    pipe.set(k, 'v');
    if (i % 2 === 0) pipe.set(`churn:${i}`, 'v');
  }
  await pipe.exec();
  const seen = new Set<string>();
  let cursor = '0';
  let round = 0;
  do {
    const [next, keys] = await r.scan(cursor, 'COUNT', 50);
    for (const k of keys) seen.add(k);
    cursor = next;
    // Between calls: delete some churn keys, add many new ones (forces the dict to grow and rehash).
    const p = r.pipeline();
    for (let j = 0; j < 40; j++) p.set(`new:${round}:${j}`, 'v');
    p.del(`churn:${round * 2}`, `churn:${round * 2 + 2}`);
    await p.exec();
    round++;
  } while (cursor !== '0' && round < 10000);
  assert.equal(cursor, '0');
  const missing = stable.filter((k) => !seen.has(k));
  assert.deepEqual(missing.slice(0, 5), []);
});

test('SCAN MATCH, TYPE and COUNT filter; an unknown cursor restarts instead of failing', async () => {
  await r.flushall();
  for (let i = 0; i < 30; i++) await r.set(`s${i}`, 'v');
  await r.rpush('l1', 'x');
  await r.rpush('l2', 'x');
  const all = async (...args: (string | number)[]): Promise<string[]> => {
    const out: string[] = [];
    let cursor = '0';
    do {
      const [next, keys] = (await r.call('SCAN', cursor, ...args)) as [string, string[]];
      out.push(...keys);
      cursor = next;
    } while (cursor !== '0');
    return out.sort();
  };
  assert.deepEqual(await all('TYPE', 'list'), ['l1', 'l2']);
  assert.deepEqual(await all('MATCH', 's1*', 'COUNT', 3), ['s1', 's10', 's11', 's12', 's13', 's14', 's15', 's16', 's17', 's18', 's19']);
  const [, fromUnknown] = await r.scan('987654321', 'COUNT', 1000);
  assert.equal(fromUnknown.length, 32);
  // A cursor is consumed by use: repeating an old one restarts (duplicates are allowed, misses are not).
  const [c1] = await r.scan('0', 'COUNT', 5);
  await r.scan(c1, 'COUNT', 5);
  const [, again] = await r.scan(c1, 'COUNT', 1000);
  assert.equal(again.length, 32);
});

test('SCAN skips logically expired keys; KEYS hides them', async () => {
  await r.flushall();
  await r.call('DEBUG', 'SET-ACTIVE-EXPIRE', '0');
  try {
    await r.set('live', 'v');
    await r.set('dead', 'v', 'PX', 1);
    await new Promise((res) => setTimeout(res, 20));
    assert.deepEqual(await r.keys('*'), ['live']);
    const [, keys] = await r.scan('0', 'COUNT', 100);
    assert.deepEqual(keys, ['live']);
  } finally {
    await r.call('DEBUG', 'SET-ACTIVE-EXPIRE', '1');
  }
});

test('redis-cli --scan lists every key', () => {
  const pipe = r.pipeline();
  pipe.flushall();
  for (let i = 0; i < 500; i++) pipe.set(`cli:${i}`, 'v');
  return pipe.exec().then(() => {
    const out = spawnSync('redis-cli', ['-p', String(srv.port), '--scan', '--pattern', 'cli:*'], { encoding: 'utf8' });
    if (out.error) return; // redis-cli not installed: covered by the compat suite's skip
    const keys = new Set(out.stdout.trim().split('\n'));
    assert.equal(keys.size, 500);
    assert.ok(keys.has('cli:0') && keys.has('cli:499'));
  });
});

test('RANDOMKEY returns existing keys and null on an empty db', async () => {
  await r.flushall();
  assert.equal(await r.randomkey(), null);
  await r.mset('x', '1', 'y', '2', 'z', '3');
  const seen = new Set<string>();
  for (let i = 0; i < 60; i++) seen.add((await r.randomkey()) as string);
  for (const k of seen) assert.ok(['x', 'y', 'z'].includes(k));
  assert.ok(seen.size >= 2, `only ${[...seen]}`);
});

test('OBJECT IDLETIME grows while a key is untouched and resets on access', async () => {
  await r.flushall();
  await r.set('idle', 'some value');
  assert.equal(await r.object('IDLETIME', 'idle'), 0);
  await new Promise((res) => setTimeout(res, 2100));
  const idle = (await r.object('IDLETIME', 'idle')) as number;
  assert.ok(idle >= 2 && idle <= 3, `idle ${idle}`);
  // TYPE and EXISTS do not touch; GET does.
  await r.type('idle');
  assert.ok(((await r.object('IDLETIME', 'idle')) as number) >= 2);
  await r.get('idle');
  assert.equal(await r.object('IDLETIME', 'idle'), 0);
  assert.equal(await r.object('IDLETIME', 'nokey'), null);
});

test('OBJECT FREQ needs an LFU policy; then new keys start at 5 and grow with accesses', async () => {
  await r.flushall();
  await r.set('f', 'v');
  await assert.rejects(r.object('FREQ', 'f'), /An LFU maxmemory policy is not selected/);
  await r.config('SET', 'maxmemory-policy', 'allkeys-lfu');
  try {
    await r.object('FREQ', 'f'); // switches tracking on
    await r.set('g', 'v');
    assert.equal(await r.object('FREQ', 'g'), 5);
    await r.get('g');
    assert.equal(await r.object('FREQ', 'g'), 6);
    await assert.rejects(r.object('IDLETIME', 'g'), /An LFU maxmemory policy is selected, idle time not tracked/);
  } finally {
    await r.config('SET', 'maxmemory-policy', 'noeviction');
  }
});

test('EXPIRE family with node-redis: NX/XX/GT/LT, TTL/PTTL/EXPIRETIME, PERSIST, past times delete', async () => {
  const nr = createClient({ socket: { port: srv.port } });
  await nr.connect();
  try {
    await nr.flushAll();
    await nr.set('e', 'v');
    assert.equal(await nr.sendCommand(['EXPIRE', 'e', '100', 'XX']), 0);
    assert.equal(await nr.sendCommand(['EXPIRE', 'e', '100', 'NX']), 1);
    assert.equal(await nr.sendCommand(['EXPIRE', 'e', '50', 'GT']), 0);
    assert.equal(await nr.sendCommand(['EXPIRE', 'e', '200', 'GT']), 1);
    assert.equal(await nr.sendCommand(['EXPIRE', 'e', '150', 'LT']), 1);
    const pttl = await nr.pTTL('e');
    assert.ok(pttl > 149000 && pttl <= 150000, `pttl ${pttl}`);
    const at = (await nr.sendCommand(['PEXPIRETIME', 'e'])) as number;
    assert.equal(await nr.sendCommand(['EXPIRETIME', 'e']), Math.floor(at / 1000));
    assert.equal(await nr.persist('e'), true);
    assert.equal(await nr.ttl('e'), -1);
    assert.equal(await nr.sendCommand(['PEXPIREAT', 'e', '1']), 1);
    assert.equal(await nr.exists('e'), 0);
    assert.equal(await nr.ttl('e'), -2);
  } finally {
    await nr.quit();
  }
});
