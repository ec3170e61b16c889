/**
 * COMMAND DOCS / COMMAND INFO data: Geospatial indexes, as Redis 7.0 documents them. Usage lines as the command
 * reference publishes them, annotated in the notation of ./usage.ts; key specs in that of ./key-specs.ts.
 */
import type { DocEntry } from './entry.js';

export const GEO_DOCS: DocEntry[] = [
  {
    usage: 'GEOADD key condition=[NX | XX]{+6.2.0} change=[CH]{+6.2.0} (longitude latitude member) [longitude ' +
      'latitude member ...]',
    summary: 'Add one or more geospatial items in the geospatial index represented using a sorted set',
    since: '3.2.0',
    complexity: 'O(log(N)) for each item added, where N is the number of elements in the sorted set.',
    history: [
      '6.2.0 Added the `CH`, `NX` and `XX` options.',
    ],
    keys: ['RW update; index 1; range 0 1 0'],
  },
  {
    usage: 'GEODIST key member1 member2 unit=[M | KM | FT | MI]',
    summary: 'Returns the distance between two members of a geospatial index',
    since: '3.2.0',
    complexity: 'O(log(N))',
    keys: ['RO access; index 1; range 0 1 0'],
  },
  {
    usage: 'GEOHASH key member [member ...]',
    summary: 'Returns members of a geospatial index as standard geohash strings',
    since: '3.2.0',
    complexity: 'O(log(N)) for each member requested, where N is the number of elements in the sorted set.',
    keys: ['RO access; index 1; range 0 1 0'],
  },
  {
    usage: 'GEOPOS key member [member ...]',
    summary: 'Returns longitude and latitude of members of a geospatial index',
    since: '3.2.0',
    complexity: 'O(N) where N is the number of members requested.',
    keys: ['RO access; index 1; range 0 1 0'],
  },
  {
    usage: 'GEORADIUS key longitude latitude radius unit=<M | KM | FT | MI> [WITHCOORD] [WITHDIST] [WITHHASH] ' +
      'count=[COUNT count [ANY]{+6.2.0}] order=[ASC | DESC] [STORE key] [STOREDIST key]',
    summary: 'Query a sorted set representing a geospatial index to fetch members matching a given maximum ' +
      'distance from a point',
    since: '3.2.0',
    complexity: 'O(N+log(M)) where N is the number of elements inside the bounding box of the circular area delimited ' +
      'by center and radius and M is the number of items inside the index.',
    docFlags: 'deprecated',
    deprecatedSince: '6.2.0',
    replacedBy: '`GEOSEARCH` and `GEOSEARCHSTORE` with the `BYRADIUS` argument',
    history: [
      '6.2.0 Added the `ANY` option for `COUNT`.',
      '7.0.0 Added support for uppercase unit names.',
    ],
    keys: [
      'RO access; index 1; range 0 1 0',
      'OW update; keyword STORE 6; range 0 1 0',
      'OW update; keyword STOREDIST 6; range 0 1 0',
    ],
  },
  {
    usage: 'GEORADIUS_RO key longitude latitude radius unit=<M | KM | FT | MI> [WITHCOORD] [WITHDIST] [WITHHASH] ' +
      'count=[COUNT count [ANY]{+6.2.0}] order=[ASC | DESC]',
    summary: 'A read-only variant for GEORADIUS',
    since: '3.2.10',
    complexity: 'O(N+log(M)) where N is the number of elements inside the bounding box of the circular area delimited ' +
      'by center and radius and M is the number of items inside the index.',
    docFlags: 'deprecated',
    deprecatedSince: '6.2.0',
    replacedBy: '`GEOSEARCH` with the `BYRADIUS` argument',
    history: [
      '6.2.0 Added the `ANY` option for `COUNT`.',
    ],
    keys: ['RO access; index 1; range 0 1 0'],
  },
  {
    usage: 'GEORADIUSBYMEMBER key member radius unit=<M | KM | FT | MI> [WITHCOORD] [WITHDIST] [WITHHASH] ' +
      'count=[COUNT count [ANY]] order=[ASC | DESC] [STORE key] [STOREDIST key]',
    summary: 'Query a sorted set representing a geospatial index to fetch members matching a given maximum ' +
      'distance from a member',
    since: '3.2.0',
    complexity: 'O(N+log(M)) where N is the number of elements inside the bounding box of the circular area delimited ' +
      'by center and radius and M is the number of items inside the index.',
    docFlags: 'deprecated',
    deprecatedSince: '6.2.0',
    replacedBy: '`GEOSEARCH` and `GEOSEARCHSTORE` with the `BYRADIUS` and `FROMMEMBER` arguments',
    history: [
      '7.0.0 Added support for uppercase unit names.',
    ],
    keys: [
      'RO access; index 1; range 0 1 0',
      'OW update; keyword STORE 5; range 0 1 0',
      'OW update; keyword STOREDIST 5; range 0 1 0',
    ],
  },
  {
    usage: 'GEORADIUSBYMEMBER_RO key member radius unit=<M | KM | FT | MI> [WITHCOORD] [WITHDIST] [WITHHASH] ' +
      'count=[COUNT count [ANY]] order=[ASC | DESC]',
    summary: 'A read-only variant for GEORADIUSBYMEMBER',
    since: '3.2.10',
    complexity: 'O(N+log(M)) where N is the number of elements inside the bounding box of the circular area delimited ' +
      'by center and radius and M is the number of items inside the index.',
    docFlags: 'deprecated',
    deprecatedSince: '6.2.0',
    replacedBy: '`GEOSEARCH` with the `BYRADIUS` and `FROMMEMBER` arguments',
    keys: ['RO access; index 1; range 0 1 0'],
  },
  {
    usage: 'GEOSEARCH key from=<FROMMEMBER member | longitude_latitude=FROMLONLAT (longitude latitude)> ' +
      'by=<circle=(BYRADIUS radius unit=<M | KM | FT | MI>) | box=(BYBOX width height unit=<M | KM | FT | ' +
      'MI>)> order=[ASC | DESC] count=[COUNT count [ANY]] [WITHCOORD] [WITHDIST] [WITHHASH]',
    summary: 'Query a sorted set representing a geospatial index to fetch members inside an area of a box or a ' +
      'circle.',
    since: '6.2.0',
    complexity: 'O(N+log(M)) where N is the number of elements in the grid-aligned bounding box area around the shape ' +
      'provided as the filter and M is the number of items inside the shape',
    history: [
      '7.0.0 Added support for uppercase unit names.',
    ],
    keys: ['RO access; index 1; range 0 1 0'],
  },
  {
    usage: 'GEOSEARCHSTORE destination source from=<FROMMEMBER member | longitude_latitude=FROMLONLAT (longitude ' +
      'latitude)> by=<circle=(BYRADIUS radius unit=<M | KM | FT | MI>) | box=(BYBOX width height unit=<M | ' +
      'KM | FT | MI>)> order=[ASC | DESC] count=[COUNT count [ANY]] [STOREDIST]',
    summary: 'Query a sorted set representing a geospatial index to fetch members inside an area of a box or a ' +
      'circle, and store the result in another key.',
    since: '6.2.0',
    complexity: 'O(N+log(M)) where N is the number of elements in the grid-aligned bounding box area around the shape ' +
      'provided as the filter and M is the number of items inside the shape',
    history: [
      '7.0.0 Added support for uppercase unit names.',
    ],
    keys: [
      'OW update; index 1; range 0 1 0',
      'RO access; index 2; range 0 1 0',
    ],
  },
];
