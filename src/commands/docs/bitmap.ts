/**
 * COMMAND DOCS / COMMAND INFO data: Bitmaps and bit fields, as Redis 7.0 documents them. Usage lines as the command
 * reference publishes them, annotated in the notation of ./usage.ts; key specs in that of ./key-specs.ts.
 */
import type { DocEntry } from './entry.js';

export const BITMAP_DOCS: DocEntry[] = [
  {
    usage: 'BITCOUNT key index=[start end index_unit=[BYTE | BIT]{+7.0.0}]',
    summary: 'Count set bits in a string',
    since: '2.6.0',
    complexity: 'O(N)',
    history: [
      '7.0.0 Added the `BYTE|BIT` option.',
    ],
    keys: ['RO access; index 1; range 0 1 0'],
  },
  {
    usage: 'BITFIELD key operation=[encoding_offset=GET (encoding offset) | write=(wrap_sat_fail=[OVERFLOW <WRAP ' +
      '| SAT | FAIL>] write_operation=<encoding_offset_value=SET (encoding offset value{integer}) | ' +
      'encoding_offset_increment=INCRBY (encoding offset increment)>) [GET encoding offset | [OVERFLOW ' +
      '<WRAP | SAT | FAIL>] <SET encoding offset value | INCRBY encoding offset increment> ...]]',
    summary: 'Perform arbitrary bitfield integer operations on strings',
    since: '3.2.0',
    complexity: 'O(1) for each subcommand specified',
    keys: [
      'RW access update variable_flags; index 1; range 0 1 0; This command allows both access and ' +
        'modification of the key',
    ],
  },
  {
    usage: 'BITFIELD_RO key encoding_offset=[GET (encoding offset) [GET encoding offset ...]]',
    summary: 'Perform arbitrary bitfield integer operations on strings. Read-only variant of BITFIELD',
    since: '6.0.0',
    complexity: 'O(1) for each subcommand specified',
    keys: ['RO access; index 1; range 0 1 0'],
  },
  {
    usage: 'BITOP operation destkey key [key ...]',
    summary: 'Perform bitwise operations between strings',
    since: '2.6.0',
    complexity: 'O(N)',
    keys: [
      'OW update; index 2; range 0 1 0',
      'RO access; index 3; range -1 1 0',
    ],
  },
  {
    usage: 'BITPOS key bit index=[start end_index=[end index_unit=[BYTE | BIT]{+7.0.0}]]',
    summary: 'Find first bit set or clear in a string',
    since: '2.8.7',
    complexity: 'O(N)',
    history: [
      '7.0.0 Added the `BYTE|BIT` option.',
    ],
    keys: ['RO access; index 1; range 0 1 0'],
  },
  {
    usage: 'GETBIT key offset',
    summary: 'Returns the bit value at offset in the string value stored at key',
    since: '2.2.0',
    complexity: 'O(1)',
    keys: ['RO access; index 1; range 0 1 0'],
  },
  {
    usage: 'SETBIT key offset value{integer}',
    summary: 'Sets or clears the bit at offset in the string value stored at key',
    since: '2.2.0',
    complexity: 'O(1)',
    keys: ['RW access update; index 1; range 0 1 0'],
  },
];
