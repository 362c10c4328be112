/**
 * What the gateway's end-to-end tests share: a demo brand with a shopper who consented, the
 * simulator's site for every store, an MQTT client that records what it hears, and sessions that
 * are cleared afterwards so the broker does not keep queueing for a test that is gone.
 */
import { randomBytes } from 'node:crypto';
import mqtt, { type MqttClient } from 'mqtt';
import { DEMO_PASSWORD, seedDemo } from '../../db/seed.js';
import type { Site } from '../../positioning/index.js';
import { scenario } from '../../sim/index.js';
import { startTestApp, TEST_MQTT_URL, type TestApp } from '../../test/support/app.js';
import type { SiteDirectory } from '../gateway.js';

export const SITE: Site = scenario('open-floor').venue.site;

/** The brand's stores have the simulator's open-floor site; other stores have none. */
export function simSites(tenantId: string, storeIds: readonly string[]): SiteDirectory {
  return { siteFor: async (t, s) => (t === tenantId && storeIds.includes(s) ? SITE : undefined) };
}

export interface Brand {
  t: TestApp;
  tenantId: string;
  storeId: string;
  otherStoreId: string;
  admin: string;
  shopper: { token: string; id: string; device: string };
  shopperWithoutConsent: { token: string; id: string; device: string };
}

/** `env` overrides the test app's configuration (an embedded broker: `MQTT_URL` undefined). */
export async function startBrand(env: Record<string, string | undefined> = {}): Promise<Brand> {
  const t = await startTestApp(env as Record<string, string>);
  const { tenantId } = await seedDemo(t.db);
  const admin = await t.login('admin@freshmart.demo', DEMO_PASSWORD);
  const stores = (await t.call(admin, { method: 'GET', url: '/api/v1/stores' })).json() as { id: string }[];
  const shopper = async (code: string, consent: boolean) => {
    const login = await t.call(undefined, {
      method: 'POST',
      url: '/api/v1/auth/wechat',
      payload: { tenant: 'freshmart', code },
    });
    const { token, principal } = login.json() as { token: string; principal: { id: string } };
    if (consent) {
      await t.call(token, {
        method: 'PUT',
        url: '/api/v1/me/consents/location_tracking',
        payload: { granted: true, policy_version: '2026-11' },
      });
    }
    return { token, id: principal.id, device: t.app.gateway.deviceIdOf(tenantId, principal.id) };
  };
  return {
    t,
    tenantId,
    storeId: stores[0]!.id,
    otherStoreId: stores[1]!.id,
    admin,
    shopper: await shopper('gw-shopper', true),
    shopperWithoutConsent: await shopper('gw-no-consent', false),
  };
}

export function uniqueClientId(): string {
  return `ss-gateway-test-${randomBytes(5).toString('hex')}`;
}

/** Ends a persistent session at the broker: connect once with clean: true. */
export async function clearSession(clientId: string): Promise<void> {
  const client = await mqtt.connectAsync(TEST_MQTT_URL, { clientId, clean: true });
  await client.endAsync();
}

export interface Listener {
  client: MqttClient;
  messages: { topic: string; payload: string }[];
  waitFor(predicate: (m: { topic: string; payload: string }) => boolean, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

export async function listen(filters: string[]): Promise<Listener> {
  const client = await mqtt.connectAsync(TEST_MQTT_URL, { clientId: uniqueClientId() });
  const messages: Listener['messages'] = [];
  client.on('message', (topic, payload) => messages.push({ topic, payload: payload.toString() }));
  await client.subscribeAsync(filters, { qos: 1 });
  return {
    client,
    messages,
    async waitFor(predicate, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      while (!messages.some(predicate)) {
        if (Date.now() > deadline) throw new Error(`no such message within ${timeoutMs} ms`);
        await new Promise((r) => setTimeout(r, 20));
      }
    },
    close: () => client.endAsync(),
  };
}

export async function until(check: () => Promise<boolean> | boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** A phone batch of the site's first beacons, as the mini-program publishes it. */
export function phoneBatch(token: string, ts: number, extra: Record<string, unknown> = {}) {
  return {
    token,
    ts,
    beacons: SITE.anchors.slice(0, 6).map((a, i) => {
      const [uuid, major, minor] = a.id.split(':') as [string, string, string];
      return {
        uuid,
        major: Number(major),
        minor: Number(minor),
        rssi: -62 - 3 * i,
        accuracy: 1 + i,
        proximity: 2,
      };
    }),
    ...extra,
  };
}
