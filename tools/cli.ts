/** `redoubt <command>`: up [topology.json] — a whole local deployment (see tools/up.ts). */
import { up } from './up.js';

const [cmd, ...rest] = process.argv.slice(2);
if (cmd === 'up') {
  up(rest).catch((e: unknown) => {
    process.stderr.write(`redoubt up: ${(e as Error).message}\n`);
    process.exit(1);
  });
} else {
  process.stdout.write('Usage: redoubt up [topology.json]\n\nStarts one master, its replicas and Sentinels on this machine (defaults: master 6379, 2 replicas, 3 Sentinels from 26379).\nThe topology file is JSON with any of: name, host, masterPort, replicas, sentinels, sentinelPort, quorum, password, downAfterMs, failoverTimeoutMs, appendonly, dir.\n');
  process.exit(cmd === undefined || cmd === 'help' || cmd === '--help' ? 0 : 1);
}
