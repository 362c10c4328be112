/**
 * `npm start`: provision (database, PostGIS, migrations, demo seed), start the server, and print
 * where everything is. scripts/ensure.mjs has already installed packages and started services.
 */
import { DEMO_PASSWORD, DEMO_TENANT, PLATFORM_ADMIN } from '../db/seed.js';
import { ConfigError, loadConfig, runServer } from '../server/index.js';
import { ensureConsoleBuilt } from './console-build.js';
import { provision } from './provision.js';

let config: ReturnType<typeof loadConfig>;
try {
  // On a terminal, logs are for a person; piped, they stay JSON for whatever reads them.
  config = loadConfig({ LOG_FORMAT: process.stdout.isTTY ? 'pretty' : 'json', ...process.env });
} catch (error) {
  if (error instanceof ConfigError) {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}

await provision(config, (line) => console.log(`[provision] ${line}`));
await ensureConsoleBuilt((line) => console.log(`[console] ${line}`));
const app = await runServer(config);

const base = `http://localhost:${config.PORT}`;
const mqtt = app.mqttEndpoints;
console.log(`
Smart Store is running.

  Web console            ${base}/console/
  API docs (Swagger UI)  ${base}/docs
  OpenAPI JSON           ${base}/docs/json
  Health                 ${base}/health
  Metrics                ${base}/metrics
  Stores near People's Square
                         ${base}/api/v1/stores/nearby?lat=31.2304&lng=121.4737&radius=5000
  MQTT                   ${mqtt.url}${mqtt.wsUrl ? `  (WebSocket ${mqtt.wsUrl})` : ''}${mqtt.embedded ? '  embedded broker' : ''}

  Demo brand "${DEMO_TENANT.slug}": admin@freshmart.demo, marketing@freshmart.demo,
  manager.sh001@freshmart.demo, clerk.sh001@freshmart.demo — password ${DEMO_PASSWORD}
  Platform admin: ${PLATFORM_ADMIN.email} — password ${PLATFORM_ADMIN.password}

Press Ctrl+C to stop.
`);
