/**
 * The core INFO sections, field names and order exactly as Redis 7.0 prints them. Persistence, replication
 * and cluster register placeholders here that their modules replace.
 */
import os from 'node:os';
import { blockingCounts } from './blocking.js';
import { Server, REDIS_VERSION, REDOUBT_VERSION } from './server.js';


export function bytesToHuman(n: number): string {
  const units: [number, string][] = [
    [1024 ** 5, 'P'],
    [1024 ** 4, 'T'],
    [1024 ** 3, 'G'],
    [1024 ** 2, 'M'],
    [1024, 'K'],
  ];
  for (const [size, u] of units) if (n >= size) return `${(n / size).toFixed(2)}${u}`;
  return `${n}B`;
}

/** Memory the dataset uses, as an estimate comparable to Redis's used_memory. */
export function usedMemory(): number {
  const m = process.memoryUsage();
  return m.heapUsed + m.external + m.arrayBuffers;
}

export function installCoreInfo(server: Server): void {
  const info = server.info;
  info.set('server', 'Server', () => serverSection(server));
  info.set('clients', 'Clients', () => clientsSection(server));
  info.set('memory', 'Memory', () => memorySection(server));
  info.set('persistence', 'Persistence', () => [
    'loading:0', 'async_loading:0', 'current_cow_peak:0', 'current_cow_size:0', 'current_cow_size_age:0',
    'current_fork_perc:0.00', 'current_save_keys_processed:0', 'current_save_keys_total:0',
    `rdb_changes_since_last_save:${server.dirty}`, 'rdb_bgsave_in_progress:0',
    `rdb_last_save_time:${Math.floor(server.stats.startMs / 1000)}`, 'rdb_last_bgsave_status:ok',
    'rdb_last_bgsave_time_sec:-1', 'rdb_current_bgsave_time_sec:-1', 'rdb_saves:0', 'rdb_last_cow_size:0',
    'rdb_last_load_keys_expired:0', 'rdb_last_load_keys_loaded:0', 'aof_enabled:0', 'aof_rewrite_in_progress:0',
    'aof_rewrite_scheduled:0', 'aof_last_rewrite_time_sec:-1', 'aof_current_rewrite_time_sec:-1',
    'aof_last_bgrewrite_status:ok', 'aof_rewrites:0', 'aof_rewrites_consecutive_failures:0',
    'aof_last_write_status:ok', 'aof_last_cow_size:0', 'module_fork_in_progress:0', 'module_fork_last_cow_size:0',
  ]);
  info.set('stats', 'Stats', () => statsSection(server));
  info.set('replication', 'Replication', () => [
    'role:master', 'connected_slaves:0', 'master_failover_state:no-failover',
    `master_replid:${server.runId}`, 'master_replid2:0000000000000000000000000000000000000000',
    'master_repl_offset:0', 'second_repl_offset:-1', 'repl_backlog_active:0',
    `repl_backlog_size:${server.settings.replBacklogSize}`, 'repl_backlog_first_byte_offset:0', 'repl_backlog_histlen:0',
  ]);
  info.set('cpu', 'CPU', () => cpuSection());
  info.set('modules', 'Modules', () => []);
  info.set('commandstats', 'Commandstats', () => commandStats(server), { inDefault: false });
  info.set('errorstats', 'Errorstats', () => [...server.stats.errors].map(([code, n]) => `errorstat_${code}:count=${n}`));
  info.set('latencystats', 'Latencystats', () => [], { inDefault: false });
  info.set('cluster', 'Cluster', () => [`cluster_enabled:${server.settings.clusterEnabled ? 1 : 0}`]);
  info.set('keyspace', 'Keyspace', () => keyspaceSection(server));
}

function serverSection(s: Server): string[] {
  const now = Date.now();
  const uptime = Math.floor((now - s.stats.startMs) / 1000);
  return [
    `redis_version:${REDIS_VERSION}`,
    `redoubt_version:${REDOUBT_VERSION}`,
    'redis_git_sha1:00000000',
    'redis_git_dirty:0',
    'redis_build_id:0',
    `redis_mode:${s.modules.has('sentinel') ? 'sentinel' : s.settings.clusterEnabled ? 'cluster' : 'standalone'}`,
    `os:${os.type()} ${os.release()} ${os.arch() === 'x64' ? 'x86_64' : os.arch()}`,
    'arch_bits:64',
    'monotonic_clock:POSIX clock_gettime',
    'multiplexing_api:epoll',
    'atomicvar_api:c11-builtin',
    `gcc_version:0.0.0`,
    `process_id:${process.pid}`,
    'process_supervised:no',
    `run_id:${s.runId}`,
    `tcp_port:${s.settings.port}`,
    `server_time_usec:${now * 1000}`,
    `uptime_in_seconds:${uptime}`,
    `uptime_in_days:${Math.floor(uptime / 86400)}`,
    `hz:${s.settings.hz}`,
    `configured_hz:${s.settings.hz}`,
    `lru_clock:${Math.floor(now / 1000) & 0xffffff}`,
    `executable:${s.executable}`,
    `config_file:${s.configFile}`,
    'io_threads_active:0',
  ];
}

function clientsSection(s: Server): string[] {
  let blocked = 0;
  for (const c of s.clients.values()) if (c.blocked) blocked++;
  const timeouts = blockingCounts(s).withTimeout;
  return [
    `connected_clients:${s.clients.size}`,
    'cluster_connections:0',
    `maxclients:${s.settings.maxclients}`,
    'client_recent_max_input_buffer:0',
    'client_recent_max_output_buffer:0',
    `blocked_clients:${blocked}`,
    'tracking_clients:0',
    `clients_in_timeout_table:${timeouts}`,
  ];
}

function memorySection(s: Server): string[] {
  const used = usedMemory();
  const rss = process.memoryUsage.rss();
  const heap = process.memoryUsage();
  const total = os.totalmem();
  const max = s.settings.maxmemory;
  const frag = rss / Math.max(1, used);
  return [
    `used_memory:${used}`,
    `used_memory_human:${bytesToHuman(used)}`,
    `used_memory_rss:${rss}`,
    `used_memory_rss_human:${bytesToHuman(rss)}`,
    `used_memory_peak:${used}`,
    `used_memory_peak_human:${bytesToHuman(used)}`,
    'used_memory_peak_perc:100.00%',
    'used_memory_overhead:0',
    'used_memory_startup:0',
    `used_memory_dataset:${used}`,
    'used_memory_dataset_perc:100.00%',
    `allocator_allocated:${heap.heapUsed}`,
    `allocator_active:${heap.heapTotal}`,
    `allocator_resident:${rss}`,
    `total_system_memory:${total}`,
    `total_system_memory_human:${bytesToHuman(total)}`,
    'used_memory_lua:0',
    'used_memory_vm_eval:0',
    'used_memory_lua_human:0B',
    'used_memory_scripts_eval:0',
    'number_of_cached_scripts:0',
    'number_of_functions:0',
    'number_of_libraries:0',
    'used_memory_vm_functions:0',
    'used_memory_vm_total:0',
    'used_memory_vm_total_human:0B',
    'used_memory_functions:0',
    'used_memory_scripts:0',
    'used_memory_scripts_human:0B',
    `maxmemory:${max}`,
    `maxmemory_human:${bytesToHuman(max)}`,
    `maxmemory_policy:${s.settings.maxmemoryPolicy}`,
    `allocator_frag_ratio:${(heap.heapTotal / Math.max(1, heap.heapUsed)).toFixed(2)}`,
    `allocator_frag_bytes:${Math.max(0, heap.heapTotal - heap.heapUsed)}`,
    `allocator_rss_ratio:${(rss / Math.max(1, heap.heapTotal)).toFixed(2)}`,
    `allocator_rss_bytes:${Math.max(0, rss - heap.heapTotal)}`,
    'rss_overhead_ratio:1.00',
    'rss_overhead_bytes:0',
    `mem_fragmentation_ratio:${frag.toFixed(2)}`,
    `mem_fragmentation_bytes:${Math.max(0, rss - used)}`,
    'mem_not_counted_for_evict:0',
    'mem_replication_backlog:0',
    'mem_total_replication_buffers:0',
    'mem_clients_slaves:0',
    'mem_clients_normal:0',
    'mem_cluster_links:0',
    'mem_aof_buffer:0',
    'mem_allocator:libc',
    'active_defrag_running:0',
    'lazyfree_pending_objects:0',
    'lazyfreed_objects:0',
  ];
}

function statsSection(s: Server): string[] {
  const st = s.stats;
  let pubsubChannels = 0;
  let pubsubPatterns = 0;
  const ps = s.modules.get('pubsub') as { channelCount(): number; patternCount(): number } | undefined;
  if (ps) {
    pubsubChannels = ps.channelCount();
    pubsubPatterns = ps.patternCount();
  }
  return [
    `total_connections_received:${st.totalConnectionsReceived}`,
    `total_commands_processed:${st.totalCommandsProcessed}`,
    `instantaneous_ops_per_sec:${st.opsPerSec()}`,
    `total_net_input_bytes:${st.netInputBytes}`,
    `total_net_output_bytes:${st.netOutputBytes}`,
    `total_net_repl_input_bytes:${st.netReplInputBytes}`,
    `total_net_repl_output_bytes:${st.netReplOutputBytes}`,
    `instantaneous_input_kbps:${st.inputKbps().toFixed(2)}`,
    `instantaneous_output_kbps:${st.outputKbps().toFixed(2)}`,
    'instantaneous_input_repl_kbps:0.00',
    'instantaneous_output_repl_kbps:0.00',
    `rejected_connections:${st.rejectedConnections}`,
    `sync_full:${st.syncFull}`,
    `sync_partial_ok:${st.syncPartialOk}`,
    `sync_partial_err:${st.syncPartialErr}`,
    `expired_keys:${st.expiredKeys}`,
    `expired_stale_perc:${st.expiredStalePerc.toFixed(2)}`,
    `expired_time_cap_reached_count:${st.expiredTimeCapReachedCount}`,
    `expire_cycle_cpu_milliseconds:${Math.round(st.expireCycleCpuMs)}`,
    `evicted_keys:${st.evictedKeys}`,
    'evicted_clients:0',
    'total_eviction_exceeded_time:0',
    'current_eviction_exceeded_time:0',
    `keyspace_hits:${st.keyspaceHits}`,
    `keyspace_misses:${st.keyspaceMisses}`,
    `pubsub_channels:${pubsubChannels}`,
    `pubsub_patterns:${pubsubPatterns}`,
    'pubsubshard_channels:0',
    'latest_fork_usec:0',
    `total_forks:${st.totalForks}`,
    'migrate_cached_sockets:0',
    'slave_expires_tracked_keys:0',
    'active_defrag_hits:0',
    'active_defrag_misses:0',
    'active_defrag_key_hits:0',
    'active_defrag_key_misses:0',
    'total_active_defrag_time:0',
    'current_active_defrag_time:0',
    'tracking_total_keys:0',
    'tracking_total_items:0',
    'tracking_total_prefixes:0',
    `unexpected_error_replies:${st.unexpectedErrorReplies}`,
    `total_error_replies:${st.totalErrorReplies}`,
    `dump_payload_sanitizations:${st.dumpPayloadSanitizations}`,
    `total_reads_processed:${st.totalReadsProcessed}`,
    `total_writes_processed:${st.totalWritesProcessed}`,
    'io_threaded_reads_processed:0',
    'io_threaded_writes_processed:0',
    'reply_buffer_shrinks:0',
    'reply_buffer_expands:0',
  ];
}

function cpuSection(): string[] {
  const u = process.cpuUsage();
  const f = (us: number): string => (us / 1e6).toFixed(6);
  return [
    `used_cpu_sys:${f(u.system)}`,
    `used_cpu_user:${f(u.user)}`,
    'used_cpu_sys_children:0.000000',
    'used_cpu_user_children:0.000000',
    `used_cpu_sys_main_thread:${f(u.system)}`,
    `used_cpu_user_main_thread:${f(u.user)}`,
  ];
}

function commandStats(s: Server): string[] {
  const out: string[] = [];
  const visit = (cmd: import('../commands/spec.js').RegisteredCommand): void => {
    if (cmd.calls > 0 || cmd.rejectedCalls > 0 || cmd.failedCalls > 0) {
      const perCall = cmd.calls > 0 ? cmd.usec / cmd.calls : 0;
      out.push(`cmdstat_${cmd.fullName}:calls=${cmd.calls},usec=${Math.round(cmd.usec)},usec_per_call=${perCall.toFixed(2)},rejected_calls=${cmd.rejectedCalls},failed_calls=${cmd.failedCalls}`);
    }
    if (cmd.subTable) for (const sub of cmd.subTable.values()) visit(sub);
  };
  for (const cmd of s.commands.all()) visit(cmd);
  return out;
}

function keyspaceSection(s: Server): string[] {
  const out: string[] = [];
  for (const db of s.dbs) {
    if (db.size === 0) continue;
    out.push(`db${db.id}:keys=${db.size},expires=${db.expires.size},avg_ttl=${Math.round(db.avgTtlMs)}`);
  }
  return out;
}


