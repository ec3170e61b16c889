/**
 * COMMAND DOCS / COMMAND INFO data: Lists, as Redis 7.0 documents them. Usage lines as the command
 * reference publishes them, annotated in the notation of ./usage.ts; key specs in that of ./key-specs.ts.
 */
import type { DocEntry } from './entry.js';

export const LIST_DOCS: DocEntry[] = [
  {
    usage: 'BLMOVE source destination wherefrom=<LEFT | RIGHT> whereto=<LEFT | RIGHT> timeout',
    summary: 'Pop an element from a list, push it to another list and return it; or block until one is available',
    since: '6.2.0',
    complexity: 'O(1)',
    keys: [
      'RW access delete; index 1; range 0 1 0',
      'RW insert; index 2; range 0 1 0',
    ],
  },
  {
    usage: 'BLMPOP timeout numkeys key [key ...] where=<LEFT | RIGHT> [COUNT count]',
    summary: 'Pop elements from a list, or block until one is available',
    since: '7.0.0',
    complexity: 'O(N+M) where N is the number of provided keys and M is the number of elements returned.',
    keys: ['RW access delete; index 2; keynum 0 1 1'],
  },
  {
    usage: 'BLPOP key [key ...] timeout',
    summary: 'Remove and get the first element in a list, or block until one is available',
    since: '2.0.0',
    complexity: 'O(N) where N is the number of provided keys.',
    history: [
      '6.0.0 `timeout` is interpreted as a double instead of an integer.',
    ],
    keys: ['RW access delete; index 1; range -2 1 0'],
  },
  {
    usage: 'BRPOP key [key ...] timeout',
    summary: 'Remove and get the last element in a list, or block until one is available',
    since: '2.0.0',
    complexity: 'O(N) where N is the number of provided keys.',
    history: [
      '6.0.0 `timeout` is interpreted as a double instead of an integer.',
    ],
    keys: ['RW access delete; index 1; range -2 1 0'],
  },
  {
    usage: 'BRPOPLPUSH source destination timeout',
    summary: 'Pop an element from a list, push it to another list and return it; or block until one is available',
    since: '2.2.0',
    complexity: 'O(1)',
    docFlags: 'deprecated',
    deprecatedSince: '6.2.0',
    replacedBy: '`BLMOVE` with the `RIGHT` and `LEFT` arguments',
    history: [
      '6.0.0 `timeout` is interpreted as a double instead of an integer.',
    ],
    keys: [
      'RW access delete; index 1; range 0 1 0',
      'RW insert; index 2; range 0 1 0',
    ],
  },
  {
    usage: 'LINDEX key index',
    summary: 'Get an element from a list by its index',
    since: '1.0.0',
    complexity: 'O(N) where N is the number of elements to traverse to get to the element at index. This makes asking ' +
      'for the first or the last element of the list O(1).',
    keys: ['RO access; index 1; range 0 1 0'],
  },
  {
    usage: 'LINSERT key where=<BEFORE | AFTER> pivot element',
    summary: 'Insert an element before or after another element in a list',
    since: '2.2.0',
    complexity: 'O(N) where N is the number of elements to traverse before seeing the value pivot. This means that ' +
      'inserting somewhere on the left end on the list (head) can be considered O(1) and inserting ' +
      'somewhere on the right end (tail) is O(N).',
    keys: ['RW insert; index 1; range 0 1 0'],
  },
  {
    usage: 'LLEN key',
    summary: 'Get the length of a list',
    since: '1.0.0',
    complexity: 'O(1)',
    keys: ['RO; index 1; range 0 1 0'],
  },
  {
    usage: 'LMOVE source destination wherefrom=<LEFT | RIGHT> whereto=<LEFT | RIGHT>',
    summary: 'Pop an element from a list, push it to another list and return it',
    since: '6.2.0',
    complexity: 'O(1)',
    keys: [
      'RW access delete; index 1; range 0 1 0',
      'RW insert; index 2; range 0 1 0',
    ],
  },
  {
    usage: 'LMPOP numkeys key [key ...] where=<LEFT | RIGHT> [COUNT count]',
    summary: 'Pop elements from a list',
    since: '7.0.0',
    complexity: 'O(N+M) where N is the number of provided keys and M is the number of elements returned.',
    keys: ['RW access delete; index 1; keynum 0 1 1'],
  },
  {
    usage: 'LPOP key [count]{+6.2.0}',
    summary: 'Remove and get the first elements in a list',
    since: '1.0.0',
    complexity: 'O(N) where N is the number of elements returned',
    history: [
      '6.2.0 Added the `count` argument.',
    ],
    keys: ['RW access delete; index 1; range 0 1 0'],
  },
  {
    usage: 'LPOS key element [RANK rank] [COUNT num-matches] [MAXLEN len]',
    summary: 'Return the index of matching elements on a list',
    since: '6.0.6',
    complexity: 'O(N) where N is the number of elements in the list, for the average case. When searching for ' +
      'elements near the head or the tail of the list, or when the MAXLEN option is provided, the command ' +
      'may run in constant time.',
    keys: ['RO access; index 1; range 0 1 0'],
  },
  {
    usage: 'LPUSH key element [element ...]',
    summary: 'Prepend one or multiple elements to a list',
    since: '1.0.0',
    complexity: 'O(1) for each element added, so O(N) to add N elements when the command is called with multiple ' +
      'arguments.',
    history: [
      '2.4.0 Accepts multiple `element` arguments.',
    ],
    keys: ['RW insert; index 1; range 0 1 0'],
  },
  {
    usage: 'LPUSHX key element [element ...]',
    summary: 'Prepend an element to a list, only if the list exists',
    since: '2.2.0',
    complexity: 'O(1) for each element added, so O(N) to add N elements when the command is called with multiple ' +
      'arguments.',
    history: [
      '4.0.0 Accepts multiple `element` arguments.',
    ],
    keys: ['RW insert; index 1; range 0 1 0'],
  },
  {
    usage: 'LRANGE key start stop',
    summary: 'Get a range of elements from a list',
    since: '1.0.0',
    complexity: 'O(S+N) where S is the distance of start offset from HEAD for small lists, from nearest end (HEAD or ' +
      'TAIL) for large lists; and N is the number of elements in the specified range.',
    keys: ['RO access; index 1; range 0 1 0'],
  },
  {
    usage: 'LREM key count element',
    summary: 'Remove elements from a list',
    since: '1.0.0',
    complexity: 'O(N+M) where N is the length of the list and M is the number of elements removed.',
    keys: ['RW delete; index 1; range 0 1 0'],
  },
  {
    usage: 'LSET key index element',
    summary: 'Set the value of an element in a list by its index',
    since: '1.0.0',
    complexity: 'O(N) where N is the length of the list. Setting either the first or the last element of the list is ' +
      'O(1).',
    keys: ['RW update; index 1; range 0 1 0'],
  },
  {
    usage: 'LTRIM key start stop',
    summary: 'Trim a list to the specified range',
    since: '1.0.0',
    complexity: 'O(N) where N is the number of elements to be removed by the operation.',
    keys: ['RW delete; index 1; range 0 1 0'],
  },
  {
    usage: 'RPOP key [count]{+6.2.0}',
    summary: 'Remove and get the last elements in a list',
    since: '1.0.0',
    complexity: 'O(N) where N is the number of elements returned',
    history: [
      '6.2.0 Added the `count` argument.',
    ],
    keys: ['RW access delete; index 1; range 0 1 0'],
  },
  {
    usage: 'RPOPLPUSH source destination',
    summary: 'Remove the last element in a list, prepend it to another list and return it',
    since: '1.2.0',
    complexity: 'O(1)',
    docFlags: 'deprecated',
    deprecatedSince: '6.2.0',
    replacedBy: '`LMOVE` with the `RIGHT` and `LEFT` arguments',
    keys: [
      'RW access delete; index 1; range 0 1 0',
      'RW insert; index 2; range 0 1 0',
    ],
  },
  {
    usage: 'RPUSH key element [element ...]',
    summary: 'Append one or multiple elements to a list',
    since: '1.0.0',
    complexity: 'O(1) for each element added, so O(N) to add N elements when the command is called with multiple ' +
      'arguments.',
    history: [
      '2.4.0 Accepts multiple `element` arguments.',
    ],
    keys: ['RW insert; index 1; range 0 1 0'],
  },
  {
    usage: 'RPUSHX key element [element ...]',
    summary: 'Append an element to a list, only if the list exists',
    since: '2.2.0',
    complexity: 'O(1) for each element added, so O(N) to add N elements when the command is called with multiple ' +
      'arguments.',
    history: [
      '4.0.0 Accepts multiple `element` arguments.',
    ],
    keys: ['RW insert; index 1; range 0 1 0'],
  },
];
