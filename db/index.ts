/**
 * Database adapter: the pool whose transactions declare their tenant (row-level security),
 * migrations (node-pg-migrate, one folder per domain), provisioning, and the demo seed.
 */
export { guardConstraints } from './constraints.js';
export { migrate } from './migrate.js';
export { APP_ROLE, createDb, type Db, type Tx, type Work } from './pool.js';
export { dropDatabase, ensureDatabase, ensureExtensions, ProvisionError } from './provision.js';
