/**
 * RESP framing for tests: find where one complete reply ends in raw bytes (RESP2 and RESP3 types), split an
 * aggregate into its elements, encode commands as multibulk. Why raw: compatibility tests compare the exact
 * bytes two servers send, so client libraries (which normalise replies) cannot be used for that.
 */

const CRLF = '\r\n';

/** Encodes argv as a RESP multibulk request (latin1). */
export function encodeCommand(argv: readonly string[]): string {
  let s = '*' + argv.length + CRLF;
  for (const a of argv) s += '$' + a.length + CRLF + a + CRLF;
  return s;
}

/**
 * Index just past the complete reply that starts at `pos`, or -1 when more bytes are needed.
 * Throws on a byte that does not start any RESP2/RESP3 type.
 */
export function replyEnd(buf: string, pos: number): number {
  if (pos >= buf.length) return -1;
  const type = buf[pos];
  const cr = buf.indexOf(CRLF, pos);
  if (cr < 0) return -1;
  const n = Number(buf.slice(pos + 1, cr));
  let p = cr + 2;
  switch (type) {
    case '+':
    case '-':
    case ':':
    case '_':
    case ',':
    case '#':
    case '(':
      return p;
    case '$':
    case '!':
    case '=':
      if (n < 0) return p;
      return buf.length < p + n + 2 ? -1 : p + n + 2;
    case '*':
    case '~':
    case '>':
    case '%':
    case '|': {
      if (n < 0) return p;
      const count = type === '%' || type === '|' ? 2 * n : n;
      for (let i = 0; i < count; i++) {
        p = replyEnd(buf, p);
        if (p < 0) return -1;
      }
      // An attribute is followed by the reply it describes.
      return type === '|' ? replyEnd(buf, p) : p;
    }
    default:
      throw new Error(`not a RESP reply at byte ${pos}: ${JSON.stringify(buf.slice(pos, pos + 40))}`);
  }
}

/** Splits as many complete replies as `buf` holds; returns them and the index where the rest starts. */
export function splitReplies(buf: string, max = Infinity): { replies: string[]; rest: number } {
  const replies: string[] = [];
  let pos = 0;
  while (replies.length < max) {
    const end = replyEnd(buf, pos);
    if (end < 0) break;
    replies.push(buf.slice(pos, end));
    pos = end;
  }
  return { replies, rest: pos };
}

/** For an aggregate reply: its header line ("*3\r\n") and each element's raw bytes; null for scalars. */
export function aggregateElements(raw: string): { header: string; elements: string[] } | null {
  const t = raw[0];
  if (t !== '*' && t !== '~' && t !== '%' && t !== '>') return null;
  const cr = raw.indexOf(CRLF);
  const n = Number(raw.slice(1, cr));
  if (n < 0) return null;
  const elements: string[] = [];
  let p = cr + 2;
  const count = t === '%' ? 2 * n : n;
  for (let i = 0; i < count; i++) {
    const end = replyEnd(raw, p);
    elements.push(raw.slice(p, end));
    p = end;
  }
  return { header: raw.slice(0, cr + 2), elements };
}

/**
 * The same reply with its top-level elements sorted (maps: sorted by pair), for commands whose order is
 * unspecified (KEYS, SMEMBERS, HGETALL ...).
 */
export function sortedReply(raw: string): string {
  const agg = aggregateElements(raw);
  if (agg === null) return raw;
  if (raw[0] === '%') {
    const pairs: string[] = [];
    for (let i = 0; i < agg.elements.length; i += 2) pairs.push(agg.elements[i] + agg.elements[i + 1]);
    return agg.header + pairs.sort().join('');
  }
  return agg.header + [...agg.elements].sort().join('');
}

/** A short readable form of raw bytes for failure messages. */
export function show(raw: string | null, max = 300): string {
  if (raw === null) return '<no reply>';
  const s = JSON.stringify(raw);
  return s.length > max ? s.slice(0, max) + `... (${raw.length} bytes)` : s;
}
