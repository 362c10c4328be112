import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['**/*.test.ts'],
    exclude: ['node_modules/**', 'console/**', 'miniprogram/dist/**', 'test-results/**'],
    pool: 'forks',
    // Most files wait on Postgres, Redis, MQTT and HTTP rather than the CPU: two workers on two cores
    // (vitest's default there is one) took the suite from 615 s to 393 s, every test passing.
    maxWorkers: Math.max(2, availableParallelism() - 1),
    // A worker's files share its loaded modules: each file importing the whole server anew took 224 s
    // of a 607 s suite (390 s without). Each file still starts its own app, database, broker and browser.
    isolate: false,
    testTimeout: 30_000,
    hookTimeout: 120_000,
  },
});
