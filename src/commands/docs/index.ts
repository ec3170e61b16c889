/**
 * The documentation registry: every command's (and subcommand's) entry by full name ("set", "client|kill"),
 * parsed on first use and cached, so startup pays nothing and a data mistake shows up as a thrown error in
 * the docs tests rather than at boot. The data is Redis 7.0's documentation of its commands, kept apart from
 * the command table (src/commands/*.ts) so that the command files stay about behaviour; a registered command
 * without an entry here (a Redoubt-only command) falls back to the table's own summary/since/group.
 */
import type { CommandDoc, DocEntry } from './entry.js';
import { parseUsage } from './usage.js';
import { parseKeySpec } from './key-specs.js';
import { BITMAP_DOCS } from './bitmap.js';
import { CLUSTER_DOCS } from './cluster.js';
import { CONNECTION_DOCS } from './connection.js';
import { GENERIC_DOCS } from './generic.js';
import { GEO_DOCS } from './geo.js';
import { HASH_DOCS } from './hash.js';
import { HYPERLOGLOG_DOCS } from './hyperloglog.js';
import { LIST_DOCS } from './list.js';
import { PUBSUB_DOCS } from './pubsub.js';
import { SCRIPTING_DOCS } from './scripting.js';
import { SERVER_DOCS } from './server.js';
import { SET_DOCS } from './set.js';
import { SORTED_SET_DOCS } from './sorted-set.js';
import { STREAM_DOCS } from './stream.js';
import { STRING_DOCS } from './string.js';
import { TRANSACTIONS_DOCS } from './transactions.js';

export type { CommandDoc } from './entry.js';

const GROUPS: readonly [string, readonly DocEntry[]][] = [
  ['bitmap', BITMAP_DOCS], ['cluster', CLUSTER_DOCS], ['connection', CONNECTION_DOCS], ['generic', GENERIC_DOCS],
  ['geo', GEO_DOCS], ['hash', HASH_DOCS], ['hyperloglog', HYPERLOGLOG_DOCS], ['list', LIST_DOCS],
  ['pubsub', PUBSUB_DOCS], ['scripting', SCRIPTING_DOCS], ['server', SERVER_DOCS], ['set', SET_DOCS],
  ['sorted-set', SORTED_SET_DOCS], ['stream', STREAM_DOCS], ['string', STRING_DOCS], ['transactions', TRANSACTIONS_DOCS],
];

interface RawDoc {
  entry: DocEntry;
  group: string;
  words: number;
}

let raw: Map<string, RawDoc> | null = null;
const parsed = new Map<string, CommandDoc | null>();

/** "SET key ..." -> "set"; "CLIENT KILL ..." (words = 2) -> "client|kill". */
function fullNameOf(usage: string, words: number): string {
  return usage.split(' ', words).join('|').toLowerCase();
}

function rawIndex(): Map<string, RawDoc> {
  if (raw !== null) return raw;
  raw = new Map();
  for (const [group, entries] of GROUPS) {
    for (const e of entries) {
      const g = e.group ?? group;
      raw.set(fullNameOf(e.usage, 1), { entry: e, group: g, words: 1 });
      for (const sub of e.subcommands ?? []) raw.set(fullNameOf(sub.usage, 2), { entry: sub, group: sub.group ?? g, words: 2 });
    }
  }
  return raw;
}

function parseEntry(fullName: string, r: RawDoc): CommandDoc {
  const e = r.entry;
  const doc: CommandDoc = {
    fullName,
    summary: e.summary,
    since: e.since,
    group: r.group,
    docFlags: e.docFlags ? e.docFlags.split(' ') : [],
    history: (e.history ?? []).map((h) => {
      const sp = h.indexOf(' ');
      return [h.slice(0, sp), h.slice(sp + 1)];
    }),
    args: parseUsage(e.usage, r.words),
    keySpecs: (e.keys ?? []).map(parseKeySpec),
    tips: e.tips ? e.tips.split(' ') : [],
  };
  if (e.complexity !== undefined) doc.complexity = e.complexity;
  if (e.deprecatedSince !== undefined) doc.deprecatedSince = e.deprecatedSince;
  if (e.replacedBy !== undefined) doc.replacedBy = e.replacedBy;
  return doc;
}

/** The documentation of a command by full name ("get", "config|get"), or null when there is none. */
export function commandDoc(fullName: string): CommandDoc | null {
  let doc = parsed.get(fullName);
  if (doc !== undefined) return doc;
  const r = rawIndex().get(fullName);
  doc = r === undefined ? null : parseEntry(fullName, r);
  parsed.set(fullName, doc);
  return doc;
}

/** Every documented full name (commands and subcommands), for tests. */
export function documentedNames(): string[] {
  return [...rawIndex().keys()];
}
