/**
 * COMMAND DOCS / COMMAND INFO data: Transactions, as Redis 7.0 documents them. Usage lines as the command
 * reference publishes them, annotated in the notation of ./usage.ts; key specs in that of ./key-specs.ts.
 */
import type { DocEntry } from './entry.js';

export const TRANSACTIONS_DOCS: DocEntry[] = [
  {
    usage: 'DISCARD',
    summary: 'Discard all commands issued after MULTI',
    since: '2.0.0',
    complexity: 'O(N), when N is the number of queued commands',
  },
  {
    usage: 'EXEC',
    summary: 'Execute all commands issued after MULTI',
    since: '1.2.0',
    complexity: 'Depends on commands in the transaction',
  },
  {
    usage: 'MULTI',
    summary: 'Mark the start of a transaction block',
    since: '1.2.0',
    complexity: 'O(1)',
  },
  {
    usage: 'UNWATCH',
    summary: 'Forget about all watched keys',
    since: '2.2.0',
    complexity: 'O(1)',
  },
  {
    usage: 'WATCH key [key ...]',
    summary: 'Watch the given keys to determine execution of the MULTI/EXEC block',
    since: '2.2.0',
    complexity: 'O(1) for every key.',
    keys: ['RO; index 1; range -1 1 0'],
  },
];
