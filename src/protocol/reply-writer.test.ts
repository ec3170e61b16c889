/**
 * The reply writer's chunking: output past the spill threshold and big bulk values leave the pending string
 * as separate chunks, and takeSpilled() + takeOutput() give the bytes back in exactly the order written.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ReplyWriter } from './reply-writer.js';

function drain(w: ReplyWriter): string {
  return (w.takeSpilled() ?? []).join('') + w.takeOutput();
}

test('small replies stay in one pending string', () => {
  const w = new ReplyWriter();
  w.addOK();
  w.addInt(7);
  w.addBulk('abc');
  assert.equal(w.takeSpilled(), null);
  assert.equal(w.pendingOutputBytes, '+OK\r\n:7\r\n$3\r\nabc\r\n'.length);
  assert.equal(w.takeOutput(), '+OK\r\n:7\r\n$3\r\nabc\r\n');
});

test('a big bulk value is its own chunk, in order with what came before and after', () => {
  const w = new ReplyWriter();
  const big = 'x'.repeat(200 * 1024);
  w.addArrayLen(3);
  w.addBulk('a');
  w.addBulk(big);
  w.addBulk('b');
  assert.equal(w.pendingOutputBytes, `*3\r\n$1\r\na\r\n$${big.length}\r\n${big}\r\n$1\r\nb\r\n`.length);
  const chunks = w.takeSpilled();
  assert.ok(chunks !== null && chunks.includes(big), 'the value itself is a chunk (not copied)');
  assert.equal(chunks.join('') + w.takeOutput(), `*3\r\n$1\r\na\r\n$${big.length}\r\n${big}\r\n$1\r\nb\r\n`);
  assert.equal(w.pendingOutputBytes, 0);
});

test('many small replies spill past the threshold and keep their order; RESP3 verbatim and raw too', () => {
  const w = new ReplyWriter();
  let want = '';
  for (let i = 0; i < 400000; i++) {
    const s = `value-${i}-${'y'.repeat(20)}`;
    w.addBulk(s);
    want += `$${s.length}\r\n${s}\r\n`;
  }
  w.proto = 3;
  const text = 'z'.repeat(100 * 1024);
  w.addVerbatim(text);
  want += `=${text.length + 4}\r\ntxt:${text}\r\n`;
  w.addRaw('+raw\r\n');
  want += '+raw\r\n';
  assert.ok(want.length > 8 * 1024 * 1024, 'the test output passes the spill threshold');
  const spilled = w.takeSpilled();
  assert.ok(spilled !== null && spilled.length >= 2);
  assert.equal(spilled.join('') + w.takeOutput(), want);
});

test('muted writers queue nothing, big or small', () => {
  const w = new ReplyWriter();
  w.muted = 1;
  w.addBulk('x'.repeat(100 * 1024));
  w.addOK();
  assert.equal(w.takeSpilled(), null);
  assert.equal(w.takeOutput(), '');
});
