/**
 * Connection commands: PING ECHO QUIT RESET HELLO AUTH SELECT and the CLIENT family.
 */
import type { Server } from '../server/server.js';
import { REDIS_VERSION } from '../server/server.js';
import type { Client } from '../server/client.js';
import { cmd, container, type CommandSpec } from './spec.js';
import { E } from '../server/errors.js';
import { isKeyword, parseLong } from './util.js';
import { pauseOf, type PauseMode } from '../server/pause.js';

const CONN = { categories: ['connection'] };

function ping(c: Client, argv: string[]): void {
  if (argv.length > 2) {
    c.addError("ERR wrong number of arguments for 'ping' command");
    return;
  }
  if (c.inPubSubContext()) {
    c.addArrayLen(2);
    c.addBulk('pong');
    c.addBulk(argv.length === 2 ? argv[1] : '');
    return;
  }
  if (argv.length === 2) c.addBulk(argv[1]);
  else c.addSimple('PONG');
}

function quit(c: Client): void {
  c.addOK();
  c.closeAfterReply = true;
}

function reset(c: Client): void {
  for (const h of c.server.hooks.onReset) h(c);
  c.multi = null;
  c.dirtyCas = false;
  c.db = c.server.dbs[0];
  c.proto = 2;
  c.name = '';
  if (c.ext.replyOff) {
    c.ext.replyOff = false;
    c.muted = Math.max(0, c.muted - 1);
  }
  c.skipNext = false;
  c.noEvict = false;
  c.setAuthenticated(c.server.settings.requirepass === '');
  c.addSimple('RESET');
}

/** Checks a password for `user`; returns null on success or the error text. */
export function checkPassword(server: Server, user: string, pass: string): string | null {
  const required = server.settings.requirepass;
  if (user !== 'default') return E.WRONGPASS;
  if (required === '') return null;
  return pass === required ? null : E.WRONGPASS;
}

function auth(c: Client, argv: string[]): void {
  if (argv.length > 3) {
    c.addError(E.SYNTAX);
    return;
  }
  const user = argv.length === 3 ? argv[1] : 'default';
  const pass = argv[argv.length - 1];
  if (argv.length === 2 && c.server.settings.requirepass === '') {
    c.addError('ERR AUTH <password> called without any password configured for the default user. Are you sure your configuration is correct?');
    return;
  }
  const err = checkPassword(c.server, user, pass);
  if (err !== null) {
    c.server.log.verbose(`Authentication failed for ${c.describe()}`);
    c.addError(err);
    return;
  }
  c.user = user;
  c.setAuthenticated(true);
  c.addOK();
}

function hello(c: Client, argv: string[]): void {
  let ver = 0;
  let i = 1;
  if (argv.length >= 2) {
    const v = parseLong(argv[1]);
    if (v === null) {
      c.addError('ERR Protocol version is not an integer or out of range');
      return;
    }
    ver = v;
    i = 2;
    if (ver < 2 || ver > 3) {
      c.addError('NOPROTO unsupported protocol version');
      return;
    }
  }
  let authUser: string | null = null;
  let authPass = '';
  let setName: string | null = null;
  for (; i < argv.length; i++) {
    const more = argv.length - i - 1;
    if (isKeyword(argv[i], 'AUTH') && more >= 2) {
      authUser = argv[i + 1];
      authPass = argv[i + 2];
      i += 2;
    } else if (isKeyword(argv[i], 'SETNAME') && more >= 1) {
      setName = argv[i + 1];
      i += 1;
    } else {
      c.addError(`ERR Syntax error in HELLO option '${argv[i]}'`);
      return;
    }
  }
  if (authUser !== null) {
    const err = checkPassword(c.server, authUser, authPass);
    if (err !== null) {
      c.addError(err);
      return;
    }
    c.user = authUser;
    c.setAuthenticated(true);
  }
  if (!c.authenticated) {
    c.addError('NOAUTH HELLO must be called with the client already authenticated, otherwise the HELLO <proto> AUTH <user> <pass> option can be used to authenticate the client and select the RESP protocol version at the same time');
    return;
  }
  if (setName !== null) {
    const err = validateClientName(setName);
    if (err) {
      c.addError(err);
      return;
    }
    c.name = setName;
  }
  if (ver !== 0) c.proto = ver as 2 | 3;
  // A Sentinel answers the same map without the role field.
  const sentinel = c.server.modules.has('sentinel');
  c.addMapLen(sentinel ? 6 : 7);
  c.addBulk('server');
  c.addBulk('redis');
  c.addBulk('version');
  c.addBulk(REDIS_VERSION);
  c.addBulk('proto');
  c.addInt(c.proto);
  c.addBulk('id');
  c.addInt(c.id);
  c.addBulk('mode');
  c.addBulk(sentinel ? 'sentinel' : c.server.modules.has('cluster') ? 'cluster' : 'standalone');
  if (!sentinel) {
    c.addBulk('role');
    c.addBulk(c.server.isReplica ? 'replica' : 'master');
  }
  c.addBulk('modules');
  c.addEmptyArray();
}

function select(c: Client, argv: string[]): void {
  const idx = parseLong(argv[1]);
  if (idx === null || idx > 2147483647 || idx < -2147483648) {
    c.addError(E.NOT_INTEGER);
    return;
  }
  if (c.server.settings.clusterEnabled && idx !== 0) {
    c.addError('ERR SELECT is not allowed in cluster mode');
    return;
  }
  if (idx < 0 || idx >= c.server.dbs.length) {
    c.addError(E.DB_INDEX_OUT_OF_RANGE);
    return;
  }
  c.db = c.server.dbs[idx];
  c.addOK();
}

// ---- CLIENT ----

function validateClientName(name: string): string | null {
  for (let i = 0; i < name.length; i++) {
    const ch = name.charCodeAt(i);
    if (ch < 33 || ch > 126) return 'ERR Client names cannot contain spaces, newlines or special characters.';
  }
  return null;
}

export function clientFlags(c: Client): string {
  let f = '';
  if (c.kind === 'replica') f += c.monitor ? 'O' : 'S';
  else if (c.monitor) f += 'O';
  if (c.kind === 'master') f += 'M';
  if (c.subscriptionCount() > 0) f += 'P';
  if (c.multi) f += 'x';
  if (c.blocked) f += 'b';
  if (c.dirtyCas) f += 'd';
  if (c.closeAfterReply) f += 'c';
  if (c.noEvict) f += 'e';
  return f === '' ? 'N' : f;
}

function clientType(c: Client): string {
  if (c.kind === 'master') return 'master';
  if (c.kind === 'replica' && !c.monitor) return 'replica';
  if (c.subscriptionCount() > 0) return 'pubsub';
  return 'normal';
}

/** One CLIENT LIST line, fields as Redis 7.0 prints them. */
export function clientInfoLine(c: Client): string {
  const qbuf = c.parser.bufferedBytes;
  const omem = c.socket ? c.socket.writableLength : 0;
  const multi = c.multi ? c.multi.queue.length : -1;
  const cmdName = c.lastCmdName;
  const events = c.socket && c.socket.writableLength > 0 ? 'rw' : 'r';
  return (
    `id=${c.id} addr=${c.remoteAddr} laddr=${c.localAddr} fd=${c.fd} name=${c.name} age=${c.ageSeconds()} idle=${c.idleSeconds()} ` +
    `flags=${clientFlags(c)} db=${c.dbIndex} sub=${c.channels?.size ?? 0} psub=${c.patterns?.size ?? 0} ssub=0 multi=${multi} ` +
    `qbuf=${qbuf} qbuf-free=${qbuf > 0 ? Math.max(0, 32768 - qbuf) : 0} argv-mem=${c.argv.reduce((a, s) => a + s.length, 0)} multi-mem=0 rbs=1024 rbp=0 obl=0 oll=0 omem=${omem} ` +
    `tot-mem=${22000 + qbuf + omem} events=${events} cmd=${cmdName} user=${c.user} redir=-1 resp=${c.proto}`
  );
}

function clientList(c: Client, argv: string[]): void {
  let filterType: string | null = null;
  let ids: Set<number> | null = null;
  for (let i = 2; i < argv.length; i++) {
    if (isKeyword(argv[i], 'TYPE') && i + 1 < argv.length) {
      const t = argv[++i].toLowerCase();
      const norm = t === 'slave' ? 'replica' : t;
      if (!['normal', 'master', 'replica', 'pubsub'].includes(norm)) {
        c.addError(`ERR Unknown client type '${argv[i]}'`);
        return;
      }
      filterType = norm;
    } else if (isKeyword(argv[i], 'ID') && i + 1 < argv.length) {
      ids = new Set();
      for (i = i + 1; i < argv.length; i++) {
        const id = parseLong(argv[i]);
        if (id === null || id <= 0) {
          c.addError('ERR Invalid client ID');
          return;
        }
        ids.add(id);
      }
    } else {
      c.addError(E.SYNTAX);
      return;
    }
  }
  let out = '';
  for (const cl of c.server.clients.values()) {
    if (filterType && clientType(cl) !== filterType) continue;
    if (ids && !ids.has(cl.id)) continue;
    out += clientInfoLine(cl) + '\n';
  }
  c.addVerbatim(out);
}

function clientKill(c: Client, argv: string[]): void {
  const server = c.server;
  if (argv.length === 3) {
    for (const cl of server.clients.values()) {
      if (cl.remoteAddr === argv[2]) {
        killClient(c, cl);
        c.addOK();
        return;
      }
    }
    c.addError('ERR No such client');
    return;
  }
  if ((argv.length - 2) % 2 !== 0) {
    c.addError(E.SYNTAX);
    return;
  }
  const filters: ((cl: Client) => boolean)[] = [];
  let skipMe = true;
  for (let i = 2; i < argv.length; i += 2) {
    const opt = argv[i].toUpperCase();
    const val = argv[i + 1];
    if (opt === 'ID') {
      const id = parseLong(val);
      if (id === null || id <= 0) {
        c.addError('ERR client-id should be greater than 0');
        return;
      }
      filters.push((cl) => cl.id === id);
    } else if (opt === 'TYPE') {
      const t = val.toLowerCase() === 'slave' ? 'replica' : val.toLowerCase();
      if (!['normal', 'master', 'replica', 'pubsub'].includes(t)) {
        c.addError(`ERR Unknown client type '${val}'`);
        return;
      }
      filters.push((cl) => clientType(cl) === t);
    } else if (opt === 'ADDR') filters.push((cl) => cl.remoteAddr === val);
    else if (opt === 'LADDR') filters.push((cl) => cl.localAddr === val);
    else if (opt === 'USER') filters.push((cl) => cl.user === val);
    else if (opt === 'SKIPME') {
      if (isKeyword(val, 'YES')) skipMe = true;
      else if (isKeyword(val, 'NO')) skipMe = false;
      else {
        c.addError(E.SYNTAX);
        return;
      }
    } else if (opt === 'MAXAGE') {
      const age = parseLong(val);
      if (age === null) {
        c.addError(E.NOT_INTEGER);
        return;
      }
      filters.push((cl) => cl.ageSeconds() >= age);
    } else {
      c.addError(E.SYNTAX);
      return;
    }
  }
  let killed = 0;
  for (const cl of [...server.clients.values()]) {
    if (skipMe && cl === c) continue;
    if (!filters.every((f) => f(cl))) continue;
    killClient(c, cl);
    killed++;
  }
  c.addInt(killed);
}

function killClient(self: Client, target: Client): void {
  if (target === self) target.closeAfterReply = true;
  else target.close();
}

function clientReply(c: Client, argv: string[]): void {
  const mode = argv[2].toUpperCase();
  if (mode === 'ON') {
    if (c.ext.replyOff) {
      c.ext.replyOff = false;
      c.muted--;
    }
    c.skipNext = false;
    c.addOK();
  } else if (mode === 'OFF') {
    if (!c.ext.replyOff) {
      c.ext.replyOff = true;
      c.muted++;
    }
  } else if (mode === 'SKIP') {
    if (!c.ext.replyOff) c.skipNext = true;
  } else {
    c.addError(E.SYNTAX);
  }
}

const CLIENT_HELP = [
  'CLIENT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:',
  'CACHING (YES|NO)',
  '    Enable/disable tracking of the keys for next command in OPTIN/OPTOUT modes.',
  'GETREDIR',
  '    Return the client ID we are redirecting to when tracking is enabled.',
  'GETNAME',
  '    Return the name of the current connection.',
  'ID',
  '    Return the ID of the current connection.',
  'INFO',
  '    Return information about the current client connection.',
  'KILL <ip:port>',
  '    Kill connection made from <ip:port>.',
  'KILL <option> <value> [<option> <value> [...]]',
  '    Kill connections. Options are:',
  '    * ADDR (<ip:port>|<unixsocket>:0)',
  '      Kill connections made from the specified address',
  '    * LADDR (<ip:port>|<unixsocket>:0)',
  '      Kill connections made to specified local address',
  '    * TYPE (NORMAL|MASTER|REPLICA|PUBSUB)',
  '      Kill connections by type.',
  '    * USER <username>',
  '      Kill connections authenticated by <username>.',
  '    * SKIPME (YES|NO)',
  '      Skip killing current connection (default: yes).',
  '    * ID <client-id>',
  '      Kill connections by client id.',
  'LIST [options ...]',
  '    Return information about client connections. Options:',
  '    * TYPE (NORMAL|MASTER|REPLICA|PUBSUB)',
  '      Return clients of specified type.',
  'UNPAUSE',
  '    Stop the current client pause, resuming traffic.',
  'PAUSE <timeout> [WRITE|ALL]',
  '    Suspend all, or just write, clients for <timeout> milliseconds.',
  'REPLY (ON|OFF|SKIP)',
  '    Control the replies sent to the current connection.',
  'SETNAME <name>',
  '    Assign the name <name> to the current connection.',
  'UNBLOCK <clientid> [TIMEOUT|ERROR]',
  '    Unblock the specified blocked client.',
  'TRACKING (ON|OFF) [REDIRECT <id>] [BCAST] [PREFIX <prefix> [...]]',
  '         [OPTIN] [OPTOUT] [NOLOOP]',
  '    Control server assisted client side caching.',
  'TRACKINGINFO',
  '    Report tracking status for the current connection.',
  'NO-EVICT (ON|OFF)',
  '    Protect current client connection from eviction.',
  'HELP',
  '    Print this help.',
];

export function addHelp(c: Client, lines: readonly string[]): void {
  c.addArrayLen(lines.length);
  for (const l of lines) c.addSimple(l);
}

const CLIENT_SUBCOMMANDS: CommandSpec[] = [
  cmd('setname', 3, 'noscript loading stale', [0, 0, 0], 'connection', (c, argv) => {
    const err = validateClientName(argv[2]);
    if (err) return c.addError(err);
    c.name = argv[2];
    c.addOK();
  }, { ...CONN, since: '2.6.9' }),
  cmd('getname', 2, 'noscript loading stale', [0, 0, 0], 'connection', (c) => (c.name ? c.addBulk(c.name) : c.addNull()), { ...CONN, since: '2.6.9' }),
  cmd('id', 2, 'noscript loading stale', [0, 0, 0], 'connection', (c) => c.addInt(c.id), { ...CONN, since: '5.0.0' }),
  cmd('list', -2, 'admin noscript loading stale', [0, 0, 0], 'connection', clientList, { ...CONN, since: '2.4.0' }),
  cmd('info', 2, 'noscript loading stale', [0, 0, 0], 'connection', (c) => c.addVerbatim(clientInfoLine(c) + '\n'), { ...CONN, since: '6.2.0' }),
  cmd('kill', -3, 'admin noscript loading stale', [0, 0, 0], 'connection', clientKill, { ...CONN, since: '2.4.0' }),
  cmd('reply', 3, 'noscript loading stale', [0, 0, 0], 'connection', clientReply, { ...CONN, since: '3.2.0' }),
  cmd('no-evict', 3, 'admin noscript loading stale', [0, 0, 0], 'connection', (c, argv) => {
    if (isKeyword(argv[2], 'ON')) c.noEvict = true;
    else if (isKeyword(argv[2], 'OFF')) c.noEvict = false;
    else return c.addError(E.SYNTAX);
    c.addOK();
  }, { ...CONN, since: '7.0.0' }),
  cmd('help', 2, 'loading stale', [0, 0, 0], 'connection', (c) => addHelp(c, CLIENT_HELP), { ...CONN, since: '5.0.0' }),
  cmd('pause', -3, 'admin noscript loading stale', [0, 0, 0], 'connection', clientPause, { ...CONN, since: '3.0.0' }),
  cmd('unpause', 2, 'admin noscript loading stale', [0, 0, 0], 'connection', (c) => {
    pauseOf(c.server).unpause('client');
    c.addOK();
  }, { ...CONN, since: '6.2.0' }),
];

function clientPause(c: Client, argv: string[]): void {
  const ms = parseLong(argv[2]);
  if (ms === null || ms < 0) return c.addError('ERR timeout is not an integer or out of range');
  let mode: PauseMode = 'all';
  if (argv.length === 4) {
    if (isKeyword(argv[3], 'WRITE')) mode = 'write';
    else if (!isKeyword(argv[3], 'ALL')) return c.addError(E.SYNTAX);
  } else if (argv.length > 4) {
    return c.addError(E.SYNTAX);
  }
  pauseOf(c.server).pause('client', mode, Date.now() + ms);
  c.addOK();
}

export const connectionCommands: CommandSpec[] = [
  cmd('ping', -1, 'fast sentinel', [0, 0, 0], 'connection', ping, { ...CONN, summary: 'Ping the server' }),
  cmd('echo', 2, 'loading stale fast', [0, 0, 0], 'connection', (c, argv) => c.addBulk(argv[1]), { ...CONN, summary: 'Echo the given string' }),
  cmd('quit', -1, 'allow_busy noscript loading stale fast no_auth', [0, 0, 0], 'connection', quit, { ...CONN }),
  cmd('reset', 1, 'noscript loading stale fast no_auth allow_busy', [0, 0, 0], 'connection', reset, { ...CONN, since: '6.2.0' }),
  cmd('hello', -1, 'noscript loading stale fast no_auth allow_busy sentinel', [0, 0, 0], 'connection', hello, { ...CONN, since: '6.0.0' }),
  cmd('auth', -2, 'noscript loading stale fast no_auth allow_busy sentinel', [0, 0, 0], 'connection', auth, { ...CONN }),
  cmd('select', 2, 'loading stale fast', [0, 0, 0], 'connection', select, { ...CONN }),
  container('client', 'connection', CLIENT_SUBCOMMANDS, { since: '2.4.0' }),
];

export function install(server: Server): void {
  server.commands.register(connectionCommands);
  pauseOf(server);
}
