/**
 * Outbound webhooks against a local HTTP receiver: events written in the transaction of the
 * change (orders from every path through the audit trail, stock through its outbox relay),
 * signatures a receiver can verify, retries with the same event id until the receiver answers,
 * a dead receiver marked failed after the limit, manual redelivery, and no event lost when the
 * app restarts (or a process dies) mid-delivery.
 */
import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  deliverDueWebhooks,
  expireDueOrders,
  forgetOldWebhookEvents,
  verifySignature,
} from '../commerce/index.js';
import { DEMO_PASSWORD, seedDemo } from '../db/seed.js';
import { buildApp } from '../server/app.js';
import { loadConfig } from '../server/config.js';
import { startTestApp, TEST_MQTT_URL, type TestApp } from './support/app.js';

const SECRET = 'whsec_test_0123456789abcdef';
const ENV = {
  WEBHOOK_RETRY_BASE_MS: '50',
  WEBHOOK_MAX_ATTEMPTS: '3',
  WEBHOOK_TIMEOUT_MS: '3000',
  // The receiver below listens on localhost.
  WEBHOOK_PRIVATE_NETWORK: 'allow',
};

let t: TestApp;
let app: FastifyInstance;
let tenantId: string;
let admin: string;
let shopper: string;
let store: string;
let sku: string;

interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  event: { id: string; type: string; data: Record<string, unknown> };
}
const received: Received[] = [];
/** Per path: the status to answer the nth request with (1-based), or 'hang' to keep it waiting. */
const answers = new Map<string, (n: number) => number | 'hang'>();
const hanging: ServerResponse[] = [];
let receiver: Server;
let base: string;

const at = (path: string) => received.filter((r) => r.path === path);

async function until<T>(what: string, probe: () => T | Promise<T>, ms = 15_000): Promise<NonNullable<T>> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value) return value as NonNullable<T>;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const call = (
  token: string,
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
  url: string,
  payload?: object,
  key?: string,
) =>
  app.inject({
    method,
    url: `/api/v1${url}`,
    headers: { authorization: `Bearer ${token}`, ...(key ? { 'idempotency-key': key } : {}) },
    ...(payload ? { payload } : {}),
  });

const register = async (path: string, events: string[]) => {
  const response = await call(admin, 'POST', '/webhooks/endpoints', {
    url: `${base}${path}`,
    events,
    secret: SECRET,
  });
  expect(response.statusCode).toBe(201);
  return response.json() as { id: string };
};

const deliveriesOf = async (endpointId: string) =>
  (await call(admin, 'GET', `/webhooks/endpoints/${endpointId}/deliveries`)).json() as {
    id: string;
    status: string;
    attempts: number;
    event: { id: string; type: string };
  }[];

const statusOf = async (endpointId: string) =>
  t.db.tenant(
    tenantId,
    async (tx) =>
      (
        await tx.query<{ status: string }>('SELECT status FROM webhook_deliveries WHERE endpoint_id = $1', [
          endpointId,
        ])
      ).rows[0]?.status,
  );

const placeOrder = async (key: string) => {
  const response = await call(
    shopper,
    'POST',
    '/orders',
    { type: 'pickup', store_id: store, lines: [{ sku_id: sku, qty: 1 }] },
    key,
  );
  expect(response.statusCode).toBe(201);
  return response.json() as { id: string; total_cents: number };
};

beforeAll(async () => {
  receiver = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => {
      body += chunk;
    });
    req.on('end', () => {
      const path = req.url ?? '/';
      received.push({ path, headers: req.headers, body, event: JSON.parse(body) });
      const answer = (answers.get(path) ?? (() => 200))(at(path).length);
      if (answer === 'hang') hanging.push(res);
      else res.writeHead(answer).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;

  t = await startTestApp(ENV);
  app = t.app;
  tenantId = (await seedDemo(t.db)).tenantId;
  admin = await t.login('admin@freshmart.demo', DEMO_PASSWORD);
  const login = await t.call(undefined, {
    method: 'POST',
    url: '/api/v1/auth/wechat',
    payload: { tenant: 'freshmart', code: 'webhook-shopper' },
  });
  shopper = login.json().token;
  store = (await call(admin, 'GET', '/stores')).json().find((s: { code: string }) => s.code === 'SH001').id;
  sku = (await call(admin, 'GET', '/catalogue/search?q=DRK-001')).json()[0].sku_id;
});

afterAll(async () => {
  for (const res of hanging) res.destroy();
  await app?.close();
  await t?.close();
  await new Promise((resolve) => receiver?.close(resolve));
});

describe('endpoints', () => {
  it('are registered by brand admins only, once per Idempotency-Key, with their secret shown once', async () => {
    const body = { url: `${base}/unused`, events: ['order.paid'] };
    const first = await call(admin, 'POST', '/webhooks/endpoints', body, 'endpoint-1');
    expect(first.statusCode).toBe(201);
    expect(first.json().secret).toMatch(/^whsec_/);
    const replay = await call(admin, 'POST', '/webhooks/endpoints', body, 'endpoint-1');
    expect(replay.json()).toEqual(first.json());
    const shown = (await call(admin, 'GET', `/webhooks/endpoints/${first.json().id}`)).json();
    expect(shown.secret).toBeUndefined();
    expect(shown.secret_hint).toBe(first.json().secret.slice(-4));
    const clerk = await t.login('clerk.sh001@freshmart.demo', DEMO_PASSWORD);
    expect((await call(clerk, 'GET', '/webhooks/endpoints')).statusCode).toBe(403);
    const badUrl = await call(admin, 'POST', '/webhooks/endpoints', {
      url: 'ftp://x',
      events: ['order.paid'],
    });
    expect(badUrl.statusCode).toBe(400);
    expect(badUrl.json().field).toMatch(/url/);
    const badEvent = await call(admin, 'POST', '/webhooks/endpoints', {
      url: `${base}/x`,
      events: ['order.eaten'],
    });
    expect(badEvent.statusCode).toBe(400);
    const ping = await call(admin, 'POST', `/webhooks/endpoints/${first.json().id}/ping`);
    expect(ping.json()).toMatchObject({ status: 'pending', event: { type: 'ping' } });
    await until('the ping', () => at('/unused').find((r) => r.event.type === 'ping'));
    expect(at('/unused')[0]!.event.data).toMatchObject({ endpoint: { id: first.json().id } });
    expect((await call(admin, 'DELETE', `/webhooks/endpoints/${first.json().id}`)).statusCode).toBe(204);
    expect((await call(admin, 'GET', `/webhooks/endpoints/${first.json().id}`)).statusCode).toBe(404);
  });
});

describe('events', () => {
  it('arrive signed for every order transition and stock change, whatever path made them', async () => {
    await register('/orders', ['order.created', 'order.paid', 'order.cancelled', 'stock.changed']);
    const paid = await placeOrder('webhook-order-1');
    expect((await call(shopper, 'POST', `/orders/${paid.id}/demo-payment`)).statusCode).toBe(200);
    const expiring = await placeOrder('webhook-order-2');
    // The expiry sweeper cancels it: a path no route takes.
    await expireDueOrders(app, new Date(Date.now() + 3600_000));

    const events = (orderId: string) =>
      at('/orders')
        .filter((r) => (r.event.data.order as { id?: string } | undefined)?.id === orderId)
        .map((r) => r.event.type);
    await until('order events', () => events(paid.id).length === 2 && events(expiring.id).length === 2);
    expect(events(paid.id).sort()).toEqual(['order.created', 'order.paid']);
    expect(events(expiring.id).sort()).toEqual(['order.cancelled', 'order.created']);
    await until('stock events', () => at('/orders').some((r) => r.event.type === 'stock.changed'));

    for (const r of at('/orders')) {
      const headers = {
        signature: r.headers['x-smartstore-signature'] as string,
        timestamp: r.headers['x-smartstore-timestamp'] as string,
      };
      expect(verifySignature(SECRET, headers, r.body)).toBe(true);
      expect(verifySignature('whsec_some_other_secret_000', headers, r.body)).toBe(false);
      expect(r.headers['x-smartstore-event-id']).toBe(r.event.id);
      expect(r.headers['x-smartstore-event-type']).toBe(r.event.type);
    }
    const paidEvent = at('/orders').find((r) => r.event.type === 'order.paid')!.event;
    expect(paidEvent.data).toMatchObject({
      from_status: 'created',
      order: { id: paid.id, status: 'paid', total_cents: paid.total_cents, lines: [{ sku_id: sku, qty: 1 }] },
    });
    const stock = at('/orders').find((r) => r.event.type === 'stock.changed')!.event;
    expect(stock.data).toMatchObject({ store_id: store, sku, available: expect.any(Number) });
  });

  it('arrive for appointments booked and cancelled', async () => {
    await register('/appointments', ['appointment.booked', 'appointment.cancelled']);
    const services = (await call(admin, 'GET', `/stores/${store}/appointment-services`)).json();
    const consult = services.find((x: { kind: string }) => x.kind === 'counter');
    const slot = (await call(shopper, 'GET', `/appointment-services/${consult.id}/slots`)).json()[0];
    const booked = await call(shopper, 'POST', '/appointments', {
      service_id: consult.id,
      starts_at: slot.starts_at,
    });
    expect(booked.statusCode).toBe(201);
    const cancelled = await call(admin, 'POST', `/appointments/${booked.json().id}/cancel`, {
      reason: 'store closed',
    });
    expect(cancelled.statusCode).toBe(200);
    await until('appointment events', () => at('/appointments').length === 2);
    const events = at('/appointments').map((r) => r.event);
    expect(events.map((e) => e.type).sort()).toEqual(['appointment.booked', 'appointment.cancelled']);
    for (const e of events)
      expect(e.data.booking).toMatchObject({ id: booked.json().id, starts_at: slot.starts_at });
    expect(events.find((e) => e.type === 'appointment.cancelled')!.data.booking).toMatchObject({
      status: 'cancelled',
      cancel_reason: 'store closed',
    });
  });

  it('are written only with the change: a refused order leaves none', async () => {
    const before = await t.db.tenant(
      tenantId,
      async (tx) =>
        (await tx.query(`SELECT count(*)::int AS n FROM webhook_events WHERE type LIKE 'order.%'`)).rows[0].n,
    );
    const refused = await call(shopper, 'POST', '/orders', {
      type: 'pickup',
      store_id: store,
      lines: [{ sku_id: sku, qty: 999 }],
    });
    expect(refused.statusCode).toBe(409);
    const after = await t.db.tenant(
      tenantId,
      async (tx) =>
        (await tx.query(`SELECT count(*)::int AS n FROM webhook_events WHERE type LIKE 'order.%'`)).rows[0].n,
    );
    expect(after).toBe(before);
  });
});

describe('delivery', () => {
  it('retries a receiver that fails twice, with the same event id, until it answers', async () => {
    answers.set('/flaky', (n) => (n <= 2 ? 500 : 200));
    const endpoint = await register('/flaky', ['order.created']);
    await placeOrder('webhook-flaky');
    await until('three attempts', () => at('/flaky').length >= 3);
    const ids = new Set(at('/flaky').map((r) => r.headers['x-smartstore-event-id']));
    expect(ids.size).toBe(1);
    expect(new Set(at('/flaky').map((r) => r.body)).size).toBe(1);
    const delivery = await until('delivered', async () =>
      (await deliveriesOf(endpoint.id)).find((d) => d.status === 'delivered'),
    );
    const log = (await call(admin, 'GET', `/webhooks/deliveries/${delivery.id}`)).json();
    expect(log).toMatchObject({ status: 'delivered', attempts: 3, last_status_code: 200 });
    expect(log.log.map((a: { status_code: number }) => a.status_code)).toEqual([500, 500, 200]);
    expect(log.event.data.order).toBeDefined();
  });

  it('sends a paused endpoint nothing: no new events, and what it was owed waits for it', async () => {
    const endpoint = await register('/paused', ['order.created']);
    // Owed an event, then paused in the same moment (one transaction, before any worker saw it).
    await t.db.tenant(tenantId, async (tx) => {
      await tx.query(
        `SELECT webhook_emit($1, 'order.created', '{"order":{"id":"owed-while-paused"}}'::jsonb)`,
        [tenantId],
      );
      await tx.query('UPDATE webhook_endpoints SET active = false WHERE id = $1', [endpoint.id]);
    });
    const whilePaused = await placeOrder('webhook-paused-1');
    await new Promise((r) => setTimeout(r, 1500));
    expect(at('/paused')).toHaveLength(0);
    expect(await deliveriesOf(endpoint.id)).toMatchObject([{ status: 'pending', attempts: 0 }]);

    await call(admin, 'PATCH', `/webhooks/endpoints/${endpoint.id}`, { active: true });
    const afterwards = await placeOrder('webhook-paused-2');
    await until('the owed event and the new one', () => at('/paused').length === 2);
    const orders = at('/paused').map((r) => (r.event.data.order as { id: string }).id);
    expect(orders.sort()).toEqual(['owed-while-paused', afterwards.id].sort());
    expect(orders).not.toContain(whilePaused.id);
  });

  it('marks a delivery failed after the limit, and redelivers it on request', async () => {
    let alive = false;
    answers.set('/dead', () => (alive ? 200 : 503));
    const endpoint = await register('/dead', ['order.created']);
    await placeOrder('webhook-dead');
    const failed = await until('failed', async () =>
      (await deliveriesOf(endpoint.id)).find((d) => d.status === 'failed'),
    );
    expect(failed.attempts).toBe(3);
    expect(at('/dead')).toHaveLength(3);
    alive = true;
    const again = await call(admin, 'POST', `/webhooks/deliveries/${failed.id}/redeliver`);
    expect(again.json()).toMatchObject({ status: 'pending', attempts: 0 });
    await until('redelivered', () => at('/dead').length === 4);
    expect(at('/dead')[3]!.headers['x-smartstore-event-id']).toBe(failed.event.id);
  });

  it('loses no event when a process dies holding a delivery: its claim lapses and another sends it', async () => {
    const endpoint = await register('/claimed', ['order.created']);
    // As a dead process leaves it: claimed (its next attempt pushed an hour away), never answered.
    // One transaction, so the app's own worker never sees it unclaimed.
    await t.db.tenant(tenantId, async (tx) => {
      await tx.query(`SELECT webhook_emit($1, 'order.created', '{"order":{"id":"dead-process"}}'::jsonb)`, [
        tenantId,
      ]);
      await tx.query(
        `UPDATE webhook_deliveries SET next_attempt_at = now() + interval '1 hour' WHERE endpoint_id = $1`,
        [endpoint.id],
      );
      // Only this endpoint gets the event: another test's failing receiver would still owe it later.
      await tx.query(
        `DELETE FROM webhook_deliveries WHERE endpoint_id <> $1 AND event_id IN
           (SELECT id FROM webhook_events WHERE payload->'order'->>'id' = 'dead-process')`,
        [endpoint.id],
      );
    });
    await new Promise((r) => setTimeout(r, 1000));
    expect(at('/claimed')).toHaveLength(0);
    await deliverDueWebhooks(
      t.db,
      { maxAttempts: 3, retryBaseMs: 50, timeoutMs: 3000, allowPrivate: true },
      undefined,
      new Date(Date.now() + 3600_000 + 1000),
    );
    expect(at('/claimed').map((r) => (r.event.data.order as { id: string }).id)).toEqual(['dead-process']);
    expect(await statusOf(endpoint.id)).toBe('delivered');
  });

  it("refuses to POST into the platform's own network unless allowed, by IP and by a name that resolves there", async () => {
    const byIp = await register('/inside', ['order.created']);
    const byName = await call(admin, 'POST', '/webhooks/endpoints', {
      url: `${base.replace('127.0.0.1', 'localhost')}/inside-by-name`,
      events: ['order.created'],
      secret: SECRET,
    });
    expect(byName.statusCode).toBe(201);
    const endpoints = [byIp.id, byName.json().id as string];
    await t.db.tenant(tenantId, async (tx) => {
      await tx.query(`SELECT webhook_emit($1, 'order.created', '{"order":{"id":"inside"}}'::jsonb)`, [
        tenantId,
      ]);
      // Out of the running app's reach (it allows localhost), for the denying worker below; the
      // other tests' receivers are not sent this event (a failing one would still owe it later).
      await tx.query(
        `UPDATE webhook_deliveries SET next_attempt_at = now() + interval '2 hours' WHERE endpoint_id = ANY($1)`,
        [endpoints],
      );
      await tx.query(
        `DELETE FROM webhook_deliveries WHERE NOT endpoint_id = ANY($1) AND event_id IN
           (SELECT id FROM webhook_events WHERE payload->'order'->>'id' = 'inside')`,
        [endpoints],
      );
    });
    await deliverDueWebhooks(
      t.db,
      { maxAttempts: 3, retryBaseMs: 50, timeoutMs: 3000, allowPrivate: false },
      undefined,
      new Date(Date.now() + 2 * 3600_000 + 1000),
    );
    expect(at('/inside')).toHaveLength(0);
    expect(at('/inside-by-name')).toHaveLength(0);
    const log = await t.db.tenant(
      tenantId,
      async (tx) =>
        (
          await tx.query<{ last_error: string; attempts: number; status: string }>(
            'SELECT last_error, attempts, status FROM webhook_deliveries WHERE endpoint_id = ANY($1)',
            [endpoints],
          )
        ).rows,
    );
    expect(log).toHaveLength(2);
    for (const entry of log) {
      expect(entry).toMatchObject({ attempts: 1, status: 'pending' });
      expect(entry.last_error).toMatch(/^refused: .* is the private address (127\.0\.0\.1|::1)/);
    }
    for (const id of endpoints)
      expect((await call(admin, 'DELETE', `/webhooks/endpoints/${id}`)).statusCode).toBe(204);
  });

  it('forgets events and their log after the retention, except those still owed to a receiver', async () => {
    const owed = await register('/owed', ['order.created']);
    await t.db.tenant(tenantId, async (tx) => {
      await tx.query(`SELECT webhook_emit($1, 'order.created', '{"order":{"id":"owed"}}'::jsonb)`, [
        tenantId,
      ]);
      await tx.query(
        `UPDATE webhook_deliveries SET next_attempt_at = now() + interval '1 hour' WHERE endpoint_id = $1`,
        [owed.id],
      );
    });
    const count = (table: string) =>
      t.db.tenant(
        tenantId,
        async (tx) => (await tx.query(`SELECT count(*)::int AS n FROM ${table}`)).rows[0].n,
      );
    expect(await count('webhook_attempts')).toBeGreaterThan(0);
    expect(await forgetOldWebhookEvents(app)).toBe(0);
    const forgotten = await forgetOldWebhookEvents(app, new Date(Date.now() + 31 * 86_400_000));
    expect(forgotten).toBeGreaterThan(0);
    expect(await count('webhook_attempts')).toBe(0);
    const left = await t.db.tenant(
      tenantId,
      async (tx) => (await tx.query('SELECT payload FROM webhook_events')).rows,
    );
    expect(left).toEqual([{ payload: { order: { id: 'owed' } } }]);
  });

  it('loses no event when the app restarts mid-delivery', async () => {
    answers.set('/restart', (n) => (n === 1 ? 'hang' : 200));
    const endpoint = await register('/restart', ['order.created']);
    await placeOrder('webhook-restart');
    await until('the first attempt in flight', () => at('/restart').length === 1);
    await app.close(); // mid-delivery: the receiver has not answered
    expect(await statusOf(endpoint.id)).toBe('pending');

    app = await buildApp(
      loadConfig({
        DATABASE_URL: t.database.url,
        MQTT_URL: TEST_MQTT_URL,
        JWT_SECRET: 'x'.repeat(32),
        LOG_LEVEL: 'silent',
        ...ENV,
      }),
      { redisPrefix: `test:webhooks-restart:${Date.now()}:` },
    );
    await app.ready();
    await until('delivered after the restart', () => at('/restart').length === 2);
    expect(at('/restart')[1]!.headers['x-smartstore-event-id']).toBe(
      at('/restart')[0]!.headers['x-smartstore-event-id'],
    );
    await until('marked delivered', async () => (await statusOf(endpoint.id)) === 'delivered');
  });
});
