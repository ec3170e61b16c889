/**
 * The per-type random compatibility suite: seeded random commands of one generator group (plus a few key and
 * string commands, so types collide) against real Redis 7.0 and Redoubt; raw replies must be identical in RESP2
 * and RESP3 (replies Redis leaves unordered are sorted by the harness). Knobs: COMPAT_SEEDS=1,2  COMPAT_COUNT=2000.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startRealRedis, startRedoubt, hasRealRedis, SKIP_NO_REDIS, type RunningServer } from './server.js';
import { compareServers, formatReport, type CompatCommand } from './compat.js';
import { generate, generators } from './generators.js';

/** Argument truncation can leave a random-reply form (SPOP key, HRANDFIELD key): ask EXISTS instead. */
const RANDOM_SINGLE = new Set(['SPOP', 'SRANDMEMBER', 'HRANDFIELD']);

function deterministic(cmds: CompatCommand[]): CompatCommand[] {
  return cmds.map((c) => (RANDOM_SINGLE.has(c.argv[0]) && c.argv.length === 2 ? { argv: ['EXISTS', c.argv[1]] } : c));
}

export function typeCompatSuite(label: string, group: string): void {
  const skip = hasRealRedis() ? false : SKIP_NO_REDIS;
  const seeds = (process.env.COMPAT_SEEDS ?? '1,2').split(',').map(Number);
  const count = Number(process.env.COMPAT_COUNT ?? 2000);
  const commands = [...generators({ groups: [group] }).map((g) => g.command), 'set', 'get', 'del', 'type', 'object|encoding', 'rename'];
  let redis: RunningServer | null = null;
  let redoubt: RunningServer | null = null;
  before(async () => {
    if (skip) return;
    [redis, redoubt] = await Promise.all([startRealRedis(), startRedoubt()]);
  });
  after(async () => {
    await Promise.all([redis?.stop(), redoubt?.stop()]);
  });
  for (const seed of seeds) {
    for (const proto of [2, 3] as const) {
      test(`${label}: seed ${seed}, ${count} random commands, RESP${proto}, identical raw replies`, { skip }, async (t) => {
        const cmds = deterministic(generate(seed * 7919 + proto, count, { commands }));
        const report = await compareServers(redis!.port, redoubt!.port, cmds, { proto });
        t.diagnostic(formatReport(report));
        assert.equal(report.compared, count);
        assert.ok(report.first === null, formatReport(report));
      });
    }
  }
}
