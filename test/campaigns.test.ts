/**
 * Campaigns end to end on the real services: a marketer defines a coffee-counter offer, shoppers'
 * moments trigger it, offers arrive on the live MQTT channel, and the report counts what happened.
 */
import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, seedDemo } from '../db/seed.js';
import { type OfferToDeliver, offerPayload, onMoment, type TriggerInput } from '../marketing/index.js';
import { deliver } from '../push/index.js';
import { startTestApp, TEST_MQTT_URL, type TestApp } from './support/app.js';
import { signInShopper } from './support/shoppers.js';

let t: TestApp;
let tenantId: string;
let marketer: string;
let storeId: string;
let otherStoreId: string;
/** Zones drawn on SH001's map for these tests, by name: their ids. */
const zone: Record<'coffee' | 'bakery' | 'deli', string> = { coffee: '', bakery: '', deli: '' };

beforeAll(async () => {
  t = await startTestApp();
  ({ tenantId } = await seedDemo(t.db));
  marketer = await t.login('marketing@freshmart.demo', DEMO_PASSWORD);
  const stores = (await t.call(marketer, { method: 'GET', url: '/api/v1/stores' })).json();
  storeId = stores.find((s: { code: string }) => s.code === 'SH001').id;
  otherStoreId = stores.find((s: { code: string }) => s.code === 'SH002').id;
  for (const [i, name] of (['coffee', 'bakery', 'deli'] as const).entries()) {
    const x = 2 + 4 * i;
    const drawn = await t.call(marketer, {
      method: 'POST',
      url: `/api/v1/stores/${storeId}/zones`,
      payload: {
        level: 0,
        name,
        polygon: [
          [x, 2],
          [x + 3, 2],
          [x + 3, 5],
          [x, 5],
        ],
      },
    });
    expect(drawn.statusCode, drawn.body).toBe(201);
    zone[name] = drawn.json().id;
  }
});
afterAll(async () => t?.close());

const coffee = (overrides: object = {}) => ({
  name: 'Morning latte',
  store_ids: [storeId],
  trigger: { kind: 'zone_dwell', zones: [zone.coffee], min_dwell_s: 20 },
  schedule: { starts_at: '2026-01-01T00:00:00+08:00', ends_at: '2027-01-01T00:00:00+08:00' },
  caps: { per_shopper: 1, window_h: 24 },
  offer: { kind: 'coupon', title: 'Latte ¥5 off', discount_cents: 500, min_spend_cents: 1500 },
  budget_total: 2,
  ...overrides,
});

const shopper = (code: string, consents: Record<string, boolean>) => signInShopper(t, code, consents);

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
    moment: { kind: 'zone_dwell', store_id: storeId, zone: zone.coffee, dwell_s: seconds, at },
    eventKey: `dev-${shopperId}:${zone.coffee}:dwell:${eventNo}`,
    visitsBefore: 1,
  };
}
const trigger = (input: TriggerInput) => t.db.tenant(tenantId, (tx) => onMoment(tx, input));
const channels = {
  publish: async (topic: string, message: string) =>
    void (await t.app.mqtt.publishAsync(topic, message, { qos: 1 })),
};
const send = (offer: OfferToDeliver) => deliver(t.db, channels, { ...offer, payload: offerPayload(offer) });

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
      payload: coffee({ trigger: { kind: 'zone_dwell', zones: [zone.coffee] } }),
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
    expect(preview.json()).toEqual({
      shoppers: expect.any(Number),
      consenting: expect.any(Number),
      reachable: expect.any(Number),
    });
    expect(preview.json().consenting).toBeLessThanOrEqual(preview.json().shoppers);
    expect(preview.json().reachable).toBeLessThanOrEqual(preview.json().consenting);
  });
});

describe('what a campaign names: its zones and products', () => {
  const post = (body: object) =>
    t.call(marketer, { method: 'POST', url: '/api/v1/campaigns', payload: body });
  const zonesOf = async (id: string) =>
    (await t.call(marketer, { method: 'GET', url: `/api/v1/stores/${id}/map` }))
      .json()
      .map.features.filter((f: { kind: string }) => f.kind === 'zone')
      .map((f: { id: string }) => f.id);

  it("must be zones of its stores' maps, when created and when changed", async () => {
    const nowhere = '00000000-0000-0000-0000-000000000000';
    const unknown = await post(coffee({ trigger: { kind: 'zone_enter', zones: [zone.coffee, nowhere] } }));
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json()).toMatchObject({ code: 'SS_ERR_VALIDATION', field: 'trigger.zones' });
    expect(unknown.json().message).toContain(nowhere);
    expect(unknown.json().message).not.toContain(zone.coffee);

    const [elsewhere] = await zonesOf(otherStoreId);
    const otherStores = await post(coffee({ trigger: { kind: 'zone_enter', zones: [elsewhere] } }));
    expect(otherStores.json()).toMatchObject({ code: 'SS_ERR_VALIDATION', field: 'trigger.zones' });
    // A campaign of every store may fire in a zone of any of them.
    const brandWide = await post(
      coffee({ store_ids: [], trigger: { kind: 'zone_enter', zones: [elsewhere] } }),
    );
    expect(brandWide.statusCode, brandWide.body).toBe(201);

    const id = (await post(coffee())).json().id;
    const patch = (payload: object) =>
      t.call(marketer, { method: 'PATCH', url: `/api/v1/campaigns/${id}`, payload });
    const badPatch = await patch({ trigger: { kind: 'zone_exit', zones: [nowhere] } });
    expect(badPatch.statusCode).toBe(400);
    expect(badPatch.json()).toMatchObject({ field: 'trigger.zones' });
    // Moving it to a store its zones are not in.
    expect((await patch({ store_ids: [otherStoreId] })).json()).toMatchObject({ field: 'trigger.zones' });
    expect((await patch({ name: 'Still fine' })).statusCode).toBe(200);
    expect(
      (await t.call(marketer, { method: 'GET', url: `/api/v1/campaigns/${id}` })).json().trigger.zones,
    ).toEqual([zone.coffee]);
  });

  it("must name SKUs and categories of the brand's catalogue, when created and when changed", async () => {
    const nowhere = '00000000-0000-0000-0000-000000000000';
    const categories = (
      await t.call(marketer, { method: 'GET', url: '/api/v1/catalogue/categories' })
    ).json();
    const category = categories[0].id as string;
    const made = await post(coffee({ attribution: { sku_ids: [], category_ids: [category] } }));
    expect(made.statusCode, made.body).toBe(201);
    const unknownSku = await post(coffee({ attribution: { sku_ids: [nowhere], category_ids: [] } }));
    expect(unknownSku.statusCode).toBe(400);
    expect(unknownSku.json()).toMatchObject({ code: 'SS_ERR_VALIDATION', field: 'attribution.sku_ids' });
    expect(unknownSku.json().message).toContain(nowhere);
    const patched = await t.call(marketer, {
      method: 'PATCH',
      url: `/api/v1/campaigns/${made.json().id}`,
      payload: { attribution: { sku_ids: [], category_ids: [category, nowhere] } },
    });
    expect(patched.statusCode).toBe(400);
    expect(patched.json()).toMatchObject({ field: 'attribution.category_ids' });
  });
});

describe('numbers a campaign takes', () => {
  it('refuses what its columns cannot hold with a 400 naming the field, not a 500', async () => {
    const refused = async (overrides: object, field: string) => {
      const res = await t.call(marketer, {
        method: 'POST',
        url: '/api/v1/campaigns',
        payload: coffee(overrides),
      });
      expect(res.statusCode, res.body).toBe(400);
      expect(res.json()).toMatchObject({ code: 'SS_ERR_VALIDATION', field });
    };
    await refused({ budget_total: 1e15 }, 'budget_total');
    await refused({ budget_total: 2 ** 31 }, 'budget_total');
    // Not "no limit": the body is not coerced into the null that means it.
    await refused({ budget_total: 0 }, 'budget_total');
    const coupon = { kind: 'coupon', title: 'Big', discount_cents: 500 };
    await refused({ offer: { ...coupon, discount_cents: 1e12 } }, 'offer.discount_cents');
    await refused({ offer: { ...coupon, min_spend_cents: 1e12 } }, 'offer.min_spend_cents');
    await refused({ caps: { per_shopper: 1e12, window_h: 24 } }, 'caps.per_shopper');
    await refused({ trigger: { ...coffee().trigger, min_dwell_s: 1e12 } }, 'trigger.min_dwell_s');
    const largest = await t.call(marketer, {
      method: 'POST',
      url: '/api/v1/campaigns',
      payload: coffee({ budget_total: 2 ** 31 - 1 }),
    });
    expect(largest.statusCode, largest.body).toBe(201);
    const id = largest.json().id;
    const patched = await t.call(marketer, {
      method: 'PATCH',
      url: `/api/v1/campaigns/${id}`,
      payload: { budget_total: 1e15 },
    });
    expect(patched.json()).toMatchObject({ code: 'SS_ERR_VALIDATION', field: 'budget_total' });
  });
});

describe('audiences by member tier, tags and visits', () => {
  let admin: string;
  const member = async (shopperId: string) =>
    (await t.call(admin, { method: 'GET', url: `/api/v1/members?shopper_id=${shopperId}` })).json()[0]
      .id as string;
  const tag = async (shopperId: string, name: string) =>
    t.call(marketer, { method: 'PUT', url: `/api/v1/members/${await member(shopperId)}/tags/${name}` });
  const makeGold = async (shopperId: string) =>
    t.call(admin, {
      method: 'PATCH',
      url: `/api/v1/members/${await member(shopperId)}`,
      payload: { assigned_tier: 'gold' },
    });
  const visited = (shopperId: string) =>
    t.db.tenant(tenantId, (tx) =>
      tx.query(
        `INSERT INTO visits (tenant_id, store_id, device, shopper_id, arrived_at, departed_at)
         VALUES ($1, $2, $3, $4, now() - interval '2 days', now() - interval '2 days' + interval '15 minutes')`,
        [tenantId, storeId, `dev-${shopperId}`, shopperId],
      ),
    );
  const preview = async (audience: object) =>
    (
      await t.call(marketer, {
        method: 'POST',
        url: '/api/v1/campaigns/audience-preview',
        payload: { audience },
      })
    ).json().reachable as number;
  const allow = { location_tracking: true, location_marketing: true };
  /** A shopper walking into the bakery at 10:00 on 25 November, Shanghai time; `key` tells the events apart. */
  const enterBakery = (shopperId: string, key: string): TriggerInput => ({
    tenantId,
    shopperId,
    storeId,
    timezone: 'Asia/Shanghai',
    moment: {
      kind: 'zone_enter',
      store_id: storeId,
      zone: zone.bakery,
      at: new Date('2026-11-25T10:00:00+08:00'),
    },
    eventKey: `dev-${shopperId}:bakery:${key}`,
    visitsBefore: 0,
  });

  beforeAll(async () => {
    admin = await t.login('admin@freshmart.demo', DEMO_PASSWORD);
  });

  it('previews the audience size with consent, tags, tiers and new or returning visitors applied', async () => {
    const [ann, ben, cat] = [
      await shopper('preview-ann', allow),
      await shopper('preview-ben', allow),
      await shopper('preview-cat', { location_tracking: true }),
    ];
    for (const s of [ann, ben, cat]) await tag(s.id, 'preview-bakers');
    await visited(ann.id);
    await makeGold(ann.id);
    expect(await preview({ visitors: 'any', tags_any: ['preview-bakers'] })).toBe(2);
    expect(await preview({ visitors: 'returning', tags_any: ['preview-bakers', 'nobody'] })).toBe(1);
    expect(await preview({ visitors: 'new', tags_any: ['preview-bakers'] })).toBe(1);
    expect(await preview({ visitors: 'any', tags_any: ['preview-bakers'], tiers: ['gold'] })).toBe(1);
    expect(await preview({ visitors: 'any', tags_any: ['preview-bakers'], tiers: ['silver'] })).toBe(0);
  });

  it('applies the same tiers and tags in the live decision', async () => {
    const id = await activate(
      coffee({
        name: 'Gold bakers',
        trigger: { kind: 'zone_enter', zones: [zone.bakery] },
        audience: { visitors: 'any', tiers: ['gold'], tags_any: ['bread-lover'] },
        budget_total: null,
      }),
    );
    const [gold, goldNoTag, plain] = [
      await shopper('live-gold', allow),
      await shopper('live-gold-untagged', allow),
      await shopper('live-plain', allow),
    ];
    await makeGold(gold.id);
    await makeGold(goldNoTag.id);
    await tag(gold.id, 'bread-lover');
    await tag(plain.id, 'bread-lover');
    const enter = (shopperId: string) => enterBakery(shopperId, 'enter');
    expect((await trigger(enter(gold.id))).map((o) => o.campaignId)).toEqual([id]);
    expect(await trigger(enter(goldNoTag.id))).toEqual([]);
    expect(await trigger(enter(plain.id))).toEqual([]);
    const report = (await t.call(marketer, { method: 'GET', url: `/api/v1/campaigns/${id}/report` })).json();
    expect(report.triggers).toMatchObject({ push: 1, skip: 2 });
    expect(report.skips.audience).toBe(2);
  });

  it('reaches members in their birthday month, in the preview by this month and live by the moment', async () => {
    const month = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', month: '2-digit' }).format(
      new Date(),
    );
    const birthdays = { dan: '11-15', eve: '05-01', fay: `${month}-01` };
    const born: Record<string, string> = {};
    for (const [name, birthday] of Object.entries(birthdays)) {
      const s = await shopper(`birthday-${name}`, allow);
      born[name] = s.id;
      await tag(s.id, 'birthday-club');
      const set = await t.call(admin, {
        method: 'PATCH',
        url: `/api/v1/members/${await member(s.id)}`,
        payload: { birthday },
      });
      expect(set.json().birthday).toBe(birthday);
    }
    const thisMonth = Object.values(birthdays).filter((b) => b.startsWith(`${month}-`)).length;
    expect(await preview({ visitors: 'any', tags_any: ['birthday-club'], birthday_month: true })).toBe(
      thisMonth,
    );
    expect(await preview({ visitors: 'any', tags_any: ['birthday-club'] })).toBe(3);

    const id = await activate(
      coffee({
        name: 'Birthday latte',
        trigger: { kind: 'zone_enter', zones: [zone.bakery] },
        audience: { visitors: 'any', tags_any: ['birthday-club'], birthday_month: true },
        budget_total: null,
      }),
    );
    const enter = (shopperId: string) => enterBakery(shopperId, 'birthday');
    expect((await trigger(enter(born.dan!))).map((o) => o.campaignId)).toEqual([id]);
    expect(await trigger(enter(born.eve!))).toEqual([]);
  });

  it('reaches shoppers whose cart for this store is waiting, in the preview and live', async () => {
    const [keeps, elsewhere, emptied] = [
      await shopper('cart-waiting-here', allow),
      await shopper('cart-waiting-elsewhere', allow),
      await shopper('cart-waiting-emptied', allow),
    ];
    const water = (
      await t.call(marketer, { method: 'GET', url: '/api/v1/catalogue/search?q=DRK-001' })
    ).json()[0];
    const keep = async (who: { token: string }, store: string | null, qty: number) => {
      const kept = await t.call(who.token, {
        method: 'PUT',
        url: '/api/v1/me/cart',
        payload: { store_id: store, lines: qty ? [{ sku_id: water.sku_id, qty }] : [] },
      });
      expect(kept.statusCode, kept.body).toBe(200);
    };
    for (const who of [keeps, elsewhere, emptied]) await tag(who.id, 'cart-club');
    await keep(keeps, storeId, 2);
    await keep(elsewhere, otherStoreId, 1);
    await keep(emptied, storeId, 1);
    await keep(emptied, null, 0);
    // The editor counts carts waiting in any store: which store's is the moment's to tell.
    expect(await preview({ visitors: 'any', tags_any: ['cart-club'], cart_waiting: true })).toBe(2);

    const id = await activate(
      coffee({
        name: 'Your cart is waiting',
        trigger: { kind: 'zone_enter', zones: [zone.bakery] },
        audience: { visitors: 'any', tags_any: ['cart-club'], cart_waiting: true },
        budget_total: null,
      }),
    );
    const enter = (shopperId: string) => enterBakery(shopperId, 'cart');
    expect((await trigger(enter(keeps.id))).map((o) => o.campaignId)).toEqual([id]);
    expect(await trigger(enter(elsewhere.id))).toEqual([]);
    expect(await trigger(enter(emptied.id))).toEqual([]);
  });
});

describe('lift from purchases', () => {
  it('counts paid orders of treated and held-out shoppers within 7 days after their trigger', async () => {
    const admin = await t.login('admin@freshmart.demo', DEMO_PASSWORD);
    const id = await activate(
      coffee({
        name: 'Lift by orders',
        trigger: { kind: 'zone_enter', zones: [zone.deli] },
        holdout: 0.5,
        budget_total: null,
        offer: { kind: 'content', title: 'Deli', body: 'Fresh dumplings' },
      }),
    );
    const water = (
      await t.call(admin, { method: 'GET', url: '/api/v1/catalogue/search?q=DRK-002' })
    ).json()[0];
    const rice = (
      await t.call(admin, { method: 'GET', url: '/api/v1/catalogue/search?q=STP-006' })
    ).json()[0];
    const buy = async (token: string, skuId: string) => {
      const order = await t.call(token, {
        method: 'POST',
        url: '/api/v1/orders',
        payload: { type: 'pickup', store_id: storeId, lines: [{ sku_id: skuId, qty: 1 }] },
      });
      expect(order.statusCode, order.body).toBe(201);
      await t.call(token, { method: 'POST', url: `/api/v1/orders/${order.json().id}/demo-payment` });
      return order.json().id as string;
    };
    const groups = { push: [] as string[], holdout: [] as string[] };
    const buyers = { push: 0, holdout: 0 };
    let refundedOne = false;
    for (let i = 0; i < 16; i++) {
      const s = await shopper(`lift-${i}`, { location_tracking: true, location_marketing: true });
      // Bought before the trigger: that purchase is not the campaign's doing.
      if (i === 0) await buy(s.token, water.sku_id);
      const at = new Date(Date.now() + 60_000);
      const offers = await trigger({
        tenantId,
        shopperId: s.id,
        storeId,
        timezone: 'Asia/Shanghai',
        moment: { kind: 'zone_enter', store_id: storeId, zone: zone.deli, at },
        eventKey: `dev-lift-${i}:deli:enter`,
        visitsBefore: 1,
      });
      const group = offers.some((o) => o.campaignId === id) ? 'push' : 'holdout';
      groups[group].push(s.id);
      // Every treated shopper buys after the trigger, every other held-out one does; the first of those refunds.
      const buys = group === 'push' || groups.holdout.length % 2 === 0;
      if (!buys) continue;
      const orderId = await buy(s.token, water.sku_id);
      await t.db.tenant(tenantId, (tx) =>
        tx.query("UPDATE orders SET paid_at = now() + interval '2 minutes' WHERE id = $1", [orderId]),
      );
      if (group === 'holdout' && !refundedOne) {
        refundedOne = true;
        const refunded = await t.call(admin, {
          method: 'POST',
          url: `/api/v1/orders/${orderId}/status`,
          payload: { to: 'refunded' },
        });
        expect(refunded.json().status).toBe('refunded');
        continue;
      }
      buyers[group]++;
    }
    expect(groups.push.length).toBeGreaterThan(1);
    expect(groups.holdout.length).toBeGreaterThan(1);
    const report = (await t.call(marketer, { method: 'GET', url: `/api/v1/campaigns/${id}/report` })).json();
    expect(report.attributed).toEqual({
      treated: {
        shoppers: groups.push.length,
        buyers: buyers.push,
        orders: buyers.push,
        spend_cents: buyers.push * 350,
      },
      holdout: {
        shoppers: groups.holdout.length,
        buyers: buyers.holdout,
        orders: buyers.holdout,
        spend_cents: buyers.holdout * 350,
      },
    });
    expect(report.lift).toMatchObject({
      treated_rate: 1,
      holdout_rate: buyers.holdout / groups.holdout.length,
      measure: "paid order within 7 days of the trigger in the campaign's stores",
    });
    expect(report.lift.ci95[0]).toBeLessThanOrEqual(report.lift.difference);
    // Narrowed to another product, nobody bought.
    const narrowed = (
      await t.call(marketer, { method: 'GET', url: `/api/v1/campaigns/${id}/report?sku_id=${rice.sku_id}` })
    ).json();
    expect(narrowed.attributed.treated.buyers).toBe(0);
    expect(narrowed.lift.measure).toMatch(/with the chosen products/);
  });
});
