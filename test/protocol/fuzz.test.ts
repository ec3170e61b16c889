/**
 * Protocol fuzz: several connections send seeded random and malformed bytes (random noise, truncated and
 * mutated commands, absurd lengths), reconnecting whenever the server closes them. Afterwards the server must
 * still be alive and serve a new client correctly. Why: bad input is answered with an error and a closed
 * connection, never a crash (TIGER_STYLE: assertions for invariants, error replies for bad input).
 * Bounded: a fixed count of messages per connection and a time budget. Replay a failure with FUZZ_SEED=<n>.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Redis } from 'ioredis';
import { startRedoubt, type RunningServer } from '../helpers/server.js';
import { RawClient } from '../helpers/raw.js';
import { encodeCommand } from '../helpers/resp.js';
import { seededRandom, type Random } from '../../src/platform/random.js';

const SEED = Number(process.env.FUZZ_SEED ?? 20261121);
const CONNECTIONS = 6;
const MESSAGES_PER_CONNECTION = 1500;
const BUDGET_MS = 4000;

/** Harmless commands only: the fuzzer must not SHUTDOWN, FLUSHALL, DEBUG or block the server. */
const SAFE: string[][] = [
  ['PING'], ['ECHO', 'hello'], ['SET', 'fz', 'v'], ['GET', 'fz'], ['INCR', 'fzn'], ['DEL', 'fz'],
  ['EXISTS', 'fz'], ['MGET', 'a', 'b'], ['APPEND', 'fz', 'x'], ['STRLEN', 'fz'], ['TYPE', 'fz'],
];
const FRAGMENTS = ['*', '$', '\r\n', '\r', '\n', '-1', '0', '*-1\r\n', '*0\r\n', '$-1\r\n', '*99999999\r\n', '$2147483648\r\n',
  '"', "'", '\\x', '\0', '\xff', ' ', '*3\r\n$3\r\nSET\r\n', '$5\r\nhello\r\n', '*1\r\n$4\r\nPING\r\n', 'PING\r\n', '*2\r\n$4\r\nECHO\r\n$100\r\n'];

function randomBytes(r: Random, n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += String.fromCharCode(r.int(256));
  return s;
}

/** One malformed (or occasionally valid) message. */
function message(r: Random): string {
  const kind = r.int(6);
  const cmd = encodeCommand(SAFE[r.int(SAFE.length)]);
  switch (kind) {
    case 0:
      return randomBytes(r, 1 + r.int(64));
    case 1: // a valid command cut short
      return cmd.slice(0, r.int(cmd.length));
    case 2: { // a valid command with bytes flipped
      const chars = cmd.split('');
      for (let i = 0, n = 1 + r.int(3); i < n; i++) chars[r.int(chars.length)] = String.fromCharCode(r.int(256));
      return chars.join('');
    }
    case 3: { // a soup of protocol fragments
      let s = '';
      for (let i = 0, n = 1 + r.int(8); i < n; i++) s += FRAGMENTS[r.int(FRAGMENTS.length)];
      return s;
    }
    case 4: // inline text with quotes and escapes
      return ['ECHO', '"a\\x4', "'b", '"c d"', 'e\\', '\t'].filter(() => r.int(2) === 0).join(' ') + (r.int(2) ? '\r\n' : '\n');
    default:
      return cmd;
  }
}

let srv: RunningServer;

before(async () => {
  srv = await startRedoubt();
});

after(async () => {
  await srv.stop();
});

async function fuzzConnection(port: number, r: Random, deadline: number): Promise<{ sent: number; reconnects: number }> {
  let c = await RawClient.connect(port);
  let reconnects = 0;
  let sent = 0;
  for (; sent < MESSAGES_PER_CONNECTION && Date.now() < deadline; sent++) {
    if (c.closed) {
      c = await RawClient.connect(port);
      reconnects++;
    }
    c.write(message(r));
    c.take();
    if (r.int(8) === 0) await new Promise((res) => setTimeout(res, r.int(3)));
  }
  c.close();
  return { sent, reconnects };
}

test(`random and malformed bytes from ${CONNECTIONS} connections never break the server (seed ${SEED})`, async () => {
  const deadline = Date.now() + BUDGET_MS;
  const root = seededRandom(SEED);
  const runs = [];
  for (let i = 0; i < CONNECTIONS; i++) runs.push(fuzzConnection(srv.port, seededRandom(root.int(2 ** 31)), deadline));
  const results = await Promise.all(runs);
  const sent = results.reduce((n, x) => n + x.sent, 0);
  const reconnects = results.reduce((n, x) => n + x.reconnects, 0);
  assert.ok(sent >= CONNECTIONS * 50, `only ${sent} messages were sent`);
  assert.ok(reconnects > 0, 'the fuzz input never triggered a protocol error (expected some closed connections)');

  assert.equal(srv.proc.exitCode, null, `server exited:\n${srv.output().slice(-2000)}`);
  assert.equal(srv.proc.signalCode, null);
  const client = new Redis({ port: srv.port, lazyConnect: true, maxRetriesPerRequest: 0 });
  await client.connect();
  try {
    assert.equal(await client.ping(), 'PONG');
    assert.equal(await client.set('after-fuzz', 'ok\r\n\0'), 'OK');
    assert.equal(await client.get('after-fuzz'), 'ok\r\n\0');
    const pipe = client.pipeline();
    for (let i = 0; i < 100; i++) pipe.echo(`e${i}`);
    const res = await pipe.exec();
    assert.deepEqual(res?.map((x) => x[1]), Array.from({ length: 100 }, (_, i) => `e${i}`));
  } finally {
    client.disconnect();
  }
  assert.doesNotMatch(srv.output(), /TypeError|RangeError|ReferenceError|AssertionError|Uncaught/);
});
