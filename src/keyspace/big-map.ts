/**
 * A Map without V8's size limit. A V8 Map holds at most 2^24 (16,777,216) entries and throws past that; a
 * Redis database holds billions of keys. BigMap is one Map until it is full, then more Maps, each key living
 * in exactly one of them (a key never moves while present).
 *
 * Why this shape: the keyspace's hot path (GET/SET on a database of any usual size) stays a single native
 * Map lookup plus one null check; only databases past 16.7M keys pay for a second lookup on a miss. Iterators
 * are live like Map's (entries added later are seen, deleted ones are not) and walk the Maps in order, so
 * SCAN's guarantee (every key present for the whole scan is returned) and the snapshot walk keep holding.
 */

/** Entries per Map; V8's own limit. Tests lower it (REDOUBT_MAP_CAPACITY) to exercise the overflow path. */
const DEFAULT_CAPACITY = 1 << 24;

function capacityFromEnv(): number {
  const v = Number(process.env.REDOUBT_MAP_CAPACITY);
  return Number.isInteger(v) && v > 0 && v <= DEFAULT_CAPACITY ? v : DEFAULT_CAPACITY;
}

const CAPACITY = capacityFromEnv();

export class BigMap<K, V> implements Iterable<[K, V]> {
  /** The first Map: every key while the map is below the capacity. */
  private first = new Map<K, V>();
  /** The overflow Maps, in creation order; null until the first Map fills. */
  private rest: Map<K, V>[] | null = null;

  constructor(private readonly capacity = CAPACITY) {}

  get size(): number {
    if (this.rest === null) return this.first.size;
    let n = this.first.size;
    for (const m of this.rest) n += m.size;
    return n;
  }

  get(key: K): V | undefined {
    const v = this.first.get(key);
    if (v !== undefined || this.rest === null) return v;
    for (const m of this.rest) {
      const w = m.get(key);
      if (w !== undefined) return w;
    }
    return undefined;
  }

  has(key: K): boolean {
    if (this.first.has(key)) return true;
    if (this.rest === null) return false;
    for (const m of this.rest) if (m.has(key)) return true;
    return false;
  }

  set(key: K, value: V): this {
    const f = this.first;
    if (this.rest === null && f.size < this.capacity) f.set(key, value);
    else this.setSlow(key, value);
    return this;
  }

  private setSlow(key: K, value: V): void {
    const all = this.maps();
    for (const m of all) {
      if (m.has(key)) {
        m.set(key, value);
        return;
      }
    }
    for (const m of all) {
      if (m.size < this.capacity) {
        m.set(key, value);
        return;
      }
    }
    const fresh = new Map<K, V>([[key, value]]);
    (this.rest ??= []).push(fresh);
  }

  delete(key: K): boolean {
    if (this.first.delete(key)) return true;
    if (this.rest === null) return false;
    for (const m of this.rest) if (m.delete(key)) return true;
    return false;
  }

  clear(): void {
    this.first.clear();
    this.rest = null;
  }

  forEach(fn: (value: V, key: K) => void): void {
    for (const [k, v] of this.entries()) fn(v, k);
  }

  keys(): IterableIterator<K> {
    return new ChainIterator(this, (m) => m.keys());
  }

  values(): IterableIterator<V> {
    return new ChainIterator(this, (m) => m.values());
  }

  entries(): IterableIterator<[K, V]> {
    return new ChainIterator(this, (m) => m.entries());
  }

  [Symbol.iterator](): IterableIterator<[K, V]> {
    return this.entries();
  }

  /** The Maps in iteration order (the first, then the overflow ones). */
  maps(): Map<K, V>[] {
    return this.rest === null ? [this.first] : [this.first, ...this.rest];
  }

  /** The i-th Map in iteration order, or undefined. */
  mapAt(i: number): Map<K, V> | undefined {
    if (i === 0) return this.first;
    return this.rest === null ? undefined : this.rest[i - 1];
  }
}

/** A live iterator over every Map of a BigMap in order: Maps created during the walk are reached too. */
class ChainIterator<K, V, T> implements IterableIterator<T> {
  private index = 0;
  private cur: Iterator<T>;

  constructor(private readonly owner: BigMap<K, V>, private readonly pick: (m: Map<K, V>) => Iterator<T>) {
    this.cur = pick(owner.mapAt(0)!);
  }

  next(): IteratorResult<T> {
    for (;;) {
      const r = this.cur.next();
      if (r.done !== true) return r;
      const m = this.owner.mapAt(this.index + 1);
      if (m === undefined) return r;
      this.index++;
      this.cur = this.pick(m);
    }
  }

  [Symbol.iterator](): IterableIterator<T> {
    return this;
  }
}
