/**
 * The list value: a ring-buffer deque of latin1 strings. Push and pop at both ends are O(1) amortized and
 * index access is O(1), which is what LPUSH/RPOP/LINDEX-heavy workloads need; Array.shift would be O(n).
 * Inserting or removing in the middle (LINSERT, LREM, LSET is O(1)) shifts elements, like Redis's quicklist.
 *
 * Iteration for persistence: `at(i)` for i in [0, size()), or `toArray()`, or `[Symbol.iterator]`.
 * OBJECT ENCODING is always "quicklist" in Redis 7.0.
 */
import type { CompoundValue } from './value.js';

const MIN_CAPACITY = 4;

export class ListValue implements CompoundValue {
  readonly kind = 'list' as const;
  /** Ring storage; capacity is a power of two so wrap-around is a mask. */
  private buf: (string | undefined)[];
  private head = 0;
  private len = 0;

  constructor(items?: readonly string[]) {
    let cap = MIN_CAPACITY;
    const n = items ? items.length : 0;
    while (cap < n) cap *= 2;
    this.buf = new Array<string | undefined>(cap);
    if (items) {
      for (let i = 0; i < n; i++) this.buf[i] = items[i];
      this.len = n;
    }
  }

  size(): number {
    return this.len;
  }

  encoding(): string {
    return 'quicklist';
  }

  clone(): ListValue {
    return new ListValue(this.toArray());
  }

  /** Element at index i (0 <= i < size()). */
  at(i: number): string {
    return this.buf[(this.head + i) & (this.buf.length - 1)] as string;
  }

  setAt(i: number, v: string): void {
    this.buf[(this.head + i) & (this.buf.length - 1)] = v;
  }

  pushHead(v: string): void {
    if (this.len === this.buf.length) this.grow();
    this.head = (this.head - 1) & (this.buf.length - 1);
    this.buf[this.head] = v;
    this.len++;
  }

  pushTail(v: string): void {
    if (this.len === this.buf.length) this.grow();
    this.buf[(this.head + this.len) & (this.buf.length - 1)] = v;
    this.len++;
  }

  /** Removes and returns the first element, or undefined when empty. */
  popHead(): string | undefined {
    if (this.len === 0) return undefined;
    const v = this.buf[this.head];
    this.buf[this.head] = undefined;
    this.head = (this.head + 1) & (this.buf.length - 1);
    this.len--;
    this.maybeShrink();
    return v;
  }

  popTail(): string | undefined {
    if (this.len === 0) return undefined;
    const idx = (this.head + this.len - 1) & (this.buf.length - 1);
    const v = this.buf[idx];
    this.buf[idx] = undefined;
    this.len--;
    this.maybeShrink();
    return v;
  }

  /** Elements [start, end] inclusive, already clamped by the caller. */
  range(start: number, end: number): string[] {
    const out: string[] = new Array(Math.max(0, end - start + 1));
    for (let i = start; i <= end; i++) out[i - start] = this.at(i);
    return out;
  }

  toArray(): string[] {
    return this.range(0, this.len - 1);
  }

  *[Symbol.iterator](): IterableIterator<string> {
    for (let i = 0; i < this.len; i++) yield this.at(i);
  }

  /** Inserts v so that it ends up at index i (0 <= i <= size()). */
  insertAt(i: number, v: string): void {
    if (i === 0) return this.pushHead(v);
    if (i === this.len) return this.pushTail(v);
    const items = this.toArray();
    items.splice(i, 0, v);
    this.replaceAll(items);
  }

  /** Keeps only the elements for which keep(value, index) is true; returns how many were removed. */
  retain(keep: (v: string, i: number) => boolean): number {
    const kept: string[] = [];
    for (let i = 0; i < this.len; i++) {
      const v = this.at(i);
      if (keep(v, i)) kept.push(v);
    }
    const removed = this.len - kept.length;
    if (removed > 0) this.replaceAll(kept);
    return removed;
  }

  /** Keeps the elements [start, end] inclusive (LTRIM, clamped by the caller; start > end empties). */
  trim(start: number, end: number): void {
    if (start > end) {
      this.replaceAll([]);
      return;
    }
    for (let n = start; n > 0; n--) this.popHead();
    for (let n = this.len - 1 - (end - start); n > 0; n--) this.popTail();
  }

  private replaceAll(items: string[]): void {
    const n = items.length;
    let cap = MIN_CAPACITY;
    while (cap < n) cap *= 2;
    const buf = items as (string | undefined)[];
    if (n < cap) buf.length = cap;
    this.buf = buf;
    this.head = 0;
    this.len = n;
  }

  private grow(): void {
    const old = this.buf;
    const cap = old.length;
    const next = new Array<string | undefined>(cap * 2);
    for (let i = 0; i < this.len; i++) next[i] = old[(this.head + i) & (cap - 1)];
    this.buf = next;
    this.head = 0;
  }

  /** Halves the storage when it is less than a quarter full, so a drained big list gives memory back. */
  private maybeShrink(): void {
    const cap = this.buf.length;
    if (cap <= 64 || this.len * 4 >= cap) return;
    const next = new Array<string | undefined>(cap / 2);
    for (let i = 0; i < this.len; i++) next[i] = this.buf[(this.head + i) & (cap - 1)];
    this.buf = next;
    this.head = 0;
  }
}
