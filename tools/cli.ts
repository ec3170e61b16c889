/** `redoubt <command>`: up [topology.json] — a whole local deployment (see tools/up.ts, tools/topology.ts). */
import { up } from './up.js';

const USAGE = `Usage: redoubt up [topology.json]

Starts a master, its replicas and Sentinels on this machine (npm start runs \`redoubt up\`), prints who is
where and how to connect, interleaves their logs, and stops them all on Ctrl-C.
Default: master 127.0.0.1:6379, replicas 6380 and 6381, Sentinels 26379-26381 (quorum 2), folder
./redoubt-deployment (kept between runs: a second \`redoubt up\` resumes, even after a failover).

The topology file is JSON with any of:
  name ("mymaster"), host ("127.0.0.1"), masterPort (6379), replicas (2) or replicaPorts ([6380, 6381]),
  sentinels (3), sentinelPort (26379) or sentinelPorts ([...]), quorum (2), password ("": requirepass and
  masterauth on the nodes, auth-pass on the Sentinels), sentinelPassword ("": requirepass on the Sentinels),
  downAfterMs (5000), failoverTimeoutMs (60000), parallelSyncs (1), appendonly (false),
  dir ("redoubt-deployment"), nodeConfig ([] extra redis.conf lines), sentinelConfig ([] extra lines).
`;

const [cmd, ...rest] = process.argv.slice(2);
if (cmd === 'up' && rest[0] !== '--help' && rest[0] !== '-h') {
  up(rest).catch((e: unknown) => {
    process.stderr.write(`redoubt up: ${(e as Error).message}\n`);
    process.exit(1);
  });
} else {
  const help = cmd === undefined || cmd === 'help' || cmd === '--help' || cmd === '-h' || cmd === 'up';
  (help ? process.stdout : process.stderr).write(cmd === undefined || help ? USAGE : `redoubt: unknown command '${cmd}'\n\n${USAGE}`);
  process.exit(help ? 0 : 1);
}
