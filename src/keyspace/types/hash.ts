/**
 * The hash value, in Redis 7.0's two encodings:
 *  - "listpack": ONE packed latin1 string per hash: <count>, then entries back to back as
 *    <len(field)><field><len(value)><value>, each count/length a little-endian base-128 varint (one char
 *    below 128). Why: every JS string costs a 16-byte header plus 8-byte alignment, so ten small fields and values
 *    as separate strings in an array cost ~4x Redis's listpack, while one packed string costs about what
 *    the listpack does. Lookups scan linearly, as Redis's listpack does (at most hash-max-listpack-entries
 *    entries of at most hash-max-listpack-value bytes). Writes rebuild the string with Array#join, which
 *    always yields a flat copy: no cons/sliced string ever keeps an older version (or a client's query
 *    buffer) alive. Order is listpack order: insertion order, updates in place, deletions close the gap.
 *  - "hashtable": a Map, once the hash outgrows either limit; never converted back (as Redis).
 *
 * Iteration for persistence: `forEach((field, value) => ...)`, or `entries()` (a flat [f, v, ...] copy);
 * `isCompact()` says which encoding the pairs come from.
 */
import type { CompoundValue } from './value.js';
import { bodyStart, lenEnd, lenPrefix, readLen, readLongLen } from './varint.js';

export interface HashLimits {
  hashMaxListpackEntries: number;
  hashMaxListpackValue: number;
}

/** Where the last successful find() saw the entry's value: prefix at valueLenAt, bytes [valueAt, valueEnd). */
let valueLenAt = 0;
let valueAt = 0;
let valueEnd = 0;



/**
 * True when s holds `field` (n > 0 chars) at p. The last char is compared first: fields of one hash often
 * share a prefix ("field:1", "field:2", "user:1001:name"), so most misses are decided by one comparison.
 */
function matchesAt(s: string, p: number, field: string, n: number): boolean {
  if (s.charCodeAt(p + n - 1) !== field.charCodeAt(n - 1)) return false;
  for (let i = 0; i < n - 1; i++) if (s.charCodeAt(p + i) !== field.charCodeAt(i)) return false;
  return true;
}

/** The packed form of an empty hash: a zero count. */
const EMPTY = String.fromCharCode(0);



/**
 * The offset of field's entry in the packed string s (entries from `from` on), or -1; on success
 * valueLenAt/valueAt/valueEnd locate its value. The common one-char lengths are decoded inline.
 */
function find(s: string, from: number, field: string): number {
  const want = field.length;
  const end = s.length;
  let p = from;
  while (p < end) {
    const start = p;
    let n = s.charCodeAt(p++);
    if (n >= 0x80) {
      n = readLongLen(s, p - 1);
      p = lenEnd;
    }
    const fieldAt = p;
    p += n;
    const mAt = p;
    let m = s.charCodeAt(p++);
    if (m >= 0x80) {
      m = readLongLen(s, p - 1);
      p = lenEnd;
    }
    if (n === want && (n === 0 || matchesAt(s, fieldAt, field, n))) {
      valueLenAt = mAt;
      valueAt = p;
      valueEnd = p + m;
      return start;
    }
    p += m;
  }
  return -1;
}

/** A flat copy of s (a slice of 13+ chars would be a view that keeps its parent alive). */
function copyFlat(s: string): string {
  return s.length < 2 ? s : [s.slice(0, 1), s.slice(1)].join('');
}

/** Walks the entries of a packed string, calling fn(field, value) for each. */
function walk(s: string, fn: (field: string, value: string) => void): void {
  const end = s.length;
  readLen(s, 0);
  let p = lenEnd;
  while (p < end) {
    const n = readLen(s, p);
    const fieldAt = lenEnd;
    const m = readLen(s, fieldAt + n);
    p = lenEnd + m;
    fn(s.slice(fieldAt, fieldAt + n), s.slice(lenEnd, p));
  }
}

export class HashValue implements CompoundValue {
  declare readonly kind: 'hash';
  /**
   * Listpack: the packed string, <count> then the entries (the count lives in the string, not in a field
   * of its own: one field keeps this object at 32 bytes). Hashtable: the Map.
   */
  private data: string | Map<string, string> = EMPTY;

  size(): number {
    const d = this.data;
    return typeof d === 'string' ? readLen(d, 0) : d.size;
  }

  encoding(): string {
    return typeof this.data === 'string' ? 'listpack' : 'hashtable';
  }

  isCompact(): boolean {
    return typeof this.data === 'string';
  }

  clone(): HashValue {
    const h = new HashValue();
    // The packed string is immutable, so sharing it is a copy.
    h.data = typeof this.data === 'string' ? this.data : new Map(this.data);
    return h;
  }

  /** Builds a hash from flat pairs (RDB loading), choosing the encoding from the limits. */
  static fromPairs(pairs: readonly string[], limits: HashLimits): HashValue {
    const h = new HashValue();
    const n = pairs.length >> 1;
    const parts = [lenPrefix(n)];
    const seen = new Set<string>();
    let packable = n > 0 && n <= limits.hashMaxListpackEntries;
    for (let i = 0; packable && i < 2 * n; i += 2) {
      const f = pairs[i];
      const v = pairs[i + 1];
      // Duplicate fields (not in an RDB listpack) or long strings: fall back to set() one by one.
      packable = f.length <= limits.hashMaxListpackValue && v.length <= limits.hashMaxListpackValue && !seen.has(f);
      seen.add(f);
      parts.push(lenPrefix(f.length), f, lenPrefix(v.length), v);
    }
    if (packable) h.data = parts.join('');
    else for (let i = 0; i < 2 * n; i += 2) h.set(pairs[i], pairs[i + 1], limits);
    return h;
  }

  get(field: string): string | undefined {
    const d = this.data;
    if (typeof d !== 'string') return d.get(field);
    return find(d, bodyStart(d), field) < 0 ? undefined : d.slice(valueAt, valueEnd);
  }

  has(field: string): boolean {
    const d = this.data;
    return typeof d === 'string' ? find(d, bodyStart(d), field) >= 0 : d.has(field);
  }

  /** Sets a field; returns true when the field is new. Converts to a Map when a limit is crossed. */
  set(field: string, value: string, limits: HashLimits): boolean {
    let d = this.data;
    if (typeof d === 'string' && (field.length > limits.hashMaxListpackValue || value.length > limits.hashMaxListpackValue)) {
      d = this.convert();
    }
    if (typeof d !== 'string') {
      const before = d.size;
      d.set(field, value);
      return d.size !== before;
    }
    const count = readLen(d, 0);
    const body = lenEnd;
    if (find(d, body, field) >= 0) {
      // In place, as the listpack does: the order of fields does not change.
      this.data = [d.slice(0, valueLenAt), lenPrefix(value.length), value, d.slice(valueEnd)].join('');
      return false;
    }
    this.data = [lenPrefix(count + 1), d.slice(body), lenPrefix(field.length), field, lenPrefix(value.length), value].join('');
    if (count + 1 > limits.hashMaxListpackEntries) this.convert();
    return true;
  }

  /** Removes a field; returns true when it existed. */
  delete(field: string): boolean {
    const d = this.data;
    if (typeof d !== 'string') return d.delete(field);
    const count = readLen(d, 0);
    const body = lenEnd;
    const start = find(d, body, field);
    if (start < 0) return false;
    this.data = [lenPrefix(count - 1), d.slice(body, start), d.slice(valueEnd)].join('');
    return true;
  }

  forEach(fn: (field: string, value: string) => void): void {
    const d = this.data;
    if (typeof d === 'string') walk(d, fn);
    else for (const [k, v] of d) fn(k, v);
  }

  /** A flat copy [f1, v1, f2, v2, ...] in iteration order. */
  entries(): string[] {
    const out: string[] = [];
    this.forEach((f, v) => {
      out.push(f, v);
    });
    return out;
  }

  /** Pair i (0 <= i < size()) as [field, value]; O(i) in both encodings (random sampling). */
  pairAt(i: number): [string, string] {
    let n = 0;
    let out: [string, string] | null = null;
    const d = this.data;
    if (typeof d !== 'string') {
      for (const e of d) if (n++ === i) return e;
    } else {
      walk(d, (f, v) => {
        if (n++ === i) out = [f, v];
      });
    }
    if (out === null) throw new Error('pairAt out of range');
    return out;
  }

  /** The Map when hashtable-encoded, else null; cursor scans of big hashes iterate it live. */
  asMap(): Map<string, string> | null {
    return typeof this.data === 'string' ? null : this.data;
  }

  private convert(): Map<string, string> {
    const m = new Map<string, string>();
    // Fields and values become copies of their own, so the packed string can be collected.
    walk(this.data as string, (f, v) => m.set(copyFlat(f), copyFlat(v)));
    this.data = m;
    return m;
  }
}
(HashValue.prototype as { kind: string }).kind = 'hash';

