/**
 * Reply encoding. The ONLY place that knows RESP2 from RESP3: handlers say what they mean (a map, a set,
 * a null, a double) and the writer encodes it for the connection's protocol version.
 *
 * Replies are appended to one latin1 string per connection and written once per event-loop turn (the owner
 * calls takeSpilled() then takeOutput()); V8 concatenates strings as ropes, so appending is cheap and the flush
 * flattens once. A V8 string stops at 2^29-24 chars, so output never grows one string without bound: past
 * SPILL_AT chars the pending string moves to a list of chunks, and a big bulk value is queued as its own chunk
 * (never copied into a bigger string). Eight GETs of a 100 MB value in one pipeline are 800 MB of replies.
 */

export type ProtoVersion = 2 | 3;

const CRLF = '\r\n';

/** Pre-built "$<n>\r\n" and ":<n>\r\n" for small n: no number formatting on the hot path. */
const SMALL = 1024;
const BULK_HEADER: string[] = [];
const INT_REPLY: string[] = [];
for (let i = 0; i < SMALL; i++) {
  BULK_HEADER.push('$' + i + CRLF);
  INT_REPLY.push(':' + i + CRLF);
}

/** Pending output past this many chars moves to the chunk list. */
const SPILL_AT = 8 * 1024 * 1024;
/** A bulk value at least this long is queued as its own chunk. */
const BIG_BULK = 64 * 1024;

export class ReplyWriter {
  /** Pending output (latin1). */
  protected out = '';
  /** Output queued before `out` (big values, and `out` itself each time it passed SPILL_AT); null if none. */
  private spilled: string[] | null = null;
  private spilledBytes = 0;
  proto: ProtoVersion = 2;
  /** CLIENT REPLY OFF / SKIP: while > 0 (or Infinity), replies are dropped. */
  muted = 0;
  /** Counts error replies, for INFO errorstats; the owner wires this up. */
  onError: ((code: string) => void) | null = null;

  /** The pending output that goes before takeOutput()'s (big chunks), or null; the caller writes them in order. */
  takeSpilled(): string[] | null {
    const s = this.spilled;
    if (s === null) return null;
    this.spilled = null;
    this.spilledBytes = 0;
    return s;
  }

  /** The pending output after takeSpilled()'s chunks. */
  takeOutput(): string {
    const s = this.out;
    this.out = '';
    return s;
  }

  get pendingOutputBytes(): number {
    return this.out.length + this.spilledBytes;
  }

  /** Moves the pending string (and then `chunk`, if given) to the chunk list. */
  private spill(chunk?: string): void {
    const list = (this.spilled ??= []);
    if (this.out.length > 0) {
      list.push(this.out);
      this.spilledBytes += this.out.length;
      this.out = '';
    }
    if (chunk !== undefined) {
      list.push(chunk);
      this.spilledBytes += chunk.length;
    }
  }

  /** Appends pre-encoded RESP (for replies computed once and shared). */
  addRaw(resp: string): void {
    if (this.muted) return;
    if (resp.length >= BIG_BULK) this.spill(resp);
    else {
      this.out += resp;
      if (this.out.length > SPILL_AT) this.spill();
    }
  }

  addOK(): void {
    if (this.muted) return;
    this.out += '+OK\r\n';
  }

  addSimple(s: string): void {
    if (this.muted) return;
    this.out += '+' + s + CRLF;
  }

  /** `msg` starts with the error code ("ERR ...", "WRONGTYPE ..."). Newlines are replaced as Redis does. */
  addError(msg: string): void {
    if (this.onError !== null) {
      const sp = msg.indexOf(' ');
      this.onError(sp < 0 ? msg : msg.slice(0, sp));
    }
    if (this.muted) return;
    if (msg.indexOf('\n') >= 0 || msg.indexOf('\r') >= 0) msg = msg.replace(/[\r\n]/g, ' ');
    this.out += '-' + msg + CRLF;
  }

  addInt(n: number | bigint): void {
    if (this.muted) return;
    this.out += typeof n === 'number' && n >= 0 && n < SMALL && (n | 0) === n ? INT_REPLY[n] : ':' + n + CRLF;
    if (this.out.length > SPILL_AT) this.spill();
  }

  addBulk(s: string): void {
    if (this.muted) return;
    const len = s.length;
    if (len >= BIG_BULK) {
      this.out += '$' + len + CRLF;
      this.spill(s);
      this.out = CRLF;
      return;
    }
    this.out += (len < SMALL ? BULK_HEADER[len] : '$' + len + CRLF) + s + CRLF;
    if (this.out.length > SPILL_AT) this.spill();
  }

  /** Bulk string or null. */
  addBulkOrNull(s: string | null | undefined): void {
    if (s === null || s === undefined) this.addNull();
    else this.addBulk(s);
  }

  /** The null bulk string ($-1 in RESP2, _ in RESP3). */
  addNull(): void {
    if (this.muted) return;
    this.out += this.proto === 2 ? '$-1\r\n' : '_\r\n';
  }

  /** The null array (*-1 in RESP2, _ in RESP3): BLPOP timeout, EXEC aborted by WATCH. */
  addNullArray(): void {
    if (this.muted) return;
    this.out += this.proto === 2 ? '*-1\r\n' : '_\r\n';
  }

  addArrayLen(n: number): void {
    if (this.muted) return;
    this.out += '*' + n + CRLF;
    if (this.out.length > SPILL_AT) this.spill();
  }

  /** A map of n pairs: a flat array of 2n elements in RESP2. */
  addMapLen(n: number): void {
    if (this.muted) return;
    this.out += (this.proto === 2 ? '*' + 2 * n : '%' + n) + CRLF;
  }

  addSetLen(n: number): void {
    if (this.muted) return;
    this.out += (this.proto === 2 ? '*' : '~') + n + CRLF;
  }

  /** Out-of-band push (pub/sub messages): `>` in RESP3, an array in RESP2. */
  addPushLen(n: number): void {
    if (this.muted) return;
    this.out += (this.proto === 2 ? '*' : '>') + n + CRLF;
  }

  addDouble(d: number): void {
    if (this.muted) return;
    if (this.proto === 2) {
      this.addBulk(formatDouble(d));
    } else {
      this.out += ',' + (Number.isNaN(d) ? 'nan' : formatDouble(d)) + CRLF;
    }
  }

  addBool(b: boolean): void {
    if (this.muted) return;
    if (this.proto === 2) this.out += b ? ':1\r\n' : ':0\r\n';
    else this.out += b ? '#t\r\n' : '#f\r\n';
  }

  /** Verbatim string (INFO, CLIENT LIST... in RESP3 use "txt"); a bulk string in RESP2. */
  addVerbatim(s: string, format = 'txt'): void {
    if (this.muted) return;
    if (this.proto === 2) this.addBulk(s);
    else if (s.length >= BIG_BULK) {
      this.out += '=' + (s.length + 4) + CRLF + format + ':';
      this.spill(s);
      this.out = CRLF;
    } else {
      this.out += '=' + (s.length + 4) + CRLF + format + ':' + s + CRLF;
      if (this.out.length > SPILL_AT) this.spill();
    }
  }

  addBigNumber(s: string): void {
    if (this.muted) return;
    if (this.proto === 2) this.addBulk(s);
    else this.out += '(' + s + CRLF;
  }

  addBulks(items: readonly string[]): void {
    if (this.muted) return;
    this.addArrayLen(items.length);
    for (let i = 0; i < items.length; i++) this.addBulk(items[i]);
  }

  /** An array whose elements may be null (MGET). */
  addBulksOrNull(items: readonly (string | null | undefined)[]): void {
    if (this.muted) return;
    this.addArrayLen(items.length);
    for (let i = 0; i < items.length; i++) this.addBulkOrNull(items[i]);
  }

  addEmptyArray(): void {
    if (this.muted) return;
    this.out += '*0\r\n';
  }

  /** A double already formatted by the caller (GEOPOS's "%.17Lf" text): bulk in RESP2, double in RESP3. */
  addDoubleText(text: string): void {
    if (this.muted) return;
    if (this.proto === 2) this.addBulk(text);
    else this.out += ',' + text + CRLF;
  }

  /**
   * (member, score) pairs as ZRANGE WITHSCORES answers: a flat array of 2n items in RESP2, an array of n
   * [member, double] arrays in RESP3. The first `n` entries of the arrays are sent.
   */
  addScoredPairs(members: readonly string[], scores: readonly number[], n = members.length): void {
    if (this.muted) return;
    const resp3 = this.proto !== 2;
    this.out += '*' + (resp3 ? n : 2 * n) + CRLF;
    for (let i = 0; i < n; i++) {
      if (resp3) this.out += '*2\r\n';
      this.addBulk(members[i]);
      this.addDouble(scores[i]);
    }
  }
}

/** Formats a double as C's "%.17g" does (what Redis 7.0 prints for scores); inf as "inf"/"-inf". */
export function formatDouble(d: number): string {
  if (d === Infinity) return 'inf';
  if (d === -Infinity) return '-inf';
  if (Number.isNaN(d)) return 'nan';
  if (d === 0) return Object.is(d, -0) ? '-0' : '0';
  if (Number.isInteger(d) && Math.abs(d) < 1e17) return String(d);
  const exp = Math.floor(Math.log10(Math.abs(Number(d.toExponential(16)))));
  if (exp < -4 || exp >= 17) {
    const [mant, e] = d.toExponential(16).split('e');
    const m = stripZeros(mant);
    const en = Number(e);
    const sign = en < 0 ? '-' : '+';
    const abs = String(Math.abs(en));
    return m + 'e' + sign + (abs.length < 2 ? '0' + abs : abs);
  }
  return stripZeros(d.toFixed(Math.max(0, 16 - exp)));
}

function stripZeros(s: string): string {
  if (s.indexOf('.') < 0) return s;
  let end = s.length;
  while (s.charCodeAt(end - 1) === 48) end--;
  if (s.charCodeAt(end - 1) === 46) end--;
  return s.slice(0, end);
}
