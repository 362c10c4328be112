/**
 * Server: the fastify app (config, auth, tenancy guard, errors, OpenAPI, health, metrics) and the
 * registration of every domain's routes.
 */
export { API_PREFIX, type BuildOptions, buildApp } from './app.js';
export { tenantOf } from './auth.js';
export { type Config, ConfigError, loadConfig } from './config.js';
export { defineError, NotFound, SmartStoreError, Validation } from './errors.js';
export { runServer } from './main.js';
