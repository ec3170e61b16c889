/**
 * Seeded random list commands (plus the key and string commands, so types collide) against real Redis 7.0
 * and Redoubt: raw replies must be identical, in RESP2 and RESP3; replies Redis leaves unordered are sorted.
 * Knobs: COMPAT_SEEDS=1,2  COMPAT_COUNT=2000.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startRealRedis, startRedoubt, hasRealRedis, SKIP_NO_REDIS, type RunningServer } from '../helpers/server.js';
import { compareServers, formatReport, type CompatCommand } from '../helpers/compat.js';
import { generate, generators } from '../helpers/generators.js';

const skip = hasRealRedis() ? false : SKIP_NO_REDIS;
const SEEDS = (process.env.COMPAT_SEEDS ?? '1,2').split(',').map(Number);
const COUNT = Number(process.env.COMPAT_COUNT ?? 2000);
/** Mostly list commands, with a few generic/string ones for type collisions. */
const COMMANDS = [...generators({ groups: ['list'] }).map((g) => g.command), 'set', 'get', 'del', 'type', 'object|encoding', 'rename'];

/** Argument truncation can leave a random-reply form (SPOP key, HRANDFIELD key): ask EXISTS instead. */
const RANDOM_SINGLE = new Set(['SPOP', 'SRANDMEMBER', 'HRANDFIELD']);
function deterministic(cmds: CompatCommand[]): CompatCommand[] {
  return cmds.map((c) => (RANDOM_SINGLE.has(c.argv[0]) && c.argv.length === 2 ? { argv: ['EXISTS', c.argv[1]] } : c));
}

let redis: RunningServer | null = null;
let redoubt: RunningServer | null = null;

before(async () => {
  if (skip) return;
  [redis, redoubt] = await Promise.all([startRealRedis(), startRedoubt()]);
});

after(async () => {
  await Promise.all([redis?.stop(), redoubt?.stop()]);
});

for (const seed of SEEDS) {
  for (const proto of [2, 3] as const) {
    test(`lists: seed ${seed}, ${COUNT} random commands, RESP${proto}, identical raw replies`, { skip }, async (t) => {
      const cmds = deterministic(generate(seed * 7919 + proto, COUNT, { commands: COMMANDS }));
      const report = await compareServers(redis!.port, redoubt!.port, cmds, { proto });
      t.diagnostic(formatReport(report));
      assert.equal(report.compared, COUNT);
      assert.ok(report.first === null, formatReport(report));
    });
  }
}
