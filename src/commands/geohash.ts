/**
 * Geohash arithmetic as Redis does it, so that scores, decoded positions, distances and the set of cells a
 * radius/box search visits are bit-for-bit the same:
 *  - 52-bit scores: latitude (range ±85.05112878) in the even bits, longitude (±180) in the odd bits,
 *    26 steps each, interleaved; decoding returns the cell center, clamped to the ranges;
 *  - haversine distances on a sphere of radius 6372797.560856 m (with Redis's shortcut when both points are
 *    on the same meridian);
 *  - the 9-cell search area: step estimated from the radius, the bounding box, neighbors, and the pruning of
 *    useless neighbors (geohashCalculateAreasByShapeWGS84).
 * 64-bit values that can exceed 2^53 (neighbor moves) use BigInt; hot paths use 32-bit halves.
 */

export const GEO_STEP_MAX = 26;
export const GEO_LAT_MIN = -85.05112878;
export const GEO_LAT_MAX = 85.05112878;
export const GEO_LONG_MIN = -180;
export const GEO_LONG_MAX = 180;
export const EARTH_RADIUS_IN_METERS = 6372797.560856;
const MERCATOR_MAX = 20037726.37;
const D_R = Math.PI / 180.0;

export interface HashBits {
  bits: bigint;
  step: number;
}

/** Spreads the low 16 bits of x to the even bit positions of a 32-bit result. */
function spread16(x: number): number {
  x &= 0xffff;
  x = (x | (x << 8)) & 0x00ff00ff;
  x = (x | (x << 4)) & 0x0f0f0f0f;
  x = (x | (x << 2)) & 0x33333333;
  x = (x | (x << 1)) & 0x55555555;
  return x >>> 0;
}

/** Gathers the even bits of a 32-bit x into 16 bits. */
function squash16(x: number): number {
  x &= 0x55555555;
  x = (x | (x >>> 1)) & 0x33333333;
  x = (x | (x >>> 2)) & 0x0f0f0f0f;
  x = (x | (x >>> 4)) & 0x00ff00ff;
  x = (x | (x >>> 8)) & 0x0000ffff;
  return x;
}

/** interleave64(lat, long) for 32-bit inputs, as a BigInt. */
function interleave(latBits: number, lonBits: number): bigint {
  const lo = (spread16(latBits) | (spread16(lonBits) << 1)) >>> 0;
  const hi = (spread16(latBits >>> 16) | (spread16(lonBits >>> 16) << 1)) >>> 0;
  return (BigInt(hi) << 32n) | BigInt(lo);
}

/** geohashEncode over given ranges; null when the point is outside them. */
export function geohashEncode(
  longitude: number,
  latitude: number,
  step: number,
  lonRange: [number, number] = [GEO_LONG_MIN, GEO_LONG_MAX],
  latRange: [number, number] = [GEO_LAT_MIN, GEO_LAT_MAX],
): HashBits | null {
  if (longitude > 180 || longitude < -180 || latitude > 85.05112878 || latitude < -85.05112878) return null;
  if (latitude < latRange[0] || latitude > latRange[1] || longitude < lonRange[0] || longitude > lonRange[1]) return null;
  let latOffset = (latitude - latRange[0]) / (latRange[1] - latRange[0]);
  let lonOffset = (longitude - lonRange[0]) / (lonRange[1] - lonRange[0]);
  latOffset *= 2 ** step;
  lonOffset *= 2 ** step;
  return { bits: interleave(Math.trunc(latOffset) >>> 0, Math.trunc(lonOffset) >>> 0), step };
}

/** The score Redis stores for a point (the 52-bit hash as a double). */
export function geoScore(longitude: number, latitude: number): number {
  const h = geohashEncode(longitude, latitude, GEO_STEP_MAX) as HashBits;
  return Number(h.bits);
}

export interface Area {
  latMin: number;
  latMax: number;
  lonMin: number;
  lonMax: number;
}

/** geohashDecode: the cell of `bits` at `step`. */
export function geohashDecodeBits(hi: number, lo: number, step: number, lonRange: [number, number] = [GEO_LONG_MIN, GEO_LONG_MAX], latRange: [number, number] = [GEO_LAT_MIN, GEO_LAT_MAX]): Area {
  const ilato = (squash16(lo) | (squash16(hi) << 16)) >>> 0;
  const ilono = (squash16(lo >>> 1) | (squash16(hi >>> 1) << 16)) >>> 0;
  const latScale = latRange[1] - latRange[0];
  const lonScale = lonRange[1] - lonRange[0];
  const div = 2 ** step;
  return {
    latMin: latRange[0] + (ilato * 1.0 / div) * latScale,
    latMax: latRange[0] + ((ilato + 1) * 1.0 / div) * latScale,
    lonMin: lonRange[0] + (ilono * 1.0 / div) * lonScale,
    lonMax: lonRange[0] + ((ilono + 1) * 1.0 / div) * lonScale,
  };
}

function decodeHash(h: HashBits): Area {
  const b = BigInt.asUintN(64, h.bits);
  return geohashDecodeBits(Number(b >> 32n), Number(b & 0xffffffffn), h.step);
}

/** Decodes a stored score to [longitude, latitude] (the cell center, clamped), as decodeGeohash. */
export function decodeScore(score: number): [number, number] {
  let t = Math.trunc(score);
  if (!(t >= 0)) t = 0;
  const hi = Math.floor(t / 4294967296) % 4294967296;
  const lo = t % 4294967296;
  const a = geohashDecodeBits(hi, lo, GEO_STEP_MAX);
  let lon = (a.lonMin + a.lonMax) / 2;
  if (lon > GEO_LONG_MAX) lon = GEO_LONG_MAX;
  if (lon < GEO_LONG_MIN) lon = GEO_LONG_MIN;
  let lat = (a.latMin + a.latMax) / 2;
  if (lat > GEO_LAT_MAX) lat = GEO_LAT_MAX;
  if (lat < GEO_LAT_MIN) lat = GEO_LAT_MIN;
  return [lon, lat];
}

function degRad(ang: number): number {
  return ang * D_R;
}

function radDeg(ang: number): number {
  return ang / D_R;
}

export function geohashGetLatDistance(lat1d: number, lat2d: number): number {
  return EARTH_RADIUS_IN_METERS * Math.abs(degRad(lat2d) - degRad(lat1d));
}

/** Haversine distance in meters. */
export function geohashGetDistance(lon1d: number, lat1d: number, lon2d: number, lat2d: number): number {
  const lon1r = degRad(lon1d);
  const lon2r = degRad(lon2d);
  const v = Math.sin((lon2r - lon1r) / 2);
  if (v === 0.0) return geohashGetLatDistance(lat1d, lat2d);
  const lat1r = degRad(lat1d);
  const lat2r = degRad(lat2d);
  const u = Math.sin((lat2r - lat1r) / 2);
  const a = u * u + Math.cos(lat1r) * Math.cos(lat2r) * v * v;
  return 2.0 * EARTH_RADIUS_IN_METERS * Math.asin(Math.sqrt(a));
}

export type Shape =
  | { type: 'circle'; xy: [number, number]; conversion: number; radius: number }
  | { type: 'box'; xy: [number, number]; conversion: number; width: number; height: number };

/** The distance from the shape's center if the point is inside the shape, else null. */
export function distanceIfInShape(shape: Shape, lon: number, lat: number): number | null {
  const [x1, y1] = shape.xy;
  if (shape.type === 'circle') {
    const d = geohashGetDistance(x1, y1, lon, lat);
    return d > shape.radius * shape.conversion ? null : d;
  }
  const width = shape.width * shape.conversion;
  const height = shape.height * shape.conversion;
  if (geohashGetLatDistance(lat, y1) > height / 2) return null;
  if (geohashGetDistance(lon, lat, x1, lat) > width / 2) return null;
  return geohashGetDistance(x1, y1, lon, lat);
}

export function estimateStepsByRadius(rangeMeters: number, lat: number): number {
  if (rangeMeters === 0) return 26;
  let step = 1;
  while (rangeMeters < MERCATOR_MAX) {
    rangeMeters *= 2;
    step++;
  }
  step -= 2;
  if (lat > 66 || lat < -66) {
    step--;
    if (lat > 80 || lat < -80) step--;
  }
  if (step < 1) step = 1;
  if (step > 26) step = 26;
  return step;
}

/** [minLon, minLat, maxLon, maxLat] of the shape. */
export function boundingBox(shape: Shape): [number, number, number, number] {
  const [longitude, latitude] = shape.xy;
  const height = shape.conversion * (shape.type === 'circle' ? shape.radius : shape.height / 2);
  const width = shape.conversion * (shape.type === 'circle' ? shape.radius : shape.width / 2);
  const latDelta = radDeg(height / EARTH_RADIUS_IN_METERS);
  const lonDeltaTop = radDeg(width / EARTH_RADIUS_IN_METERS / Math.cos(degRad(latitude + latDelta)));
  const lonDeltaBottom = radDeg(width / EARTH_RADIUS_IN_METERS / Math.cos(degRad(latitude - latDelta)));
  const south = latitude < 0;
  return [
    south ? longitude - lonDeltaBottom : longitude - lonDeltaTop,
    latitude - latDelta,
    south ? longitude + lonDeltaBottom : longitude + lonDeltaTop,
    latitude + latDelta,
  ];
}

const EVEN = 0x5555555555555555n;
const ODD = 0xaaaaaaaaaaaaaaaan;
const U64 = (1n << 64n) - 1n;

function moveX(h: HashBits, d: number): HashBits {
  if (d === 0) return h;
  let x = h.bits & ODD;
  const y = h.bits & EVEN;
  const zz = EVEN >> BigInt(64 - h.step * 2);
  if (d > 0) x = (x + (zz + 1n)) & U64;
  else {
    x = x | zz;
    x = (x - (zz + 1n)) & U64;
  }
  x &= ODD >> BigInt(64 - h.step * 2);
  return { bits: x | y, step: h.step };
}

function moveY(h: HashBits, d: number): HashBits {
  if (d === 0) return h;
  const x = h.bits & ODD;
  let y = h.bits & EVEN;
  const zz = ODD >> BigInt(64 - h.step * 2);
  if (d > 0) y = (y + (zz + 1n)) & U64;
  else {
    y = y | zz;
    y = (y - (zz + 1n)) & U64;
  }
  y &= EVEN >> BigInt(64 - h.step * 2);
  return { bits: x | y, step: h.step };
}

/** The 9 cells to search, in Redis's order: center, N, S, E, W, NE, NW, SE, SW; null = pruned. */
export function searchAreas(shape: Shape): (HashBits | null)[] {
  const [minLon, minLat, maxLon, maxLat] = boundingBox(shape);
  const [longitude, latitude] = shape.xy;
  const radiusMeters = (shape.type === 'circle' ? shape.radius : Math.sqrt((shape.width / 2) * (shape.width / 2) + (shape.height / 2) * (shape.height / 2))) * shape.conversion;
  let steps = estimateStepsByRadius(radiusMeters, latitude);
  let hash = geohashEncode(longitude, latitude, steps) as HashBits;
  let nb = neighbors(hash);
  const north = decodeHash(nb.n);
  const south = decodeHash(nb.s);
  const east = decodeHash(nb.e);
  const west = decodeHash(nb.w);
  const decrease = north.latMax < maxLat || south.latMin > minLat || east.lonMax < maxLon || west.lonMin > minLon;
  if (steps > 1 && decrease) {
    steps--;
    hash = geohashEncode(longitude, latitude, steps) as HashBits;
    nb = neighbors(hash);
  }
  const area = decodeHash(hash);
  const cells: (HashBits | null)[] = [hash, nb.n, nb.s, nb.e, nb.w, nb.ne, nb.nw, nb.se, nb.sw];
  if (steps >= 2) {
    if (area.latMin < minLat) cells[2] = cells[8] = cells[7] = null;
    if (area.latMax > maxLat) cells[1] = cells[5] = cells[6] = null;
    if (area.lonMin < minLon) cells[4] = cells[8] = cells[6] = null;
    if (area.lonMax > maxLon) cells[3] = cells[7] = cells[5] = null;
  }
  return cells;
}

function neighbors(h: HashBits): Record<'n' | 's' | 'e' | 'w' | 'ne' | 'nw' | 'se' | 'sw', HashBits> {
  return {
    e: moveX(h, 1),
    w: moveX(h, -1),
    s: moveY(h, -1),
    n: moveY(h, 1),
    nw: moveY(moveX(h, -1), 1),
    sw: moveY(moveX(h, -1), -1),
    ne: moveY(moveX(h, 1), 1),
    se: moveY(moveX(h, 1), -1),
  };
}

/** [min, max) score interval of a cell (geohashAlign52Bits of the cell and of the next one). */
export function cellScoreRange(h: HashBits): [number, number] {
  const shift = BigInt(52 - h.step * 2);
  return [Number(BigInt.asUintN(64, h.bits << shift)), Number(BigInt.asUintN(64, (h.bits + 1n) << shift))];
}

const GEO_ALPHABET = '0123456789bcdefghjkmnpqrstuvwxyz';

/** The standard 11-character geohash string of a stored score (GEOHASH). */
export function geohashString(score: number): string {
  const [lon, lat] = decodeScore(score);
  const h = geohashEncode(lon, lat, 26, [-180, 180], [-90, 90]);
  const bits = h === null ? 0n : h.bits;
  let out = '';
  for (let i = 0; i < 11; i++) {
    const idx = i === 10 ? 0 : Number((bits >> BigInt(52 - (i + 1) * 5)) & 0x1fn);
    out += GEO_ALPHABET[idx];
  }
  return out;
}
