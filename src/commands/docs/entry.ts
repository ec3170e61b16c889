/**
 * The shape of one command's documentation as the data files write it (compact, reviewable against the Redis
 * command reference) and as the registry hands it out once parsed (what COMMAND DOCS / COMMAND INFO print).
 */
import type { DocArg } from './usage.js';
import type { KeySpec } from './key-specs.js';

export interface DocEntry {
  /** The documented usage line, annotated (./usage.ts); its first word(s) name the command (and subcommand). */
  usage: string;
  summary: string;
  since: string;
  /** Defaults to the group of the file the entry is in. */
  group?: string;
  complexity?: string;
  /** Space-separated doc flags: deprecated, syscmd. */
  docFlags?: string;
  deprecatedSince?: string;
  replacedBy?: string;
  /** "<version> <what changed>" in the order Redis lists them. */
  history?: readonly string[];
  /** Key specs in the notation of ./key-specs.ts. */
  keys?: readonly string[];
  /** Space-separated command tips (nondeterministic_output, request_policy:all_shards, ...). */
  tips?: string;
  subcommands?: readonly DocEntry[];
}

export interface CommandDoc {
  fullName: string;
  summary: string;
  since: string;
  group: string;
  complexity?: string;
  docFlags: string[];
  deprecatedSince?: string;
  replacedBy?: string;
  history: [version: string, text: string][];
  args: DocArg[];
  keySpecs: KeySpec[];
  tips: string[];
}
