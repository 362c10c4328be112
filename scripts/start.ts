/**
 * `npm start`: provision (database, PostGIS, migrations, demo seed), start the server, and print
 * where everything is. scripts/ensure.mjs has already installed packages and started services.
 */
import { DEMO_PASSWORD, DEMO_STORES, DEMO_TENANT, PLATFORM_ADMIN } from '../db/seed.js';
import { demoQuietNote } from '../marketing/index.js';
import { ConfigError, loadConfig, runServer } from '../server/index.js';
import { ensureConsoleBuilt } from './console-build.js';
import { demoStores, startDemoShoppers } from './demo-shoppers.js';
import { walkDemoCalibrations } from './demo-walk.js';
import { provision } from './provision.js';

/** The demo brand's stores with a simulated floor, and simulated shoppers walking them. */
async function walkDemoStores(
  app: Awaited<ReturnType<typeof runServer>>,
  people: { shoppers: number; passersBy: number },
): Promise<string[]> {
  const stores = await demoStores(app);
  // Calibrated and surveyed first, as a store would be before opening: once, on the first start.
  for (const line of await walkDemoCalibrations(app, stores)) console.log(`[calibration] ${line}`);
  const stop = startDemoShoppers(app, stores, people);
  // Stop walking before the server closes its broker connection.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, stop);
  return stores.map((s) => s.code);
}

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
const demo =
  config.DEMO_SHOPPERS > 0
    ? await walkDemoStores(app, { shoppers: config.DEMO_SHOPPERS, passersBy: config.DEMO_PASSERS_BY })
    : [];

const quiet = demo.length > 0 ? demoQuietNote(new Date(), DEMO_STORES[0]!.timezone) : null;
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
  Shoppers' mini-program npm run build:miniprogram, then import miniprogram/ in WeChat DevTools (miniprogram/README.md)
  Simulated shoppers     ${demo.length ? `${config.DEMO_SHOPPERS} per store walking ${demo.join(', ')}, ${config.DEMO_PASSERS_BY} passing each by outside (DEMO_SHOPPERS=0 stops them)` : 'off'}${quiet ? `\n  Demo campaigns         ${quiet}` : ''}

  Demo brand "${DEMO_TENANT.slug}": admin@freshmart.demo, marketing@freshmart.demo,
  manager.sh001@freshmart.demo, clerk.sh001@freshmart.demo — password ${DEMO_PASSWORD}
  Platform admin: ${PLATFORM_ADMIN.email} — password ${PLATFORM_ADMIN.password}

Press Ctrl+C to stop.
`);
