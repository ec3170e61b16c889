/**
 * Geo commands against real Redis 7.0: scores, decoded positions ("%.17Lf" text), distances ("%.4f"),
 * GEOHASH strings, and searches (radius and box, every option, STORE) over random points — the same members,
 * in the same order, with the same numbers, in RESP2 and RESP3. (Known limit: distances come from V8's
 * sin/cos/asin, which can differ from glibc's in the last bit; visible only in STOREDIST's raw doubles.)
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startRealRedis, startRedoubt, hasRealRedis, SKIP_NO_REDIS, type RunningServer } from '../helpers/server.js';
import { compareServers, formatReport } from '../helpers/compat.js';
import { seededRandom } from '../../src/platform/random.js';
import { fixed4, humanDouble } from '../../src/commands/geo.js';
import { decodeScore, geoScore } from '../../src/commands/geohash.js';

const skip = hasRealRedis() ? false : SKIP_NO_REDIS;
let redis: RunningServer | null = null;
let redoubt: RunningServer | null = null;

before(async () => {
  if (skip) return;
  [redis, redoubt] = await Promise.all([startRealRedis(), startRedoubt()]);
});

after(async () => {
  await Promise.all([redis?.stop(), redoubt?.stop()]);
});

test('number formatting helpers: "%.4f" ties to even, "%.17Lf" trimmed', () => {
  assert.equal(fixed4(0.03125), '0.0312');
  assert.equal(fixed4(0.09375), '0.0938');
  assert.equal(fixed4(166274.1516), '166274.1516');
  assert.equal(humanDouble(13.361389338970184), '13.36138933897018433');
  assert.equal(humanDouble(-0), '0');
  assert.equal(humanDouble(2), '2');
  const [lon, lat] = decodeScore(geoScore(13.361389, 38.115556));
  assert.ok(Math.abs(lon - 13.361389) < 1e-5 && Math.abs(lat - 38.115556) < 1e-5);
});

const w = (s: string): string[] => s.split(' ');

test('hand-written geo script, identical raw replies', { skip }, async () => {
  const cmds = [
    w('GEOADD Sicily 13.361389 38.115556 Palermo 15.087269 37.502669 Catania'), w('GEOADD Sicily 200 100 x'), w('GEOADD Sicily abc 10 x'),
    w('GEOADD Sicily NX XX 1 1 x'), w('GEOADD Sicily 1 1'), w('GEOADD Sicily CH 13.361389 38.115556 Palermo 15.1 37.5 Catania 2.35 48.85 Paris'),
    w('GEOADD Sicily -179.9999 85.05112878 edge1 180 -85.05112878 edge2 0 0 zero'), w('ZRANGE Sicily 0 -1 WITHSCORES'),
    w('GEOPOS Sicily Palermo Catania nope edge1 edge2 zero'), w('GEOPOS nokey a b'), w('GEODIST Sicily Palermo Catania'),
    w('GEODIST Sicily Palermo Catania km'), w('GEODIST Sicily Palermo Catania mi'), w('GEODIST Sicily Palermo Catania ft'),
    w('GEODIST Sicily Palermo Catania xx'), w('GEODIST Sicily Palermo nope'), w('GEODIST Sicily Palermo Palermo'),
    w('GEODIST Sicily Palermo Paris km extra'), w('GEOHASH Sicily Palermo Catania nope edge1 edge2 zero'),
    w('GEORADIUS Sicily 15 37 200 km WITHDIST WITHCOORD WITHHASH'), w('GEORADIUS Sicily 15 37 200 km DESC WITHDIST'),
    w('GEORADIUS Sicily 15 37 2000 km COUNT 2'), w('GEORADIUS Sicily 15 37 2000 km COUNT 2 ANY'), w('GEORADIUS Sicily 15 37 2000 km ANY'),
    w('GEORADIUS Sicily 15 37 2000 km COUNT 0'), w('GEORADIUS Sicily 15 37 -1 km'), w('GEORADIUS Sicily 15 37 abc km'),
    w('GEORADIUS Sicily 15 37 10 parsec'), w('GEORADIUSBYMEMBER Sicily Palermo 500 km WITHDIST'), w('GEORADIUSBYMEMBER Sicily nope 500 km'),
    w('GEORADIUSBYMEMBER nokey nope abc km WITHDIST'), w('GEORADIUS_RO Sicily 15 37 200 km STORE x'), w('GEORADIUS Sicily 15 37 200 km STORE dst'),
    w('ZRANGE dst 0 -1 WITHSCORES'), w('GEORADIUS Sicily 15 37 2000 km STOREDIST dst2'), w('ZRANGE dst2 0 -1 WITHSCORES'),
    w('GEORADIUS Sicily 15 37 2000 km STORE dst2 WITHDIST'), w('GEOSEARCH Sicily FROMLONLAT 15 37 BYRADIUS 200 km ASC WITHCOORD WITHDIST'),
    w('GEOSEARCH Sicily FROMMEMBER Palermo BYBOX 400 400 km ASC WITHCOORD WITHDIST'), w('GEOSEARCH Sicily BYRADIUS 200 km FROMLONLAT 15 37'),
    w('GEOSEARCH Sicily FROMLONLAT 15 37'), w('GEOSEARCH Sicily BYRADIUS 200 km'), w('GEOSEARCH Sicily FROMMEMBER nope BYRADIUS 200 km'),
    w('GEOSEARCH Sicily FROMMEMBER Palermo FROMLONLAT 1 2 BYRADIUS 200 km'), w('GEOSEARCH Sicily FROMLONLAT 15 37 BYRADIUS 200 km BYBOX 1 1 km'),
    w('GEOSEARCH Sicily FROMLONLAT 15 37 BYBOX -1 1 km'), w('GEOSEARCH Sicily FROMLONLAT 15 37 BYRADIUS 200 km STORE x'),
    w('GEOSEARCHSTORE dst3 Sicily FROMLONLAT 15 37 BYRADIUS 2000 km STOREDIST'), w('ZRANGE dst3 0 -1 WITHSCORES'),
    w('GEOSEARCHSTORE dst3 Sicily FROMLONLAT 15 37 BYRADIUS 2000 km WITHDIST'), w('GEOSEARCHSTORE dst3 nokey FROMLONLAT 15 37 BYRADIUS 2000 km'),
    w('EXISTS dst3'), w('GEOSEARCH Sicily FROMLONLAT 0 0 BYRADIUS 20000 km'), w('GEOSEARCH Sicily FROMLONLAT 179 -80 BYBOX 5000 3000 km WITHDIST'),
    w('SET str x'), w('GEOADD str 1 1 a'), w('GEOPOS str a'), w('GEOSEARCH str FROMLONLAT 0 0 BYRADIUS 1 m'),
  ];
  for (const proto of [2, 3] as const) {
    const report = await compareServers(redis!.port, redoubt!.port, cmds, { proto });
    assert.equal(report.first, null, formatReport(report));
  }
});

test('random points: positions, hashes, distances and searches match Redis', { skip }, async () => {
  const rnd = seededRandom(42);
  const lon = (): string => (rnd.next() * 360 - 180).toFixed(6);
  const lat = (): string => (rnd.next() * 170 - 85).toFixed(6);
  const cmds: string[][] = [];
  // A cluster around Europe (dense, many neighbours) plus points all over the globe.
  for (let i = 0; i < 400; i++) {
    const near = i % 2 === 0;
    const x = near ? (rnd.next() * 20).toFixed(6) : lon();
    const y = near ? (40 + rnd.next() * 15).toFixed(6) : lat();
    cmds.push(['GEOADD', 'pts', x, y, 'p' + i]);
  }
  cmds.push(['GEOPOS', 'pts', ...Array.from({ length: 50 }, (_, i) => 'p' + i)]);
  cmds.push(['GEOHASH', 'pts', ...Array.from({ length: 50 }, (_, i) => 'p' + i)]);
  for (let i = 0; i < 40; i++) cmds.push(['GEODIST', 'pts', 'p' + i, 'p' + (i * 7 + 3), rnd.next() < 0.5 ? 'km' : 'mi']);
  for (let i = 0; i < 60; i++) {
    const near = i % 2 === 0;
    const from = rnd.next() < 0.3 ? ['FROMMEMBER', 'p' + rnd.int(400)] : ['FROMLONLAT', near ? (rnd.next() * 20).toFixed(3) : lon(), near ? (45).toFixed(3) : lat()];
    const by = rnd.next() < 0.5 ? ['BYRADIUS', String(rnd.int(near ? 800 : 5000) + 1), 'km'] : ['BYBOX', String(rnd.int(1500) + 1), String(rnd.int(1500) + 1), 'km'];
    const opts = [...(rnd.next() < 0.5 ? ['WITHDIST'] : []), ...(rnd.next() < 0.3 ? ['WITHCOORD', 'WITHHASH'] : []), ...(rnd.next() < 0.4 ? ['ASC'] : rnd.next() < 0.3 ? ['DESC'] : [])];
    if (rnd.next() < 0.3) opts.push('COUNT', String(rnd.int(10) + 1));
    cmds.push(['GEOSEARCH', 'pts', ...from, ...by, ...opts]);
    // STOREDIST keeps the raw double: V8's sin/cos/asin may differ from glibc's in the last bit, so the stored
    // distances are compared to 4 decimals (WITHDIST's precision), the members and their order exactly.
    if (i % 10 === 0) {
      cmds.push(['GEOSEARCHSTORE', 'out', 'pts', ...from, ...by, 'STOREDIST'], ['ZRANGE', 'out', '0', '-1']);
      cmds.push(['GEOSEARCHSTORE', 'out', 'pts', ...from, ...by], ['ZRANGE', 'out', '0', '-1', 'WITHSCORES']);
    }
  }
  for (const proto of [2, 3] as const) {
    const report = await compareServers(redis!.port, redoubt!.port, cmds, { proto });
    assert.equal(report.first, null, formatReport(report));
  }
});
