/**
 * SetValue against a reference model: the members in a JS Set, and for intsets their expected order
 * (ascending by BigInt value). Seeded random SADD/SREM mix small, 16-bit, 32-bit and 64-bit boundary
 * integers (so the packed intset upgrades its width) with non-canonical look-alikes ("-0", "01", "+1",
 * 2^63) and binary strings, which must convert the set to a hashtable.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SetValue, type SetLimits } from './set.js';

/** A small deterministic PRNG (mulberry32). */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const EDGES = [
  0n, 1n, -1n, 127n, 128n, 255n, 256n, 32767n, 32768n, -32768n, -32769n, 65535n, 65536n,
  2147483647n, 2147483648n, -2147483648n, -2147483649n, 4294967295n, 4294967296n, -4294967296n,
  9007199254740991n, 9007199254740992n, -9007199254740993n, 2n ** 62n, 9223372036854775807n, -9223372036854775808n,
];
const NOT_CANONICAL = ['-0', '01', '+1', ' 1', '1 ', '', '-', '9223372036854775808', '-9223372036854775809', '1.0', '0x10'];

/** A member of the given kind: 0 small, 1 16-bit, 2 32-bit, 3 64-bit, 4 edge, 5 non-integer. */
function member(r: () => number, kind: number): string {
  const span = [100, 70000, 2 ** 33, 2 ** 62][kind];
  if (kind <= 2) return String(Math.floor(r() * span) - span / 2);
  if (kind === 3) return String(BigInt(Math.floor(r() * 2 ** 31)) * BigInt(Math.floor(r() * 2 ** 31)) * (r() < 0.5 ? -1n : 1n));
  if (kind === 4) return String(EDGES[Math.floor(r() * EDGES.length)]);
  if (r() < 0.5) return NOT_CANONICAL[Math.floor(r() * NOT_CANONICAL.length)];
  let s = '';
  for (let i = Math.floor(r() * 6); i > 0; i--) s += String.fromCharCode(Math.floor(r() * 256));
  return s;
}

function ascending(members: Iterable<string>): string[] {
  return [...members].sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : BigInt(a) > BigInt(b) ? 1 : 0));
}

function check(s: SetValue, model: Set<string>, intset: boolean): void {
  assert.equal(s.size(), model.size);
  assert.equal(s.isIntset(), intset);
  assert.equal(s.encoding(), intset ? 'intset' : 'hashtable');
  const members = s.members();
  if (intset) assert.deepEqual(members, ascending(model));
  else assert.deepEqual(new Set(members), model);
  assert.equal(members.length, model.size);
  const seen: string[] = [];
  s.forEach((m) => seen.push(m));
  assert.deepEqual(seen, members);
  for (let i = 0; i < members.length; i++) assert.equal(s.at(i), members[i]);
  for (const m of model) assert.equal(s.has(m), true, `has ${m}`);
  assert.equal(s.liveMap() === null, intset);
}

/** Random SADD/SREM against the model, whole-set checks every 20 operations and at the end. */
function run(seed: number, limits: SetLimits, ops: number, kinds: number, nonInt: number): void {
  const r = rng(seed);
  const s = new SetValue();
  const model = new Set<string>();
  let intset = true;
  const used: string[] = [];
  for (let op = 0; op < ops; op++) {
    const reuse = used.length > 0 && r() < 0.5;
    const m = reuse ? used[Math.floor(r() * used.length)] : member(r, r() < nonInt ? 5 : Math.floor(r() * kinds));
    if (!reuse) used.push(m);
    if (r() < 0.3) {
      assert.equal(s.delete(m), model.delete(m), `delete ${JSON.stringify(m)}`);
    } else {
      const isNew = !model.has(m);
      assert.equal(s.add(m, limits), isNew, `add ${JSON.stringify(m)}`);
      model.add(m);
      if (!/^(0|-?[1-9][0-9]{0,18})$/.test(m) || BigInt(m) >= 2n ** 63n || BigInt(m) < -(2n ** 63n)) intset = false;
      if (model.size > limits.setMaxIntsetEntries) intset = false;
    }
    for (const absent of ['-0', '01', '12345678901234567890', 'x']) if (!model.has(absent)) assert.equal(s.has(absent), false);
    if (op % 20 === 0) check(s, model, intset);
  }
  check(s, model, intset);
  const copy = s.clone();
  assert.deepEqual(copy.members(), s.members());
  copy.add('clone-only', limits);
  assert.equal(s.has('clone-only'), false);
  const rebuilt = SetValue.from(s.members(), limits);
  assert.equal(rebuilt.encoding(), s.encoding());
  if (intset) assert.deepEqual(rebuilt.members(), s.members());
  else assert.deepEqual(new Set(rebuilt.members()), model);
}

test('packed intset stays ascending under random SADD/SREM of integers of every width', () => {
  for (let seed = 1; seed <= 8; seed++) run(seed, { setMaxIntsetEntries: 512 }, 1200, 5, 0);
});

test('small integers only (16-bit entries), then a wider member upgrades in place', () => {
  for (let seed = 11; seed <= 14; seed++) run(seed, { setMaxIntsetEntries: 512 }, 800, 1, 0);
  const s = new SetValue();
  const limits = { setMaxIntsetEntries: 512 };
  for (const m of ['5', '-3', '100']) s.add(m, limits);
  s.add('-9223372036854775808', limits);
  s.add('9223372036854775807', limits);
  s.add('70000', limits);
  assert.deepEqual(s.members(), ['-9223372036854775808', '-3', '5', '100', '70000', '9223372036854775807']);
  assert.equal(s.delete('9223372036854775807'), true);
  assert.equal(s.has('9223372036854775807'), false);
  assert.equal(s.encoding(), 'intset');
});

test('non-integer members and the entry limit convert to hashtable, and it never converts back', () => {
  for (let seed = 21; seed <= 26; seed++) run(seed, { setMaxIntsetEntries: 16 }, 600, 5, 0.05);
  const limits = { setMaxIntsetEntries: 3 };
  const s = new SetValue();
  for (const m of ['3', '1', '2']) s.add(m, limits);
  assert.equal(s.encoding(), 'intset');
  assert.equal(s.add('4', limits), true);
  assert.equal(s.encoding(), 'hashtable');
  assert.deepEqual(s.members(), ['1', '2', '3', '4']);
  s.delete('4');
  s.delete('3');
  assert.equal(s.encoding(), 'hashtable');
  const wide = new SetValue();
  for (const m of ['1', '2', '3']) wide.add(m, limits);
  wide.add('9223372036854775807', limits);
  assert.equal(wide.encoding(), 'hashtable');
  assert.deepEqual(wide.members(), ['1', '2', '3', '9223372036854775807']);
  const text = new SetValue();
  text.add('2', limits);
  text.add('a', limits);
  assert.deepEqual(text.members(), ['2', 'a']);
  const zero = new SetValue();
  zero.add('1', { setMaxIntsetEntries: 0 });
  assert.equal(zero.encoding(), 'hashtable');
});

test('from(): duplicates, unsorted input, limits and non-integers pick Redis encodings', () => {
  const limits = { setMaxIntsetEntries: 4 };
  const a = SetValue.from(['10', '-2', '10', '70000', '-2'], limits);
  assert.deepEqual(a.members(), ['-2', '10', '70000']);
  assert.equal(a.encoding(), 'intset');
  assert.equal(SetValue.from([], limits).size(), 0);
  assert.equal(SetValue.from(['1', '2', '3', '4', '5'], limits).encoding(), 'hashtable');
  assert.equal(SetValue.from(['1', '1', '1', '1', '1', '2'], limits).encoding(), 'intset');
  assert.equal(SetValue.from(new Set(['1', 'x']), limits).encoding(), 'hashtable');
  assert.equal(SetValue.from(['01'], limits).encoding(), 'hashtable');
});

test('at() samples every member of an intset uniformly', () => {
  const s = SetValue.from(['-40000', '-1', '0', '7', '2147483648'], { setMaxIntsetEntries: 512 });
  const r = rng(99);
  const counts = new Map<string, number>();
  for (let i = 0; i < 50000; i++) {
    const m = s.at(Math.floor(r() * s.size()));
    counts.set(m, (counts.get(m) ?? 0) + 1);
  }
  assert.deepEqual([...counts.keys()].sort(), s.members().slice().sort());
  for (const n of counts.values()) assert.ok(Math.abs(n - 10000) < 600, `count ${n}`);
});
