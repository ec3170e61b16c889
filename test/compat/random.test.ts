/**
 * Seeded random command streams (strings, bitmaps, keys) run against real Redis 7.0 and Redoubt; the raw
 * replies must be identical byte for byte, in RESP2 and in RESP3. Why: thousands of random commands on a
 * small pool of keys reach edge cases (types, overflows, expiries, error texts) nobody writes by hand.
 *
 * Environment knobs for investigating: COMPAT_SEEDS=1,2,3  COMPAT_COUNT=3000  COMPAT_COMMANDS=get,set,incr
 * (a subset; names as listed by coveredCommands()), COMPAT_ONLY_IMPLEMENTED=1 (skip the commands Redoubt does not
 * have yet, asked with COMMAND INFO). A failure prints the first difference with context.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startRealRedis, startRedoubt, hasRealRedis, SKIP_NO_REDIS, type RunningServer } from '../helpers/server.js';
import { compareServers, formatReport, unimplementedCommands } from '../helpers/compat.js';
import { generate, coveredCommands, generators } from '../helpers/generators.js';

const skip = hasRealRedis() ? false : SKIP_NO_REDIS;
const SEEDS = (process.env.COMPAT_SEEDS ?? '1,2,3').split(',').map(Number);
const COUNT = Number(process.env.COMPAT_COUNT ?? 3000);
let COMMANDS = process.env.COMPAT_COMMANDS ? process.env.COMPAT_COMMANDS.split(',') : undefined;
/** Every group with a generator: the core commands and the data types, mixed in one stream per seed. */
const GROUPS = ['string', 'bitmap', 'generic', 'server', 'connection', 'errors', 'list', 'hash', 'set', 'sorted-set'];

let redis: RunningServer | null = null;
let redoubt: RunningServer | null = null;

before(async () => {
  if (skip) return;
  [redis, redoubt] = await Promise.all([startRealRedis(), startRedoubt()]);
  if (process.env.COMPAT_ONLY_IMPLEMENTED) {
    const names = COMMANDS ?? generators({ groups: GROUPS }).map((g) => g.command);
    const missing = await unimplementedCommands(redoubt.port, names.filter((n) => n !== 'nosuchcommand'));
    COMMANDS = names.filter((n) => !missing.includes(n));
    console.log(`# COMPAT_ONLY_IMPLEMENTED: leaving out ${missing.join(', ') || 'nothing'}`);
  }
});

after(async () => {
  await Promise.all([redis?.stop(), redoubt?.stop()]);
});

test('the generator registry covers the string and key commands, deterministically', (t) => {
  const covered = coveredCommands();
  t.diagnostic(`covered: ${JSON.stringify(covered)}`);
  for (const c of ['get', 'set', 'mget', 'mset', 'incr', 'incrbyfloat', 'append', 'getrange', 'setrange', 'strlen']) {
    assert.ok(covered.string?.includes(c), `string command ${c} has no generator`);
  }
  for (const c of ['setbit', 'getbit', 'bitcount']) assert.ok(covered.bitmap?.includes(c), c);
  for (const c of ['del', 'exists', 'type', 'rename', 'expire', 'persist', 'copy', 'keys']) assert.ok(covered.generic?.includes(c), c);
  assert.deepEqual(generate(7, 200, { groups: GROUPS }), generate(7, 200, { groups: GROUPS }));
  assert.notDeepEqual(generate(7, 200, { groups: GROUPS }), generate(8, 200, { groups: GROUPS }));
  const subset = generate(1, 100, { commands: ['get', 'set'] });
  assert.ok(subset.every((c) => c.argv[0] === 'GET' || c.argv[0] === 'SET'));
});

test('the random streams are deterministic on Redis itself, and the harness reports a real difference', { skip }, async () => {
  const twin = await startRealRedis();
  const odd = await startRealRedis(['--databases', '2']);
  try {
    for (const proto of [2, 3] as const) {
      const cmds = generate(99 + proto, 2000, { groups: GROUPS });
      const same = await compareServers(redis!.port, twin.port, cmds, { proto });
      assert.ok(same.first === null && same.compared === cmds.length, 'Redis vs Redis: ' + formatReport(same));
    }
    const diff = await compareServers(redis!.port, odd.port, [['SET', 'a', '1'], ['SELECT', '2'], ['GET', 'a']]);
    assert.equal(diff.first?.index, 1);
    assert.deepEqual(diff.first?.argv, ['SELECT', '2']);
    assert.equal(diff.first?.redis, '+OK\r\n');
    assert.equal(diff.first?.redoubt, '-ERR DB index is out of range\r\n');
    assert.deepEqual(diff.differing, { select: 1, get: 1 });
    assert.match(formatReport(diff), /first difference at command #1 of 3: SELECT 2\n/);
  } finally {
    await Promise.all([twin.stop(), odd.stop()]);
  }
});

for (const seed of SEEDS) {
  for (const proto of [2, 3] as const) {
    test(`seed ${seed}: ${COUNT} random string/key commands, RESP${proto}, identical raw replies`, { skip }, async (t) => {
      const cmds = generate(seed * 1000 + proto, COUNT, COMMANDS ? { commands: COMMANDS } : { groups: GROUPS });
      const report = await compareServers(redis!.port, redoubt!.port, cmds, { proto });
      if (report.first === null) t.diagnostic(formatReport(report));
      assert.ok(report.first === null && report.compared === cmds.length, formatReport(report));
    });
  }
}
