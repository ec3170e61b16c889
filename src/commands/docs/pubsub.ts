/**
 * COMMAND DOCS / COMMAND INFO data: Pub/Sub, as Redis 7.0 documents them. Usage lines as the command
 * reference publishes them, annotated in the notation of ./usage.ts; key specs in that of ./key-specs.ts.
 */
import type { DocEntry } from './entry.js';

export const PUBSUB_DOCS: DocEntry[] = [
  {
    usage: 'PSUBSCRIBE (pattern) [pattern ...]',
    summary: 'Listen for messages published to channels matching the given patterns',
    since: '2.0.0',
    complexity: 'O(N) where N is the number of patterns the client is already subscribed to.',
  },
  {
    usage: 'PUBLISH channel message',
    summary: 'Post a message to a channel',
    since: '2.0.0',
    complexity: 'O(N+M) where N is the number of clients subscribed to the receiving channel and M is the total ' +
      'number of subscribed patterns (by any client).',
  },
  {
    usage: 'PUBSUB',
    summary: 'A container for Pub/Sub commands',
    since: '2.8.0',
    complexity: 'Depends on subcommand.',
    subcommands: [
      {
        usage: 'PUBSUB CHANNELS [pattern]',
        summary: 'List active channels',
        since: '2.8.0',
        complexity: 'O(N) where N is the number of active channels, and assuming constant time pattern matching ' +
          '(relatively short channels and patterns)',
      },
      {
        usage: 'PUBSUB HELP',
        summary: 'Show helpful text about the different subcommands',
        since: '6.2.0',
        complexity: 'O(1)',
      },
      {
        usage: 'PUBSUB NUMPAT',
        summary: 'Get the count of unique patterns pattern subscriptions',
        since: '2.8.0',
        complexity: 'O(1)',
      },
      {
        usage: 'PUBSUB NUMSUB [channel [channel ...]]',
        summary: 'Get the count of subscribers for channels',
        since: '2.8.0',
        complexity: 'O(N) for the NUMSUB subcommand, where N is the number of requested channels',
      },
      {
        usage: 'PUBSUB SHARDCHANNELS [pattern]',
        summary: 'List active shard channels',
        since: '7.0.0',
        complexity: 'O(N) where N is the number of active shard channels, and assuming constant time pattern matching ' +
          '(relatively short shard channels).',
      },
      {
        usage: 'PUBSUB SHARDNUMSUB [shardchannel [shardchannel ...]]',
        summary: 'Get the count of subscribers for shard channels',
        since: '7.0.0',
        complexity: 'O(N) for the SHARDNUMSUB subcommand, where N is the number of requested shard channels',
      },
    ],
  },
  {
    usage: 'PUNSUBSCRIBE [pattern [pattern ...]]',
    summary: 'Stop listening for messages posted to channels matching the given patterns',
    since: '2.0.0',
    complexity: 'O(N+M) where N is the number of patterns the client is already subscribed and M is the number of ' +
      'total patterns subscribed in the system (by any client).',
  },
  {
    usage: 'SPUBLISH shardchannel message',
    summary: 'Post a message to a shard channel',
    since: '7.0.0',
    complexity: 'O(N) where N is the number of clients subscribed to the receiving shard channel.',
    keys: ['not_key; index 1; range 0 1 0'],
  },
  {
    usage: 'SSUBSCRIBE shardchannel [shardchannel ...]',
    summary: 'Listen for messages published to the given shard channels',
    since: '7.0.0',
    complexity: 'O(N) where N is the number of shard channels to subscribe to.',
    keys: ['not_key; index 1; range -1 1 0'],
  },
  {
    usage: 'SUBSCRIBE channel [channel ...]',
    summary: 'Listen for messages published to the given channels',
    since: '2.0.0',
    complexity: 'O(N) where N is the number of channels to subscribe to.',
  },
  {
    usage: 'SUNSUBSCRIBE [shardchannel [shardchannel ...]]',
    summary: 'Stop listening for messages posted to the given shard channels',
    since: '7.0.0',
    complexity: 'O(N) where N is the number of clients already subscribed to a shard channel.',
    keys: ['not_key; index 1; range -1 1 0'],
  },
  {
    usage: 'UNSUBSCRIBE [channel [channel ...]]',
    summary: 'Stop listening for messages posted to the given channels',
    since: '2.0.0',
    complexity: 'O(N) where N is the number of clients already subscribed to a channel.',
  },
];
