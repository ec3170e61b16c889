/**
 * The less common SENTINEL subcommands: CONFIG GET/SET of the global Sentinel options, DEBUG (the timing
 * parameters, which tests use to speed Sentinels up), SIMULATE-FAILURE, and the HELP text.
 */
import type { Client } from '../server/client.js';
import { globMatch, parseLong } from '../commands/util.js';
import type { Sentinel } from './sentinel.js';
import { SIMFAILURE_CRASH_AFTER_ELECTION, SIMFAILURE_CRASH_AFTER_PROMOTION, reannounceAddrs, type Timing } from './state.js';

function sentinelOf(c: Client): Sentinel {
  return c.server.modules.get('sentinel') as Sentinel;
}

type ConfigParam = { get: (s: Sentinel) => string; set: (s: Sentinel, v: string) => boolean };

const yesno = (v: string): boolean | null => (v.toLowerCase() === 'yes' ? true : v.toLowerCase() === 'no' ? false : null);

const CONFIG_PARAMS: Record<string, ConfigParam> = {
  'resolve-hostnames': {
    get: (s) => (s.st.resolveHostnames ? 'yes' : 'no'),
    set: (s, v) => { const b = yesno(v); if (b === null) return false; s.st.resolveHostnames = b; return true; },
  },
  'announce-hostnames': {
    get: (s) => (s.st.announceHostnames ? 'yes' : 'no'),
    set: (s, v) => { const b = yesno(v); if (b === null) return false; s.st.announceHostnames = b; reannounceAddrs(s.st); return true; },
  },
  'announce-ip': { get: (s) => s.st.announceIp, set: (s, v) => { s.st.announceIp = v; return true; } },
  'announce-port': {
    get: (s) => String(s.st.announcePort),
    set: (s, v) => { const n = parseLong(v); if (n === null || n < 0 || n > 65535) return false; s.st.announcePort = n; return true; },
  },
  'sentinel-user': { get: (s) => s.st.sentinelUser, set: (s, v) => { s.st.sentinelUser = v; return true; } },
  'sentinel-pass': { get: (s) => s.st.sentinelPass, set: (s, v) => { s.st.sentinelPass = v; return true; } },
};

export function sentinelConfigCommand(c: Client, argv: string[]): void {
  const s = sentinelOf(c);
  const op = argv[2].toLowerCase();
  if (op === 'get' && argv.length === 4) {
    const matches = Object.keys(CONFIG_PARAMS).filter((k) => globMatch(argv[3], k, true));
    c.addMapLen(matches.length);
    for (const k of matches) {
      c.addBulk(k);
      c.addBulk(CONFIG_PARAMS[k].get(s));
    }
    return;
  }
  if (op === 'set' && argv.length === 5) {
    const p = CONFIG_PARAMS[argv[3].toLowerCase()];
    if (p === undefined) return c.addError(`ERR Invalid argument '${argv[3]}' to SENTINEL CONFIG SET`);
    if (!p.set(s, argv[4])) return c.addError(`ERR Invalid value '${argv[4]}' to SENTINEL CONFIG SET '${argv[3]}'`);
    s.flushConfig();
    return c.addOK();
  }
  c.addError('ERR Only SENTINEL CONFIG GET <option> / SET <option> <value> are supported.');
}

const DEBUG_PARAMS: [string, keyof Timing][] = [
  ['info-period', 'infoPeriodMs'], ['ping-period', 'pingPeriodMs'], ['ask-period', 'askPeriodMs'],
  ['publish-period', 'publishPeriodMs'], ['default-down-after', 'defaultDownAfterMs'],
  ['default-failover-timeout', 'defaultFailoverTimeoutMs'], ['tilt-trigger', 'tiltTriggerMs'],
  ['tilt-period', 'tiltPeriodMs'], ['slave-reconf-timeout', 'slaveReconfTimeoutMs'],
  ['min-link-reconnect-period', 'minLinkReconnectPeriodMs'], ['election-timeout', 'electionTimeoutMs'],
  ['script-max-runtime', 'scriptMaxRuntimeMs'], ['script-retry-delay', 'scriptRetryDelayMs'],
];

export function debugCommand(c: Client, argv: string[]): void {
  const t = sentinelOf(c).st.timing;
  if (argv.length === 2) {
    c.addMapLen(DEBUG_PARAMS.length);
    for (const [name, key] of DEBUG_PARAMS) {
      c.addBulk(name.toUpperCase());
      c.addBulk(String(t[key]));
    }
    return;
  }
  for (let i = 2; i < argv.length; i += 2) {
    // As Redis: the pairs before a bad one stay applied.
    const p = DEBUG_PARAMS.find(([n]) => n === argv[i].toLowerCase());
    if (p === undefined || i + 1 >= argv.length) return c.addError(`ERR Unknown option or number of arguments for SENTINEL DEBUG '${argv[i]}'`);
    const v = parseLong(argv[i + 1]);
    if (v === null || v <= 0) return c.addError(`ERR Invalid argument '${argv[i + 1]}' for SENTINEL DEBUG '${argv[i]}'`);
    t[p[1]] = v;
  }
  c.addOK();
}

export function simulateFailure(c: Client, argv: string[]): void {
  const st = sentinelOf(c).st;
  st.simFailureFlags = 0;
  for (let i = 2; i < argv.length; i++) {
    const a = argv[i].toLowerCase();
    if (a === 'crash-after-election') {
      st.simFailureFlags |= SIMFAILURE_CRASH_AFTER_ELECTION;
      c.server.log.warning('Failure simulation: this Sentinel will crash after being successfully elected as failover leader');
    } else if (a === 'crash-after-promotion') {
      st.simFailureFlags |= SIMFAILURE_CRASH_AFTER_PROMOTION;
      c.server.log.warning('Failure simulation: this Sentinel will crash after promoting the selected replica to master');
    } else if (a === 'help') {
      c.addArrayLen(2);
      c.addBulk('crash-after-election');
      c.addBulk('crash-after-promotion');
      return;
    } else return c.addError('ERR Unknown failure simulation specified');
  }
  c.addOK();
}

export const SENTINEL_HELP = [
  'SENTINEL <subcommand> [<arg> [value] [opt] ...]. Subcommands are:',
  'CKQUORUM <master-name>',
  '    Check if the current Sentinel configuration is able to reach the quorum',
  '    needed to failover a master and the majority needed to authorize the',
  '    failover.',
  'CONFIG SET <param> <value>',
  '    Set a global Sentinel configuration parameter.',
  'CONFIG GET <param>',
  '    Get global Sentinel configuration parameter.',
  'DEBUG [<param> <value> ...]',
  '    Show a list of configurable time parameters and their values (milliseconds).',
  '    Or update current configurable parameters values (one or more).',
  'GET-MASTER-ADDR-BY-NAME <master-name>',
  '    Return the ip and port number of the master with that name.',
  'FAILOVER <master-name>',
  '    Manually failover a master node without asking for agreement from other',
  '    Sentinels',
  'FLUSHCONFIG',
  '    Force Sentinel to rewrite its configuration on disk, including the current',
  '    Sentinel state.',
  'INFO-CACHE <master-name>',
  '    Return last cached INFO output from masters and all its replicas.',
  'IS-MASTER-DOWN-BY-ADDR <ip> <port> <current-epoch> <runid>',
  "    Check if the master specified by ip:port is down from current Sentinel's",
  '    point of view.',
  'MASTER <master-name>',
  '    Show the state and info of the specified master.',
  'MASTERS',
  '    Show a list of monitored masters and their state.',
  'MONITOR <name> <ip> <port> <quorum>',
  '    Start monitoring a new master with the specified name, ip, port and quorum.',
  'MYID',
  '    Return the ID of the Sentinel instance.',
  'PENDING-SCRIPTS',
  '    Get pending scripts information.',
  'REMOVE <master-name>',
  "    Remove master from Sentinel's monitor list.",
  'REPLICAS <master-name>',
  '    Show a list of replicas for this master and their state.',
  'RESET <pattern>',
  '    Reset masters for specific master name matching this pattern.',
  'SENTINELS <master-name>',
  '    Show a list of Sentinel instances for this master and their state.',
  'SET <master-name> <option> <value> [<option> <value> ...]',
  '    Set configuration parameters for certain masters.',
  'SIMULATE-FAILURE [CRASH-AFTER-ELECTION] [CRASH-AFTER-PROMOTION] [HELP]',
  '    Simulate a Sentinel crash.',
  'HELP',
  '    Prints this help.',
];
