/**
 * COMMAND DOCS / COMMAND INFO data: Connection, as Redis 7.0 documents them. Usage lines as the command
 * reference publishes them, annotated in the notation of ./usage.ts; key specs in that of ./key-specs.ts.
 */
import type { DocEntry } from './entry.js';

export const CONNECTION_DOCS: DocEntry[] = [
  {
    usage: 'AUTH [username]{+6.0.0} password',
    summary: 'Authenticate to the server',
    since: '1.0.0',
    complexity: 'O(N) where N is the number of passwords defined for the user',
    history: [
      '6.0.0 Added ACL style (username and password).',
    ],
  },
  {
    usage: 'CLIENT',
    summary: 'A container for client connection commands',
    since: '2.4.0',
    complexity: 'Depends on subcommand.',
    subcommands: [
      {
        usage: 'CLIENT CACHING mode=<YES | NO>',
        summary: 'Instruct the server about tracking or not keys in the next request',
        since: '6.0.0',
        complexity: 'O(1)',
      },
      {
        usage: 'CLIENT GETNAME',
        summary: 'Get the current connection name',
        since: '2.6.9',
        complexity: 'O(1)',
      },
      {
        usage: 'CLIENT GETREDIR',
        summary: 'Get tracking notifications redirection client ID if any',
        since: '6.0.0',
        complexity: 'O(1)',
      },
      {
        usage: 'CLIENT HELP',
        summary: 'Show helpful text about the different subcommands',
        since: '5.0.0',
        complexity: 'O(1)',
      },
      {
        usage: 'CLIENT ID',
        summary: 'Returns the client ID for the current connection',
        since: '5.0.0',
        complexity: 'O(1)',
      },
      {
        usage: 'CLIENT INFO',
        summary: 'Returns information about the current client connection.',
        since: '6.2.0',
        complexity: 'O(1)',
        tips: 'nondeterministic_output',
      },
      {
        usage: 'CLIENT KILL filter=<ip:port{-2.8.12} | new-format=<[ID client-id]{+2.8.12} | ' +
          'normal_master_slave_pubsub=[TYPE <NORMAL | MASTER{+3.2.0} | SLAVE | REPLICA{+5.0.0} | ' +
          'PUBSUB>]{+2.8.12} | [USER username] | [ADDR ip:port] | [LADDR ip:port]{+6.2.0} | [SKIPME yes/no] ' +
          '[[ID client-id] | [TYPE <NORMAL | MASTER | SLAVE | REPLICA | PUBSUB>] | [USER username] | [ADDR ' +
          'ip:port] | [LADDR ip:port] | [SKIPME yes/no] ...]>>',
        summary: 'Kill the connection of a client',
        since: '2.4.0',
        complexity: 'O(N) where N is the number of client connections',
        history: [
          '2.8.12 Added new filter format.',
          '2.8.12 `ID` option.',
          '3.2.0 Added `master` type in for `TYPE` option.',
          '5.0.0 Replaced `slave` `TYPE` with `replica`. `slave` still supported for backward compatibility.',
          '6.2.0 `LADDR` option.',
        ],
      },
      {
        usage: 'CLIENT LIST normal_master_replica_pubsub=[TYPE <NORMAL | MASTER | REPLICA | PUBSUB>]{+5.0.0} [ID ' +
          '(client-id [client-id ...])]{+6.2.0}',
        summary: 'Get the list of client connections',
        since: '2.4.0',
        complexity: 'O(N) where N is the number of client connections',
        history: [
          '2.8.12 Added unique client `id` field.',
          '5.0.0 Added optional `TYPE` filter.',
          '6.0.0 Added `user` field.',
          '6.2.0 Added `argv-mem`, `tot-mem`, `laddr` and `redir` fields and the optional `ID` filter.',
          '7.0.0 Added `resp`, `multi-mem`, `rbs` and `rbp` fields.',
          '7.0.3 Added `ssub` field.',
        ],
        tips: 'nondeterministic_output',
      },
      {
        usage: 'CLIENT NO-EVICT enabled=<ON | OFF>',
        summary: 'Set client eviction mode for the current connection',
        since: '7.0.0',
        complexity: 'O(1)',
      },
      {
        usage: 'CLIENT PAUSE timeout{integer} mode=[WRITE | ALL]{+6.2.0}',
        summary: 'Stop processing commands from clients for some time',
        since: '2.9.50',
        complexity: 'O(1)',
        history: [
          '6.2.0 `CLIENT PAUSE WRITE` mode added along with the `mode` option.',
        ],
      },
      {
        usage: 'CLIENT REPLY <ON | OFF | SKIP>',
        summary: 'Instruct the server whether to reply to commands',
        since: '3.2.0',
        complexity: 'O(1)',
      },
      {
        usage: 'CLIENT SETNAME connection-name',
        summary: 'Set the current connection name',
        since: '2.6.9',
        complexity: 'O(1)',
      },
      {
        usage: 'CLIENT TRACKING status=<ON | OFF> [REDIRECT client-id] [PREFIX prefix [PREFIX prefix ...]] ' +
          '[BCAST] [OPTIN] [OPTOUT] [NOLOOP]',
        summary: 'Enable or disable server assisted client side caching support',
        since: '6.0.0',
        complexity: 'O(1). Some options may introduce additional complexity.',
      },
      {
        usage: 'CLIENT TRACKINGINFO',
        summary: 'Return information about server assisted client side caching for the current connection',
        since: '6.2.0',
        complexity: 'O(1)',
      },
      {
        usage: 'CLIENT UNBLOCK client-id [TIMEOUT | ERROR]',
        summary: 'Unblock a client blocked in a blocking command from a different connection',
        since: '5.0.0',
        complexity: 'O(log N) where N is the number of client connections',
      },
      {
        usage: 'CLIENT UNPAUSE',
        summary: 'Resume processing of clients that were paused',
        since: '6.2.0',
        complexity: 'O(N) Where N is the number of paused clients',
      },
    ],
  },
  {
    usage: 'ECHO message',
    summary: 'Echo the given string',
    since: '1.0.0',
    complexity: 'O(1)',
  },
  {
    usage: 'HELLO arguments=[protover username_password=[AUTH (username password)] [SETNAME clientname]]',
    summary: 'Handshake with Redis',
    since: '6.0.0',
    complexity: 'O(1)',
    history: [
      '6.2.0 `protover` made optional; when called without arguments the command reports the current ' +
        'connection\'s context.',
    ],
  },
  {
    usage: 'PING [message]',
    summary: 'Ping the server',
    since: '1.0.0',
    complexity: 'O(1)',
    tips: 'request_policy:all_shards response_policy:all_succeeded',
  },
  {
    usage: 'QUIT',
    summary: 'Close the connection',
    since: '1.0.0',
    complexity: 'O(1)',
  },
  {
    usage: 'RESET',
    summary: 'Reset the connection',
    since: '6.2.0',
    complexity: 'O(1)',
  },
  {
    usage: 'SELECT index',
    summary: 'Change the selected database for the current connection',
    since: '1.0.0',
    complexity: 'O(1)',
  },
];
