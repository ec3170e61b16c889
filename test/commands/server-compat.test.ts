/**
 * Server administration commands against real Redis 7.0 (started with enable-debug-command yes): help texts,
 * argument errors of COMMAND, SLOWLOG, DEBUG, SHUTDOWN, and replies that do not depend on the command table
 * contents. Raw bytes compared in RESP2 and RESP3.
 */
import { test } from 'node:test';
import { comparePair, script } from '../helpers/compat-pair.js';

const { skip, same } = comparePair({ redisArgs: ['--enable-debug-command', 'yes'], prelude: [['FLUSHALL']] });

test('COMMAND subcommand errors and GETKEYS', { skip }, async () => {
  await same(script(
    'COMMAND HELP', 'COMMAND FOO', 'COMMAND COUNT x', 'COMMAND LIST FOO', 'COMMAND LIST FILTERBY FOO bar',
    'COMMAND LIST FILTERBY PATTERN', 'COMMAND LIST FILTERBY MODULE foo', 'COMMAND LIST FILTERBY ACLCAT nosuch',
    'COMMAND LIST FILTERBY ACLCAT @keyspace', 'COMMAND INFO nosuch', 'COMMAND DOCS nosuch', 'COMMAND GETKEYS',
    'COMMAND GETKEYS get', 'COMMAND GETKEYS foo x', 'COMMAND GETKEYS ping x', 'COMMAND GETKEYS set a',
    'COMMAND GETKEYS del a b c', 'COMMAND GETKEYS rename a b', 'COMMAND GETKEYS object encoding k',
    'COMMAND GETKEYS object foo k', 'COMMAND GETKEYS object', 'COMMAND GETKEYS expire k 10 NX', 'COMMAND GETKEYS keys *',
  ));
});

test('SLOWLOG, TIME, LASTSAVE, MONITOR, LOLWUT argument errors and help', { skip }, async () => {
  await same(script(
    'SLOWLOG HELP', 'SLOWLOG GET -2', 'SLOWLOG GET x', 'SLOWLOG GET 1 2', 'SLOWLOG LEN x', 'SLOWLOG RESET x', 'SLOWLOG FOO',
    'SLOWLOG', 'SLOWLOG RESET', 'SLOWLOG LEN', 'SLOWLOG GET', 'TIME x', 'LASTSAVE x', 'MONITOR x', 'LOLWUT VERSION x',
  ));
});

test('DEBUG subcommands and errors', { skip }, async () => {
  await same(script(
    'DEBUG', 'DEBUG FOO', 'DEBUG JMAP', 'DEBUG SLEEP 0', 'DEBUG SLEEP x', 'DEBUG SLEEP', 'DEBUG SET-ACTIVE-EXPIRE 1',
    'DEBUG SET-ACTIVE-EXPIRE', 'DEBUG OBJECT nokey', 'DEBUG POPULATE x', 'DEBUG POPULATE -1', 'DEBUG POPULATE 2 q x',
    'DEBUG POPULATE 2 q -1', 'DEBUG POPULATE 3 p 5', 'GET p:0', 'GET p:2', 'DEBUG POPULATE 2 z 10', 'GET z:1',
    'DEBUG POPULATE 5', 'GET key:4', 'DBSIZE', 'SET key:9 mine', 'DEBUG POPULATE 10', 'GET key:9', 'DEBUG POPULATE 0',
    'DEBUG RELOAD FOO', 'DEBUG QUICKLIST-PACKED-THRESHOLD 100',
  ));
});

test('SHUTDOWN argument errors', { skip }, async () => {
  await same(script('SHUTDOWN FOO', 'SHUTDOWN NOSAVE SAVE', 'SHUTDOWN SAVE NOSAVE', 'SHUTDOWN ABORT', 'SHUTDOWN ABORT NOW', 'SHUTDOWN NOW ABORT'));
});
