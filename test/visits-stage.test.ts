/**
 * The visits stage on the real services: a shopper walks in, lingers at the coffee counter and
 * leaves; zone events go out over MQTT, the visit is recorded, and the dwell campaign fires once.
 */

import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, seedDemo } from '../db/seed.js';
import type { OfferToDeliver } from '../marketing/index.js';
import type { Fix } from '../positioning/index.js';
import { type StoreContext, visitStage } from '../visits/index.js';
import { startTestApp, TEST_MQTT_URL, type TestApp } from './support/app.js';
import { signInShopper } from './support/shoppers.js';

let t: TestApp;
let tenantId: string;
let storeId: string;
let aliceId: string;

const context: StoreContext = {
  outline: [
    [0, 0],
    [30, 0],
    [30, 20],
    [0, 20],
  ],
  groundLevel: 0,
  timezone: 'Asia/Shanghai',
  zones: [
    {
      id: 'coffee-counter',
      level: 0,
      rings: [
        [
          [20, 12],
          [28, 12],
          [28, 18],
          [20, 18],
        ],
      ],
    },
  ],
};

beforeAll(async () => {
  t = await startTestApp();
  ({ tenantId } = await seedDemo(t.db));
  const marketer = await t.login('marketing@freshmart.demo', DEMO_PASSWORD);
  storeId = (await t.call(marketer, { method: 'GET', url: '/api/v1/stores' }))
    .json()
    .find((s: { code: string }) => s.code === 'SH002').id;
  // Campaigns fire only in zones of their stores' maps: the counter is drawn on SH002's, and the
  // stage's context uses its id.
  const counter = await t.call(marketer, {
    method: 'POST',
    url: `/api/v1/stores/${storeId}/zones`,
    payload: { level: 0, name: 'Coffee counter', polygon: context.zones[0]!.rings[0] },
  });
  expect(counter.statusCode, counter.body).toBe(201);
  context.zones[0]!.id = counter.json().id;
  for (const campaign of [
    {
      name: 'Latte',
      trigger: { kind: 'zone_dwell', zones: [context.zones[0]!.id], min_dwell_s: 20 },
      offer: { kind: 'coupon', title: 'Latte ¥5 off', discount_cents: 500 },
    },
    {
      name: 'Long stay',
      trigger: { kind: 'zone_dwell', zones: [context.zones[0]!.id], min_dwell_s: 45 },
      offer: { kind: 'content', title: 'Cake?', body: 'Try the cheesecake' },
    },
  ]) {
    const created = await t.call(marketer, {
      method: 'POST',
      url: '/api/v1/campaigns',
      payload: {
        ...campaign,
        store_ids: [storeId],
        schedule: { starts_at: '2026-01-01T00:00:00Z', ends_at: '2030-01-01T00:00:00Z' },
      },
    });
    await t.call(marketer, {
      method: 'POST',
      url: `/api/v1/campaigns/${created.json().id}/status`,
      payload: { status: 'scheduled' },
    });
  }
  const alice = (
    await t.call(undefined, {
      method: 'POST',
      url: '/api/v1/auth/wechat',
      payload: { tenant: 'freshmart', code: 'alice' },
    })
  ).json();
  aliceId = alice.principal.id;
  for (const purpose of ['location_tracking', 'location_marketing']) {
    await t.call(alice.token, {
      method: 'PUT',
      url: `/api/v1/me/consents/${purpose}`,
      payload: { granted: true, policy_version: '1' },
    });
  }
});
afterAll(async () => t?.close());

describe('visits stage', () => {
  it('turns a walk into zone events, a recorded visit and offers, each once', async () => {
    const offers: OfferToDeliver[] = [];
    const errors: unknown[] = [];
    const stage = visitStage({
      db: t.db,
      publish: async (topic, message) => void (await t.app.mqtt.publishAsync(topic, message, { qos: 1 })),
      storeContext: async (tenant, store) => (tenant === tenantId && store === storeId ? context : undefined),
      shopperOf: async (_tenant, device) => (device === 'dev-alice' ? aliceId : undefined),
      deliver: async (offer) => void offers.push(offer),
      onError: (error) => errors.push(error),
    });
    const listener = await mqtt.connectAsync(TEST_MQTT_URL);
    const zoneEvents: { type: string; zone: string }[] = [];
    listener.on('message', (_topic, payload) => zoneEvents.push(JSON.parse(payload.toString())));
    await listener.subscribeAsync(`ss/${tenantId}/${storeId}/zone/#`, { qos: 1 });

    const start = Date.parse('2026-11-25T10:00:00+08:00');
    const walk: [number, number][] = [];
    for (let i = 0; i <= 14; i++) walk.push([15 + i * 0.6, 0.5 + i]); // door to the counter
    for (let i = 0; i < 55; i++) walk.push([24 + (i % 3) * 0.3, 15]); // lingers 55 s
    for (let i = 1; i <= 16; i++) walk.push([24 - i * 0.5, 15 - i]); // back to the door
    let ts = start;
    for (const [x, y] of walk) {
      const fix: Fix = { ts, device: 'dev-alice', x, y, level: 0, accuracy: 1.5 };
      await stage.handleFix(tenantId, storeId, fix);
      await stage.tick(ts);
      ts += 1000;
    }
    await stage.tick(ts + 120_000); // silence: she left
    await new Promise((r) => setTimeout(r, 300));
    await listener.endAsync();

    expect(errors).toEqual([]);
    // The demo seed's welcome on arrival, then this test's two dwell campaigns.
    expect(offers.map((o) => o.title)).toEqual(['Welcome to FreshMart', 'Latte ¥5 off', 'Cake?']);
    expect(offers[1]!.coupon).toBeDefined();
    expect(zoneEvents.map((e) => e.type)).toEqual(['enter', 'dwell', 'exit']);
    const visits = await t.db.tenant(tenantId, async (tx) => (await tx.query('SELECT * FROM visits')).rows);
    expect(visits).toHaveLength(1);
    expect(visits[0]).toMatchObject({ shopper_id: aliceId, device: 'dev-alice', store_id: storeId });
    expect(visits[0].departed_at).not.toBeNull();
    const zones = await t.db.tenant(
      tenantId,
      async (tx) => (await tx.query('SELECT zone, dwell_ms FROM visit_zones')).rows,
    );
    expect(zones).toHaveLength(1);
    expect(zones[0].zone).toBe(context.zones[0]!.id);
    expect(zones[0].dwell_ms).toBeGreaterThan(50_000);

    // Replaying the same walk into a fresh stage (a restart) decides nothing twice.
    const again: OfferToDeliver[] = [];
    const restarted = visitStage({
      db: t.db,
      publish: async () => {},
      storeContext: async () => context,
      shopperOf: async () => aliceId,
      deliver: async (offer) => void again.push(offer),
      onError: (error) => errors.push(error),
    });
    ts = start;
    for (const [x, y] of walk) {
      await restarted.handleFix(tenantId, storeId, {
        ts,
        device: 'dev-alice',
        x,
        y,
        level: 0,
        accuracy: 1.5,
      });
      await restarted.tick(ts);
      ts += 1000;
    }
    expect(again).toEqual([]);
    expect(errors).toEqual([]);
  });

  it('announces arrivals and departures, and closes the visits an earlier process left open', async () => {
    const device = 'dev-restart';
    const stageWith = (published: string[]) =>
      visitStage({
        db: t.db,
        publish: async (topic, message) => void published.push(`${topic} ${message}`),
        storeContext: async () => context,
        shopperOf: async () => undefined,
        deliver: async () => {},
        onError: (error) => {
          throw error;
        },
      });
    const visitsOf = () =>
      t.db.tenant(
        tenantId,
        async (tx) =>
          (await tx.query('SELECT * FROM visits WHERE device = $1 ORDER BY arrived_at', [device])).rows,
      );
    const start = Date.parse('2026-11-25T12:00:00+08:00');
    // Deep in the store, by the counter, with readings that favour inside.
    const walk = async (stage: ReturnType<typeof stageWith>, from: number, seconds: number) => {
      for (let i = 0; i < seconds; i++) {
        const fix: Fix = { ts: from + i * 1000, device, x: 24, y: 15, level: 0, accuracy: 2, insideOdds: 3 };
        await stage.handleFix(tenantId, storeId, fix);
      }
    };
    const first: string[] = [];
    await walk(stageWith(first), start, 20);
    const arrival = first.find((m) => m.startsWith(`ss/${tenantId}/${storeId}/visit/${device} `));
    expect(JSON.parse(arrival!.split(' ').slice(1).join(' '))).toMatchObject({ type: 'arrival', device });
    // That process stops without a departure; its visit is still open, in the counter zone.
    const [open] = await visitsOf();
    expect(open.departed_at).toBeNull();

    // The next process closes it at the last moment known of it, and the phone's next visit is its own.
    const second: string[] = [];
    const restarted = stageWith(second);
    await walk(restarted, start + 3_600_000, 10);
    const [closed, next] = await visitsOf();
    expect(closed.id).toBe(open.id);
    expect(closed.departed_at.getTime()).toBeGreaterThanOrEqual(open.arrived_at.getTime());
    expect(closed.departed_at.getTime()).toBeLessThan(start + 20_000);
    expect(next.departed_at).toBeNull();
    expect(next.arrived_at.getTime()).toBeGreaterThanOrEqual(start + 3_600_000);
    await restarted.tick(start + 3_600_000 + 120_000);
    const departure = second.filter((m) => m.includes(`/visit/${device} `)).at(-1)!;
    expect(JSON.parse(departure.split(' ').slice(1).join(' '))).toMatchObject({ type: 'departure', device });
    expect((await visitsOf())[1].departed_at).not.toBeNull();
  });

  it('takes no arrival from a phone whose outdoor location is far away, and one once it is near', async () => {
    const errors: unknown[] = [];
    const stage = visitStage({
      db: t.db,
      publish: async () => {},
      storeContext: async () => context,
      shopperOf: async () => undefined,
      deliver: async () => {},
      onError: (error) => errors.push(error),
    });
    const device = 'dev-far-then-near';
    const visitsOf = () =>
      t.db.tenant(
        tenantId,
        async (tx) => (await tx.query('SELECT * FROM visits WHERE device = $1', [device])).rows,
      );
    const start = Date.parse('2026-11-25T11:00:00+08:00');
    // Readings that favour inside, deep in the store: an arrival within seconds, unless ruled out.
    const inside = async (from: number, seconds: number) => {
      for (let i = 0; i < seconds; i++) {
        const fix: Fix = { ts: from + i * 1000, device, x: 12, y: 10, level: 0, accuracy: 2, insideOdds: 3 };
        await stage.handleFix(tenantId, storeId, fix);
      }
    };
    // A stale blue dot 3 km away: nothing the beacons say makes it a visit.
    await stage.handleOutdoor(tenantId, storeId, { ts: start, device, distance_m: 3000, accuracy_m: 40 });
    await inside(start, 20);
    expect(await visitsOf()).toEqual([]);
    // The phone's location catches up: it is at the store.
    await stage.handleOutdoor(tenantId, storeId, {
      ts: start + 20_000,
      device,
      distance_m: 15,
      accuracy_m: 30,
    });
    await inside(start + 21_000, 5);
    const visits = await visitsOf();
    expect(visits).toHaveLength(1);
    expect(visits[0].arrived_at.getTime()).toBeGreaterThanOrEqual(start + 21_000);
    // It reports being far away again: the visit ends there and then.
    await stage.handleOutdoor(tenantId, storeId, {
      ts: start + 40_000,
      device,
      distance_m: 2500,
      accuracy_m: 30,
    });
    const [closed] = await visitsOf();
    expect(closed.departed_at.getTime()).toBe(start + 40_000);
    expect(errors).toEqual([]);
  });

  it('hands zone moments to campaigns only within a visit: not to a passer-by at the window, and to a shopper once recognised', async () => {
    const marketer = await t.login('marketing@freshmart.demo', DEMO_PASSWORD);
    const window: [number, number][] = [
      [2, 0],
      [10, 0],
      [10, 3],
      [2, 3],
    ];
    const drawn = await t.call(marketer, {
      method: 'POST',
      url: `/api/v1/stores/${storeId}/zones`,
      payload: { level: 0, name: 'Window display', polygon: window },
    });
    expect(drawn.statusCode, drawn.body).toBe(201);
    const zoneId = drawn.json().id as string;
    const campaign = await t.call(marketer, {
      method: 'POST',
      url: '/api/v1/campaigns',
      payload: {
        name: 'Window treat',
        trigger: { kind: 'zone_enter', zones: [zoneId] },
        offer: { kind: 'content', title: 'Window treat', body: 'Step inside for a taste' },
        store_ids: [storeId],
        schedule: { starts_at: '2026-01-01T00:00:00Z', ends_at: '2030-01-01T00:00:00Z' },
      },
    });
    await t.call(marketer, {
      method: 'POST',
      url: `/api/v1/campaigns/${campaign.json().id}/status`,
      payload: { status: 'scheduled' },
    });
    const withWindow: StoreContext = {
      ...context,
      zones: [...context.zones, { id: zoneId, level: 0, rings: [window] }],
    };
    const passer = await signInShopper(t, 'window-passer');
    const bob = await signInShopper(t, 'window-bob');
    const offers: OfferToDeliver[] = [];
    const published: string[] = [];
    const errors: unknown[] = [];
    const stage = visitStage({
      db: t.db,
      publish: async (topic, message) => void published.push(`${topic} ${message}`),
      storeContext: async () => withWindow,
      shopperOf: async (_tenant, device) => ({ 'dev-passer': passer.id, 'dev-bob': bob.id })[device],
      deliver: async (offer) => void offers.push(offer),
      onError: (error) => errors.push(error),
    });
    const start = Date.parse('2026-11-26T15:00:00+08:00');
    let ts = start;
    const step = async (device: string, x: number, y: number, insideOdds: number) => {
      await stage.handleFix(tenantId, storeId, { ts, device, x, y, level: 0, accuracy: 1, insideOdds });
      await stage.tick(ts);
      ts += 1000;
    };
    // A passer-by strolls along the shop window, their fixes (kept inside the outline) in its zone.
    for (let i = 0; i <= 40; i++) await step('dev-passer', 1 + i * 0.25, 1.5, -2);
    ts += 120_000;
    await stage.tick(ts);
    expect(published.some((m) => m.includes(`/zone/${zoneId} `) && m.includes('dev-passer'))).toBe(true);
    expect(published.some((m) => m.includes('/visit/dev-passer '))).toBe(false);
    expect(offers).toEqual([]);

    // A shopper walks in through the window's zone and is recognised a few metres further in.
    for (let i = 0; i <= 28; i++) await step('dev-bob', 6, 0.5 + i * 0.5, 3);
    expect(errors).toEqual([]);
    const entered = published.findIndex((m) => m.includes(`/zone/${zoneId} `) && m.includes('dev-bob'));
    const arrived = published.findIndex((m) => m.includes('/visit/dev-bob '));
    expect(entered).toBeGreaterThanOrEqual(0);
    expect(arrived).toBeGreaterThan(entered);
    expect(offers.map((o) => [o.shopperId, o.title])).toEqual([
      [bob.id, 'Welcome to FreshMart'],
      [bob.id, 'Window treat'],
    ]);
    const zones = await t.db.tenant(tenantId, async (tx) =>
      (
        await tx.query(
          `SELECT z.zone FROM visit_zones z JOIN visits v ON v.id = z.visit_id WHERE v.device = 'dev-bob'`,
        )
      ).rows.map((r) => r.zone),
    );
    expect(zones).toEqual([zoneId]);
  });
});
