import type { Server } from '../server/server.js';
import { cmd } from './spec.js';
import { E } from '../server/errors.js';

/** Placeholder until the string group is implemented (minimal GET/SET for smoke tests). */
export function install(server: Server): void {
  server.commands.register([
    cmd('get', 2, 'readonly fast', [1, 1, 1], 'string', (c, argv) => {
      const v = c.db.lookupRead(argv[1]);
      if (v === undefined) c.addNull();
      else if (typeof v !== 'string') c.addError(E.WRONGTYPE);
      else c.addBulk(v);
    }),
    cmd('set', -3, 'write denyoom', [1, 1, 1], 'string', (c, argv) => {
      c.db.set(argv[1], argv[2]);
      c.db.signalModified(argv[1]);
      c.server.dirty++;
      c.addOK();
    }),
  ]);
}
