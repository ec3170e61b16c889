/**
 * Sorted sets: the skiplist and ZSet structures (ranks, ranges, conversions) checked against a naive model,
 * and the behaviours a compatibility diff cannot show: blocking pops served by another client's write (and
 * their propagation form), timeouts, ZSCAN never missing an element present during the whole scan.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Redis } from 'ioredis';
import { startRedoubt, type RunningServer } from '../helpers/server.js';
import { seededRandom } from '../../src/platform/random.js';
import { ZSet, type ZRangeOut } from '../../src/keyspace/types/zset.js';

const LIMITS = { maxListpackEntries: 16, maxListpackValue: 64 };

function model(z: Map<string, number>): [string, number][] {
  return [...z].sort((a, b) => a[1] - b[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
}

test('ZSet in both encodings agrees with a naive sorted model (add, remove, rank, ranges, removals)', () => {
  const rnd = seededRandom(11);
  for (let round = 0; round < 20; round++) {
    const zs = new ZSet();
    const m = new Map<string, number>();
    for (let op = 0; op < 400; op++) {
      const member = 'm' + rnd.int(60);
      const r = rnd.next();
      if (r < 0.6) {
        const s = rnd.int(20) - 10;
        assert.equal(zs.add(member, s, LIMITS), !m.has(member));
        m.set(member, s);
      } else if (r < 0.8) {
        assert.equal(zs.remove(member), m.delete(member));
      } else if (r < 0.85 && m.size > 0) {
        const start = rnd.int(m.size);
        const n = rnd.int(4) + 1;
        const expect = model(m).slice(start, start + n);
        assert.equal(zs.removeRange(start, n), expect.length);
        for (const [k] of expect) m.delete(k);
      }
      const sorted = model(m);
      assert.equal(zs.size(), m.size);
      assert.equal(zs.encoding(), zs.isCompact() ? 'listpack' : 'skiplist');
      const idx = sorted.findIndex(([k]) => k === member);
      assert.equal(zs.rankOf(member), idx);
      const range = { min: rnd.int(20) - 10, max: rnd.int(20) - 10, minex: rnd.next() < 0.5, maxex: rnd.next() < 0.5 };
      const inRange = sorted.filter(([, s]) => (range.minex ? s > range.min : s >= range.min) && (range.maxex ? s < range.max : s <= range.max));
      assert.equal(zs.countByScore(range), inRange.length);
      const out: ZRangeOut = { members: [], scores: [] };
      zs.rangeByScore(range, false, 1, 3, out);
      assert.deepEqual(out.members, inRange.slice(1, 4).map(([k]) => k));
    }
    const all: [string, number][] = [];
    zs.forEach((k, s) => all.push([k, s]));
    assert.deepEqual(all, model(m));
    assert.deepEqual([...zs.clone().entries()], model(m));
  }
});

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

test('BZPOPMIN blocks until another client ZADDs, then pops the minimum; a timeout answers null', async () => {
  const b = new Redis({ port: srv.port });
  try {
    const pending = b.bzpopmin('bz1', 'bz2', 5);
    await new Promise((res) => setTimeout(res, 100));
    assert.equal(await r.zadd('bz2', 3, 'c', 1, 'a'), 2);
    assert.deepEqual(await pending, ['bz2', 'a', '1']);
    assert.deepEqual(await r.zrange('bz2', 0, -1), ['c']);
    const t0 = Date.now();
    assert.equal(await b.bzpopmax('nothing', 0.2), null);
    assert.ok(Date.now() - t0 >= 150, 'waited for the timeout');
  } finally {
    b.disconnect();
  }
});

test('BZMPOP blocks and serves COUNT elements from the key that became ready; MULTI does not block', async () => {
  const b = new Redis({ port: srv.port });
  try {
    const pending = b.call('BZMPOP', '5', '2', 'bm1', 'bm2', 'MAX', 'COUNT', '2');
    await new Promise((res) => setTimeout(res, 100));
    await r.zadd('bm1', 1, 'x', 2, 'y', 3, 'z');
    assert.deepEqual(await pending, ['bm1', [['z', '3'], ['y', '2']]]);
    const res = await r.multi().bzpopmin('empty-key', 0).exec();
    assert.deepEqual(res, [[null, null]]);
  } finally {
    b.disconnect();
  }
});

test('ZSCAN over a skiplist-encoded zset returns every member present during the whole scan', async () => {
  const members: (string | number)[] = [];
  for (let i = 0; i < 1000; i++) members.push(i, 'm' + i);
  await r.zadd('scanme', ...members);
  assert.equal(await r.object('ENCODING', 'scanme'), 'skiplist');
  const seen = new Map<string, string>();
  let cursor = '0';
  let calls = 0;
  do {
    const [next, items] = await r.zscan('scanme', cursor, 'COUNT', 50);
    for (let i = 0; i < items.length; i += 2) seen.set(items[i], items[i + 1]);
    if (calls === 3) {
      // Changes while scanning: remove some early members, add new ones.
      await r.zrem('scanme', 'm0', 'm1', 'm2');
      await r.zadd('scanme', 5000, 'late1', -5, 'late2');
    }
    cursor = next;
    calls++;
  } while (cursor !== '0' && calls < 1000);
  assert.equal(cursor, '0');
  for (let i = 3; i < 1000; i++) assert.equal(seen.get('m' + i), String(i), 'm' + i);
  const [c2, small] = await r.zscan('nokey', 0);
  assert.deepEqual([c2, small], ['0', []]);
});

test('ZADD/ZINCRBY score formatting and WRONGTYPE through a client library', async () => {
  assert.equal(await r.zincrby('fmt', '0.1', 'a'), '0.10000000000000001');
  assert.equal(await r.zincrby('fmt', '0.2', 'a'), '0.30000000000000004');
  assert.equal(await r.zadd('fmt', 'INCR', '1e300', 'b'), '1.0000000000000001e+300');
  await r.set('astring', 'x');
  await assert.rejects(r.zadd('astring', 1, 'a'), /WRONGTYPE Operation against a key holding the wrong kind of value/);
});
