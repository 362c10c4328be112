/**
 * Tenant isolation, proven where it is enforced: in Postgres (row-level security) and through
 * every route the API documents. Brand A is the demo chain; brand B is made here.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, seedDemo } from '../db/seed.js';
import { startTestApp, type TestApp } from './support/app.js';
import { newStore } from './support/stores.js';
import { pushQuery } from './support/wechat-stub.js';

let t: TestApp;
let adminA: string;
let adminB: string;
const b = {
  tenant: '',
  store: '',
  staff: '',
  shopper: '',
  product: '',
  /** The SHA-256 of the B product's photo. */
  photo: '',
  sku: '',
  reservation: '',
  order: '',
  campaign: '',
  tier: '',
  member: '',
  beacon: '',
  session: '',
  counter: '',
  service: '',
  booking: '',
  webhook: '',
  delivery: '',
  conversation: '',
  quickReply: '',
};

const storeBody = {
  ...newStore(
    {
      code: 'BJ001',
      name: 'Brand B Beijing',
      address: 'Chaoyang, Beijing',
      location: { lat: 39.9087, lng: 116.3975 },
    },
    [{ open: '09:00', close: '21:00' }],
  ),
  // Brand B takes a pickup order below.
  services: ['pickup'],
};

/** Brand B's store map and floor plan, so that a leaking route would have something to show. */
const bMap = {
  levels: [
    {
      level: 0,
      name: 'G',
      height_m: 4,
      outline: [
        [0, 0],
        [10, 0],
        [10, 10],
        [0, 10],
      ],
    },
  ],
  features: [],
  connectors: [],
  products: [],
};
const bBeacon = { uuid: 'b9407f30-f5f8-466e-aff9-25556b57fe6d', major: 9, minor: 9, x: 5, y: 5 };
const bPlan = { media_type: 'image/png', image_base64: 'iVBORw0KGgo=', width_px: 1, height_px: 1 };
/** A 1×1 PNG: a product photo's bytes are checked to be an image. */
const bPhoto = {
  media_type: 'image/png',
  image_base64:
    'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=',
};

beforeAll(async () => {
  t = await startTestApp();
  await seedDemo(t.db);
  ({ tenantId: b.tenant, admin: adminB } = await t.addBrand({
    slug: 'brand-b',
    name: 'Brand B',
    admin: { email: 'admin@b.test', name: 'B Admin', password: 'b-password' },
  }));
  adminA = await t.login('admin@freshmart.demo', DEMO_PASSWORD);
  const store = await t.call(adminB, { method: 'POST', url: '/api/v1/stores', payload: storeBody });
  expect(store.statusCode).toBe(201);
  b.store = store.json().id;
  const map = await t.call(adminB, { method: 'PUT', url: `/api/v1/stores/${b.store}/map`, payload: bMap });
  expect(map.statusCode).toBe(200);
  const plan = await t.call(adminB, {
    method: 'PUT',
    url: `/api/v1/stores/${b.store}/floor-plan?level=0`,
    payload: bPlan,
  });
  expect(plan.statusCode).toBe(200);
  const beacon = await t.call(adminB, {
    method: 'POST',
    url: `/api/v1/stores/${b.store}/beacons`,
    payload: bBeacon,
  });
  expect(beacon.statusCode).toBe(201);
  b.beacon = beacon.json().id;
  const session = await t.call(adminB, {
    method: 'POST',
    url: `/api/v1/stores/${b.store}/calibration-sessions`,
    payload: { level: 0 },
  });
  expect(session.statusCode).toBe(201);
  b.session = session.json().id;
  const staff = await t.call(adminB, {
    method: 'POST',
    url: '/api/v1/staff',
    payload: {
      email: 'clerk@b.test',
      name: 'B Clerk',
      role: 'clerk',
      store_ids: [b.store],
      password: 'b-password',
    },
  });
  expect(staff.statusCode).toBe(201);
  b.staff = staff.json().id;
  const shopper = await t.call(undefined, {
    method: 'POST',
    url: '/api/v1/auth/wechat',
    payload: { tenant: 'brand-b', code: 'b-shopper' },
  });
  expect(shopper.statusCode).toBe(200);
  b.shopper = shopper.json().principal.id;
  const consent = await t.call(shopper.json().token, {
    method: 'PUT',
    url: '/api/v1/me/consents/location_tracking',
    payload: { granted: true, policy_version: '2026-11' },
  });
  expect(consent.statusCode).toBe(200);
  const product = await t.call(adminB, {
    method: 'POST',
    url: '/api/v1/catalogue/products',
    payload: { name: '北京酸奶', skus: [{ code: 'B-YOGURT', barcode: '6901234567892', price_cents: 800 }] },
  });
  expect(product.statusCode).toBe(201);
  b.product = product.json().id;
  b.sku = product.json().skus[0].id;
  const photo = await t.call(adminB, {
    method: 'POST',
    url: `/api/v1/catalogue/products/${b.product}/photos`,
    payload: bPhoto,
  });
  expect(photo.statusCode).toBe(200);
  b.photo = photo.json().images[0].split('/').pop();
  const receipt = await t.call(adminB, {
    method: 'POST',
    url: '/api/v1/stock/movements',
    headers: { 'idempotency-key': 'b-receipt' },
    payload: { kind: 'receipt', store_id: b.store, lines: [{ sku_id: b.sku, qty: 5 }] },
  });
  expect(receipt.statusCode).toBe(201);
  const reservation = await t.call(adminB, {
    method: 'POST',
    url: '/api/v1/stock/reservations',
    payload: { store_id: b.store, lines: [{ sku_id: b.sku, qty: 2 }] },
  });
  expect(reservation.statusCode).toBe(201);
  b.reservation = reservation.json().id;
  const order = await t.call(adminB, {
    method: 'POST',
    url: '/api/v1/orders',
    payload: { type: 'pickup', store_id: b.store, lines: [{ sku_id: b.sku, qty: 1 }] },
  });
  expect(order.statusCode).toBe(201);
  b.order = order.json().id;
  const campaign = await t.call(adminB, { method: 'POST', url: '/api/v1/campaigns', payload: bCampaign });
  expect(campaign.statusCode).toBe(201);
  b.campaign = campaign.json().id;
  const tier = await t.call(adminB, {
    method: 'POST',
    url: '/api/v1/member-tiers',
    payload: { code: 'vip', name: 'B VIP', rank: 1 },
  });
  expect(tier.statusCode).toBe(201);
  b.tier = tier.json().id;
  const member = await t.call(adminB, { method: 'GET', url: `/api/v1/members?shopper_id=${b.shopper}` });
  b.member = member.json()[0].id;
  const counter = await t.call(adminB, {
    method: 'POST',
    url: `/api/v1/stores/${b.store}/counters`,
    payload: { name: 'B counter' },
  });
  expect(counter.statusCode).toBe(201);
  b.counter = counter.json().id;
  const service = await t.call(adminB, {
    method: 'POST',
    url: `/api/v1/stores/${b.store}/appointment-services`,
    payload: { name: 'B consult', kind: 'counter', duration_min: 30, counter_ids: [b.counter] },
  });
  expect(service.statusCode).toBe(201);
  b.service = service.json().id;
  const webhook = await t.call(adminB, {
    method: 'POST',
    url: '/api/v1/webhooks/endpoints',
    payload: { url: 'http://127.0.0.1:9/b-hooks', events: ['appointment.booked'] },
  });
  expect(webhook.statusCode).toBe(201);
  b.webhook = webhook.json().id;
  const slot = await t.call(adminB, {
    method: 'GET',
    url: `/api/v1/appointment-services/${b.service}/slots?days=2`,
  });
  const booking = await t.call(adminB, {
    method: 'POST',
    url: '/api/v1/appointments',
    payload: { service_id: b.service, starts_at: slot.json()[0].starts_at, customer_name: 'B customer' },
  });
  expect(booking.statusCode).toBe(201);
  b.booking = booking.json().id;
  const deliveries = await t.call(adminB, {
    method: 'GET',
    url: `/api/v1/webhooks/endpoints/${b.webhook}/deliveries`,
  });
  b.delivery = deliveries.json()[0].id;
  // A customer-service conversation of B's shopper (WeChat's push, signed with B's token) and a quick reply.
  await t.call(adminB, {
    method: 'PUT',
    url: '/api/v1/service/settings',
    payload: { push_token: 'BrandBToken1', away_message: null },
  });
  const pushed = await t.call(undefined, {
    method: 'POST',
    url: '/api/v1/wechat/brand-b/service',
    query: pushQuery('BrandBToken1'),
    payload: {
      ToUserName: 'gh_b',
      FromUserName: 'o_b-shopper',
      CreateTime: 1,
      MsgType: 'text',
      Content: 'B',
      MsgId: '1',
    },
  });
  expect(pushed.statusCode).toBe(200);
  b.conversation = (
    await t.call(adminB, { method: 'GET', url: '/api/v1/service/conversations' })
  ).json()[0].id;
  const quickReply = await t.call(adminB, {
    method: 'POST',
    url: '/api/v1/service/quick-replies',
    payload: { title: 'B hours', body: 'B opens at 9' },
  });
  expect(quickReply.statusCode).toBe(201);
  b.quickReply = quickReply.json().id;
});

const bCampaign = {
  name: 'B coffee',
  trigger: { kind: 'store_arrival' },
  schedule: { starts_at: '2026-01-01T00:00:00Z', ends_at: '2027-01-01T00:00:00Z' },
  offer: { kind: 'content', title: 'Hello', body: 'Coffee is ready' },
};

afterAll(async () => t?.close());

describe('row-level security in Postgres', () => {
  it('puts every table with a tenant_id under forced RLS', async () => {
    const { rows } = await t.db.pool.query<{ table: string; rls: boolean; forced: boolean }>(
      `SELECT c.relname AS table, c.relrowsecurity AS rls, c.relforcerowsecurity AS forced
       FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = 'tenant_id' AND NOT a.attisdropped
       JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = 'public'
       WHERE c.relkind IN ('r', 'p')`,
    );
    expect(rows.length).toBeGreaterThanOrEqual(4);
    for (const row of rows) expect(row, row.table).toMatchObject({ rls: true, forced: true });
  });

  it('runs the application as a role that cannot bypass RLS', async () => {
    const role = await t.db.anonymous(async (tx) => (await tx.query('SELECT current_user AS u')).rows[0].u);
    expect(role).toBe('smartstore_app');
    const { rows } = await t.db.pool.query(
      "SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = 'smartstore_app'",
    );
    expect(rows[0]).toEqual({ rolsuper: false, rolbypassrls: false });
  });

  it('shows a query without a tenant set no tenant rows at all', async () => {
    for (const table of ['tenants', 'staff', 'stores', 'shoppers', 'consents']) {
      const count = await t.db.anonymous(
        async (tx) => (await tx.query(`SELECT count(*)::int AS n FROM ${table}`)).rows[0].n,
      );
      expect(count, table).toBe(0);
    }
  });

  it("shows a tenant's transaction its own rows only, and refuses writes into another tenant", async () => {
    const seen = await t.db.tenant(
      b.tenant,
      async (tx) => (await tx.query('SELECT tenant_id FROM stores')).rows,
    );
    expect(seen.length).toBe(1);
    expect(seen.every((r) => r.tenant_id === b.tenant)).toBe(true);
    const aTenant = await t.db.anonymous(
      async (tx) => (await tx.query("SELECT id FROM tenant_by_slug('freshmart')")).rows[0].id,
    );
    await expect(
      t.db.tenant(b.tenant, (tx) =>
        tx.query(
          `INSERT INTO stores (tenant_id, code, name, address, location, timezone, hours)
           VALUES ($1, 'XX001', 'x', 'x', ST_MakePoint(0, 0)::geography, 'UTC', '{}')`,
          [aTenant],
        ),
      ),
    ).rejects.toThrow(/row-level security/);
    const updated = await t.db.tenant(
      aTenant,
      async (tx) => (await tx.query("UPDATE stores SET name = 'hijacked' WHERE id = $1", [b.store])).rowCount,
    );
    expect(updated).toBe(0);
  });
});

describe('every route, as brand A admin against brand B', () => {
  /** A valid body for each route that changes something, so a refusal is about the tenant, not the body. */
  const bodies: Record<string, object> = {
    'PATCH /api/v1/campaigns/{id}': { name: 'hijacked' },
    'POST /api/v1/campaigns/{id}/status': { status: 'ended' },
    'POST /api/v1/me/offers/{id}/opened': {},
    'PATCH /api/v1/stores/{id}': { name: 'hijacked' },
    'PUT /api/v1/stores/{id}/scanners': {
      scanners: [
        {
          source: 'espresense',
          scanner: 'hijacked-room',
          anchor: 'e2c56db5-dffb-48d2-b060-d0f5a71096e0:1:1',
        },
      ],
    },
    'PATCH /api/v1/staff/{id}': { name: 'hijacked', active: false },
    'PATCH /api/v1/tenants/{id}': { name: 'hijacked' },
    'PUT /api/v1/tenants/{id}/miniprogram': { appid: 'wx_hijacked_app', secret: 'hijacked-secret' },
    'DELETE /api/v1/tenants/{id}/miniprogram': {},
    'PUT /api/v1/me/consents/{purpose}': { granted: false, policy_version: 'x' },
    'PUT /api/v1/me/addresses/{id}': {
      contact_name: 'hijacked',
      phone: '13900000000',
      address: 'hijacked',
      lat: 31.2,
      lng: 121.4,
    },
    'POST /api/v1/me/addresses/{id}/default': {},
    'DELETE /api/v1/me/addresses/{id}': {},
    'PATCH /api/v1/catalogue/products/{id}': { name: 'hijacked' },
    'POST /api/v1/catalogue/products/{id}/skus': { code: 'HIJACKED-1', price_cents: 1 },
    'POST /api/v1/catalogue/products/{id}/photos': bPhoto,
    'DELETE /api/v1/catalogue/products/{id}/photos/{sha256}': {},
    'PATCH /api/v1/catalogue/skus/{id}': { price_cents: 1 },
    'PUT /api/v1/catalogue/skus/{id}/store-price': {
      store_id: '00000000-0000-4000-8000-000000000001',
      price_cents: 1,
      available: false,
    },
    'POST /api/v1/stock/reservations/{id}/commit': {},
    'POST /api/v1/stock/reservations/{id}/release': {},
    'POST /api/v1/orders/{id}/demo-payment': {},
    'POST /api/v1/orders/{id}/status': { to: 'cancelled' },
    'POST /api/v1/orders/{id}/cancel': {},
    'POST /api/v1/orders/{id}/payments': {},
    'POST /api/v1/orders/{id}/payments/query': {},
    'POST /api/v1/orders/{id}/refunds': { amount_cents: 1, reason: 'hijacked' },
    'PATCH /api/v1/member-tiers/{id}': { name: 'hijacked' },
    'DELETE /api/v1/member-tiers/{id}': {},
    'PATCH /api/v1/members/{id}': { assigned_tier: null },
    'POST /api/v1/members/{id}/points': { points: 1000, reason: 'hijacked' },
    'PUT /api/v1/members/{id}/tags/{tag}': {},
    'DELETE /api/v1/members/{id}/tags/{tag}': {},
    'PUT /api/v1/delivery-zones/{id}': { radius_m: 1000, fee_cents: 0, free_over_cents: null },
    'PUT /api/v1/stores/{id}/map': bMap,
    'POST /api/v1/stores/{id}/zones': { level: 0, name: 'hijacked', polygon: bMap.levels[0]!.outline },
    'PUT /api/v1/stores/{id}/map/geojson': { type: 'FeatureCollection', features: [] },
    'PUT /api/v1/stores/{id}/map/imdf': { archive_base64: 'UEsFBgAAAAAAAAAAAAAAAAAAAAAAAA==' },
    'PUT /api/v1/stores/{id}/floor-plan': bPlan,
    'POST /api/v1/stores/{id}/beacons': { ...bBeacon, minor: 10 },
    'PATCH /api/v1/beacons/{id}': { x: 1, y: 1 },
    'DELETE /api/v1/beacons/{id}': {},
    'POST /api/v1/stores/{id}/counters': { name: 'hijacked' },
    'PATCH /api/v1/appointment-counters/{id}': { name: 'hijacked' },
    'POST /api/v1/stores/{id}/appointment-services': { name: 'hijacked', kind: 'event', duration_min: 30 },
    'PATCH /api/v1/appointment-services/{id}': { name: 'hijacked' },
    'POST /api/v1/appointments/{id}/cancel': {},
    'POST /api/v1/appointments/{id}/check-in': {},
    'POST /api/v1/appointments/{id}/no-show': {},
    'PATCH /api/v1/webhooks/endpoints/{id}': { url: 'http://hijacked.test/' },
    'DELETE /api/v1/webhooks/endpoints/{id}': {},
    'POST /api/v1/webhooks/endpoints/{id}/ping': {},
    'POST /api/v1/webhooks/deliveries/{id}/redeliver': {},
    'POST /api/v1/stores/{id}/beacons/csv': { csv: `uuid,major,minor,x,y\n${bBeacon.uuid},9,11,1,1\n` },
    'PATCH /api/v1/stores/{id}/beacons/settings': { silent_after_s: 60 },
    'POST /api/v1/stores/{id}/calibration-sessions': { level: 0 },
    'POST /api/v1/stores/{id}/beacons/plan': { level: 0, spacing_m: 6 },
    'POST /api/v1/stores/{id}/beacons/plan/accept': { level: 0, beacons: [{ x: 1, y: 1 }] },
    'POST /api/v1/calibration-sessions/{id}/points': {
      x: 1,
      y: 1,
      readings: [{ anchor: `${bBeacon.uuid}:9:9`, rssi: -70 }],
    },
    'POST /api/v1/calibration-sessions/{id}/fit': {},
    'POST /api/v1/service/conversations/{id}/read': {},
    'POST /api/v1/service/conversations/{id}/replies': { text: 'hijacked' },
    'POST /api/v1/service/conversations/{id}/close': {},
    'POST /api/v1/service/conversations/{id}/reopen': {},
    'PATCH /api/v1/service/quick-replies/{id}': { title: 'hijacked' },
    'DELETE /api/v1/service/quick-replies/{id}': {},
    'POST /api/v1/wechat/{tenant}/service': {
      ToUserName: 'gh_b',
      FromUserName: 'o_b-shopper',
      CreateTime: 2,
      MsgType: 'text',
      Content: 'hijacked',
      MsgId: '2',
    },
    'PUT /api/v1/stores/{id}/floor-plan/scale': {
      points: [
        { px: [0, 0], at: [0, 0] },
        { px: [1, 0], at: [1, 0] },
      ],
    },
  };
  /** A valid query string for routes that need one, so a refusal is about the tenant, not the query. */
  const queries: Record<string, string> = {
    'GET /api/v1/stores/{id}/floor-plan': 'level=0',
    'PUT /api/v1/stores/{id}/floor-plan': 'level=0',
    'PUT /api/v1/stores/{id}/floor-plan/scale': 'level=0',
    'GET /api/v1/stores/{id}/route': 'from=1,1,0&to=9,9,0',
    'GET /api/v1/catalogue/products/{id}/store-prices': 'store_id=00000000-0000-4000-8000-000000000001',
    'GET /api/v1/catalogue/skus/{id}': 'store_id=00000000-0000-4000-8000-000000000001',
  };
  /** Headers a route requires, so a refusal is about the tenant, not a missing header. */
  const headers: Record<string, Record<string, string>> = {
    'POST /api/v1/members/{id}/points': { 'idempotency-key': 'probe' },
  };
  const idByPrefix: [string, () => string][] = [
    ['/api/v1/member-tiers', () => b.tier],
    ['/api/v1/members', () => b.member],
    ['/api/v1/campaigns', () => b.campaign],
    ['/api/v1/stores', () => b.store],
    ['/api/v1/beacons', () => b.beacon],
    ['/api/v1/calibration-sessions', () => b.session],
    ['/api/v1/staff', () => b.staff],
    ['/api/v1/catalogue/products', () => b.product],
    ['/api/v1/catalogue/skus', () => b.sku],
    ['/api/v1/stock/reservations', () => b.reservation],
    ['/api/v1/orders', () => b.order],
    ['/api/v1/delivery-zones', () => b.store],
    ['/api/v1/appointment-counters', () => b.counter],
    ['/api/v1/appointment-services', () => b.service],
    ['/api/v1/appointments', () => b.booking],
    ['/api/v1/webhooks/endpoints', () => b.webhook],
    ['/api/v1/webhooks/deliveries', () => b.delivery],
    ['/api/v1/service/conversations', () => b.conversation],
    ['/api/v1/service/quick-replies', () => b.quickReply],
  ];
  const idFor = (path: string) => idByPrefix.find(([prefix]) => path.startsWith(prefix))?.[1]() ?? b.tenant;

  it("neither reads nor changes B's data through any documented route", async () => {
    const spec = (
      t.app as unknown as { swagger(): { paths: Record<string, Record<string, unknown>> } }
    ).swagger();
    let probed = 0;
    for (const [path, operations] of Object.entries(spec.paths)) {
      if (!path.includes('{')) continue;
      for (const method of Object.keys(operations).map((m) => m.toUpperCase())) {
        const key = `${method} ${path}`;
        const query = queries[key] ? `?${queries[key]}` : '';
        const url = `${path
          .replace('{id}', idFor(path))
          .replace('{purpose}', 'location_tracking')
          .replace('{tag}', 'probe')
          .replace('{tenant}', 'brand-b')
          .replace('{sha256}', b.photo)}${query}`;
        const payload = method === 'GET' ? undefined : bodies[key];
        if (method !== 'GET') expect(payload, `an example body for ${key}`).toBeDefined();
        const response = await t.call(adminA, {
          method: method as 'GET',
          url,
          ...(payload ? { payload } : {}),
          ...(headers[key] ? { headers: headers[key] } : {}),
        });
        probed++;
        if (path === '/api/v1/stores/{id}' && method === 'GET') {
          // The public directory: any shopper may see a store's public face, by design.
          expect(response.statusCode).toBe(200);
          continue;
        }
        if (path === '/api/v1/catalogue/photos/{sha256}') {
          // A product photo by its hash: public by design (shoppers' image tags send no token); only
          // one who was shown the product or has the bytes knows the hash.
          expect(response.statusCode).toBe(200);
          continue;
        }
        if (path === '/api/v1/wechat/{tenant}/service') {
          // WeChat's push to B: nobody's token opens it, only B's push token signs it.
          expect(response.statusCode, `${key} → ${response.body}`).toBe(401);
          continue;
        }
        expect([403, 404], `${key} → ${response.statusCode} ${response.body}`).toContain(response.statusCode);
      }
    }
    expect(probed).toBeGreaterThanOrEqual(6);
    const after = await t.call(adminB, { method: 'GET', url: '/api/v1/stores' });
    expect(after.json()[0].name).toBe(storeBody.name);
    const staff = await t.call(adminB, { method: 'GET', url: `/api/v1/staff/${b.staff}` });
    expect(staff.json()).toMatchObject({ name: 'B Clerk', active: true });
    const thread = await t.call(adminB, {
      method: 'GET',
      url: `/api/v1/service/conversations/${b.conversation}`,
    });
    expect(thread.json()).toMatchObject({
      conversation: { status: 'waiting', unread: 1 },
      messages: [{ body: 'B' }],
    });
    const quickReplies = await t.call(adminB, { method: 'GET', url: '/api/v1/service/quick-replies' });
    expect(quickReplies.json()).toMatchObject([{ id: b.quickReply, title: 'B hours' }]);
    const tenant = await t.call(adminB, { method: 'GET', url: `/api/v1/tenants/${b.tenant}` });
    expect(tenant.json().name).toBe('Brand B');
    const beacons = await t.call(adminB, { method: 'GET', url: `/api/v1/stores/${b.store}/beacons` });
    expect(beacons.json()).toMatchObject([{ id: b.beacon, x: 5, y: 5 }]);
    const product = await t.call(adminB, { method: 'GET', url: `/api/v1/catalogue/products/${b.product}` });
    expect(product.json()).toMatchObject({
      name: '北京酸奶',
      images: [`/api/v1/catalogue/photos/${b.photo}`],
      skus: [{ price_cents: 800 }],
    });
    const reservation = await t.call(adminB, {
      method: 'GET',
      url: `/api/v1/stock/reservations/${b.reservation}`,
    });
    expect(reservation.json().status).toBe('held');
    const order = await t.call(adminB, { method: 'GET', url: `/api/v1/orders/${b.order}` });
    expect(order.json().status).toBe('created');
    const booking = await t.call(adminB, { method: 'GET', url: `/api/v1/appointments/${b.booking}` });
    expect(booking.json()).toMatchObject({ status: 'booked', counter: { name: 'B counter' } });
    const webhook = await t.call(adminB, { method: 'GET', url: `/api/v1/webhooks/endpoints/${b.webhook}` });
    expect(webhook.json().url).toBe('http://127.0.0.1:9/b-hooks');
    const member = await t.call(adminB, { method: 'GET', url: `/api/v1/members/${b.member}` });
    expect(member.json()).toMatchObject({ points_balance: 0, tier: 'vip', tags: [] });
    const tiers = await t.call(adminB, { method: 'GET', url: '/api/v1/member-tiers' });
    expect(tiers.json()).toMatchObject([{ id: b.tier, name: 'B VIP' }]);
  });

  it("lists only A's rows, even when A names B in X-Tenant-Id", async () => {
    for (const url of ['/api/v1/stores', '/api/v1/staff', '/api/v1/tenants']) {
      const response = await t.call(adminA, { method: 'GET', url, headers: { 'x-tenant-id': b.tenant } });
      expect(response.statusCode, url).toBe(200);
      const text = response.body;
      expect(response.json().length, url).toBeGreaterThan(0);
      for (const id of Object.values(b)) expect(text, url).not.toContain(id);
    }
  });

  it('refuses a body that tries to name another tenant', async () => {
    const response = await t.call(adminA, {
      method: 'POST',
      url: '/api/v1/stores',
      payload: { ...storeBody, code: 'SH009', tenant_id: b.tenant },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ code: 'SS_ERR_VALIDATION', field: 'tenant_id' });
  });

  it("does not let A give its staff B's store", async () => {
    const clerk = {
      email: 'clerk.b-store@freshmart.demo',
      name: 'Clerk',
      role: 'clerk',
      password: 'clerk-password',
    };
    const refused = await t.call(adminA, {
      method: 'POST',
      url: '/api/v1/staff',
      payload: { ...clerk, store_ids: [b.store] },
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.json()).toMatchObject({ code: 'SS_ERR_STORE_UNKNOWN', field: 'store_ids' });
    const own = (await t.call(adminA, { method: 'GET', url: '/api/v1/stores' })).json()[0].id;
    const created = await t.call(adminA, {
      method: 'POST',
      url: '/api/v1/staff',
      payload: { ...clerk, store_ids: [own] },
    });
    expect(created.statusCode).toBe(201);
    const moved = await t.call(adminA, {
      method: 'PATCH',
      url: `/api/v1/staff/${created.json().id}`,
      payload: { store_ids: [b.store] },
    });
    expect(moved.json()).toMatchObject({
      code: 'SS_ERR_STORE_UNKNOWN',
      message: expect.stringContaining(b.store),
    });
    const kept = await t.call(adminA, {
      method: 'PATCH',
      url: `/api/v1/staff/${created.json().id}`,
      payload: { store_ids: [own] },
    });
    expect(kept.json().store_ids).toEqual([own]);
  });

  it("does not let A's staff log in to act for B, nor see B's shopper consents", async () => {
    const consents = await t.db.tenant(
      b.tenant,
      async (tx) => (await tx.query('SELECT count(*)::int AS n FROM consents')).rows[0].n,
    );
    expect(consents).toBe(1);
    const aTenant = await t.db.anonymous(
      async (tx) => (await tx.query("SELECT id FROM tenant_by_slug('freshmart')")).rows[0].id,
    );
    const leaked = await t.db.tenant(
      aTenant,
      async (tx) =>
        (await tx.query('SELECT count(*)::int AS n FROM consents WHERE shopper_id = $1', [b.shopper])).rows[0]
          .n,
    );
    expect(leaked).toBe(0);
  });
});
