/**
 * Random command generators for the keyspace (group "generic") and SELECT. Relative expiries are only
 * combined with NX/XX (GT/LT against a relative time would depend on the clock), absolute ones with every
 * flag; TTL values themselves are never read back.
 */
import { register, type GenContext } from './gen.js';

const REL_SECONDS = ['100000', '0', '-1', 'abc', '9223372036854775807', '9223372036854775', '1.5'];
const REL_MS = ['100000000', '0', '-1', 'abc', '9223372036854775807'];
const ABS_SECONDS = ['1', '2000000000', '4000000000', '0', '-1', 'abc', '9223372036854775807'];
const ABS_MS = ['1', '2000000000000', '4000000000000', '-1', 'x'];

function flags(g: GenContext, allowed: readonly string[]): string[] {
  const out: string[] = [];
  if (g.chance(0.4)) out.push(g.pick(allowed));
  if (g.chance(0.05)) out.push(g.pick(['NX', 'XX', 'GT', 'LT', 'FOO']));
  return out;
}

const DBS = ['0', '1', '2', '0', '1', '16', '-1', 'abc'];
const PATTERNS = ['*', 'k*', 'k?', 'k[0-2]', 'k[^0]', '{t}*', '*\\**', '[', '\\', 'b*', '*\x00*', 'nomatch'];

register(
  { command: 'del', group: 'generic', weight: 2, gen: (g) => ['DEL', ...g.keys(1, 3)] },
  { command: 'unlink', group: 'generic', gen: (g) => ['UNLINK', ...g.keys(1, 3)] },
  { command: 'exists', group: 'generic', gen: (g) => ['EXISTS', ...g.keys(1, 4)] },
  { command: 'touch', group: 'generic', gen: (g) => ['TOUCH', ...g.keys(1, 3)] },
  { command: 'type', group: 'generic', weight: 2, gen: (g) => ['TYPE', g.key()] },
  { command: 'rename', group: 'generic', gen: (g) => ['RENAME', g.key(), g.key()] },
  { command: 'renamenx', group: 'generic', gen: (g) => ['RENAMENX', g.key(), g.key()] },
  { command: 'copy', group: 'generic', gen: (g) => ['COPY', g.key(), g.key(), ...(g.chance(0.3) ? ['DB', g.pick(DBS)] : []), ...(g.chance(0.4) ? ['REPLACE'] : [])] },
  { command: 'move', group: 'generic', weight: 0.5, gen: (g) => ['MOVE', g.key(), g.pick(DBS)] },
  { command: 'keys', group: 'generic', unordered: true, gen: (g) => ['KEYS', g.pick(PATTERNS)] },
  { command: 'dbsize', group: 'server', gen: () => ['DBSIZE'] },
  { command: 'persist', group: 'generic', gen: (g) => ['PERSIST', g.key()] },
  { command: 'expire', group: 'generic', gen: (g) => ['EXPIRE', g.key(), g.pick(REL_SECONDS), ...flags(g, ['NX', 'XX'])] },
  { command: 'pexpire', group: 'generic', gen: (g) => ['PEXPIRE', g.key(), g.pick(REL_MS), ...flags(g, ['NX', 'XX'])] },
  { command: 'expireat', group: 'generic', gen: (g) => ['EXPIREAT', g.key(), g.pick(ABS_SECONDS), ...flags(g, ['NX', 'XX', 'GT', 'LT'])] },
  { command: 'pexpireat', group: 'generic', gen: (g) => ['PEXPIREAT', g.key(), g.pick(ABS_MS), ...flags(g, ['NX', 'XX', 'GT', 'LT'])] },
  { command: 'object|encoding', group: 'generic', gen: (g) => ['OBJECT', 'ENCODING', g.key()] },
  { command: 'select', group: 'connection', weight: 0.5, gen: (g) => ['SELECT', g.pick(['0', '0', '1', '2', '16', 'x'])] },
  { command: 'swapdb', group: 'server', weight: 0.2, gen: (g) => ['SWAPDB', g.pick(DBS), g.pick(DBS)] },
  { command: 'flushdb', group: 'server', weight: 0.05, gen: () => ['FLUSHDB'] },
  { command: 'flushall', group: 'server', weight: 0.02, gen: () => ['FLUSHALL'] },
  { command: 'nosuchcommand', group: 'errors', weight: 0.1, gen: (g) => [g.pick(['nosuchcommand', 'GETT', '']), ...g.keys(0, 3)] },
);
