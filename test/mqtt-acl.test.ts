/**
 * The embedded broker's access control end to end (npm start without MQTT_URL): an anonymous
 * client hears nothing and may only publish scans, which reach the gateway; a shopper logged in
 * with their token hears their own offers and no one else's; the server's clients do everything.
 */
import mqtt, { type IClientOptions, type MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Brand,
  phoneBatch,
  simSites,
  startBrand,
  uniqueClientId,
  until,
} from '../gateway/test/support.js';
import { offerTopic } from '../push/index.js';
import { startTestApp, TEST_MQTT_URL } from './support/app.js';

let b: Brand;
let wsUrl: string;
let tcpUrl: string;
const clients: MqttClient[] = [];

const connect = async (url: string, options: IClientOptions = {}) => {
  const client = await mqtt.connectAsync(url, { clientId: uniqueClientId(), reconnectPeriod: 0, ...options });
  clients.push(client);
  return client;
};
const heard = (client: MqttClient) => {
  const messages: { topic: string; payload: string }[] = [];
  client.on('message', (topic, payload) => messages.push({ topic, payload: payload.toString() }));
  return messages;
};
const settle = () => new Promise((r) => setTimeout(r, 300));
const refusals = async () =>
  (await b.t.call(undefined, { method: 'GET', url: '/metrics' })).body
    .split('\n')
    .filter((line) => line.startsWith('ss_mqtt_refused_total{'));

beforeAll(async () => {
  b = await startBrand({ MQTT_URL: undefined, MQTT_EMBEDDED_PORT: '0', MQTT_EMBEDDED_WS_PORT: '0' });
  tcpUrl = b.t.app.mqttEndpoints.url;
  wsUrl = b.t.app.mqttEndpoints.wsUrl!;
});

afterAll(async () => {
  for (const client of clients) await client.endAsync(true).catch(() => undefined);
  await b?.t.app.gateway.stop();
  await b?.t.close();
});

describe('the embedded broker', () => {
  it('gives an anonymous client nothing to read', async () => {
    const snoop = await connect(tcpUrl);
    const messages = heard(snoop);
    // Refused with the failure code (0x80), which mqtt.js reports as an error; the client stays connected.
    await expect(snoop.subscribeAsync('ss/#', { qos: 1 })).rejects.toThrow(/Subscribe error/);
    await expect(snoop.subscribeAsync('#', { qos: 1 })).rejects.toThrow(/Subscribe error/);
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
    const closed = new Promise<void>((resolve) => phone.once('close', () => resolve()));
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
    const refused = (options: IClientOptions) =>
      mqtt.connectAsync(tcpUrl, { clientId: uniqueClientId(), reconnectPeriod: 0, ...options });
    await expect(refused({ username: 'shopper', password: `${b.shopper.token}x` })).rejects.toThrow(
      /Bad username or password/i,
    );
    await expect(refused({ username: 'shopper', password: b.admin })).rejects.toThrow(
      /Bad username or password/i,
    );
    await expect(refused({ username: 'smartstore', password: 'guess' })).rejects.toThrow(
      /Bad username or password/i,
    );
    expect(await refusals()).toContainEqual(expect.stringMatching(/action="connect",who="unknown"\} [3-9]/));
  });

  it('closes an anonymous client that publishes an offer onto a shopper’s topic, which the shopper never hears', async () => {
    const topic = offerTopic(b.tenantId, b.shopper.id);
    const phone = await connect(wsUrl, { username: 'shopper', password: b.shopper.token });
    const messages = heard(phone);
    await phone.subscribeAsync(topic, { qos: 1 });
    const forger = await connect(tcpUrl);
    const closed = new Promise<void>((resolve) => forger.once('close', () => resolve()));
    forger.publish(topic, '{"title":"fake coupon"}', { qos: 0 });
    await closed;
    await settle();
    expect(messages).toEqual([]);
    // A shopper may not publish on it either.
    const closedToo = new Promise<void>((resolve) => phone.once('close', () => resolve()));
    phone.publish(topic, '{"title":"fake coupon"}', { qos: 0 });
    await closedToo;
    expect(await refusals()).toContainEqual(expect.stringMatching(/action="publish",who="scanner"\} [1-9]/));
    expect(await refusals()).toContainEqual(
      expect.stringMatching(/action="subscribe",who="scanner"\} [1-9]/),
    );
  });

  it('takes an anonymous scanner’s scans to the gateway, whose fixes the server’s own clients hear', async () => {
    const gateway = await b.t.app.gateway.start({
      sites: simSites(b.tenantId, [b.storeId]),
      settings: { clientId: uniqueClientId() },
    });
    // The server's user, as the demo scripts and the other server processes connect.
    const listener = await connect(tcpUrl, b.t.app.mqttLogin);
    const fixes = heard(listener);
    await listener.subscribeAsync(`ss/${b.tenantId}/${b.storeId}/position/+`, { qos: 1 });
    const scanner = await connect(tcpUrl);
    const ts = Date.now();
    await scanner.publishAsync(
      `ss/${b.tenantId}/${b.storeId}/scan/miniprogram`,
      JSON.stringify(phoneBatch(b.shopper.token, ts)),
      { qos: 1 },
    );
    await until(() => fixes.some((f) => JSON.parse(f.payload).ts === ts));
    expect(await gateway.lastPosition(b.tenantId, b.storeId, b.shopper.device)).toMatchObject({ ts });
    // And a shopper's phone publishes its own scans.
    const phone = await connect(wsUrl, { username: 'shopper', password: b.shopper.token });
    await phone.publishAsync(
      `ss/${b.tenantId}/${b.storeId}/scan/miniprogram`,
      JSON.stringify(phoneBatch(b.shopper.token, ts + 1000)),
      { qos: 1 },
    );
    await until(() => fixes.some((f) => JSON.parse(f.payload).ts === ts + 1000));
    expect(phone.connected).toBe(true);
    await b.t.app.gateway.stop();
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
