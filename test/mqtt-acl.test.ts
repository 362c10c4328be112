/**
 * The embedded broker's access control end to end (npm start without MQTT_URL): a client without a
 * login is refused, unless anonymous scans are allowed; a store's registered scanner logs in with the
 * login the API shows staff and publishes its own readings only, which reach the gateway; a shopper
 * logged in with their token hears their own offers and no one else's, until the token expires; the
 * server's clients do everything.
 */
import mqtt, { type IClientOptions, type MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../db/seed.js';
import {
  type Brand,
  phoneBatch,
  SITE,
  simSites,
  startBrand,
  uniqueClientId,
  until,
} from '../gateway/test/support.js';
import { offerTopic } from '../push/index.js';
import { startTestApp, TEST_MQTT_URL, type TestApp } from './support/app.js';

let b: Brand;
let wsUrl: string;
let tcpUrl: string;
const clients: MqttClient[] = [];
const OTHER_TENANT = '22222222-2222-4222-8222-222222222222';
// A raw scanner and an ESPresense node (its room) registered to the brand's first store.
const RAW = 'till-scanner-1';
const ROOM = 'acl-fresh-produce';
let logins: Record<string, { username: string; password: string }>;

const connect = async (url: string, options: IClientOptions = {}) => {
  const client = await mqtt.connectAsync(url, { clientId: uniqueClientId(), reconnectPeriod: 0, ...options });
  clients.push(client);
  return client;
};
const refusedAtLogin = (url: string, options: IClientOptions = {}) =>
  mqtt.connectAsync(url, { clientId: uniqueClientId(), reconnectPeriod: 0, ...options });
const heard = (client: MqttClient) => {
  const messages: { topic: string; payload: string }[] = [];
  client.on('message', (topic, payload) => messages.push({ topic, payload: payload.toString() }));
  return messages;
};
const closing = (client: MqttClient) => new Promise<void>((resolve) => client.once('close', () => resolve()));
const settle = () => new Promise((r) => setTimeout(r, 300));
const metric = async (t: TestApp, name: string) =>
  (await t.call(undefined, { method: 'GET', url: '/metrics' })).body
    .split('\n')
    .filter((line) => line.startsWith(`${name}{`));
const refusals = () => metric(b.t, 'ss_mqtt_refused_total');
const scannerLogins = (token: string, storeId = b.storeId) =>
  b.t.call(token, { method: 'GET', url: `/api/v1/stores/${storeId}/scanners/mqtt-logins` });

beforeAll(async () => {
  b = await startBrand({ MQTT_URL: undefined, MQTT_EMBEDDED_PORT: '0', MQTT_EMBEDDED_WS_PORT: '0' });
  tcpUrl = b.t.app.mqttEndpoints.url;
  wsUrl = b.t.app.mqttEndpoints.wsUrl!;
  const scanners = [
    { source: 'ibeacon-raw', scanner: RAW, anchor: SITE.anchors[0]!.id },
    { source: 'espresense', scanner: ROOM, anchor: SITE.anchors[1]!.id },
  ];
  const put = await b.t.call(b.admin, {
    method: 'PUT',
    url: `/api/v1/stores/${b.storeId}/scanners`,
    payload: { scanners },
  });
  expect(put.statusCode).toBe(200);
  const shown = (await scannerLogins(b.admin)).json().scanners as { scanner: string; username: string }[];
  logins = Object.fromEntries(shown.map((s) => [s.scanner, s as never]));
});

afterAll(async () => {
  for (const client of clients) await client.endAsync(true).catch(() => undefined);
  await b?.t.app.gateway.stop();
  await b?.t.close();
});

describe('the embedded broker', () => {
  it('refuses a client without a login, placeholder credentials and a scanner’s name with a wrong password', async () => {
    for (const options of [
      {},
      { username: 'your_username', password: 'your_password' },
      { username: ROOM, password: logins[RAW]!.password },
      { username: ROOM },
    ])
      await expect(refusedAtLogin(tcpUrl, options), JSON.stringify(options)).rejects.toThrow(
        /Bad username or password/i,
      );
  });

  it('gives a registered scanner nothing to read', async () => {
    const snoop = await connect(tcpUrl, logins[ROOM]);
    const messages = heard(snoop);
    // Refused with the failure code (0x80), which mqtt.js reports as an error; the client stays connected.
    await expect(snoop.subscribeAsync('ss/#', { qos: 1 })).rejects.toThrow(/Subscribe error/);
    await expect(snoop.subscribeAsync(`espresense/rooms/${ROOM}/#`, { qos: 1 })).rejects.toThrow(
      /Subscribe error/,
    );
    await b.t.app.mqtt.publishAsync(offerTopic(b.tenantId, b.shopper.id), '{"title":"secret"}', { qos: 1 });
    await b.t.app.mqtt.publishAsync(`ss/${b.tenantId}/${b.storeId}/position/x`, '{}', { qos: 1 });
    await settle();
    expect(messages).toEqual([]);
    expect(snoop.connected).toBe(true);
  });
  it('lets a shopper (over WebSocket, as the mini-program) hear their own offers only', async () => {
    const topic = (await b.t.call(b.shopper.token, { method: 'GET', url: '/api/v1/me/offers' })).json().topic;
    expect(topic).toBe(offerTopic(b.tenantId, b.shopper.id));
    const phone = await connect(wsUrl, { username: 'shopper', password: b.shopper.token });
    const messages = heard(phone);
    expect((await phone.subscribeAsync(topic, { qos: 1 })).map((g) => g.qos)).toEqual([1]);
    for (const other of [
      offerTopic(b.tenantId, b.shopperWithoutConsent.id),
      offerTopic(b.tenantId, '+'),
      '#',
    ])
      await expect(phone.subscribeAsync(other, { qos: 1 }), other).rejects.toThrow(/Subscribe error/);
    await b.t.app.mqtt.publishAsync(offerTopic(b.tenantId, b.shopperWithoutConsent.id), '{"id":"theirs"}', {
      qos: 1,
    });
    await b.t.app.mqtt.publishAsync(topic, '{"id":"mine"}', { qos: 1 });
    await until(() => messages.length > 0);
    await settle();
    expect(messages).toEqual([{ topic, payload: '{"id":"mine"}' }]);
  });

  it('disconnects a shopper when their token expires, and refuses the same token on the way back', async () => {
    const topic = offerTopic(b.tenantId, b.shopper.id);
    // The server's own signer, with seconds to live (JWT_TTL_S is a minute at least).
    const token = b.t.app.jwt.sign(
      { sub: b.shopper.id, kind: 'shopper', role: 'shopper', tenant: b.tenantId },
      { expiresIn: 3 },
    );
    // Reconnecting as a mini-program's client would, with the token it has.
    const phone = await connect(wsUrl, { username: 'shopper', password: token, reconnectPeriod: 100 });
    const messages = heard(phone);
    const closed = closing(phone);
    const refusedBack = new Promise<Error>((resolve) => phone.once('error', resolve));
    await phone.subscribeAsync(topic, { qos: 1 });
    await b.t.app.mqtt.publishAsync(topic, '{"id":"before"}', { qos: 1 });
    await until(() => messages.length > 0);
    await closed;
    await b.t.app.mqtt.publishAsync(topic, '{"id":"after"}', { qos: 1 });
    expect((await refusedBack).message).toMatch(/Bad username or password/i);
    expect(messages).toEqual([{ topic, payload: '{"id":"before"}' }]);
    expect((await b.t.call(undefined, { method: 'GET', url: '/metrics' })).body).toMatch(
      /ss_mqtt_disconnected_total\{who="shopper",reason="token_expired"\} 1\n/,
    );
  });

  it('refuses a shopper with a forged or staff token, and the server’s name with a wrong password', async () => {
    for (const options of [
      { username: 'shopper', password: `${b.shopper.token}x` },
      { username: 'shopper', password: b.admin },
      { username: 'smartstore', password: 'guess' },
    ])
      await expect(refusedAtLogin(tcpUrl, options)).rejects.toThrow(/Bad username or password/i);
    expect(await refusals()).toContainEqual(expect.stringMatching(/action="connect",who="unknown"\} [3-9]/));
  });

  it('closes a scanner that publishes an offer onto a shopper’s topic, which the shopper never hears', async () => {
    const topic = offerTopic(b.tenantId, b.shopper.id);
    const phone = await connect(wsUrl, { username: 'shopper', password: b.shopper.token });
    const messages = heard(phone);
    await phone.subscribeAsync(topic, { qos: 1 });
    const forger = await connect(tcpUrl, logins[RAW]);
    const closed = closing(forger);
    forger.publish(topic, '{"title":"fake coupon"}', { qos: 0 });
    await closed;
    await settle();
    expect(messages).toEqual([]);
    // A shopper may not publish on it either.
    const closedToo = closing(phone);
    phone.publish(topic, '{"title":"fake coupon"}', { qos: 0 });
    await closedToo;
    expect(await refusals()).toContainEqual(expect.stringMatching(/action="publish",who="scanner"\} [1-9]/));
    expect(await refusals()).toContainEqual(expect.stringMatching(/action="publish",who="shopper"\} [1-9]/));
  });

  it('closes a registered scanner that publishes scans for another store, another brand or another scanner', async () => {
    for (const [name, topic] of [
      [RAW, `ss/${b.tenantId}/${b.otherStoreId}/scan/ibeacon-raw`],
      [RAW, `ss/${OTHER_TENANT}/${b.storeId}/scan/ibeacon-raw`],
      [RAW, `ss/${b.tenantId}/${b.storeId}/scan/miniprogram`],
      [ROOM, `espresense/devices/iBeacon:x-1-1/${ROOM}-other`],
      [ROOM, `ss/${b.tenantId}/${b.storeId}/scan/ibeacon-raw`],
    ] as const) {
      const scanner = await connect(tcpUrl, logins[name]);
      const closed = closing(scanner);
      scanner.publish(topic, '{}', { qos: 1 });
      await closed;
    }
    expect(await refusals()).toContainEqual(expect.stringMatching(/action="publish",who="scanner"\} [5-9]/));
  });

  it('takes a registered scanner’s readings to the gateway, whose fixes the server’s own clients hear', async () => {
    const gateway = await b.t.app.gateway.start({
      sites: simSites(b.tenantId, [b.storeId]),
      settings: { clientId: uniqueClientId() },
    });
    // The server's user, as the demo scripts and the other server processes connect.
    const listener = await connect(tcpUrl, b.t.app.mqttLogin);
    const fixes = heard(listener);
    await listener.subscribeAsync(`ss/${b.tenantId}/${b.storeId}/position/+`, { qos: 1 });
    // An ESPresense node logged in as the API showed: its readings of a tag, and its own status.
    const node = await connect(tcpUrl, logins[ROOM]);
    const [uuid] = SITE.anchors[0]!.id.split(':');
    const id = `iBeacon:${uuid}-79-1`;
    await node.publishAsync(`espresense/rooms/${ROOM}/status`, 'online', { qos: 1 });
    for (let i = 0; i < 3; i++)
      await node.publishAsync(
        `espresense/devices/${id}/${ROOM}`,
        JSON.stringify({ id, rssi: -61 - i, 'rssi@1m': -59, distance: 1.2 }),
        { qos: 1 },
      );
    await until(() => fixes.some((f) => f.topic.endsWith(`/position/tag:${uuid}:79:1`)));
    expect(node.connected).toBe(true);
    // And a shopper's phone publishes its own scans.
    const phone = await connect(wsUrl, { username: 'shopper', password: b.shopper.token });
    const ts = Date.now();
    await phone.publishAsync(
      `ss/${b.tenantId}/${b.storeId}/scan/miniprogram`,
      JSON.stringify(phoneBatch(b.shopper.token, ts)),
      { qos: 1 },
    );
    await until(() => fixes.some((f) => JSON.parse(f.payload).ts === ts));
    expect(await gateway.lastPosition(b.tenantId, b.storeId, b.shopper.device)).toMatchObject({ ts });
    expect(phone.connected).toBe(true);
    await b.t.app.gateway.stop();
  });
});

describe('scanners’ logins in the API', () => {
  it('shows a store’s scanner logins to its brand admin and its own manager, not to other staff', async () => {
    const stores = (await b.t.call(b.admin, { method: 'GET', url: '/api/v1/stores' })).json() as {
      id: string;
      code: string;
    }[];
    const sh001 = stores.find((s) => s.code === 'SH001')!.id;
    const sh002 = stores.find((s) => s.code === 'SH002')!.id;
    const manager = await b.t.login('manager.sh001@freshmart.demo', DEMO_PASSWORD);
    const asAdmin = await scannerLogins(b.admin);
    expect(asAdmin.statusCode).toBe(200);
    expect(asAdmin.headers['cache-control']).toBe('no-store');
    expect(asAdmin.json().scanners).toEqual([
      { source: 'espresense', scanner: ROOM, username: ROOM, password: expect.any(String) },
      { source: 'ibeacon-raw', scanner: RAW, username: RAW, password: expect.any(String) },
    ]);
    expect(logins[ROOM]!.password).not.toBe(logins[RAW]!.password);
    expect((await scannerLogins(manager, sh001)).statusCode).toBe(200);
    expect((await scannerLogins(manager, sh002)).statusCode).toBe(403);
    for (const email of ['clerk.sh001@freshmart.demo', 'marketing@freshmart.demo'])
      expect((await scannerLogins(await b.t.login(email, DEMO_PASSWORD), sh001)).statusCode, email).toBe(403);
    expect((await scannerLogins(b.shopper.token)).statusCode).toBe(403);
    expect((await scannerLogins('')).statusCode).toBe(401);
  });

  it('shows which scanners hang where to the store’s own staff, its clerk too, without passwords', async () => {
    const url = (storeId: string) => `/api/v1/stores/${storeId}/scanners`;
    const clerk = await b.t.login('clerk.sh001@freshmart.demo', DEMO_PASSWORD);
    const asClerk = await b.t.call(clerk, { method: 'GET', url: url(b.storeId) });
    expect(asClerk.statusCode).toBe(200);
    expect(asClerk.json()).toEqual({
      scanners: [
        { source: 'espresense', scanner: ROOM, anchor: SITE.anchors[1]!.id },
        { source: 'ibeacon-raw', scanner: RAW, anchor: SITE.anchors[0]!.id },
      ],
    });
    expect(asClerk.body).not.toContain(logins[RAW]!.password);
    // Another store's list, the logins and changing the list stay out of a clerk's reach.
    expect((await b.t.call(clerk, { method: 'GET', url: url(b.otherStoreId) })).statusCode).toBe(403);
    expect((await scannerLogins(clerk)).statusCode).toBe(403);
    const put = await b.t.call(clerk, { method: 'PUT', url: url(b.storeId), payload: { scanners: [] } });
    expect(put.statusCode).toBe(403);
    const marketer = await b.t.login('marketing@freshmart.demo', DEMO_PASSWORD);
    expect((await b.t.call(marketer, { method: 'GET', url: url(b.storeId) })).statusCode).toBe(403);
    expect((await b.t.call(b.shopper.token, { method: 'GET', url: url(b.storeId) })).statusCode).toBe(403);
  });

  it('refuses a scanner named as the broker’s own users', async () => {
    for (const scanner of ['smartstore', 'shopper']) {
      const put = await b.t.call(b.admin, {
        method: 'PUT',
        url: `/api/v1/stores/${b.otherStoreId}/scanners`,
        payload: { scanners: [{ source: 'espresense', scanner, anchor: SITE.anchors[0]!.id }] },
      });
      expect(put.statusCode).toBe(400);
      expect(put.json()).toMatchObject({ code: 'SS_ERR_VALIDATION', field: 'scanners' });
    }
  });
});

describe('an embedded broker with MQTT_ANONYMOUS_SCANS=allow', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({
      MQTT_URL: undefined as never,
      MQTT_EMBEDDED_PORT: '0',
      MQTT_EMBEDDED_WS_PORT: '0',
      MQTT_ANONYMOUS_SCANS: 'allow',
    });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('lets a client without a login publish scans for any store, read nothing and forge nothing', async () => {
    const url = t.app.mqttEndpoints.url;
    const anonymous = await connect(url, { username: 'your_username', password: 'your_password' });
    await expect(anonymous.subscribeAsync('#', { qos: 1 })).rejects.toThrow(/Subscribe error/);
    await anonymous.publishAsync(`ss/${OTHER_TENANT}/${b.storeId}/scan/ibeacon-raw`, '{}', { qos: 1 });
    await anonymous.publishAsync('espresense/devices/x/any-room', '{}', { qos: 1 });
    expect(anonymous.connected).toBe(true);
    const forger = await connect(url);
    const closed = closing(forger);
    forger.publish(offerTopic(OTHER_TENANT, 'alice'), '{"title":"fake coupon"}', { qos: 0 });
    await closed;
    expect(await metric(t, 'ss_mqtt_refused_total')).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/action="subscribe",who="anonymous"\} 1/),
        expect.stringMatching(/action="publish",who="anonymous"\} 1/),
      ]),
    );
  });
});

describe('a broker at MQTT_URL with the server’s user in it', () => {
  it('is connected to with that user, and the password is in neither /health nor the endpoints', async () => {
    // The machine's Mosquitto lets anyone in, so any user will do; the point is what is shown.
    const t = await startTestApp({
      MQTT_URL: `mqtt://smartstore:pa%24%24word-xyz@${new URL(TEST_MQTT_URL).host}`,
    });
    try {
      expect(t.app.mqttLogin).toEqual({ username: 'smartstore', password: 'pa$$word-xyz' });
      expect(t.app.mqttEndpoints.url).toBe(TEST_MQTT_URL);
      await until(() => t.app.mqtt.connected);
      expect(t.app.mqtt.options.username).toBe('smartstore');
      const health = await t.call(undefined, { method: 'GET', url: '/health' });
      expect(health.json().checks.mqtt).toMatchObject({ ok: true, detail: TEST_MQTT_URL });
      expect(health.body).not.toContain('word-xyz');
    } finally {
      await t.close();
    }
  });
});
