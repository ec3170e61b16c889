/**
 * Writes the documentation-driven parts of COMMAND replies: the COMMAND DOCS map of a command (arguments,
 * history, doc flags), and the tips and key specs of COMMAND INFO, with Redis 7.0's reply shapes in RESP2 and
 * RESP3 (which parts are sets, maps or arrays). A command without documentation keeps the command table's own
 * fields (the caller's fallback).
 */
import type { Client } from '../../server/client.js';
import type { RegisteredCommand } from '../spec.js';
import type { DocArg } from './usage.js';
import type { BeginSearch, FindKeys, KeySpec } from './key-specs.js';
import { specKeyPositions } from './key-specs.js';
import { commandDoc, type CommandDoc } from './index.js';

function addSimpleSet(c: Client, items: readonly string[]): void {
  c.addSetLen(items.length);
  for (const s of items) c.addSimple(s);
}

function addArg(c: Client, a: DocArg): void {
  const flags: string[] = [];
  if (a.optional) flags.push('optional');
  if (a.multiple) flags.push('multiple');
  if (a.multipleToken) flags.push('multiple_token');
  const n = 2 + (a.keySpecIndex !== undefined ? 1 : 0) + (a.token !== undefined ? 1 : 0) + (a.since !== undefined ? 1 : 0) +
    (flags.length > 0 ? 1 : 0) + (a.deprecatedSince !== undefined ? 1 : 0) + (a.args !== undefined ? 1 : 0);
  c.addMapLen(n);
  c.addBulk('name');
  c.addBulk(a.name);
  c.addBulk('type');
  c.addBulk(a.type);
  if (a.keySpecIndex !== undefined) {
    c.addBulk('key_spec_index');
    c.addInt(a.keySpecIndex);
  }
  if (a.token !== undefined) {
    c.addBulk('token');
    c.addBulk(a.token);
  }
  if (a.since !== undefined) {
    c.addBulk('since');
    c.addBulk(a.since);
  }
  if (flags.length > 0) {
    c.addBulk('flags');
    addSimpleSet(c, flags);
  }
  if (a.deprecatedSince !== undefined) {
    c.addBulk('deprecated_since');
    c.addBulk(a.deprecatedSince);
  }
  if (a.args !== undefined) {
    c.addBulk('arguments');
    c.addArrayLen(a.args.length);
    for (const sub of a.args) addArg(c, sub);
  }
}

function addBulkField(c: Client, name: string, value: string | undefined): void {
  if (value === undefined) return;
  c.addBulk(name);
  c.addBulk(value);
}

/** Fields of a documented command, before its subcommands. */
function addDocFields(c: Client, doc: CommandDoc, hasSubcommands: boolean): void {
  c.addMapLen(3 + (doc.complexity !== undefined ? 1 : 0) + (doc.docFlags.length > 0 ? 1 : 0) +
    (doc.deprecatedSince !== undefined ? 1 : 0) + (doc.replacedBy !== undefined ? 1 : 0) +
    (doc.history.length > 0 ? 1 : 0) + (doc.args.length > 0 ? 1 : 0) + (hasSubcommands ? 1 : 0));
  addBulkField(c, 'summary', doc.summary);
  addBulkField(c, 'since', doc.since);
  addBulkField(c, 'group', doc.group);
  addBulkField(c, 'complexity', doc.complexity);
  if (doc.docFlags.length > 0) {
    c.addBulk('doc_flags');
    addSimpleSet(c, doc.docFlags);
  }
  addBulkField(c, 'deprecated_since', doc.deprecatedSince);
  addBulkField(c, 'replaced_by', doc.replacedBy);
  if (doc.history.length > 0) {
    c.addBulk('history');
    c.addSetLen(doc.history.length);
    for (const [version, text] of doc.history) c.addBulks([version, text]);
  }
  if (doc.args.length > 0) {
    c.addBulk('arguments');
    c.addArrayLen(doc.args.length);
    for (const a of doc.args) addArg(c, a);
  }
}

/** Fields of an undocumented command: the command table's own. */
function addTableFields(c: Client, cmd: RegisteredCommand, hasSubcommands: boolean): void {
  const complexity = cmd.complexity !== undefined && cmd.complexity !== '' ? cmd.complexity : undefined;
  c.addMapLen(3 + (complexity !== undefined ? 1 : 0) + (hasSubcommands ? 1 : 0));
  addBulkField(c, 'summary', cmd.summary);
  addBulkField(c, 'since', cmd.since);
  addBulkField(c, 'group', cmd.group);
  addBulkField(c, 'complexity', complexity);
}

/** The COMMAND DOCS map of one registered command (without its name), subcommands included. */
export function addCommandDocsReply(c: Client, cmd: RegisteredCommand): void {
  const doc = commandDoc(cmd.fullName);
  const subs = cmd.subTable;
  if (doc !== null) addDocFields(c, doc, subs !== null);
  else addTableFields(c, cmd, subs !== null);
  if (subs === null) return;
  c.addBulk('subcommands');
  c.addMapLen(subs.size);
  for (const sub of subs.values()) {
    c.addBulk(sub.fullName);
    addCommandDocsReply(c, sub);
  }
}

/** COMMAND INFO's tips; false when the command is undocumented (the caller writes its own). */
export function addTipsReply(c: Client, cmd: RegisteredCommand): boolean {
  const doc = commandDoc(cmd.fullName);
  if (doc === null) return false;
  c.addSetLen(doc.tips.length);
  for (const t of doc.tips) c.addBulk(t);
  return true;
}

function addBeginSearch(c: Client, b: BeginSearch): void {
  c.addMapLen(2);
  c.addBulk('type');
  c.addBulk(b.type);
  c.addBulk('spec');
  if (b.type === 'index') {
    c.addMapLen(1);
    c.addBulk('index');
    c.addInt(b.index);
  } else if (b.type === 'keyword') {
    c.addMapLen(2);
    c.addBulk('keyword');
    c.addBulk(b.keyword);
    c.addBulk('startfrom');
    c.addInt(b.startfrom);
  } else c.addMapLen(0);
}

function addIntFields(c: Client, fields: readonly [string, number][]): void {
  c.addMapLen(fields.length);
  for (const [k, v] of fields) {
    c.addBulk(k);
    c.addInt(v);
  }
}

function addFindKeys(c: Client, f: FindKeys): void {
  c.addMapLen(2);
  c.addBulk('type');
  c.addBulk(f.type);
  c.addBulk('spec');
  if (f.type === 'range') addIntFields(c, [['lastkey', f.lastkey], ['keystep', f.keystep], ['limit', f.limit]]);
  else if (f.type === 'keynum') addIntFields(c, [['keynumidx', f.keynumidx], ['firstkey', f.firstkey], ['keystep', f.keystep]]);
  else c.addMapLen(0);
}

function addKeySpec(c: Client, ks: KeySpec): void {
  c.addMapLen(ks.notes !== undefined ? 4 : 3);
  addBulkField(c, 'notes', ks.notes);
  c.addBulk('flags');
  addSimpleSet(c, ks.flags);
  c.addBulk('begin_search');
  addBeginSearch(c, ks.begin);
  c.addBulk('find_keys');
  addFindKeys(c, ks.find);
}

/** COMMAND INFO's key specs; false when the command is undocumented (the caller writes its own). */
export function addKeySpecsReply(c: Client, cmd: RegisteredCommand): boolean {
  const doc = commandDoc(cmd.fullName);
  if (doc === null) return false;
  c.addSetLen(doc.keySpecs.length);
  for (const ks of doc.keySpecs) addKeySpec(c, ks);
  return true;
}

/** BITFIELD reads only when every operation is a GET (anything unreadable counts as a write, as in Redis). */
function bitfieldReadOnly(argv: readonly string[]): boolean {
  for (let i = 2; i < argv.length; i++) {
    const op = argv[i].toLowerCase();
    const rest = argv.length - i - 1;
    if (op === 'get' && rest >= 2) i += 2;
    else if (op === 'overflow' && rest >= 1) i += 1;
    else return false;
  }
  return true;
}

/** Flags of the keys of the two commands whose key spec says `variable_flags`: they depend on the arguments. */
const VARIABLE_FLAGS: Record<string, (argv: readonly string[]) => string[]> = {
  set: (argv) => (argv.slice(3).some((a) => a.toLowerCase() === 'get') ? ['RW', 'access', 'update'] : ['OW', 'update']),
  bitfield: (argv) => (bitfieldReadOnly(argv) ? ['RO', 'access'] : ['RW', 'access', 'update']),
};

/**
 * The access flags of the key at argv[pos] for COMMAND GETKEYSANDFLAGS: those of the first key spec that finds
 * it, or, for a key only the command's own key finder knows (SORT ... STORE dst), those of its last spec whose
 * keys cannot be located in advance; null when the command is undocumented.
 */
export function keySpecFlagsAt(cmd: RegisteredCommand, argv: readonly string[], pos: number): string[] | null {
  const doc = commandDoc(cmd.fullName);
  if (doc === null) return null;
  let unknown: KeySpec | null = null;
  for (const ks of doc.keySpecs) {
    if (ks.begin.type === 'unknown' || ks.find.type === 'unknown') unknown = ks;
    else if (specKeyPositions(ks, argv).includes(pos)) return variableFlags(cmd, ks, argv);
  }
  return unknown === null ? null : variableFlags(cmd, unknown, argv);
}

function variableFlags(cmd: RegisteredCommand, ks: KeySpec, argv: readonly string[]): string[] {
  const resolve = ks.flags.includes('variable_flags') ? VARIABLE_FLAGS[cmd.fullName] : undefined;
  return resolve !== undefined ? resolve(argv) : ks.flags;
}
