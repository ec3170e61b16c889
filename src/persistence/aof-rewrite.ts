/**
 * The command form of a dataset, for AOF base files without an RDB preamble (aof-use-rdb-preamble no):
 * each key becomes the commands that rebuild it, as Redis's rewrite emits them — SET, RPUSH / SADD / HMSET
 * / ZADD in batches of 64 items, then PEXPIREAT for a TTL.
 */
import type { ByteWriter } from './rdb-format.js';
import type { Value } from '../keyspace/types/value.js';
import { toRdbValue } from './value-codec.js';
import { formatScore } from './rdb-writer.js';

const ITEMS_PER_CMD = 64;

function bulk(w: ByteWriter, s: string): void {
  w.latin1('$' + s.length + '\r\n');
  w.latin1(s);
  w.latin1('\r\n');
}

export function writeCommand(w: ByteWriter, argv: readonly string[]): void {
  w.latin1('*' + argv.length + '\r\n');
  for (const a of argv) bulk(w, a);
}

/** Emits `cmd key item...` commands, at most ITEMS_PER_CMD items (or pairs) each. */
function batched(w: ByteWriter, cmd: string, key: string, items: string[], per: number): void {
  const step = ITEMS_PER_CMD * per;
  for (let i = 0; i < items.length; i += step) {
    const chunk = items.slice(i, i + step);
    writeCommand(w, [cmd, key, ...chunk]);
  }
}

export function writeAofSelect(w: ByteWriter, dbid: number): void {
  writeCommand(w, ['SELECT', String(dbid)]);
}

export function writeAofEntry(w: ByteWriter, key: string, value: Value, expireMs: number): void {
  if (typeof value === 'string') {
    writeCommand(w, ['SET', key, value]);
  } else {
    const v = toRdbValue(value);
    switch (v.type) {
      case 'string':
        writeCommand(w, ['SET', key, v.value]);
        break;
      case 'list':
        batched(w, 'RPUSH', key, v.items, 1);
        break;
      case 'set':
        batched(w, 'SADD', key, v.members, 1);
        break;
      case 'hash':
        batched(w, 'HMSET', key, v.fields.flatMap((f, i) => [f, v.values[i]]), 2);
        break;
      case 'zset':
        batched(w, 'ZADD', key, v.members.flatMap((m, i) => [formatScore(v.scores[i]), m]), 2);
        break;
    }
  }
  if (expireMs >= 0) writeCommand(w, ['PEXPIREAT', key, String(expireMs)]);
}
