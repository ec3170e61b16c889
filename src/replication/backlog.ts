/**
 * The replication backlog: a fixed-size ring of the most recent bytes of the replication stream, so that a
 * replica whose link dropped can continue from its offset (PSYNC +CONTINUE) instead of a full resync.
 *
 * Offsets are Redis's: master_repl_offset counts every byte ever produced for the stream; the backlog holds the
 * last `histlen` of them, the first being at `firstByteOffset` (= masterReplOffset - histlen + 1).
 */
export class Backlog {
  private buf: Buffer;
  /** Next write position in buf. */
  private idx = 0;
  private held = 0;
  /** Offset of the next byte to be written, minus one (master_repl_offset). */
  offset: number;
  /**
   * Bytes appended but not yet copied into the ring: one copy per batch instead of one per command (the
   * offset is always up to date; readers materialize first).
   */
  private pending = '';

  constructor(sizeBytes: number, startOffset: number) {
    this.buf = Buffer.allocUnsafe(Math.max(16 * 1024, sizeBytes));
    this.offset = startOffset;
  }

  get size(): number {
    return this.buf.length;
  }

  /** Bytes of history held (repl_backlog_histlen). */
  get histlen(): number {
    this.materialize();
    return this.held;
  }

  /** Offset of the oldest byte held (repl_backlog_first_byte_offset). */
  get firstByteOffset(): number {
    return this.offset - this.histlen + 1;
  }

  /** Appends stream bytes (latin1 string). */
  append(s: string): void {
    this.offset += s.length;
    this.pending += s;
    if (this.pending.length >= 64 * 1024) this.materialize();
  }

  /** Copies the held-back bytes into the ring. */
  materialize(): void {
    const s = this.pending;
    if (s.length === 0) return;
    this.pending = '';
    const len = s.length;
    const size = this.buf.length;
    if (len >= size) {
      this.buf.write(s.slice(len - size), 0, 'latin1');
      this.idx = 0;
      this.held = size;
      return;
    }
    const first = Math.min(len, size - this.idx);
    this.buf.write(first === len ? s : s.slice(0, first), this.idx, 'latin1');
    if (first < len) this.buf.write(s.slice(first), 0, 'latin1');
    this.idx = (this.idx + len) % size;
    this.held = Math.min(size, this.held + len);
  }

  /** True when every byte from `fromOffset` on is still held. */
  covers(fromOffset: number): boolean {
    return this.histlen > 0 ? fromOffset >= this.firstByteOffset && fromOffset <= this.offset + 1 : fromOffset === this.offset + 1;
  }

  /** The bytes from `fromOffset` to the end, as a latin1 string. */
  readFrom(fromOffset: number): string {
    this.materialize();
    const count = this.offset + 1 - fromOffset;
    if (count <= 0) return '';
    const size = this.buf.length;
    const start = (this.idx - count + size * 2) % size;
    if (start + count <= size) return this.buf.toString('latin1', start, start + count);
    return this.buf.toString('latin1', start, size) + this.buf.toString('latin1', 0, count - (size - start));
  }

  /** CONFIG SET repl-backlog-size: keeps the newest bytes that fit. */
  resize(sizeBytes: number): void {
    const keep = Math.min(this.histlen, sizeBytes);
    const data = keep > 0 ? this.readFrom(this.offset + 1 - keep) : '';
    this.buf = Buffer.allocUnsafe(Math.max(16 * 1024, sizeBytes));
    this.idx = 0;
    this.held = 0;
    const off = this.offset - keep;
    this.offset = off;
    if (data) this.append(data);
  }
}
