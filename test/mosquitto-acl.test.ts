/**
 * The README's Mosquitto set-up, tried as an operator would follow it: a Mosquitto 2 of the test's own
 * started with the configuration and ACL the README shows (read from the README itself, so the two
 * cannot drift; the TLS lines left out, the certificate being the operator's), the server connecting
 * with its user in MQTT_URL, and the store's scanners added to the password file with the logins the
 * API shows, then the broker told to reload. A scanner's readings on its own topic reach the gateway;
 * the same reading published by another scanner in its name never does; no login, no entry.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mqtt, { type MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Brand, SITE, simSites, startBrand, uniqueClientId, until } from '../gateway/test/support.js';

const README = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
// The scanners the README's ACL names, registered under those names (a scanner's name is its username).
const NODE = 'fresh-produce';
const RAW = 'till-scanner-1';
const SERVER_PASSWORD = 'server-secret-1';

let dir: string;
let port: number;
let broker: ChildProcess;
let b: Brand;
const clients: MqttClient[] = [];
let logins: Record<string, { username: string; password: string }>;

/** The README's block under "With Mosquitto 2:", split into its two files. */
function readmeFiles(): { conf: string[]; acl: string[] } {
  const block = README.split('With Mosquitto 2:')[1]?.split('```')[1];
  if (!block) throw new Error('README has no Mosquitto 2 block');
  const [conf, acl] = block.split('# /etc/mosquitto/acl');
  return { conf: conf!.split('\n'), acl: acl!.split('\n') };
}

const freePort = () =>
  new Promise<number>((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

const connect = async (login?: { username: string; password: string }) => {
  const client = await mqtt.connectAsync(`mqtt://127.0.0.1:${port}`, {
    clientId: uniqueClientId(),
    reconnectPeriod: 0,
    ...login,
  });
  clients.push(client);
  return client;
};

/** Whether the broker takes this login now (it is starting, or reloading its password file). */
const logsIn = (login: { username: string; password: string }) =>
  connect(login).then(
    () => true,
    () => false,
  );

function addUser(file: string, username: string, password: string, { create = false } = {}) {
  execFileSync('mosquitto_passwd', [...(create ? ['-c'] : []), '-b', file, username, password]);
  chmodSync(file, 0o644);
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ss-mosquitto-'));
  // Mosquitto started as root runs as its own user, which must read the files.
  chmodSync(dir, 0o755);
  port = await freePort();
  const { conf, acl } = readmeFiles();
  const confLines = conf
    .filter((line) => !/^(certfile|keyfile) /.test(line))
    .map((line) =>
      line
        .replace(/^listener 8883$/, `listener ${port} 127.0.0.1`)
        .replace('/etc/mosquitto/passwd', join(dir, 'passwd'))
        .replace('/etc/mosquitto/acl', join(dir, 'acl')),
    );
  expect(confLines).toContain(`listener ${port} 127.0.0.1`);
  expect(confLines).toContain('allow_anonymous false');
  writeFileSync(join(dir, 'mosquitto.conf'), `${confLines.join('\n')}\n`);
  addUser(join(dir, 'passwd'), 'smartstore', SERVER_PASSWORD, { create: true });
  writeFileSync(join(dir, 'acl'), ''); // the store's ids fill it in once the brand exists
  broker = spawn('mosquitto', ['-c', join(dir, 'mosquitto.conf')], { stdio: 'ignore' });
  await until(() => logsIn({ username: 'smartstore', password: SERVER_PASSWORD }));

  b = await startBrand({ MQTT_URL: `mqtt://smartstore:${SERVER_PASSWORD}@127.0.0.1:${port}` });
  const put = await b.t.call(b.admin, {
    method: 'PUT',
    url: `/api/v1/stores/${b.storeId}/scanners`,
    payload: {
      scanners: [
        { source: 'espresense', scanner: NODE, anchor: SITE.anchors[0]!.id },
        { source: 'ibeacon-raw', scanner: RAW, anchor: SITE.anchors[1]!.id },
      ],
    },
  });
  expect(put.statusCode, put.body).toBe(200);
  const shown = await b.t.call(b.admin, {
    method: 'GET',
    url: `/api/v1/stores/${b.storeId}/scanners/mqtt-logins`,
  });
  logins = Object.fromEntries(
    (shown.json().scanners as { scanner: string; username: string; password: string }[]).map((s) => [
      s.scanner,
      s,
    ]),
  );
  // As the README says: one user per scanner as the API shows it, the ACL as written, then a reload.
  for (const login of Object.values(logins)) addUser(join(dir, 'passwd'), login.username, login.password);
  const aclText = acl.join('\n').replaceAll('<tenant id>', b.tenantId).replaceAll('<store id>', b.storeId);
  writeFileSync(join(dir, 'acl'), aclText);
  broker.kill('SIGHUP');
  await until(() => logsIn(logins[NODE]!));
  await until(() => b.t.app.mqtt.connected);
}, 60_000);

afterAll(async () => {
  for (const client of clients) await client.endAsync(true).catch(() => undefined);
  await b?.t.app.gateway.stop();
  await b?.t.close();
  broker?.kill();
});

const reading = (tag: string, rssi: number) =>
  JSON.stringify({ id: tag, rssi, 'rssi@1m': -59, distance: 1.2 });

describe('Mosquitto as the README sets it up', () => {
  it('refuses a client without a login, or with a scanner’s name and a wrong password', async () => {
    await expect(connect()).rejects.toThrow(/Not authorized/i);
    await expect(connect({ username: NODE, password: 'guess' })).rejects.toThrow(/Not authorized/i);
  });

  it('takes a scanner’s readings on its own topic to the gateway, and none another scanner sends in its name', async () => {
    await b.t.app.gateway.start({
      sites: simSites(b.tenantId, [b.storeId]),
      settings: { clientId: uniqueClientId() },
    });
    const listener = await connect({ username: 'smartstore', password: SERVER_PASSWORD });
    const fixes: string[] = [];
    listener.on('message', (topic) => fixes.push(topic));
    await listener.subscribeAsync(`ss/${b.tenantId}/${b.storeId}/position/+`, { qos: 1 });
    const [uuid] = SITE.anchors[0]!.id.split(':');
    const tag = (minor: number) => `iBeacon:${uuid}-79-${minor}`;
    const fixOf = (minor: number) => `/position/tag:${uuid}:79:${minor}`;

    // The raw scanner writes in the ESPresense node's name: the ACL drops it at the broker.
    const raw = await connect(logins[RAW]);
    for (let i = 0; i < 3; i++)
      await raw.publishAsync(`espresense/devices/${tag(2)}/${NODE}`, reading(tag(2), -60), { qos: 1 });
    // The node itself, on its own topic: through, after the forged ones.
    const node = await connect(logins[NODE]);
    for (let i = 0; i < 3; i++)
      await node.publishAsync(`espresense/devices/${tag(1)}/${NODE}`, reading(tag(1), -61), { qos: 1 });
    await until(() => fixes.some((topic) => topic.endsWith(fixOf(1))));
    expect(fixes.filter((topic) => topic.endsWith(fixOf(2)))).toEqual([]);
    await b.t.app.gateway.stop();
  });
});
