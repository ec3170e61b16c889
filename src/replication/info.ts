/** INFO replication, field for field as Redis 7.0 prints it on a master and on a replica. */
import type { Server } from '../server/server.js';
import { replicationOf } from './state.js';
import { replicaIp } from './master-side.js';
import type { MasterLink } from './replica-side.js';
import { failoverOf } from './failover.js';

export function replicationInfo(server: Server): string[] {
  const st = replicationOf(server);
  const link = server.modules.get('replica-link') as MasterLink | undefined;
  const out: string[] = [];
  const now = Date.now();
  if (server.isReplica && link) {
    const up = link.linkUp();
    out.push('role:slave', `master_host:${link.host}`, `master_port:${link.port}`, `master_link_status:${up ? 'up' : 'down'}`);
    out.push(`master_last_io_seconds_ago:${up ? Math.floor((now - link.lastIoMs) / 1000) : -1}`);
    const syncing = link.state === 'transfer';
    out.push(`master_sync_in_progress:${syncing ? 1 : 0}`);
    out.push(`slave_read_repl_offset:${up ? link.readOffset : st.offset}`, `slave_repl_offset:${st.offset}`);
    if (syncing) {
      out.push(
        `master_sync_total_bytes:${link.transferTotal > 0 ? link.transferTotal : -1}`,
        `master_sync_read_bytes:${link.transferRead}`,
        `master_sync_left_bytes:${link.transferTotal > 0 ? link.transferTotal - link.transferRead : -1}`,
        `master_sync_perc:${link.transferTotal > 0 ? ((link.transferRead * 100) / link.transferTotal).toFixed(2) : '0.00'}`,
        `master_sync_last_io_seconds_ago:${Math.floor((now - link.lastIoMs) / 1000)}`,
      );
    }
    if (!up) out.push(`master_link_down_since_seconds:${link.everConnected ? Math.floor((now - link.downSinceMs) / 1000) : -1}`);
    const s = server.settings;
    out.push(`slave_priority:${s.replicaPriority}`, `slave_read_only:${s.replicaReadOnly ? 1 : 0}`, `replica_announced:${s.replicaAnnounced ? 1 : 0}`);
  } else {
    out.push('role:master');
  }
  out.push(`connected_slaves:${st.replicas.size}`);
  const s0 = server.settings;
  if (s0.minReplicasToWrite > 0 && s0.minReplicasMaxLag > 0) out.push(`min_slaves_good_slaves:${st.goodReplicas(now)}`);
  let i = 0;
  for (const l of st.replicas.values()) {
    const state = l.state === 'wait_ack' ? 'online' : l.state;
    const lag = Math.floor((now - l.ackTimeMs) / 1000);
    out.push(`slave${i++}:ip=${replicaIp(l)},port=${l.listeningPort},state=${state},offset=${l.ackOffset},lag=${lag}`);
  }
  const b = st.backlog;
  out.push(
    `master_failover_state:${failoverOf(server).state}`,
    `master_replid:${st.replid}`,
    `master_replid2:${st.replid2}`,
    `master_repl_offset:${st.offset}`,
    `second_repl_offset:${st.secondReplOffset}`,
    `repl_backlog_active:${b ? 1 : 0}`,
    `repl_backlog_size:${server.settings.replBacklogSize}`,
    `repl_backlog_first_byte_offset:${b ? b.firstByteOffset : 0}`,
    `repl_backlog_histlen:${b ? b.histlen : 0}`,
  );
  return out;
}
