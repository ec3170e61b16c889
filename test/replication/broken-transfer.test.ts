/**
 * A replica never applies a partial full-sync transfer as if it were whole: a transfer cut mid-way is retried
 * from scratch (the replica ends with exactly the master's dataset, and never shows a half-loaded one), and a
 * truncated or corrupt RDB from a master (a fake one written here, speaking just enough of the protocol) is
 * logged and refused, the old dataset kept, and the sync retried.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server as NetServer, type Socket } from 'node:net';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { Redis } from 'ioredis';
import { freePort, hasRealRedis, SKIP_NO_REDIS, tempDir } from '../helpers/server.js';
import { waitFor } from '../helpers/wait.js';
import { Topology, linkUp, replInfo, stats, type Node } from './repl-helpers.js';

const top = new Topology();
const fakes: NetServer[] = [];
after(async () => {
  for (const f of fakes) f.close();
  await top.close();
});

const KEYS = 200000;

/** Every key of db 0 with its value, read with SCAN + MGET. */
async function allStrings(r: Redis): Promise<Map<string, string | null>> {
  const out = new Map<string, string | null>();
  let cursor = '0';
  do {
    const [next, keys] = await r.scan(cursor, 'COUNT', 5000);
    cursor = next;
    if (keys.length === 0) continue;
    const vals = await r.mget(...keys);
    keys.forEach((k, i) => out.set(k, vals[i]));
  } while (cursor !== '0');
  return out;
}

/**
 * Samples DBSIZE on `r` until stopped; errors (-LOADING while the RDB loads) are dropped. The first sample is
 * taken before this resolves and a last one when `stop()` is called, so both ends of the transfer are always
 * in the list whatever the timing (the sampling loop alone can miss the short window after the load).
 */
async function sampleDbsize(r: Redis): Promise<{ stop: () => Promise<number[]> }> {
  const seen: number[] = [await r.dbsize()];
  let running = true;
  const loop = (async () => {
    while (running) {
      try {
        seen.push(await r.dbsize());
      } catch {
        /* -LOADING while the RDB loads */
      }
      await new Promise((res) => setTimeout(res, 5));
    }
  })();
  return {
    stop: async () => {
      running = false;
      await loop;
      seen.push(await r.dbsize());
      return seen;
    },
  };
}

/**
 * Cuts the first full sync mid-way, then checks the retry. The master saves slowly (rdb-key-save-delay, a
 * Redis testing knob Redoubt honours by pausing its sliced walk), so the cut never races the end:
 *  - diskless: the RDB streams while it is produced; the link is killed once the replica has read some of it;
 *  - disk-based: the file is written first, then sent fast; the replica is stopped (SIGSTOP) before the
 *    sending starts, the link killed while the socket buffers hold only part of the file, then resumed.
 */
async function killMidTransfer(masterKind: 'redoubt' | 'redis', diskless: boolean): Promise<void> {
  const debug = masterKind === 'redis' ? ['--enable-debug-command', 'yes'] : [];
  // Disk-based: 256-byte values, uncompressed (~55 MB), far more than loopback socket buffers hold.
  const big = diskless ? [] : ['--rdbcompression', 'no'];
  // Redis sleeps (usleep: ~60 µs here) per delayed key; -20 delays one key in 20, enough to see the save phase.
  const delay = masterKind === 'redis' && !diskless ? '-20' : '10';
  const m = await top.start(masterKind, ['--repl-diskless-sync', diskless ? 'yes' : 'no', '--rdb-key-save-delay', delay, ...big, ...debug]);
  await m.r.call('DEBUG', 'POPULATE', String(KEYS), 'key', diskless ? '64' : '256');
  const s = await top.start('redoubt');
  for (let i = 0; i < 10; i++) await s.r.set(`old:${i}`, 'x');
  const watcher = await top.client(s.port);
  const samples = await sampleDbsize(watcher);
  await s.r.call('REPLICAOF', '127.0.0.1', String(m.port));
  if (diskless) {
    await waitFor('transfer in progress', async () => {
      const i = await replInfo(s.r);
      return i.master_sync_in_progress === '1' && Number(i.master_sync_read_bytes) > 0;
    }, 15000, 2);
    const mid = await replInfo(s.r);
    assert.ok(Number(mid.master_sync_total_bytes) === -1 || Number(mid.master_sync_read_bytes) < Number(mid.master_sync_total_bytes), 'killed before the end');
  } else {
    await waitFor('master saving for the replica', async () => /state=wait_bgsave/.test(await m.r.info('replication')), 15000, 5);
    s.srv.proc.kill('SIGSTOP');
    try {
      await waitFor('master sending the file', async () => /state=send_bulk/.test(await m.r.info('replication')), 30000, 5);
      await new Promise((res) => setTimeout(res, 300)); // the socket buffers fill; the rest of the file waits
    } catch (e) {
      s.srv.proc.kill('SIGCONT');
      throw e;
    }
  }
  assert.equal(await m.r.client('KILL', 'TYPE', 'replica'), 1);
  if (!diskless) s.srv.proc.kill('SIGCONT');
  await m.r.config('SET', 'rdb-key-save-delay', '0');
  await waitFor('replica synced after the retry', () => linkUp(s.r), 30000);
  const seen = await samples.stop();
  const bad = seen.filter((n) => n !== 10 && n !== KEYS);
  assert.deepEqual(bad, [], 'DBSIZE was only ever the old dataset or the whole new one');
  assert.equal(seen[0], 10, 'the old dataset before the transfer');
  assert.equal(seen[seen.length - 1], KEYS, 'the whole new dataset after it');
  assert.equal(await s.r.dbsize(), KEYS);
  assert.equal(await s.r.exists('old:0'), 0);
  assert.ok(Number((await stats(m.r)).sync_full) >= 2, 'a second full sync');
  const [a, b] = await Promise.all([allStrings(m.r), allStrings(s.r)]);
  assert.equal(b.size, a.size);
  for (const [k, v] of a) if (b.get(k) !== v) assert.fail(`key ${k} differs`);
  const log = s.srv.output();
  assert.ok((log.match(/Full resync from master/g) ?? []).length >= 2, 'the replica started over');
  assert.ok((log.match(/MASTER <-> REPLICA sync: Finished with success/g) ?? []).length === 1, 'only the whole transfer was loaded');
}

test('Redoubt master, disk-based: replica link killed mid-transfer -> full retry, exact dataset, never half-loaded', () => killMidTransfer('redoubt', false));

test('Redoubt master, diskless: replica link killed mid-transfer -> full retry, exact dataset, never half-loaded', () => killMidTransfer('redoubt', true));

test('real Redis master, diskless: replica link killed mid-transfer -> full retry, exact dataset', { skip: hasRealRedis() ? false : SKIP_NO_REDIS }, () =>
  killMidTransfer('redis', true));

test('real Redis master, disk-based: replica link killed mid-transfer -> full retry, exact dataset', { skip: hasRealRedis() ? false : SKIP_NO_REDIS }, () =>
  killMidTransfer('redis', false));

// ---- a fake master ----

type Payload = (sock: Socket) => void;

/** A master that answers the handshake and sends +FULLRESYNC then what `payloads[attempt]` writes. */
async function fakeMaster(payloads: Payload[]): Promise<{ port: number; attempts: () => number }> {
  const port = await freePort();
  let attempts = 0;
  const srv = createServer((sock) => {
    let buf = '';
    sock.on('error', () => {});
    sock.on('data', (d) => {
      buf += d.toString('latin1');
      for (;;) {
        const cmd = nextCommand(buf);
        if (!cmd) return;
        buf = buf.slice(cmd.used);
        const name = cmd.argv[0].toUpperCase();
        if (name === 'PING') sock.write('+PONG\r\n');
        else if (name === 'PSYNC') {
          sock.write(`+FULLRESYNC ${'ab'.repeat(20)} 0\r\n`);
          payloads[Math.min(attempts++, payloads.length - 1)](sock);
        } else if (name === 'REPLCONF' && cmd.argv[1].toUpperCase() === 'ACK') {
          /* no reply */
        } else sock.write('+OK\r\n');
      }
    });
  });
  fakes.push(srv);
  await new Promise<void>((r) => srv.listen(port, '127.0.0.1', r));
  return { port, attempts: () => attempts };
}

/** Parses one RESP multibulk command from the front of `buf`. */
function nextCommand(buf: string): { argv: string[]; used: number } | null {
  if (!buf.startsWith('*')) return null;
  let pos = buf.indexOf('\r\n');
  if (pos < 0) return null;
  const n = Number(buf.slice(1, pos));
  pos += 2;
  const argv: string[] = [];
  for (let i = 0; i < n; i++) {
    const end = buf.indexOf('\r\n', pos);
    if (end < 0) return null;
    const len = Number(buf.slice(pos + 1, end));
    if (buf.length < end + 2 + len + 2) return null;
    argv.push(buf.slice(end + 2, end + 2 + len));
    pos = end + 2 + len + 2;
  }
  return { argv, used: pos };
}

/** A genuine RDB (two keys) written by a Redoubt node, to build corrupt variants and a final good payload. */
async function goodRdb(): Promise<Buffer> {
  const n = await top.start('redoubt');
  await n.r.set('from', 'fake-master');
  await n.r.rpush('fl', 'a', 'b');
  await n.r.save();
  return readFileSync(join(n.srv.dir, 'dump.rdb'));
}

const withLen = (data: Buffer): Payload => (sock) => {
  sock.write(`$${data.length}\r\n`);
  sock.write(data);
};

async function replicaWithOldData(): Promise<Node> {
  const s = await top.start('redoubt', [], { dir: tempDir() });
  await s.r.set('old', 'data');
  await s.r.hset('oldh', 'f', 'v');
  return s;
}

async function assertOldDataKept(s: Node): Promise<void> {
  assert.equal(await s.r.get('old'), 'data');
  assert.deepEqual(await s.r.hgetall('oldh'), { f: 'v' });
  assert.equal(await s.r.dbsize(), 2);
  const i = await replInfo(s.r);
  assert.equal(i.master_link_status, 'down');
}

test('fake master: truncated RDB ($len then the connection closes) -> replica keeps its data and retries', async () => {
  const rdb = await goodRdb();
  const truncated: Payload = (sock) => {
    sock.write(`$${rdb.length}\r\n`);
    sock.write(rdb.subarray(0, rdb.length >> 1));
    setTimeout(() => sock.destroy(), 50);
  };
  const fake = await fakeMaster([truncated, truncated, withLen(rdb)]);
  const s = await replicaWithOldData();
  await s.r.call('REPLICAOF', '127.0.0.1', String(fake.port));
  await waitFor('two failed attempts', () => fake.attempts() >= 2, 10000);
  await assertOldDataKept(s);
  await waitFor('third attempt loads the whole RDB', () => linkUp(s.r), 10000);
  assert.equal(await s.r.get('from'), 'fake-master');
  assert.deepEqual(await s.r.lrange('fl', 0, -1), ['a', 'b']);
  assert.equal(await s.r.exists('old'), 0);
  assert.equal((s.srv.output().match(/MASTER <-> REPLICA sync: Finished with success/g) ?? []).length, 1);
});

test('fake master: garbage and corrupt RDB payloads -> failure logged, old data kept, retried', async () => {
  const rdb = await goodRdb();
  const corrupt = Buffer.from(rdb);
  corrupt[corrupt.length - 12] ^= 0xff; // inside the data or the checksum: the CRC no longer matches
  const garbage = Buffer.from('this is not an RDB file at all, just bytes\r\n'.repeat(20), 'latin1');
  const mark = 'cd'.repeat(20);
  const disklessGarbage: Payload = (sock) => sock.write(`$EOF:${mark}\r\n${garbage.toString('latin1')}${mark}`);
  const fake = await fakeMaster([withLen(garbage), withLen(corrupt), disklessGarbage, withLen(rdb)]);
  const s = await replicaWithOldData();
  await s.r.call('REPLICAOF', '127.0.0.1', String(fake.port));
  await waitFor('three failed attempts', () => fake.attempts() >= 3, 15000);
  await waitFor('third failure handled', () => (s.srv.output().match(/Failed trying to load the MASTER synchronization DB from disk/g) ?? []).length >= 3, 5000);
  await assertOldDataKept(s);
  await waitFor('fourth attempt succeeds', () => linkUp(s.r), 10000);
  assert.equal(await s.r.get('from'), 'fake-master');
  assert.equal(await s.r.dbsize(), 2);
});

test('redis-check-rdb accepts the RDB a Redoubt replica kept after a full sync', { skip: hasRealRedis() ? false : SKIP_NO_REDIS }, async () => {
  const m = await top.start('redoubt');
  await m.r.call('DEBUG', 'POPULATE', '1000');
  const s = await top.start('redoubt', ['--replicaof', '127.0.0.1', String(m.port)]);
  await waitFor('link up', () => linkUp(s.r), 10000);
  const r = spawnSync('redis-check-rdb', [join(s.srv.dir, 'dump.rdb')], { encoding: 'utf8' });
  assert.match(r.stdout, /RDB looks OK!/);
});
