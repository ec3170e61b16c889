/**
 * Installs the data-node command groups and their modules on a server. Each group lives in its own file and
 * exports install(server): it registers its CommandSpecs and any hooks, gates, cron tasks or INFO sections.
 */
import type { Server } from '../server/server.js';
import * as connection from './connection.js';
import * as serverAdmin from './server-admin.js';
import * as configCmd from './config-cmd.js';
import * as strings from './strings.js';
import * as bitops from './bitops.js';
import * as keys from './keys.js';
import * as lists from './lists.js';
import * as hashes from './hashes.js';
import * as sets from './sets.js';
import * as zsets from './zsets.js';
import * as hyperloglog from './hyperloglog.js';
import * as geo from './geo.js';
import * as sort from './sort.js';
import * as pubsub from './pubsub.js';
import * as transactions from './transactions.js';
import * as replication from '../replication/install.js';
import * as memory from './memory.js';
import * as persistence from './persistence.js';

const GROUPS = [connection, serverAdmin, configCmd, strings, bitops, keys, lists, hashes, sets, zsets, hyperloglog, geo, sort, pubsub, transactions, replication, memory, persistence];

export function installDataNode(server: Server): void {
  for (const g of GROUPS) g.install(server);
}
