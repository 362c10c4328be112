/**
 * A store's site is its map and beacon registry (beacons' siteForStore). When a beacon moves
 * through the API, the running gateway picks the new site up and its fixes follow, without a
 * restart and without forgetting the devices it is tracking.
 */
import mqtt, { type MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_MQTT_URL } from '../test/support/app.js';
import {
  type Brand,
  clearSession,
  type Listener,
  listen,
  startBrand,
  uniqueClientId,
} from './test/support.js';

let b: Brand;
let out: Listener;
let phone: MqttClient;
const clientId = uniqueClientId();

interface Beacon {
  id: string;
  uuid: string;
  major: number;
  minor: number;
  x: number;
  y: number;
  level: number;
}

beforeAll(async () => {
  b = await startBrand();
  out = await listen([`ss/${b.tenantId}/${b.storeId}/position/${b.shopper.device}`]);
  phone = await mqtt.connectAsync(TEST_MQTT_URL, { clientId: uniqueClientId() });
});

afterAll(async () => {
  await phone?.endAsync();
  await out?.close();
  await b?.t.close();
  await clearSession(clientId);
});

describe('site refresh', () => {
  it('moves the fixes when a beacon is moved through the API, with no restart', async () => {
    await b.t.app.gateway.start({
      settings: {
        clientId,
        // The loudest beacon's position: where a fix lands says which site the gateway has.
        method: 'nearest',
        siteRefreshMs: 100,
        sources: [{ filter: `ss/${b.tenantId}/+/scan/miniprogram`, source: 'miniprogram' }],
      },
    });
    const beacons = (
      await b.t.call(b.admin, { method: 'GET', url: `/api/v1/stores/${b.storeId}/beacons` })
    ).json() as Beacon[];
    const ground = beacons.filter((x) => x.level === 0);
    const loud = ground[0]!;
    let ts = Date.now();
    /** Publishes a batch that hears `loud` best, until a fix lands at (x, y). */
    async function fixAt(x: number, y: number): Promise<void> {
      const deadline = Date.now() + 10_000;
      while (Date.now() < deadline) {
        ts += 1000;
        const batch = {
          token: b.shopper.token,
          ts,
          beacons: ground.slice(0, 4).map((x, i) => ({
            uuid: x.uuid,
            major: x.major,
            minor: x.minor,
            rssi: x === loud ? -48 : -80 - i,
          })),
        };
        await phone.publishAsync(`ss/${b.tenantId}/${b.storeId}/scan/miniprogram`, JSON.stringify(batch), {
          qos: 1,
        });
        await new Promise((r) => setTimeout(r, 150));
        const fixes = out.messages.map((m) => JSON.parse(m.payload) as { ts: number; x: number; y: number });
        const last = fixes.find((f) => f.ts === ts);
        if (last && Math.abs(last.x - x) < 0.01 && Math.abs(last.y - y) < 0.01) return;
      }
      throw new Error(`no fix at (${x}, ${y}); last ${out.messages.at(-1)?.payload}`);
    }

    await fixAt(loud.x, loud.y);
    const to = { x: loud.x + 2.5, y: loud.y + 1.5 };
    const moved = await b.t.call(b.admin, {
      method: 'PATCH',
      url: `/api/v1/beacons/${loud.id}`,
      payload: to,
    });
    expect(moved.statusCode).toBe(200);
    await fixAt(to.x, to.y);
    expect(b.t.app.gateway.running).toBeDefined();
    await b.t.app.gateway.stop();
  });
});
