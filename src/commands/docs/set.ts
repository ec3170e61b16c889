/**
 * COMMAND DOCS / COMMAND INFO data: Sets, as Redis 7.0 documents them. Usage lines as the command
 * reference publishes them, annotated in the notation of ./usage.ts; key specs in that of ./key-specs.ts.
 */
import type { DocEntry } from './entry.js';

export const SET_DOCS: DocEntry[] = [
  {
    usage: 'SADD key member [member ...]',
    summary: 'Add one or more members to a set',
    since: '1.0.0',
    complexity: 'O(1) for each element added, so O(N) to add N elements when the command is called with multiple ' +
      'arguments.',
    history: [
      '2.4.0 Accepts multiple `member` arguments.',
    ],
    keys: ['RW insert; index 1; range 0 1 0'],
  },
  {
    usage: 'SCARD key',
    summary: 'Get the number of members in a set',
    since: '1.0.0',
    complexity: 'O(1)',
    keys: ['RO; index 1; range 0 1 0'],
  },
  {
    usage: 'SDIFF key [key ...]',
    summary: 'Subtract multiple sets',
    since: '1.0.0',
    complexity: 'O(N) where N is the total number of elements in all given sets.',
    keys: ['RO access; index 1; range -1 1 0'],
    tips: 'nondeterministic_output_order',
  },
  {
    usage: 'SDIFFSTORE destination key [key ...]',
    summary: 'Subtract multiple sets and store the resulting set in a key',
    since: '1.0.0',
    complexity: 'O(N) where N is the total number of elements in all given sets.',
    keys: [
      'OW update; index 1; range 0 1 0',
      'RO access; index 2; range -1 1 0',
    ],
  },
  {
    usage: 'SINTER key [key ...]',
    summary: 'Intersect multiple sets',
    since: '1.0.0',
    complexity: 'O(N*M) worst case where N is the cardinality of the smallest set and M is the number of sets.',
    keys: ['RO access; index 1; range -1 1 0'],
    tips: 'nondeterministic_output_order',
  },
  {
    usage: 'SINTERCARD numkeys key [key ...] [LIMIT limit]',
    summary: 'Intersect multiple sets and return the cardinality of the result',
    since: '7.0.0',
    complexity: 'O(N*M) worst case where N is the cardinality of the smallest set and M is the number of sets.',
    keys: ['RO access; index 1; keynum 0 1 1'],
  },
  {
    usage: 'SINTERSTORE destination key [key ...]',
    summary: 'Intersect multiple sets and store the resulting set in a key',
    since: '1.0.0',
    complexity: 'O(N*M) worst case where N is the cardinality of the smallest set and M is the number of sets.',
    keys: [
      'RW update; index 1; range 0 1 0',
      'RO access; index 2; range -1 1 0',
    ],
  },
  {
    usage: 'SISMEMBER key member',
    summary: 'Determine if a given value is a member of a set',
    since: '1.0.0',
    complexity: 'O(1)',
    keys: ['RO; index 1; range 0 1 0'],
  },
  {
    usage: 'SMEMBERS key',
    summary: 'Get all the members in a set',
    since: '1.0.0',
    complexity: 'O(N) where N is the set cardinality.',
    keys: ['RO access; index 1; range 0 1 0'],
    tips: 'nondeterministic_output_order',
  },
  {
    usage: 'SMISMEMBER key member [member ...]',
    summary: 'Returns the membership associated with the given elements for a set',
    since: '6.2.0',
    complexity: 'O(N) where N is the number of elements being checked for membership',
    keys: ['RO access; index 1; range 0 1 0'],
  },
  {
    usage: 'SMOVE source destination member',
    summary: 'Move a member from one set to another',
    since: '1.0.0',
    complexity: 'O(1)',
    keys: [
      'RW access delete; index 1; range 0 1 0',
      'RW insert; index 2; range 0 1 0',
    ],
  },
  {
    usage: 'SPOP key [count]{+3.2.0}',
    summary: 'Remove and return one or multiple random members from a set',
    since: '1.0.0',
    complexity: 'Without the count argument O(1), otherwise O(N) where N is the value of the passed count.',
    history: [
      '3.2.0 Added the `count` argument.',
    ],
    keys: ['RW access delete; index 1; range 0 1 0'],
    tips: 'nondeterministic_output',
  },
  {
    usage: 'SRANDMEMBER key [count]{+2.6.0}',
    summary: 'Get one or multiple random members from a set',
    since: '1.0.0',
    complexity: 'Without the count argument O(1), otherwise O(N) where N is the absolute value of the passed count.',
    history: [
      '2.6.0 Added the optional `count` argument.',
    ],
    keys: ['RO access; index 1; range 0 1 0'],
    tips: 'nondeterministic_output',
  },
  {
    usage: 'SREM key member [member ...]',
    summary: 'Remove one or more members from a set',
    since: '1.0.0',
    complexity: 'O(N) where N is the number of members to be removed.',
    history: [
      '2.4.0 Accepts multiple `member` arguments.',
    ],
    keys: ['RW delete; index 1; range 0 1 0'],
  },
  {
    usage: 'SSCAN key cursor [MATCH pattern] [COUNT count]',
    summary: 'Incrementally iterate Set elements',
    since: '2.8.0',
    complexity: 'O(1) for every call. O(N) for a complete iteration, including enough command calls for the cursor to ' +
      'return back to 0. N is the number of elements inside the collection..',
    keys: ['RO access; index 1; range 0 1 0'],
    tips: 'nondeterministic_output',
  },
  {
    usage: 'SUNION key [key ...]',
    summary: 'Add multiple sets',
    since: '1.0.0',
    complexity: 'O(N) where N is the total number of elements in all given sets.',
    keys: ['RO access; index 1; range -1 1 0'],
    tips: 'nondeterministic_output_order',
  },
  {
    usage: 'SUNIONSTORE destination key [key ...]',
    summary: 'Add multiple sets and store the resulting set in a key',
    since: '1.0.0',
    complexity: 'O(N) where N is the total number of elements in all given sets.',
    keys: [
      'OW update; index 1; range 0 1 0',
      'RO access; index 2; range -1 1 0',
    ],
  },
];
