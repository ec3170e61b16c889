/**
 * Process startup: command line and config file -> settings, then the server is built, modules installed,
 * sockets opened. (Temporary minimal argv handling; the config module replaces it.)
 */
import { Server, REDIS_VERSION } from './server.js';
import { defaultSettings } from '../config/settings.js';
import { installDataNode } from '../commands/index.js';
import { installCoreInfo } from './info-sections.js';

export async function startServer(args: string[]): Promise<Server> {
  const settings = defaultSettings();
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--port') settings.port = Number(args[++i]);
    else if (a === '--bind') settings.bind = [args[++i]];
    else if (a === '--requirepass') settings.requirepass = args[++i];
    else if (a === '--version' || a === '-v') {
      process.stdout.write(`Redis server v=${REDIS_VERSION} sha=00000000:0 malloc=libc bits=64 build=0\n`);
      process.exit(0);
    }
  }
  const server = new Server(settings);
  installCoreInfo(server);
  installDataNode(server);
  await server.listen();
  server.cron.start();
  server.log.notice(`Ready to accept connections tcp`);
  const stop = (): void => {
    server.shutdown({ save: null });
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  return server;
}
