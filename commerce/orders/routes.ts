import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { Tx } from '../../db/pool.js';
import { findMembers, shopperTier } from '../../members/index.js';
import { tenantOf } from '../../server/auth.js';
import { Forbidden, NotFound } from '../../server/errors.js';
import { bearer, errorResponses, IdParams } from '../../server/schemas.js';
import { jwtSecret } from '../../server/secrets.js';
import { storeNewsSocket } from '../../stores/index.js';
import {
  hasRole,
  REFUNDERS,
  STAFF_ROLES,
  STORE_BOUND_ROLES,
  STORE_STAFF,
  worksAt,
} from '../../tenancy/index.js';
import { ExitPassInvalid, PickupCodeUnknown } from '../errors.js';
import { createOnce, idempotencyHeaders } from '../idempotency.js';
import { refundedOf } from '../payments/refunds.js';
import { withCustomers } from './customers.js';
import { deliveryZones, setDeliveryZone } from './delivery.js';
import {
  type Customer,
  createOrder,
  getOrder,
  listOrders,
  type OrderRecord,
  orderByPickupCode,
  payOrder,
  transitionOrder,
} from './orders.js';
import { exitPass, pickupPayload, qrDataUrl, verifyExitPass } from './passes.js';
import { pricingRules } from './promotions.js';
import {
  DeliveryZone,
  DeliveryZoneSet,
  ExitPassVerify,
  Order,
  OrderCreate,
  type OrderCustomer,
  OrderListQuery,
  OrderTransition,
  PickupVerify,
} from './schemas.js';
import type { OrderStatus } from './state.js';

const tags = ['orders'];

/**
 * Who a phone the desk was given stands for: the members whose phone ends in it (a member's may be
 * kept with +86 before it, and four digits are a tail), and the digits to match deliveries' contacts by.
 */
async function customersWithPhone(tx: Tx, phone: string) {
  const digits = phone.replace('+', '');
  const tail = digits.slice(-4);
  const members = await findMembers(tx, { phone_tail: tail, limit: 200, offset: 0 });
  const shopper_ids = members.flatMap((m) =>
    m.shopper_id && m.phone?.endsWith(digits) ? [m.shopper_id] : [],
  );
  return { shopper_ids, digits, tail };
}

export const actorOf = (request: FastifyRequest) => `${request.principal.kind}:${request.principal.id}`;

/**
 * Shoppers see their own orders; store-bound staff those of their stores, and those they took
 * themselves: a delivery order a clerk takes at the counter goes out from the nearest store that has
 * the lines, which need not be theirs, and they answer the customer's call about it.
 */
export function maySee(request: FastifyRequest, order: OrderRecord): boolean {
  const { principal } = request;
  return principal.kind === 'shopper'
    ? order.shopper_id === principal.id
    : worksAt(principal, order.store_id) || order.staff_id === principal.id;
}

/**
 * The orders as the caller reads them: staff with whom each is for (see customers.ts) and what went
 * back to them, a query each for a whole list; a shopper's own as they are (their refunds are in
 * the order's payments).
 */
async function asSeenBy(
  request: FastifyRequest,
  tx: Tx,
  orders: OrderRecord[],
): Promise<(OrderRecord & { customer?: OrderCustomer | null; refunded_cents?: number })[]> {
  if (request.principal.kind !== 'staff') return orders;
  const refunded = await refundedOf(
    tx,
    orders.map((o) => o.id),
  );
  return (await withCustomers(tx, orders)).map((order) => ({
    ...order,
    refunded_cents: refunded.get(order.id) ?? (order.status === 'refunded' ? order.total_cents : 0),
  }));
}

/** One order as the caller reads it. */
const oneAsSeenBy = async (request: FastifyRequest, tx: Tx, order: OrderRecord) =>
  (await asSeenBy(request, tx, [order]))[0]!;

export async function orderRoutes(app: FastifyInstance): Promise<void> {
  storeNewsSocket(app, {
    what: 'orders',
    channel: 'order_news',
    tags,
    summary: "A store's order news, whenever its orders are added or change",
    roles: STAFF_ROLES,
  });
  app.addSchema(Order);
  app.addSchema(DeliveryZone);
  const passKey = createHash('sha256')
    .update(`exit-pass:${jwtSecret(app.config)}`)
    .digest('hex');

  /** The order as its owner and staff see it: with the pickup QR while it may be collected, and the exit pass once paid. */
  /**
   * An order as its answers give it. The codes' QR images are drawn for one order only: a list (the
   * desk reads hundreds every few seconds) names the codes, and the order's own page shows them.
   */
  async function present(order: OrderRecord & { customer?: OrderCustomer | null }, { drawn = true } = {}) {
    const { pickup_code, ...rest } = order;
    const qr = (text: string) => (drawn ? qrDataUrl(text).then((image) => ({ qr: image })) : {});
    const pass =
      order.type === 'scan_to_buy' && (order.status === 'paid' || order.status === 'completed')
        ? exitPass(passKey, order.id)
        : null;
    // A cancelled or refunded order's code goes back to the store's pool: it is nothing to show.
    const collectable = order.status !== 'cancelled' && order.status !== 'refunded';
    return {
      ...rest,
      pickup:
        pickup_code && collectable
          ? { code: pickup_code, ...(await qr(pickupPayload(order.id, pickup_code))) }
          : null,
      exit_pass: pass ? { pass, ...(await qr(pass)) } : null,
    };
  }

  async function visibleIn(request: FastifyRequest, tx: Tx, id: string): Promise<OrderRecord> {
    const order = await getOrder(tx, id);
    if (!order || !maySee(request, order)) throw NotFound('Order');
    return order;
  }

  const visibleOrder = (request: FastifyRequest, tenantId: string, id: string) =>
    app.db.tenant(tenantId, (tx) => visibleIn(request, tx, id));

  /** Moves the order the URL names, if the caller may see it, along the state machine. */
  async function moveOrder(request: FastifyRequest, to: OrderStatus, note?: string) {
    const { id } = request.params as { id: string };
    const tenantId = tenantOf(request);
    await visibleOrder(request, tenantId, id);
    return present(
      await app.db.tenant(tenantId, async (tx) =>
        oneAsSeenBy(request, tx, await transitionOrder(tx, tenantId, id, to, actorOf(request), note)),
      ),
    );
  }

  const orderResponse = { 200: Type.Ref('Order'), ...errorResponses };

  app.post(
    '/orders',
    {
      preHandler: app.requireRole(...STORE_STAFF, 'shopper'),
      schema: {
        tags,
        summary: 'Place an order (pickup, delivery or scan-to-buy); its stock is reserved until it is paid',
        security: bearer,
        headers: idempotencyHeaders(),
        body: OrderCreate,
        response: { 201: Type.Ref('Order'), ...errorResponses },
      },
    },
    async (request, reply) => {
      const input = request.body as OrderCreate;
      const { principal } = request;
      if (principal.kind === 'staff' && input.store_id && !worksAt(principal, input.store_id)) {
        throw Forbidden('Staff take orders only for their own stores');
      }
      // A shopper's tier comes from their membership, never from the body.
      const customerIn = async (tx: Tx, tenantId: string): Promise<Customer> =>
        principal.kind === 'shopper'
          ? {
              shopper_id: principal.id,
              staff_id: null,
              tier: await shopperTier(tx, tenantId, principal.id),
              actor: actorOf(request),
            }
          : { shopper_id: null, staff_id: principal.id, tier: input.tier ?? null, actor: actorOf(request) };
      return createOnce(app, request, reply, async (tx, tenantId) =>
        present(
          await oneAsSeenBy(
            request,
            tx,
            await createOrder(tx, tenantId, input, await customerIn(tx, tenantId), {
              ttlSeconds: app.config.STOCK_RESERVATION_TTL_S,
              rules: pricingRules(),
            }),
          ),
        ),
      );
    },
  );

  app.get(
    '/orders',
    {
      preHandler: app.requireRole(...STAFF_ROLES, 'shopper'),
      schema: {
        tags,
        summary:
          "Orders, newest first: a shopper's own, or a store's for staff; found by number, pickup code or the customer's phone, and earlier ones paged back with before",
        security: bearer,
        querystring: OrderListQuery,
        response: { 200: Type.Array(Type.Ref('Order')), ...errorResponses },
      },
    },
    async (request) => {
      const query = request.query as OrderListQuery;
      const { principal } = request;
      if (principal.kind === 'staff' && query.store_id && !worksAt(principal, query.store_id)) {
        throw Forbidden('Staff see the orders of their own stores');
      }
      // A clerk or manager asking for no store in particular gets a page of theirs, not a page of the
      // brand's from which theirs are then picked (fewer than asked, or none).
      const staff =
        principal.kind === 'staff' && STORE_BOUND_ROLES.includes(principal.role)
          ? { store_ids: principal.storeIds, id: principal.id }
          : undefined;
      const { phone, ...filter } = query;
      const orders = await app.db.tenant(tenantOf(request), async (tx) => {
        const sought = phone === undefined ? undefined : await customersWithPhone(tx, phone);
        const found = await listOrders(tx, {
          ...filter,
          phone: sought,
          ...(principal.kind === 'shopper' ? { shopper_id: principal.id } : { staff }),
        });
        return asSeenBy(
          request,
          tx,
          found.filter((o) => maySee(request, o)),
        );
      });
      return Promise.all(orders.map((o) => present(o, { drawn: false })));
    },
  );

  app.get(
    '/orders/:id',
    {
      preHandler: app.requireRole(...STAFF_ROLES, 'shopper'),
      schema: {
        tags,
        summary: 'One order with its history',
        security: bearer,
        params: IdParams,
        response: orderResponse,
      },
    },
    async (request) => {
      const { id } = request.params as { id: string };
      return present(
        await app.db.tenant(tenantOf(request), async (tx) =>
          oneAsSeenBy(request, tx, await visibleIn(request, tx, id)),
        ),
      );
    },
  );

  app.post(
    '/orders/:id/demo-payment',
    {
      preHandler: app.requireRole(...STORE_STAFF, 'shopper'),
      schema: {
        tags,
        summary: 'DEMO MODE ONLY: mark an order paid without money moving (for npm start without WeChat Pay)',
        security: bearer,
        params: IdParams,
        response: orderResponse,
      },
    },
    async (request) => {
      const { id } = request.params as { id: string };
      const tenantId = tenantOf(request);
      const order = await visibleOrder(request, tenantId, id);
      // With real WeChat Pay configured, nothing is paid without money moving.
      if (app.config.WECHATPAY_MCHID) throw Forbidden('Demo payment is off: this server takes WeChat Pay');
      const paid = await app.db.tenant(tenantId, async (tx) =>
        oneAsSeenBy(
          request,
          tx,
          await payOrder(
            tx,
            tenantId,
            id,
            { method: 'demo', amount_cents: order.total_cents, transaction_id: `demo-${id}` },
            actorOf(request),
          ),
        ),
      );
      return present(paid);
    },
  );

  app.post(
    '/orders/:id/status',
    {
      preHandler: app.requireRole(...STORE_STAFF),
      schema: {
        tags,
        summary:
          'Move an order along: preparing, ready, completed, cancelled or refunded (refunded: store managers and brand admins)',
        security: bearer,
        params: IdParams,
        body: OrderTransition,
        response: orderResponse,
      },
    },
    async (request) => {
      const { to, note } = request.body as OrderTransition;
      if (to === 'refunded' && !hasRole(request.principal.role, REFUNDERS))
        throw Forbidden('Refunds are for store managers and brand admins');
      return moveOrder(request, to, note);
    },
  );

  app.post(
    '/orders/:id/cancel',
    {
      preHandler: app.requireRole('shopper'),
      schema: {
        tags,
        summary: 'A shopper cancels their unpaid order (its stock goes back at once)',
        security: bearer,
        params: IdParams,
        response: orderResponse,
      },
    },
    async (request) => moveOrder(request, 'cancelled'),
  );

  app.post(
    '/orders/pickup',
    {
      preHandler: app.requireRole(...STORE_STAFF),
      schema: {
        tags,
        summary: "Hand over a pickup order at the counter: the shopper's code or scanned QR completes it",
        security: bearer,
        body: PickupVerify,
        response: orderResponse,
      },
    },
    async (request) => {
      const { store_id, code } = request.body as PickupVerify;
      if (!worksAt(request.principal, store_id))
        throw Forbidden('Staff hand over orders only in their own stores');
      const tenantId = tenantOf(request);
      const order = await app.db.tenant(tenantId, async (tx) => {
        const id = await orderByPickupCode(tx, store_id, code.slice(-6));
        // A scanned QR names its order: an old one (cancelled, its code drawn again since) is not this one.
        const scanned = /^ss-pickup:([0-9a-f-]{36}):/.exec(code)?.[1];
        if (!id || (scanned && scanned !== id)) throw PickupCodeUnknown();
        return oneAsSeenBy(
          request,
          tx,
          await transitionOrder(tx, tenantId, id, 'completed', actorOf(request), 'picked up'),
        );
      });
      return present(order);
    },
  );

  app.post(
    '/orders/exit-pass',
    {
      preHandler: app.requireRole(...STORE_STAFF),
      schema: {
        tags,
        summary: 'Check a scan-to-buy exit pass at the door; a good one completes the order (once)',
        security: bearer,
        body: ExitPassVerify,
        response: orderResponse,
      },
    },
    async (request) => {
      const { pass } = request.body as { pass: string };
      const id = verifyExitPass(passKey, pass);
      if (!id) throw ExitPassInvalid('not signed by this brand');
      const tenantId = tenantOf(request);
      const order = await visibleOrder(request, tenantId, id).catch(() => {
        throw ExitPassInvalid('no such order');
      });
      if (order.type !== 'scan_to_buy') throw ExitPassInvalid('not a scan-to-buy order');
      if (order.status === 'completed') throw ExitPassInvalid('already used');
      if (order.status !== 'paid') throw ExitPassInvalid(`the order is ${order.status}`);
      return present(
        await app.db.tenant(tenantId, async (tx) =>
          oneAsSeenBy(
            request,
            tx,
            await transitionOrder(tx, tenantId, id, 'completed', actorOf(request), 'exit pass'),
          ),
        ),
      );
    },
  );

  app.get(
    '/delivery-zones',
    {
      preHandler: app.requireRole(...STAFF_ROLES),
      schema: {
        tags,
        summary: "The brand's delivery zones (radius and fee per store)",
        security: bearer,
        response: { 200: Type.Array(Type.Ref('DeliveryZone')), ...errorResponses },
      },
    },
    async (request) => app.db.tenant(tenantOf(request), deliveryZones),
  );

  app.put(
    '/delivery-zones/:id',
    {
      preHandler: app.requireRole('brand_admin', 'store_manager'),
      schema: {
        tags,
        summary: "Set a store's delivery zone (the id is the store's)",
        security: bearer,
        params: IdParams,
        body: DeliveryZoneSet,
        response: { 200: Type.Ref('DeliveryZone'), ...errorResponses },
      },
    },
    async (request) => {
      const { id } = request.params as { id: string };
      if (!worksAt(request.principal, id)) throw Forbidden('A store manager sets only their own stores');
      const tenantId = tenantOf(request);
      return app.db.tenant(tenantId, (tx) =>
        setDeliveryZone(tx, tenantId, { store_id: id, ...(request.body as DeliveryZoneSet) }),
      );
    },
  );
}
