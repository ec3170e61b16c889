/**
 * SORT / SORT_RO against real Redis 7.0 over lists, sets and sorted sets: numeric and ALPHA order, BY
 * weights and hash fields, BY nosort shortcuts with LIMIT and DESC, GET #/patterns, STORE, and error texts.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startRealRedis, startRedoubt, hasRealRedis, SKIP_NO_REDIS, type RunningServer } from '../helpers/server.js';
import { compareServers, formatReport } from '../helpers/compat.js';

const skip = hasRealRedis() ? false : SKIP_NO_REDIS;
let redis: RunningServer | null = null;
let redoubt: RunningServer | null = null;

before(async () => {
  if (skip) return;
  [redis, redoubt] = await Promise.all([startRealRedis(), startRedoubt()]);
});

after(async () => {
  await Promise.all([redis?.stop(), redoubt?.stop()]);
});

const SCRIPT = `RPUSH l 3 1 2 10 b
SORT l
SORT l ALPHA
SORT l ALPHA DESC LIMIT 1 2
SORT l BY nosort DESC LIMIT 1 2
SORT l BY nosort LIMIT 1 10
SORT l BY nosort LIMIT 10 10
SORT l BY nosort LIMIT -5 2
SORT nokey
SORT l BY nosort STORE dst
LRANGE dst 0 -1
SORT l LIMIT 0 x
SORT l GET
SORT l FOO
RPUSH n 3 1 2 10 -5 1.5 0x10 inf
SORT n
SORT n DESC
SORT n LIMIT 2 3
SORT n LIMIT 2 -1
SORT n LIMIT 0 0
SET w_3 30
SET w_1 100
SET w_2 -1
HSET h_3 f c3
HSET h_1 f c1
SORT n BY w_* GET # GET h_*->f GET w_*
SORT n BY w_* DESC GET #
SORT n BY h_*->f ALPHA GET #
SORT n BY w_* STORE out GET h_*->f
LRANGE out 0 -1
SADD s 5 3 9 1
SORT s
SORT s DESC LIMIT 1 2
SORT s BY nosort
SORT s BY nosort STORE out2
LRANGE out2 0 -1
ZADD z 1 c 2 a 3 b
SORT z ALPHA
SORT z BY nosort
SORT z BY nosort DESC
SORT z BY nosort DESC LIMIT 1 1
OBJECT ENCODING z
SORT_RO z ALPHA STORE x
SORT_RO z ALPHA
SET str x
SORT str
HSET hh a 1
SORT hh
SORT l STORE dst2 LIMIT 100 1
EXISTS dst2
SORT l ALPHA GET nostar
SORT l BY w_* GET # STORE dst3
LRANGE dst3 0 -1
SORT l STORE`.split('\n').map((l) => l.split(' '));

for (const proto of [2, 3] as const) {
  test(`SORT script, RESP${proto}, identical raw replies`, { skip }, async () => {
    const report = await compareServers(redis!.port, redoubt!.port, SCRIPT, { proto });
    assert.equal(report.first, null, formatReport(report));
    assert.equal(report.compared, SCRIPT.length);
  });
}
