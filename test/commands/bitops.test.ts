/**
 * Bitmap commands end to end with ioredis against a real redoubt-server: a random bitmap built with SETBIT
 * agrees with a local model for GETBIT, BITCOUNT and BITPOS; BITOP and BITFIELD results are checked
 * against values computed here; big bitmaps stay fast enough to use.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Redis } from 'ioredis';
import { startRedoubt, type RunningServer } from '../helpers/server.js';
import { seededRandom } from '../../src/platform/random.js';

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

test('SETBIT/GETBIT/BITCOUNT/BITPOS agree with a local model of a random bitmap', async () => {
  const rnd = seededRandom(5);
  const model = new Uint8Array(300);
  const p = r.pipeline();
  for (let i = 0; i < 600; i++) {
    const off = rnd.int(model.length * 8);
    const bit = rnd.int(2);
    p.setbit('bm', off, bit);
    if (bit) model[off >> 3] |= 0x80 >> (off & 7);
    else model[off >> 3] &= ~(0x80 >> (off & 7));
  }
  await p.exec();
  const stored = await r.getBuffer('bm');
  assert.ok(stored !== null);
  const len = stored.length;
  assert.deepEqual(stored, Buffer.from(model.subarray(0, len)));
  const bits = (i: number): number => (model[i >> 3] >> (7 - (i & 7))) & 1;
  let total = 0;
  for (let i = 0; i < len * 8; i++) total += bits(i);
  assert.equal(await r.bitcount('bm'), total);
  for (let q = 0; q < 40; q++) {
    const start = rnd.int(len * 8);
    const end = start + rnd.int(len * 8 - start);
    let count = 0;
    let first1 = -1;
    let first0 = -1;
    for (let i = start; i <= end; i++) {
      count += bits(i);
      if (first1 < 0 && bits(i) === 1) first1 = i;
      if (first0 < 0 && bits(i) === 0) first0 = i;
    }
    assert.equal(await r.call('BITCOUNT', 'bm', start, end, 'BIT'), count, `BITCOUNT ${start} ${end} BIT`);
    assert.equal(await r.call('BITPOS', 'bm', 1, start, end, 'BIT'), first1, `BITPOS 1 ${start} ${end} BIT`);
    assert.equal(await r.call('BITPOS', 'bm', 0, start, end, 'BIT'), first0, `BITPOS 0 ${start} ${end} BIT`);
    assert.equal(await r.getbit('bm', start), bits(start));
  }
});

test('BITOP computes AND/OR/XOR/NOT with zero padding; an all-empty result deletes the target', async () => {
  await r.set('x', Buffer.from([0xf0, 0x0f, 0xaa]));
  await r.set('y', Buffer.from([0xff, 0x00]));
  assert.equal(await r.bitop('AND', 'd', 'x', 'y'), 3);
  assert.deepEqual(await r.getBuffer('d'), Buffer.from([0xf0, 0x00, 0x00]));
  assert.equal(await r.bitop('OR', 'd', 'x', 'y'), 3);
  assert.deepEqual(await r.getBuffer('d'), Buffer.from([0xff, 0x0f, 0xaa]));
  assert.equal(await r.bitop('XOR', 'd', 'x', 'y'), 3);
  assert.deepEqual(await r.getBuffer('d'), Buffer.from([0x0f, 0x0f, 0xaa]));
  assert.equal(await r.bitop('NOT', 'd', 'x'), 3);
  assert.deepEqual(await r.getBuffer('d'), Buffer.from([0x0f, 0xf0, 0x55]));
  assert.equal(await r.bitop('OR', 'd', 'nothing1', 'nothing2'), 0);
  assert.equal(await r.exists('d'), 0);
  await assert.rejects(r.bitop('NOT', 'd', 'x', 'y'), /^ReplyError: ERR BITOP NOT must be called with a single source key\.$/);
});

test('BITFIELD: signed/unsigned fields, overflow policies and BITFIELD_RO', async () => {
  assert.deepEqual(await r.call('BITFIELD', 'bf', 'SET', 'i8', 0, -100, 'GET', 'u8', 0, 'GET', 'i8', 0), [0, 156, -100]);
  assert.deepEqual(await r.call('BITFIELD', 'bf', 'OVERFLOW', 'SAT', 'INCRBY', 'i8', 0, -100, 'OVERFLOW', 'WRAP', 'INCRBY', 'i8', 0, -1), [-128, 127]);
  assert.deepEqual(await r.call('BITFIELD', 'bf', 'OVERFLOW', 'FAIL', 'INCRBY', 'i8', 0, 1, 'GET', 'i8', 0), [null, 127]);
  assert.deepEqual(await r.call('BITFIELD', 'bf', 'SET', 'u4', '#1', 9, 'GET', 'u4', '#1', 'GET', 'u16', 0), [15, 9, 0x7900]);
  assert.deepEqual(await r.call('BITFIELD_RO', 'bf', 'GET', 'u4', '#1'), [9]);
  await assert.rejects(r.call('BITFIELD_RO', 'bf', 'SET', 'u4', 0, 1), /^ReplyError: ERR BITFIELD_RO only supports the GET subcommand$/);
  await assert.rejects(r.call('BITFIELD', 'bf', 'GET', 'u64', 0), /^ReplyError: ERR Invalid bitfield type\. Use something like i16 u8\. Note that u64 is not supported but i64 is\.$/);
  await assert.rejects(r.call('BITFIELD', 'bf', 'OVERFLOW', 'NOPE', 'GET', 'u8', 0), /^ReplyError: ERR Invalid OVERFLOW type specified$/);
});

test('big bitmaps: SETBIT at a 4 Mbit offset, then counting and searching 512 KB stays fast', async () => {
  const t0 = performance.now();
  assert.equal(await r.setbit('huge', 4 * 1024 * 1024 - 1, 1), 0);
  const p = r.pipeline();
  for (let i = 0; i < 50; i++) p.bitcount('huge');
  for (let i = 0; i < 50; i++) p.bitpos('huge', 1);
  const res = await p.exec();
  assert.ok(res !== null);
  assert.equal(res[0][1], 1);
  assert.equal(res[99][1], 4 * 1024 * 1024 - 1);
  const ms = performance.now() - t0;
  assert.ok(ms < 3000, `100 scans of 512 KB took ${ms.toFixed(0)} ms`);
  await assert.rejects(r.setbit('huge', 4294967296, 1), /^ReplyError: ERR bit offset is not an integer or out of range$/);
});
