/** Key-spec notation and the key finder over an argv (index/keyword begin, range/keynum find). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseKeySpec, specKeyPositions } from './key-specs.js';

test('the notation: flags; begin; find; notes', () => {
  assert.deepEqual(parseKeySpec('RW access update; index 1; range 0 1 0; notes; with a semicolon'), {
    flags: ['RW', 'access', 'update'],
    begin: { type: 'index', index: 1 },
    find: { type: 'range', lastkey: 0, keystep: 1, limit: 0 },
    notes: 'notes; with a semicolon',
  });
  assert.deepEqual(parseKeySpec('RO access; keyword STREAMS 1; keynum 0 1 2'), {
    flags: ['RO', 'access'],
    begin: { type: 'keyword', keyword: 'STREAMS', startfrom: 1 },
    find: { type: 'keynum', keynumidx: 0, firstkey: 1, keystep: 2 },
  });
  assert.throws(() => parseKeySpec('RO; index x; range 0 1 0'), /numbers expected/);
  assert.throws(() => parseKeySpec('RO; index 1'), /FLAGS; BEGIN; FIND/);
  assert.throws(() => parseKeySpec('RO; sideways 1; range 0 1 0'), /bad begin/);
});

test('finding keys: ranges, every other key, key counts, keywords forwards and backwards', () => {
  const at = (spec: string, argv: string): number[] => specKeyPositions(parseKeySpec(spec), argv.split(' '));
  assert.deepEqual(at('RO; index 1; range 0 1 0', 'get k'), [1]);
  assert.deepEqual(at('RW; index 1; range -1 1 0', 'del a b c'), [1, 2, 3]);
  assert.deepEqual(at('OW; index 1; range -1 2 0', 'mset a 1 b 2'), [1, 3]);
  assert.deepEqual(at('RO; index 2; keynum 0 1 1', 'zunionstore d 2 a b weights 1 2'), [3, 4]);
  assert.deepEqual(at('RO; index 2; keynum 0 1 1', 'zunionstore d x a'), []);
  assert.deepEqual(at('RO; keyword STREAMS 1; range -1 1 2', 'xread count 1 streams a b 0 0'), [4, 5]);
  assert.deepEqual(at('RW; keyword KEYS -2; range -1 1 0', 'migrate h p "" 0 5 keys a b'), [7, 8]);
  assert.deepEqual(at('RW; keyword STORE 1; range 0 1 0', 'sort k store'), []);
  assert.deepEqual(at('RO; unknown; unknown', 'sort k by x'), []);
});
