/**
 * COMMAND DOCS / COMMAND INFO data: Keys (group "generic"), as Redis 7.0 documents them. Usage lines as the command
 * reference publishes them, annotated in the notation of ./usage.ts; key specs in that of ./key-specs.ts.
 */
import type { DocEntry } from './entry.js';

export const GENERIC_DOCS: DocEntry[] = [
  {
    usage: 'COPY source destination [DB destination-db] [REPLACE]',
    summary: 'Copy a key',
    since: '6.2.0',
    complexity: 'O(N) worst case for collections, where N is the number of nested items. O(1) for string values.',
    keys: [
      'RO access; index 1; range 0 1 0',
      'OW update; index 2; range 0 1 0',
    ],
  },
  {
    usage: 'DEL key [key ...]',
    summary: 'Delete a key',
    since: '1.0.0',
    complexity: 'O(N) where N is the number of keys that will be removed. When a key to remove holds a value other ' +
      'than a string, the individual complexity for this key is O(M) where M is the number of elements in ' +
      'the list, set, sorted set or hash. Removing a single key that holds a string value is O(1).',
    keys: ['RM delete; index 1; range -1 1 0'],
    tips: 'request_policy:multi_shard response_policy:agg_sum',
  },
  {
    usage: 'DUMP key',
    summary: 'Return a serialized version of the value stored at the specified key.',
    since: '2.6.0',
    complexity: 'O(1) to access the key and additional O(N*M) to serialize it, where N is the number of Redis objects ' +
      'composing the value and M their average size. For small string values the time complexity is thus ' +
      'O(1)+O(1*M) where M is small, so simply O(1).',
    keys: ['RO access; index 1; range 0 1 0'],
    tips: 'nondeterministic_output',
  },
  {
    usage: 'EXISTS key [key ...]',
    summary: 'Determine if a key exists',
    since: '1.0.0',
    complexity: 'O(N) where N is the number of keys to check.',
    history: [
      '3.0.3 Accepts multiple `key` arguments.',
    ],
    keys: ['RO; index 1; range -1 1 0'],
    tips: 'request_policy:multi_shard response_policy:agg_sum',
  },
  {
    usage: 'EXPIRE key seconds condition=[NX | XX | GT | LT]{+7.0.0}',
    summary: 'Set a key\'s time to live in seconds',
    since: '1.0.0',
    complexity: 'O(1)',
    history: [
      '7.0.0 Added options: `NX`, `XX`, `GT` and `LT`.',
    ],
    keys: ['RW update; index 1; range 0 1 0'],
  },
  {
    usage: 'EXPIREAT key unix-time-seconds condition=[NX | XX | GT | LT]{+7.0.0}',
    summary: 'Set the expiration for a key as a UNIX timestamp',
    since: '1.2.0',
    complexity: 'O(1)',
    history: [
      '7.0.0 Added options: `NX`, `XX`, `GT` and `LT`.',
    ],
    keys: ['RW update; index 1; range 0 1 0'],
  },
  {
    usage: 'EXPIRETIME key',
    summary: 'Get the expiration Unix timestamp for a key',
    since: '7.0.0',
    complexity: 'O(1)',
    keys: ['RO access; index 1; range 0 1 0'],
  },
  {
    usage: 'KEYS pattern',
    summary: 'Find all keys matching the given pattern',
    since: '1.0.0',
    complexity: 'O(N) with N being the number of keys in the database, under the assumption that the key names in the ' +
      'database and the given pattern have limited length.',
    tips: 'request_policy:all_shards nondeterministic_output_order',
  },
  {
    usage: 'MIGRATE host port key_or_empty_string=<key | empty_string=""> destination-db timeout{integer} ' +
      '[COPY]{+3.0.0} [REPLACE]{+3.0.0} authentication=[[AUTH password]{+4.0.7} | username_password=[AUTH2 ' +
      '(username password)]{+6.0.0}] [KEYS key{+3.0.6} [key ...]]',
    summary: 'Atomically transfer a key from a Redis instance to another one.',
    since: '2.6.0',
    complexity: 'This command actually executes a DUMP+DEL in the source instance, and a RESTORE in the target ' +
      'instance. See the pages of these commands for time complexity. Also an O(N) data transfer between ' +
      'the two instances is performed.',
    history: [
      '3.0.0 Added the `COPY` and `REPLACE` options.',
      '3.0.6 Added the `KEYS` option.',
      '4.0.7 Added the `AUTH` option.',
      '6.0.0 Added the `AUTH2` option.',
    ],
    keys: [
      'RW access delete; index 3; range 0 1 0',
      'RW access delete incomplete; keyword KEYS -2; range -1 1 0',
    ],
    tips: 'nondeterministic_output',
  },
  {
    usage: 'MOVE key db',
    summary: 'Move a key to another database',
    since: '1.0.0',
    complexity: 'O(1)',
    keys: ['RW access update; index 1; range 0 1 0'],
  },
  {
    usage: 'OBJECT',
    summary: 'A container for object introspection commands',
    since: '2.2.3',
    complexity: 'Depends on subcommand.',
    subcommands: [
      {
        usage: 'OBJECT ENCODING key',
        summary: 'Inspect the internal encoding of a Redis object',
        since: '2.2.3',
        complexity: 'O(1)',
        keys: ['RO; index 2; range 0 1 0'],
        tips: 'nondeterministic_output',
      },
      {
        usage: 'OBJECT FREQ key',
        summary: 'Get the logarithmic access frequency counter of a Redis object',
        since: '4.0.0',
        complexity: 'O(1)',
        keys: ['RO; index 2; range 0 1 0'],
        tips: 'nondeterministic_output',
      },
      {
        usage: 'OBJECT HELP',
        summary: 'Show helpful text about the different subcommands',
        since: '6.2.0',
        complexity: 'O(1)',
      },
      {
        usage: 'OBJECT IDLETIME key',
        summary: 'Get the time since a Redis object was last accessed',
        since: '2.2.3',
        complexity: 'O(1)',
        keys: ['RO; index 2; range 0 1 0'],
        tips: 'nondeterministic_output',
      },
      {
        usage: 'OBJECT REFCOUNT key',
        summary: 'Get the number of references to the value of the key',
        since: '2.2.3',
        complexity: 'O(1)',
        keys: ['RO; index 2; range 0 1 0'],
        tips: 'nondeterministic_output',
      },
    ],
  },
  {
    usage: 'PERSIST key',
    summary: 'Remove the expiration from a key',
    since: '2.2.0',
    complexity: 'O(1)',
    keys: ['RW update; index 1; range 0 1 0'],
  },
  {
    usage: 'PEXPIRE key milliseconds condition=[NX | XX | GT | LT]{+7.0.0}',
    summary: 'Set a key\'s time to live in milliseconds',
    since: '2.6.0',
    complexity: 'O(1)',
    history: [
      '7.0.0 Added options: `NX`, `XX`, `GT` and `LT`.',
    ],
    keys: ['RW update; index 1; range 0 1 0'],
  },
  {
    usage: 'PEXPIREAT key unix-time-milliseconds condition=[NX | XX | GT | LT]{+7.0.0}',
    summary: 'Set the expiration for a key as a UNIX timestamp specified in milliseconds',
    since: '2.6.0',
    complexity: 'O(1)',
    history: [
      '7.0.0 Added options: `NX`, `XX`, `GT` and `LT`.',
    ],
    keys: ['RW update; index 1; range 0 1 0'],
  },
  {
    usage: 'PEXPIRETIME key',
    summary: 'Get the expiration Unix timestamp for a key in milliseconds',
    since: '7.0.0',
    complexity: 'O(1)',
    keys: ['RO access; index 1; range 0 1 0'],
  },
  {
    usage: 'PTTL key',
    summary: 'Get the time to live for a key in milliseconds',
    since: '2.6.0',
    complexity: 'O(1)',
    history: [
      '2.8.0 Added the -2 reply.',
    ],
    keys: ['RO access; index 1; range 0 1 0'],
    tips: 'nondeterministic_output',
  },
  {
    usage: 'RANDOMKEY',
    summary: 'Return a random key from the keyspace',
    since: '1.0.0',
    complexity: 'O(1)',
    tips: 'request_policy:all_shards nondeterministic_output',
  },
  {
    usage: 'RENAME key newkey',
    summary: 'Rename a key',
    since: '1.0.0',
    complexity: 'O(1)',
    keys: [
      'RW access delete; index 1; range 0 1 0',
      'OW update; index 2; range 0 1 0',
    ],
  },
  {
    usage: 'RENAMENX key newkey',
    summary: 'Rename a key, only if the new key does not exist',
    since: '1.0.0',
    complexity: 'O(1)',
    history: [
      '3.2.0 The command no longer returns an error when source and destination names are the same.',
    ],
    keys: [
      'RW access delete; index 1; range 0 1 0',
      'OW insert; index 2; range 0 1 0',
    ],
  },
  {
    usage: 'RESTORE key ttl serialized-value [REPLACE]{+3.0.0} [ABSTTL]{+5.0.0} [IDLETIME seconds]{+5.0.0} [FREQ ' +
      'frequency]{+5.0.0}',
    summary: 'Create a key using the provided serialized value, previously obtained using DUMP.',
    since: '2.6.0',
    complexity: 'O(1) to create the new key and additional O(N*M) to reconstruct the serialized value, where N is the ' +
      'number of Redis objects composing the value and M their average size. For small string values the ' +
      'time complexity is thus O(1)+O(1*M) where M is small, so simply O(1). However for sorted set values ' +
      'the complexity is O(N*M*log(N)) because inserting values into sorted sets is O(log(N)).',
    history: [
      '3.0.0 Added the `REPLACE` modifier.',
      '5.0.0 Added the `ABSTTL` modifier.',
      '5.0.0 Added the `IDLETIME` and `FREQ` options.',
    ],
    keys: ['OW update; index 1; range 0 1 0'],
  },
  {
    usage: 'SCAN cursor [MATCH pattern] [COUNT count] [TYPE type]{+6.0.0}',
    summary: 'Incrementally iterate the keys space',
    since: '2.8.0',
    complexity: 'O(1) for every call. O(N) for a complete iteration, including enough command calls for the cursor to ' +
      'return back to 0. N is the number of elements inside the collection.',
    history: [
      '6.0.0 Added the `TYPE` subcommand.',
    ],
    tips: 'nondeterministic_output request_policy:special',
  },
  {
    usage: 'SORT key [BY pattern]{#1} offset_count=[LIMIT (offset count)] [GET pattern{#1} [GET pattern ...]] ' +
      'order=[ASC | DESC] sorting=[ALPHA] [STORE destination]{#2}',
    summary: 'Sort the elements in a list, set or sorted set',
    since: '1.0.0',
    complexity: 'O(N+M*log(M)) where N is the number of elements in the list or set to sort, and M the number of ' +
      'returned elements. When the elements are not sorted, complexity is O(N).',
    keys: [
      'RO access; index 1; range 0 1 0',
      'RO access; unknown; unknown; For the optional BY/GET keyword. It is marked \'unknown\' because the ' +
        'key names derive from the content of the key we sort',
      'OW update; unknown; unknown; For the optional STORE keyword. It is marked \'unknown\' because the ' +
        'keyword can appear anywhere in the argument array',
    ],
  },
  {
    usage: 'SORT_RO key [BY pattern]{#1} offset_count=[LIMIT (offset count)] [GET pattern{#1} [GET pattern ...]] ' +
      'order=[ASC | DESC] sorting=[ALPHA]',
    summary: 'Sort the elements in a list, set or sorted set. Read-only variant of SORT.',
    since: '7.0.0',
    complexity: 'O(N+M*log(M)) where N is the number of elements in the list or set to sort, and M the number of ' +
      'returned elements. When the elements are not sorted, complexity is O(N).',
    keys: [
      'RO access; index 1; range 0 1 0',
      'RO access; unknown; unknown; For the optional BY/GET keyword. It is marked \'unknown\' because the ' +
        'key names derive from the content of the key we sort',
    ],
  },
  {
    usage: 'TOUCH key [key ...]',
    summary: 'Alters the last access time of a key(s). Returns the number of existing keys specified.',
    since: '3.2.1',
    complexity: 'O(N) where N is the number of keys that will be touched.',
    keys: ['RO; index 1; range -1 1 0'],
    tips: 'request_policy:multi_shard response_policy:agg_sum',
  },
  {
    usage: 'TTL key',
    summary: 'Get the time to live for a key in seconds',
    since: '1.0.0',
    complexity: 'O(1)',
    history: [
      '2.8.0 Added the -2 reply.',
    ],
    keys: ['RO access; index 1; range 0 1 0'],
    tips: 'nondeterministic_output',
  },
  {
    usage: 'TYPE key',
    summary: 'Determine the type stored at key',
    since: '1.0.0',
    complexity: 'O(1)',
    keys: ['RO; index 1; range 0 1 0'],
  },
  {
    usage: 'UNLINK key [key ...]',
    summary: 'Delete a key asynchronously in another thread. Otherwise it is just as DEL, but non blocking.',
    since: '4.0.0',
    complexity: 'O(1) for each key removed regardless of its size. Then the command does O(N) work in a different ' +
      'thread in order to reclaim memory, where N is the number of allocations the deleted objects where ' +
      'composed of.',
    keys: ['RM delete; index 1; range -1 1 0'],
    tips: 'request_policy:multi_shard response_policy:agg_sum',
  },
  {
    usage: 'WAIT numreplicas timeout{integer}',
    summary: 'Wait for the synchronous replication of all the write commands sent in the context of the current ' +
      'connection',
    since: '3.0.0',
    complexity: 'O(1)',
    tips: 'request_policy:all_shards response_policy:agg_min',
  },
];
