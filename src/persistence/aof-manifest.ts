/**
 * Redis 7's multi-part AOF layout: in `appenddirname`, one base file (an RDB `<name>.<seq>.base.rdb` with
 * aof-use-rdb-preamble, else commands `<name>.<seq>.base.aof`), incremental command files
 * `<name>.<seq>.incr.aof`, and the manifest `<name>.manifest` listing them, one per line:
 * `file <filename> seq <n> type <b|h|i>` (b base, i incr, h history waiting for deletion).
 * The manifest is replaced atomically (temp file, fsync, rename) so a crash never leaves a half list.
 */
import { openSync, writeSync, fsyncSync, closeSync, renameSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';

export type AofFileType = 'b' | 'h' | 'i';

export interface AofFileInfo {
  name: string;
  seq: number;
  type: AofFileType;
}

export class ManifestError extends Error {}

export class AofManifest {
  base: AofFileInfo | null = null;
  incrs: AofFileInfo[] = [];
  history: AofFileInfo[] = [];
  baseSeq = 0;
  incrSeq = 0;

  constructor(readonly filename: string) {}

  get manifestName(): string {
    return `${this.filename}.manifest`;
  }

  clone(): AofManifest {
    const m = new AofManifest(this.filename);
    m.base = this.base && { ...this.base };
    m.incrs = this.incrs.map((f) => ({ ...f }));
    m.history = this.history.map((f) => ({ ...f }));
    m.baseSeq = this.baseSeq;
    m.incrSeq = this.incrSeq;
    return m;
  }

  /** Adds the next incr file name (not yet persisted). */
  nextIncr(): AofFileInfo {
    const f: AofFileInfo = { name: `${this.filename}.${++this.incrSeq}.incr.aof`, seq: this.incrSeq, type: 'i' };
    this.incrs.push(f);
    return f;
  }

  /** A new base; the previous base and every incr but `keep` become history. */
  newBase(rdb: boolean, keep: AofFileInfo[]): AofFileInfo {
    const f: AofFileInfo = { name: `${this.filename}.${++this.baseSeq}.base.${rdb ? 'rdb' : 'aof'}`, seq: this.baseSeq, type: 'b' };
    if (this.base) this.history.push({ ...this.base, type: 'h' });
    for (const i of this.incrs) if (!keep.includes(i)) this.history.push({ ...i, type: 'h' });
    this.incrs = this.incrs.filter((i) => keep.includes(i));
    this.base = f;
    return f;
  }

  /** Files to load, in order: base then incrs. */
  loadOrder(): AofFileInfo[] {
    return this.base ? [this.base, ...this.incrs] : [...this.incrs];
  }

  serialize(): string {
    const all = [...(this.base ? [this.base] : []), ...this.history, ...this.incrs];
    return all.map((f) => `file ${quoteName(f.name)} seq ${f.seq} type ${f.type}\n`).join('');
  }

  static parse(text: string, filename: string): AofManifest {
    const m = new AofManifest(filename);
    for (const rawLine of text.split('\n')) {
      const line = rawLine.trim();
      if (line === '' || line.startsWith('#')) continue;
      const f = parseLine(line);
      if (f.type === 'b') {
        if (m.base) throw new ManifestError('Found duplicate base file information');
        m.base = f;
        m.baseSeq = f.seq;
      } else if (f.type === 'i') {
        if (f.seq <= m.incrSeq) throw new ManifestError('Found a non-monotonic sequence number');
        m.incrs.push(f);
        m.incrSeq = f.seq;
      } else {
        m.history.push(f);
      }
    }
    if (!m.base && m.incrs.length === 0) throw new ManifestError('Found an empty AOF manifest');
    return m;
  }

  /** Reads dir/<filename>.manifest; null when it does not exist. */
  static load(dir: string, filename: string): AofManifest | null {
    const path = join(dir, `${filename}.manifest`);
    if (!existsSync(path)) return null;
    return AofManifest.parse(readFileSync(path, 'latin1'), filename);
  }

  /** Writes the manifest atomically. */
  persist(dir: string): void {
    const tmp = join(dir, `temp-${this.manifestName}`);
    const fd = openSync(tmp, 'w');
    try {
      writeSync(fd, this.serialize(), null, 'latin1');
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, join(dir, this.manifestName));
  }
}

function parseLine(line: string): AofFileInfo {
  const words = splitWords(line);
  if (words.length % 2 !== 0) throw new ManifestError('Invalid AOF manifest file format');
  let name = '';
  let seq = -1;
  let type = '';
  for (let i = 0; i < words.length; i += 2) {
    if (words[i] === 'file') name = words[i + 1];
    else if (words[i] === 'seq') seq = Number(words[i + 1]);
    else if (words[i] === 'type') type = words[i + 1];
  }
  if (name === '' || !Number.isInteger(seq) || seq < 0 || (type !== 'b' && type !== 'h' && type !== 'i')) {
    throw new ManifestError('Invalid AOF manifest file format');
  }
  if (name.includes('/')) throw new ManifestError('File can\'t be a path, just a filename');
  return { name, seq, type };
}

/** Splits on spaces, honouring "quoted" words with \ escapes (Redis's sdssplitargs). */
function splitWords(line: string): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < line.length) {
    while (line[i] === ' ') i++;
    if (i >= line.length) break;
    if (line[i] === '"') {
      let w = '';
      i++;
      while (i < line.length && line[i] !== '"') {
        if (line[i] === '\\' && i + 1 < line.length) {
          const n = line[++i];
          w += n === 'n' ? '\n' : n === 'r' ? '\r' : n === 't' ? '\t' : n;
        } else w += line[i];
        i++;
      }
      if (line[i] !== '"') throw new ManifestError('Invalid AOF manifest file format');
      i++;
      out.push(w);
    } else {
      const start = i;
      while (i < line.length && line[i] !== ' ') i++;
      out.push(line.slice(start, i));
    }
  }
  return out;
}

function quoteName(name: string): string {
  if (/^[\x21-\x7e]+$/.test(name) && !name.includes('"') && !name.includes('\\')) return name;
  return '"' + name.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n').replace(/\r/g, '\\r') + '"';
}
