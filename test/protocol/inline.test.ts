/**
 * Inline commands (`echo PING | nc`): line endings, empty lines, and Redis's quoting rules, compared byte for
 * byte with real redis-server. Why: redis-cli --pipe, telnet users and health checks speak inline.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createConnection } from 'node:net';
import { startRedoubt, startRealRedis, hasRealRedis, SKIP_NO_REDIS, type RunningServer } from '../helpers/server.js';
import { RawClient } from '../helpers/raw.js';
import { show } from '../helpers/resp.js';

let redoubt: RunningServer;
let redis: RunningServer | null = null;

before(async () => {
  redoubt = await startRedoubt();
  if (hasRealRedis()) redis = await startRealRedis();
});

after(async () => {
  await redoubt.stop();
  await redis?.stop();
});

test('PING\\r\\n and PING\\n over a raw socket', async () => {
  const c = await RawClient.connect(redoubt.port);
  c.write('PING\r\n');
  assert.equal(await c.reply(), '+PONG\r\n');
  c.write('PING\n');
  assert.equal(await c.reply(), '+PONG\r\n');
  c.write('ECHO "hello world"\r\n');
  assert.equal(await c.reply(), '$11\r\nhello world\r\n');
  c.close();
});

test('empty inline lines are ignored, then the next command runs', async () => {
  const c = await RawClient.connect(redoubt.port);
  c.write('\r\n\n   \r\nPING\r\n');
  assert.equal(await c.reply(), '+PONG\r\n');
  assert.equal(c.pending, '');
  c.close();
});

const LINES = [
  'ECHO "hello world"',
  'ECHO "\\x41\\x4g\\q\\n"',
  "ECHO 'a\\'b\\n'",
  'ECHO a\x0bb',
  'ECHO "\\t\\r\\b\\a\\\\\\""',
  'ECHO a"b c"',
  'ECHO ""',
  "ECHO ''",
  'ECHO "\\xff\\x00"',
  '  ECHO\t\tx  ',
  'PING\r',
  'ECHO caf\xe9',
  'SET',
  'GET "a" "b"',
  'nosuchcommand "a b" c',
];

test('inline quoting and splitting match real Redis byte for byte', { skip: hasRealRedis() ? false : SKIP_NO_REDIS }, async () => {
  const a = await RawClient.connect(redis!.port);
  const b = await RawClient.connect(redoubt.port);
  const diffs: string[] = [];
  for (const line of LINES) {
    a.write(line + '\r\n');
    b.write(line + '\r\n');
    const [want, got] = [await a.reply(), await b.reply()];
    if (want !== got) diffs.push(`${JSON.stringify(line)}: redis ${show(want)} redoubt ${show(got)}`);
  }
  assert.deepEqual(diffs, []);
  a.close();
  b.close();
});

test('unbalanced quotes: error, then the connection is closed', async () => {
  const c = await RawClient.connect(redoubt.port);
  c.write('ECHO "abc\r\nPING\r\n');
  assert.equal(await c.reply(), '-ERR Protocol error: unbalanced quotes in request\r\n');
  assert.equal(await c.waitClosed(), true);
});

/** Sends `data`, half-closes (FIN), and collects everything until the server closes the connection. */
function sendAndHalfClose(port: number, data: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const s = createConnection({ port, host: '127.0.0.1', allowHalfOpen: true });
    let got = '';
    s.on('data', (d) => (got += d.toString('latin1')));
    s.on('error', reject);
    s.on('close', () => resolve(got));
    s.on('connect', () => s.end(data));
    setTimeout(() => reject(new Error(`no close after FIN; got ${JSON.stringify(got)}`)), 5000).unref();
  });
}

test('`echo ... | nc`: commands sent then FIN get every reply, then the server closes (same bytes as Redis)', async () => {
  const script = 'PING\r\nSET hc:a b\r\nGET hc:a\r\n*2\r\n$4\r\nECHO\r\n$2\r\nhi\r\nDEL hc:a\r\n';
  const want = '+PONG\r\n+OK\r\n$1\r\nb\r\n$2\r\nhi\r\n:1\r\n';
  assert.equal(await sendAndHalfClose(redoubt.port, script), want);
  // A client blocked when it half-closes is freed (the server closes; nothing is popped for it later).
  assert.equal(await sendAndHalfClose(redoubt.port, 'BLPOP hc:list 0\r\n'), '');
  const c = await RawClient.connect(redoubt.port);
  c.write('RPUSH hc:list x\r\n');
  assert.equal(await c.reply(), ':1\r\n');
  c.write('LLEN hc:list\r\n');
  assert.equal(await c.reply(), ':1\r\n');
  c.write('DEL hc:list\r\n');
  assert.equal(await c.reply(), ':1\r\n');
  c.close();
  if (redis) {
    assert.equal(await sendAndHalfClose(redis.port, script), want);
    assert.equal(await sendAndHalfClose(redis.port, 'BLPOP hc:list 0\r\n'), '');
  }
});
