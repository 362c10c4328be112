/**
 * Fix-to-push latency on the real services: a positioning fix that takes a shopper into a zone,
 * through the visits stage (zone events, visit records, the campaign decision in Postgres) and
 * push (delivery log, MQTT publish on the shopper's live topic), until the shopper's phone — a
 * subscriber on Mosquitto — has the offer. Used by bench/geofence.ts.
 */
import mqtt from 'mqtt';
import { DEMO_PASSWORD, seedDemo } from '../db/seed.js';
import { hasConsent, recordConsent, upsertShopper } from '../members/index.js';
import { deliver, offerTopic } from '../push/index.js';
import { startTestApp, TEST_MQTT_URL } from '../test/support/app.js';
import { visitStage } from '../visits/index.js';
import { quantile } from './quantile.js';

export interface FixToPush {
  offers: number;
  p50_ms: number;
  p99_ms: number;
}

export async function fixToPush(shoppers: number): Promise<FixToPush> {
  const t = await startTestApp();
  try {
    const { tenantId } = await seedDemo(t.db);
    const marketer = await t.login('marketing@freshmart.demo', DEMO_PASSWORD);
    const storeId = (await t.call(marketer, { method: 'GET', url: '/api/v1/stores' })).json()[0].id as string;
    // A campaign names zones of its store's map: one of the demo store's, drawn below where the bench wants it.
    const counter = (await t.call(marketer, { method: 'GET', url: `/api/v1/stores/${storeId}/map` }))
      .json()
      .map.features.find((f: { kind: string }) => f.kind === 'zone').id as string;
    const campaign = await t.call(marketer, {
      method: 'POST',
      url: '/api/v1/campaigns',
      payload: {
        name: 'Bench',
        trigger: { kind: 'zone_enter', zones: [counter] },
        schedule: { starts_at: '2020-01-01T00:00:00Z', ends_at: '2100-01-01T00:00:00Z' },
        caps: { per_shopper: 100, window_h: 1 },
        offer: { kind: 'content', title: 'Hello', body: 'Coffee is ready' },
      },
    });
    await t.call(marketer, {
      method: 'POST',
      url: `/api/v1/campaigns/${campaign.json().id}/status`,
      payload: { status: 'scheduled' },
    });

    const ids: string[] = [];
    await t.db.tenant(tenantId, async (tx) => {
      for (let i = 0; i < shoppers; i++) {
        const s = await upsertShopper(tx, tenantId, { openid: `bench_${i}` });
        for (const purpose of ['location_tracking', 'location_marketing'] as const) {
          if (!(await hasConsent(tx, s.id, purpose))) {
            await recordConsent(tx, {
              tenantId,
              shopperId: s.id,
              purpose,
              granted: true,
              policyVersion: 'bench',
              source: 'bench',
            });
          }
        }
        ids.push(s.id);
      }
    });

    const phone = await mqtt.connectAsync(TEST_MQTT_URL);
    const sentAt = new Map<string, number>();
    const latencies: number[] = [];
    const allHeard = new Promise<void>((resolve) => {
      phone.on('message', (topic) => {
        const shopperId = topic.split('/')[3]!;
        const start = sentAt.get(shopperId);
        // The first offer each shopper hears is the one the measured fix caused.
        if (start !== undefined) latencies.push(performance.now() - start);
        sentAt.delete(shopperId);
        if (latencies.length === shoppers) resolve();
      });
    });
    await phone.subscribeAsync(offerTopic(tenantId, '+'), { qos: 1 });

    const stage = visitStage({
      db: t.db,
      publish: async (topic, message) => void (await t.app.mqtt.publishAsync(topic, message, { qos: 1 })),
      storeContext: async () => ({
        outline: [
          [0, 0],
          [40, 0],
          [40, 30],
          [0, 30],
        ],
        groundLevel: 0,
        timezone: 'Asia/Shanghai',
        zones: [
          {
            id: counter,
            level: 0,
            rings: [
              [
                [10, 10],
                [20, 10],
                [20, 20],
                [10, 20],
              ],
            ],
          },
        ],
      }),
      shopperOf: async (_tenant, device) => device.slice(4),
      deliver: (offer) =>
        deliver(
          t.db,
          { publish: async (topic, m) => void (await t.app.mqtt.publishAsync(topic, m, { qos: 1 })) },
          { ...offer, payload: { kind: 'campaign_offer', campaign_id: offer.campaignId } },
        ),
      onError: (error) => console.error(error),
      rulesRefreshMs: 3_600_000,
    });

    // Each shopper stands outside the counter, then steps in; enter fires on the second fix inside
    // (2 s debounce), which is the fix whose latency is measured.
    const now = Date.now();
    for (const [i, id] of ids.entries()) {
      const device = `dev-${id}`;
      const fix = (dt: number, x: number) => ({ ts: now + dt, device, x, y: 15, level: 0, accuracy: 1 });
      await stage.handleFix(tenantId, storeId, fix(0, 5));
      await stage.handleFix(tenantId, storeId, fix(1000, 15));
      sentAt.set(id, performance.now());
      await stage.handleFix(tenantId, storeId, fix(3000, 15));
      if (i % 50 === 49) await new Promise((r) => setTimeout(r, 10));
    }
    await Promise.race([allHeard, new Promise((r) => setTimeout(r, 30_000))]);
    await phone.endAsync();
    latencies.sort((a, b) => a - b);
    return { offers: latencies.length, p50_ms: quantile(latencies, 0.5), p99_ms: quantile(latencies, 0.99) };
  } finally {
    await t.close();
  }
}
