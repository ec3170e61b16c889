/**
 * COMMAND DOCS / COMMAND INFO / COMMAND GETKEYSANDFLAGS against real Redis 7.0, byte for byte in RESP2 and
 * RESP3, for every command Redoubt registers. Why all of them: redis-cli builds its argument hints from COMMAND
 * DOCS, and cluster-aware clients and proxies read the key specs of COMMAND INFO, so one wrong flag or argument
 * name shows up in someone's tool. Container commands are compared without their subcommand lists (Redis
 * prints those in hash order, and Redoubt may register fewer); each subcommand is compared on its own.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { startRealRedis, startRedoubt, hasRealRedis, SKIP_NO_REDIS, type RunningServer } from '../helpers/server.js';
import { RawClient } from '../helpers/raw.js';
import { aggregateElements, encodeCommand, show } from '../helpers/resp.js';

const skip = hasRealRedis() ? false : SKIP_NO_REDIS;

/**
 * COMMAND INFO fields that differ because of the command table (flags and ACL categories declared in the
 * command group files, not in the documentation data). Listed so that any other difference fails the test.
 */
const KNOWN_TABLE_DIFFERENCES: Record<string, string> = {};

let redis: RunningServer | null = null;
let redoubt: RunningServer | null = null;
let names: string[] = [];

async function ask(port: number, proto: 2 | 3, cmds: readonly string[][]): Promise<string[]> {
  const c = await RawClient.connect(port);
  try {
    if (proto === 3) {
      c.write(encodeCommand(['HELLO', '3']));
      assert.notEqual(await c.reply(), null);
    }
    c.write(cmds.map(encodeCommand).join(''));
    const replies = await c.replies(cmds.length, 10000);
    assert.equal(replies.length, cmds.length, 'every command got a reply');
    return replies;
  } finally {
    c.close();
  }
}

async function both(proto: 2 | 3, cmds: readonly string[][]): Promise<[string[], string[]]> {
  return Promise.all([ask(redis!.port, proto, cmds), ask(redoubt!.port, proto, cmds)]);
}

function elements(raw: string): string[] {
  const agg = aggregateElements(raw);
  assert.ok(agg !== null, 'an aggregate reply: ' + show(raw));
  return agg.elements;
}

/** A COMMAND DOCS reply for one name, without the `subcommands` field of its map. */
function docsWithoutSubcommands(raw: string): string {
  const [name, map] = elements(raw);
  const fields = elements(map);
  const kept: string[] = [];
  for (let i = 0; i < fields.length; i += 2) {
    if (fields[i] !== '$11\r\nsubcommands\r\n') kept.push(fields[i], fields[i + 1]);
  }
  const header = map[0] === '%' ? `%${kept.length / 2}\r\n` : `*${kept.length}\r\n`;
  return name + header + kept.join('');
}

before(async () => {
  if (skip) return;
  [redis, redoubt] = await Promise.all([startRealRedis(), startRedoubt()]);
  const [list] = await ask(redoubt.port, 2, [['COMMAND', 'LIST']]);
  names = elements(list).map((e) => e.split('\r\n')[1]).sort();
});

after(async () => {
  await Promise.all([redis?.stop(), redoubt?.stop()]);
});

for (const proto of [2, 3] as const) {
  test(`COMMAND DOCS <name> is Redis 7.0's for every registered command (RESP${proto})`, { skip }, async () => {
    assert.ok(names.length > 200, `Redoubt registers ${names.length} commands`);
    const [theirs, ours] = await both(proto, names.map((n) => ['COMMAND', 'DOCS', n]));
    const differing: string[] = [];
    for (let i = 0; i < names.length; i++) {
      if (docsWithoutSubcommands(theirs[i]) !== docsWithoutSubcommands(ours[i])) {
        differing.push(`${names[i]}:\n  redis   ${show(theirs[i], 600)}\n  redoubt ${show(ours[i], 600)}`);
      }
    }
    assert.deepEqual(differing, [], differing.slice(0, 3).join('\n'));
  });

  test(`COMMAND INFO <name>: tips and key specs are Redis 7.0's, whole entries too but for known table flags (RESP${proto})`, { skip }, async () => {
    const [theirs, ours] = await both(proto, names.map((n) => ['COMMAND', 'INFO', n]));
    const specDiffs: string[] = [];
    const tableDiffs: string[] = [];
    for (let i = 0; i < names.length; i++) {
      const a = elements(elements(theirs[i])[0]);
      const b = elements(elements(ours[i])[0]);
      if (a[7] !== b[7] || a[8] !== b[8]) specDiffs.push(`${names[i]}:\n  redis   ${show(a[7] + a[8], 500)}\n  redoubt ${show(b[7] + b[8], 500)}`);
      if (a.slice(0, 7).join('') !== b.slice(0, 7).join('') && !(names[i] in KNOWN_TABLE_DIFFERENCES)) {
        tableDiffs.push(`${names[i]}:\n  redis   ${show(a.slice(0, 7).join(''))}\n  redoubt ${show(b.slice(0, 7).join(''))}`);
      }
    }
    assert.deepEqual(specDiffs, [], specDiffs.slice(0, 3).join('\n'));
    assert.deepEqual(tableDiffs, [], tableDiffs.slice(0, 3).join('\n'));
  });
}

test('COMMAND DOCS with several names, unknown ones skipped; COMMAND DOCS with none covers every command', { skip }, async () => {
  const cmds = [['COMMAND', 'DOCS', 'get', 'nosuchcommand', 'SET', 'zadd', 'client|kill', 'client|nosuch']];
  for (const proto of [2, 3] as const) {
    const [theirs, ours] = await both(proto, cmds);
    assert.equal(ours[0], theirs[0]);
  }
  const [[all], single] = await Promise.all([ask(redoubt!.port, 3, [['COMMAND', 'DOCS']]), ask(redoubt!.port, 3, names.filter((n) => !n.includes('|')).map((n) => ['COMMAND', 'DOCS', n]))]);
  const pairs = elements(all);
  const byName = new Map<string, string>();
  for (let i = 0; i < pairs.length; i += 2) byName.set(pairs[i], pairs[i] + pairs[i + 1]);
  assert.equal(byName.size, single.length);
  for (const one of single) {
    const entry = elements(one);
    assert.equal(byName.get(entry[0]), entry.join(''), 'COMMAND DOCS entry for ' + show(entry[0]));
  }
});

const GETKEYS: string[][] = [
  ['set', 'k', 'v'], ['set', 'k', 'v', 'GET'], ['set', 'k', 'v', 'EX', '10', 'get'], ['get', 'k'], ['mset', 'a', '1', 'b', '2'],
  ['getex', 'k', 'persist'], ['getdel', 'k'], ['append', 'k', 'v'], ['lcs', 'a', 'b'], ['bitop', 'and', 'd', 'a', 'b'],
  ['bitfield', 'k', 'get', 'u8', '0'], ['bitfield', 'k', 'overflow', 'sat', 'incrby', 'u8', '0', '1'], ['bitfield_ro', 'k', 'get', 'u8', '0'],
  ['del', 'a', 'b', 'c'], ['rename', 'a', 'b'], ['copy', 'a', 'b', 'replace'], ['move', 'k', '1'], ['expire', 'k', '10'],
  ['sort', 'k', 'by', 'w_*', 'get', '#', 'store', 'dst'], ['sort_ro', 'k', 'get', 'o_*'], ['object', 'encoding', 'k'],
  ['lmove', 'a', 'b', 'left', 'right'], ['blmpop', '0', '2', 'a', 'b', 'left'], ['lmpop', '1', 'a', 'right', 'count', '2'],
  ['rpoplpush', 'a', 'b'], ['blpop', 'a', 'b', '0'], ['hset', 'h', 'f', 'v'], ['hgetall', 'h'], ['smove', 'a', 'b', 'm'],
  ['sinterstore', 'd', 'a', 'b'], ['sintercard', '2', 'a', 'b', 'limit', '1'], ['zadd', 'z', '1', 'm'],
  ['zunionstore', 'd', '2', 'a', 'b', 'weights', '1', '2'], ['zrangestore', 'd', 's', '0', '-1'], ['zinter', '2', 'a', 'b'],
  ['bzmpop', '0', '2', 'a', 'b', 'min'], ['pfcount', 'a', 'b'], ['pfmerge', 'd', 'a'], ['georadius', 'g', '1', '2', '3', 'km', 'store', 'd'],
  ['georadiusbymember', 'g', 'm', '3', 'km', 'storedist', 'd'], ['geosearchstore', 'd', 's', 'frommember', 'm', 'byradius', '1', 'km'],
  ['memory', 'usage', 'k'], ['watch', 'a', 'b'], ['touch', 'a', 'b'], ['dump', 'k'], ['restore', 'k', '0', 'x'],
];

test('COMMAND GETKEYSANDFLAGS: access flags per key from the key specs, variable flags of SET and BITFIELD', { skip }, async () => {
  const cmds = GETKEYS.map((argv) => ['COMMAND', 'GETKEYSANDFLAGS', ...argv]);
  for (const proto of [2, 3] as const) {
    const [theirs, ours] = await both(proto, cmds);
    for (let i = 0; i < cmds.length; i++) assert.equal(ours[i], theirs[i], `RESP${proto} ${GETKEYS[i].join(' ')}`);
  }
});

/** What an interactive redis-cli shows after typing `typed` (its hint comes from COMMAND DOCS). */
let tmuxSockets = 0;
async function cliHint(port: number, typed: string): Promise<string> {
  const sock = `redoubt-hint-${process.pid}-${tmuxSockets++}`;
  const tmux = (...args: string[]): string => spawnSync('tmux', ['-L', sock, ...args], { encoding: 'utf8' }).stdout;
  tmux('new-session', '-d', '-s', 'h', '-x', '220', '-y', '5', `redis-cli -p ${port}`);
  try {
    let screen = '';
    for (let i = 0; i < 50 && !screen.includes('>'); i++) {
      await sleep(100);
      screen = tmux('capture-pane', '-p', '-t', 'h');
    }
    tmux('send-keys', '-t', 'h', typed);
    for (let i = 0; i < 30; i++) {
      await sleep(100);
      screen = tmux('capture-pane', '-p', '-t', 'h');
      if (screen.split('\n')[0].length > typed.length + 20) break;
    }
    return screen.split('\n')[0].replace(String(port), 'PORT').trimEnd();
  } finally {
    tmux('kill-server');
  }
}

const hasTmux = spawnSync('tmux', ['-V']).status === 0 && spawnSync('redis-cli', ['--version']).status === 0;

test('interactive redis-cli shows the same argument hints as with Redis (SET, ZADD, GEOSEARCH)', { skip: skip || (hasTmux ? false : 'tmux or redis-cli is not on PATH') }, async () => {
  const typed = ['SET k ', 'ZADD z ', 'GEOSEARCH g '];
  const screens = await Promise.all(typed.flatMap((t) => [cliHint(redis!.port, t), cliHint(redoubt!.port, t)]));
  for (let i = 0; i < typed.length; i++) {
    const [theirs, ours] = [screens[2 * i], screens[2 * i + 1]];
    assert.ok(theirs.length > typed[i].length + 20, 'Redis showed a hint: ' + theirs);
    assert.equal(ours, theirs);
  }
  assert.equal(screens[1], '127.0.0.1:PORT> SET k value [NX|XX] [GET] [EX seconds|PX milliseconds|' +
    'EXAT unix-time-seconds|PXAT unix-time-milliseconds|KEEPTTL]');
});
