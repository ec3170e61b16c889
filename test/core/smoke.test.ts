import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Redis } from 'ioredis';
import { startRedoubt, type RunningServer } from '../helpers/server.js';

let srv: RunningServer;
let r: Redis;

before(async () => {
  srv = await startRedoubt();
  r = new Redis({ port: srv.port, lazyConnect: true });
  await r.connect();
});

after(async () => {
  r.disconnect();
  await srv.stop();
});

test('PING, SET and GET over a real socket', async () => {
  assert.equal(await r.ping(), 'PONG');
  assert.equal(await r.set('k', 'v'), 'OK');
  assert.equal(await r.get('k'), 'v');
});

test('unknown command error is word for word', async () => {
  await assert.rejects(r.call('nosuchcmd', 'a', 'b'), /^ReplyError: ERR unknown command 'nosuchcmd', with args beginning with: 'a' 'b' $/);
});
