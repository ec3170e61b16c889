/**
 * redis.conf as text: reading it the way Redis 7.0 does (one directive per line, `#` comments, sdssplitargs
 * quoting, recursive `include`, the command line appended as extra lines), the value syntaxes shared by
 * every directive (yes/no, memory units, strict integers), Redis's exact FATAL block, and the CONFIG REWRITE
 * engine that keeps the user's file and only replaces, blanks or appends directive lines. The engine is
 * generic (the caller gives the lines per directive) so that Sentinel rewrites sentinel.conf with it too.
 */
import { closeSync, fsyncSync, openSync, readFileSync, renameSync, statSync, writeSync, unlinkSync, chmodSync } from 'node:fs';
import { dirname } from 'node:path';
import { splitArgs } from '../protocol/request-parser.js';
import { REDIS_VERSION } from '../server/server.js';

/** One directive of a config text: its arguments and where it came from (for the FATAL block). */
export interface ConfDirective {
  argv: string[];
  /** 1-based line number in the text (or included file) it came from. */
  lineNo: number;
  /** The line as written, trimmed like Redis (sdstrim " \t\r\n"). */
  line: string;
}

/** A directive that cannot be applied: startup prints Redis's FATAL block and exits 1. */
export class ConfigFileError extends Error {
  constructor(readonly lineNo: number, readonly line: string, readonly reason: string) {
    super(reason);
  }

  /** The block exactly as redis-server writes it to stderr. */
  format(): string {
    return `\n*** FATAL CONFIG FILE ERROR (Redis ${REDIS_VERSION}) ***\nReading the configuration file, at line ${this.lineNo}\n>>> '${this.line}'\n${this.reason}\n`;
  }
}

/** A config file that cannot be read: Redis logs one line and exits 1. */
export class ConfigOpenError extends Error {
  constructor(readonly path: string, readonly reason: string) {
    super(`Fatal error, can't open config file '${path}': ${reason}`);
  }
}

const STRERROR: Record<string, string> = {
  ENOENT: 'No such file or directory',
  EACCES: 'Permission denied',
  EISDIR: 'Is a directory',
  ENOTDIR: 'Not a directory',
  ELOOP: 'Too many levels of symbolic links',
  EMFILE: 'Too many open files',
};

/** C's strerror() text for a Node error (for messages Redis builds with strerror). */
export function strerror(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code ?? '';
  return STRERROR[code] ?? (e as Error).message;
}

export function readConfigFile(path: string): string {
  try {
    return readFileSync(path, 'latin1');
  } catch (e) {
    throw new ConfigOpenError(path, strerror(e));
  }
}

/** Trims like sdstrim(line, " \t\r\n"). */
export function trimLine(s: string): string {
  return s.replace(/^[ \t\r\n]+|[ \t\r\n]+$/g, '');
}

/**
 * Yields the directives of a config text in order, lazily: tokenizing errors surface only when their line
 * is reached, after the earlier lines were applied, exactly as Redis reports the first bad line. `include`
 * is expanded in place (the path is read when reached, so a preceding `dir` changes where it is looked up).
 */
export function* directives(text: string): Generator<ConfDirective> {
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = trimLine(lines[i]);
    if (line === '' || line[0] === '#') continue;
    const argv = splitArgs(line);
    if (argv === null) throw new ConfigFileError(i + 1, line, 'Unbalanced quotes in configuration line');
    if (argv.length === 0) continue;
    argv[0] = argv[0].toLowerCase();
    if (argv[0] === 'include') {
      if (argv.length !== 2) throw new ConfigFileError(i + 1, line, 'Bad directive or wrong number of arguments');
      yield* directives(readConfigFile(argv[1]));
      continue;
    }
    yield { argv, lineNo: i + 1, line };
  }
}

/**
 * The config text redis-server builds from its command line: the file's content, stdin's, then "\n" and
 * one line per `--name` with its values quoted (sdscatrepr). Line numbers in errors count in this text.
 */
export interface CommandLine {
  configFile: string | null;
  fromStdin: boolean;
  /** The `--name value ...` part as config lines. */
  options: string;
}

/** Splits redis-server's argv (without the program name) the way Redis 7.0 does. */
export function parseCommandLine(args: string[]): CommandLine {
  let j = 0;
  let configFile: string | null = null;
  if (args.length > 0 && args[0][0] !== '-') {
    configFile = args[0];
    j = 1;
  }
  let options = '';
  let fromStdin = false;
  let lastHandled = true;
  for (; j < args.length; j++) {
    const a = args[j];
    const isLast = j === args.length - 1;
    if (a === '-' && (j === 0 || isLast)) {
      fromStdin = true;
    } else if (lastHandled && a.startsWith('--')) {
      if (options.length > 0) options += '\n';
      options += a.slice(2) + ' ';
      const parts = splitArgs(a);
      if (parts !== null && parts.length === 1) {
        lastHandled = false;
        const name = a.toLowerCase();
        const nextIsOption = !isLast && args[j + 1].startsWith('--');
        // `--save` and `--sentinel` take no value when followed by another option or nothing.
        if (name === '--save' && (nextIsOption || isLast)) {
          options += '""';
          lastHandled = nextIsOption;
        } else if (name === '--sentinel' && (nextIsOption || isLast)) {
          lastHandled = nextIsOption;
        }
      } else {
        lastHandled = true;
      }
    } else {
      options += reprString(a) + ' ';
      lastHandled = true;
    }
  }
  return { configFile, fromStdin, options };
}

/** sdscatrepr: the value in double quotes with C escapes, non-printable bytes as \xHH. */
export function reprString(s: string): string {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const ch = s[i];
    const c = s.charCodeAt(i);
    if (ch === '\\' || ch === '"') out += '\\' + ch;
    else if (c === 10) out += '\\n';
    else if (c === 13) out += '\\r';
    else if (c === 9) out += '\\t';
    else if (c === 7) out += '\\a';
    else if (c === 8) out += '\\b';
    else if (c >= 32 && c <= 126) out += ch;
    else out += '\\x' + c.toString(16).padStart(2, '0');
  }
  return out + '"';
}

// ---- value syntaxes ----

/** yes/no, case-insensitive; null otherwise. */
export function yesNo(s: string): boolean | null {
  const l = s.toLowerCase();
  return l === 'yes' ? true : l === 'no' ? false : null;
}

const UNITS: Record<string, bigint> = { '': 1n, b: 1n, k: 1000n, kb: 1024n, m: 1000000n, mb: 1048576n, g: 1000000000n, gb: 1073741824n };
const U64 = 1n << 64n;

/**
 * Redis's memtoull: digits then an optional unit (b k kb m mb g gb, any case). An empty number is 0, an
 * overlong one saturates at 2^64-1 and the unit multiplication wraps, as in C. Null: not a memory value.
 */
export function memToU64(s: string): bigint | null {
  const m = /^([0-9]*)([a-zA-Z]*)$/.exec(s);
  if (m === null) return null;
  const mul = UNITS[m[2].toLowerCase()];
  if (mul === undefined) return null;
  let n = m[1] === '' ? 0n : BigInt(m[1]);
  if (n >= U64) n = U64 - 1n;
  return (n * mul) % U64;
}

/** Bytes as CONFIG REWRITE writes them: the largest exact unit among gb, mb, kb. */
export function formatMemory(n: bigint | number): string {
  const v = BigInt(n);
  if (v === 0n) return '0';
  if (v % 1073741824n === 0n) return `${v / 1073741824n}gb`;
  if (v % 1048576n === 0n) return `${v / 1048576n}mb`;
  if (v % 1024n === 0n) return `${v / 1024n}kb`;
  return String(v);
}

// ---- CONFIG REWRITE ----

export const REWRITE_SIGNATURE = '# Generated by CONFIG REWRITE';

/** The lines one directive wants in the file; `force` says whether to append them when absent. */
export interface RewriteEntry {
  /** The key lines are matched on (a directive's canonical name, or "sentinel monitor" ...). */
  name: string;
  lines: string[];
  /** Per line, or one value for all: append when the file has no line to replace. */
  force: boolean | boolean[];
}

export interface RewriteOptions {
  /** Maps a line's arguments to the key it is matched on; null keeps the line untouched. */
  keyOf: (argv: string[]) => string | null;
}

interface OldFile {
  lines: string[];
  /** key -> indexes of the lines still available for that key, in file order. */
  byKey: Map<string, number[]>;
  hasSignature: boolean;
}

function readOld(original: string, opts: RewriteOptions): OldFile {
  const lines: string[] = [];
  const byKey = new Map<string, number[]>();
  let hasSignature = false;
  for (const raw of original === '' ? [] : original.split('\n')) {
    const line = trimLine(raw);
    if (line === '' || line[0] === '#') {
      if (line === REWRITE_SIGNATURE) hasSignature = true;
      lines.push(line);
      continue;
    }
    const argv = splitArgs(line);
    const key = argv === null || argv.length === 0 ? null : opts.keyOf(argv);
    if (key !== null) {
      const list = byKey.get(key);
      if (list) list.push(lines.length);
      else byKey.set(key, [lines.length]);
    }
    lines.push(line);
  }
  return { lines, byKey, hasSignature };
}

/**
 * Rewrites a config text as Redis does: each entry's lines replace the file's lines for that key in place;
 * extra lines are appended after `# Generated by CONFIG REWRITE` when forced; leftover old lines of a
 * rewritten key are removed; everything else (comments, unknown lines) stays; runs of blank lines collapse.
 */
export function rewriteConfigText(original: string, entries: RewriteEntry[], opts: RewriteOptions): string {
  const old = readOld(original, opts);
  const lines = old.lines;
  let signed = old.hasSignature;
  const processed = new Set<string>();
  for (const e of entries) {
    processed.add(e.name);
    const slots = old.byKey.get(e.name) ?? [];
    e.lines.forEach((text, i) => {
      const slot = slots.shift();
      if (slot !== undefined) {
        lines[slot] = text;
        return;
      }
      const force = Array.isArray(e.force) ? e.force[i] : e.force;
      if (!force) return;
      if (!signed) {
        lines.push(REWRITE_SIGNATURE);
        signed = true;
      }
      lines.push(text);
    });
    for (const slot of slots) lines[slot] = '';
    old.byKey.delete(e.name);
  }
  let out = '';
  let wasEmpty = false;
  for (const l of lines) {
    if (l === '') {
      if (wasEmpty) continue;
      wasEmpty = true;
    } else {
      wasEmpty = false;
    }
    out += l + '\n';
  }
  return out;
}

/**
 * Replaces a file atomically: a temp file beside it, fsync, rename, then fsync of the directory. Keeps the
 * old file's permissions. Throws with the system error on failure (the old file is then untouched).
 */
export function writeFileAtomic(path: string, content: string): void {
  const tmp = `${path}.tmp-${process.pid}`;
  let mode = 0o644;
  try {
    mode = statSync(path).mode & 0o7777;
  } catch {
    // new file
  }
  const fd = openSync(tmp, 'w', mode);
  try {
    writeSync(fd, Buffer.from(content, 'latin1'));
    fsyncSync(fd);
  } catch (e) {
    closeSync(fd);
    try { unlinkSync(tmp); } catch { /* ignore */ }
    throw e;
  }
  closeSync(fd);
  try {
    chmodSync(tmp, mode);
    renameSync(tmp, path);
  } catch (e) {
    try { unlinkSync(tmp); } catch { /* ignore */ }
    throw e;
  }
  try {
    const dfd = openSync(dirname(path), 'r');
    try { fsyncSync(dfd); } finally { closeSync(dfd); }
  } catch {
    // Directory fsync is best effort (Redis ignores its failure too).
  }
}
