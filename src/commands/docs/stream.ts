/**
 * COMMAND DOCS / COMMAND INFO data: Streams, as Redis 7.0 documents them. Usage lines as the command
 * reference publishes them, annotated in the notation of ./usage.ts; key specs in that of ./key-specs.ts.
 */
import type { DocEntry } from './entry.js';

export const STREAM_DOCS: DocEntry[] = [
  {
    usage: 'XACK key group id [id ...]',
    summary: 'Marks a pending message as correctly processed, effectively removing it from the pending entries ' +
      'list of the consumer group. Return value of the command is the number of messages successfully ' +
      'acknowledged, that is, the IDs we were actually able to resolve in the PEL.',
    since: '5.0.0',
    complexity: 'O(1) for each message ID processed.',
    keys: ['RW update; index 1; range 0 1 0'],
  },
  {
    usage: 'XADD key [NOMKSTREAM]{+6.2.0} trim=[strategy=<MAXLEN | MINID{+6.2.0}> operator=[equal="=" | ' +
      'approximately="~"] threshold [LIMIT count]{+6.2.0}] id_or_auto=<auto_id="*" | id> (field value) ' +
      '[field value ...]',
    summary: 'Appends a new entry to a stream',
    since: '5.0.0',
    complexity: 'O(1) when adding a new entry, O(N) when trimming where N being the number of entries evicted.',
    history: [
      '6.2.0 Added the `NOMKSTREAM` option, `MINID` trimming strategy and the `LIMIT` option.',
      '7.0.0 Added support for the `<ms>-*` explicit ID form.',
    ],
    keys: ['RW update; index 1; range 0 1 0; UPDATE instead of INSERT because of the optional trimming feature'],
    tips: 'nondeterministic_output',
  },
  {
    usage: 'XAUTOCLAIM key group consumer min-idle-time start{string} [COUNT count] [JUSTID]',
    summary: 'Changes (or acquires) ownership of messages in a consumer group, as if the messages were delivered ' +
      'to the specified consumer.',
    since: '6.2.0',
    complexity: 'O(1) if COUNT is small.',
    history: [
      '7.0.0 Added an element to the reply array, containing deleted entries the command cleared from the PEL',
    ],
    keys: ['RW delete; index 1; range 0 1 0'],
    tips: 'nondeterministic_output',
  },
  {
    usage: 'XCLAIM key group consumer min-idle-time id [id ...] [IDLE ms] [TIME unix-time-milliseconds] ' +
      '[RETRYCOUNT count] [FORCE] [JUSTID] [LASTID id]',
    summary: 'Changes (or acquires) ownership of a message in a consumer group, as if the message was delivered to ' +
      'the specified consumer.',
    since: '5.0.0',
    complexity: 'O(log N) with N being the number of messages in the PEL of the consumer group.',
    keys: ['RW update; index 1; range 0 1 0'],
    tips: 'nondeterministic_output',
  },
  {
    usage: 'XDEL key id [id ...]',
    summary: 'Removes the specified entries from the stream. Returns the number of items actually deleted, that ' +
      'may be different from the number of IDs passed in case certain IDs do not exist.',
    since: '5.0.0',
    complexity: 'O(1) for each single item to delete in the stream, regardless of the stream size.',
    keys: ['RW delete; index 1; range 0 1 0'],
  },
  {
    usage: 'XGROUP',
    summary: 'A container for consumer groups commands',
    since: '5.0.0',
    complexity: 'Depends on subcommand.',
    subcommands: [
      {
        usage: 'XGROUP CREATE key groupname id=<id | new_id="$"> [MKSTREAM] [ENTRIESREAD entries_read]',
        summary: 'Create a consumer group.',
        since: '5.0.0',
        complexity: 'O(1)',
        history: [
          '7.0.0 Added the `entries_read` named argument.',
        ],
        keys: ['RW insert; index 2; range 0 1 0'],
      },
      {
        usage: 'XGROUP CREATECONSUMER key groupname consumername',
        summary: 'Create a consumer in a consumer group.',
        since: '6.2.0',
        complexity: 'O(1)',
        keys: ['RW insert; index 2; range 0 1 0'],
      },
      {
        usage: 'XGROUP DELCONSUMER key groupname consumername',
        summary: 'Delete a consumer from a consumer group.',
        since: '5.0.0',
        complexity: 'O(1)',
        keys: ['RW delete; index 2; range 0 1 0'],
      },
      {
        usage: 'XGROUP DESTROY key groupname',
        summary: 'Destroy a consumer group.',
        since: '5.0.0',
        complexity: 'O(N) where N is the number of entries in the group\'s pending entries list (PEL).',
        keys: ['RW delete; index 2; range 0 1 0'],
      },
      {
        usage: 'XGROUP HELP',
        summary: 'Show helpful text about the different subcommands',
        since: '5.0.0',
        complexity: 'O(1)',
      },
      {
        usage: 'XGROUP SETID key groupname id=<id | new_id="$"> [ENTRIESREAD entries_read]',
        summary: 'Set a consumer group to an arbitrary last delivered ID value.',
        since: '5.0.0',
        complexity: 'O(1)',
        history: [
          '7.0.0 Added the optional `entries_read` argument.',
        ],
        keys: ['RW update; index 2; range 0 1 0'],
      },
    ],
  },
  {
    usage: 'XINFO',
    summary: 'A container for stream introspection commands',
    since: '5.0.0',
    complexity: 'Depends on subcommand.',
    subcommands: [
      {
        usage: 'XINFO CONSUMERS key groupname',
        summary: 'List the consumers in a consumer group',
        since: '5.0.0',
        complexity: 'O(1)',
        keys: ['RO access; index 2; range 0 1 0'],
        tips: 'nondeterministic_output',
      },
      {
        usage: 'XINFO GROUPS key',
        summary: 'List the consumer groups of a stream',
        since: '5.0.0',
        complexity: 'O(1)',
        history: [
          '7.0.0 Added the `entries-read` and `lag` fields',
        ],
        keys: ['RO access; index 2; range 0 1 0'],
      },
      {
        usage: 'XINFO HELP',
        summary: 'Show helpful text about the different subcommands',
        since: '5.0.0',
        complexity: 'O(1)',
      },
      {
        usage: 'XINFO STREAM key [FULL ([COUNT count])]',
        summary: 'Get information about a stream',
        since: '5.0.0',
        complexity: 'O(1)',
        history: [
          '6.0.0 Added the `FULL` modifier.',
          '7.0.0 Added the `max-deleted-entry-id`, `entries-added`, `recorded-first-entry-id`, ' +
            '`entries-read` and `lag` fields',
        ],
        keys: ['RO access; index 2; range 0 1 0'],
      },
    ],
  },
  {
    usage: 'XLEN key',
    summary: 'Return the number of entries in a stream',
    since: '5.0.0',
    complexity: 'O(1)',
    keys: ['RO; index 1; range 0 1 0'],
  },
  {
    usage: 'XPENDING key group filters=[[IDLE min-idle-time]{integer +6.2.0} start{string} end{string} count ' +
      '[consumer]]',
    summary: 'Return information and entries from a stream consumer group pending entries list, that are messages ' +
      'fetched but never acknowledged.',
    since: '5.0.0',
    complexity: 'O(N) with N being the number of elements returned, so asking for a small fixed number of entries per ' +
      'call is O(1). O(M), where M is the total number of entries scanned when used with the IDLE filter. ' +
      'When the command returns just the summary and the list of consumers is small, it runs in O(1) time; ' +
      'otherwise, an additional O(N) time for iterating every consumer.',
    history: [
      '6.2.0 Added the `IDLE` option and exclusive range intervals.',
    ],
    keys: ['RO access; index 1; range 0 1 0'],
    tips: 'nondeterministic_output',
  },
  {
    usage: 'XRANGE key start{string} end{string} [COUNT count]',
    summary: 'Return a range of elements in a stream, with IDs matching the specified IDs interval',
    since: '5.0.0',
    complexity: 'O(N) with N being the number of elements being returned. If N is constant (e.g. always asking for ' +
      'the first 10 elements with COUNT), you can consider it O(1).',
    history: [
      '6.2.0 Added exclusive ranges.',
    ],
    keys: ['RO access; index 1; range 0 1 0'],
  },
  {
    usage: 'XREAD [COUNT count] [BLOCK milliseconds] STREAMS (key [key ...] id [id ...])',
    summary: 'Return never seen elements in multiple streams, with IDs greater than the ones reported by the ' +
      'caller for each stream. Can block.',
    since: '5.0.0',
    complexity: 'For each stream mentioned: O(N) with N being the number of elements being returned, it means that ' +
      'XREAD-ing with a fixed COUNT is O(1). Note that when the BLOCK option is used, XADD will pay O(M) ' +
      'time in order to serve the M clients blocked on the stream getting new data.',
    keys: ['RO access; keyword STREAMS 1; range -1 1 2'],
  },
  {
    usage: 'XREADGROUP group_consumer=GROUP (group consumer) [COUNT count] [BLOCK milliseconds] [NOACK] STREAMS ' +
      '(key [key ...] id [id ...])',
    summary: 'Return new entries from a stream using a consumer group, or access the history of the pending ' +
      'entries for a given consumer. Can block.',
    since: '5.0.0',
    complexity: 'For each stream mentioned: O(M) with M being the number of elements returned. If M is constant (e.g. ' +
      'always asking for the first 10 elements with COUNT), you can consider it O(1). On the other side ' +
      'when XREADGROUP blocks, XADD will pay the O(N) time in order to serve the N clients blocked on the ' +
      'stream getting new data.',
    keys: ['RO access; keyword STREAMS 4; range -1 1 2'],
  },
  {
    usage: 'XREVRANGE key end{string} start{string} [COUNT count]',
    summary: 'Return a range of elements in a stream, with IDs matching the specified IDs interval, in reverse ' +
      'order (from greater to smaller IDs) compared to XRANGE',
    since: '5.0.0',
    complexity: 'O(N) with N being the number of elements returned. If N is constant (e.g. always asking for the ' +
      'first 10 elements with COUNT), you can consider it O(1).',
    history: [
      '6.2.0 Added exclusive ranges.',
    ],
    keys: ['RO access; index 1; range 0 1 0'],
  },
  {
    usage: 'XSETID key last-id [ENTRIESADDED entries_added]{+7.0.0} [MAXDELETEDID max_deleted_entry_id]{+7.0.0}',
    summary: 'An internal command for replicating stream values',
    since: '5.0.0',
    complexity: 'O(1)',
    history: [
      '7.0.0 Added the `entries_added` and `max_deleted_entry_id` arguments.',
    ],
    keys: ['RW update; index 1; range 0 1 0'],
  },
  {
    usage: 'XTRIM key trim=(strategy=<MAXLEN | MINID{+6.2.0}> operator=[equal="=" | approximately="~"] threshold ' +
      '[LIMIT count]{+6.2.0})',
    summary: 'Trims the stream to (approximately if \'~\' is passed) a certain size',
    since: '5.0.0',
    complexity: 'O(N), with N being the number of evicted entries. Constant times are very small however, since ' +
      'entries are organized in macro nodes containing multiple entries that can be released with a single ' +
      'deallocation.',
    history: [
      '6.2.0 Added the `MINID` trimming strategy and the `LIMIT` option.',
    ],
    keys: ['RW delete; index 1; range 0 1 0'],
    tips: 'nondeterministic_output',
  },
];
