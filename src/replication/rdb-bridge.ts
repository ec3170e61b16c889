/**
 * What replication needs from persistence, as a narrow interface: a consistent RDB snapshot streamed in
 * chunks (full sync, disk or diskless) and loading an RDB file into the dataset (replica side). The
 * persistence module registers the implementation; replication never reaches into its internals.
 */
import type { Server } from '../server/server.js';

export interface ReplAux {
  replId: string;
  replOffset: number;
  /** Database selected in the replication stream at snapshot time (repl-stream-db), -1 if none. */
  replStreamDb: number;
}

export interface RdbProvider {
  /**
   * Starts a snapshot of the dataset as of now. `onChunk` receives the RDB bytes in order; `onDone` is called
   * once (null on success). Returns a function that aborts the snapshot.
   */
  streamSnapshot(server: Server, aux: ReplAux, onChunk: (chunk: Buffer) => void, onDone: (err: Error | null) => void): () => void;
  /** Replaces the dataset with the RDB file's contents. Rejects (dataset untouched) if the file is bad. */
  loadFile(server: Server, path: string): Promise<{ keys: number; expired: number; aux: Map<string, string> }>;
}

const providers = new WeakMap<Server, RdbProvider>();

export function setRdbProvider(server: Server, p: RdbProvider): void {
  providers.set(server, p);
}

export function rdbProvider(server: Server): RdbProvider | undefined {
  return providers.get(server);
}
