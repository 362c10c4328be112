/**
 * What the marketer's console pages read besides the campaign itself: each campaign's key numbers,
 * a campaign's activity hour by hour, and zones a marketer draws on the store map.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, seedDemo } from '../db/seed.js';
import { startTestApp, type TestApp } from './support/app.js';
import { playCampaign } from './support/campaign-play.js';

let t: TestApp;
let tenantId: string;
let marketer: string;
let storeId: string;
let campaignId: string;

const square = (x: number, y: number, size = 2) => [
  [x, y],
  [x + size, y],
  [x + size, y + size],
  [x, y + size],
];

beforeAll(async () => {
  t = await startTestApp();
  ({ tenantId } = await seedDemo(t.db));
  marketer = await t.login('marketing@freshmart.demo', DEMO_PASSWORD);
  const stores = (await t.call(marketer, { method: 'GET', url: '/api/v1/stores' })).json();
  storeId = stores.find((s: { code: string }) => s.code === 'SH001').id;
  const fruit = await t.call(marketer, {
    method: 'POST',
    url: `/api/v1/stores/${storeId}/zones`,
    payload: { level: 0, name: 'Fruit', polygon: square(10, 10) },
  });
  expect(fruit.statusCode, fruit.body).toBe(201);
  const created = await t.call(marketer, {
    method: 'POST',
    url: '/api/v1/campaigns',
    payload: {
      name: 'Fruit aisle treat',
      store_ids: [storeId],
      trigger: { kind: 'zone_enter', zones: [fruit.json().id] },
      schedule: { starts_at: '2026-01-01T00:00:00+08:00', ends_at: '2030-01-01T00:00:00+08:00' },
      offer: { kind: 'coupon', title: '¥2 off fruit', discount_cents: 200 },
    },
  });
  expect(created.statusCode, created.body).toBe(201);
  campaignId = created.json().id;
  await t.call(marketer, {
    method: 'POST',
    url: `/api/v1/campaigns/${campaignId}/status`,
    payload: { status: 'scheduled' },
  });
  await playCampaign(t, {
    tenantId,
    storeId,
    campaignId,
    zone: fruit.json().id,
    moment: 'zone_enter',
    shoppers: 3,
    opens: 2,
    redemptions: 1,
    prefix: 'activity',
  });
});
afterAll(async () => t?.close());

describe('campaign numbers for the console', () => {
  it("lists every campaign's triggers, pushes, opens and redemptions", async () => {
    const res = await t.call(marketer, { method: 'GET', url: '/api/v1/campaigns/totals' });
    expect(res.statusCode, res.body).toBe(200);
    const all = res.json() as { campaign_id: string }[];
    const campaigns = (await t.call(marketer, { method: 'GET', url: '/api/v1/campaigns' })).json();
    expect(all.map((c) => c.campaign_id).sort()).toEqual(campaigns.map((c: { id: string }) => c.id).sort());
    expect(all.find((c) => c.campaign_id === campaignId)).toEqual({
      campaign_id: campaignId,
      triggers: 3,
      pushes: 3,
      opened: 2,
      redeemed: 1,
    });
  });

  it('gives the activity by local hour, agreeing with the report', async () => {
    const res = await t.call(marketer, { method: 'GET', url: `/api/v1/campaigns/${campaignId}/activity` });
    expect(res.statusCode, res.body).toBe(200);
    const activity = res.json();
    expect(activity).toMatchObject({ campaign_id: campaignId, bucket: 'hour', timezone: 'Asia/Shanghai' });
    const sum = (key: string) =>
      activity.series.reduce((s: number, p: Record<string, number>) => s + (p[key] ?? 0), 0);
    expect({
      triggers: sum('triggers'),
      push: sum('push'),
      opened: sum('opened'),
      redeemed: sum('redeemed'),
    }).toEqual({ triggers: 3, push: 3, opened: 2, redeemed: 1 });
    expect(activity.series.at(-1).at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:00$/);
    const report = (
      await t.call(marketer, { method: 'GET', url: `/api/v1/campaigns/${campaignId}/report` })
    ).json();
    expect(report.triggers.total).toBe(sum('triggers'));
    const days = (
      await t.call(marketer, { method: 'GET', url: `/api/v1/campaigns/${campaignId}/activity?bucket=day` })
    ).json();
    expect(days.series.map((p: { at: string; push: number }) => [p.at, p.push])).toEqual(
      report.daily.map((d: { day: string; push: number }) => [d.day, d.push]),
    );
  });

  it('answers 400 naming the bucket, 404 for an unknown campaign, and nothing for a campaign without history', async () => {
    const bad = await t.call(marketer, {
      method: 'GET',
      url: `/api/v1/campaigns/${campaignId}/activity?bucket=week`,
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().field).toBe('bucket');
    const unknown = await t.call(marketer, {
      method: 'GET',
      url: '/api/v1/campaigns/00000000-0000-4000-8000-000000000000/activity',
    });
    expect(unknown.statusCode).toBe(404);
    const quiet = await t.call(marketer, {
      method: 'POST',
      url: '/api/v1/campaigns',
      payload: {
        name: 'Nothing yet',
        trigger: { kind: 'store_arrival' },
        schedule: { starts_at: '2026-01-01T00:00:00Z', ends_at: '2030-01-01T00:00:00Z' },
        offer: { kind: 'content', title: 'Hi', body: 'Hello' },
      },
    });
    const none = await t.call(marketer, {
      method: 'GET',
      url: `/api/v1/campaigns/${quiet.json().id}/activity`,
    });
    expect(none.json().series).toEqual([]);
  });
});

describe('a zone drawn by a marketer', () => {
  it('is added to the store map, keeping everything else, and can be a campaign trigger', async () => {
    const before = (await t.call(marketer, { method: 'GET', url: `/api/v1/stores/${storeId}/map` })).json();
    const res = await t.call(marketer, {
      method: 'POST',
      url: `/api/v1/stores/${storeId}/zones`,
      payload: { level: 0, name: 'Wine corner', polygon: square(3, 3) },
    });
    expect(res.statusCode, res.body).toBe(201);
    const zone = res.json();
    expect(zone).toMatchObject({ kind: 'zone', level: 0, name: 'Wine corner', polygon: square(3, 3) });
    const after = (await t.call(marketer, { method: 'GET', url: `/api/v1/stores/${storeId}/map` })).json();
    expect(after.map.features).toHaveLength(before.map.features.length + 1);
    expect(after.map.features.map((f: { id: string }) => f.id)).toEqual(
      expect.arrayContaining(before.map.features.map((f: { id: string }) => f.id)),
    );
    expect(after.map.products).toEqual(before.map.products);
    const campaign = await t.call(marketer, {
      method: 'POST',
      url: '/api/v1/campaigns',
      payload: {
        name: 'Wine tasting',
        store_ids: [storeId],
        trigger: { kind: 'zone_dwell', zones: [zone.id], min_dwell_s: 30 },
        schedule: { starts_at: '2026-01-01T00:00:00Z', ends_at: '2030-01-01T00:00:00Z' },
        offer: { kind: 'content', title: 'Tasting at 18:00', body: 'Three wines from Ningxia' },
      },
    });
    expect(campaign.statusCode, campaign.body).toBe(201);
  });

  it('is refused with the field named when it is not a simple polygon or not on a level', async () => {
    const bowtie = await t.call(marketer, {
      method: 'POST',
      url: `/api/v1/stores/${storeId}/zones`,
      payload: {
        level: 0,
        name: 'Bow tie',
        polygon: [
          [0, 0],
          [2, 2],
          [2, 0],
          [0, 2],
        ],
      },
    });
    expect(bowtie.statusCode).toBe(400);
    expect(bowtie.json()).toMatchObject({ code: 'SS_ERR_MAP_INVALID', field: 'polygon' });
    const nowhere = await t.call(marketer, {
      method: 'POST',
      url: `/api/v1/stores/${storeId}/zones`,
      payload: { level: 7, name: 'Roof', polygon: square(1, 1) },
    });
    expect(nowhere.statusCode).toBe(400);
    expect(nowhere.json().field).toBe('level');
  });

  it('may not be drawn by a clerk', async () => {
    const clerk = await t.login('clerk.sh001@freshmart.demo', DEMO_PASSWORD);
    const res = await t.call(clerk, {
      method: 'POST',
      url: `/api/v1/stores/${storeId}/zones`,
      payload: { level: 0, name: 'Clerk zone', polygon: square(1, 1) },
    });
    expect(res.statusCode).toBe(403);
  });
});
