/**
 * COMMAND DOCS / COMMAND INFO data: HyperLogLog, as Redis 7.0 documents them. Usage lines as the command
 * reference publishes them, annotated in the notation of ./usage.ts; key specs in that of ./key-specs.ts.
 */
import type { DocEntry } from './entry.js';

export const HYPERLOGLOG_DOCS: DocEntry[] = [
  {
    usage: 'PFADD key [element [element ...]]',
    summary: 'Adds the specified elements to the specified HyperLogLog.',
    since: '2.8.9',
    complexity: 'O(1) to add every element.',
    keys: ['RW insert; index 1; range 0 1 0'],
  },
  {
    usage: 'PFCOUNT key [key ...]',
    summary: 'Return the approximated cardinality of the set(s) observed by the HyperLogLog at key(s).',
    since: '2.8.9',
    complexity: 'O(1) with a very small average constant time when called with a single key. O(N) with N being the ' +
      'number of keys, and much bigger constant times, when called with multiple keys.',
    keys: [
      'RW access; index 1; range -1 1 0; RW because it may change the internal representation of the key, ' +
        'and propagate to replicas',
    ],
  },
  {
    usage: 'PFDEBUG subcommand key',
    summary: 'Internal commands for debugging HyperLogLog values',
    since: '2.8.9',
    complexity: 'N/A',
    docFlags: 'syscmd',
    keys: ['RW access; index 2; range 0 1 0'],
  },
  {
    usage: 'PFMERGE destkey sourcekey [sourcekey ...]',
    summary: 'Merge N different HyperLogLogs into a single one.',
    since: '2.8.9',
    complexity: 'O(N) to merge N HyperLogLogs, but with high constant times.',
    keys: [
      'RW access insert; index 1; range 0 1 0',
      'RO access; index 2; range -1 1 0',
    ],
  },
  {
    usage: 'PFSELFTEST',
    summary: 'An internal command for testing HyperLogLog values',
    since: '2.8.9',
    complexity: 'N/A',
    docFlags: 'syscmd',
  },
];
