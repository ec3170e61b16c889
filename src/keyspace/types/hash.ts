/**
 * The hash value. Small hashes are a flat array [f1, v1, f2, v2, ...] searched linearly, the analogue of
 * Redis's listpack (a Map per small hash costs ~3.5x Redis's memory, see DESIGN.md); the first time the
 * hash outgrows hash-max-listpack-entries or sees a field/value longer than hash-max-listpack-value it
 * converts once to a Map and never goes back, as Redis does. The compact form keeps insertion order, which
 * is also the order Redis's listpack replies in.
 *
 * Iteration for persistence: `forEach((field, value) => ...)`, or `entries()` (a flat [f, v, ...] copy);
 * `isCompact()` says which encoding the pairs come from.
 */
import type { CompoundValue } from './value.js';

export interface HashLimits {
  hashMaxListpackEntries: number;
  hashMaxListpackValue: number;
}

export class HashValue implements CompoundValue {
  readonly kind = 'hash' as const;
  /** Compact form (null once converted). */
  private flat: string[] | null = [];
  private map: Map<string, string> | null = null;

  size(): number {
    return this.flat !== null ? this.flat.length >> 1 : (this.map as Map<string, string>).size;
  }

  encoding(): string {
    return this.flat !== null ? 'listpack' : 'hashtable';
  }

  isCompact(): boolean {
    return this.flat !== null;
  }

  clone(): HashValue {
    const h = new HashValue();
    if (this.flat !== null) h.flat = this.flat.slice();
    else {
      h.flat = null;
      h.map = new Map(this.map as Map<string, string>);
    }
    return h;
  }

  /** Builds a hash from flat pairs (RDB loading), choosing the encoding from the limits. */
  static fromPairs(pairs: readonly string[], limits: HashLimits): HashValue {
    const h = new HashValue();
    for (let i = 0; i + 1 < pairs.length; i += 2) h.set(pairs[i], pairs[i + 1], limits);
    return h;
  }

  private indexOf(field: string): number {
    const f = this.flat as string[];
    for (let i = 0; i < f.length; i += 2) if (f[i] === field) return i;
    return -1;
  }

  get(field: string): string | undefined {
    if (this.flat === null) return (this.map as Map<string, string>).get(field);
    const i = this.indexOf(field);
    return i < 0 ? undefined : this.flat[i + 1];
  }

  has(field: string): boolean {
    return this.flat === null ? (this.map as Map<string, string>).has(field) : this.indexOf(field) >= 0;
  }

  /** Sets a field; returns true when the field is new. Converts to a Map when a limit is crossed. */
  set(field: string, value: string, limits: HashLimits): boolean {
    if (this.flat !== null && (field.length > limits.hashMaxListpackValue || value.length > limits.hashMaxListpackValue)) {
      this.convert();
    }
    if (this.flat === null) {
      const m = this.map as Map<string, string>;
      const before = m.size;
      m.set(field, value);
      return m.size !== before;
    }
    const i = this.indexOf(field);
    if (i >= 0) {
      this.flat[i + 1] = value;
      return false;
    }
    this.flat.push(field, value);
    if (this.flat.length >> 1 > limits.hashMaxListpackEntries) this.convert();
    return true;
  }

  /** Removes a field; returns true when it existed. */
  delete(field: string): boolean {
    if (this.flat === null) return (this.map as Map<string, string>).delete(field);
    const i = this.indexOf(field);
    if (i < 0) return false;
    this.flat.splice(i, 2);
    return true;
  }

  forEach(fn: (field: string, value: string) => void): void {
    if (this.flat !== null) {
      const f = this.flat;
      for (let i = 0; i < f.length; i += 2) fn(f[i], f[i + 1]);
    } else {
      for (const [k, v] of this.map as Map<string, string>) fn(k, v);
    }
  }

  /** A flat copy [f1, v1, f2, v2, ...] in iteration order. */
  entries(): string[] {
    if (this.flat !== null) return this.flat.slice();
    const out: string[] = [];
    for (const [k, v] of this.map as Map<string, string>) out.push(k, v);
    return out;
  }

  /** Pair i (0 <= i < size()) as [field, value]; O(1) compact, O(n) for a Map (random sampling). */
  pairAt(i: number): [string, string] {
    if (this.flat !== null) return [this.flat[2 * i], this.flat[2 * i + 1]];
    let n = 0;
    for (const e of this.map as Map<string, string>) if (n++ === i) return e;
    throw new Error('pairAt out of range');
  }

  /** The Map when hashtable-encoded, else null; cursor scans of big hashes iterate it live. */
  asMap(): Map<string, string> | null {
    return this.map;
  }

  private convert(): void {
    const m = new Map<string, string>();
    const f = this.flat as string[];
    for (let i = 0; i < f.length; i += 2) m.set(f[i], f[i + 1]);
    this.map = m;
    this.flat = null;
  }
}
