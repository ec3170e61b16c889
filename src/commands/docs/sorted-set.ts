/**
 * COMMAND DOCS / COMMAND INFO data: Sorted sets, as Redis 7.0 documents them. Usage lines as the command
 * reference publishes them, annotated in the notation of ./usage.ts; key specs in that of ./key-specs.ts.
 */
import type { DocEntry } from './entry.js';

export const SORTED_SET_DOCS: DocEntry[] = [
  {
    usage: 'BZMPOP timeout numkeys key [key ...] where=<MIN | MAX> [COUNT count]',
    summary: 'Remove and return members with scores in a sorted set or block until one is available',
    since: '7.0.0',
    complexity: 'O(K) + O(M*log(N)) where K is the number of provided keys, N being the number of elements in the ' +
      'sorted set, and M being the number of elements popped.',
    keys: ['RW access delete; index 2; keynum 0 1 1'],
  },
  {
    usage: 'BZPOPMAX key [key ...] timeout',
    summary: 'Remove and return the member with the highest score from one or more sorted sets, or block until one ' +
      'is available',
    since: '5.0.0',
    complexity: 'O(log(N)) with N being the number of elements in the sorted set.',
    history: [
      '6.0.0 `timeout` is interpreted as a double instead of an integer.',
    ],
    keys: ['RW access delete; index 1; range -2 1 0'],
  },
  {
    usage: 'BZPOPMIN key [key ...] timeout',
    summary: 'Remove and return the member with the lowest score from one or more sorted sets, or block until one ' +
      'is available',
    since: '5.0.0',
    complexity: 'O(log(N)) with N being the number of elements in the sorted set.',
    history: [
      '6.0.0 `timeout` is interpreted as a double instead of an integer.',
    ],
    keys: ['RW access delete; index 1; range -2 1 0'],
  },
  {
    usage: 'ZADD key condition=[NX | XX]{+3.0.2} comparison=[GT | LT]{+6.2.0} change=[CH]{+3.0.2} ' +
      'increment=[INCR]{+3.0.2} (score member) [score member ...]',
    summary: 'Add one or more members to a sorted set, or update its score if it already exists',
    since: '1.2.0',
    complexity: 'O(log(N)) for each item added, where N is the number of elements in the sorted set.',
    history: [
      '2.4.0 Accepts multiple elements.',
      '3.0.2 Added the `XX`, `NX`, `CH` and `INCR` options.',
      '6.2.0 Added the `GT` and `LT` options.',
    ],
    keys: ['RW update; index 1; range 0 1 0'],
  },
  {
    usage: 'ZCARD key',
    summary: 'Get the number of members in a sorted set',
    since: '1.2.0',
    complexity: 'O(1)',
    keys: ['RO; index 1; range 0 1 0'],
  },
  {
    usage: 'ZCOUNT key min{double} max{double}',
    summary: 'Count the members in a sorted set with scores within the given values',
    since: '2.0.0',
    complexity: 'O(log(N)) with N being the number of elements in the sorted set.',
    keys: ['RO access; index 1; range 0 1 0'],
  },
  {
    usage: 'ZDIFF numkeys key [key ...] [WITHSCORES]',
    summary: 'Subtract multiple sorted sets',
    since: '6.2.0',
    complexity: 'O(L + (N-K)log(N)) worst case where L is the total number of elements in all the sets, N is the size ' +
      'of the first set, and K is the size of the result set.',
    keys: ['RO access; index 1; keynum 0 1 1'],
  },
  {
    usage: 'ZDIFFSTORE destination numkeys key [key ...]',
    summary: 'Subtract multiple sorted sets and store the resulting sorted set in a new key',
    since: '6.2.0',
    complexity: 'O(L + (N-K)log(N)) worst case where L is the total number of elements in all the sets, N is the size ' +
      'of the first set, and K is the size of the result set.',
    keys: [
      'OW update; index 1; range 0 1 0',
      'RO access; index 2; keynum 0 1 1',
    ],
  },
  {
    usage: 'ZINCRBY key increment member',
    summary: 'Increment the score of a member in a sorted set',
    since: '1.2.0',
    complexity: 'O(log(N)) where N is the number of elements in the sorted set.',
    keys: ['RW access update; index 1; range 0 1 0'],
  },
  {
    usage: 'ZINTER numkeys key [key ...] [WEIGHTS weight [weight ...]] [AGGREGATE <SUM | MIN | MAX>] ' +
      '[WITHSCORES]',
    summary: 'Intersect multiple sorted sets',
    since: '6.2.0',
    complexity: 'O(N*K)+O(M*log(M)) worst case with N being the smallest input sorted set, K being the number of ' +
      'input sorted sets and M being the number of elements in the resulting sorted set.',
    keys: ['RO access; index 1; keynum 0 1 1'],
  },
  {
    usage: 'ZINTERCARD numkeys key [key ...] [LIMIT limit]',
    summary: 'Intersect multiple sorted sets and return the cardinality of the result',
    since: '7.0.0',
    complexity: 'O(N*K) worst case with N being the smallest input sorted set, K being the number of input sorted ' +
      'sets.',
    keys: ['RO access; index 1; keynum 0 1 1'],
  },
  {
    usage: 'ZINTERSTORE destination numkeys key [key ...] [WEIGHTS weight [weight ...]] [AGGREGATE <SUM | MIN | ' +
      'MAX>]',
    summary: 'Intersect multiple sorted sets and store the resulting sorted set in a new key',
    since: '2.0.0',
    complexity: 'O(N*K)+O(M*log(M)) worst case with N being the smallest input sorted set, K being the number of ' +
      'input sorted sets and M being the number of elements in the resulting sorted set.',
    keys: [
      'OW update; index 1; range 0 1 0',
      'RO access; index 2; keynum 0 1 1',
    ],
  },
  {
    usage: 'ZLEXCOUNT key min max',
    summary: 'Count the number of members in a sorted set between a given lexicographical range',
    since: '2.8.9',
    complexity: 'O(log(N)) with N being the number of elements in the sorted set.',
    keys: ['RO access; index 1; range 0 1 0'],
  },
  {
    usage: 'ZMPOP numkeys key [key ...] where=<MIN | MAX> [COUNT count]',
    summary: 'Remove and return members with scores in a sorted set',
    since: '7.0.0',
    complexity: 'O(K) + O(M*log(N)) where K is the number of provided keys, N being the number of elements in the ' +
      'sorted set, and M being the number of elements popped.',
    keys: ['RW access delete; index 1; keynum 0 1 1'],
  },
  {
    usage: 'ZMSCORE key member [member ...]',
    summary: 'Get the score associated with the given members in a sorted set',
    since: '6.2.0',
    complexity: 'O(N) where N is the number of members being requested.',
    keys: ['RO access; index 1; range 0 1 0'],
  },
  {
    usage: 'ZPOPMAX key [count]',
    summary: 'Remove and return members with the highest scores in a sorted set',
    since: '5.0.0',
    complexity: 'O(log(N)*M) with N being the number of elements in the sorted set, and M being the number of ' +
      'elements popped.',
    keys: ['RW access delete; index 1; range 0 1 0'],
  },
  {
    usage: 'ZPOPMIN key [count]',
    summary: 'Remove and return members with the lowest scores in a sorted set',
    since: '5.0.0',
    complexity: 'O(log(N)*M) with N being the number of elements in the sorted set, and M being the number of ' +
      'elements popped.',
    keys: ['RW access delete; index 1; range 0 1 0'],
  },
  {
    usage: 'ZRANDMEMBER key options=[count [WITHSCORES]]',
    summary: 'Get one or multiple random elements from a sorted set',
    since: '6.2.0',
    complexity: 'O(N) where N is the number of elements returned',
    keys: ['RO access; index 1; range 0 1 0'],
    tips: 'nondeterministic_output',
  },
  {
    usage: 'ZRANGE key start{string} stop{string} sortby=[BYSCORE | BYLEX]{+6.2.0} [REV]{+6.2.0} ' +
      'offset_count=[LIMIT (offset count)]{+6.2.0} [WITHSCORES]',
    summary: 'Return a range of members in a sorted set',
    since: '1.2.0',
    complexity: 'O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements ' +
      'returned.',
    history: [
      '6.2.0 Added the `REV`, `BYSCORE`, `BYLEX` and `LIMIT` options.',
    ],
    keys: ['RO access; index 1; range 0 1 0'],
  },
  {
    usage: 'ZRANGEBYLEX key min max offset_count=[LIMIT (offset count)]',
    summary: 'Return a range of members in a sorted set, by lexicographical range',
    since: '2.8.9',
    complexity: 'O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements being ' +
      'returned. If M is constant (e.g. always asking for the first 10 elements with LIMIT), you can ' +
      'consider it O(log(N)).',
    docFlags: 'deprecated',
    deprecatedSince: '6.2.0',
    replacedBy: '`ZRANGE` with the `BYLEX` argument',
    keys: ['RO access; index 1; range 0 1 0'],
  },
  {
    usage: 'ZRANGEBYSCORE key min{double} max{double} [WITHSCORES]{+2.0.0} offset_count=[LIMIT (offset count)]',
    summary: 'Return a range of members in a sorted set, by score',
    since: '1.0.5',
    complexity: 'O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements being ' +
      'returned. If M is constant (e.g. always asking for the first 10 elements with LIMIT), you can ' +
      'consider it O(log(N)).',
    docFlags: 'deprecated',
    deprecatedSince: '6.2.0',
    replacedBy: '`ZRANGE` with the `BYSCORE` argument',
    history: [
      '2.0.0 Added the `WITHSCORES` modifier.',
    ],
    keys: ['RO access; index 1; range 0 1 0'],
  },
  {
    usage: 'ZRANGESTORE dst src min max sortby=[BYSCORE | BYLEX] [REV] offset_count=[LIMIT (offset count)]',
    summary: 'Store a range of members from sorted set into another key',
    since: '6.2.0',
    complexity: 'O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements ' +
      'stored into the destination key.',
    keys: [
      'OW update; index 1; range 0 1 0',
      'RO access; index 2; range 0 1 0',
    ],
  },
  {
    usage: 'ZRANK key member',
    summary: 'Determine the index of a member in a sorted set',
    since: '2.0.0',
    complexity: 'O(log(N))',
    keys: ['RO access; index 1; range 0 1 0'],
  },
  {
    usage: 'ZREM key member [member ...]',
    summary: 'Remove one or more members from a sorted set',
    since: '1.2.0',
    complexity: 'O(M*log(N)) with N being the number of elements in the sorted set and M the number of elements to be ' +
      'removed.',
    history: [
      '2.4.0 Accepts multiple elements.',
    ],
    keys: ['RW delete; index 1; range 0 1 0'],
  },
  {
    usage: 'ZREMRANGEBYLEX key min max',
    summary: 'Remove all members in a sorted set between the given lexicographical range',
    since: '2.8.9',
    complexity: 'O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements ' +
      'removed by the operation.',
    keys: ['RW delete; index 1; range 0 1 0'],
  },
  {
    usage: 'ZREMRANGEBYRANK key start stop',
    summary: 'Remove all members in a sorted set within the given indexes',
    since: '2.0.0',
    complexity: 'O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements ' +
      'removed by the operation.',
    keys: ['RW delete; index 1; range 0 1 0'],
  },
  {
    usage: 'ZREMRANGEBYSCORE key min{double} max{double}',
    summary: 'Remove all members in a sorted set within the given scores',
    since: '1.2.0',
    complexity: 'O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements ' +
      'removed by the operation.',
    keys: ['RW delete; index 1; range 0 1 0'],
  },
  {
    usage: 'ZREVRANGE key start stop [WITHSCORES]',
    summary: 'Return a range of members in a sorted set, by index, with scores ordered from high to low',
    since: '1.2.0',
    complexity: 'O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements ' +
      'returned.',
    docFlags: 'deprecated',
    deprecatedSince: '6.2.0',
    replacedBy: '`ZRANGE` with the `REV` argument',
    keys: ['RO access; index 1; range 0 1 0'],
  },
  {
    usage: 'ZREVRANGEBYLEX key max min offset_count=[LIMIT (offset count)]',
    summary: 'Return a range of members in a sorted set, by lexicographical range, ordered from higher to lower ' +
      'strings.',
    since: '2.8.9',
    complexity: 'O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements being ' +
      'returned. If M is constant (e.g. always asking for the first 10 elements with LIMIT), you can ' +
      'consider it O(log(N)).',
    docFlags: 'deprecated',
    deprecatedSince: '6.2.0',
    replacedBy: '`ZRANGE` with the `REV` and `BYLEX` arguments',
    keys: ['RO access; index 1; range 0 1 0'],
  },
  {
    usage: 'ZREVRANGEBYSCORE key max{double} min{double} [WITHSCORES] offset_count=[LIMIT (offset count)]',
    summary: 'Return a range of members in a sorted set, by score, with scores ordered from high to low',
    since: '2.2.0',
    complexity: 'O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements being ' +
      'returned. If M is constant (e.g. always asking for the first 10 elements with LIMIT), you can ' +
      'consider it O(log(N)).',
    docFlags: 'deprecated',
    deprecatedSince: '6.2.0',
    replacedBy: '`ZRANGE` with the `REV` and `BYSCORE` arguments',
    history: [
      '2.1.6 `min` and `max` can be exclusive.',
    ],
    keys: ['RO access; index 1; range 0 1 0'],
  },
  {
    usage: 'ZREVRANK key member',
    summary: 'Determine the index of a member in a sorted set, with scores ordered from high to low',
    since: '2.0.0',
    complexity: 'O(log(N))',
    keys: ['RO access; index 1; range 0 1 0'],
  },
  {
    usage: 'ZSCAN key cursor [MATCH pattern] [COUNT count]',
    summary: 'Incrementally iterate sorted sets elements and associated scores',
    since: '2.8.0',
    complexity: 'O(1) for every call. O(N) for a complete iteration, including enough command calls for the cursor to ' +
      'return back to 0. N is the number of elements inside the collection..',
    keys: ['RO access; index 1; range 0 1 0'],
    tips: 'nondeterministic_output',
  },
  {
    usage: 'ZSCORE key member',
    summary: 'Get the score associated with the given member in a sorted set',
    since: '1.2.0',
    complexity: 'O(1)',
    keys: ['RO access; index 1; range 0 1 0'],
  },
  {
    usage: 'ZUNION numkeys key [key ...] [WEIGHTS weight [weight ...]] [AGGREGATE <SUM | MIN | MAX>] ' +
      '[WITHSCORES]',
    summary: 'Add multiple sorted sets',
    since: '6.2.0',
    complexity: 'O(N)+O(M*log(M)) with N being the sum of the sizes of the input sorted sets, and M being the number ' +
      'of elements in the resulting sorted set.',
    keys: ['RO access; index 1; keynum 0 1 1'],
  },
  {
    usage: 'ZUNIONSTORE destination numkeys key [key ...] [WEIGHTS weight [weight ...]] [AGGREGATE <SUM | MIN | ' +
      'MAX>]',
    summary: 'Add multiple sorted sets and store the resulting sorted set in a new key',
    since: '2.0.0',
    complexity: 'O(N)+O(M log(M)) with N being the sum of the sizes of the input sorted sets, and M being the number ' +
      'of elements in the resulting sorted set.',
    keys: [
      'OW update; index 1; range 0 1 0',
      'RO access; index 2; keynum 0 1 1',
    ],
  },
];
