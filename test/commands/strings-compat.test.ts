/**
 * String commands against real Redis 7.0: hand-written scripts of edge and error cases (options, overflow,
 * float formatting, ranges, LCS), plus seeded INCRBYFLOAT chains that exercise the long double emulation.
 * The raw reply bytes must be identical in RESP2 and RESP3.
 */
import { test } from 'node:test';
import { comparePair, script } from '../helpers/compat-pair.js';
import { seededRandom } from '../../src/platform/random.js';

const { skip, same } = comparePair();

const FAR_MS = '4102444800000';

test('SET options: combinations, conflicts, invalid expiries, GET and NX/XX', { skip }, async () => {
  await same(script(
    'SET k v', 'GET k', 'SET k v2 XX', 'SET k v3 NX', 'GET k', 'SET n v NX GET', 'SET n w NX GET', 'SET n x XX GET', 'GET n',
    'SET k v EX 10 EX 20', 'SET k v NX NX', 'SET k v NX XX', 'SET k v XX NX', 'SET k v EX 10 PX 20', 'SET k v EX 10 KEEPTTL',
    'SET k v KEEPTTL EX 10', 'SET k v KEEPTTL', 'SET k v PERSIST', 'SET k v EX', 'SET k v PX', 'SET k v EXAT', 'SET k v PXAT',
    'SET k v FOO', 'SET k v ex 100 nx', 'SET k v Ex 100 Get', 'SET k v EX 0', 'SET k v EX -1', 'SET k v PX 0', 'SET k v EX abc',
    'SET k v EX 1.5', 'SET k v EX 9223372036854775', 'SET k v EX 9223372036854776', 'SET k v PX 9223372036854775807',
    'SET k v EXAT 9223372036854775', 'SET k v PXAT 9223372036854775807', 'GET k', 'TTL k',
    `SET k v PXAT ${FAR_MS}`, 'PEXPIRETIME k', 'SET k v2 KEEPTTL', 'PEXPIRETIME k', 'SET k v3', 'TTL k',
    'SET k v EX 100', 'TTL k', 'SET k v EXAT 1', 'GET k', 'EXISTS k', 'SET k v PXAT 1 GET', 'SET k v PXAT 1 NX GET',
    'LPUSH l a', 'SET l v GET', 'SET l v NX GET', 'SET l v XX', 'GET l', 'TYPE l',
    'SETNX s 1', 'SETNX s 2', 'GET s', 'SETEX e 100 v', 'TTL e', 'SETEX e 0 v', 'SETEX e -1 v', 'SETEX e abc v',
    'PSETEX e 100000 v', 'TTL e', 'PSETEX e 0 v', 'SETEX e 9223372036854775 v', 'PSETEX e 9223372036854775807 v',
  ));
});

test('GET, MGET, MSET, MSETNX, GETSET, GETDEL, GETEX', { skip }, async () => {
  await same(script(
    'GET missing', 'MGET a b c', 'MSET a 1 b 2', 'MGET a b c', 'MSET a', 'MSET a 1 b', 'MSETNX a 1', 'MSETNX c 3 d 4',
    'MSETNX c 5 z 6', 'MGET a b c d z', 'LPUSH l x', 'MGET a l missing', 'MSET l v', 'TYPE l', 'LPUSH l2 x',
    'GETSET a new', 'GETSET nokey v', 'GET nokey', 'GETSET l2 v', 'SET t v EX 100', 'GETSET t w', 'TTL t',
    'GETDEL a', 'GETDEL a', 'EXISTS a', 'LPUSH l3 x', 'GETDEL l3',
    'GETEX missing', 'GETEX missing EX abc', 'GETEX l3 EX abc', 'GETEX b', 'GETEX b EX 100', 'TTL b', 'GETEX b PX 200000',
    'TTL b', `GETEX b PXAT ${FAR_MS}`, 'PEXPIRETIME b', 'GETEX b EXAT 4102444800', 'EXPIRETIME b', 'GETEX b PERSIST', 'TTL b',
    'GETEX b PERSIST', 'GETEX b KEEPTTL', 'GETEX b NX', 'GETEX b GET', 'GETEX b PERSIST EX 10', 'GETEX b EX 10 PERSIST',
    'GETEX b EX 10 PX 10', 'GETEX b EX', 'GETEX b EX 0', 'GETEX b EX -1', 'GETEX b EX 9223372036854775', 'GETEX b FOO',
    'GETEX b EXAT 1', 'EXISTS b', 'SET b v', 'GETEX b PXAT 1', 'GET b', 'GETEX b persist',
  ));
});

test('APPEND, STRLEN, GETRANGE/SUBSTR, SETRANGE with edges and limits', { skip }, async () => {
  await same(script(
    'APPEND a hello', ['APPEND', 'a', ' world'], 'GET a', 'STRLEN a', 'STRLEN missing', ['APPEND', 'e', ''], 'EXISTS e', 'STRLEN e',
    'LPUSH l x', 'APPEND l x', 'STRLEN l', 'SET n 10', 'APPEND n 5', 'GET n', 'INCR n',
    'GETRANGE a 0 3', 'GETRANGE a -3 -1', 'GETRANGE a 0 -1', 'GETRANGE a 5 2', 'GETRANGE a -1 -5', 'GETRANGE a -100 100',
    'GETRANGE a 100 200', 'GETRANGE a 0 0', 'GETRANGE a -1 -1', 'GETRANGE missing 0 -1', 'GETRANGE a x 1', 'GETRANGE a 0 y',
    'GETRANGE l 0 1', 'GETRANGE l x 1', 'GETRANGE a -9223372036854775808 9223372036854775807',
    'GETRANGE a -9223372036854775807 -9223372036854775808', 'GETRANGE a -9223372036854775808 -9223372036854775807',
    'GETRANGE a 9223372036854775807 9223372036854775807', 'GETRANGE a 0 9223372036854775808', 'SUBSTR a 1 3', 'SUBSTR a -2 -1',
    'SETRANGE a 6 W', 'GET a', 'SETRANGE a 20 X', 'GET a', 'STRLEN a', 'SETRANGE m 3 abc', 'GET m', ['SETRANGE', 'm2', '0', ''],
    'EXISTS m2', ['SETRANGE', 'a', '0', ''], 'SETRANGE a -1 x', 'SETRANGE a x y', 'SETRANGE l 0 x', 'SETRANGE l -1 x',
    'SETRANGE a 536870911 x', 'SETRANGE a 536870912 x', 'SETRANGE a 9223372036854775807 x', ['SETRANGE', 'big', '536870912', ''],
    ['SET', 'empty', ''], 'GETRANGE empty 0 -1', 'GETRANGE empty 0 0', 'STRLEN empty',
  ).filter((c) => c.join(' ') !== 'SETRANGE a 536870911 x'));
});

test('INCR, DECR, INCRBY, DECRBY: int64 edges, overflow and parse errors', { skip }, async () => {
  await same(script(
    'INCR c', 'INCR c', 'DECR c', 'DECR c', 'DECR c', 'INCRBY c 10', 'DECRBY c 3', 'INCRBY c -5', 'GET c',
    'SET c 9223372036854775806', 'INCR c', 'INCR c', 'GET c', 'SET c -9223372036854775807', 'DECR c', 'DECR c',
    'INCRBY c 9223372036854775807', 'DECRBY c -9223372036854775808', 'DECRBY x -9223372036854775808', 'DECRBY c 9223372036854775807',
    'SET c 5', 'INCRBY c 9223372036854775803', 'INCRBY c 1', 'SET c -5', 'INCRBY c -9223372036854775803', 'INCRBY c -1',
    'INCRBY c 9223372036854775808', 'INCRBY c abc', 'INCRBY c 1.5', ['INCRBY', 'c', ''], ['INCRBY', 'c', ' 1'], 'INCRBY c +1', 'INCRBY c 01',
    'INCRBY c -0', ['SET', 'c', ' 1'], 'INCR c', 'SET c 1.0', 'INCR c', 'SET c 007', 'INCR c', 'SET c +5', 'INCR c', 'SET c -0', 'INCR c',
    'SET c 12345678901234567890', 'INCR c', 'SET c 4503599627370495', 'INCRBY c 4503599627370495', 'INCRBY c 4503599627370495',
    'SET c -4503599627370496', 'DECRBY c 4503599627370496', 'LPUSH l x', 'INCR l', 'INCRBY l abc', 'DECR l', 'DECRBY l 1',
    'SET t 1 EX 100', 'INCR t', 'TTL t', 'OBJECT ENCODING t',
  ));
});

test('INCRBYFLOAT: Redis long double formatting, parse rules and errors', { skip }, async () => {
  const incrs = ['0.1', '5.0e3', '3.0e3', '-10.6', '1e-5', '0x10', '0x1p3', '0X1.8P1', '0x.8', '1e17', '1', '1e18', '1.5e19',
    '.5', '1.', '+5', '-0', '00012', '1e+3', '1E3', '1e', 'e3', '1_0', '', ' 1', '1 ', 'nan', 'NaN', 'inf', '-inf', 'Infinity', 'infinit',
    '1e308', '1e4000', '1.18e4932', '1.19e4932', '1e-4950', '1e-4951', '4e-4951', '1e-400', '0.000003814697265625',
    '123456789012345678901234567890', '0.1234567890123456789012345', '-1e-20', '1e-17', '5e-18', '9.999999999999999999e2'];
  const lines: string[][] = [['SET f 10.50']].map((l) => l[0].split(' '));
  for (const i of incrs) lines.push(['INCRBYFLOAT', 'f', i], ['SET', 'f', '10.50']);
  for (const i of incrs) lines.push(['SET', 'g', i], ['INCRBYFLOAT', 'g', '1'], ['INCRBYFLOAT', 'g', '0.1']);
  await same([
    ...lines,
    ...script('INCRBYFLOAT new 3.0e3', 'INCRBYFLOAT new 5.0e3', 'GET new', 'SET h 1 EX 100', 'INCRBYFLOAT h 1.5', 'TTL h',
      'LPUSH l x', 'INCRBYFLOAT l 1', 'INCRBYFLOAT l abc', 'SET z abc', 'INCRBYFLOAT z 1', 'SET z 1', 'INCRBYFLOAT z abc',
      'OBJECT ENCODING z', 'INCRBYFLOAT z 1e4000', 'INCRBYFLOAT z 1e4000', 'INCRBYFLOAT z 1e4932', 'SET y 1e4932', 'INCRBYFLOAT y 1e4932'),
    ['SET', 'nul', '1\x00'], ['INCRBYFLOAT', 'nul', '1'], ['INCRBYFLOAT', 'f', '1\x00'], ['INCRBYFLOAT', 'f', '\x00'],
    ['SET', 'long', '1' + '0'.repeat(5118)], ['INCRBYFLOAT', 'long', '0'], ['SET', 'long', '1' + '0'.repeat(5119)], ['INCRBYFLOAT', 'long', '0'],
    ['INCRBYFLOAT', 'f', '0.' + '0'.repeat(5000) + '1'], ['INCRBYFLOAT', 'f', '1' + '0'.repeat(4000)],
  ]);
});

/** A random decimal literal: up to 22 significant digits, exponent -25..25, sometimes in e-notation. */
function randomDecimal(rnd: ReturnType<typeof seededRandom>): string {
  const digits = 1 + rnd.int(22);
  let m = '';
  for (let i = 0; i < digits; i++) m += String(rnd.int(10));
  const point = rnd.int(digits + 1);
  const sign = rnd.int(3) === 0 ? '-' : '';
  const body = point === digits ? m : `${m.slice(0, point) || '0'}.${m.slice(point)}`;
  return rnd.int(3) === 0 ? `${sign}${body}e${rnd.int(51) - 25}` : sign + body;
}

test('INCRBYFLOAT: seeded chains of random increments accumulate exactly as on Redis', { skip }, async () => {
  const rnd = seededRandom(2024);
  const cmds: string[][] = [];
  for (let chain = 0; chain < 12; chain++) {
    cmds.push(['SET', `c${chain}`, randomDecimal(rnd)]);
    for (let i = 0; i < 60; i++) cmds.push(['INCRBYFLOAT', `c${chain}`, randomDecimal(rnd)]);
  }
  await same(cmds);
});

test('LCS: string, LEN, IDX, MINMATCHLEN, WITHMATCHLEN, errors', { skip }, async () => {
  const rnd = seededRandom(7);
  const rand = (n: number): string => Array.from({ length: n }, () => 'abc'[rnd.int(3)]).join('');
  const lines = script(
    'MSET a ohmytext b mynewtext', 'LCS a b', 'LCS a b LEN', 'LCS a b IDX', 'LCS a b IDX MINMATCHLEN 4 WITHMATCHLEN',
    'LCS a b IDX WITHMATCHLEN', 'LCS a b idx minmatchlen 2', 'LCS a b MINMATCHLEN -5 IDX', 'LCS a b LEN IDX', 'LCS a b IDX LEN',
    'LCS a b MINMATCHLEN', 'LCS a b MINMATCHLEN x', 'LCS a b FOO', 'LCS a missing', 'LCS missing missing2', 'LCS missing a IDX',
    'LCS a a', 'LCS a a IDX WITHMATCHLEN', 'LPUSH l x', 'LCS a l', 'LCS l a FOO', 'LCS missing l', 'LCS a b LEN MINMATCHLEN 3',
  );
  for (let i = 0; i < 15; i++) {
    lines.push(['SET', 'x', rand(rnd.int(30))], ['SET', 'y', rand(rnd.int(30))], ['LCS', 'x', 'y'], ['LCS', 'x', 'y', 'IDX', 'WITHMATCHLEN'],
      ['LCS', 'x', 'y', 'IDX', 'MINMATCHLEN', String(rnd.int(4))]);
  }
  lines.push(['SET', 'bin1', 'a\x00\xff\r\nb'], ['SET', 'bin2', '\x00\xffb\r'], ['LCS', 'bin1', 'bin2'], ['LCS', 'bin1', 'bin2', 'IDX']);
  await same(lines);
});

// Redoubt records these encodings (Database.stringEncodingOf) and OBJECT ENCODING reads them there.
test('OBJECT ENCODING of strings produced by each command', { skip }, async () => {
  await same(script(
    'SET a 123', 'OBJECT ENCODING a', 'SET a abc', 'OBJECT ENCODING a', 'APPEND a d', 'OBJECT ENCODING a', 'APPEND n 12',
    'OBJECT ENCODING n', 'APPEND n 3', 'OBJECT ENCODING n', 'INCR n', 'OBJECT ENCODING n', 'INCRBYFLOAT f 3', 'OBJECT ENCODING f',
    'INCRBYFLOAT f 0.5', 'OBJECT ENCODING f', 'SETRANGE r 0 12', 'OBJECT ENCODING r', 'SETRANGE a 0 x', 'OBJECT ENCODING a',
    'SET a 1', 'SETBIT a 1 1', 'OBJECT ENCODING a', 'SETBIT b 1 0', 'OBJECT ENCODING b', 'SET c 5', 'SETBIT c 0 0', 'OBJECT ENCODING c',
    'BITOP OR d a b', 'OBJECT ENCODING d', 'BITFIELD e SET u8 0 49', 'OBJECT ENCODING e', 'SET g 1', 'BITFIELD g GET u8 0',
    'OBJECT ENCODING g', 'SET h 1', 'GETEX h EX 100', 'OBJECT ENCODING h', 'MSET i 7 j xyz', 'OBJECT ENCODING i', 'OBJECT ENCODING j',
    'SET a abc', 'OBJECT ENCODING a', 'GETSET a 99', 'OBJECT ENCODING a',
  ));
});
