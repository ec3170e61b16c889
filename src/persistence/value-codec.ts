/**
 * Adapters between the server's value classes (src/keyspace/types) and the codec's abstract RdbValue.
 * The codec never imports the value classes and the value classes never import the codec: this file is
 * the only place that knows both, so either side can change its internals freely.
 *
 * Encodings: a value's own encoding() decides how it is written (as Redis writes the object's current
 * encoding); on load the classes choose their encoding from the thresholds, as Redis 7.0 converts on load.
 */
import type { Value } from '../keyspace/types/value.js';
import { ListValue } from '../keyspace/types/list.js';
import { HashValue } from '../keyspace/types/hash.js';
import { SetValue } from '../keyspace/types/set.js';
import { ZSet, zsetLimits } from '../keyspace/types/zset.js';
import type { Settings } from '../config/settings.js';
import type { RdbValue } from './rdb-format.js';
import type { WriterOptions } from './rdb-writer.js';

/** Writer options from the live settings (rdbcompression and the type thresholds). */
export function writerOptions(s: Settings, compress = s.rdbcompression): WriterOptions {
  return {
    compress,
    listMaxListpackSize: s.listMaxListpackSize,
    setMaxIntsetEntries: s.setMaxIntsetEntries,
    hashMaxListpackEntries: s.hashMaxListpackEntries,
    hashMaxListpackValue: s.hashMaxListpackValue,
    zsetMaxListpackEntries: s.zsetMaxListpackEntries,
    zsetMaxListpackValue: s.zsetMaxListpackValue,
  };
}

/** The abstract form of a stored value (a copy: later changes to the value do not affect it). */
export function toRdbValue(v: Value): RdbValue {
  if (typeof v === 'string') return { type: 'string', value: v };
  if (v instanceof ListValue) return { type: 'list', items: v.toArray() };
  if (v instanceof SetValue) return { type: 'set', members: v.members(), encoding: v.isIntset() ? 'intset' : 'hashtable' };
  if (v instanceof HashValue) {
    const fields: string[] = [];
    const values: string[] = [];
    v.forEach((f, val) => {
      fields.push(f);
      values.push(val);
    });
    return { type: 'hash', fields, values, encoding: v.isCompact() ? 'listpack' : 'hashtable' };
  }
  if (v instanceof ZSet) {
    const members: string[] = [];
    const scores: number[] = [];
    v.forEach((m, s) => {
      members.push(m);
      scores.push(s);
    });
    return { type: 'zset', members, scores, encoding: v.isCompact() ? 'listpack' : 'skiplist' };
  }
  throw new Error(`cannot serialize a value of kind ${v.kind}`);
}

/** Builds the server's value from the abstract form, choosing encodings from the settings' thresholds. */
export function fromRdbValue(v: RdbValue, s: Settings): Value {
  switch (v.type) {
    case 'string':
      return v.value;
    case 'list':
      return new ListValue(v.items);
    case 'set':
      return SetValue.from(v.members, s);
    case 'hash': {
      const flat = new Array<string>(v.fields.length * 2);
      for (let i = 0; i < v.fields.length; i++) {
        flat[2 * i] = v.fields[i];
        flat[2 * i + 1] = v.values[i];
      }
      return HashValue.fromPairs(flat, s);
    }
    case 'zset': {
      const limits = zsetLimits(s);
      const pairs = v.members.map((m, i) => [m, v.scores[i]] as const);
      return ZSet.fromEntries(pairs, limits);
    }
  }
}
