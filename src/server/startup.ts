/**
 * Process startup, as redis-server does it: `redoubt-server [/path/redis.conf] [--directive value ...] [-]`.
 * The config text is the file, then stdin (`-`), then the command-line options as extra lines; it is
 * applied through the config table (a bad line prints Redis's FATAL block and exits 1). Then: daemonize
 * (Node cannot fork, so the process re-spawns itself detached and the parent exits once the child
 * listens), pidfile, logfile, protected mode, the listeners, the cron, SIGTERM/SIGINT -> clean shutdown.
 */
import { spawn } from 'node:child_process';
import { openSync, readFileSync, unlinkSync, writeFileSync, closeSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { createHash } from 'node:crypto';
import type { Socket } from 'node:net';
import { Server, REDIS_VERSION, REDOUBT_VERSION } from './server.js';
import { defaultSettings } from '../config/settings.js';
import { installDataNode } from '../commands/index.js';
import { installCoreInfo } from './info-sections.js';
import { ConfigFileError, ConfigOpenError, parseCommandLine, readConfigFile, strerror, type CommandLine } from '../config/conf-file.js';
import { configState, loadConfigText } from '../config/config-table.js';
import { isLoopback } from '../commands/config-cmd.js';
import { startSentinel } from '../sentinel/sentinel-main.js';

/** Set in the environment of the detached child a `daemonize yes` server runs as. */
export const DAEMON_ENV = 'REDOUBT_DAEMON_CHILD';
/** The stdin config text handed to the daemon child (it has no stdin of its own). */
const STDIN_ENV = 'REDOUBT_STDIN_CONFIG';
export const DEFAULT_DAEMON_PIDFILE = '/var/run/redis.pid';

export const DENIED_PROTECTED =
  "DENIED Redis is running in protected mode because protected mode is enabled and no password is set for the default user. In this mode connections are only accepted from the loopback interface. If you want to connect from external computers to Redis you may adopt one of the following solutions: 1) Just disable protected mode sending the command 'CONFIG SET protected-mode no' from the loopback interface by connecting to Redis from the same host the server is running, however MAKE SURE Redis is not publicly accessible from internet if you do so. Use CONFIG REWRITE to make this change permanent. 2) Alternatively you can just disable the protected mode by editing the Redis configuration file, and setting the protected mode option to 'no', and then restarting the server. 3) If you started the server manually just for testing, restart it with the '--protected-mode no' option. 4) Setup a an authentication password for the default user. NOTE: You only need to do one of the above things in order for the server to start accepting connections from the outside.";

function buildId(): string {
  return createHash('sha1').update(`redoubt-${REDOUBT_VERSION}`).digest('hex').slice(0, 15);
}

export function versionText(): string {
  return `Redis server v=${REDIS_VERSION} sha=00000000:0 malloc=libc bits=64 build=${buildId()}\n` +
    `Redoubt server v=${REDOUBT_VERSION} node=${process.version} (Redis ${REDIS_VERSION} compatible)\n`;
}

export function usageText(prog = 'redoubt-server'): string {
  const p = `./${prog}`;
  return [
    `Usage: ${p} [/path/to/redis.conf] [options] [-]`,
    `       ${p} - (read config from stdin)`,
    `       ${p} -v or --version`,
    `       ${p} -h or --help`,
    `       ${p} --test-memory <megabytes>`,
    `       ${p} --check-system`,
    '',
    'Examples:',
    `       ${p} (run the server with default conf)`,
    `       echo 'maxmemory 128mb' | ${p} -`,
    `       ${p} /etc/redis/6379.conf`,
    `       ${p} --port 7777`,
    `       ${p} --port 7777 --replicaof 127.0.0.1 8888`,
    `       ${p} /etc/myredis.conf --loglevel verbose -`,
    `       ${p} /etc/myredis.conf --loglevel verbose`,
    '',
    'Sentinel mode:',
    `       ${p} /etc/sentinel.conf --sentinel`,
    '',
  ].join('\n');
}

/** Entry point of bin/redoubt-server. Resolves with the running server (null in Sentinel mode). */
export async function startServer(args: string[]): Promise<Server | null> {
  const prog = basename(process.argv[1] ?? 'redoubt-server');
  if (prog.startsWith('redoubt-sentinel') || args.includes('--sentinel')) {
    await startSentinel(args);
    return null;
  }
  const first = args[0];
  if (first === '-v' || first === '--version') {
    process.stdout.write(versionText());
    process.exit(0);
  }
  if (first === '-h' || first === '--help') {
    process.stderr.write(usageText(prog.replace(/\.js$/, '')));
    process.exit(1);
  }
  // The daemon child's markers are consumed here so that processes it starts do not inherit them.
  const isDaemonChild = process.env[DAEMON_ENV] !== undefined;
  const stdinFromParent = process.env[STDIN_ENV];
  delete process.env[DAEMON_ENV];
  delete process.env[STDIN_ENV];
  const startCwd = process.cwd();
  const cl = parseCommandLine(args);
  const server = new Server(defaultSettings());
  server.log.role = 'C';
  const stdinText = loadConfiguration(server, cl, startCwd, stdinFromParent);
  if (server.settings.daemonize && !isDaemonChild) {
    await daemonize(server, args, startCwd, stdinText);
    return null;
  }
  return runServer(server, args.length > 0, isDaemonChild);
}

/** Builds the config text and applies it; on a bad config prints Redis's error and exits 1. */
function loadConfiguration(server: Server, cl: CommandLine, startCwd: string, stdinFromParent: string | undefined): string {
  let stdinText = '';
  try {
    let text = '';
    if (cl.configFile !== null) {
      server.configFile = resolve(startCwd, cl.configFile);
      text += readConfigFile(server.configFile);
    }
    if (cl.fromStdin) {
      server.log.warning('Reading config from stdin');
      stdinText = stdinFromParent ?? readFileSync(0, 'latin1');
      text += stdinText;
    }
    text += '\n' + cl.options;
    loadConfigText(server, text);
  } catch (e) {
    if (e instanceof ConfigFileError) {
      process.stderr.write(e.format());
      process.exit(1);
    }
    if (e instanceof ConfigOpenError) {
      server.log.warning(e.message);
      process.exit(1);
    }
    throw e;
  }
  const s = server.settings;
  if (s.daemonize && s.pidfile === '') s.pidfile = DEFAULT_DAEMON_PIDFILE;
  return stdinText;
}

/**
 * `daemonize yes`: re-spawns this program detached (stdout/stderr to the logfile or /dev/null) and exits 0
 * once the child is listening, so that systemd's Type=forking sees the pidfile written. A child that dies
 * first makes the parent exit with its code.
 */
export async function daemonize(server: Server, args: string[], startCwd: string, stdinText: string): Promise<void> {
  const logfile = server.settings.logfile;
  const out = logfile === '' ? openSync('/dev/null', 'a') : openSync(logfile, 'a');
  const env = { ...process.env, [DAEMON_ENV]: '1', [STDIN_ENV]: stdinText };
  const child = spawn(process.execPath, [...process.execArgv, process.argv[1], ...args], {
    cwd: startCwd, detached: true, env, stdio: ['ignore', out, out, 'ipc'],
  });
  closeSync(out);
  const code = await new Promise<number>((done) => {
    child.once('message', () => done(0));
    child.once('exit', (c) => done(c ?? 1));
    child.once('error', () => done(1));
  });
  child.removeAllListeners();
  if (child.connected) child.disconnect();
  child.unref();
  process.exit(code);
}

async function runServer(server: Server, hadArgs: boolean, isDaemonChild: boolean): Promise<Server> {
  const s = server.settings;
  const log = server.log;
  if (server.dbs.length > s.databases) server.dbs.splice(s.databases);
  server.resizeDatabases(s.databases);
  installCoreInfo(server);
  installDataNode(server);
  applyRenames(server);
  log.level = s.loglevel;
  log.file = s.logfile;
  log.warning('oO0OoO0OoO0Oo Redis is starting oO0OoO0OoO0Oo');
  log.warning(`Redis version=${REDIS_VERSION}, bits=64, commit=00000000, modified=0, pid=${process.pid}, just started`);
  log.warning(`Redoubt version=${REDOUBT_VERSION}, node=${process.version}`);
  if (hadArgs) log.warning('Configuration loaded');
  else log.warning('Warning: no config file specified, using the default config. In order to specify a config file use redoubt-server /path/to/redis.conf');
  for (const name of configState(server).ignored) log.warning(`${name} is not supported by Redoubt yet and is ignored`);
  log.role = 'M';
  writePidfile(server);
  server.executable = resolve(process.argv[1] ?? '');
  server.acceptCheck = (sock) => protectedModeCheck(server, sock);
  installSignals(server);
  try {
    await server.listen();
  } catch (e) {
    log.warning((e as Error).message);
    process.exit(1);
  }
  log.notice(`Running mode=standalone, port=${s.port}.`);
  log.warning('Server initialized');
  server.cron.start();
  // As Redis: the dataset is loaded (clients meanwhile get -LOADING) before "Ready to accept connections".
  const ready = (): void => log.notice('Ready to accept connections');
  if (server.modules.has('persistence')) server.hooks.afterStartupLoad.unshift(ready);
  else ready();
  if (isDaemonChild && process.send !== undefined) {
    process.send('ready');
    process.disconnect();
  }
  return server;
}

/** rename-command, applied once every module registered its commands (an unknown name is fatal). */
function applyRenames(server: Server): void {
  for (const r of configState(server).renames) {
    const cmd = server.commands.lookup(r.from);
    let err: string | null = null;
    if (cmd === undefined) err = 'No such command in rename-command';
    else if (r.to !== '' && server.commands.lookup(r.to) !== undefined) err = 'Target command name already exists';
    if (err !== null) {
      process.stderr.write(new ConfigFileError(r.at.lineNo, r.at.line, err).format());
      process.exit(1);
    }
    server.commands.unregister([cmd!.name]);
    if (r.to !== '') server.commands.register([{ ...cmd!, name: r.to.toLowerCase() }]);
  }
}

/** Protected mode: no password and no explicit bind -> only loopback clients (Redis's -DENIED text). */
function protectedModeCheck(server: Server, sock: Socket): string | null {
  const s = server.settings;
  // Redis 7.0 applies protected mode whatever `bind` says: no password -> loopback clients only.
  if (!s.protectedMode || s.requirepass !== '') return null;
  return isLoopback(sock.remoteAddress) ? null : DENIED_PROTECTED;
}

export function writePidfile(server: Server): void {
  const path = server.settings.pidfile;
  if (path === '') return;
  try {
    writeFileSync(path, `${process.pid}\n`);
  } catch (e) {
    server.log.warning(`Failed to write PID file: ${strerror(e)}`);
    return;
  }
  const abs = resolve(path);
  server.hooks.onShutdown.push(() => {
    server.log.notice('Removing the pid file.');
    try {
      unlinkSync(abs);
    } catch {
      // already gone
    }
    return true;
  });
}

/** SIGTERM/SIGINT schedule a clean shutdown, logged from the "signal handler" as Redis does. */
export function installSignals(server: Server): void {
  let requested = false;
  const fromHandler = (msg: string): void => {
    if (server.log.enabled('warning')) server.log.raw(`${process.pid}:signal-handler (${Math.floor(Date.now() / 1000)}) ${msg}`);
  };
  const onSignal = (sig: 'SIGTERM' | 'SIGINT'): void => {
    if (requested && sig === 'SIGINT') {
      fromHandler('You insist... exiting now.');
      process.exit(1);
    }
    fromHandler(`Received ${sig} scheduling shutdown...`);
    requested = true;
    setImmediate(() => {
      if (!server.shutdown({ save: null })) requested = false;
    });
  };
  process.on('SIGTERM', () => onSignal('SIGTERM'));
  process.on('SIGINT', () => onSignal('SIGINT'));
}
