/**
 * RESP3 through HELLO 3: maps, nulls and doubles encoded as RESP3 types, compared with real Redis byte for
 * byte where a reply is deterministic. Why: RESP2 vs RESP3 lives only in the reply writer; these tests pin the
 * wire types end to end, and HELLO 2 / RESET must bring the connection back to RESP2.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startRedoubt, startRealRedis, hasRealRedis, SKIP_NO_REDIS, type RunningServer } from '../helpers/server.js';
import { RawClient } from '../helpers/raw.js';
import { encodeCommand, show } from '../helpers/resp.js';

let redoubt: RunningServer;
let redis: RunningServer | null = null;
const skipNoRedis = hasRealRedis() ? false : SKIP_NO_REDIS;

before(async () => {
  redoubt = await startRedoubt();
  if (hasRealRedis()) redis = await startRealRedis();
});

after(async () => {
  await redoubt.stop();
  await redis?.stop();
});

async function send(c: RawClient, ...argv: string[]): Promise<string | null> {
  c.write(encodeCommand(argv));
  return c.reply();
}

/** HELLO's reply with the connection id masked (it differs between servers). */
function maskId(reply: string | null): string {
  return (reply ?? '').replace(/\$2\r\nid\r\n:\d+\r\n/, '$2\r\nid\r\n:<id>\r\n');
}

test('HELLO 3 answers a map (%7) with Redis\'s fields, in order', async () => {
  const c = await RawClient.connect(redoubt.port);
  const reply = await send(c, 'HELLO', '3');
  assert.match(reply ?? '', /^%7\r\n\$6\r\nserver\r\n\$5\r\nredis\r\n\$7\r\nversion\r\n\$6\r\n7\.0\.15\r\n\$5\r\nproto\r\n:3\r\n\$2\r\nid\r\n:\d+\r\n\$4\r\nmode\r\n\$10\r\nstandalone\r\n\$4\r\nrole\r\n\$6\r\nmaster\r\n\$7\r\nmodules\r\n\*0\r\n$/);
  c.close();
});

test('HELLO 3 / HELLO 2 replies are byte-identical to Redis (id masked)', { skip: skipNoRedis }, async () => {
  const a = await RawClient.connect(redis!.port);
  const b = await RawClient.connect(redoubt.port);
  for (const argv of [['HELLO', '3'], ['HELLO'], ['HELLO', '2'], ['HELLO', '4'], ['HELLO', 'x']]) {
    assert.equal(maskId(await send(b, ...argv)), maskId(await send(a, ...argv)), argv.join(' '));
  }
  a.close();
  b.close();
});

test('RESP3 null: a missing key is _, the null bulk is $-1 in RESP2', async () => {
  const c = await RawClient.connect(redoubt.port);
  assert.equal(await send(c, 'GET', 'missing'), '$-1\r\n');
  await send(c, 'HELLO', '3');
  assert.equal(await send(c, 'GET', 'missing'), '_\r\n');
  await send(c, 'HELLO', '2');
  assert.equal(await send(c, 'GET', 'missing'), '$-1\r\n');
  c.close();
});

test('RESET goes back to RESP2', async () => {
  const c = await RawClient.connect(redoubt.port);
  await send(c, 'HELLO', '3');
  assert.equal(await send(c, 'RESET'), '+RESET\r\n');
  assert.equal(await send(c, 'GET', 'missing'), '$-1\r\n');
  c.close();
});

/** Commands whose reply is a double in RESP3 (and a bulk string in RESP2), tried in order. */
const DOUBLE_PROBES: { needs: string; setup: string[][]; argv: string[]; resp3: string; resp2: string }[] = [
  { needs: 'zscore', setup: [['DEL', 'z'], ['ZADD', 'z', '1.5', 'm']], argv: ['ZSCORE', 'z', 'm'], resp3: ',1.5\r\n', resp2: '$3\r\n1.5\r\n' },
  { needs: 'zincrby', setup: [['DEL', 'z2']], argv: ['ZINCRBY', 'z2', '0.25', 'm'], resp3: ',0.25\r\n', resp2: '$4\r\n0.25\r\n' },
];

async function supported(c: RawClient, name: string): Promise<boolean> {
  const r = await send(c, 'COMMAND', 'INFO', name);
  return r !== null && r.startsWith('*1\r\n*');
}

test('RESP3 double: a score is a , reply (bulk string in RESP2)', async () => {
  const c = await RawClient.connect(redoubt.port);
  for (const p of DOUBLE_PROBES) assert.ok(await supported(c, p.needs), `${p.needs} is implemented`);
  for (const p of DOUBLE_PROBES) {
    for (const s of p.setup) await send(c, ...s);
    assert.equal(await send(c, ...p.argv), p.resp2, p.argv.join(' '));
    await send(c, 'HELLO', '3');
    for (const s of p.setup) await send(c, ...s);
    assert.equal(await send(c, ...p.argv), p.resp3, p.argv.join(' ') + ' (RESP3)');
    await send(c, 'HELLO', '2');
  }
  c.close();
});

test('RESP3 map replies from other commands match Redis (CONFIG GET in RESP3)', { skip: skipNoRedis }, async () => {
  const a = await RawClient.connect(redis!.port);
  const b = await RawClient.connect(redoubt.port);
  await send(a, 'HELLO', '3');
  await send(b, 'HELLO', '3');
  const diffs: string[] = [];
  for (const argv of [['CONFIG', 'GET', 'databases'], ['CONFIG', 'GET', 'hz'], ['GET', 'nokey'], ['PING'], ['ECHO', 'x']]) {
    const [want, got] = [await send(a, ...argv), await send(b, ...argv)];
    if (want !== got) diffs.push(`${argv.join(' ')}: redis ${show(want)} redoubt ${show(got)}`);
  }
  assert.deepEqual(diffs, []);
  a.close();
  b.close();
});
