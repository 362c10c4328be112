/**
 * Commerce's background work in every server process: the stock outbox relay, the expiry of
 * unpaid orders and of reservations left without one, the cleanup of old Idempotency-Key
 * answers, outbound webhook deliveries, appointment reminders and shoppers' order notices.
 * Several processes may run it at once; SKIP LOCKED shares the rows.
 */
import type { FastifyInstance } from 'fastify';
import { reminderChannels, sendDueReminders } from './appointments/reminders.js';
import { forgetExpiredAnswers } from './idempotency.js';
import { orderNoticeChannels, sendOrderNotices } from './orders/notice-sender.js';
import { expireOrders } from './orders/orders.js';
import { publisher, relayStockEvents } from './stock/relay.js';
import { expireReservations } from './stock/reservations.js';
import { deliverDueWebhooks } from './webhooks/delivery.js';
import { forgetOldEvents } from './webhooks/endpoints.js';

const RELAY_EVERY_MS = 200;
const EXPIRE_EVERY_MS = 1000;
const CLEANUP_EVERY_MS = 60_000;
const WEBHOOK_EVERY_MS = 500;
const REMINDER_EVERY_MS = 15_000;
const ORDER_NOTICE_EVERY_MS = 1000;

/** Runs `pass` every `everyMs` (never overlapping itself; at once again while it finds work) until the app closes. */
export function every(
  app: FastifyInstance,
  name: string,
  everyMs: number,
  pass: () => Promise<number>,
): void {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> = Promise.resolve();
  let stopped = false;
  const loop = () => {
    running = pass()
      .catch((error) => {
        app.log.warn({ err: error }, `${name} failed; retrying`);
        return 0;
      })
      .then((done) => {
        if (!stopped) timer = setTimeout(loop, done > 0 ? 0 : everyMs);
      });
  };
  app.addHook('onReady', async () => {
    timer = setTimeout(loop, everyMs);
  });
  app.addHook('onClose', async () => {
    stopped = true;
    clearTimeout(timer);
    await running;
  });
}

/** Runs `expire` for every brand the definer function `tenantsWithDueWork` names. */
async function expireDue(
  app: FastifyInstance,
  tenantsWithDueWork: string,
  expire: (
    tx: Parameters<Parameters<FastifyInstance['db']['tenant']>[1]>[0],
    tenantId: string,
    now: Date,
  ) => Promise<number>,
  now = new Date(),
): Promise<number> {
  const tenants = await app.db.anonymous(
    async (tx) =>
      (await tx.query<{ id: string }>(`SELECT id FROM ${tenantsWithDueWork}($1) AS id`, [now])).rows,
  );
  let expired = 0;
  for (const { id } of tenants) expired += await app.db.tenant(id, (tx) => expire(tx, id, now));
  return expired;
}

export const expireDueOrders = (app: FastifyInstance, now?: Date) =>
  expireDue(app, 'orders_expiry_tenants', expireOrders, now);

export const expireDueReservations = (app: FastifyInstance, now?: Date) =>
  expireDue(app, 'stock_expiry_tenants', expireReservations, now);

/** Forgets the Idempotency-Key answers older than IDEMPOTENCY_TTL_S. */
export const forgetExpiredIdempotency = (app: FastifyInstance, now = new Date()) =>
  expireDue(
    app,
    'idempotency_expiry_tenants',
    forgetExpiredAnswers,
    new Date(now.getTime() - app.config.IDEMPOTENCY_TTL_S * 1000),
  );

/** Forgets webhook events and their log older than WEBHOOK_RETENTION_DAYS, unless still owed to a receiver. */
export const forgetOldWebhookEvents = (app: FastifyInstance, now = new Date()) =>
  expireDue(
    app,
    'webhook_retention_tenants',
    (tx, _tenantId, before) => forgetOldEvents(tx, before),
    new Date(now.getTime() - app.config.WEBHOOK_RETENTION_DAYS * 86_400_000),
  );

export function startCommerceWorkers(app: FastifyInstance): void {
  const publish = publisher(app.redis, app.mqtt);
  every(app, 'stock relay', RELAY_EVERY_MS, () => relayStockEvents(app.db, publish));
  // Orders first: cancelling an order releases its reservation with it.
  every(
    app,
    'order expiry',
    EXPIRE_EVERY_MS,
    async () => (await expireDueOrders(app)) + (await expireDueReservations(app)),
  );
  every(app, 'idempotency cleanup', CLEANUP_EVERY_MS, () => forgetExpiredIdempotency(app));
  // Aborted before the app closes, so shutdown does not wait on a slow receiver; the delivery goes back to the queue.
  const stopping = new AbortController();
  app.addHook('preClose', async () => stopping.abort());
  const webhooks = {
    maxAttempts: app.config.WEBHOOK_MAX_ATTEMPTS,
    retryBaseMs: app.config.WEBHOOK_RETRY_BASE_MS,
    timeoutMs: app.config.WEBHOOK_TIMEOUT_MS,
    allowPrivate: app.config.WEBHOOK_PRIVATE_NETWORK === 'allow',
  };
  every(app, 'webhook retention', CLEANUP_EVERY_MS, () => forgetOldWebhookEvents(app));
  every(app, 'webhook delivery', WEBHOOK_EVERY_MS, () =>
    deliverDueWebhooks(app.db, webhooks, stopping.signal),
  );
  const channels = reminderChannels(app);
  every(app, 'appointment reminders', REMINDER_EVERY_MS, () => sendDueReminders(app.db, channels));
  const noticeChannels = orderNoticeChannels(app);
  every(app, 'order notices', ORDER_NOTICE_EVERY_MS, () => sendOrderNotices(app.db, noticeChannels, app.log));
}
