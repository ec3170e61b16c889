import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ReplyDecoder, ReplyError, ReplyMap, ReplyPush, ReplyProtocolError, encodeCommand, type Reply } from './reply-decoder.js';

/** Decodes the whole input at once and again byte by byte; both must give the same replies. */
function decodeBoth(input: string): Reply[] {
  const whole = new ReplyDecoder();
  whole.feed(input);
  const a: Reply[] = [];
  for (let r = whole.next(); r !== undefined; r = whole.next()) a.push(r);
  const bytewise = new ReplyDecoder();
  const b: Reply[] = [];
  for (const ch of input) {
    bytewise.feed(ch);
    for (let r = bytewise.next(); r !== undefined; r = bytewise.next()) b.push(r);
  }
  assert.deepEqual(b, a);
  assert.equal(whole.bufferedBytes, 0);
  return a;
}

test('RESP2 scalars, nulls and nested arrays', () => {
  const r = decodeBoth('+OK\r\n-ERR bad\r\n:42\r\n:-7\r\n$5\r\nhe\r\nl\r\n$-1\r\n*-1\r\n*0\r\n*2\r\n*1\r\n$1\r\na\r\n:1\r\n');
  assert.equal(r[0], 'OK');
  assert.ok(r[1] instanceof ReplyError && r[1].message === 'ERR bad');
  assert.deepEqual(r.slice(2), [42, -7, 'he\r\nl', null, null, [], [['a'], 1]]);
});

test('RESP3 types: map, set, push, double, bool, null, big number, verbatim, blob error, attribute', () => {
  const r = decodeBoth('%2\r\n+a\r\n:1\r\n+b\r\n#t\r\n~2\r\n:1\r\n:2\r\n>3\r\n$7\r\nmessage\r\n$2\r\nch\r\n$1\r\nx\r\n,3.5\r\n,inf\r\n_\r\n(123456789012345678901234\r\n=8\r\ntxt:abcd\r\n!5\r\nERR x\r\n|1\r\n+key\r\n+val\r\n:9\r\n');
  assert.ok(r[0] instanceof ReplyMap);
  assert.equal((r[0] as ReplyMap).get('a'), 1);
  assert.equal((r[0] as ReplyMap).get('b'), true);
  assert.deepEqual(r[1], [1, 2]);
  assert.ok(r[2] instanceof ReplyPush && r[2].items[2] === 'x');
  assert.deepEqual(r.slice(3, 6), [3.5, Infinity, null]);
  assert.equal(r[6], 123456789012345678901234n);
  assert.equal(r[7], 'abcd');
  assert.ok(r[8] instanceof ReplyError && r[8].message === 'ERR x');
  assert.equal(r[9], 9, 'the attribute is dropped, the value after it returned');
  assert.equal(r.length, 10);
});

test('binary-safe bulk strings and large integers', () => {
  const bin = '\x00\xff\r\n\x80';
  const r = decodeBoth(`$${bin.length}\r\n${bin}\r\n:9223372036854775807\r\n`);
  assert.equal(r[0], bin);
  assert.equal(r[1], 9223372036854775807n);
});

test('limits: line length, bulk length, element count, depth, malformed input', () => {
  const d = (limits: object, input: string): (() => void) => () => {
    const x = new ReplyDecoder(limits);
    x.feed(input);
    x.next();
  };
  assert.throws(d({ maxLineBytes: 8 }, '+0123456789abcdef'), ReplyProtocolError);
  assert.throws(d({ maxBulkBytes: 4 }, '$5\r\n'), ReplyProtocolError);
  assert.throws(d({ maxElements: 3 }, '*4\r\n'), ReplyProtocolError);
  assert.throws(d({ maxDepth: 2 }, '*1\r\n*1\r\n*1\r\n'), ReplyProtocolError);
  assert.throws(d({}, '?x\r\n'), ReplyProtocolError);
  assert.throws(d({}, ':12a\r\n'), ReplyProtocolError);
  assert.throws(d({}, '$3\r\nabcd\r\n'), ReplyProtocolError);
  assert.throws(() => new ReplyDecoder({ maxBufferedBytes: 4 }).feed('+OKOK'), ReplyProtocolError);
});

test('incomplete input returns undefined and keeps state', () => {
  const x = new ReplyDecoder();
  x.feed('*2\r\n$3\r\nfoo\r\n');
  assert.equal(x.next(), undefined);
  x.feed(':5\r\n');
  assert.deepEqual(x.next(), ['foo', 5]);
  assert.equal(x.next(), undefined);
});

test('encodeCommand writes a binary-safe multibulk', () => {
  assert.equal(encodeCommand(['SET', 'k', 'a\r\nb']), '*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$4\r\na\r\nb\r\n');
});
