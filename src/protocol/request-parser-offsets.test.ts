import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RequestParser } from './request-parser.js';
import { encodeCommand } from '../replication/propagator.js';

const LIMITS = { maxBulkLen: 512 * 1024 * 1024, maxQueryBufferBytes: 1024 * 1024 * 1024 };

/** Feeds `input` in pieces of `step` bytes and returns (argv, wire size) per command. */
function run(input: string, step: number): [string[], number][] {
  const p = new RequestParser(LIMITS);
  const out: [string[], number][] = [];
  for (let i = 0; i < input.length; i += step) {
    p.feed(input.slice(i, i + step));
    for (let argv = p.next(); argv !== null; argv = p.next()) out.push([argv, p.lastCommandBytes]);
  }
  return out;
}

test('lastCommandBytes is the exact wire size of each command, however the input is split', () => {
  const cmds = [['SET', 'k', 'v'], ['SELECT', '3'], ['RPUSH', 'l', 'x'.repeat(40000), 'y'], ['PING']];
  const input = cmds.map(encodeCommand).join('');
  const sizes = cmds.map((c) => encodeCommand(c).length);
  for (const step of [1, 2, 7, 100, 4096, input.length]) {
    const got = run(input, step);
    assert.deepEqual(got.map((g) => g[0]), cmds, `argv with step ${step}`);
    assert.deepEqual(got.map((g) => g[1]), sizes, `sizes with step ${step}`);
  }
});

test('inline commands count their line ending', () => {
  const got = run('PING\r\nECHO hi\n', 3);
  assert.deepEqual(got, [[['PING'], 6], [['ECHO', 'hi'], 8]]);
});
