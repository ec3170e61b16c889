/**
 * Incremental RESP2/RESP3 reply decoder for our OUTBOUND links (Sentinel -> nodes, replica -> master,
 * tools). Bytes arrive in arbitrary chunks; feed() appends them and next() returns one complete reply or
 * undefined when more bytes are needed. Aggregates are decoded with an explicit stack (no re-parsing of a
 * half-received array), so a reply split byte by byte costs the same as one received whole.
 *
 * Everything a peer can grow has a limit (line length, bulk length, element count, nesting depth,
 * buffered bytes): exceeding one throws ReplyProtocolError and the link must be closed.
 *
 * Values: simple strings, bulk strings and verbatim strings -> latin1 string; integers -> number (bigint
 * when outside the safe range); doubles -> number; big numbers -> bigint; booleans -> boolean; nulls -> null;
 * errors -> ReplyError; arrays and sets -> Reply[]; maps -> ReplyMap; pushes -> ReplyPush. RESP3
 * attributes are decoded and dropped (they annotate the reply that follows).
 */

export class ReplyError {
  constructor(readonly message: string) {}
  toString(): string {
    return this.message;
  }
}

export class ReplyMap {
  constructor(readonly entries: [Reply, Reply][]) {}
  get(key: string): Reply | undefined {
    for (const [k, v] of this.entries) if (k === key) return v;
    return undefined;
  }
}

export class ReplyPush {
  constructor(readonly items: Reply[]) {}
}

export type Reply = string | number | bigint | boolean | null | ReplyError | ReplyMap | ReplyPush | Reply[];

export class ReplyProtocolError extends Error {}

export interface DecoderLimits {
  maxLineBytes: number;
  maxBulkBytes: number;
  maxElements: number;
  maxDepth: number;
  maxBufferedBytes: number;
}

export const DEFAULT_DECODER_LIMITS: DecoderLimits = {
  maxLineBytes: 64 * 1024,
  maxBulkBytes: 512 * 1024 * 1024,
  maxElements: 16 * 1024 * 1024,
  maxDepth: 128,
  maxBufferedBytes: 1024 * 1024 * 1024,
};

type FrameKind = 'array' | 'map' | 'set' | 'push' | 'attr';

interface Frame {
  kind: FrameKind;
  /** Elements still to read (a map counts keys and values). */
  remaining: number;
  items: Reply[];
}

const NEED_MORE: unique symbol = Symbol('need-more');

export class ReplyDecoder {
  private buf = '';
  private pos = 0;
  private stack: Frame[] = [];
  private readonly limits: DecoderLimits;

  constructor(limits: Partial<DecoderLimits> = {}) {
    this.limits = { ...DEFAULT_DECODER_LIMITS, ...limits };
  }

  /** Appends received bytes (a Buffer, or a latin1 string). */
  feed(chunk: Buffer | string): void {
    const s = typeof chunk === 'string' ? chunk : chunk.toString('latin1');
    if (this.pos > 0 && this.pos >= this.buf.length / 2) {
      this.buf = this.buf.slice(this.pos);
      this.pos = 0;
    }
    this.buf += s;
    if (this.buf.length - this.pos > this.limits.maxBufferedBytes) throw new ReplyProtocolError('reply buffer limit exceeded');
  }

  /** Bytes received but not yet returned as part of a complete reply. */
  get bufferedBytes(): number {
    return this.buf.length - this.pos;
  }

  /** Returns the next complete reply, or undefined if more input is needed. */
  next(): Reply | undefined {
    for (;;) {
      const v = this.readValue();
      if (v === NEED_MORE) return undefined;
      const done = this.pushValue(v);
      if (done !== NEED_MORE) return done;
    }
  }

  /** Places a decoded value into the open aggregate; returns the top-level reply when one completes. */
  private pushValue(v: Reply | Frame): Reply | typeof NEED_MORE {
    let value: Reply;
    if (isFrame(v)) {
      if (v.kind === 'attr' && v.remaining === 0) return NEED_MORE;
      if (v.remaining > 0) {
        if (this.stack.length >= this.limits.maxDepth) throw new ReplyProtocolError('reply nesting too deep');
        this.stack.push(v);
        return NEED_MORE;
      }
      value = closeFrame(v);
    } else value = v;
    for (;;) {
      const top = this.stack[this.stack.length - 1];
      if (top === undefined) return value;
      top.items.push(value);
      top.remaining--;
      if (top.remaining > 0) return NEED_MORE;
      this.stack.pop();
      if (top.kind === 'attr') return NEED_MORE;
      value = closeFrame(top);
    }
  }

  /** Reads one scalar or an aggregate header at pos. */
  private readValue(): Reply | Frame | typeof NEED_MORE {
    const start = this.pos;
    const eol = this.buf.indexOf('\r\n', start);
    if (eol < 0) {
      if (this.buf.length - start > this.limits.maxLineBytes) throw new ReplyProtocolError('reply line too long');
      return NEED_MORE;
    }
    if (eol - start > this.limits.maxLineBytes) throw new ReplyProtocolError('reply line too long');
    const type = this.buf[start];
    const line = this.buf.slice(start + 1, eol);
    const after = eol + 2;
    switch (type) {
      case '+':
        this.pos = after;
        return line;
      case '-':
        this.pos = after;
        return new ReplyError(line);
      case ':':
        this.pos = after;
        return parseInteger(line);
      case '$':
      case '=':
      case '!':
        return this.readBulk(type, line, after);
      case '*':
      case '%':
      case '~':
      case '>':
      case '|':
        return this.readAggregate(type, line, after);
      case '_':
        this.pos = after;
        return null;
      case '#':
        this.pos = after;
        if (line !== 't' && line !== 'f') throw new ReplyProtocolError(`invalid boolean '${line}'`);
        return line === 't';
      case ',':
        this.pos = after;
        return parseDoubleReply(line);
      case '(':
        this.pos = after;
        if (!/^[-+]?\d+$/.test(line)) throw new ReplyProtocolError('invalid big number');
        return BigInt(line);
      default:
        throw new ReplyProtocolError(`unexpected reply type byte ${JSON.stringify(type)}`);
    }
  }

  private readBulk(type: string, line: string, after: number): Reply | typeof NEED_MORE {
    const len = parseLength(line);
    if (len < 0) {
      this.pos = after;
      return null;
    }
    if (len > this.limits.maxBulkBytes) throw new ReplyProtocolError('bulk length exceeds the limit');
    if (this.buf.length < after + len + 2) return NEED_MORE;
    if (this.buf.charCodeAt(after + len) !== 13 || this.buf.charCodeAt(after + len + 1) !== 10) {
      throw new ReplyProtocolError('bulk string not terminated by CRLF');
    }
    let s = this.buf.slice(after, after + len);
    this.pos = after + len + 2;
    if (type === '!') return new ReplyError(s);
    if (type === '=') s = s.length >= 4 && s[3] === ':' ? s.slice(4) : s;
    return s;
  }

  private readAggregate(type: string, line: string, after: number): Reply | Frame {
    const n = parseLength(line);
    this.pos = after;
    if (n < 0) return null;
    const kind: FrameKind = type === '*' ? 'array' : type === '%' ? 'map' : type === '~' ? 'set' : type === '>' ? 'push' : 'attr';
    const count = kind === 'map' || kind === 'attr' ? n * 2 : n;
    if (count > this.limits.maxElements) throw new ReplyProtocolError('aggregate too large');
    return { kind, remaining: count, items: [] };
  }
}

function isFrame(v: Reply | Frame): v is Frame {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && 'remaining' in v && 'kind' in v;
}

function closeFrame(f: Frame): Reply {
  switch (f.kind) {
    case 'array':
    case 'set':
    case 'attr':
      return f.items;
    case 'push':
      return new ReplyPush(f.items);
    case 'map': {
      const entries: [Reply, Reply][] = [];
      for (let i = 0; i < f.items.length; i += 2) entries.push([f.items[i], f.items[i + 1]]);
      return new ReplyMap(entries);
    }
  }
}

function parseLength(line: string): number {
  if (!/^-?\d{1,19}$/.test(line)) throw new ReplyProtocolError(`invalid length '${line.slice(0, 32)}'`);
  const n = Number(line);
  return n < 0 ? -1 : n;
}

function parseInteger(line: string): number | bigint {
  if (!/^[-+]?\d{1,20}$/.test(line)) throw new ReplyProtocolError(`invalid integer '${line.slice(0, 32)}'`);
  const n = Number(line);
  return Number.isSafeInteger(n) ? n : BigInt(line);
}

function parseDoubleReply(line: string): number {
  const l = line.toLowerCase();
  if (l === 'inf' || l === '+inf') return Infinity;
  if (l === '-inf') return -Infinity;
  if (l === 'nan') return NaN;
  const n = Number(line);
  if (line === '' || Number.isNaN(n)) throw new ReplyProtocolError(`invalid double '${line.slice(0, 32)}'`);
  return n;
}

/** Encodes a command as a RESP multibulk (latin1 string, binary safe). */
export function encodeCommand(argv: readonly string[]): string {
  let out = `*${argv.length}\r\n`;
  for (const a of argv) out += `$${a.length}\r\n${a}\r\n`;
  return out;
}
