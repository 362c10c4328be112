/**
 * Campaigns end to end on the real services: a marketer defines a coffee-counter offer, shoppers'
 * moments trigger it, offers arrive on the live MQTT channel, and the report counts what happened.
 */
import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, seedDemo } from '../db/seed.js';
import { type OfferToDeliver, onMoment, type TriggerInput } from '../marketing/index.js';
import { deliver } from '../push/index.js';
import { startTestApp, TEST_MQTT_URL, type TestApp } from './support/app.js';

let t: TestApp;
let tenantId: string;
let marketer: string;
let storeId: string;

beforeAll(async () => {
  t = await startTestApp();
  ({ tenantId } = await seedDemo(t.db));
  marketer = await t.login('marketing@freshmart.demo', DEMO_PASSWORD);
  const stores = (await t.call(marketer, { method: 'GET', url: '/api/v1/stores' })).json();
  storeId = stores.find((s: { code: string }) => s.code === 'SH001').id;
});
afterAll(async () => t?.close());

const coffee = (overrides: object = {}) => ({
  name: 'Morning latte',
  store_ids: [storeId],
  trigger: { kind: 'zone_dwell', zones: ['coffee-counter'], min_dwell_s: 20 },
  schedule: { starts_at: '2026-01-01T00:00:00+08:00', ends_at: '2027-01-01T00:00:00+08:00' },
  caps: { per_shopper: 1, window_h: 24 },
  offer: { kind: 'coupon', title: 'Latte ¥5 off', discount_cents: 500, min_spend_cents: 1500 },
  budget_total: 2,
  ...overrides,
});

async function shopper(code: string, consents: Record<string, boolean>) {
  const session = (
    await t.call(undefined, {
      method: 'POST',
      url: '/api/v1/auth/wechat',
      payload: { tenant: 'freshmart', code },
    })
  ).json();
  for (const [purpose, granted] of Object.entries(consents)) {
    await t.call(session.token, {
      method: 'PUT',
      url: `/api/v1/me/consents/${purpose}`,
      payload: { granted, policy_version: '2026-11' },
    });
  }
  return { id: session.principal.id as string, token: session.token as string };
}

async function activate(body: object): Promise<string> {
  const created = await t.call(marketer, { method: 'POST', url: '/api/v1/campaigns', payload: body });
  expect(created.statusCode, created.body).toBe(201);
  expect(created.json().status).toBe('draft');
  const scheduled = await t.call(marketer, {
    method: 'POST',
    url: `/api/v1/campaigns/${created.json().id}/status`,
    payload: { status: 'scheduled' },
  });
  // Its start has passed, so scheduling makes it active at once.
  expect(scheduled.json().status).toBe('active');
  return created.json().id;
}

let eventNo = 0;
function dwell(shopperId: string, seconds = 25, at = new Date('2026-11-25T09:30:00+08:00')): TriggerInput {
  eventNo++;
  return {
    tenantId,
    shopperId,
    storeId,
    timezone: 'Asia/Shanghai',
    moment: { kind: 'zone_dwell', store_id: storeId, zone: 'coffee-counter', dwell_s: seconds, at },
    eventKey: `dev-${shopperId}:coffee-counter:dwell:${eventNo}`,
    visitsBefore: 1,
  };
}
const trigger = (input: TriggerInput) => t.db.tenant(tenantId, (tx) => onMoment(tx, input));
const channels = {
  publish: async (topic: string, message: string) =>
    void (await t.app.mqtt.publishAsync(topic, message, { qos: 1 })),
};
const send = (offer: OfferToDeliver) =>
  deliver(t.db, channels, {
    ...offer,
    payload: { campaign_id: offer.campaignId, ...(offer.coupon ? { coupon: offer.coupon } : {}) },
  });

describe('a dwell-triggered coupon campaign', () => {
  it('pushes a coupon once per event, respects caps and consent, and ends when its budget is spent', async () => {
    const campaignId = await activate(coffee());
    const alice = await shopper('alice', { location_tracking: true, location_marketing: true });
    const bob = await shopper('bob', { location_tracking: true, location_marketing: true });
    const carol = await shopper('carol', { location_marketing: true });

    // Alice's phone listens on her live topic, as the mini-program does.
    const phone = await mqtt.connectAsync(TEST_MQTT_URL);
    const offersTopic = (await t.call(alice.token, { method: 'GET', url: '/api/v1/me/offers' })).json().topic;
    const heard = new Promise<{ title: string; coupon: { code: string } }>((resolve) =>
      phone.on('message', (_topic, payload) => resolve(JSON.parse(payload.toString()))),
    );
    await phone.subscribeAsync(offersTopic, { qos: 1 });

    const first = dwell(alice.id);
    const offers = await trigger(first);
    expect(offers).toHaveLength(1);
    expect(offers[0]!.coupon).toMatchObject({ discount_cents: 500, min_spend_cents: 1500 });
    await send(offers[0]!);
    const message = await heard;
    expect(message.title).toBe('Latte ¥5 off');
    expect(message.coupon.code).toBe(offers[0]!.coupon!.code);
    await phone.endAsync();

    // The same event delivered again: nothing new, nothing sent twice.
    expect(await trigger(first)).toEqual([]);
    await send(offers[0]!);
    const mine = (await t.call(alice.token, { method: 'GET', url: '/api/v1/me/offers' })).json().offers;
    expect(mine).toHaveLength(1);

    expect(await trigger(dwell(alice.id))).toEqual([]); // capped: one per 24 h
    expect(await trigger(dwell(alice.id, 10))).toEqual([]); // too short a dwell
    expect(await trigger(dwell(carol.id))).toEqual([]); // marketing without tracking is no consent
    expect(await trigger(dwell(bob.id))).toHaveLength(1); // the second and last coupon of the budget

    const report = (
      await t.call(marketer, { method: 'GET', url: `/api/v1/campaigns/${campaignId}/report` })
    ).json();
    expect(report.status).toBe('ended');
    expect(report.triggers).toEqual({ total: 4, push: 2, holdout: 0, skip: 2 });
    expect(report.skips).toMatchObject({ campaign_cap: 1, no_consent: 1 });
    expect(report.coupons).toEqual({ issued: 2, redeemed: 0 });
    expect(report.budget).toEqual({ total: 2, used: 2 });
    expect(report.pushes).toMatchObject({ sent: 1 });

    const opened = await t.call(alice.token, {
      method: 'POST',
      url: `/api/v1/me/offers/${mine[0].id}/opened`,
    });
    expect(opened.statusCode).toBe(204);
    const after = (
      await t.call(marketer, { method: 'GET', url: `/api/v1/campaigns/${campaignId}/report` })
    ).json();
    expect(after.pushes.opened).toBe(1);
    // Decisions are dated by the moments (25 November, Shanghai); the open by when it happened.
    expect(after.daily).toContainEqual(expect.objectContaining({ day: '2026-11-25', push: 2 }));
    expect(after.daily.reduce((sum: number, d: { opened: number }) => sum + d.opened, 0)).toBe(1);

    // An ended campaign pushes no more, whoever comes.
    const dave = await shopper('dave', { location_tracking: true, location_marketing: true });
    expect(await trigger(dwell(dave.id))).toEqual([]);
  });

  it('stops at once when a shopper revokes consent mid-campaign', async () => {
    await activate(
      coffee({ name: 'Open-ended', caps: { per_shopper: 10, window_h: 1 }, budget_total: null }),
    );
    const erin = await shopper('erin', { location_tracking: true, location_marketing: true });
    expect(await trigger(dwell(erin.id))).toHaveLength(1);
    await t.call(erin.token, {
      method: 'PUT',
      url: '/api/v1/me/consents/location_tracking',
      payload: { granted: false, policy_version: '2026-11' },
    });
    expect(await trigger(dwell(erin.id))).toEqual([]);
  });

  it('keeps its holdout out of the pushes but in the report', async () => {
    const id = await activate(
      coffee({
        name: 'All held out',
        holdout: 0.5,
        budget_total: null,
        caps: { per_shopper: 100, window_h: 1 },
      }),
    );
    let held = 0;
    for (let i = 0; i < 20; i++) {
      const s = await shopper(`holdout-${i}`, { location_tracking: true, location_marketing: true });
      const offers = await trigger(dwell(s.id));
      if (!offers.some((o) => o.campaignId === id)) held++;
    }
    const report = (await t.call(marketer, { method: 'GET', url: `/api/v1/campaigns/${id}/report` })).json();
    expect(report.triggers.holdout).toBe(held);
    expect(held).toBeGreaterThan(2);
    expect(held).toBeLessThan(18);
  });
});

describe('the campaign API', () => {
  it('checks what a schema cannot, and who may call it', async () => {
    const backwards = await t.call(marketer, {
      method: 'POST',
      url: '/api/v1/campaigns',
      payload: coffee({ schedule: { starts_at: '2026-12-01T00:00:00Z', ends_at: '2026-11-01T00:00:00Z' } }),
    });
    expect(backwards.json()).toMatchObject({ code: 'SS_ERR_VALIDATION', field: 'schedule.ends_at' });
    const badTrigger = await t.call(marketer, {
      method: 'POST',
      url: '/api/v1/campaigns',
      payload: coffee({ trigger: { kind: 'zone_dwell', zones: ['x'] } }),
    });
    expect(badTrigger.statusCode).toBe(400);
    const clerk = await t.login('clerk.sh001@freshmart.demo', DEMO_PASSWORD);
    expect((await t.call(clerk, { method: 'GET', url: '/api/v1/campaigns' })).statusCode).toBe(403);
    const id = (
      await t.call(marketer, { method: 'POST', url: '/api/v1/campaigns', payload: coffee() })
    ).json().id;
    const jump = await t.call(marketer, {
      method: 'POST',
      url: `/api/v1/campaigns/${id}/status`,
      payload: { status: 'paused' },
    });
    expect(jump.statusCode).toBe(409);
    expect(jump.json().code).toBe('SS_ERR_CAMPAIGN_STATUS');
    const preview = await t.call(marketer, {
      method: 'POST',
      url: '/api/v1/campaigns/audience-preview',
      payload: { audience: { visitors: 'new' } },
    });
    expect(preview.json()).toMatchObject({ consenting: expect.any(Number), not_applied: ['visitors'] });
    expect(preview.json().consenting).toBeLessThanOrEqual(preview.json().shoppers);
  });
});
