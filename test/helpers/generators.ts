/**
 * All random command generators, registered by importing their files. To cover a new type, add a
 * gen-<type>.ts that calls register(...) and import it here.
 */
import './gen-strings.js';
import './gen-keys.js';
import './gen-lists.js';
import './gen-hashes.js';
import './gen-sets.js';
import './gen-zsets.js';

export { generate, generators, coveredCommands, register, GenContext, type CommandGenerator, type GenFilter } from './gen.js';
