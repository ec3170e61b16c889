/** Seeded random set commands against real Redis 7.0 and Redoubt: identical raw replies (see the suite's header). */
import { typeCompatSuite } from '../helpers/type-compat-suite.js';

typeCompatSuite('sets', 'set');
