/**
 * Reply encoding. The ONLY place that knows RESP2 from RESP3: handlers say what they mean (a map, a set,
 * a null, a double) and the writer encodes it for the connection's protocol version.
 *
 * Replies are appended to one latin1 string per connection and written once per socket read (the owner calls
 * takeOutput()); V8 concatenates strings as ropes, so appending is cheap and the flush flattens once.
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

export class ReplyWriter {
  /** Pending output (latin1). */
  protected out = '';
  proto: ProtoVersion = 2;
  /** CLIENT REPLY OFF / SKIP: while > 0 (or Infinity), replies are dropped. */
  muted = 0;
  /** Counts error replies, for INFO errorstats; the owner wires this up. */
  onError: ((code: string) => void) | null = null;

  takeOutput(): string {
    const s = this.out;
    this.out = '';
    return s;
  }

  get pendingOutputBytes(): number {
    return this.out.length;
  }

  /** Appends pre-encoded RESP (for replies computed once and shared). */
  addRaw(resp: string): void {
    if (this.muted) return;
    this.out += resp;
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
  }

  addBulk(s: string): void {
    if (this.muted) return;
    const len = s.length;
    this.out += (len < SMALL ? BULK_HEADER[len] : '$' + len + CRLF) + s + CRLF;
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
    else this.out += '=' + (s.length + 4) + CRLF + format + ':' + s + CRLF;
  }

  addBigNumber(s: string): void {
    if (this.muted) return;
    if (this.proto === 2) this.addBulk(s);
    else this.out += '(' + s + CRLF;
  }

  addBulks(items: readonly string[]): void {
    if (this.muted) return;
    let s = '*' + items.length + CRLF;
    for (let i = 0; i < items.length; i++) {
      const it = items[i];
      s += '$' + it.length + CRLF + it + CRLF;
    }
    this.out += s;
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
