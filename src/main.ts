/** redoubt-server: argv + redis.conf -> Server -> listen. */
import { startServer } from './server/startup.js';

startServer(process.argv.slice(2)).catch((e: unknown) => {
  process.stderr.write(`${(e as Error).message ?? e}\n`);
  process.exit(1);
});
