/**
 * Replaying an AOF at startup: the manifest's files in order (base, then incrs). A base that starts with
 * "REDIS" is an RDB preamble (loaded by the RDB loader) possibly followed by commands; everything else is
 * RESP multibulk commands, run through the command handlers on a muted fake client, in slices so the loop
 * keeps answering -LOADING. MULTI ... EXEC blocks are applied only once their EXEC is read.
 *
 * A command cut short at the end of the LAST file is a crash mid-write: with aof-load-truncated the file is
 * truncated to the last whole command (as Redis does) and loading goes on; otherwise, and for any other
 * malformation, loading fails with Redis's messages and the server exits.
 */
import { readFile } from 'node:fs/promises';
import { truncateSync } from 'node:fs';
import { join } from 'node:path';
import type { Server } from '../server/server.js';
import type { Client } from '../server/client.js';
import { resolveCommand } from '../server/dispatch.js';
import type { AofManifest } from './aof-manifest.js';
import type { RdbService } from './rdb-service.js';

export class AofLoadError extends Error {}

const TRUNCATED = 'truncated' as const;

/** Reads RESP multibulk commands from a latin1 string. */
export class AofCommandReader {
  constructor(private readonly s: string, public pos: number) {}

  /** The next command, null at the end, TRUNCATED if the data stops mid-command (pos is left at its start). */
  next(): string[] | null | typeof TRUNCATED {
    const s = this.s;
    if (this.pos >= s.length) return null;
    const start = this.pos;
    if (s.charCodeAt(start) !== 42) throw new AofLoadError('Bad file format');
    const head = this.line(start + 1);
    if (head === null) return TRUNCATED;
    const argc = this.int(head.text);
    let p = head.next;
    const argv = new Array<string>(argc);
    for (let i = 0; i < argc; i++) {
      if (p >= s.length) return this.cut(start);
      if (s.charCodeAt(p) !== 36) throw new AofLoadError('Bad file format');
      const l = this.line(p + 1);
      if (l === null) return this.cut(start);
      const len = this.int(l.text);
      if (l.next + len + 2 > s.length) return this.cut(start);
      argv[i] = s.slice(l.next, l.next + len);
      if (s.charCodeAt(l.next + len) !== 13 || s.charCodeAt(l.next + len + 1) !== 10) throw new AofLoadError('Bad file format');
      p = l.next + len + 2;
    }
    this.pos = p;
    return argv;
  }

  private cut(start: number): typeof TRUNCATED {
    this.pos = start;
    return TRUNCATED;
  }

  private line(from: number): { text: string; next: number } | null {
    const cr = this.s.indexOf('\r\n', from);
    if (cr < 0) return null;
    return { text: this.s.slice(from, cr), next: cr + 2 };
  }

  private int(t: string): number {
    if (!/^\d{1,10}$/.test(t)) throw new AofLoadError('Bad file format');
    return Number(t);
  }
}

interface ReplayState {
  client: Client;
  multi: string[][] | null;
  multiStart: number;
  commands: number;
}

const SLICE_MS = 20;

/** Loads every file of the manifest; resolves with the number of commands replayed. */
export async function loadAofFiles(server: Server, rdb: RdbService, dir: string, m: AofManifest): Promise<number> {
  const files = m.loadOrder();
  const st: ReplayState = { client: server.createFakeClient(), multi: null, multiStart: 0, commands: 0 };
  st.client.muted = 1;
  for (let i = 0; i < files.length; i++) {
    const t0 = performance.now();
    const name = files[i].name;
    const buf = await readFile(join(dir, name));
    if (buf.length === 0) continue;
    let start = 0;
    if (buf.subarray(0, 5).toString('latin1') === 'REDIS') {
      server.log.notice(`Reading RDB base file on AOF loading...`);
      start = (await rdb.loadBuffer(buf, 'AOF preamble')).endOffset;
    }
    await replayCommands(server, st, buf.toString('latin1'), start, name, join(dir, name), i === files.length - 1);
    server.log.notice(`DB loaded from ${files[i].type === 'b' ? 'base' : 'incr'} file ${name}: ${((performance.now() - t0) / 1000).toFixed(3)} seconds`);
  }
  server.dirty = 0;
  return st.commands;
}

function replayCommands(server: Server, st: ReplayState, text: string, start: number, name: string, path: string, last: boolean): Promise<void> {
  const reader = new AofCommandReader(text, start);
  st.client.db = server.dbs[0];
  return new Promise((resolve, reject) => {
    const slice = (): void => {
      try {
        server.updateCachedTime();
        if (runSlice(server, st, reader, name, path, last)) resolve();
        else setImmediate(slice);
      } catch (e) {
        reject(e instanceof AofLoadError ? new AofLoadError(aofErrorText(e, name)) : e);
      }
    };
    slice();
  });
}

/** Runs commands until the deadline; true when the file is done. */
function runSlice(server: Server, st: ReplayState, reader: AofCommandReader, name: string, path: string, last: boolean): boolean {
  const deadline = performance.now() + SLICE_MS;
  for (let n = 0; ; n++) {
    const before = reader.pos;
    const argv = reader.next();
    if (argv === null) {
      if (st.multi !== null) return truncated(server, st.multiStart, name, path, last, st);
      return true;
    }
    if (argv === TRUNCATED) return truncated(server, st.multi !== null ? st.multiStart : reader.pos, name, path, last, st);
    const lower = argv[0].toLowerCase();
    if (lower === 'multi') {
      st.multi = [];
      st.multiStart = before;
    } else if (lower === 'exec' && st.multi !== null) {
      for (const q of st.multi) execute(server, st, q, name);
      st.multi = null;
    } else if (st.multi !== null) {
      st.multi.push(argv);
    } else {
      execute(server, st, argv, name);
    }
    if ((n & 127) === 127 && performance.now() >= deadline) return false;
  }
}

function execute(server: Server, st: ReplayState, argv: string[], name: string): void {
  const cmd = resolveCommand(server, argv);
  if (typeof cmd === 'string') throw new AofLoadError(`Unknown command '${argv[0].slice(0, 128)}' reading the append only file ${name}`);
  const c = st.client;
  c.argv = argv;
  c.cmd = cmd;
  const prev = server.currentClient;
  server.currentClient = c;
  cmd.handler(c, argv);
  server.currentClient = prev;
  c.takeSpilled();
  c.takeOutput();
  st.commands++;
}

/** A command cut short: fatal unless it is the last file and aof-load-truncated is on. */
function truncated(server: Server, validUpTo: number, name: string, path: string, last: boolean, st: ReplayState): true {
  const log = server.log;
  log.warning(`!!! Warning: short read while loading the AOF file ${name}!!!`);
  if (!last || !server.settings.aofLoadTruncated) {
    throw new AofLoadError(`Unexpected end of file reading the append only file ${name}. You can: 1) Make a backup of your AOF file, then use ./redis-check-aof --fix <filename.manifest>. 2) Alternatively you can set the 'aof-load-truncated' configuration option to yes and restart the server.`);
  }
  if (st.multi !== null) log.warning('Revert incomplete MULTI/EXEC transaction in AOF file');
  st.multi = null;
  log.warning(`!!! Truncating the AOF ${name} at offset ${validUpTo} !!!`);
  truncateSync(path, validUpTo);
  log.warning('AOF loaded anyway because aof-load-truncated is enabled');
  return true;
}

function aofErrorText(e: AofLoadError, name: string): string {
  if (e.message === 'Bad file format') {
    return `Bad file format reading the append only file ${name}: make a backup of your AOF file, then use ./redis-check-aof --fix <filename.manifest>`;
  }
  return e.message;
}
