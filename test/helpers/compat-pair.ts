/**
 * A real Redis 7.0 and a Redoubt started for one test file, and `same(cmds)`: run the commands on both (after an
 * optional prelude such as FLUSHALL) and require identical raw replies in RESP2 and RESP3. Skips without Redis.
 */
import { before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startRealRedis, startRedoubt, hasRealRedis, SKIP_NO_REDIS, type RunningServer } from './server.js';
import { compareServers, formatReport, type CompatCommand } from './compat.js';

/** Space-separated commands for readability; use arrays for arguments with spaces or binary bytes. */
export function script(...lines: (string | string[])[]): string[][] {
  return lines.map((l) => (Array.isArray(l) ? l : l.split(' ')));
}

export interface ComparePair {
  skip: string | false;
  same(cmds: (string[] | CompatCommand)[]): Promise<void>;
}

export function comparePair(opts: { redisArgs?: string[]; prelude?: string[][] } = {}): ComparePair {
  const skip = hasRealRedis() ? false : SKIP_NO_REDIS;
  const prelude = opts.prelude ?? [];
  let redis: RunningServer | null = null;
  let redoubt: RunningServer | null = null;
  before(async () => {
    if (skip) return;
    [redis, redoubt] = await Promise.all([startRealRedis(opts.redisArgs ?? []), startRedoubt()]);
  });
  after(async () => {
    await Promise.all([redis?.stop(), redoubt?.stop()]);
  });
  return {
    skip,
    async same(cmds) {
      for (const proto of [2, 3] as const) {
        const report = await compareServers(redis!.port, redoubt!.port, [...prelude, ...cmds], { proto });
        assert.ok(report.first === null && report.compared === cmds.length + prelude.length, formatReport(report));
      }
    },
  };
}
