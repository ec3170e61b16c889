/**
 * COMMAND DOCS / COMMAND INFO data: Strings, as Redis 7.0 documents them. Usage lines as the command
 * reference publishes them, annotated in the notation of ./usage.ts; key specs in that of ./key-specs.ts.
 */
import type { DocEntry } from './entry.js';

export const STRING_DOCS: DocEntry[] = [
  {
    usage: 'APPEND key value',
    summary: 'Append a value to a key',
    since: '2.0.0',
    complexity: 'O(1). The amortized time complexity is O(1) assuming the appended value is small and the already ' +
      'present value is of any size, since the dynamic string library used by Redis will double the free ' +
      'space available on every reallocation.',
    keys: ['RW insert; index 1; range 0 1 0'],
  },
  {
    usage: 'DECR key',
    summary: 'Decrement the integer value of a key by one',
    since: '1.0.0',
    complexity: 'O(1)',
    keys: ['RW access update; index 1; range 0 1 0'],
  },
  {
    usage: 'DECRBY key decrement',
    summary: 'Decrement the integer value of a key by the given number',
    since: '1.0.0',
    complexity: 'O(1)',
    keys: ['RW access update; index 1; range 0 1 0'],
  },
  {
    usage: 'GET key',
    summary: 'Get the value of a key',
    since: '1.0.0',
    complexity: 'O(1)',
    keys: ['RO access; index 1; range 0 1 0'],
  },
  {
    usage: 'GETDEL key',
    summary: 'Get the value of a key and delete the key',
    since: '6.2.0',
    complexity: 'O(1)',
    keys: ['RW access delete; index 1; range 0 1 0'],
  },
  {
    usage: 'GETEX key expiration=[EX seconds | PX milliseconds | EXAT unix-time-seconds | PXAT ' +
      'unix-time-milliseconds | PERSIST]',
    summary: 'Get the value of a key and optionally set its expiration',
    since: '6.2.0',
    complexity: 'O(1)',
    keys: ['RW access update; index 1; range 0 1 0; RW and UPDATE because it changes the TTL'],
  },
  {
    usage: 'GETRANGE key start end',
    summary: 'Get a substring of the string stored at a key',
    since: '2.4.0',
    complexity: 'O(N) where N is the length of the returned string. The complexity is ultimately determined by the ' +
      'returned length, but because creating a substring from an existing string is very cheap, it can be ' +
      'considered O(1) for small strings.',
    keys: ['RO access; index 1; range 0 1 0'],
  },
  {
    usage: 'GETSET key value',
    summary: 'Set the string value of a key and return its old value',
    since: '1.0.0',
    complexity: 'O(1)',
    docFlags: 'deprecated',
    deprecatedSince: '6.2.0',
    replacedBy: '`SET` with the `!GET` argument',
    keys: ['RW access update; index 1; range 0 1 0'],
  },
  {
    usage: 'INCR key',
    summary: 'Increment the integer value of a key by one',
    since: '1.0.0',
    complexity: 'O(1)',
    keys: ['RW access update; index 1; range 0 1 0'],
  },
  {
    usage: 'INCRBY key increment',
    summary: 'Increment the integer value of a key by the given amount',
    since: '1.0.0',
    complexity: 'O(1)',
    keys: ['RW access update; index 1; range 0 1 0'],
  },
  {
    usage: 'INCRBYFLOAT key increment{double}',
    summary: 'Increment the float value of a key by the given amount',
    since: '2.6.0',
    complexity: 'O(1)',
    keys: ['RW access update; index 1; range 0 1 0'],
  },
  {
    usage: 'LCS key1 key2{#0} [LEN] [IDX] [MINMATCHLEN len] [WITHMATCHLEN]',
    summary: 'Find longest common substring',
    since: '7.0.0',
    complexity: 'O(N*M) where N and M are the lengths of s1 and s2, respectively',
    keys: ['RO access; index 1; range 1 1 0'],
  },
  {
    usage: 'MGET key [key ...]',
    summary: 'Get the values of all the given keys',
    since: '1.0.0',
    complexity: 'O(N) where N is the number of keys to retrieve.',
    keys: ['RO access; index 1; range -1 1 0'],
    tips: 'request_policy:multi_shard',
  },
  {
    usage: 'MSET (key value) [key value ...]',
    summary: 'Set multiple keys to multiple values',
    since: '1.0.1',
    complexity: 'O(N) where N is the number of keys to set.',
    keys: ['OW update; index 1; range -1 2 0'],
    tips: 'request_policy:multi_shard response_policy:all_succeeded',
  },
  {
    usage: 'MSETNX (key value) [key value ...]',
    summary: 'Set multiple keys to multiple values, only if none of the keys exist',
    since: '1.0.1',
    complexity: 'O(N) where N is the number of keys to set.',
    keys: ['OW insert; index 1; range -1 2 0'],
    tips: 'request_policy:multi_shard response_policy:agg_min',
  },
  {
    usage: 'PSETEX key milliseconds value',
    summary: 'Set the value and expiration in milliseconds of a key',
    since: '2.6.0',
    complexity: 'O(1)',
    keys: ['OW update; index 1; range 0 1 0'],
  },
  {
    usage: 'SET key value condition=[NX | XX]{+2.6.12} [GET]{+6.2.0} expiration=[EX seconds{+2.6.12} | PX ' +
      'milliseconds{+2.6.12} | EXAT unix-time-seconds{+6.2.0} | PXAT unix-time-milliseconds{+6.2.0} | ' +
      'KEEPTTL{+6.0.0}]',
    summary: 'Set the string value of a key',
    since: '1.0.0',
    complexity: 'O(1)',
    history: [
      '2.6.12 Added the `EX`, `PX`, `NX` and `XX` options.',
      '6.0.0 Added the `KEEPTTL` option.',
      '6.2.0 Added the `GET`, `EXAT` and `PXAT` option.',
      '7.0.0 Allowed the `NX` and `GET` options to be used together.',
    ],
    keys: [
      'RW access update variable_flags; index 1; range 0 1 0; RW and ACCESS due to the optional `GET` ' +
        'argument',
    ],
  },
  {
    usage: 'SETEX key seconds value',
    summary: 'Set the value and expiration of a key',
    since: '2.0.0',
    complexity: 'O(1)',
    keys: ['OW update; index 1; range 0 1 0'],
  },
  {
    usage: 'SETNX key value',
    summary: 'Set the value of a key, only if the key does not exist',
    since: '1.0.0',
    complexity: 'O(1)',
    keys: ['OW insert; index 1; range 0 1 0'],
  },
  {
    usage: 'SETRANGE key offset value',
    summary: 'Overwrite part of a string at key starting at the specified offset',
    since: '2.2.0',
    complexity: 'O(1), not counting the time taken to copy the new string in place. Usually, this string is very ' +
      'small so the amortized complexity is O(1). Otherwise, complexity is O(M) with M being the length of ' +
      'the value argument.',
    keys: ['RW update; index 1; range 0 1 0'],
  },
  {
    usage: 'STRLEN key',
    summary: 'Get the length of the value stored in a key',
    since: '2.2.0',
    complexity: 'O(1)',
    keys: ['RO; index 1; range 0 1 0'],
  },
  {
    usage: 'SUBSTR key start end',
    summary: 'Get a substring of the string stored at a key',
    since: '1.0.0',
    complexity: 'O(N) where N is the length of the returned string. The complexity is ultimately determined by the ' +
      'returned length, but because creating a substring from an existing string is very cheap, it can be ' +
      'considered O(1) for small strings.',
    docFlags: 'deprecated',
    deprecatedSince: '2.0.0',
    replacedBy: '`GETRANGE`',
    keys: ['RO access; index 1; range 0 1 0'],
  },
];
