#!/usr/bin/env node
/**
 * Step zero of `npm start` and `npm test`: make this machine ready, with nothing but Node.
 * Idempotent, and quiet when everything is already there.
 *   1. npm packages: `npm ci` when node_modules is missing or older than package-lock.json.
 *   2. Local services (PostgreSQL, Redis, and Mosquitto for tests): started when stopped.
 *   3. PostGIS: the Debian package installed when the server lacks the extension.
 *   4. For tests, Debian's Chromium (the console's browser tests drive it) and a Chinese font, when missing.
 * Services at a remote address (DATABASE_URL, REDIS_URL, MQTT_URL pointing elsewhere) are left alone.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { connect } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const forTests = process.argv.includes('--test');
const say = (msg) => console.log(`[ensure] ${msg}`);

function run(command, env = {}) {
  say(`$ ${command}`);
  const result = spawnSync(command, {
    cwd: root,
    shell: true,
    stdio: 'inherit',
    env: { ...process.env, ...env },
  });
  if (result.status !== 0) throw new Error(`failed (${result.status}): ${command}`);
}

function ensurePackages() {
  const lock = join(root, 'package-lock.json');
  const marker = join(root, 'node_modules', '.package-lock.json');
  if (existsSync(marker) && statSync(marker).mtimeMs >= statSync(lock).mtimeMs) return;
  // onnxruntime-node ships its CPU binaries; its postinstall would fetch CUDA extras from NuGet.
  run('npm ci --no-audit --no-fund', { ONNXRUNTIME_NODE_INSTALL: 'skip' });
}

function reachable(host, port, timeoutMs = 1000) {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const done = (ok) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

const isLocal = (host) => ['127.0.0.1', 'localhost', '::1', '[::1]'].includes(host);

async function waitFor(host, port, what) {
  for (let i = 0; i < 60; i++) {
    if (await reachable(host, port)) return;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`${what} did not come up on ${host}:${port}`);
}

/** Starts a local service with the command this machine uses for it, when its port is closed. */
async function ensureService(what, urlText, defaultPort, startCommand) {
  const url = new URL(urlText);
  const port = Number(url.port || defaultPort);
  if (await reachable(url.hostname, port)) return;
  if (!isLocal(url.hostname)) throw new Error(`${what} at ${url.hostname}:${port} is not reachable`);
  say(`${what} is not running on ${port}: starting it`);
  run(startCommand);
  await waitFor(url.hostname, port, what);
}

function postgresStartCommand() {
  const versions = existsSync('/etc/postgresql') ? readdirSync('/etc/postgresql') : [];
  if (versions.length === 0) throw new Error('PostgreSQL is not installed (no /etc/postgresql)');
  return `pg_ctlcluster --skip-systemctl-redirect ${versions.sort().at(-1)} main start`;
}

async function ensurePostgis(databaseUrl) {
  const { default: pg } = await import('pg');
  const url = new URL(databaseUrl);
  url.pathname = '/postgres';
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  try {
    const { rows } = await client.query(
      `SELECT current_setting('server_version_num')::int / 10000 AS major,
              EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'postgis') AS has_postgis`,
    );
    if (rows[0].has_postgis) return;
    if (!isLocal(url.hostname)) throw new Error(`PostGIS is not available on ${url.hostname}`);
    const pkg = `postgresql-${rows[0].major}-postgis-3`;
    const sudo = process.getuid?.() === 0 ? '' : 'sudo -n ';
    say(`PostGIS is missing: installing ${pkg}`);
    run(`${sudo}apt-get update -q && ${sudo}env DEBIAN_FRONTEND=noninteractive apt-get install -y -q ${pkg}`);
  } finally {
    await client.end();
  }
}

// A Chinese font and an emoji font beside it: without them the console's screenshots show empty
// boxes for its Chinese and for the desk's bell.
const BROWSER_PACKAGES = {
  chromium: '/usr/bin/chromium',
  'fonts-wqy-microhei': '/usr/share/fonts/truetype/wqy/wqy-microhei.ttc',
  'fonts-noto-color-emoji': '/usr/share/fonts/truetype/noto/NotoColorEmoji.ttf',
};

function ensureChromium() {
  const missing = Object.entries(BROWSER_PACKAGES)
    .filter(([, path]) => !existsSync(path))
    .map(([pkg]) => pkg);
  if (!missing.length) return;
  const sudo = process.getuid?.() === 0 ? '' : 'sudo -n ';
  say(`The console tests' browser is missing pieces: installing ${missing.join(' ')}`);
  run(
    `${sudo}apt-get update -q && ${sudo}env DEBIAN_FRONTEND=noninteractive apt-get install -y -q ${missing.join(' ')}`,
  );
}

async function main() {
  ensurePackages();
  const databaseUrl = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/smartstore';
  const redisUrl = process.env.REDIS_URL || 'redis://127.0.0.1:6379';
  await ensureService('PostgreSQL', databaseUrl, 5432, postgresStartCommand());
  await ensureService(
    'Redis',
    redisUrl,
    6379,
    'mkdir -p /var/lib/redis /var/log/redis && redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no --dir /var/lib/redis --logfile /var/log/redis/ci.log',
  );
  // Tests use the real Mosquitto; `npm start` without MQTT_URL runs an embedded broker instead.
  const mqttUrl = process.env.MQTT_URL || (forTests ? 'mqtt://127.0.0.1:1883' : undefined);
  if (mqttUrl)
    await ensureService('Mosquitto', mqttUrl, 1883, 'mosquitto -d -c /etc/mosquitto/mosquitto.conf');
  await ensurePostgis(databaseUrl);
  if (forTests) ensureChromium();
}

main().catch((error) => {
  console.error(`[ensure] ${error.message}`);
  process.exit(1);
});
