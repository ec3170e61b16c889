/**
 * Replication state shared by both sides of a node: the replication IDs and offsets (PSYNC2), the backlog,
 * the replicas attached to us and, when we are a replica, the link to our master.
 *
 * IDs: `replid` names the history we serve; after a promotion the old one moves to `replid2` and remains
 * valid up to `secondReplOffset`, so replicas of the old master can continue partially with us.
 */
import { randomBytes } from 'node:crypto';
import type { Client } from '../server/client.js';
import type { Server } from '../server/server.js';
import { Backlog } from './backlog.js';

export type ReplicaLinkState = 'wait_bgsave' | 'send_bulk' | 'wait_ack' | 'online';

/** A replica attached to this node (master side). */
export interface ReplicaLink {
  client: Client;
  state: ReplicaLinkState;
  listeningPort: number;
  announcedIp: string;
  capaEof: boolean;
  capaPsync2: boolean;
  /** Offset acknowledged by REPLCONF ACK. */
  ackOffset: number;
  ackTimeMs: number;
  /** Stream bytes produced while the RDB was being transferred, sent once it completes. */
  pending: string[];
  pendingBytes: number;
  /** Offset at which this replica's RDB snapshot was taken. */
  syncOffset: number;
  /** Abort a running RDB transfer. */
  abortTransfer: (() => void) | null;
}

export const ZERO_ID = '0000000000000000000000000000000000000000';

export function newReplId(): string {
  return randomBytes(20).toString('hex');
}

export class ReplicationState {
  replid = newReplId();
  replid2 = ZERO_ID;
  secondReplOffset = -1;
  /** master_repl_offset when no backlog exists (then writes do not advance it, as in Redis). */
  private offsetNoBacklog = 0;
  backlog: Backlog | null = null;
  backlogCreatedMs = 0;
  /** Time the last replica went away, for repl-backlog-ttl. */
  noReplicasSinceMs = 0;
  readonly replicas = new Map<Client, ReplicaLink>();
  /** Database last SELECTed in the stream we produce (-1: next command must SELECT). */
  selectedDb = -1;

  constructor(readonly server: Server) {}

  get offset(): number {
    return this.backlog ? this.backlog.offset : this.offsetNoBacklog;
  }

  set offset(v: number) {
    if (this.backlog) this.backlog.offset = v;
    else this.offsetNoBacklog = v;
  }

  createBacklog(): void {
    if (this.backlog) return;
    this.backlog = new Backlog(this.server.settings.replBacklogSize, this.offsetNoBacklog);
    this.backlogCreatedMs = Date.now();
  }

  freeBacklog(): void {
    if (!this.backlog) return;
    this.offsetNoBacklog = this.backlog.offset;
    this.backlog = null;
  }

  /** After a promotion: the current history becomes the secondary one (PSYNC2). */
  shiftReplId(): void {
    this.replid2 = this.replid;
    this.secondReplOffset = this.offset + 1;
    this.replid = newReplId();
    this.server.log.warning(`Setting secondary replication ID to ${this.replid2}, valid up to offset: ${this.secondReplOffset}. New replication ID is ${this.replid}`);
  }

  clearReplId2(): void {
    this.replid2 = ZERO_ID;
    this.secondReplOffset = -1;
  }

  /** Replicas that count for min-replicas-to-write and WAIT: online with a recent ACK. */
  goodReplicas(nowMs: number): number {
    let n = 0;
    const maxLagMs = this.server.settings.minReplicasMaxLag * 1000;
    for (const r of this.replicas.values()) if (r.state === 'online' && nowMs - r.ackTimeMs <= maxLagMs) n++;
    return n;
  }
}

export function replicationOf(server: Server): ReplicationState {
  return server.modules.get('replication') as ReplicationState;
}
