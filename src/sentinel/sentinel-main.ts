/**
 * redoubt-sentinel (and `redoubt-server <conf> --sentinel`): reads and checks sentinel.conf (required and
 * writable, Redis's messages otherwise), builds a Server whose command table holds only what a Redis 7.0
 * Sentinel accepts, starts the Sentinel timer and saves the config at once, as Redis does.
 */
import { accessSync, constants, existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Server, REDIS_VERSION } from '../server/server.js';
import { defaultSettings } from '../config/settings.js';
import { installCoreInfo } from '../server/info-sections.js';
import * as connection from '../commands/connection.js';
import * as serverAdmin from '../commands/server-admin.js';
import * as pubsub from '../commands/pubsub.js';
import { installBlocking } from '../server/blocking.js';
import { DAEMON_ENV, DEFAULT_DAEMON_PIDFILE, daemonize, installSignals, writePidfile } from '../server/startup.js';
import { Logger, type LogLevel } from '../server/log.js';
import { newSentinelState } from './state.js';
import { ConfigFileError, defaultGeneric, formatConfigError, parseConfig, type GenericConfig } from './sentinel-config.js';
import { Sentinel } from './sentinel.js';
import { sentinelCommands, sentinelInfoLines } from './sentinel-commands.js';
import { instEvent, type Action } from './events.js';
import { resolveConfigHostnames } from './resolve.js';

/** Commands a Redis 7.0 Sentinel accepts (COMMAND LIST on redis-sentinel). */
const SENTINEL_COMMANDS = new Set(['ping', 'auth', 'hello', 'client', 'command', 'info', 'role', 'sentinel', 'subscribe', 'psubscribe', 'unsubscribe', 'punsubscribe', 'publish', 'shutdown']);

function fatal(msg: string): never {
  const log = new Logger();
  log.role = 'X';
  log.warning(msg);
  process.exit(1);
}

/** Splits argv into the config path and the `--option value...` lines appended to the file. */
function parseArgs(args: string[]): { file: string; extra: string } {
  let file = '';
  let i = 0;
  if (args.length > 0 && !args[0].startsWith('--')) file = args[i++];
  const lines: string[] = [];
  let cur: string[] = [];
  for (; i < args.length; i++) {
    const a = args[i];
    if (a === '--sentinel') continue;
    if (a.startsWith('--')) {
      if (cur.length > 0) lines.push(cur.join(' '));
      cur = [a.slice(2)];
    } else cur.push(/[\s"']/.test(a) || a === '' ? JSON.stringify(a) : a);
  }
  if (cur.length > 0) lines.push(cur.join(' '));
  return { file, extra: lines.join('\n') };
}

function checkConfigFile(file: string): string {
  if (file === '') fatal('Sentinel needs config file on disk to save state. Exiting...');
  const path = resolve(file);
  if (!existsSync(path)) fatal(`Fatal error, can't open config file '${path}': No such file or directory`);
  try {
    accessSync(path, constants.W_OK);
  } catch (e) {
    fatal(`Sentinel config file ${path} is not writable: ${(e as NodeJS.ErrnoException).code === 'EACCES' ? 'Permission denied' : (e as Error).message}. Exiting...`);
  }
  return path;
}

function buildServer(g: GenericConfig): Server {
  const settings = defaultSettings();
  settings.port = g.port;
  settings.bind = g.bind;
  settings.requirepass = g.requirepass;
  settings.logfile = g.logfile;
  settings.loglevel = g.loglevel as LogLevel;
  settings.protectedMode = g.protectedMode;
  settings.daemonize = g.daemonize;
  settings.pidfile = g.pidfile !== '' || !g.daemonize ? g.pidfile : DEFAULT_DAEMON_PIDFILE;
  const server = new Server(settings);
  server.log.role = 'X';
  server.log.file = g.logfile;
  server.log.level = g.loglevel as LogLevel;
  installCoreInfo(server);
  for (const name of ['memory', 'persistence', 'replication', 'modules', 'commandstats', 'errorstats', 'latencystats', 'cluster', 'keyspace']) server.info.remove(name);
  connection.install(server);
  installBlocking(server);
  serverAdmin.install(server);
  pubsub.install(server);
  server.commands.register(sentinelCommands);
  // A Sentinel's INFO is a plain bulk string in RESP3 too (a data node's is verbatim text).
  const info = server.commands.lookup('info');
  if (info !== undefined) server.commands.register([{ ...info, subcommands: undefined, handler: (c, argv) => c.addBulk(c.server.info.render(argv.slice(1))) }]);
  server.commands.unregister([...server.commands.all()].map((c) => c.name).filter((n) => !SENTINEL_COMMANDS.has(n)));
  return server;
}

export async function startSentinel(args: string[]): Promise<void> {
  // The detached child of `daemonize yes` (startup.ts's daemonize) carries a marker: consume it.
  const isDaemonChild = process.env[DAEMON_ENV] !== undefined;
  delete process.env[DAEMON_ENV];
  const startCwd = process.cwd();
  const { file, extra } = parseArgs(args);
  const path = checkConfigFile(file);
  const generic = defaultGeneric();
  const st = newSentinelState('');
  const text = readFileSync(path, 'latin1') + '\n' + extra;
  const log = new Logger();
  log.role = 'X';
  try {
    parseConfig(text, st, generic, Date.now(), { resolved: await resolveConfigHostnames(text), warn: (m) => log.warning(m) });
  } catch (e) {
    if (!(e instanceof ConfigFileError)) throw e;
    process.stderr.write(formatConfigError(e));
    process.exit(1);
  }
  const server = buildServer(generic);
  if (generic.daemonize && !isDaemonChild) return daemonize(server, args, startCwd, '');
  if (generic.dir !== '') process.chdir(generic.dir);
  if (st.myId === '') st.myId = server.random.hex(40);
  server.configFile = path;
  banner(server);
  const sentinel = new Sentinel(server, st, generic, path);
  server.modules.set('sentinel', sentinel);
  server.info.set('sentinel', 'Sentinel', () => sentinelInfoLines(sentinel));
  await server.listen();
  writePidfile(server);
  server.log.notice(`Running mode=sentinel, port=${generic.port}.`);
  sentinel.flushConfig();
  server.log.warning(`Sentinel ID is ${st.myId}`);
  const out: Action[] = [];
  for (const m of st.masters.values()) instEvent(out, 'warning', '+monitor', m, ` quorum ${m.quorum}`);
  sentinel.run(out);
  // Saved before the pid file goes (writePidfile's hook runs after this one), silently as Redis does.
  server.hooks.onShutdown.unshift(() => {
    sentinel.flushConfig(true);
    sentinel.stop();
    return true;
  });
  server.cron.add('sentinel', 0, () => sentinel.tick());
  server.cron.start();
  installSignals(server);
  if (isDaemonChild && process.send !== undefined) {
    process.send('ready');
    process.disconnect();
  }
}

function banner(server: Server): void {
  server.log.warning('oO0OoO0OoO0Oo Redis is starting oO0OoO0OoO0Oo');
  server.log.warning(`Redis version=${REDIS_VERSION}, bits=64, commit=00000000, modified=0, pid=${process.pid}, just started`);
  server.log.warning('Configuration loaded');
  server.log.notice('monotonic clock: POSIX clock_gettime');
}
