/**
 * Unit tests for the incremental request parser. Why: a request can arrive split at any byte boundary, so
 * every input is decoded whole, byte by byte and at seeded random split points, and must decode the same.
 * The error texts and limits were checked against real redis-server 7.0.15 over a raw socket (the bytes in
 * each case were sent as is); test/protocol/limits.test.ts repeats that comparison end to end.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ProtocolError, RequestParser, splitArgs, type ParserLimits } from './request-parser.js';
import { seededRandom } from '../platform/random.js';

const LIMITS: ParserLimits = { maxBulkLen: 512 * 1024 * 1024, maxQueryBufferBytes: 1024 * 1024 * 1024 };

interface Outcome {
  cmds: string[][];
  /** The ProtocolError message, if parsing stopped with one. */
  error?: string;
  silent?: boolean;
}

interface Opts {
  limits?: Partial<ParserLimits>;
  authenticated?: boolean;
  fromMaster?: boolean;
}

function newParser(opts: Opts): RequestParser {
  const p = new RequestParser({ ...LIMITS, ...opts.limits });
  if (opts.authenticated !== undefined) p.authenticated = opts.authenticated;
  if (opts.fromMaster !== undefined) p.fromMaster = opts.fromMaster;
  return p;
}

/** Feeds the chunks in order, draining complete commands after each one, like Client.onData does. */
function decode(chunks: string[], opts: Opts = {}): Outcome {
  const p = newParser(opts);
  const cmds: string[][] = [];
  try {
    for (const chunk of chunks) {
      p.feed(chunk);
      for (let argv = p.next(); argv !== null; argv = p.next()) cmds.push(argv);
    }
  } catch (e) {
    if (!(e instanceof ProtocolError)) throw e;
    return { cmds, error: e.message, silent: e.silent };
  }
  return { cmds };
}

function bytewise(s: string): string[] {
  return s.split('');
}

/** Splits s at `cuts` seeded random points. */
function randomSplit(s: string, seed: number, cuts: number): string[] {
  const rnd = seededRandom(seed);
  const points = new Set<number>();
  for (let i = 0; i < cuts && s.length > 1; i++) points.add(1 + rnd.int(s.length - 1));
  const sorted = [...points].sort((a, b) => a - b);
  const out: string[] = [];
  let last = 0;
  for (const p of sorted) {
    out.push(s.slice(last, p));
    last = p;
  }
  out.push(s.slice(last));
  return out;
}

/** Decodes `input` whole, byte by byte and at random split points; all must equal `expected`. */
function check(input: string, expected: Outcome, opts: Opts = {}): void {
  const whole = decode([input], opts);
  assert.deepEqual(whole, expected, `whole: ${JSON.stringify(input.slice(0, 80))}`);
  if (input.length <= 200_000) {
    assert.deepEqual(decode(bytewise(input), opts), expected, `byte by byte: ${JSON.stringify(input.slice(0, 80))}`);
  }
  for (let seed = 1; seed <= 5; seed++) {
    const parts = randomSplit(input, seed, 1 + (seed % 4) * 3);
    assert.deepEqual(decode(parts, opts), expected, `split seed ${seed}: ${JSON.stringify(input.slice(0, 80))}`);
  }
}

function mb(...args: string[]): string {
  let s = `*${args.length}\r\n`;
  for (const a of args) s += `$${a.length}\r\n${a}\r\n`;
  return s;
}

const ok = (...cmds: string[][]): Outcome => ({ cmds });
const err = (message: string, ...cmds: string[][]): Outcome => ({ cmds, error: message, silent: false });

test('multibulk commands decode whole, byte by byte and at random splits', () => {
  check(mb('SET', 'k', 'value'), ok(['SET', 'k', 'value']));
  check(mb('GET', 'k') + mb('PING'), ok(['GET', 'k'], ['PING']));
  check(mb('SET', '', ''), ok(['SET', '', '']));
});

test('binary-safe arguments: CR, LF, NUL and high bytes inside bulks', () => {
  const bin = 'a\r\nb\0c\xff\x80\r\n*2\r\n$';
  check(mb('SET', bin, '\r\n'), ok(['SET', bin, '\r\n']));
});

test('large arguments take the collect-then-join path and still decode at any split', () => {
  const big = 'x'.repeat(100_000) + 'END';
  check(mb('SET', 'k', big) + mb('GET', 'k'), ok(['SET', 'k', big], ['GET', 'k']));
  const huge = 'y'.repeat(300_000);
  const out = decode(randomSplit(mb('ECHO', huge) + 'PING\r\n', 42, 50));
  assert.deepEqual(out, ok(['ECHO', huge], ['PING']));
});

test('a big argument is not rescanned per chunk (linear time)', () => {
  const size = 16 * 1024 * 1024;
  const payload = 'z'.repeat(size);
  const p = newParser({});
  const t0 = performance.now();
  p.feed(`*2\r\n$4\r\nECHO\r\n$${size}\r\n`);
  assert.equal(p.next(), null);
  for (let i = 0; i < size; i += 16 * 1024) {
    p.feed(payload.slice(i, i + 16 * 1024));
    if (i + 16 * 1024 < size) assert.equal(p.next(), null);
  }
  p.feed('\r\n');
  const argv = p.next();
  assert.ok(argv !== null && argv[1].length === size);
  assert.ok(performance.now() - t0 < 3000, 'decoding a 16MB argument in 16KB chunks took too long');
});

test('seeded random pipelines of binary commands decode identically at any split', () => {
  for (let seed = 1; seed <= 12; seed++) {
    const rnd = seededRandom(seed);
    const cmds: string[][] = [];
    let wire = '';
    for (let i = 0; i < 30; i++) {
      const argc = 1 + rnd.int(5);
      const argv: string[] = [];
      for (let j = 0; j < argc; j++) {
        const len = rnd.int(10) === 0 ? rnd.int(70_000) : rnd.int(20);
        let a = '';
        for (let k = 0; k < len; k++) a += String.fromCharCode(rnd.int(256));
        argv.push(a);
      }
      cmds.push(argv);
      wire += mb(...argv);
    }
    assert.deepEqual(decode([wire]), ok(...cmds));
    assert.deepEqual(decode(randomSplit(wire, seed * 7, 200)), ok(...cmds));
  }
});

test('*0 and *-1 (and any negative count) are empty commands, skipped by the caller', () => {
  check('*0\r\n' + mb('PING'), ok([], ['PING']));
  check('*-1\r\n' + mb('PING'), ok([], ['PING']));
  check('*-5\r\nPING\r\n', ok([], ['PING']));
});

test('inline commands: CRLF or LF, extra spaces, mixed with multibulk', () => {
  check('PING\r\n', ok(['PING']));
  check('PING\n', ok(['PING']));
  check('  SET   k \t v  \r\n', ok(['SET', 'k', 'v']));
  check('PING\r\r\n', ok(['PING']));
  check('ECHO a\r\n' + mb('ECHO', 'b') + 'ECHO c\n', ok(['ECHO', 'a'], ['ECHO', 'b'], ['ECHO', 'c']));
});

test('empty inline lines are ignored (redis-cli --pipe ends with one)', () => {
  check('\r\n\n  \r\nPING\n', ok([], [], [], ['PING']));
});

test('inline quoting follows Redis (checked with ECHO against redis-server)', () => {
  // Each expected value is what real Redis 7.0.15 echoed for the same inline line.
  check('ECHO "hello world"\r\n', ok(['ECHO', 'hello world']));
  check('ECHO "\\x41\\x4g\\q\\n"\r\n', ok(['ECHO', 'Ax4gq\n']));
  check("ECHO 'a\\'b\\n'\r\n", ok(['ECHO', "a'b\\n"]));
  check('ECHO a\x0bb\r\n', ok(['ECHO', 'a\x0bb']));
  check('ECHO "\\t\\r\\b\\a\\\\\\""\r\n', ok(['ECHO', '\t\r\b\x07\\"']));
  check('ECHO a"b c"\r\n', ok(['ECHO', 'ab c']));
  check('ECHO ""\r\n', ok(['ECHO', '']));
  check("SET '' x\r\n", ok(['SET', '', 'x']));
});

test('splitArgs: separators, NUL ends the line, unbalanced quotes', () => {
  assert.deepEqual(splitArgs('\x0b\x0c a b'), ['a', 'b']);
  assert.deepEqual(splitArgs('a\0b c'), ['a']);
  assert.deepEqual(splitArgs('"a"\x0b'), ['a']);
  assert.equal(splitArgs('"a\0"'), null);
  assert.equal(splitArgs('"abc'), null);
  assert.equal(splitArgs("'abc"), null);
  assert.equal(splitArgs('"a"b'), null);
  assert.equal(splitArgs("'a'b"), null);
  assert.equal(splitArgs('"a\\"'), null);
  assert.deepEqual(splitArgs(''), []);
});

test('unbalanced quotes: error after the commands before it', () => {
  check('PING\r\nECHO "a"b\r\nPING\r\n', err('Protocol error: unbalanced quotes in request', ['PING']));
  check('ECHO "a\r\n', err('Protocol error: unbalanced quotes in request'));
  check("ECHO 'a\r\n", err('Protocol error: unbalanced quotes in request'));
});

test('invalid multibulk length', () => {
  const e = err('Protocol error: invalid multibulk length');
  for (const count of ['abc', '', '-0', '03', '+1', '1x', '2147483648', '99999999999999999999', ' 1']) {
    check(`*${count}\r\n`, e);
  }
  // INT_MAX itself is accepted: the parser waits for the arguments.
  check('*2147483647\r\n', ok());
});

test('invalid bulk length', () => {
  const e = err('Protocol error: invalid bulk length');
  for (const len of ['-1', '-0', '04', '+4', '', 'abc', '4 ', '99999999999999999999']) {
    check(`*1\r\n$${len}\r\n`, e);
  }
  check(mb('PING') + '*2\r\n$4\r\nECHO\r\n$x\r\n', err('Protocol error: invalid bulk length', ['PING']));
});

test("expected '$', got the actual byte", () => {
  check('*1\r\n:4\r\nPING\r\n', err("Protocol error: expected '$', got ':'"));
  check('*2\r\n$4\r\nECHO\r\nPING\r\n', err("Protocol error: expected '$', got 'P'"));
});

test('too big inline request / mbulk count / bulk count (64KB without a line end)', () => {
  check('PING ' + 'x'.repeat(70_000), err('Protocol error: too big inline request'));
  check('*' + '1'.repeat(70_000), err('Protocol error: too big mbulk count string'));
  check('*1\r\n$' + '1'.repeat(70_000), err('Protocol error: too big bulk count string'));
  // Exactly 64KB without a newline is still waiting; the newline then completes it.
  const line = 'ECHO ' + 'x'.repeat(64 * 1024 - 5);
  assert.deepEqual(decode([line]), ok());
  assert.deepEqual(decode([line, '\r\n']), ok(['ECHO', 'x'.repeat(64 * 1024 - 5)]));
});

test('proto-max-bulk-len: the limit itself is accepted, one more byte is not', () => {
  const limits = { maxBulkLen: 1000 };
  check(mb('ECHO', 'a'.repeat(1000)), ok(['ECHO', 'a'.repeat(1000)]), { limits });
  check('*2\r\n$4\r\nECHO\r\n$1001\r\n', err('Protocol error: invalid bulk length'), { limits });
  // The master link is not limited by proto-max-bulk-len (as in Redis).
  check(mb('SET', 'k', 'a'.repeat(1001)), ok(['SET', 'k', 'a'.repeat(1001)]), { limits, fromMaster: true });
});

test('unauthenticated clients: at most 10 arguments and 16384-byte bulks', () => {
  const unauth = { authenticated: false };
  check('*11\r\n', err('Protocol error: unauthenticated multibulk length'), unauth);
  check(mb(...Array<string>(10).fill('a')), ok(Array<string>(10).fill('a')), unauth);
  check('*1\r\n$16385\r\n', err('Protocol error: unauthenticated bulk length'), unauth);
  check(mb('x'.repeat(16384)), ok(['x'.repeat(16384)]), unauth);
  // The same requests are fine once authenticated.
  check('*11\r\n', ok(), { authenticated: true });
  check('*1\r\n$16385\r\n', ok(), { authenticated: true });
});

test('client-query-buffer-limit: silent error (the connection is closed without a reply)', () => {
  const limits = { maxQueryBufferBytes: 1024 * 1024 };
  const silent = (): Outcome => ({ cmds: [], error: 'max query buffer length reached', silent: true });
  // An argument that fills the query buffer past the limit, whether it arrives whole or in pieces.
  const header = `*2\r\n$4\r\nECHO\r\n$${1024 * 1024}\r\n`;
  assert.deepEqual(decode([header + 'x'.repeat(1024 * 1024 + 2)], { limits }), silent());
  assert.deepEqual(decode(randomSplit(header + 'x'.repeat(1024 * 1024 + 2), 3, 40), { limits }), silent());
  assert.deepEqual(decode([header, 'x'.repeat(1024 * 1024 - 100), 'x'.repeat(200)], { limits }), silent());
  // Many small commands in chunks are consumed as they arrive and never reach the limit.
  const chunks: string[] = [];
  for (let i = 0; i < 64; i++) chunks.push('PING\r\n'.repeat(5000));
  assert.equal(decode(chunks, { limits }).cmds.length, 64 * 5000);
});

test('bufferedBytes reports the unconsumed query buffer', () => {
  const p = newParser({});
  p.feed('PING\r\nECH');
  assert.deepEqual(p.next(), ['PING']);
  assert.equal(p.next(), null);
  assert.equal(p.bufferedBytes, 3);
  const big = 40_000;
  p.feed('O x\r\n' + `*2\r\n$4\r\nECHO\r\n$${big}\r\n` + 'a'.repeat(1000));
  assert.deepEqual(p.next(), ['ECHO', 'x']);
  assert.equal(p.next(), null);
  assert.equal(p.bufferedBytes, 1000);
  p.feed('a'.repeat(5000));
  assert.equal(p.bufferedBytes, 6000);
});

test('a bulk longer than a JavaScript string can hold is an invalid bulk length, even from the master', () => {
  for (const fromMaster of [false, true]) {
    const p = new RequestParser({ maxBulkLen: 512 * 1024 * 1024, maxQueryBufferBytes: 0 });
    p.fromMaster = fromMaster;
    p.feed('*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$536870900\r\n');
    assert.throws(() => p.next(), (e: unknown) => e instanceof ProtocolError && e.message === 'Protocol error: invalid bulk length');
  }
  // Just below the cap is accepted (the parser waits for the bytes).
  const ok = new RequestParser({ maxBulkLen: 512 * 1024 * 1024, maxQueryBufferBytes: 0 });
  ok.feed('*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$536000000\r\n');
  assert.equal(ok.next(), null);
});
