/**
 * Databases past V8's Map limit (2^24 keys). A server started with REDOUBT_MAP_CAPACITY=1000 splits its
 * keyspace into Maps of 1,000 keys, so a few thousand keys take the same code path as 17 million: every
 * command, SCAN, expiry, SAVE/reload and SWAPDB must behave as with one Map.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Redis } from 'ioredis';
import { startRedoubt, type RunningServer } from '../helpers/server.js';

let srv: RunningServer;
let r: Redis;

before(async () => {
  srv = await startRedoubt(['--enable-debug-command', 'yes'], { env: { REDOUBT_MAP_CAPACITY: '1000' } });
  r = new Redis({ port: srv.port, lazyConnect: true });
  await r.connect();
});

after(async () => {
  r.disconnect();
  await srv.stop();
});

async function scanAll(): Promise<string[]> {
  const out: string[] = [];
  let cursor = '0';
  do {
    const [next, keys] = await r.scan(cursor, 'COUNT', 333);
    out.push(...keys);
    cursor = next;
  } while (cursor !== '0');
  return out;
}

test('5,000 keys over five Maps: reads, writes, SCAN, KEYS, expiry, reload and SWAPDB', async () => {
  await r.call('DEBUG', 'POPULATE', '5000', 'key');
  assert.equal(await r.dbsize(), 5000);
  assert.equal(await r.get('key:4999'), 'value:4999');
  assert.equal(await r.get('key:0'), 'value:0');
  assert.equal(await r.set('key:4321', 'changed'), 'OK');
  assert.equal(await r.get('key:4321'), 'changed');
  assert.equal(await r.dbsize(), 5000);
  assert.equal(await r.del('key:10', 'key:4500', 'nope'), 2);
  assert.equal(await r.dbsize(), 4998);
  assert.equal(await r.set('key:10', 'back'), 'OK');
  const scanned = await scanAll();
  assert.equal(new Set(scanned).size, 4999);
  assert.equal((await r.keys('key:*')).length, 4999);
  // TTLs on 2,000 keys (the expires dict overflows too); 1,000 of them expire at once.
  const p = r.pipeline();
  for (let i = 0; i < 1000; i++) p.pexpire(`key:${i + 1000}`, 1);
  for (let i = 0; i < 1000; i++) p.expire(`key:${i + 2000}`, 1000);
  await p.exec();
  await new Promise((res) => setTimeout(res, 20));
  assert.equal(await r.exists('key:1500'), 0);
  assert.ok((await r.ttl('key:2500')) > 0);
  for (let i = 0; i < 50 && (await r.dbsize()) !== 3999; i++) await new Promise((res) => setTimeout(res, 100));
  assert.equal(await r.dbsize(), 3999, 'the active expiry cycle reaped every expired key');
  assert.equal(await r.call('DEBUG', 'RELOAD'), 'OK');
  assert.equal(await r.dbsize(), 3999);
  assert.equal(await r.get('key:4321'), 'changed');
  assert.ok((await r.ttl('key:2999')) > 0);
  assert.equal(await r.swapdb(0, 1), 'OK');
  assert.equal(await r.dbsize(), 0);
  await r.select(1);
  assert.equal(await r.dbsize(), 3999);
  assert.equal((await scanAll()).length, 3999);
  await r.flushall();
  assert.equal(await r.dbsize(), 0);
  await r.select(0);
});
