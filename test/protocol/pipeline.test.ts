/**
 * Pipelining and reply batching over a raw socket. Why: the server must answer a pipeline in order, and all
 * replies produced by one read chunk must leave in ONE socket write (the single biggest CPU saving measured
 * for a Node server, see docs/ARCHITECTURE.md); a raw socket shows how the bytes were batched.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startRedoubt, type RunningServer } from '../helpers/server.js';
import { RawClient } from '../helpers/raw.js';
import { encodeCommand } from '../helpers/resp.js';

let srv: RunningServer;

before(async () => {
  srv = await startRedoubt();
});

after(async () => {
  await srv.stop();
});

test('10,000 commands in one write: every reply, in order', async () => {
  const c = await RawClient.connect(srv.port);
  let wire = '';
  for (let i = 0; i < 10_000; i++) wire += encodeCommand(['ECHO', `m${i}`]);
  c.write(wire);
  const replies = await c.replies(10_000, 10_000);
  assert.equal(replies.length, 10_000);
  for (let i = 0; i < 10_000; i++) {
    const want = `$${`m${i}`.length}\r\nm${i}\r\n`;
    if (replies[i] !== want) assert.fail(`reply ${i}: ${JSON.stringify(replies[i])} instead of ${JSON.stringify(want)}`);
  }
  assert.equal(c.pending, '', 'no extra bytes after the last reply');
  c.close();
});

test('inline and multibulk commands mixed in one pipeline keep their order', async () => {
  const c = await RawClient.connect(srv.port);
  let wire = '';
  const want: string[] = [];
  for (let i = 0; i < 2000; i++) {
    wire += i % 2 === 0 ? `ECHO i${i}\r\n` : encodeCommand(['ECHO', `b${i}`]);
    const v = i % 2 === 0 ? `i${i}` : `b${i}`;
    want.push(`$${v.length}\r\n${v}\r\n`);
  }
  c.write(wire);
  assert.deepEqual(await c.replies(2000), want);
  c.close();
});

test('a small pipelined batch is answered by a single socket write', async () => {
  const c = await RawClient.connect(srv.port);
  for (let round = 0; round < 20; round++) {
    const before = c.dataEvents.length;
    let wire = '';
    for (let i = 0; i < 20; i++) wire += i % 2 ? 'PING\r\n' : encodeCommand(['ECHO', `r${round}-${i}`]);
    c.write(wire);
    const replies = await c.replies(20);
    assert.equal(replies.length, 20);
    assert.equal(c.dataEvents.length - before, 1, `round ${round}: the 20 replies arrived in ${c.dataEvents.length - before} 'data' events`);
  }
  c.close();
});

test('a command split across many writes is answered once, completely', async () => {
  const c = await RawClient.connect(srv.port);
  const wire = encodeCommand(['ECHO', 'x'.repeat(50_000)]) + 'PING\r\n';
  for (let i = 0; i < wire.length; i += 997) {
    c.write(wire.slice(i, i + 997));
    await new Promise((r) => setImmediate(r));
  }
  const replies = await c.replies(2);
  assert.deepEqual(replies, [`$50000\r\n${'x'.repeat(50_000)}\r\n`, '+PONG\r\n']);
  c.close();
});
