/**
 * Under `npm start` without MQTT_URL, the broker is the embedded aedes, which speaks MQTT 3.1.1
 * only: it refuses the gateway's MQTT 5 connection, and the gateway goes on in 3.1.1, still
 * acknowledging each scan once positioned.
 */
import mqtt, { type MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Brand, phoneBatch, simSites, startBrand, uniqueClientId } from './test/support.js';

let b: Brand;
let phone: MqttClient;

beforeAll(async () => {
  b = await startBrand({ MQTT_URL: undefined, MQTT_EMBEDDED_PORT: '0', MQTT_EMBEDDED_WS_PORT: '0' });
  // The server's own user: an anonymous client may publish scans but hears nothing (test/mqtt-acl.test.ts).
  phone = await mqtt.connectAsync(b.t.app.mqttEndpoints.url, {
    clientId: uniqueClientId(),
    ...b.t.app.mqttLogin,
  });
});

afterAll(async () => {
  await phone?.endAsync();
  await b?.t.close();
});

describe('gateway on the embedded broker', () => {
  it('connects in MQTT 3.1.1 and positions a phone’s batch', async () => {
    expect(b.t.app.mqttEndpoints.embedded).toBe(true);
    const gateway = await b.t.app.gateway.start({
      sites: simSites(b.tenantId, [b.storeId]),
      settings: {
        clientId: uniqueClientId(),
        sources: [{ filter: `ss/${b.tenantId}/+/scan/miniprogram`, source: 'miniprogram' }],
      },
    });
    const fixes: { device: string; ts: number }[] = [];
    phone.on('message', (_topic, payload) => fixes.push(JSON.parse(payload.toString())));
    await phone.subscribeAsync(`ss/${b.tenantId}/${b.storeId}/position/+`, { qos: 1 });
    const ts = Date.now();
    await phone.publishAsync(
      `ss/${b.tenantId}/${b.storeId}/scan/miniprogram`,
      JSON.stringify(phoneBatch(b.shopper.token, ts)),
      { qos: 1 },
    );
    const deadline = Date.now() + 10_000;
    while (!fixes.some((f) => f.ts === ts) && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 25));
    expect(fixes.find((f) => f.ts === ts)).toMatchObject({ device: b.shopper.device });
    expect(await gateway.lastPosition(b.tenantId, b.storeId, b.shopper.device)).toMatchObject({ ts });
    await b.t.app.gateway.stop();
  });
});
