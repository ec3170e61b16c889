/**
 * Replies bigger than one JavaScript string can hold. V8 strings stop at 2^29-24 chars (just under 512 MB),
 * while Redis happily answers a pipeline of GETs of a big value with gigabytes of replies. The server must
 * deliver every byte in order and stay up: pending output moves to a list of chunks, a big value is queued
 * as its own chunk, and a command that still hits an engine limit gets an error reply, never a crash.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createConnection } from 'node:net';
import { Redis } from 'ioredis';
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

const MB = 1024 * 1024;

test('nine pipelined GETs of a 64 MB value (576 MB of replies, past the 2^29 string limit) arrive whole and in order', async () => {
  const size = 64 * MB;
  await r.set('big', Buffer.alloc(size, 'v'));
  await r.set('small', 'tail');
  const header = `$${size}\r\n`;
  const want = 9 * (header.length + size + 2) + '$4\r\ntail\r\n'.length;
  const result = await new Promise<{ total: number; head: string; tail: string; vOnly: boolean }>((resolve, reject) => {
    const s = createConnection({ port: srv.port, host: '127.0.0.1' });
    let total = 0;
    let head = '';
    let tail = '';
    let vOnly = true;
    s.on('error', reject);
    s.on('connect', () => s.write('GET big\r\n'.repeat(9) + 'GET small\r\n'));
    s.on('data', (d: Buffer) => {
      if (head.length < 20) head += d.subarray(0, 20).toString('latin1');
      // Inside the first value (after its header) every byte is 'v'.
      const from = Math.max(0, header.length - total);
      const to = Math.min(d.length, header.length + size - total);
      if (from < to && d.subarray(from, to).some((b) => b !== 0x76)) vOnly = false;
      total += d.length;
      tail = (tail + d.toString('latin1', Math.max(0, d.length - 20))).slice(-20);
      if (total >= want) {
        s.destroy();
        resolve({ total, head, tail, vOnly });
      }
    });
    setTimeout(() => reject(new Error(`timed out after ${total} of ${want} bytes`)), 120000).unref();
  });
  assert.equal(result.total, want);
  assert.ok(result.head.startsWith(header + 'vvvv'), JSON.stringify(result.head));
  assert.ok(result.vOnly, 'the first value arrived intact');
  assert.ok(result.tail.endsWith('vv\r\n$4\r\ntail\r\n'), JSON.stringify(result.tail));
  assert.equal(await r.ping(), 'PONG');
  assert.equal(await r.strlen('big'), size);
  await r.del('big');
});

test('big multi-element replies: LRANGE of 64 KB elements (each its own chunk) and a 200,000-key KEYS reply', async () => {
  const el = 'e'.repeat(64 * 1024);
  await r.rpush('l', ...Array.from({ length: 100 }, (_, i) => el + i));
  const got = await r.lrange('l', 0, -1);
  assert.equal(got.length, 100);
  assert.equal(got[99], el + 99);
  const pipe = r.pipeline();
  for (let i = 0; i < 200000; i++) pipe.set(`k:${i}`, 'x');
  await pipe.exec();
  const keys = await r.keys('k:*');
  assert.equal(keys.length, 200000);
  assert.equal(await r.ping(), 'PONG');
  await r.flushall();
});
