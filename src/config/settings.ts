/**
 * The typed settings the server reads on its hot paths. The config table (config-table.ts) maps every
 * redis.conf directive onto these fields (or onto its own storage for directives that are only kept and
 * reported), with parsing, validation and apply-on-change.
 */
export interface SavePoint {
  seconds: number;
  changes: number;
}

export interface Settings {
  port: number;
  bind: string[];
  protectedMode: boolean;
  requirepass: string;
  databases: number;
  daemonize: boolean;
  pidfile: string;
  logfile: string;
  loglevel: 'debug' | 'verbose' | 'notice' | 'warning' | 'nothing';
  dir: string;
  /** Idle client timeout, seconds (0 = never). */
  timeout: number;
  tcpKeepalive: number;
  tcpBacklog: number;
  maxclients: number;
  hz: number;
  protoMaxBulkLen: number;
  clientQueryBufferLimit: number;
  save: SavePoint[];
  dbfilename: string;
  rdbcompression: boolean;
  rdbchecksum: boolean;
  stopWritesOnBgsaveError: boolean;
  appendonly: boolean;
  appendfilename: string;
  appenddirname: string;
  appendfsync: 'always' | 'everysec' | 'no';
  aofUseRdbPreamble: boolean;
  aofLoadTruncated: boolean;
  autoAofRewritePercentage: number;
  autoAofRewriteMinSize: number;
  maxmemory: number;
  maxmemoryPolicy: string;
  slowlogLogSlowerThan: number;
  slowlogMaxLen: number;
  latencyTrackingInfoPercentiles: number[];
  notifyKeyspaceEvents: string;
  // Type thresholds (OBJECT ENCODING)
  hashMaxListpackEntries: number;
  hashMaxListpackValue: number;
  setMaxIntsetEntries: number;
  zsetMaxListpackEntries: number;
  zsetMaxListpackValue: number;
  listMaxListpackSize: number;
  listCompressDepth: number;
  // Replication
  replicaof: { host: string; port: number } | null;
  masterauth: string;
  masteruser: string;
  replicaReadOnly: boolean;
  replicaServeStaleData: boolean;
  replicaPriority: number;
  replicaAnnounced: boolean;
  replicaAnnounceIp: string;
  replicaAnnouncePort: number;
  replBacklogSize: number;
  replBacklogTtl: number;
  replTimeout: number;
  replPingReplicaPeriod: number;
  replDisklessSync: boolean;
  replDisklessSyncDelay: number;
  /** rdb-key-save-delay: µs of pause per key saved in the background (testing). */
  rdbKeySaveDelay: number;
  replDisklessSyncMaxReplicas: number;
  replDisklessLoad: string;
  minReplicasToWrite: number;
  minReplicasMaxLag: number;
  // Cluster (later issue)
  clusterEnabled: boolean;
  clusterConfigFile: string;
  clusterNodeTimeout: number;
}

export function defaultSettings(): Settings {
  return {
    port: 6379,
    bind: ['*', '-::*'],
    protectedMode: true,
    requirepass: '',
    databases: 16,
    daemonize: false,
    pidfile: '',
    logfile: '',
    loglevel: 'notice',
    dir: process.cwd(),
    timeout: 0,
    tcpKeepalive: 300,
    tcpBacklog: 511,
    maxclients: 10000,
    hz: 10,
    protoMaxBulkLen: 512 * 1024 * 1024,
    clientQueryBufferLimit: 1024 * 1024 * 1024,
    save: [
      { seconds: 3600, changes: 1 },
      { seconds: 300, changes: 100 },
      { seconds: 60, changes: 10000 },
    ],
    dbfilename: 'dump.rdb',
    rdbcompression: true,
    rdbchecksum: true,
    stopWritesOnBgsaveError: true,
    appendonly: false,
    appendfilename: 'appendonly.aof',
    appenddirname: 'appendonlydir',
    appendfsync: 'everysec',
    aofUseRdbPreamble: true,
    aofLoadTruncated: true,
    autoAofRewritePercentage: 100,
    autoAofRewriteMinSize: 64 * 1024 * 1024,
    maxmemory: 0,
    maxmemoryPolicy: 'noeviction',
    slowlogLogSlowerThan: 10000,
    slowlogMaxLen: 128,
    latencyTrackingInfoPercentiles: [50, 99, 99.9],
    notifyKeyspaceEvents: '',
    hashMaxListpackEntries: 512,
    hashMaxListpackValue: 64,
    setMaxIntsetEntries: 512,
    zsetMaxListpackEntries: 128,
    zsetMaxListpackValue: 64,
    listMaxListpackSize: -2,
    listCompressDepth: 0,
    replicaof: null,
    masterauth: '',
    masteruser: '',
    replicaReadOnly: true,
    replicaServeStaleData: true,
    replicaPriority: 100,
    replicaAnnounced: true,
    replicaAnnounceIp: '',
    replicaAnnouncePort: 0,
    replBacklogSize: 1024 * 1024,
    replBacklogTtl: 3600,
    replTimeout: 60,
    replPingReplicaPeriod: 10,
    replDisklessSync: true,
    replDisklessSyncDelay: 5,
    rdbKeySaveDelay: 0,
    replDisklessSyncMaxReplicas: 0,
    replDisklessLoad: 'disabled',
    minReplicasToWrite: 0,
    minReplicasMaxLag: 10,
    clusterEnabled: false,
    clusterConfigFile: 'nodes.conf',
    clusterNodeTimeout: 15000,
  };
}
