/**
 * Incremental request parser: RESP multibulk and inline commands -> argv.
 *
 * Why strings: the whole server keeps keys and values as latin1 ("binary") JS strings, one JS char per byte.
 * A chunk is decoded once with Buffer#toString('latin1') and parsed with indexOf/charCodeAt/slice, which V8
 * does without copying for one-byte strings. A large bulk argument is not re-scanned on every chunk: while we
 * wait for N known bytes we only collect chunks and join them once (no quadratic behaviour).
 *
 * Every limit a peer could push is enforced here, with Redis's error texts. A ParseError means: reply the error,
 * then close that connection only.
 */

export const PROTO_INLINE_MAX_SIZE = 64 * 1024;
export const PROTO_MAX_MULTIBULK_LEN = 1024 * 1024 * 1024 * 2 - 1; // INT_MAX
export const UNAUTH_MAX_MULTIBULK_LEN = 10;
export const UNAUTH_MAX_BULK_LEN = 16384;
/**
 * The longest argument a JavaScript string can hold with room for the bytes read along with it (V8 strings
 * stop at 2^29-24 chars). Redis's proto-max-bulk-len default (512 MB) is just above; a longer bulk gets
 * Redis's invalid-bulk-length error instead of an engine exception.
 */
export const MAX_ARG_LEN = 2 ** 29 - 24 - 256 * 1024;

export interface ParserLimits {
  /** proto-max-bulk-len */
  maxBulkLen: number;
  /** client-query-buffer-limit: a peer that buffers more than this is disconnected without a reply. */
  maxQueryBufferBytes: number;
}

export class ProtocolError extends Error {
  /** When true the connection is closed without sending a reply (query buffer overflow). */
  constructor(message: string, readonly silent = false) {
    super(message);
  }
}

const CR = 13;
const LF = 10;
const EMPTY: string[] = [];

export class RequestParser {
  private buf = '';
  private pos = 0;
  /** Chunks collected while waiting for a known number of bytes. */
  private pending: string[] = [];
  private pendingBytes = 0;
  /** Bytes that must be buffered before parsing can make progress (0 = unknown). */
  private needBytes = 0;
  /** Multibulk in progress: remaining args, collected args, current bulk length. */
  private remaining = 0;
  private args: string[] = EMPTY;
  private bulkLen = -1;
  /** Set by the owner: unauthenticated clients get tighter limits; the master link gets none on bulk size. */
  authenticated = true;
  fromMaster = false;

  constructor(public limits: ParserLimits) {}

  /** Bytes buffered but not yet consumed (the client's query buffer length). */
  get bufferedBytes(): number {
    return this.buf.length - this.pos + this.pendingBytes;
  }

  /** Adds a chunk (latin1). Throws ProtocolError(silent) when the query buffer limit is exceeded. */
  feed(chunk: string): void {
    this.fedBytes += chunk.length;
    if (this.needBytes > 0) {
      this.pending.push(chunk);
      this.pendingBytes += chunk.length;
      if (this.buf.length - this.pos + this.pendingBytes < this.needBytes) {
        this.checkQueryLimit();
        return;
      }
      this.pending.unshift(this.pos < this.buf.length ? this.buf.slice(this.pos) : '');
      this.buf = this.pending.join('');
      this.pending = [];
      this.pendingBytes = 0;
      this.pos = 0;
      this.needBytes = 0;
      this.checkQueryLimit();
      return;
    }
    this.buf = this.pos < this.buf.length ? this.buf.slice(this.pos) + chunk : chunk;
    this.pos = 0;
    this.checkQueryLimit();
  }

  private checkQueryLimit(): void {
    const limit = this.limits.maxQueryBufferBytes;
    if (limit > 0 && this.bufferedBytes > limit) {
      throw new ProtocolError('max query buffer length reached', true);
    }
  }

  /**
   * Next complete command, or null when more bytes are needed. An empty array means "nothing to run"
   * (empty inline line or *0), which callers skip. Throws ProtocolError for malformed input.
   */
  next(): string[] | null {
    const argv = this.parseNext();
    if (argv !== null) {
      const consumed = this.fedBytes - this.bufferedBytes;
      this.lastCommandBytes = consumed - this.boundary;
      this.boundary = consumed;
    }
    return argv;
  }

  /** Bytes fed since creation, and consumed up to the end of the last complete command. */
  private fedBytes = 0;
  private boundary = 0;
  /** Size on the wire of the command last returned by next() (replication offsets count these). */
  lastCommandBytes = 0;

  private parseNext(): string[] | null {
    if (this.needBytes > 0) return null;
    if (this.remaining === 0) {
      if (this.pos >= this.buf.length) return null;
      if (this.buf.charCodeAt(this.pos) !== 42 /* '*' */) return this.parseInline();
      const count = this.readMultibulkCount();
      if (count === null) return null;
      if (count <= 0) return EMPTY;
      this.remaining = count;
      this.args = new Array<string>(count);
    }
    return this.parseBulks();
  }

  private parseInline(): string[] | null {
    const buf = this.buf;
    const nl = buf.indexOf('\n', this.pos);
    if (nl < 0) {
      if (buf.length - this.pos > PROTO_INLINE_MAX_SIZE) {
        throw new ProtocolError('Protocol error: too big inline request');
      }
      return null;
    }
    let end = nl;
    if (end > this.pos && buf.charCodeAt(end - 1) === CR) end--;
    const line = buf.slice(this.pos, end);
    this.pos = nl + 1;
    const argv = splitArgs(line);
    if (argv === null) throw new ProtocolError('Protocol error: unbalanced quotes in request');
    return argv;
  }

  /** Reads "*<n>\r\n". Returns null if incomplete. */
  private readMultibulkCount(): number | null {
    const buf = this.buf;
    const cr = buf.indexOf('\r', this.pos);
    if (cr < 0 || cr + 1 >= buf.length) {
      if (buf.length - this.pos > PROTO_INLINE_MAX_SIZE) {
        throw new ProtocolError('Protocol error: too big mbulk count string');
      }
      return null;
    }
    const n = parseLength(buf, this.pos + 1, cr);
    if (n === null || n > PROTO_MAX_MULTIBULK_LEN) {
      throw new ProtocolError('Protocol error: invalid multibulk length');
    }
    if (n > UNAUTH_MAX_MULTIBULK_LEN && !this.authenticated) {
      throw new ProtocolError('Protocol error: unauthenticated multibulk length');
    }
    this.pos = cr + 2;
    return n;
  }

  private parseBulks(): string[] | null {
    const buf = this.buf;
    const len = buf.length;
    while (this.remaining > 0) {
      if (this.bulkLen < 0) {
        if (this.pos >= len) return null;
        const cr = buf.indexOf('\r', this.pos);
        if (cr < 0 || cr + 1 >= len) {
          if (len - this.pos > PROTO_INLINE_MAX_SIZE) {
            throw new ProtocolError('Protocol error: too big bulk count string');
          }
          return null;
        }
        const c0 = buf.charCodeAt(this.pos);
        if (c0 !== 36 /* '$' */) {
          throw new ProtocolError(`Protocol error: expected '$', got '${buf[this.pos]}'`);
        }
        const n = parseLength(buf, this.pos + 1, cr);
        if (n === null || n < 0 || n > MAX_ARG_LEN || (!this.fromMaster && n > this.limits.maxBulkLen)) {
          throw new ProtocolError('Protocol error: invalid bulk length');
        }
        if (n > UNAUTH_MAX_BULK_LEN && !this.authenticated) {
          throw new ProtocolError('Protocol error: unauthenticated bulk length');
        }
        this.pos = cr + 2;
        this.bulkLen = n;
      }
      const need = this.bulkLen + 2;
      if (len - this.pos < need) {
        // Wait for the whole argument without rescanning: collect chunks until enough bytes arrived.
        if (this.bulkLen >= 32 * 1024) this.needBytes = need;
        return null;
      }
      const end = this.pos + this.bulkLen;
      this.args[this.args.length - this.remaining] = ownSlice(buf, this.pos, end);
      this.pos = end + 2;
      this.bulkLen = -1;
      this.remaining--;
    }
    const out = this.args;
    this.args = EMPTY;
    if (this.pos >= len) {
      this.buf = '';
      this.pos = 0;
    }
    return out;
  }
}

/**
 * V8 makes a slice of 13+ chars a view that keeps the whole source string alive. An argument stored in the
 * keyspace would then pin the read it came from: fine for a small read, not for one 64 KB read of which a
 * single key survives. Arguments cut from big reads are copied (one flat copy, ~60 ns), bounding what a
 * stored key can pin to about 1 KB.
 */
const PIN_LIMIT = 1024;

function ownSlice(buf: string, start: number, end: number): string {
  const s = buf.slice(start, end);
  if (buf.length <= PIN_LIMIT || s.length < 13 || s.length * 2 > buf.length) return s;
  return ('_' + s).substring(1);
}

/**
 * Parses a decimal in buf[start, end) as Redis's string2ll does: optional '-', no '+', no leading zeros
 * ("0" alone is fine, "-0" and "03" are not). Null when not a valid integer.
 */
function parseLength(buf: string, start: number, end: number): number | null {
  if (start >= end || end - start > 18) return null;
  let i = start;
  let neg = false;
  if (buf.charCodeAt(i) === 45) {
    neg = true;
    i++;
    if (i === end) return null;
  }
  if (buf.charCodeAt(i) === 48 /* '0' */ && (neg || end - i > 1)) return null;
  let n = 0;
  for (; i < end; i++) {
    const d = buf.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return null;
    n = n * 10 + d;
  }
  return neg ? -n : n;
}

function isHex(c: string): boolean {
  return /^[0-9a-fA-F]$/.test(c);
}

/**
 * Splits an inline command line the way redis-cli and redis-server do (sdssplitargs): spaces separate,
 * "double quotes" understand \n \r \t \b \a \\ \" and \xHH, 'single quotes' understand \'. A closing quote
 * must be followed by a space or the end. Between arguments any isspace() byte is skipped, but inside an
 * unquoted argument only space, \t, \r and \n end it (\v and \f are kept, as Redis does); a NUL byte ends the
 * line. Returns null on unbalanced quotes.
 */
export function splitArgs(line: string): string[] | null {
  const out: string[] = [];
  let i = 0;
  // Redis splits a C string: a NUL byte ends the line.
  const nul = line.indexOf('\0');
  const n = nul < 0 ? line.length : nul;
  for (;;) {
    while (i < n && isSpace(line.charCodeAt(i))) i++;
    if (i >= n) return out;
    let inDq = false;
    let inSq = false;
    let done = false;
    let cur = '';
    while (!done) {
      if (inDq) {
        if (i >= n) return null;
        const ch = line[i];
        if (ch === '\\' && line[i + 1] === 'x' && i + 3 < n && isHex(line[i + 2] ?? '') && isHex(line[i + 3] ?? '')) {
          cur += String.fromCharCode(parseInt(line.slice(i + 2, i + 4), 16));
          i += 3;
        } else if (ch === '\\' && i + 1 < n) {
          i++;
          const e = line[i];
          cur += e === 'n' ? '\n' : e === 'r' ? '\r' : e === 't' ? '\t' : e === 'b' ? '\b' : e === 'a' ? '\x07' : e;
        } else if (ch === '"') {
          if (i + 1 < n && !isSpace(line.charCodeAt(i + 1))) return null;
          done = true;
        } else {
          cur += ch;
        }
      } else if (inSq) {
        if (i >= n) return null;
        const ch = line[i];
        if (ch === '\\' && line[i + 1] === "'") {
          i++;
          cur += "'";
        } else if (ch === "'") {
          if (i + 1 < n && !isSpace(line.charCodeAt(i + 1))) return null;
          done = true;
        } else {
          cur += ch;
        }
      } else {
        if (i >= n) {
          done = true;
          break;
        }
        const ch = line[i];
        const code = line.charCodeAt(i);
        if (code === 32 || code === 10 || code === 13 || code === 9) done = true;
        else if (ch === '"') inDq = true;
        else if (ch === "'") inSq = true;
        else cur += ch;
      }
      if (i < n) i++;
    }
    out.push(cur);
  }
}

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13 || c === 11 || c === 12;
}
