/**
 * DUMP / RESTORE payloads: the value as RDB serializes it (type byte + payload), then the RDB version as two
 * little-endian bytes, then the CRC64 of everything before it, little endian. The same bytes real Redis 7.0
 * produces, so DUMP output moves between Redis and Redoubt both ways.
 */
import { ByteReader, ByteWriter, RDB_VERSION, RdbError, type RdbValue } from './rdb-format.js';
import { rdbTypeOf, writeValue, type WriterOptions } from './rdb-writer.js';
import { readValue } from './rdb-reader.js';
import { crc64 } from './crc64.js';

export function createDumpPayload(v: RdbValue, o: WriterOptions): string {
  const w = new ByteWriter(256);
  const type = rdbTypeOf(v, o);
  w.u8(type);
  writeValue(w, v, type, o);
  w.u8(RDB_VERSION & 0xff);
  w.u8(RDB_VERSION >> 8);
  w.bytes(crc64(w.view()).digestLE());
  return w.view().toString('latin1');
}

/** True when the footer's version is one we read and the checksum matches (Redis's verifyDumpPayload). */
export function verifyDumpPayload(payload: Buffer): boolean {
  if (payload.length < 10) return false;
  const footer = payload.length - 10;
  const version = payload[footer] | (payload[footer + 1] << 8);
  if (version > RDB_VERSION) return false;
  return crc64(payload, 0, footer + 2).matchesLE(payload, footer + 2);
}

/** Decodes a verified payload; throws RdbError on bad data (RESTORE answers "ERR Bad data format"). */
export function parseDumpPayload(payload: Buffer): RdbValue | null {
  const r = new ByteReader(payload, 0, payload.length - 10);
  const type = r.u8();
  const v = readValue(r, type);
  if (r.pos !== r.end) throw new RdbError('Trailing bytes in DUMP payload');
  return v;
}
