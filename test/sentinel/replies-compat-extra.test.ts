/**
 * The corners of Sentinel behaviour checked against a real Redis 7.0 Sentinel: master-reboot handling
 * (+reboot, then SDOWN while a restarted master answers LOADING longer than
 * master-reboot-down-after-period, -sdown at its first PONG), `daemonize yes` with pidfile and logfile,
 * resolve-hostnames / announce-hostnames with `localhost` (the monitor address, replies, events, the
 * rewritten config), and the FATAL error for a hostname without resolve-hostnames.
 */
import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { hasRealRedis, SKIP_NO_REDIS, freePort, startRealRedis, tempDir, waitForPort, type RunningServer } from '../helpers/server.js';
import { startNodes, waitFor, SENTINEL_BIN } from './deploy.js';
import { fieldOf, logMessages, startConfSentinel, startPair, stopSentinel, waitSettled, withClient, type ConfSentinel, type Pair } from './replies-compat-helpers.js';

const skip = hasRealRedis() ? false : SKIP_NO_REDIS;

/** The master's events a Sentinel published, by name. */
function masterEvents(events: { channel: string; message: string }[]): string[] {
  return events.filter((e) => e.message.startsWith('master mymaster ')).map((e) => e.channel);
}

describe('Sentinel corners: Redoubt vs real Redis 7.0 Sentinel', { skip }, () => {
  const cleanup: (() => Promise<void>)[] = [];
  after(async () => {
    for (const f of cleanup.reverse()) await f().catch(() => {});
  });

  it('a master restarted with a new run id: +reboot, SDOWN while LOADING past master-reboot-down-after-period, -sdown at PONG', async () => {
    const nodes = await startNodes(0, ['--enable-debug-command', 'yes']);
    let master: RunningServer = nodes.master;
    cleanup.push(async () => master.stop());
    await withClient(master.port, async (c) => {
      await c.call('DEBUG', 'POPULATE', '20000', 'key', '100');
      await c.call('SAVE');
    });
    // down-after 5 s: the restart itself never looks like a plain SDOWN, even on a loaded machine.
    const p: Pair = await startPair(master.port, { quorum: 3, downAfterMs: 5000, failoverTimeoutMs: 6000 });
    cleanup.push(async () => Promise.all([stopSentinel(p.real), stopSentinel(p.ours)]).then(() => {}));
    await Promise.all([waitSettled(p.real, 0, 1), waitSettled(p.ours, 0, 1)]);
    for (const s of [p.real, p.ours]) {
      assert.equal(await s.client.call('SENTINEL', 'SET', 'mymaster', 'master-reboot-down-after-period', '500'), 'OK');
      // INFO every second on both, so that the real Sentinel sees the new run id while the master loads.
      assert.equal(await s.client.call('SENTINEL', 'DEBUG', 'info-period', '1000'), 'OK');
      s.events.length = 0;
    }
    await master.stop('SIGKILL');
    // 20000 keys x 150 us: about 3 s of LOADING replies.
    master = await startRealRedis(['--key-load-delay', '150', '--loading-process-events-interval-bytes', '1024'], { port: master.port, dir: master.dir });
    const done = (s: Pair['real']): boolean => masterEvents(s.events).includes('-sdown');
    await waitFor(() => done(p.real) && done(p.ours), 15000, '-sdown after the reboot');
    assert.deepEqual(masterEvents(p.real.events), ['+reboot', '+sdown', '-sdown']);
    assert.deepEqual(masterEvents(p.ours.events), masterEvents(p.real.events));
    for (const s of [p.real, p.ours]) {
      const at = (name: string): number => s.events.find((e) => e.channel === name && e.message.startsWith('master mymaster '))!.atMs;
      // SDOWN only once the reboot state lasted the period, and until LOADING is over (about 3 s), not the period.
      assert.ok(at('+sdown') - at('+reboot') >= 450, `${s.kind}: +sdown ${at('+sdown') - at('+reboot')} ms after +reboot`);
      assert.ok(at('-sdown') - at('+sdown') >= 1000, `${s.kind}: -sdown ${at('-sdown') - at('+sdown')} ms after +sdown`);
    }
    for (const s of [p.real, p.ours]) {
      const m = await s.client.call('SENTINEL', 'MASTER', 'mymaster');
      assert.equal(fieldOf(m, 'flags'), 'master', s.kind);
      assert.match(s.output(), /\* \+reboot master mymaster 127\.0\.0\.1 \d+\n/, s.kind);
    }
  });

  it('daemonize yes: the launcher exits 0, the pidfile names the Sentinel, SIGTERM logs and removes it like Redis', async () => {
    const masterPort = await freePort();
    const logs: string[][] = [];
    for (const kind of ['redis', 'redoubt'] as const) {
      const dir = tempDir(`sentinel-daemon-${kind}-`);
      const port = await freePort();
      const conf = join(dir, 'sentinel.conf');
      writeFileSync(conf, [`port ${port}`, 'bind 127.0.0.1', 'daemonize yes', `pidfile ${join(dir, 's.pid')}`, `logfile ${join(dir, 'log')}`, `sentinel monitor m 127.0.0.1 ${masterPort} 2`, ''].join('\n'));
      const r = kind === 'redis'
        ? spawnSync('redis-server', [conf, '--sentinel'], { cwd: dir, timeout: 10000 })
        : spawnSync(process.execPath, [SENTINEL_BIN, conf], { cwd: dir, timeout: 10000 });
      assert.equal(r.status, 0, `${kind} launcher: ${r.stderr}`);
      await waitForPort(port);
      const pid = Number(readFileSync(join(dir, 's.pid'), 'latin1').trim());
      const c = new Redis({ port, maxRetriesPerRequest: 1 });
      assert.equal(Number(/process_id:(\d+)/.exec(await c.info('server'))![1]), pid, `${kind} pidfile`);
      c.disconnect();
      assert.match(readFileSync(conf, 'latin1'), /^daemonize yes$/m);
      process.kill(pid, 'SIGTERM');
      await waitFor(() => !existsSync(join(dir, 's.pid')), 5000, `${kind} to remove its pidfile`);
      await waitFor(() => /ready to exit, bye bye/.test(readFileSync(join(dir, 'log'), 'latin1')), 5000, `${kind} exit line`);
      logs.push(logMessages(readFileSync(join(dir, 'log'), 'latin1')).map((l) => l.replace(/[0-9a-f]{40}/, '<id>').replace(/\d{4,5}/g, '<n>')));
    }
    const [real, ours] = logs;
    const tail = (l: string[]): string[] => l.slice(l.indexOf('signal-handler Received SIGTERM scheduling shutdown...'));
    assert.deepEqual(tail(ours), tail(real));
    for (const line of ['Running mode=sentinel, port=<n>.', 'Sentinel ID is <id>', '+monitor master m 127.0.0.1 <n> quorum 2']) assert.ok(ours.includes(line) && real.includes(line), line);
  });

  it('resolve-hostnames yes with `localhost`: IP in replies and config, the hostname once announce-hostnames is yes', async () => {
    const nodes = await startNodes(0);
    cleanup.push(async () => nodes.master.stop());
    const lines = ['sentinel resolve-hostnames yes', `sentinel monitor mymaster localhost ${nodes.master.port} 2`];
    const real = await startConfSentinel('redis', lines);
    cleanup.push(() => real.stop());
    const ours = await startConfSentinel('redoubt', lines);
    cleanup.push(() => ours.stop());
    const view = async (s: ConfSentinel, name = 'mymaster'): Promise<string[]> => {
      const m = await s.client.call('SENTINEL', 'MASTER', name);
      const addr = (await s.client.call('SENTINEL', 'GET-MASTER-ADDR-BY-NAME', name)) as string[];
      const info = /master\d:name=mymaster,status=\w+,address=([^,]+)/.exec(await s.client.info('sentinel'))![1];
      const conf = /^sentinel monitor mymaster .*$/m.exec(readFileSync(s.confPath, 'latin1'))![0];
      return [fieldOf(m, 'ip')!, addr[0], info, conf];
    };
    const port = nodes.master.port;
    await waitFor(async () => (await view(real))[3].includes('127.0.0.1') && (await view(ours))[3].includes('127.0.0.1'), 5000, 'config rewrite');
    assert.deepEqual(await view(real), ['127.0.0.1', '127.0.0.1', `127.0.0.1:${port}`, `sentinel monitor mymaster 127.0.0.1 ${port} 2`]);
    assert.deepEqual(await view(ours), await view(real));
    for (const s of [real, ours]) assert.equal(await s.client.call('SENTINEL', 'CONFIG', 'SET', 'announce-hostnames', 'yes'), 'OK');
    await waitFor(async () => (await view(real))[3].includes('localhost') && (await view(ours))[3].includes('localhost'), 5000, 'config rewrite with the hostname');
    assert.deepEqual(await view(real), ['localhost', 'localhost', `localhost:${port}`, `sentinel monitor mymaster localhost ${port} 2`]);
    assert.deepEqual(await view(ours), await view(real));
    const other = await freePort();
    for (const s of [real, ours]) {
      assert.equal(await s.client.call('SENTINEL', 'MONITOR', 'other', 'localhost', String(other), '2'), 'OK');
      assert.equal(fieldOf(await s.client.call('SENTINEL', 'MASTER', 'other'), 'ip'), 'localhost');
      assert.match(readFileSync(s.confPath, 'latin1'), /^sentinel announce-hostnames yes$/m);
      await waitFor(() => s.proc.output().includes(`+monitor master other localhost ${other} quorum 2`), 3000, 'the +monitor event');
      await assert.rejects(s.client.call('SENTINEL', 'MONITOR', 'bad', 'no-such-host.invalid', '1', '1'), /^ReplyError: ERR Invalid IP address or hostname specified$/);
    }
  });

  it('a hostname in sentinel.conf without resolve-hostnames is a FATAL config error, as in Redis', async () => {
    const outputs: string[] = [];
    for (const kind of ['redis', 'redoubt'] as const) {
      const dir = tempDir(`sentinel-fatal-${kind}-`);
      const conf = join(dir, 'sentinel.conf');
      writeFileSync(conf, `port ${await freePort()}\nsentinel monitor m localhost 1 1\n`);
      const r = kind === 'redis'
        ? spawnSync('redis-server', [conf, '--sentinel'], { cwd: dir, timeout: 10000, encoding: 'latin1' })
        : spawnSync(process.execPath, [SENTINEL_BIN, conf], { cwd: dir, timeout: 10000, encoding: 'latin1' });
      assert.equal(r.status, 1, kind);
      const text = r.stdout + r.stderr;
      assert.match(text, /# Failed to resolve hostname 'localhost'\n/, kind);
      outputs.push(text.slice(text.indexOf('*** FATAL')));
    }
    assert.equal(outputs[1], outputs[0]);
    assert.match(outputs[0], /at line 2\n>>> 'sentinel monitor m localhost 1 1'\nCan't resolve instance hostname\.\n/);
  });
});
