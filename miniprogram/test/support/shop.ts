/**
 * The real server the pages talk to in these tests: its own database with the demo brand seeded,
 * listening on a free port, and the wx fake installed and pointed at it as `config.json` would.
 */
import type { AddressInfo } from 'node:net';
import { seedDemo } from '../../../db/seed.js';
import { startTestApp, type TestApp } from '../../../test/support/app.js';
import { config } from '../../src/lib/config';
import { type FakeWx, installWx } from './wx-fake';

export interface ShopUnderTest {
  t: TestApp;
  fake: FakeWx;
  tenantId: string;
  /** The server's origin, as `config.apiBase`. */
  server: string;
}

/**
 * `live`: the embedded broker, which lets shoppers in with their token (live offers and order updates
 * over WebSocket); otherwise the machine's Mosquitto, and the pages poll.
 */
export async function shopUnderTest(
  env: Record<string, string> = {},
  { live = false } = {},
): Promise<ShopUnderTest> {
  const broker: Record<string, string> = live
    ? { MQTT_URL: undefined as unknown as string, MQTT_EMBEDDED_PORT: '0', MQTT_EMBEDDED_WS_PORT: '0' }
    : {};
  const t = await startTestApp({ ...env, ...broker });
  const { tenantId } = await seedDemo(t.db);
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  const server = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
  const fake = installWx();
  config.apiBase = server;
  config.tenant = 'freshmart';
  config.mqttUrl = live ? t.app.mqttEndpoints.wsUrl! : '';
  return { t, fake, tenantId, server };
}
