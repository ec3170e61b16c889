/**
 * BigMap against a plain Map as the reference, with a tiny per-Map capacity so the overflow Maps are used:
 * the same answers for every operation of a seeded random run, live iteration across Maps, and keys that
 * never move while present (what SCAN's guarantee rests on).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BigMap } from './big-map.js';
import { seededRandom } from '../platform/random.js';

test('random operations answer as a Map does, across several full Maps', () => {
  const rnd = seededRandom(42);
  const big = new BigMap<string, number>(64);
  const ref = new Map<string, number>();
  for (let i = 0; i < 50000; i++) {
    const key = `k${rnd.int(1000)}`;
    const op = rnd.int(10);
    if (op < 5) {
      big.set(key, i);
      ref.set(key, i);
    } else if (op < 7) assert.equal(big.delete(key), ref.delete(key));
    else if (op < 8) assert.equal(big.has(key), ref.has(key));
    else assert.equal(big.get(key), ref.get(key));
    assert.equal(big.size, ref.size);
  }
  assert.ok(big.maps().length > 1, 'the overflow path was exercised');
  assert.deepEqual(new Map(big.entries()), ref);
  assert.deepEqual(new Set(big.keys()), new Set(ref.keys()));
  assert.deepEqual([...big.values()].sort((a, b) => a - b), [...ref.values()].sort((a, b) => a - b));
  for (const m of big.maps()) assert.ok(m.size <= 64);
  big.clear();
  assert.equal(big.size, 0);
  assert.deepEqual([...big], []);
});

test('iterators are live across Maps: keys present throughout are all seen once, new Maps are reached', () => {
  const big = new BigMap<string, number>(10);
  for (let i = 0; i < 25; i++) big.set(`a${i}`, i);
  const it = big.keys();
  const seen: string[] = [];
  for (let i = 0; i < 5; i++) seen.push(it.next().value as string);
  // Churn while the walk is parked: delete some, add many (new overflow Maps), re-set existing keys.
  for (let i = 20; i < 25; i++) big.delete(`a${i}`);
  for (let i = 0; i < 40; i++) big.set(`b${i}`, i);
  for (let i = 0; i < 20; i++) big.set(`a${i}`, -i);
  for (let r = it.next(); r.done !== true; r = it.next()) seen.push(r.value);
  for (let i = 0; i < 20; i++) assert.equal(seen.filter((k) => k === `a${i}`).length, 1, `a${i} seen once`);
  assert.ok(!seen.some((k) => /^a2[0-4]$/.test(k) && seen.indexOf(k) >= 5), 'deleted keys not seen after deletion');
  assert.equal(seen.filter((k) => k.startsWith('b')).length, 40, 'keys added to new Maps during the walk are reached');
  assert.equal(big.get('a3'), -3);
});
