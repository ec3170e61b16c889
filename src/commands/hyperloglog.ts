import type { Server } from '../server/server.js';

/** Placeholder until this command group is implemented. */
export function install(_server: Server): void {}
