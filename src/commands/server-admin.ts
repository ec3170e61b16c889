import type { Server } from '../server/server.js';
import { cmd } from './spec.js';

/** Placeholder until the server group is implemented (INFO only). */
export function install(server: Server): void {
  server.commands.register([
    cmd('info', -1, 'loading stale sentinel', [0, 0, 0], 'server', (c, argv) => c.addVerbatim(c.server.info.render(argv.slice(1)))),
  ]);
}
