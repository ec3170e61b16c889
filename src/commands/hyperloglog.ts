/**
 * HyperLogLog commands: PFADD, PFCOUNT (one key: cached estimate, refreshed in the value; several keys: the
 * union), PFMERGE and PFDEBUG. The values are plain strings in Redis's byte layout (see hll-core.ts), so
 * GET/SET/DUMP/replication carry them unchanged. Like Redis, PFCOUNT writes the refreshed cache into the
 * value and counts as a change (it propagates), and PFMERGE notifies "pfadd".
 */
import type { Server } from '../server/server.js';
import type { Client } from '../server/client.js';
import { cmd } from './spec.js';
import { E } from '../server/errors.js';
import { lookupConfig } from '../config/config-table.js';
import {
  ERR_INVALID_HLL,
  ERR_NOT_HLL,
  HLL_DENSE,
  HLL_HDR_SIZE,
  HLL_REGISTERS,
  denseGet,
  denseSet,
  hllAdd,
  hllCachedCard,
  hllCacheValid,
  hllCount,
  hllCreate,
  hllFromString,
  hllInvalidateCache,
  hllMerge,
  hllSetCachedCard,
  hllSparseSet,
  hllSparseToDense,
  hllToString,
  isHllString,
  rawCount,
  sparseDecode,
  type HllBuf,
} from './hll-core.js';

const H = { categories: ['hyperloglog'] };
const GROUP = 'hyperloglog';

function sparseMaxBytes(server: Server): number {
  const def = lookupConfig(server, 'hll-sparse-max-bytes');
  const v = def === undefined ? NaN : Number(def.get(server));
  return Number.isFinite(v) ? v : 3000;
}

/** The HLL string at `key` (read or write lookup): undefined when missing, null after an error reply. */
function hllAt(c: Client, key: string, write: boolean): string | undefined | null {
  const v = write ? c.db.lookupWrite(key) : c.db.lookupRead(key);
  if (v === undefined) return undefined;
  if (typeof v !== 'string') {
    c.addError(E.WRONGTYPE);
    return null;
  }
  if (!isHllString(v)) {
    c.addError(ERR_NOT_HLL);
    return null;
  }
  return v;
}

function storeHll(c: Client, key: string, h: HllBuf, existed: boolean): void {
  const s = hllToString(h);
  if (existed) c.db.overwrite(key, s);
  else c.db.add(key, s);
}

function pfadd(c: Client, argv: string[]): void {
  const key = argv[1];
  const cur = hllAt(c, key, true);
  if (cur === null) return;
  const h = cur === undefined ? hllCreate() : hllFromString(cur);
  let updated = cur === undefined ? 1 : 0;
  const maxBytes = sparseMaxBytes(c.server);
  for (let j = 2; j < argv.length; j++) {
    const r = hllAdd(h, argv[j], maxBytes);
    if (r === 1) updated++;
    else if (r === -1) return c.addError(ERR_INVALID_HLL);
  }
  if (updated > 0) {
    hllInvalidateCache(h);
    storeHll(c, key, h, cur !== undefined);
    c.db.signalModified(key);
    c.server.notifyKeyspaceEvent('$', 'pfadd', key, c.db.id);
    c.server.dirty += updated;
  }
  c.addInt(updated > 0 ? 1 : 0);
}

function pfcount(c: Client, argv: string[]): void {
  if (argv.length > 2) return pfcountUnion(c, argv);
  const key = argv[1];
  const cur = hllAt(c, key, false);
  if (cur === null) return;
  if (cur === undefined) return c.addInt(0);
  if (hllCacheValid(cur)) return c.addInt(hllCachedCard(cur));
  const h = hllFromString(cur);
  const card = hllCount(h);
  if (card < 0) return c.addError(ERR_INVALID_HLL);
  hllSetCachedCard(h, card);
  c.db.overwrite(key, hllToString(h));
  c.db.signalModified(key);
  c.server.dirty++;
  c.addInt(card);
}

function pfcountUnion(c: Client, argv: string[]): void {
  const max = new Uint8Array(HLL_REGISTERS);
  for (let j = 1; j < argv.length; j++) {
    const cur = hllAt(c, argv[j], false);
    if (cur === null) return;
    if (cur === undefined) continue;
    if (!hllMerge(max, hllFromString(cur))) return c.addError(ERR_INVALID_HLL);
  }
  c.addInt(rawCount(max));
}

function pfmerge(c: Client, argv: string[]): void {
  const max = new Uint8Array(HLL_REGISTERS);
  let useDense = false;
  for (let j = 1; j < argv.length; j++) {
    const cur = hllAt(c, argv[j], false);
    if (cur === null) return;
    if (cur === undefined) continue;
    if (cur.charCodeAt(4) === HLL_DENSE) useDense = true;
    if (!hllMerge(max, hllFromString(cur))) return c.addError(ERR_INVALID_HLL);
  }
  const key = argv[1];
  const dst = c.db.lookupWrite(key) as string | undefined;
  const h = dst === undefined ? hllCreate() : hllFromString(dst);
  if (useDense && !hllSparseToDense(h)) return c.addError(ERR_INVALID_HLL);
  const maxBytes = sparseMaxBytes(c.server);
  for (let j = 0; j < HLL_REGISTERS; j++) {
    if (max[j] === 0) continue;
    if (h.dense !== null) denseSet(h.dense, j, max[j]);
    else hllSparseSet(h, j, max[j], maxBytes);
  }
  hllInvalidateCache(h);
  storeHll(c, key, h, dst !== undefined);
  c.db.signalModified(key);
  c.server.notifyKeyspaceEvent('$', 'pfadd', key, c.db.id);
  c.server.dirty++;
  c.addOK();
}

function pfdebug(c: Client, argv: string[]): void {
  const sub = argv[1];
  const key = argv[2];
  const v = c.db.lookupWrite(key);
  if (v === undefined) return c.addError('ERR The specified key does not exist');
  const cur = hllAt(c, key, true);
  if (cur === null || cur === undefined) return;
  const h = hllFromString(cur);
  const lower = sub.toLowerCase();
  if (lower === 'getreg' || lower === 'todense') {
    const wasSparse = h.sparse !== null;
    if (wasSparse) {
      if (!hllSparseToDense(h)) return c.addError(ERR_INVALID_HLL);
      c.db.overwrite(key, hllToString(h));
      c.server.dirty++;
    }
    if (lower === 'todense') return c.addInt(wasSparse ? 1 : 0);
    c.addArrayLen(HLL_REGISTERS);
    for (let j = 0; j < HLL_REGISTERS; j++) c.addInt(denseGet(h.dense as Uint8Array, HLL_HDR_SIZE, j));
  } else if (lower === 'decode') {
    if (h.sparse === null) return c.addError('ERR HLL encoding is not sparse');
    c.addBulk(sparseDecode(h));
  } else if (lower === 'encoding') {
    c.addSimple(h.dense !== null ? 'dense' : 'sparse');
  } else {
    c.addError(`ERR Unknown PFDEBUG subcommand '${sub}'`);
  }
}

export function install(server: Server): void {
  server.commands.register([
    cmd('pfadd', -2, 'write denyoom fast', [1, 1, 1], GROUP, pfadd, { ...H, since: '2.8.9' }),
    cmd('pfcount', -2, 'readonly', [1, -1, 1], GROUP, pfcount, { ...H, since: '2.8.9' }),
    cmd('pfmerge', -2, 'write denyoom', [1, -1, 1], GROUP, pfmerge, { ...H, since: '2.8.9' }),
    cmd('pfdebug', 3, 'write denyoom admin', [2, 2, 1], GROUP, pfdebug, { ...H, since: '2.8.9' }),
  ]);
}
