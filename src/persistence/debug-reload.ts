/**
 * DEBUG RELOAD and DEBUG LOADAOF, the commands Redis's own test suite uses to check that a dataset survives
 * a save and a load. They plug into the DEBUG command (src/commands/server-admin.ts) through its hooks.
 *
 * RELOAD [MERGE] [NOFLUSH] [NOSAVE]: save the RDB (even while a BGSAVE runs, as Redis's rdbSave does), empty
 * the databases unless NOFLUSH, load the file back synchronously. Replies as Redis 7.0: a failed save is a
 * bare `-ERR`, a missing or bad file `-ERR Error trying to load the RDB dump` (Redis may have loaded part of
 * a bad file by then; Redoubt loads all or nothing). NOFLUSH without MERGE meeting an existing key is a
 * panic in Redis ("Duplicated key found in RDB file"): Redoubt logs the same lines and exits too.
 *
 * LOADAOF: write the AOF buffer, empty the databases, replay the AOF directory; the client waits while
 * others get -LOADING. Redis exits when there is no AOF to load or it is bad; so does Redoubt, with a log
 * line saying why.
 */
import { readFileSync } from 'node:fs';
import type { Server } from '../server/server.js';
import type { Client } from '../server/client.js';
import { debugHooksOf } from '../commands/server-admin.js';
import { describeLoadError } from './rdb-service.js';
import { DuplicateKeyError } from './loader.js';
import type { Persistence } from './install.js';

interface ReloadOptions {
  merge: boolean;
  noflush: boolean;
  nosave: boolean;
}

export function installDebugHooks(server: Server, p: Persistence): void {
  const hooks = debugHooksOf(server);
  hooks.reload = (c, opts) => debugReload(server, p, c, opts);
  hooks.loadAof = (c) => debugLoadAof(server, p, c);
}

function debugReload(server: Server, p: Persistence, c: Client, o: ReloadOptions): void {
  if (!o.nosave && p.rdb.save(true) !== null) return c.addError('ERR');
  if (!o.noflush) for (const db of server.dbs) db.flush();
  const path = p.rdb.rdbPath();
  let buf: Buffer;
  try {
    buf = readFileSync(path);
  } catch {
    return c.addError('ERR Error trying to load the RDB dump');
  }
  const mode = !o.noflush ? 'replace' : o.merge ? 'merge' : 'strict';
  try {
    p.rdb.loadSync(buf, mode);
  } catch (e) {
    if (e instanceof DuplicateKeyError) {
      server.log.warning(e.message);
      server.log.warning('Guru Meditation: Duplicated key found in RDB file');
      process.exit(1);
    }
    for (const line of describeLoadError(e, path)) server.log.warning(line);
    return c.addError('ERR Error trying to load the RDB dump');
  }
  server.log.warning('DB reloaded by DEBUG RELOAD');
  c.addOK();
}

function debugLoadAof(server: Server, p: Persistence, c: Client): void {
  if (p.aof.state === 'off' || p.aof.manifest === null) {
    server.log.warning('DEBUG LOADAOF with appendonly off: there is no AOF to load. Exiting, as Redis does.');
    process.exit(1);
  }
  c.blocked = true;
  p.aof.reloadFromDisk().then(
    () => {
      server.dirty = 0;
      server.log.warning('Append Only File loaded by DEBUG LOADAOF');
      c.blocked = false;
      if (c.closed) return;
      c.addOK();
      c.markPending();
      c.processInput();
      server.scheduleFlush();
    },
    (e: Error) => {
      server.log.warning(e.message);
      process.exit(1);
    },
  );
}
