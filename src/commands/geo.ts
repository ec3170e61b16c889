/**
 * Geo commands over sorted sets whose scores are 52-bit geohashes (geohash.ts): GEOADD (a ZADD underneath,
 * propagated as ZADD like Redis), GEOPOS, GEODIST, GEOHASH, GEOSEARCH(STORE) and GEORADIUS(BYMEMBER)(_RO).
 * Searches visit the same 9 cells in the same order as Redis and keep Redis's ordering rules (unsorted
 * results in cell/score order; COUNT without ASC/DESC sorts ascending unless ANY), so replies match.
 * Formats: distances "%.4f"; coordinates "%.17Lf" with trailing zeros removed.
 */
import type { Server } from '../server/server.js';
import type { Client } from '../server/client.js';
import { cmd } from './spec.js';
import { E } from '../server/errors.js';
import { isKeyword, parseLong } from './util.js';
import { ZSet, type ZRangeOut } from '../keyspace/types/zset.js';
import { parseStrictDouble } from './zset-args.js';
import { limitsOf, readZSet, storeResult, zaddCommand } from './zsets.js';
import {
  GEO_LAT_MAX, GEO_LAT_MIN, GEO_LONG_MAX, GEO_LONG_MIN, cellScoreRange, decodeScore, distanceIfInShape, geoScore,
  geohashGetDistance, geohashString, searchAreas, type Shape,
} from './geohash.js';

const G = { categories: ['geo'] };
const GROUP = 'geo';

/** "%.4f" with C's round-half-even on exact ties. */
export function fixed4(d: number): string {
  const s = d.toFixed(4);
  const exact = d.toFixed(30);
  const dot = exact.indexOf('.');
  if (/^50*$/.test(exact.slice(dot + 5))) {
    const down = (Math.trunc(d * 1e4) / 1e4).toFixed(4);
    const lastDigit = Number(down[down.length - 1]);
    if (lastDigit % 2 === 0) return down;
  }
  return s;
}

/** Redis's "human" long double text: "%.17Lf" then trailing zeros (and the dot) removed. */
export function humanDouble(d: number): string {
  let s = d.toFixed(17);
  if (s.indexOf('.') >= 0) {
    let end = s.length;
    while (s.charCodeAt(end - 1) === 48) end--;
    if (s.charCodeAt(end - 1) === 46) end--;
    s = s.slice(0, end);
  }
  return s === '-0' ? '0' : s;
}

function addHumanDouble(c: Client, d: number): void {
  c.addDoubleText(humanDouble(d));
}

/** extractLongLatOrReply. */
function parseLonLat(c: Client, lonArg: string, latArg: string): [number, number] | null {
  const lon = parseStrictDouble(lonArg);
  if (lon === null) return c.addError(E.NOT_FLOAT), null;
  const lat = parseStrictDouble(latArg);
  if (lat === null) return c.addError(E.NOT_FLOAT), null;
  if (lon < GEO_LONG_MIN || lon > GEO_LONG_MAX || lat < GEO_LAT_MIN || lat > GEO_LAT_MAX) {
    return c.addError(`ERR invalid longitude,latitude pair ${lon.toFixed(6)},${lat.toFixed(6)}`), null;
  }
  return [lon, lat];
}

function unitToMeters(c: Client, u: string): number | null {
  const l = u.toLowerCase();
  if (l === 'm') return 1;
  if (l === 'km') return 1000;
  if (l === 'ft') return 0.3048;
  if (l === 'mi') return 1609.34;
  c.addError('ERR unsupported unit provided. please use M, KM, FT, MI');
  return null;
}

function geoadd(c: Client, argv: string[]): void {
  let nx = false;
  let xx = false;
  let longIdx = 2;
  for (; longIdx < argv.length; longIdx++) {
    const o = argv[longIdx];
    if (isKeyword(o, 'NX')) nx = true;
    else if (isKeyword(o, 'XX')) xx = true;
    else if (!isKeyword(o, 'CH')) break;
  }
  if ((argv.length - longIdx) % 3 !== 0 || (xx && nx)) return c.addError(E.SYNTAX);
  const zargv = ['zadd', ...argv.slice(1, longIdx)];
  for (let i = longIdx; i < argv.length; i += 3) {
    const xy = parseLonLat(c, argv[i], argv[i + 1]);
    if (xy === null) return;
    zargv.push(String(geoScore(xy[0], xy[1])), argv[i + 2]);
  }
  const dirty = c.server.dirty;
  zaddCommand(c, zargv);
  if (c.server.dirty !== dirty) c.propagateArgv = zargv;
}

function geopos(c: Client, argv: string[]): void {
  const zs = readZSet(c, argv[1]);
  if (zs === null) return;
  c.addArrayLen(argv.length - 2);
  for (let j = 2; j < argv.length; j++) {
    const s = zs === undefined ? undefined : zs.score(argv[j]);
    if (s === undefined) {
      c.addNullArray();
      continue;
    }
    const [lon, lat] = decodeScore(s);
    c.addArrayLen(2);
    addHumanDouble(c, lon);
    addHumanDouble(c, lat);
  }
}

function geodist(c: Client, argv: string[]): void {
  let toMeter = 1;
  if (argv.length === 5) {
    const u = unitToMeters(c, argv[4]);
    if (u === null) return;
    toMeter = u;
  } else if (argv.length > 5) return c.addError(E.SYNTAX);
  const zs = readZSet(c, argv[1]);
  if (zs === null) return;
  if (zs === undefined) return c.addNull();
  const s1 = zs.score(argv[2]);
  const s2 = zs.score(argv[3]);
  if (s1 === undefined || s2 === undefined) return c.addNull();
  const a = decodeScore(s1);
  const b = decodeScore(s2);
  c.addBulk(fixed4(geohashGetDistance(a[0], a[1], b[0], b[1]) / toMeter));
}

function geohash(c: Client, argv: string[]): void {
  const zs = readZSet(c, argv[1]);
  if (zs === null) return;
  c.addArrayLen(argv.length - 2);
  for (let j = 2; j < argv.length; j++) {
    const s = zs === undefined ? undefined : zs.score(argv[j]);
    if (s === undefined) c.addNull();
    else c.addBulk(geohashString(s));
  }
}

// ---- searches ----

const F_RADIUS_COORDS = 1;
const F_RADIUS_MEMBER = 2;
const F_NOSTORE = 4;
const F_SEARCH = 8;
const F_SEARCHSTORE = 16;

interface GeoPoint {
  member: string;
  score: number;
  lon: number;
  lat: number;
  dist: number;
}

interface SearchOpts {
  withDist: boolean;
  withHash: boolean;
  withCoord: boolean;
  sort: 0 | 1 | -1;
  any: boolean;
  count: number;
  storeKey: string | null;
  storeDist: boolean;
  shape: Shape | null;
  fromMember: boolean;
  fromLoc: boolean;
  byRadius: boolean;
  byBox: boolean;
}

/** Position of a member, or null after "could not decode requested zset member". */
function memberPosition(c: Client, zs: ZSet, member: string): [number, number] | null {
  const s = zs.score(member);
  if (s === undefined) return c.addError('ERR could not decode requested zset member'), null;
  return decodeScore(s);
}

/** Parses a radius ("need numeric radius") and unit. */
function parseRadius(c: Client, r: string, unit: string): [number, number] | null {
  const d = parseStrictDouble(r);
  if (d === null) return c.addError('ERR need numeric radius'), null;
  if (d < 0) return c.addError('ERR radius cannot be negative'), null;
  const m = unitToMeters(c, unit);
  return m === null ? null : [d, m];
}

function parseBox(c: Client, w: string, h: string, unit: string): [number, number, number] | null {
  const width = parseStrictDouble(w);
  if (width === null) return c.addError('ERR need numeric width'), null;
  const height = parseStrictDouble(h);
  if (height === null) return c.addError('ERR need numeric height'), null;
  if (height < 0 || width < 0) return c.addError('ERR height or width cannot be negative'), null;
  const m = unitToMeters(c, unit);
  return m === null ? null : [width, height, m];
}

/** The optional arguments of every search command; false after an error reply. */
function parseSearchOptions(c: Client, argv: string[], base: number, flags: number, zs: ZSet | undefined, o: SearchOpts): boolean {
  const search = (flags & F_SEARCH) !== 0;
  const canStore = !(flags & F_NOSTORE) && !search;
  for (let i = base; i < argv.length; i++) {
    const a = argv[i];
    const rem = argv.length - i - 1;
    if (isKeyword(a, 'WITHDIST')) o.withDist = true;
    else if (isKeyword(a, 'WITHHASH')) o.withHash = true;
    else if (isKeyword(a, 'WITHCOORD')) o.withCoord = true;
    else if (isKeyword(a, 'ANY')) o.any = true;
    else if (isKeyword(a, 'ASC')) o.sort = 1;
    else if (isKeyword(a, 'DESC')) o.sort = -1;
    else if (isKeyword(a, 'COUNT') && rem >= 1) {
      const n = parseLong(argv[++i]);
      if (n === null) return c.addError(E.NOT_INTEGER), false;
      if (n <= 0) return c.addError('ERR COUNT must be > 0'), false;
      o.count = n;
    } else if (canStore && (isKeyword(a, 'STORE') || isKeyword(a, 'STOREDIST')) && rem >= 1) {
      o.storeKey = argv[++i];
      o.storeDist = a.length === 9;
    } else if (isKeyword(a, 'STOREDIST') && search && flags & F_SEARCHSTORE) o.storeDist = true;
    else if (isKeyword(a, 'FROMMEMBER') && rem >= 1 && search && !o.fromLoc) {
      o.fromMember = true;
      const member = argv[++i];
      if (zs === undefined) continue;
      const xy = memberPosition(c, zs, member);
      if (xy === null) return false;
      o.shape = o.shape === null ? { type: 'circle', xy, conversion: 1, radius: 0 } : { ...o.shape, xy };
    } else if (!parseSearchShape(c, argv, i, rem, search, o)) return false;
    else i += o.byBox && isKeyword(a, 'BYBOX') ? 3 : 2;
  }
  return true;
}

/** FROMLONLAT / BYRADIUS / BYBOX, or a syntax error; false after an error reply. */
function parseSearchShape(c: Client, argv: string[], i: number, rem: number, search: boolean, o: SearchOpts): boolean {
  const a = argv[i];
  const xy = o.shape?.xy ?? [0, 0];
  if (isKeyword(a, 'FROMLONLAT') && rem >= 2 && search && !o.fromMember) {
    const p = parseLonLat(c, argv[i + 1], argv[i + 2]);
    if (p === null) return false;
    o.fromLoc = true;
    o.shape = o.shape === null ? { type: 'circle', xy: p, conversion: 1, radius: 0 } : { ...o.shape, xy: p };
    return true;
  }
  if (isKeyword(a, 'BYRADIUS') && rem >= 2 && search && !o.byBox) {
    const r = parseRadius(c, argv[i + 1], argv[i + 2]);
    if (r === null) return false;
    o.byRadius = true;
    o.shape = { type: 'circle', xy, conversion: r[1], radius: r[0] };
    return true;
  }
  if (isKeyword(a, 'BYBOX') && rem >= 3 && search && !o.byRadius) {
    const b = parseBox(c, argv[i + 1], argv[i + 2], argv[i + 3]);
    if (b === null) return false;
    o.byBox = true;
    o.shape = { type: 'box', xy, conversion: b[2], width: b[0], height: b[1] };
    return true;
  }
  c.addError(E.SYNTAX);
  return false;
}

/** Collects the points of the 9 cells inside the shape, in Redis's order (membersOfAllNeighbors). */
function collectPoints(zs: ZSet, shape: Shape, limit: number): GeoPoint[] {
  const cells = searchAreas(shape);
  const points: GeoPoint[] = [];
  let last = 0;
  const out: ZRangeOut = { members: [], scores: [] };
  for (let i = 0; i < cells.length; i++) {
    const cell = cells[i];
    if (cell === null) continue;
    const prev = cells[last];
    if (last !== 0 && prev !== null && cell.bits === prev.bits && cell.step === prev.step) continue;
    if (points.length > 0 && limit > 0 && points.length >= limit) break;
    const [min, max] = cellScoreRange(cell);
    out.members.length = 0;
    out.scores.length = 0;
    zs.rangeByScore({ min, max, minex: false, maxex: true }, false, 0, -1, out);
    for (let k = 0; k < out.members.length; k++) {
      const [lon, lat] = decodeScore(out.scores[k]);
      const dist = distanceIfInShape(shape, lon, lat);
      if (dist !== null) points.push({ member: out.members[k], score: out.scores[k], lon, lat, dist });
      if (points.length > 0 && limit > 0 && points.length >= limit) break;
    }
    last = i;
  }
  return points;
}

function replyPoints(c: Client, points: GeoPoint[], n: number, o: SearchOpts, conversion: number): void {
  const extra = (o.withDist ? 1 : 0) + (o.withHash ? 1 : 0) + (o.withCoord ? 1 : 0);
  c.addArrayLen(n);
  for (let i = 0; i < n; i++) {
    const p = points[i];
    if (extra > 0) c.addArrayLen(extra + 1);
    c.addBulk(p.member);
    if (o.withDist) c.addBulk(fixed4(p.dist / conversion));
    if (o.withHash) c.addInt(p.score);
    if (o.withCoord) {
      c.addArrayLen(2);
      addHumanDouble(c, p.lon);
      addHumanDouble(c, p.lat);
    }
  }
}

function searchGeneric(c: Client, argv: string[], srcIdx: number, flags: number): void {
  const zs = readZSet(c, argv[srcIdx]);
  if (zs === null) return;
  const o: SearchOpts = {
    withDist: false, withHash: false, withCoord: false, sort: 0, any: false, count: 0, storeKey: null, storeDist: false,
    shape: null, fromMember: false, fromLoc: false, byRadius: false, byBox: false,
  };
  let base: number;
  if (flags & F_RADIUS_COORDS) {
    base = 6;
    const xy = parseLonLat(c, argv[2], argv[3]);
    if (xy === null) return;
    const r = parseRadius(c, argv[4], argv[5]);
    if (r === null) return;
    o.shape = { type: 'circle', xy, conversion: r[1], radius: r[0] };
  } else if (flags & F_RADIUS_MEMBER) {
    base = 5;
    if (zs !== undefined) {
      const xy = memberPosition(c, zs, argv[2]);
      if (xy === null) return;
      const r = parseRadius(c, argv[3], argv[4]);
      if (r === null) return;
      o.shape = { type: 'circle', xy, conversion: r[1], radius: r[0] };
    }
  } else {
    base = flags & F_SEARCHSTORE ? 3 : 2;
    if (flags & F_SEARCHSTORE) o.storeKey = argv[1];
  }
  if (!parseSearchOptions(c, argv, base, flags, zs, o)) return;
  if (!validateSearch(c, argv, flags, o)) return;
  if (zs === undefined) {
    if (o.storeKey === null) return c.addEmptyArray();
    if (c.db.delete(o.storeKey)) {
      c.db.signalModified(o.storeKey);
      c.server.notifyKeyspaceEvent('g', 'del', o.storeKey, c.db.id);
      c.server.dirty++;
    }
    return c.addInt(0);
  }
  runSearch(c, zs, o, flags);
}

function validateSearch(c: Client, argv: string[], flags: number, o: SearchOpts): boolean {
  if (o.storeKey !== null && (o.withDist || o.withHash || o.withCoord)) {
    const what = flags & F_SEARCHSTORE ? 'GEOSEARCHSTORE' : 'STORE option in GEORADIUS';
    return c.addError(`ERR ${what} is not compatible with WITHDIST, WITHHASH and WITHCOORD options`), false;
  }
  if (flags & F_SEARCH && !(o.fromMember || o.fromLoc)) {
    return c.addError(`ERR exactly one of FROMMEMBER or FROMLONLAT can be specified for ${argv[0]}`), false;
  }
  if (flags & F_SEARCH && !(o.byRadius || o.byBox)) {
    return c.addError(`ERR exactly one of BYRADIUS and BYBOX can be specified for ${argv[0]}`), false;
  }
  if (o.any && o.count === 0) return c.addError('ERR the ANY argument requires COUNT argument'), false;
  return true;
}

function runSearch(c: Client, zs: ZSet, o: SearchOpts, flags: number): void {
  const shape = o.shape as Shape;
  if (o.count !== 0 && o.sort === 0 && !o.any) o.sort = 1;
  const points = collectPoints(zs, shape, o.any ? o.count : 0);
  if (points.length === 0 && o.storeKey === null) return c.addEmptyArray();
  const n = o.count === 0 || points.length < o.count ? points.length : o.count;
  if (o.sort !== 0) {
    const dir = o.sort;
    points.sort((a, b) => (a.dist === b.dist ? 0 : a.dist > b.dist ? dir : -dir));
  }
  if (o.storeKey === null) return replyPoints(c, points, n, o, shape.conversion);
  const result = new ZSet();
  const limits = limitsOf(c);
  for (let i = 0; i < n; i++) {
    const p = points[i];
    result.add(p.member, o.storeDist ? p.dist / shape.conversion : p.score, limits);
  }
  storeResult(c, o.storeKey, result, flags & F_SEARCH ? 'geosearchstore' : 'georadiusstore');
}

/** Key positions of GEORADIUS/GEORADIUSBYMEMBER: the source and an optional STORE/STOREDIST key. */
function radiusKeys(base: number): (argv: readonly string[]) => number[] {
  return (argv) => {
    const keys = [1];
    for (let i = base; i < argv.length - 1; i++) {
      const a = argv[i].toLowerCase();
      if (a === 'store' || a === 'storedist') keys.push(i + 1);
    }
    return keys;
  };
}

export function install(server: Server): void {
  server.commands.register([
    cmd('geoadd', -5, 'write denyoom', [1, 1, 1], GROUP, geoadd, { ...G, since: '3.2.0' }),
    cmd('geopos', -2, 'readonly', [1, 1, 1], GROUP, geopos, { ...G, since: '3.2.0' }),
    cmd('geodist', -4, 'readonly', [1, 1, 1], GROUP, geodist, { ...G, since: '3.2.0' }),
    cmd('geohash', -2, 'readonly', [1, 1, 1], GROUP, geohash, { ...G, since: '3.2.0' }),
    cmd('geosearch', -7, 'readonly', [1, 1, 1], GROUP, (c, a) => searchGeneric(c, a, 1, F_SEARCH), { ...G, since: '6.2.0' }),
    cmd('geosearchstore', -8, 'write denyoom', [1, 2, 1], GROUP, (c, a) => searchGeneric(c, a, 2, F_SEARCH | F_SEARCHSTORE), { ...G, since: '6.2.0' }),
    cmd('georadius', -6, 'write denyoom movablekeys', [1, 1, 1], GROUP, (c, a) => searchGeneric(c, a, 1, F_RADIUS_COORDS), { ...G, since: '3.2.0', getKeys: radiusKeys(6) }),
    cmd('georadiusbymember', -5, 'write denyoom movablekeys', [1, 1, 1], GROUP, (c, a) => searchGeneric(c, a, 1, F_RADIUS_MEMBER), { ...G, since: '3.2.0', getKeys: radiusKeys(5) }),
    cmd('georadius_ro', -6, 'readonly', [1, 1, 1], GROUP, (c, a) => searchGeneric(c, a, 1, F_RADIUS_COORDS | F_NOSTORE), { ...G, since: '3.2.10' }),
    cmd('georadiusbymember_ro', -5, 'readonly', [1, 1, 1], GROUP, (c, a) => searchGeneric(c, a, 1, F_RADIUS_MEMBER | F_NOSTORE), { ...G, since: '3.2.10' }),
  ]);
}
