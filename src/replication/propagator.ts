/**
 * The ONE fan-out point for the write stream. After a write command, call() hands the deterministic form of
 * the command to propagate(); every subscribed target (the AOF, the replication backlog + replicas) receives
 * the same sequence, with SELECT inserted by each target when the database changes.
 */
export interface PropagationTarget {
  name: string;
  /** Receives one command for database `dbid`. */
  feed(dbid: number, argv: readonly string[]): void;
}

export class Propagator {
  private targets: PropagationTarget[] = [];
  /** Commands propagated since start (debugging, tests). */
  count = 0;

  add(target: PropagationTarget): void {
    this.targets = this.targets.filter((t) => t.name !== target.name);
    this.targets.push(target);
  }

  remove(name: string): void {
    this.targets = this.targets.filter((t) => t.name !== name);
  }

  get active(): boolean {
    return this.targets.length > 0;
  }

  /** Commands held back while a transaction (EXEC) runs; null when not buffering. */
  private held: { dbid: number; argv: readonly string[] }[] | null = null;

  propagate(dbid: number, argv: readonly string[]): void {
    if (this.held !== null) {
      this.held.push({ dbid, argv });
      return;
    }
    this.emit(dbid, argv);
  }

  private emit(dbid: number, argv: readonly string[]): void {
    this.count++;
    const ts = this.targets;
    for (let i = 0; i < ts.length; i++) ts[i].feed(dbid, argv);
  }

  /** EXEC: hold the writes of the transaction... */
  beginTransaction(): void {
    this.held = [];
  }

  /** ...and send them as one unit: wrapped in MULTI/EXEC when there is more than one (as Redis 7.0). */
  endTransaction(): void {
    const held = this.held;
    this.held = null;
    if (held === null || held.length === 0) return;
    if (held.length === 1) {
      this.emit(held[0].dbid, held[0].argv);
      return;
    }
    this.emit(held[0].dbid, ['MULTI']);
    for (const h of held) this.emit(h.dbid, h.argv);
    this.emit(held[held.length - 1].dbid, ['EXEC']);
  }
}

/** Encodes argv as a RESP multibulk (what AOF files and the replication stream carry). */
export function encodeCommand(argv: readonly string[]): string {
  let s = '*' + argv.length + '\r\n';
  for (let i = 0; i < argv.length; i++) s += '$' + argv[i].length + '\r\n' + argv[i] + '\r\n';
  return s;
}
