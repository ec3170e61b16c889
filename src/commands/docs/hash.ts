/**
 * COMMAND DOCS / COMMAND INFO data: Hashes, as Redis 7.0 documents them. Usage lines as the command
 * reference publishes them, annotated in the notation of ./usage.ts; key specs in that of ./key-specs.ts.
 */
import type { DocEntry } from './entry.js';

export const HASH_DOCS: DocEntry[] = [
  {
    usage: 'HDEL key field [field ...]',
    summary: 'Delete one or more hash fields',
    since: '2.0.0',
    complexity: 'O(N) where N is the number of fields to be removed.',
    history: [
      '2.4.0 Accepts multiple `field` arguments.',
    ],
    keys: ['RW delete; index 1; range 0 1 0'],
  },
  {
    usage: 'HEXISTS key field',
    summary: 'Determine if a hash field exists',
    since: '2.0.0',
    complexity: 'O(1)',
    keys: ['RO; index 1; range 0 1 0'],
  },
  {
    usage: 'HGET key field',
    summary: 'Get the value of a hash field',
    since: '2.0.0',
    complexity: 'O(1)',
    keys: ['RO access; index 1; range 0 1 0'],
  },
  {
    usage: 'HGETALL key',
    summary: 'Get all the fields and values in a hash',
    since: '2.0.0',
    complexity: 'O(N) where N is the size of the hash.',
    keys: ['RO access; index 1; range 0 1 0'],
    tips: 'nondeterministic_output_order',
  },
  {
    usage: 'HINCRBY key field increment',
    summary: 'Increment the integer value of a hash field by the given number',
    since: '2.0.0',
    complexity: 'O(1)',
    keys: ['RW access update; index 1; range 0 1 0'],
  },
  {
    usage: 'HINCRBYFLOAT key field increment{double}',
    summary: 'Increment the float value of a hash field by the given amount',
    since: '2.6.0',
    complexity: 'O(1)',
    keys: ['RW access update; index 1; range 0 1 0'],
  },
  {
    usage: 'HKEYS key',
    summary: 'Get all the fields in a hash',
    since: '2.0.0',
    complexity: 'O(N) where N is the size of the hash.',
    keys: ['RO access; index 1; range 0 1 0'],
    tips: 'nondeterministic_output_order',
  },
  {
    usage: 'HLEN key',
    summary: 'Get the number of fields in a hash',
    since: '2.0.0',
    complexity: 'O(1)',
    keys: ['RO; index 1; range 0 1 0'],
  },
  {
    usage: 'HMGET key field [field ...]',
    summary: 'Get the values of all the given hash fields',
    since: '2.0.0',
    complexity: 'O(N) where N is the number of fields being requested.',
    keys: ['RO access; index 1; range 0 1 0'],
  },
  {
    usage: 'HMSET key (field value) [field value ...]',
    summary: 'Set multiple hash fields to multiple values',
    since: '2.0.0',
    complexity: 'O(N) where N is the number of fields being set.',
    docFlags: 'deprecated',
    deprecatedSince: '4.0.0',
    replacedBy: '`HSET` with multiple field-value pairs',
    keys: ['RW update; index 1; range 0 1 0'],
  },
  {
    usage: 'HRANDFIELD key options=[count [WITHVALUES]]',
    summary: 'Get one or multiple random fields from a hash',
    since: '6.2.0',
    complexity: 'O(N) where N is the number of fields returned',
    keys: ['RO access; index 1; range 0 1 0'],
    tips: 'nondeterministic_output',
  },
  {
    usage: 'HSCAN key cursor [MATCH pattern] [COUNT count]',
    summary: 'Incrementally iterate hash fields and associated values',
    since: '2.8.0',
    complexity: 'O(1) for every call. O(N) for a complete iteration, including enough command calls for the cursor to ' +
      'return back to 0. N is the number of elements inside the collection..',
    keys: ['RO access; index 1; range 0 1 0'],
    tips: 'nondeterministic_output',
  },
  {
    usage: 'HSET key (field value) [field value ...]',
    summary: 'Set the string value of a hash field',
    since: '2.0.0',
    complexity: 'O(1) for each field/value pair added, so O(N) to add N field/value pairs when the command is called ' +
      'with multiple field/value pairs.',
    history: [
      '4.0.0 Accepts multiple `field` and `value` arguments.',
    ],
    keys: ['RW update; index 1; range 0 1 0'],
  },
  {
    usage: 'HSETNX key field value',
    summary: 'Set the value of a hash field, only if the field does not exist',
    since: '2.0.0',
    complexity: 'O(1)',
    keys: ['RW insert; index 1; range 0 1 0'],
  },
  {
    usage: 'HSTRLEN key field',
    summary: 'Get the length of the value of a hash field',
    since: '3.2.0',
    complexity: 'O(1)',
    keys: ['RO; index 1; range 0 1 0'],
  },
  {
    usage: 'HVALS key',
    summary: 'Get all the values in a hash',
    since: '2.0.0',
    complexity: 'O(N) where N is the size of the hash.',
    keys: ['RO access; index 1; range 0 1 0'],
    tips: 'nondeterministic_output_order',
  },
];
