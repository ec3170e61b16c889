/**
 * Compatibility harness: runs the same commands against a real redis-server and a redoubt-server over raw
 * sockets and compares the RAW reply bytes, in RESP2 or RESP3. Why raw: client libraries normalise replies
 * (types, nulls, errors), which would hide exactly the differences we care about.
 *
 * Usage:
 *   const report = await runCompat(commands, { proto: 3 });   // fresh servers, started and stopped here
 *   assert.equal(report.first, null, formatReport(report));
 * A command may be marked `unordered` (KEYS, SMEMBERS ...): its top-level elements are sorted before comparing.
 * The first difference is the one that matters (later ones may follow from diverged state); the report also
 * counts differing replies per command name to show which commands need work.
 */
import { startRealRedis, startRedoubt, type RunningServer } from './server.js';
import { RawClient } from './raw.js';
import { encodeCommand, show, sortedReply } from './resp.js';

export interface CompatCommand {
  argv: string[];
  /** The reply's element order is unspecified: compare with elements sorted. */
  unordered?: boolean;
}

export interface CompatOptions {
  proto?: 2 | 3;
  /** Commands pipelined per round trip. */
  batchSize?: number;
  /** Commands shown before the first difference. */
  contextSize?: number;
  replyTimeoutMs?: number;
  redisArgs?: string[];
  redoubtArgs?: string[];
}

export interface CompatStep {
  index: number;
  argv: string[];
  redis: string | null;
  redoubt: string | null;
}

export interface CompatDifference extends CompatStep {
  context: CompatStep[];
}

export interface CompatReport {
  proto: 2 | 3;
  total: number;
  /** Commands whose replies were compared (stops early if a connection closes). */
  compared: number;
  first: CompatDifference | null;
  /** Differing replies per command name (after the first, state may have diverged). */
  differing: Record<string, number>;
  /** Command names run, sorted. */
  commandsRun: string[];
}

const CONTAINERS = new Set(['object', 'config', 'client', 'command', 'debug', 'memory', 'script', 'function', 'xinfo', 'cluster', 'acl', 'latency', 'slowlog', 'pubsub']);

/** "get", or "object|encoding" for container commands. */
export function commandName(argv: readonly string[]): string {
  const name = (argv[0] ?? '').toLowerCase();
  return CONTAINERS.has(name) && argv.length > 1 ? `${name}|${argv[1].toLowerCase()}` : name;
}

function toCommands(cmds: readonly (CompatCommand | string[])[]): CompatCommand[] {
  return cmds.map((c) => (Array.isArray(c) ? { argv: c } : c));
}

async function openPair(redisPort: number, redoubtPort: number, proto: 2 | 3): Promise<[RawClient, RawClient]> {
  const a = await RawClient.connect(redisPort);
  const b = await RawClient.connect(redoubtPort);
  if (proto === 3) {
    a.write(encodeCommand(['HELLO', '3']));
    b.write(encodeCommand(['HELLO', '3']));
    // The HELLO replies differ by design (connection id, Redoubt's name); only their arrival matters.
    if ((await a.reply()) === null || (await b.reply()) === null) throw new Error('HELLO 3 got no reply');
  }
  return [a, b];
}

/** Compares two already running servers (their data is flushed first). */
export async function compareServers(redisPort: number, redoubtPort: number, input: readonly (CompatCommand | string[])[], opts: CompatOptions = {}): Promise<CompatReport> {
  const proto = opts.proto ?? 2;
  const batchSize = opts.batchSize ?? 200;
  const contextSize = opts.contextSize ?? 8;
  const cmds = toCommands(input);
  const [a, b] = await openPair(redisPort, redoubtPort, proto);
  const report: CompatReport = { proto, total: cmds.length, compared: 0, first: null, differing: {}, commandsRun: [] };
  const names = new Set<string>();
  const recent: CompatStep[] = [];
  try {
    for (const flush of [a, b]) flush.write(encodeCommand(['FLUSHALL']));
    await Promise.all([a.reply(), b.reply()]);
    for (let start = 0; start < cmds.length; start += batchSize) {
      const batch = cmds.slice(start, start + batchSize);
      const wire = batch.map((c) => encodeCommand(c.argv)).join('');
      a.write(wire);
      b.write(wire);
      const [ra, rb] = await Promise.all([a.replies(batch.length, opts.replyTimeoutMs), b.replies(batch.length, opts.replyTimeoutMs)]);
      for (let i = 0; i < batch.length; i++) {
        const c = batch[i];
        const name = commandName(c.argv);
        names.add(name);
        const step: CompatStep = { index: start + i, argv: c.argv, redis: ra[i] ?? null, redoubt: rb[i] ?? null };
        const same = step.redis !== null && step.redoubt !== null && (c.unordered ? sortedReply(step.redis) === sortedReply(step.redoubt) : step.redis === step.redoubt);
        if (!same) {
          report.differing[name] = (report.differing[name] ?? 0) + 1;
          if (report.first === null) report.first = { ...step, context: recent.slice() };
        }
        recent.push(step);
        if (recent.length > contextSize) recent.shift();
        report.compared++;
        if (step.redis === null || step.redoubt === null) return report;
      }
    }
    return report;
  } finally {
    report.commandsRun = [...names].sort();
    a.close();
    b.close();
  }
}

/**
 * Which of these command names ("get", "object|encoding") the server does not know, asked with COMMAND INFO
 * (a name that is no real command, like the unknown-command generator, is reported too).
 */
export async function unimplementedCommands(port: number, names: readonly string[]): Promise<string[]> {
  const c = await RawClient.connect(port);
  try {
    const missing: string[] = [];
    for (const name of names) {
      c.write(encodeCommand(['COMMAND', 'INFO', name]));
      const r = await c.reply();
      if (r === null || r.startsWith('-') || /^\*1\r\n(\*-1|\$-1|_)\r\n$/.test(r)) missing.push(name);
    }
    return missing;
  } finally {
    c.close();
  }
}

/** Starts a fresh real redis-server and a fresh redoubt-server, compares, stops both. */
export async function runCompat(input: readonly (CompatCommand | string[])[], opts: CompatOptions = {}): Promise<CompatReport> {
  const servers: RunningServer[] = [];
  try {
    const [redis, redoubt] = await Promise.all([startRealRedis(opts.redisArgs ?? []), startRedoubt(opts.redoubtArgs ?? [])]);
    servers.push(redis, redoubt);
    return await compareServers(redis.port, redoubt.port, input, opts);
  } finally {
    await Promise.all(servers.map((s) => s.stop()));
  }
}

function showArgv(argv: readonly string[]): string {
  return argv.map((a) => (/^[\x21-\x7e]+$/.test(a) && !a.includes('"') ? a : JSON.stringify(a))).join(' ');
}

/** A readable account of the first difference, with the commands before it. */
export function formatReport(r: CompatReport): string {
  if (r.first === null) return `RESP${r.proto}: ${r.compared}/${r.total} commands, no difference`;
  const d = r.first;
  const lines = [`RESP${r.proto}: first difference at command #${d.index} of ${r.total}: ${showArgv(d.argv)}`];
  lines.push(`  redis:   ${show(d.redis)}`, `  redoubt: ${show(d.redoubt)}`, '  context (previous commands, redis reply | redoubt reply):');
  for (const s of d.context) lines.push(`    #${s.index} ${showArgv(s.argv)} -> ${show(s.redis, 80)}${s.redis === s.redoubt ? '' : ' | ' + show(s.redoubt, 80)}`);
  const counts = Object.entries(r.differing).sort((x, y) => y[1] - x[1]);
  lines.push(`  differing replies per command (later ones may follow from the first): ${counts.map(([k, v]) => `${k}=${v}`).join(' ')}`);
  return lines.join('\n');
}
