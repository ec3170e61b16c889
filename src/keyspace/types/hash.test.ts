/**
 * HashValue against a reference model: a plain array of [field, value] pairs kept in listpack order
 * (insertion order, updates in place, deletions close the gap), with seeded random binary fields and values
 * (every byte 0..255, empty strings, lengths on both sides of the one-char varint limit of 127).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { HashValue, type HashLimits } from './hash.js';

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

function randomString(r: () => number, maxLen: number): string {
  const lens = [0, 1, 2, 12, 13, 127, 128, 129, 300];
  const len = r() < 0.3 ? Math.min(maxLen, lens[Math.floor(r() * lens.length)]) : Math.floor(r() * Math.min(maxLen, 20));
  let s = '';
  for (let i = 0; i < len; i++) s += String.fromCharCode(Math.floor(r() * 256));
  return s;
}

class Model {
  pairs: [string, string][] = [];
  index(f: string): number {
    return this.pairs.findIndex((p) => p[0] === f);
  }
}

function check(h: HashValue, m: Model, compact: boolean): void {
  assert.equal(h.size(), m.pairs.length);
  assert.equal(h.isCompact(), compact);
  assert.equal(h.encoding(), compact ? 'listpack' : 'hashtable');
  if (compact) assert.deepEqual(h.entries(), m.pairs.flat());
  else assert.deepEqual(new Map(chunk(h.entries())), new Map(m.pairs));
  const seen: string[] = [];
  h.forEach((f, v) => seen.push(f, v));
  assert.deepEqual(seen, h.entries());
  for (const [f, v] of m.pairs) {
    assert.equal(h.get(f), v);
    assert.equal(h.has(f), true);
  }
  if (m.pairs.length > 0) {
    const i = m.pairs.length - 1;
    assert.deepEqual(h.pairAt(i), [seen[2 * i], seen[2 * i + 1]]);
  }
}

function chunk(flat: string[]): [string, string][] {
  const out: [string, string][] = [];
  for (let i = 0; i < flat.length; i += 2) out.push([flat[i], flat[i + 1]]);
  return out;
}

/** Random HSET/HDEL against the model, checking the whole hash every 25 operations and at the end. */
function run(seed: number, limits: HashLimits, ops: number, maxLen: number): void {
  const r = rng(seed);
  const h = new HashValue();
  const m = new Model();
  let compact = true;
  const fields: string[] = [];
  for (let op = 0; op < ops; op++) {
    const reuse = fields.length > 0 && r() < 0.6;
    const f = reuse ? fields[Math.floor(r() * fields.length)] : randomString(r, maxLen);
    if (!reuse) fields.push(f);
    if (r() < 0.25) {
      const i = m.index(f);
      assert.equal(h.delete(f), i >= 0, `delete ${JSON.stringify(f)}`);
      if (i >= 0) m.pairs.splice(i, 1);
    } else {
      const v = randomString(r, maxLen);
      const i = m.index(f);
      assert.equal(h.set(f, v, limits), i < 0, `set ${JSON.stringify(f)}`);
      if (i >= 0) m.pairs[i][1] = v;
      else m.pairs.push([f, v]);
      if (f.length > limits.hashMaxListpackValue || v.length > limits.hashMaxListpackValue) compact = false;
      if (m.pairs.length > limits.hashMaxListpackEntries) compact = false;
    }
    assert.equal(h.get('\u00ff never generated \u0000'), undefined);
    if (op % 25 === 0) check(h, m, compact);
  }
  check(h, m, compact);
  const copy = h.clone();
  assert.deepEqual(copy.entries(), h.entries());
  copy.set('\u0001clone-only', 'x', limits);
  assert.equal(h.has('\u0001clone-only'), false);
  const rebuilt = HashValue.fromPairs(h.entries(), limits);
  assert.deepEqual(rebuilt.entries(), h.entries());
  if (compact) assert.equal(rebuilt.encoding(), 'listpack');
}

test('packed listpack form follows listpack order under random binary HSET/HDEL (default limits)', () => {
  for (let seed = 1; seed <= 6; seed++) run(seed, { hashMaxListpackEntries: 512, hashMaxListpackValue: 64 }, 1500, 64);
});

test('long varint lengths (values up to 300 bytes, more than 127 entries) with raised limits', () => {
  for (let seed = 11; seed <= 13; seed++) run(seed, { hashMaxListpackEntries: 100000, hashMaxListpackValue: 100000 }, 1500, 300);
});

test('conversion to hashtable at each limit, and values crossing it', () => {
  for (let seed = 21; seed <= 24; seed++) run(seed, { hashMaxListpackEntries: 8, hashMaxListpackValue: 16 }, 800, 20);
  const limits = { hashMaxListpackEntries: 3, hashMaxListpackValue: 5 };
  const h = new HashValue();
  for (const f of ['a', 'b', 'c']) h.set(f, f + f, limits);
  assert.equal(h.encoding(), 'listpack');
  h.set('d', 'dd', limits);
  assert.equal(h.encoding(), 'hashtable');
  const v = new HashValue();
  v.set('a', '12345', limits);
  assert.equal(v.encoding(), 'listpack');
  v.set('a', '123456', limits);
  assert.equal(v.encoding(), 'hashtable');
  assert.equal(v.get('a'), '123456');
  const zero = new HashValue();
  zero.set('', '', { hashMaxListpackEntries: 0, hashMaxListpackValue: 64 });
  assert.equal(zero.encoding(), 'hashtable');
});

test('fromPairs: duplicates keep the first position with the last value; empty and big inputs', () => {
  const limits = { hashMaxListpackEntries: 4, hashMaxListpackValue: 64 };
  const h = HashValue.fromPairs(['a', '1', 'b', '2', 'a', '3'], limits);
  assert.deepEqual(h.entries(), ['a', '3', 'b', '2']);
  assert.equal(h.size(), 2);
  assert.equal(HashValue.fromPairs([], limits).size(), 0);
  const big = HashValue.fromPairs(['a', '1', 'b', '2', 'c', '3', 'd', '4', 'e', '5'], limits);
  assert.equal(big.encoding(), 'hashtable');
  assert.equal(big.get('e'), '5');
  const long = HashValue.fromPairs(['a', 'x'.repeat(65)], limits);
  assert.equal(long.encoding(), 'hashtable');
});
