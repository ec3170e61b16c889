/**
 * The set value, in the two encodings Redis 7.0 has:
 *  - "intset": while every member is a canonical int64 and there are at most set-max-intset-entries, a
 *    sorted array of the decimal strings (binary search; Redis replies intsets in ascending order, and so
 *    do we, so replies match byte for byte);
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

export class SetValue implements CompoundValue {
  readonly kind = 'set' as const;
  /** intset encoding: sorted members (null once converted). */
  private ints: string[] | null = [];
  /** hashtable encoding: dense members and their positions. */
  private arr: string[] = [];
  private index: Map<string, number> | null = null;

  size(): number {
    return this.ints !== null ? this.ints.length : this.arr.length;
  }

  encoding(): string {
    return this.ints !== null ? 'intset' : 'hashtable';
  }

  isIntset(): boolean {
    return this.ints !== null;
  }

  clone(): SetValue {
    const s = new SetValue();
    if (this.ints !== null) s.ints = this.ints.slice();
    else {
      s.ints = null;
      s.arr = this.arr.slice();
      s.index = new Map(this.index as Map<string, number>);
    }
    return s;
  }

  /** Builds a set from members (RDB loading, STORE forms), choosing the encoding as Redis would. */
  static from(members: Iterable<string>, limits: SetLimits): SetValue {
    const s = new SetValue();
    for (const m of members) s.add(m, limits);
    return s;
  }

  /** Binary search in the intset: index if found, else -(insertion point) - 1. */
  private find(member: string): number {
    const a = this.ints as string[];
    let lo = 0;
    let hi = a.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const c = compareIntStrings(a[mid], member);
      if (c === 0) return mid;
      if (c < 0) lo = mid + 1;
      else hi = mid - 1;
    }
    return -lo - 1;
  }

  has(member: string): boolean {
    if (this.ints === null) return (this.index as Map<string, number>).has(member);
    return isCanonicalInt64(member) && this.find(member) >= 0;
  }

  /** Adds a member; returns true when it was not there. Converts to hashtable when a limit is crossed. */
  add(member: string, limits: SetLimits): boolean {
    if (this.ints !== null) {
      if (!isCanonicalInt64(member)) this.convert();
      else {
        const i = this.find(member);
        if (i >= 0) return false;
        this.ints.splice(-i - 1, 0, member);
        if (this.ints.length > limits.setMaxIntsetEntries) this.convert();
        return true;
      }
    }
    const idx = this.index as Map<string, number>;
    if (idx.has(member)) return false;
    idx.set(member, this.arr.length);
    this.arr.push(member);
    return true;
  }

  delete(member: string): boolean {
    if (this.ints !== null) {
      if (!isCanonicalInt64(member)) return false;
      const i = this.find(member);
      if (i < 0) return false;
      this.ints.splice(i, 1);
      return true;
    }
    const idx = this.index as Map<string, number>;
    const pos = idx.get(member);
    if (pos === undefined) return false;
    idx.delete(member);
    const last = this.arr.pop() as string;
    if (pos < this.arr.length) {
      this.arr[pos] = last;
      idx.set(last, pos);
    }
    return true;
  }

  /** Member i in iteration order (0 <= i < size()): O(1) in both encodings. */
  at(i: number): string {
    return this.ints !== null ? this.ints[i] : this.arr[i];
  }

  forEach(fn: (member: string) => void): void {
    const a = this.ints !== null ? this.ints : this.arr;
    for (let i = 0; i < a.length; i++) fn(a[i]);
  }

  /** A copy of the members in iteration order (ascending for intsets). */
  members(): string[] {
    return this.ints !== null ? this.ints.slice() : this.arr.slice();
  }

  /** The live member -> position Map of a hashtable set (cursor scans), null for intsets. */
  liveMap(): Map<string, number> | null {
    return this.index;
  }

  private convert(): void {
    const a = this.ints as string[];
    const idx = new Map<string, number>();
    for (let i = 0; i < a.length; i++) idx.set(a[i], i);
    this.arr = a;
    this.index = idx;
    this.ints = null;
  }
}
