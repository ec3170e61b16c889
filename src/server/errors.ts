/** Error replies shared by many commands, word for word as Redis 7.0 sends them (without the leading '-'). */
export const E = {
  WRONGTYPE: 'WRONGTYPE Operation against a key holding the wrong kind of value',
  SYNTAX: 'ERR syntax error',
  NOT_INTEGER: 'ERR value is not an integer or out of range',
  NOT_FLOAT: 'ERR value is not a valid float',
  NO_SUCH_KEY: 'ERR no such key',
  INDEX_OUT_OF_RANGE: 'ERR index out of range',
  DB_INDEX_OUT_OF_RANGE: 'ERR DB index is out of range',
  OVERFLOW: 'ERR increment or decrement would overflow',
  MIN_MAX_NOT_FLOAT: 'ERR min or max is not a float',
  POSITIVE: 'ERR value is out of range, must be positive',
  BUSYKEY: 'BUSYKEY Target key name already exists.',
  EXECABORT: 'EXECABORT Transaction discarded because of previous errors.',
  READONLY: "READONLY You can't write against a read only replica.",
  NOREPLICAS: 'NOREPLICAS Not enough good replicas to write.',
  MASTERDOWN: "MASTERDOWN Link with MASTER is down and replica-serve-stale-data is set to 'no'.",
  LOADING: 'LOADING Redis is loading the dataset in memory',
  NOAUTH: 'NOAUTH Authentication required.',
  WRONGPASS: 'WRONGPASS invalid username-password pair or user is disabled.',
  OOM: "OOM command not allowed when used memory > 'maxmemory'.",
  MISCONF:
    "MISCONF Redis is configured to save RDB snapshots, but it's currently unable to persist to disk. Commands that may modify the data set are disabled, because this instance is configured to report errors during writes if RDB snapshotting fails (stop-writes-on-bgsave-error option). Please check the Redis logs for details about the RDB error.",
  TIMEOUT_NOT_FLOAT: 'ERR timeout is not a float or out of range',
  TIMEOUT_NEGATIVE: 'ERR timeout is negative',
} as const;

/** "ERR invalid expire time in 'set' command" */
export function invalidExpireError(cmdName: string): string {
  return `ERR invalid expire time in '${cmdName}' command`;
}
