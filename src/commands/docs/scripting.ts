/**
 * COMMAND DOCS / COMMAND INFO data: Scripting and functions, as Redis 7.0 documents them. Usage lines as the command
 * reference publishes them, annotated in the notation of ./usage.ts; key specs in that of ./key-specs.ts.
 */
import type { DocEntry } from './entry.js';

export const SCRIPTING_DOCS: DocEntry[] = [
  {
    usage: 'EVAL script numkeys [key [key ...]] [arg [arg ...]]',
    summary: 'Execute a Lua script server side',
    since: '2.6.0',
    complexity: 'Depends on the script that is executed.',
    keys: [
      'RW access update; index 2; keynum 0 1 1; We cannot tell how the keys will be used so we assume the ' +
        'worst, RW and UPDATE',
    ],
  },
  {
    usage: 'EVAL_RO script numkeys [key [key ...]] [arg [arg ...]]',
    summary: 'Execute a read-only Lua script server side',
    since: '7.0.0',
    complexity: 'Depends on the script that is executed.',
    keys: [
      'RO access; index 2; keynum 0 1 1; We cannot tell how the keys will be used so we assume the worst, ' +
        'RO and ACCESS',
    ],
  },
  {
    usage: 'EVALSHA sha1 numkeys [key [key ...]] [arg [arg ...]]',
    summary: 'Execute a Lua script server side',
    since: '2.6.0',
    complexity: 'Depends on the script that is executed.',
    keys: ['RW access update; index 2; keynum 0 1 1'],
  },
  {
    usage: 'EVALSHA_RO sha1 numkeys [key [key ...]] [arg [arg ...]]',
    summary: 'Execute a read-only Lua script server side',
    since: '7.0.0',
    complexity: 'Depends on the script that is executed.',
    keys: ['RO access; index 2; keynum 0 1 1'],
  },
  {
    usage: 'FCALL function numkeys [key [key ...]] [arg [arg ...]]',
    summary: 'Invoke a function',
    since: '7.0.0',
    complexity: 'Depends on the function that is executed.',
    keys: [
      'RW access update; index 2; keynum 0 1 1; We cannot tell how the keys will be used so we assume the ' +
        'worst, RW and UPDATE',
    ],
  },
  {
    usage: 'FCALL_RO function numkeys [key [key ...]] [arg [arg ...]]',
    summary: 'Invoke a read-only function',
    since: '7.0.0',
    complexity: 'Depends on the function that is executed.',
    keys: [
      'RO access; index 2; keynum 0 1 1; We cannot tell how the keys will be used so we assume the worst, ' +
        'RO and ACCESS',
    ],
  },
  {
    usage: 'FUNCTION',
    summary: 'A container for function commands',
    since: '7.0.0',
    complexity: 'Depends on subcommand.',
    subcommands: [
      {
        usage: 'FUNCTION DELETE library-name',
        summary: 'Delete a function by name',
        since: '7.0.0',
        complexity: 'O(1)',
        tips: 'request_policy:all_shards response_policy:all_succeeded',
      },
      {
        usage: 'FUNCTION DUMP',
        summary: 'Dump all functions into a serialized binary payload',
        since: '7.0.0',
        complexity: 'O(N) where N is the number of functions',
      },
      {
        usage: 'FUNCTION FLUSH async=[ASYNC | SYNC]',
        summary: 'Deleting all functions',
        since: '7.0.0',
        complexity: 'O(N) where N is the number of functions deleted',
        tips: 'request_policy:all_shards response_policy:all_succeeded',
      },
      {
        usage: 'FUNCTION HELP',
        summary: 'Show helpful text about the different subcommands',
        since: '7.0.0',
        complexity: 'O(1)',
      },
      {
        usage: 'FUNCTION KILL',
        summary: 'Kill the function currently in execution.',
        since: '7.0.0',
        complexity: 'O(1)',
        tips: 'request_policy:all_shards response_policy:one_succeeded',
      },
      {
        usage: 'FUNCTION LIST [LIBRARYNAME library-name-pattern] [WITHCODE]',
        summary: 'List information about all the functions',
        since: '7.0.0',
        complexity: 'O(N) where N is the number of functions',
        tips: 'nondeterministic_output_order',
      },
      {
        usage: 'FUNCTION LOAD [REPLACE] function-code',
        summary: 'Create a function with the given arguments (name, code, description)',
        since: '7.0.0',
        complexity: 'O(1) (considering compilation time is redundant)',
        tips: 'request_policy:all_shards response_policy:all_succeeded',
      },
      {
        usage: 'FUNCTION RESTORE serialized-value policy=[FLUSH | APPEND | REPLACE]',
        summary: 'Restore all the functions on the given payload',
        since: '7.0.0',
        complexity: 'O(N) where N is the number of functions on the payload',
        tips: 'request_policy:all_shards response_policy:all_succeeded',
      },
      {
        usage: 'FUNCTION STATS',
        summary: 'Return information about the function currently running (name, description, duration)',
        since: '7.0.0',
        complexity: 'O(1)',
        tips: 'nondeterministic_output request_policy:all_shards response_policy:special',
      },
    ],
  },
  {
    usage: 'SCRIPT',
    summary: 'A container for Lua scripts management commands',
    since: '2.6.0',
    complexity: 'Depends on subcommand.',
    subcommands: [
      {
        usage: 'SCRIPT DEBUG mode=<YES | SYNC | NO>',
        summary: 'Set the debug mode for executed scripts.',
        since: '3.2.0',
        complexity: 'O(1)',
      },
      {
        usage: 'SCRIPT EXISTS sha1 [sha1 ...]',
        summary: 'Check existence of scripts in the script cache.',
        since: '2.6.0',
        complexity: 'O(N) with N being the number of scripts to check (so checking a single script is an O(1) ' +
          'operation).',
        tips: 'request_policy:all_shards response_policy:agg_logical_and',
      },
      {
        usage: 'SCRIPT FLUSH async=[ASYNC | SYNC]{+6.2.0}',
        summary: 'Remove all the scripts from the script cache.',
        since: '2.6.0',
        complexity: 'O(N) with N being the number of scripts in cache',
        history: [
          '6.2.0 Added the `ASYNC` and `SYNC` flushing mode modifiers.',
        ],
        tips: 'request_policy:all_nodes response_policy:all_succeeded',
      },
      {
        usage: 'SCRIPT HELP',
        summary: 'Show helpful text about the different subcommands',
        since: '5.0.0',
        complexity: 'O(1)',
      },
      {
        usage: 'SCRIPT KILL',
        summary: 'Kill the script currently in execution.',
        since: '2.6.0',
        complexity: 'O(1)',
        tips: 'request_policy:all_shards response_policy:one_succeeded',
      },
      {
        usage: 'SCRIPT LOAD script',
        summary: 'Load the specified Lua script into the script cache.',
        since: '2.6.0',
        complexity: 'O(N) with N being the length in bytes of the script body.',
        tips: 'request_policy:all_nodes response_policy:all_succeeded',
      },
    ],
  },
];
