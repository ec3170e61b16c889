/**
 * The set value, in the two encodings Redis 7.0 has:
 *  - "intset": while every member is a canonical int64 and there are at most set-max-intset-entries, ONE
 *    packed latin1 string: a width char (2, 4 or 8), then the members in ascending order, each as `width`
 *    big-endian bytes of the value offset by 2^(8*width-1) (so byte order is numeric order). Why: every JS
 *    string costs a 16-byte header plus alignment, so ten small members as separate strings cost ~8x
 *    Redis's intset, while the packed form costs about what the intset does (2 bytes per small member).
 *    Lookups are binary searches; the width grows with the widest member, as Redis's intset upgrades, and
 *    never shrinks. Writes rebuild the string with Array#join (a flat copy: no cons/sliced string keeps an
 *    older version alive). Replies are ascending, as Redis's, so they match byte for byte.
 *  - "hashtable": otherwise, and forever after the first conversion (as Redis). Stored as a dense array
 *    of members plus a Map member -> index, so SPOP/SRANDMEMBER pick a random member in O(1) (a plain
 *    JS Set can only be sampled by walking it); deletion moves the last member into the hole.
 *
 * Iteration for persistence: `forEach(fn)` or `members()` (a copy); `isIntset()` says which encoding.
 */
import type { CompoundValue } from './value.js';
import { isCanonicalInt64 } from './value.js';

export interface SetLimits {
  setMaxIntsetEntries: number;
}

/** Orders canonical int64 decimal strings numerically without parsing them. */
export function compareIntStrings(a: string, b: string): number {
  const an = a.charCodeAt(0) === 45;
  const bn = b.charCodeAt(0) === 45;
  if (an !== bn) return an ? -1 : 1;
  if (a.length !== b.length) return an ? b.length - a.length : a.length - b.length;
  if (a === b) return 0;
  return (a < b) !== an ? -1 : 1;
}

const TWO32 = 4294967296;

/**
 * The member being looked up, set by parseInt64(): its value as (hi, lo) 32-bit halves (hi signed, lo
 * unsigned), as a number when exact (|v| < 2^53, else NaN), and the narrowest width holding it.
 */
let tHi = 0;
let tLo = 0;
let tNum = 0;
let tWidth = 2;

/** Parses a canonical int64 decimal string into tHi/tLo/tNum/tWidth. */
function parseInt64(m: string): void {
  if (m.length <= 15) {
    const v = +m;
    tNum = v;
    tHi = Math.floor(v / TWO32);
    tLo = v - tHi * TWO32;
    tWidth = v >= -32768 && v <= 32767 ? 2 : v >= -2147483648 && v <= 2147483647 ? 4 : 8;
    return;
  }
  const b = BigInt(m);
  tHi = Number(b >> 32n);
  tLo = Number(b & 0xffffffffn);
  tNum = tHi >= -2097152 && tHi < 2097152 ? tHi * TWO32 + tLo : NaN;
  tWidth = 8;
}

/** The signed 32-bit value stored (offset by 2^31) in the 4 bytes at p. */
function int32At(s: string, p: number): number {
  return ((s.charCodeAt(p) << 24) | (s.charCodeAt(p + 1) << 16) | (s.charCodeAt(p + 2) << 8) | s.charCodeAt(p + 3)) ^ 0x80000000;
}

/** The unsigned 32-bit value in the 4 bytes at p. */
function uint32At(s: string, p: number): number {
  return ((s.charCodeAt(p) << 24) | (s.charCodeAt(p + 1) << 16) | (s.charCodeAt(p + 2) << 8) | s.charCodeAt(p + 3)) >>> 0;
}

/** Compares entry i (of width w) with the parsed member: <0, 0, >0. */
function compareAt(s: string, i: number, w: number): number {
  const p = 1 + i * w;
  if (w === 2) return ((s.charCodeAt(p) << 8) | s.charCodeAt(p + 1)) - 32768 - tNum;
  if (w === 4) return int32At(s, p) - tNum;
  const hi = int32At(s, p);
  return hi !== tHi ? hi - tHi : uint32At(s, p + 4) - tLo;
}

/** Binary search for the parsed member (tWidth <= w): its index if found, else -(insertion point) - 1. */
function search(s: string, w: number): number {
  let lo = 0;
  let hi = (s.length - 1) / w - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const c = compareAt(s, mid, w);
    if (c === 0) return mid;
    if (c < 0) lo = mid + 1;
    else hi = mid - 1;
  }
  return -lo - 1;
}

/** The decimal text of entry i (width w). */
function entryAt(s: string, i: number, w: number): string {
  const p = 1 + i * w;
  if (w === 2) return String(((s.charCodeAt(p) << 8) | s.charCodeAt(p + 1)) - 32768);
  if (w === 4) return String(int32At(s, p));
  const hi = int32At(s, p);
  const lo = uint32At(s, p + 4);
  if (hi >= -2097152 && hi < 2097152) return String(hi * TWO32 + lo);
  return String((BigInt(hi) << 32n) + BigInt(lo));
}

/** The parsed member as w bytes (offset binary, big-endian). */
function encodeParsed(w: number): string {
  if (w === 2) {
    const k = tNum + 32768;
    return String.fromCharCode(k >> 8, k & 255);
  }
  const k = ((w === 4 ? tNum : tHi) + 0x80000000) >>> 0;
  if (w === 4) return String.fromCharCode(k >>> 24, (k >>> 16) & 255, (k >>> 8) & 255, k & 255);
  return String.fromCharCode(k >>> 24, (k >>> 16) & 255, (k >>> 8) & 255, k & 255, tLo >>> 24, (tLo >>> 16) & 255, (tLo >>> 8) & 255, tLo & 255);
}

/** Packs sorted, distinct canonical int64 strings at the narrowest width holding them all. */
function pack(sorted: readonly string[]): string {
  let w = 2;
  for (let i = 0; i < sorted.length; i++) {
    parseInt64(sorted[i]);
    if (tWidth > w) w = tWidth;
  }
  const parts: string[] = [String.fromCharCode(w)];
  for (let i = 0; i < sorted.length; i++) {
    parseInt64(sorted[i]);
    parts.push(encodeParsed(w));
  }
  return parts.join('');
}

/** Every member of a packed intset, ascending. */
function unpack(s: string): string[] {
  const w = s.charCodeAt(0);
  const n = (s.length - 1) / w;
  const out: string[] = new Array(n);
  for (let i = 0; i < n; i++) out[i] = entryAt(s, i, w);
  return out;
}

/** The hashtable encoding: dense members plus their positions. */
class Dense {
  constructor(
    readonly arr: string[],
    readonly index: Map<string, number>,
  ) {}
}

/** An empty intset: width 2, no entries. */
const EMPTY = String.fromCharCode(2);

export class SetValue implements CompoundValue {
  declare readonly kind: 'set';
  /** Intset: the packed string (one field keeps this object at 32 bytes). Hashtable: the Dense arrays. */
  private data: string | Dense = EMPTY;

  size(): number {
    const d = this.data;
    return typeof d === 'string' ? (d.length - 1) / d.charCodeAt(0) : d.arr.length;
  }

  encoding(): string {
    return typeof this.data === 'string' ? 'intset' : 'hashtable';
  }

  isIntset(): boolean {
    return typeof this.data === 'string';
  }

  clone(): SetValue {
    const s = new SetValue();
    const d = this.data;
    // The packed string is immutable, so sharing it is a copy.
    s.data = typeof d === 'string' ? d : new Dense(d.arr.slice(), new Map(d.index));
    return s;
  }

  /** Builds a set from members (RDB loading, STORE forms), choosing the encoding as Redis would. */
  static from(members: Iterable<string>, limits: SetLimits): SetValue {
    const s = new SetValue();
    const all = Array.isArray(members) ? (members as string[]) : [...members];
    let packable = all.length <= limits.setMaxIntsetEntries;
    for (let i = 0; packable && i < all.length; i++) packable = isCanonicalInt64(all[i]);
    if (!packable) {
      for (let i = 0; i < all.length; i++) s.add(all[i], limits);
      return s;
    }
    const sorted = all.slice().sort(compareIntStrings);
    let n = 0;
    for (let i = 0; i < sorted.length; i++) if (n === 0 || sorted[i] !== sorted[n - 1]) sorted[n++] = sorted[i];
    sorted.length = n;
    s.data = pack(sorted);
    return s;
  }

  has(member: string): boolean {
    const d = this.data;
    if (typeof d !== 'string') return d.index.has(member);
    if (!isCanonicalInt64(member)) return false;
    parseInt64(member);
    const w = d.charCodeAt(0);
    return tWidth <= w && search(d, w) >= 0;
  }

  /** Adds a member; returns true when it was not there. Converts to hashtable when a limit is crossed. */
  add(member: string, limits: SetLimits): boolean {
    const d = this.data;
    if (typeof d === 'string') {
      if (isCanonicalInt64(member)) return this.addInt(d, member, limits);
      // A non-integer member converts the set; it then comes after the former intset's members.
      this.convert(unpack(d));
    }
    const dense = this.data as Dense;
    if (dense.index.has(member)) return false;
    dense.index.set(member, dense.arr.length);
    dense.arr.push(member);
    return true;
  }

  /** add() of a canonical integer to the packed intset d. */
  private addInt(d: string, member: string, limits: SetLimits): boolean {
    parseInt64(member);
    const w = d.charCodeAt(0);
    if (tWidth > w) {
      // Upgrade: a member too wide for the current entries is below them all (negative) or above them all.
      const all = unpack(d);
      if (member.charCodeAt(0) === 45) all.unshift(member);
      else all.push(member);
      if (all.length > limits.setMaxIntsetEntries) this.convert(all);
      else this.data = pack(all);
      return true;
    }
    const i = search(d, w);
    if (i >= 0) return false;
    const at = 1 + (-i - 1) * w;
    const next = [d.slice(0, at), encodeParsed(w), d.slice(at)].join('');
    this.data = next;
    if ((next.length - 1) / w > limits.setMaxIntsetEntries) this.convert(unpack(next));
    return true;
  }

  delete(member: string): boolean {
    const d = this.data;
    if (typeof d === 'string') {
      if (!isCanonicalInt64(member)) return false;
      parseInt64(member);
      const w = d.charCodeAt(0);
      if (tWidth > w) return false;
      const i = search(d, w);
      if (i < 0) return false;
      const at = 1 + i * w;
      this.data = [d.slice(0, at), d.slice(at + w)].join('');
      return true;
    }
    const pos = d.index.get(member);
    if (pos === undefined) return false;
    d.index.delete(member);
    const last = d.arr.pop() as string;
    if (pos < d.arr.length) {
      d.arr[pos] = last;
      d.index.set(last, pos);
    }
    return true;
  }

  /** Member i in iteration order (0 <= i < size()): O(1) in both encodings. */
  at(i: number): string {
    const d = this.data;
    return typeof d === 'string' ? entryAt(d, i, d.charCodeAt(0)) : d.arr[i];
  }

  forEach(fn: (member: string) => void): void {
    const d = this.data;
    const a = typeof d === 'string' ? unpack(d) : d.arr;
    for (let i = 0; i < a.length; i++) fn(a[i]);
  }

  /** A copy of the members in iteration order (ascending for intsets). */
  members(): string[] {
    const d = this.data;
    return typeof d === 'string' ? unpack(d) : d.arr.slice();
  }

  /** The live member -> position Map of a hashtable set (cursor scans), null for intsets. */
  liveMap(): Map<string, number> | null {
    const d = this.data;
    return typeof d === 'string' ? null : d.index;
  }

  /** Switches to the hashtable encoding holding `sorted` (the intset's members, ascending). */
  private convert(sorted: string[]): void {
    const idx = new Map<string, number>();
    for (let i = 0; i < sorted.length; i++) idx.set(sorted[i], i);
    this.data = new Dense(sorted, idx);
  }
}
(SetValue.prototype as { kind: string }).kind = 'set';
