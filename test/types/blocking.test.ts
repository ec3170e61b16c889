/**
 * Blocking list operations over real sockets. Each scenario is a script of raw RESP exchanges between
 * several connections; it runs against Redoubt (with explicit assertions on the transcript) and, when
 * redis-server is installed, against real Redis 7.0 too, and both transcripts must be byte-identical.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startRealRedis, startRedoubt, hasRealRedis, type RunningServer } from '../helpers/server.js';
import { RawClient } from '../helpers/raw.js';
import { encodeCommand } from '../helpers/resp.js';

let redoubt: RunningServer;
let redis: RunningServer | null = null;

before(async () => {
  [redoubt, redis] = await Promise.all([startRedoubt(), hasRealRedis() ? startRealRedis() : Promise.resolve(null)]);
});

after(async () => {
  await Promise.all([redoubt?.stop(), redis?.stop()]);
});

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** A scenario: drives connections to `port`, returns the transcript of raw replies. */
type Scenario = (port: number, log: string[]) => Promise<void>;

async function conn(port: number, proto: 2 | 3 = 2): Promise<RawClient> {
  const c = await RawClient.connect(port);
  c.write(encodeCommand(['SELECT', '9']));
  if (proto === 3) c.write(encodeCommand(['HELLO', '3']));
  await c.replies(proto === 3 ? 2 : 1);
  return c;
}

function send(c: RawClient, ...cmds: string[][]): void {
  c.write(cmds.map((a) => encodeCommand(a)).join(''));
}

/** Sends and records the next n replies. */
async function ask(c: RawClient, log: string[], ...cmds: string[][]): Promise<string[]> {
  send(c, ...cmds);
  const r = await c.replies(cmds.length, 3000);
  log.push(...r);
  return r;
}

async function record(c: RawClient, log: string[], n = 1, timeoutMs = 3000): Promise<string[]> {
  const r = await c.replies(n, timeoutMs);
  log.push(...r);
  return r;
}

/** Runs the scenario on Redoubt (returned for assertions) and on real Redis when present (must match). */
async function run(name: string, sc: Scenario): Promise<string[]> {
  const mine: string[] = [];
  const flush = await conn(redoubt.port);
  await ask(flush, [], ['FLUSHALL']);
  flush.close();
  await sc(redoubt.port, mine);
  if (redis !== null) {
    const theirs: string[] = [];
    const f = await conn(redis.port);
    await ask(f, [], ['FLUSHALL']);
    f.close();
    await sc(redis.port, theirs);
    assert.deepEqual(mine, theirs, `${name}: Redoubt's transcript differs from real Redis's`);
  }
  return mine;
}

test('BLPOP is woken by another client push, in RESP2 and RESP3', async () => {
  const t = await run('wake', async (port, log) => {
    const a = await conn(port);
    const a3 = await conn(port, 3);
    const b = await conn(port);
    send(a, ['BLPOP', 'k', '0']);
    send(a3, ['BRPOP', 'k2', 'k', '0']);
    await sleep(50);
    await ask(b, log, ['RPUSH', 'k', 'x', 'y']);
    await record(a, log);
    await record(a3, log);
    await ask(b, log, ['EXISTS', 'k']);
    for (const c of [a, a3, b]) c.close();
  });
  assert.deepEqual(t, [':2\r\n', '*2\r\n$1\r\nk\r\n$1\r\nx\r\n', '*2\r\n$1\r\nk\r\n$1\r\ny\r\n', ':0\r\n']);
});

test('clients blocked on one key are served in arrival order; one blocked on two keys is served once', async () => {
  const t = await run('order', async (port, log) => {
    const cs = [await conn(port), await conn(port), await conn(port)];
    const b = await conn(port);
    send(cs[0], ['BLPOP', 'k1', 'k2', '0']);
    await sleep(30);
    send(cs[1], ['BLPOP', 'k2', '0']);
    await sleep(30);
    send(cs[2], ['BLPOP', 'k2', '0']);
    await sleep(30);
    // k1 and k2 become ready in one EXEC: the first client is served from k1 only, then k2 serves the
    // next two in arrival order, and the third element stays.
    await ask(b, log, ['MULTI'], ['RPUSH', 'k1', 'a'], ['RPUSH', 'k2', 'b', 'c', 'd'], ['EXEC']);
    for (const c of cs) await record(c, log);
    await ask(b, log, ['LRANGE', 'k2', '0', '-1'], ['EXISTS', 'k1']);
    for (const c of [...cs, b]) c.close();
  });
  assert.deepEqual(t.slice(3), [
    '*2\r\n:1\r\n:3\r\n',
    '*2\r\n$2\r\nk1\r\n$1\r\na\r\n',
    '*2\r\n$2\r\nk2\r\n$1\r\nb\r\n',
    '*2\r\n$2\r\nk2\r\n$1\r\nc\r\n',
    '*1\r\n$1\r\nd\r\n',
    ':0\r\n',
  ]);
});

test('timeouts accept decimals; bad timeouts are rejected with Redis errors', async () => {
  const t = await run('timeouts', async (port, log) => {
    const a = await conn(port);
    const a3 = await conn(port, 3);
    const t0 = Date.now();
    await ask(a, log, ['BLPOP', 'nokey', '0.15']);
    const waited = Date.now() - t0;
    assert.ok(waited >= 140 && waited < 2000, `waited ${waited} ms`);
    await ask(a3, log, ['BLMOVE', 'nokey', 'd', 'LEFT', 'RIGHT', '0.05'], ['BLMPOP', '0.05', '1', 'nokey', 'LEFT']);
    await ask(a, log, ['BLPOP', 'k', 'abc'], ['BLPOP', 'k', '-1'], ['BLPOP', 'k', 'inf'], ['BLPOP', 'k', '1e18'], ['BRPOPLPUSH', 'a', 'b', 'nan']);
    for (const c of [a, a3]) c.close();
  });
  assert.deepEqual(t, [
    '*-1\r\n',
    '_\r\n',
    '_\r\n',
    '-ERR timeout is not a float or out of range\r\n',
    '-ERR timeout is negative\r\n',
    '-ERR timeout is negative\r\n',
    '-ERR timeout is negative\r\n',
    '-ERR timeout is not a float or out of range\r\n',
  ]);
});

test('blocking commands inside MULTI do not block; a push inside EXEC wakes clients after EXEC', async () => {
  const t = await run('multi', async (port, log) => {
    const a = await conn(port);
    const b = await conn(port);
    await ask(b, log, ['MULTI'], ['BLPOP', 'nokey', '0'], ['BLMOVE', 'nokey', 'x', 'LEFT', 'LEFT', '0'], ['BLMPOP', '0', '1', 'nokey', 'LEFT'], ['EXEC']);
    send(a, ['BLPOP', 'k', '0']);
    await sleep(50);
    await ask(b, log, ['MULTI'], ['RPUSH', 'k', 'x'], ['LLEN', 'k'], ['EXEC'], ['LLEN', 'k']);
    await record(a, log);
    for (const c of [a, b]) c.close();
  });
  assert.deepEqual(t.slice(4), ['*3\r\n*-1\r\n$-1\r\n*-1\r\n', '+OK\r\n', '+QUEUED\r\n', '+QUEUED\r\n', '*2\r\n:1\r\n:1\r\n', ':0\r\n', '*2\r\n$1\r\nk\r\n$1\r\nx\r\n']);
});

test('a blocked client keeps its pipelined input until served; the pusher sees the pop at once', async () => {
  const t = await run('pipeline', async (port, log) => {
    const a = await conn(port);
    const b = await conn(port);
    send(a, ['BLPOP', 'k', '0'], ['PING'], ['LLEN', 'k']);
    await sleep(50);
    assert.equal(a.pending, '', 'nothing answered while blocked');
    await ask(b, log, ['RPUSH', 'k', 'x', 'y'], ['LLEN', 'k']);
    await record(a, log, 3);
    for (const c of [a, b]) c.close();
  });
  assert.deepEqual(t, [':2\r\n', ':1\r\n', '*2\r\n$1\r\nk\r\n$1\r\nx\r\n', '+PONG\r\n', ':1\r\n']);
});

test('BLMOVE, BRPOPLPUSH and BLMPOP are served by pushes, and chained blocking pops cascade', async () => {
  const t = await run('move', async (port, log) => {
    const a = await conn(port);
    const c2 = await conn(port);
    const d = await conn(port);
    const b = await conn(port);
    send(a, ['BLMOVE', 'src', 'mid', 'RIGHT', 'LEFT', '0']);
    await sleep(30);
    send(c2, ['BRPOPLPUSH', 'mid', 'dst', '0']);
    await sleep(30);
    send(d, ['BLMPOP', '0', '2', 'nokey', 'dst', 'RIGHT', 'COUNT', '5']);
    await sleep(30);
    await ask(b, log, ['RPUSH', 'src', 'e1', 'e2']);
    await record(a, log);
    await record(c2, log);
    await record(d, log);
    await ask(b, log, ['LRANGE', 'src', '0', '-1'], ['EXISTS', 'mid', 'dst']);
    for (const c of [a, c2, d, b]) c.close();
  });
  assert.deepEqual(t, [':2\r\n', '$2\r\ne2\r\n', '$2\r\ne2\r\n', '*2\r\n$3\r\ndst\r\n*1\r\n$2\r\ne2\r\n', '*1\r\n$2\r\ne1\r\n', ':0\r\n']);
});

test('CLIENT UNBLOCK with TIMEOUT and ERROR; INFO blocked_clients; disconnect cleans up', async () => {
  const t = await run('unblock', async (port, log) => {
    const a = await conn(port);
    const b = await conn(port);
    const [idA] = await ask(a, [], ['CLIENT', 'ID']);
    const id = idA.slice(1, -2);
    send(a, ['BLPOP', 'k', '0']);
    await sleep(50);
    const [info] = await ask(b, [], ['INFO', 'clients']);
    log.push(/blocked_clients:(\d+)/.exec(info)?.[1] ?? '?');
    await ask(b, log, ['CLIENT', 'UNBLOCK', id, 'TIMEOUT']);
    await record(a, log);
    send(a, ['BLMOVE', 'k', 'x', 'LEFT', 'LEFT', '0']);
    await sleep(50);
    await ask(b, log, ['CLIENT', 'UNBLOCK', id, 'ERROR'], ['CLIENT', 'UNBLOCK', id], ['CLIENT', 'UNBLOCK', id, 'MAYBE'], ['CLIENT', 'UNBLOCK', 'x']);
    await record(a, log);
    send(a, ['BLPOP', 'k', '0']);
    await sleep(50);
    a.close();
    await sleep(50);
    await ask(b, log, ['RPUSH', 'k', 'v'], ['LLEN', 'k']);
    const [info2] = await ask(b, [], ['INFO', 'clients']);
    log.push(/blocked_clients:(\d+)/.exec(info2)?.[1] ?? '?');
    b.close();
  });
  assert.deepEqual(t, [
    '1',
    ':1\r\n',
    '*-1\r\n',
    ':1\r\n',
    ':0\r\n',
    '-ERR CLIENT UNBLOCK reason should be TIMEOUT or ERROR\r\n',
    '-ERR value is not an integer or out of range\r\n',
    '-UNBLOCKED client unblocked via CLIENT UNBLOCK\r\n',
    ':1\r\n',
    ':1\r\n',
    '0',
  ]);
});

test('a blocked client is not served by a key of the wrong type and stays blocked', async () => {
  const t = await run('wrongtype', async (port, log) => {
    const a = await conn(port);
    const b = await conn(port);
    send(a, ['BLPOP', 'k', '1']);
    await sleep(50);
    await ask(b, log, ['SET', 'k', 'str'], ['DEL', 'k'], ['RPUSH', 'k', 'z']);
    await record(a, log);
    for (const c of [a, b]) c.close();
  });
  assert.deepEqual(t, ['+OK\r\n', ':1\r\n', ':1\r\n', '*2\r\n$1\r\nk\r\n$1\r\nz\r\n']);
});

test('SWAPDB serves clients blocked on keys that exist after the swap', async () => {
  const t = await run('swapdb', async (port, log) => {
    const a = await conn(port);
    const b = await conn(port);
    await ask(b, log, ['SELECT', '8'], ['RPUSH', 'k', 'x']);
    send(a, ['BLPOP', 'k', '2']);
    await sleep(50);
    await ask(b, log, ['SWAPDB', '8', '9']);
    await record(a, log);
    await ask(b, log, ['EXISTS', 'k'], ['FLUSHDB'], ['SELECT', '9']);
    for (const c of [a, b]) c.close();
  });
  assert.deepEqual(t, ['+OK\r\n', ':1\r\n', '+OK\r\n', '*2\r\n$1\r\nk\r\n$1\r\nx\r\n', ':0\r\n', '+OK\r\n', '+OK\r\n']);
});
