/**
 * SCAN cursors (SCAN, HSCAN, SSCAN, ZSCAN): why they never miss an element.
 *
 * Redis reverse-binary-increments a bucket index so that a rehash cannot make the walk skip buckets. A JS Map
 * gives the same guarantee more simply: a live Map iterator survives inserts, deletes and rehashes, and it
 * visits every entry that is not deleted before the iterator reaches it (entries added later are visited too).
 * So a cursor is just a live iterator parked in a table between calls:
 *
 *  - each call that stops early parks its iterator under a NEW cursor id (monotonic, never reused, sent as a
 *    decimal string) and forgets the id it was resumed from; a client that repeats an old cursor (a retry)
 *    restarts from the beginning: duplicates are allowed by the SCAN contract, misses are not;
 *  - an unknown cursor (evicted, from before a restart, made up) restarts the iteration as if it were 0;
 *  - a cursor remembers the container it walks (the db's dict Map, a hash's Map, ...). If the container is
 *    no longer the same object (FLUSHDB/SWAPDB replaced the dict, a small encoding was converted, the key
 *    was deleted and recreated), the iteration restarts over the new container;
 *  - the table is bounded (MAX_LIVE_CURSORS, 1024 by default): parking one more evicts the oldest, whose
 *    client will restart. A parked iterator keeps its container alive until it is resumed or evicted, so the
 *    bound also bounds that memory. Cursor ids are never reused, so an evicted id cannot alias a new scan.
 *
 * Cursors are server-wide (not per client), like Redis's, so a scan can continue on another connection.
 */
import { parseLong, isKeyword } from '../commands/util.js';
import { E } from '../server/errors.js';

export const MAX_LIVE_CURSORS = 1024;

interface Parked {
  source: object;
  it: Iterator<unknown>;
}

export class ScanCursors {
  private readonly parked = new Map<number, Parked>();
  private nextId = 1;

  constructor(readonly maxLive = MAX_LIVE_CURSORS) {}

  get liveCount(): number {
    return this.parked.size;
  }

  /**
   * The iterator to continue `cursor` over `source`: the parked one, or a fresh one from `start()` when the
   * cursor is 0, unknown or was made over another container. The cursor id is consumed either way.
   */
  resume<T>(cursor: string, source: object, start: () => Iterator<T>): Iterator<T> {
    const id = Number(cursor);
    if (id > 0) {
      const p = this.parked.get(id);
      if (p !== undefined) {
        this.parked.delete(id);
        if (p.source === source) return p.it as Iterator<T>;
      }
    }
    return start();
  }

  /** Parks an unfinished iterator; returns its new cursor id as the decimal string to send. */
  park(source: object, it: Iterator<unknown>): string {
    const id = this.nextId++;
    this.parked.set(id, { source, it });
    if (this.parked.size > this.maxLive) {
      const oldest = this.parked.keys().next().value as number;
      this.parked.delete(oldest);
    }
    return String(id);
  }

  clear(): void {
    this.parked.clear();
  }
}

/**
 * Redis parses cursors with strtoul: an unsigned 64-bit decimal, optional sign ("-1" wraps around and is
 * accepted), no leading space; the empty string reads as 0.
 */
export function validCursor(s: string): boolean {
  if (s === '') return true;
  if (!/^[+-]?\d+$/.test(s)) return false;
  const digits = s.charCodeAt(0) < 48 ? s.slice(1) : s;
  return digits.length < 20 || BigInt(digits) <= 18446744073709551615n;
}

export interface ScanOptions {
  count: number;
  /** null = match everything ("*" is normalised to null). */
  pattern: string | null;
  /** TYPE filter (SCAN only), lowercase; null = any. */
  type: string | null;
}

/**
 * Parses COUNT / MATCH / TYPE from argv[from..] as Redis 7.0 does. Returns the options or an error text.
 * `allowType` is true for SCAN, false for HSCAN/SSCAN/ZSCAN (TYPE is then a syntax error).
 */
export function parseScanOptions(argv: readonly string[], from: number, allowType: boolean): ScanOptions | string {
  const opts: ScanOptions = { count: 10, pattern: null, type: null };
  for (let i = from; i < argv.length; i += 2) {
    const hasValue = i + 1 < argv.length;
    const a = argv[i];
    if (hasValue && isKeyword(a, 'COUNT')) {
      const n = parseLong(argv[i + 1]);
      if (n === null) return E.NOT_INTEGER;
      if (n < 1) return E.SYNTAX;
      opts.count = n;
    } else if (hasValue && isKeyword(a, 'MATCH')) {
      const p = argv[i + 1];
      opts.pattern = p === '*' ? null : p;
    } else if (hasValue && allowType && isKeyword(a, 'TYPE')) {
      opts.type = argv[i + 1].toLowerCase();
    } else {
      return E.SYNTAX;
    }
  }
  return opts;
}

/** The server-wide cursor table, kept in server.modules under 'scan'. */
export function scanCursorsOf(modules: Map<string, unknown>): ScanCursors {
  let t = modules.get('scan') as ScanCursors | undefined;
  if (t === undefined) {
    t = new ScanCursors();
    modules.set('scan', t);
  }
  return t;
}
