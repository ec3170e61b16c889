/**
 * Hand-written command scripts compared byte for byte with real Redis on fresh servers (runCompat), in RESP2
 * and RESP3: the edge cases a random stream reaches rarely (error texts for arity, syntax, types and
 * overflows; option combinations). Why here: one place to add a regression found by the random test.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hasRealRedis, SKIP_NO_REDIS } from '../helpers/server.js';
import { runCompat, formatReport } from '../helpers/compat.js';

const skip = hasRealRedis() ? false : SKIP_NO_REDIS;

const ERRORS: string[][] = [
  ['GET'], ['GET', 'a', 'b'], ['SET', 'k'], ['set', 'k', 'v', 'EX'], ['SET', 'k', 'v', 'NX', 'XX'], ['SET', 'k', 'v', 'EX', '10', 'PX', '10'],
  ['SET', 'k', 'v', 'EX', '0'], ['SET', 'k', 'v', 'EX', 'abc'], ['SET', 'k', 'v', 'KEEPTTL', 'EX', '5'], ['MSET', 'a'], ['MSET', 'a', '1', 'b'],
  ['nosuchcommand'], ['nosuchcommand', 'x', 'y'], ['SELECT', '99'], ['SELECT', 'x'], ['ECHO'], ['PING', 'a', 'b'],
];

const STRINGS: string[][] = [
  ['SET', 'n', '9223372036854775807'], ['INCR', 'n'], ['DECRBY', 'n', '-9223372036854775808'], ['INCRBY', 'n', 'x'],
  ['SET', 'f', '10.5'], ['INCRBYFLOAT', 'f', '0.1'], ['INCRBYFLOAT', 'f', '5.0e3'], ['INCRBYFLOAT', 'f', 'inf'], ['INCR', 'f'],
  ['SET', 's', 'hello', 'GET'], ['SET', 's', 'world', 'GET'], ['SET', 's', 'x', 'NX', 'GET'], ['SET', 'missing', 'x', 'XX', 'GET'],
  ['APPEND', 's', ' and more'], ['GETRANGE', 's', '0', '-1'], ['GETRANGE', 's', '-3', '-100'], ['SETRANGE', 's', '20', 'tail'],
  ['GET', 's'], ['STRLEN', 's'], ['SETRANGE', 's', '536870912', 'x'], ['MGET', 's', 'nokey', 'n'], ['GETDEL', 's'], ['GETDEL', 's'],
  ['MSETNX', 'a', '1', 'b', '2'], ['MSETNX', 'b', '3', 'c', '4'], ['MGET', 'a', 'b', 'c'],
];

const KEYS: string[][] = [
  ['SET', 'a', '1'], ['SET', 'b', '2'], ['EXISTS', 'a', 'a', 'zz'], ['TYPE', 'a'], ['TYPE', 'zz'], ['RENAME', 'zz', 'y'],
  ['RENAME', 'a', 'a'], ['RENAMENX', 'a', 'b'], ['COPY', 'a', 'c'], ['COPY', 'a', 'c'], ['COPY', 'a', 'c', 'REPLACE'],
  ['EXPIRE', 'a', '100000'], ['EXPIRE', 'a', '100000', 'NX'], ['EXPIREAT', 'a', '4000000000', 'GT'], ['EXPIREAT', 'a', '2000000000', 'LT'],
  ['EXPIRE', 'a', '10', 'NX', 'XX'], ['EXPIRE', 'a', '10', 'FOO'], ['PERSIST', 'a'], ['PERSIST', 'a'], ['EXPIRE', 'b', '-1'],
  ['EXISTS', 'b'], ['MOVE', 'c', '1'], ['SELECT', '1'], ['GET', 'c'], ['SELECT', '0'], ['DBSIZE'], ['DEL', 'a', 'b', 'c', 'nokey'],
  ['DBSIZE'],
];

for (const proto of [2, 3] as const) {
  for (const [name, script] of [['error texts', ERRORS], ['strings', STRINGS], ['keys', KEYS]] as const) {
    test(`${name} script, RESP${proto}: identical raw replies on fresh servers`, { skip }, async () => {
      const report = await runCompat(script, { proto });
      assert.ok(report.first === null && report.compared === script.length, formatReport(report));
    });
  }
}
