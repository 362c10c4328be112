/**
 * No QoS 1 scan is lost across a gateway restart: phones keep publishing to the real Mosquitto
 * while the gateway stops (draining what it took), stays away (the broker queues for its
 * persistent session: fixed clientId, clean: false, a session expiry) and comes back with its
 * worker threads restored from Redis. Every published batch must come out as a fix. Nor when it
 * dies in the middle of a burst: a scan is acknowledged only once positioned, so what it held
 * unpositioned is delivered again to the next session.
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

const published: string[] = [];
let ts = Date.now();

const fixed = () =>
  new Set(
    out.messages.map((m) => {
      const fix = JSON.parse(m.payload);
      return `${fix.device}@${fix.ts}`;
    }),
  );

async function expectNoneLost(): Promise<void> {
  await until(() => published.every((p) => fixed().has(p)), 20_000).catch(() => {});
  const lost = published.filter((p) => !fixed().has(p));
  expect({ published: published.length, lost }).toEqual({ published: published.length, lost: [] });
}

describe('gateway restart', () => {
  const start = (): GatewayStart => ({
    sites: simSites(b.tenantId, [b.storeId]),
    settings: {
      clientId,
      threads: 2,
      tickMs: 50,
      snapshotEveryMs: 200,
      sources: [{ filter: `ss/${b.tenantId}/+/scan/miniprogram`, source: 'miniprogram' }],
    },
  });
  const topic = () => `ss/${b.tenantId}/${b.storeId}/scan/miniprogram`;

  it('loses no QoS 1 scan published before, during and after the restart', async () => {
    await b.t.app.gateway.start(start());
    async function publishFor(ms: number): Promise<void> {
      const end = Date.now() + ms;
      while (Date.now() < end) {
        ts += 50;
        await Promise.all(
          shoppers.map(async (s) => {
            await phones.publishAsync(topic(), JSON.stringify(phoneBatch(s.token, ts)), { qos: 1 });
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
    await b.t.app.gateway.start(start());
    await publishFor(1000);
    await expectNoneLost();
    await b.t.app.gateway.stop();
  });

  it('loses none either when the gateway dies holding scans it has not positioned yet', async () => {
    await b.t.app.gateway.start(start());
    // A burst of a few seconds of every phone's batches, all published at once.
    const burst: string[] = [];
    const sending: Promise<unknown>[] = [];
    for (let i = 0; i < 30; i++) {
      ts += 50;
      for (const s of shoppers) {
        sending.push(phones.publishAsync(topic(), JSON.stringify(phoneBatch(s.token, ts)), { qos: 1 }));
        burst.push(`${s.device}@${ts}`);
      }
    }
    published.push(...burst);
    await out.waitFor((m) => burst.includes(`${JSON.parse(m.payload).device}@${JSON.parse(m.payload).ts}`));
    await b.t.app.gateway.stop({ drain: false });
    await Promise.all(sending);
    const beforeCrash = fixed();
    // The gateway died in the middle of the burst: some of it had not come out as fixes.
    expect(burst.filter((p) => !beforeCrash.has(p)).length).toBeGreaterThan(0);
    await b.t.app.gateway.start(start());
    await expectNoneLost();
  });
});
