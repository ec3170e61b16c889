/**
 * WAIT numreplicas timeout: blocks the client until that many replicas acknowledged every write it made
 * (the master offset at the time of WAIT), or the timeout expires; replies with the count reached.
 * GETACK is requested through the stream so replicas answer promptly.
 */
import type { Server } from '../server/server.js';
import type { Client } from '../server/client.js';
import { E } from '../server/errors.js';
import { parseLong } from '../commands/util.js';
import { replicationOf } from './state.js';

interface Waiter {
  client: Client;
  offset: number;
  numReplicas: number;
  timer: NodeJS.Timeout | null;
}

const waiters = new WeakMap<Server, Set<Waiter>>();

function acked(server: Server, offset: number): number {
  let n = 0;
  for (const l of replicationOf(server).replicas.values()) if (l.ackOffset >= offset) n++;
  return n;
}

export function waitCommand(c: Client, argv: string[]): void {
  const server = c.server;
  if (server.isReplica) {
    return c.addError('ERR WAIT cannot be used with replica instances. Please also note that since Redis 4.0 if a replica is configured to be writable (which is not the default) writes to replicas are just local and are not propagated.');
  }
  const num = parseLong(argv[1]);
  const timeout = parseLong(argv[2]);
  if (num === null || timeout === null) return c.addError(E.NOT_INTEGER);
  if (timeout < 0) return c.addError('ERR timeout is negative');
  const st = replicationOf(server);
  const offset = st.offset;
  const have = acked(server, offset);
  if (have >= num || c.multi) return c.addInt(have);
  const w: Waiter = { client: c, offset, numReplicas: num, timer: null };
  waiters.get(server)!.add(w);
  c.blocked = true;
  if (timeout > 0) w.timer = setTimeout(() => finish(server, w), timeout);
  if (st.replicas.size > 0) server.propagate(st.selectedDb < 0 ? 0 : st.selectedDb, ['REPLCONF', 'GETACK', '*']);
}

function finish(server: Server, w: Waiter): void {
  const set = waiters.get(server)!;
  if (!set.delete(w)) return;
  if (w.timer) clearTimeout(w.timer);
  const c = w.client;
  c.blocked = false;
  if (c.closed) return;
  c.addInt(acked(server, w.offset));
  c.markPending();
  c.processInput();
  server.scheduleFlush();
}

/** Re-checks waiters after ACKs; wired to the replication cron and to REPLCONF ACK. */
export function checkWaiters(server: Server): void {
  const set = waiters.get(server);
  if (!set || set.size === 0) return;
  for (const w of [...set]) if (acked(server, w.offset) >= w.numReplicas) finish(server, w);
}

export function installWait(server: Server): void {
  waiters.set(server, new Set());
  server.hooks.onClientClose.push((c) => {
    const set = waiters.get(server)!;
    for (const w of set) {
      if (w.client !== c) continue;
      if (w.timer) clearTimeout(w.timer);
      set.delete(w);
    }
  });
}
