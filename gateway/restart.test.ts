/**
 * No QoS 1 scan is lost across a gateway restart: phones keep publishing to the real Mosquitto
 * while the gateway stops (draining what it took), stays away (the broker queues for its
 * persistent session: fixed clientId, clean: false) and comes back with its worker threads
 * restored from Redis. Every published batch must come out as a fix.
 */
import mqtt, { type MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_MQTT_URL } from '../test/support/app.js';
import type { GatewayStart } from './plugin.js';
import {
  type Brand,
  clearSession,
  type Listener,
  listen,
  phoneBatch,
  simSites,
  startBrand,
  until,
} from './test/support.js';

let b: Brand;
let out: Listener;
let phones: MqttClient;
const clientId = `ss-gateway-restart-${process.pid}-${Date.now().toString(36)}`;
const shoppers: { token: string; device: string }[] = [];

beforeAll(async () => {
  b = await startBrand();
  for (let i = 0; i < 4; i++) {
    const login = await b.t.call(undefined, {
      method: 'POST',
      url: '/api/v1/auth/wechat',
      payload: { tenant: 'freshmart', code: `restart-${i}` },
    });
    const { token, principal } = login.json();
    await b.t.call(token, {
      method: 'PUT',
      url: '/api/v1/me/consents/location_tracking',
      payload: { granted: true, policy_version: '2026-11' },
    });
    shoppers.push({ token, device: b.t.app.gateway.deviceIdOf(b.tenantId, principal.id) });
  }
  out = await listen([`ss/${b.tenantId}/${b.storeId}/position/+`]);
  phones = await mqtt.connectAsync(TEST_MQTT_URL, { clientId: `phones-${clientId}` });
});

afterAll(async () => {
  await phones?.endAsync();
  await out?.close();
  await b?.t.close();
  await clearSession(clientId);
});

describe('gateway restart', () => {
  it('loses no QoS 1 scan published before, during and after the restart', async () => {
    const start: GatewayStart = {
      sites: simSites(b.tenantId, [b.storeId]),
      settings: {
        clientId,
        threads: 2,
        tickMs: 50,
        snapshotEveryMs: 200,
        sources: [{ filter: `ss/${b.tenantId}/+/scan/miniprogram`, source: 'miniprogram' }],
      },
    };
    await b.t.app.gateway.start(start);
    const published: string[] = [];
    const topic = `ss/${b.tenantId}/${b.storeId}/scan/miniprogram`;
    let ts = Date.now();
    async function publishFor(ms: number): Promise<void> {
      const end = Date.now() + ms;
      while (Date.now() < end) {
        ts += 50;
        await Promise.all(
          shoppers.map(async (s) => {
            await phones.publishAsync(topic, JSON.stringify(phoneBatch(s.token, ts)), { qos: 1 });
            published.push(`${s.device}@${ts}`);
          }),
        );
        await new Promise((r) => setTimeout(r, 20));
      }
    }

    await publishFor(1500);
    const stopping = b.t.app.gateway.stop();
    await publishFor(300); // while it drains and disconnects
    await stopping;
    const snapshots = await b.t.app.redis.hlen(`gw:snap:${b.tenantId}/${b.storeId}`);
    expect(snapshots).toBe(shoppers.length);
    const whileAway = published.length;
    await publishFor(1000); // queued by the broker for the persistent session
    expect(published.length).toBeGreaterThan(whileAway);
    await b.t.app.gateway.start(start);
    await publishFor(1000);

    const fixed = () =>
      new Set(
        out.messages.map((m) => {
          const fix = JSON.parse(m.payload);
          return `${fix.device}@${fix.ts}`;
        }),
      );
    await until(() => published.every((p) => fixed().has(p)), 20_000).catch(() => {});
    const lost = published.filter((p) => !fixed().has(p));
    expect({ published: published.length, lost }).toEqual({ published: published.length, lost: [] });
  });
});
