/**
 * Generic key commands and their error cases against real Redis 7.0: the raw reply bytes must be identical
 * in RESP2 and RESP3 (rename/copy/move/swapdb across dbs, the EXPIRE option matrix and overflow checks,
 * TTL forms, OBJECT, SCAN argument errors, FLUSH options).
 */
import { test } from 'node:test';
import { comparePair, script } from '../helpers/compat-pair.js';
import type { CompatCommand } from '../helpers/compat.js';

const { skip, same } = comparePair({ redisArgs: ['--enable-debug-command', 'yes'], prelude: [['FLUSHALL'], ['SELECT', '0']] });

test('DEL UNLINK EXISTS TOUCH TYPE RENAME RENAMENX', { skip }, async () => {
  await same(script(
    'SET a 1', 'SET b 2', 'RENAME a a', 'RENAMENX a a', 'RENAMENX a b', 'RENAME a c', 'EXISTS a b c c x', 'TOUCH b c x',
    'DEL b c x', 'DEL', 'EXISTS', 'RENAME nokey b', 'RENAMENX nokey b', 'RENAME a', 'LPUSH l x y', 'TYPE l', 'TYPE nokey',
    'RENAME l l2', 'TYPE l2', 'SET s v EX 100', 'RENAME s s2', 'TTL s2', 'RENAMENX s2 l2', 'UNLINK s2 l2 zz', 'DBSIZE',
    'DBSIZE x', 'TYPE', 'TYPE a b',
  ));
});

test('COPY MOVE SWAPDB FLUSHDB FLUSHALL across databases', { skip }, async () => {
  await same(script(
    'SET a v', 'MOVE a 1', 'MOVE a 1', 'SELECT 1', 'EXISTS a', 'SET a w', 'MOVE a 0', 'MOVE nokey 0', 'SELECT 0',
    'COPY a b DB 1', 'COPY a b DB 1 REPLACE', 'COPY nokey b', 'COPY a b REPLACE REPLACE', 'COPY a a', 'COPY a a DB 1',
    'COPY a b DB 99', 'COPY a b DB x', 'COPY a b DB -1', 'COPY a b FOO', 'COPY a b DB', 'MOVE a 0', 'MOVE a 99', 'MOVE a x',
    'MOVE a 4294967296', 'SWAPDB 0 4294967296', 'LPUSH l 1 2 3', 'COPY l l3', 'LPUSH l 4', 'LRANGE l3 0 -1', 'SET ex v PX 100000', 'COPY ex ex2',
    'TYPE ex2', 'SWAPDB 0 0', 'SWAPDB 0 1', 'DBSIZE', 'EXISTS a b', 'SWAPDB 0 -1', 'SWAPDB 0 x', 'SWAPDB x 0', 'SWAPDB 0 16',
    'SELECT 1', 'FLUSHDB SYNC', 'DBSIZE', 'SELECT 0', 'DBSIZE', 'FLUSHDB x', 'FLUSHDB ASYNC x', 'FLUSHALL foo',
    'FLUSHALL ASYNC', 'DBSIZE',
  ));
});

test('EXPIRE family: option matrix, errors, overflow, past times, TTL forms, PERSIST', { skip }, async () => {
  await same(script(
    'SET a v', 'EXPIRE a 100', 'PERSIST a', 'EXPIRETIME a', 'PERSIST a', 'PERSIST nokey', 'EXPIRE a 100 XX', 'EXPIRE a 100 NX',
    'EXPIRE a 100 GT', 'EXPIRE a 50 GT', 'EXPIRE a 200 gt', 'EXPIRE a 100 LT', 'EXPIRE a 300 lt', 'TTL a', 'PERSIST a',
    'EXPIRE a 300 LT', 'PERSIST a', 'EXPIRE a 300 GT', 'EXPIRE a 300 XX GT', 'EXPIRE a 300 XX LT', 'EXPIRE nokey 10',
    'EXPIRE a 0', 'EXISTS a', 'SET a v', 'PEXPIRE a -1', 'EXISTS a', 'SET a v', 'EXPIREAT a 1', 'EXISTS a',
    'SET a v', 'PEXPIREAT a 0', 'EXISTS a', 'EXPIRE', 'EXPIRE a', 'TTL', 'EXPIRE a 10 NX NX XX', 'EXPIRE a 10 LT NX',
    'SET x 10', 'EXPIRE x 10 GT LT', 'EXPIRE x 10 NX GT', 'EXPIRE x -9223372036854775808', 'EXPIRE x 9223372036854775',
    'EXPIRE x 9223372036854775808', 'EXPIRE x 10 FOO bar', 'EXPIRE nokey abc FOO', 'EXPIRE nokey abc', 'EXPIRE x 1.5',
    'PEXPIRE x 9223372036854775806', 'EXPIREAT x 9223372036854775807', 'PEXPIREAT x 4102444800000', 'PEXPIRETIME x',
    'EXPIRETIME x', 'PEXPIREAT x 4102444800123', 'EXPIRETIME x', 'TTL nokey', 'PTTL nokey', 'EXPIRETIME nokey',
    'PEXPIRETIME nokey', 'SET p v', 'TTL p', 'PTTL p', 'PEXPIRETIME p', 'EXPIREAT p 4102444800 NX', 'EXPIRETIME p',
    'EXPIREAT p 4102444801 LT', 'EXPIREAT p 4102444799 LT', 'EXPIRETIME p', 'PERSIST p', 'PERSIST p x',
  ));
});

test('OBJECT ENCODING/REFCOUNT/FREQ/HELP and their errors', { skip }, async () => {
  await same(script(
    'SET s 12345678901234567890', 'OBJECT ENCODING s', 'OBJECT REFCOUNT s', 'SET s 1234567890123456789', 'OBJECT ENCODING s',
    'SET s -0', 'OBJECT ENCODING s', 'SET n 123', 'OBJECT REFCOUNT n', 'OBJECT ENCODING n', 'SET n 10000', 'OBJECT REFCOUNT n',
    'SET e abcdefghijabcdefghijabcdefghijabcdefghij1234', 'OBJECT ENCODING e', 'APPEND e 5', 'OBJECT ENCODING e',
    'RENAME e e2', 'OBJECT ENCODING e2', 'COPY e2 e3', 'OBJECT ENCODING e3',
    'SET r abcdefghijabcdefghijabcdefghijabcdefghij12345', 'OBJECT ENCODING r', 'RPUSH l a', 'OBJECT ENCODING l',
    'OBJECT FOO a', 'OBJECT ENCODING nokey', 'OBJECT REFCOUNT nokey', 'OBJECT IDLETIME nokey', 'OBJECT FREQ nokey',
    'OBJECT FREQ s', 'OBJECT', 'OBJECT HELP', 'OBJECT help x', 'OBJECT ENCODING', 'OBJECT ENCODING a b',
  ));
});

test('KEYS patterns, SCAN argument errors, RANDOMKEY', { skip }, async () => {
  const keysCmd = (p: string): CompatCommand => ({ argv: ['KEYS', p], unordered: true });
  await same([
    ...script('MSET k1 a k2 b k10 c kx d other e', 'RANDOMKEY x', 'KEYS', 'KEYS a b'),
    keysCmd('*'), keysCmd('k?'), keysCmd('k[0-9]*'), keysCmd('k[^1]'), keysCmd('nomatch'), keysCmd('*x*'),
    ...script(
      'SCAN 0 COUNT 0', 'SCAN 0 COUNT -1', 'SCAN 0 COUNT abc', 'SCAN abc', 'SCAN 0 MATCH', 'SCAN 0 TYPE', 'SCAN 0 TYPE foo',
      'SCAN 0 FOO', 'SCAN -1 TYPE foo', 'SCAN 18446744073709551616', 'SCAN 18446744073709551615 MATCH nomatch*', 'SCAN 1.5',
      'SCAN 0 COUNT 1000 MATCH nomatch', 'SCAN 0 COUNT 1000 TYPE list', 'SCAN abc COUNT 0', 'SCAN 0 COUNT 10 COUNT abc',
      'SCAN', ['SCAN', ' 1'],
    ),
  ]);
});

test('RANDOMKEY and SCAN on an empty database', { skip }, async () => {
  await same(script('RANDOMKEY', 'SCAN 0', 'SCAN 0 MATCH * COUNT 5', 'KEYS *'));
});
