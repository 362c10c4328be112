/**
 * Orders: priced, with their stock reserved in the same transaction, moved along the state
 * machine with every change in the audit trail. Payment commits the reservation (the units are
 * sold); cancelling releases it; a refund of goods not yet handed over puts them back.
 */
import { randomUUID } from 'node:crypto';
import { guardConstraints } from '../../db/index.js';
import type { Tx } from '../../db/pool.js';
import { earnPointsForOrder, reversePointsForOrder, rewardReferral } from '../../members/index.js';
import { NotFound, type SmartStoreError, Validation } from '../../server/errors.js';
import { getStore } from '../../stores/index.js';
import { shelfItems } from '../catalogue/search.js';
import {
  ItemUnavailable,
  NoDeliveryStore,
  OrderExpired,
  OrderTransitionRefused,
  PaymentAmountMismatch,
  ReservationSettled,
  ServiceNotOffered,
  StockInsufficient,
} from '../errors.js';
import type { Line } from '../stock/demand.js';
import { applyStockOperation } from '../stock/movements.js';
import { reserveStock, type Settlement, settleReservation } from '../stock/reservations.js';
import {
  checkCouponsApplied,
  couponRule,
  giveCouponsBack,
  presentCoupons,
  redeemCoupons,
} from './coupons.js';
import { deliveryCandidates } from './delivery.js';
import { noticeStatusChange } from './notices.js';
import { newPickupCode } from './passes.js';
import { type DeliveryFee, type PricedCart, type PricingRule, priceCart } from './pricing.js';
import type { DeliveryAddress, OrderCreate } from './schemas.js';
import { canTransition, type OrderStatus, type OrderType } from './state.js';

/** An order as stored: its priced cart, who and where, and its state. */
export interface OrderRecord extends PricedCart {
  /** Each with its product's main photo and category as they are now, for the shopper to recognise it. */
  lines: (PricedCart['lines'][number] & { image: string | null; category_id: string | null })[];
  id: string;
  type: OrderType;
  status: OrderStatus;
  store_id: string;
  shopper_id: string | null;
  staff_id: string | null;
  tier: string | null;
  reservation_id: string | null;
  /** The shopper's note to the staff who prepare it. */
  note: string | null;
  delivery: (DeliveryAddress & { distance_m: number }) | null;
  pickup_code: string | null;
  payment: Record<string, unknown> | null;
  history: {
    from_status: string | null;
    to_status: string;
    actor: string;
    note: string | null;
    created_at: Date;
  }[];
  expires_at: Date;
  paid_at: Date | null;
  created_at: Date;
  updated_at: Date;
}

const ORDER_SELECT = `
  SELECT o.id, o.type, o.status, o.store_id, o.shopper_id, o.staff_id, o.tier, o.reservation_id, o.note,
    o.subtotal_cents, o.discount_cents, o.delivery_fee_cents, o.total_cents, o.adjustments, o.delivery,
    o.pickup_code, o.payment, o.expires_at, o.paid_at, o.created_at, o.updated_at,
    (SELECT coalesce(jsonb_agg(jsonb_build_object('sku_id', l.sku_id, 'name', l.name, 'barcode', l.barcode,
        'qty', l.qty, 'unit_cents', l.unit_cents, 'basis', l.basis, 'line_cents', l.line_cents,
        'image', p.images[1], 'category_id', p.category_id) ORDER BY l.line_no), '[]')
      FROM order_lines l
      LEFT JOIN catalogue_skus s ON s.id = l.sku_id LEFT JOIN catalogue_products p ON p.id = s.product_id
      WHERE l.order_id = o.id) AS lines,
    (SELECT coalesce(jsonb_agg(jsonb_build_object('from_status', e.from_status, 'to_status', e.to_status,
        'actor', e.actor, 'note', e.note, 'created_at', e.created_at) ORDER BY e.id), '[]')
      FROM order_events e WHERE e.order_id = o.id) AS history
  FROM orders o`;

export async function getOrder(tx: Tx, id: string): Promise<OrderRecord | undefined> {
  const { rows } = await tx.query<OrderRecord>(`${ORDER_SELECT} WHERE o.id = $1`, [id]);
  return rows[0];
}

/**
 * The ids an order number (#A1B2C3D4, commerce/orders/order-number.ts) may stand for: a range of the
 * primary key, which uuid orders byte by byte as its hex reads, so the key's index finds them.
 */
function idsNumbered(number: string): [string, string] {
  const prefix = number.replace(/^#/, '').toLowerCase();
  return [`${prefix}-0000-0000-0000-000000000000`, `${prefix}-ffff-ffff-ffff-ffffffffffff`];
}

export async function listOrders(
  tx: Tx,
  filter: {
    shopper_id?: string;
    store_id?: string | undefined;
    status?: OrderStatus[] | undefined;
    type?: OrderType[] | undefined;
    updated_since?: string | undefined;
    number?: string | undefined;
    pickup_code?: string | undefined;
    /**
     * The shopper's phone or its last four digits (`digits`, `tail`): the members with it
     * (`shopper_ids`), or a delivery's contact number, however it was spaced.
     */
    phone?: { shopper_ids: readonly string[]; digits: string; tail: string } | undefined;
    before?: string | undefined;
    before_id?: string | undefined;
    /** A store-bound staff member's reach: their stores' orders and those they took themselves. */
    staff?: { store_ids: readonly string[]; id: string } | undefined;
    limit: number;
  },
): Promise<OrderRecord[]> {
  const [first, last] = filter.number ? idsNumbered(filter.number) : [null, null];
  const { rows } = await tx.query<OrderRecord>(
    `${ORDER_SELECT}
     WHERE ($1::uuid IS NULL OR o.shopper_id = $1) AND ($2::uuid IS NULL OR o.store_id = $2)
       AND ($3::text[] IS NULL OR o.status = ANY($3)) AND ($5::text[] IS NULL OR o.type = ANY($5))
       AND ($6::timestamptz IS NULL OR o.updated_at >= $6)
       AND ($7::uuid IS NULL OR o.id BETWEEN $7 AND $8) AND ($9::text IS NULL OR o.pickup_code = $9)
       AND ($10::timestamptz IS NULL OR (o.created_at <= $10
         AND (o.created_at < $10 OR o.id < coalesce($11::uuid, '00000000-0000-0000-0000-000000000000'))))
       AND ($12::uuid[] IS NULL OR o.store_id = ANY($12) OR o.staff_id = $13)
       AND ($14::text IS NULL OR o.shopper_id = ANY($15::uuid[])
         OR (o.contact_phone_tail = $14 AND o.contact_phone_digits LIKE '%' || $16))
     ORDER BY o.created_at DESC, o.id DESC LIMIT $4`,
    [
      filter.shopper_id ?? null,
      filter.store_id ?? null,
      filter.status ?? null,
      filter.limit,
      filter.type ?? null,
      filter.updated_since ?? null,
      first,
      last,
      filter.pickup_code ?? null,
      filter.before ?? null,
      filter.before_id ?? null,
      filter.staff?.store_ids ?? null,
      filter.staff?.id ?? null,
      filter.phone?.tail ?? null,
      filter.phone?.shopper_ids ?? [],
      filter.phone?.digits ?? null,
    ],
  );
  return rows;
}

/**
 * Writes a change of status to the audit trail, and queues what the shopper is to hear of it; a
 * change dated in the past (history imported after the fact) tells no one.
 */
async function recordEvent(
  tx: Tx,
  tenantId: string,
  orderId: string,
  from: OrderStatus | null,
  to: OrderStatus,
  actor: string,
  note?: string,
  at?: Date,
) {
  await tx.query(
    `INSERT INTO order_events (tenant_id, order_id, from_status, to_status, actor, note, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, coalesce($7::timestamptz, now()))`,
    [tenantId, orderId, from, to, actor, note ?? null, at ?? null],
  );
  if (!at) await noticeStatusChange(tx, tenantId, orderId, to, actor);
}

/** Scan-to-buy names barcodes; everything else names SKUs. */
async function resolveLines(tx: Tx, input: OrderCreate['lines']): Promise<Line[]> {
  const barcodes = input.flatMap((l) => ('barcode' in l ? [l.barcode] : []));
  const byBarcode = new Map<string, string>();
  if (barcodes.length > 0) {
    const { rows } = await tx.query<{ barcode: string; id: string }>(
      'SELECT barcode, id FROM catalogue_skus WHERE barcode = ANY($1::text[]) AND active',
      [barcodes],
    );
    for (const row of rows) byBarcode.set(row.barcode, row.id);
  }
  return input.map((line, index) => {
    if (!('barcode' in line)) return { sku_id: line.sku_id, qty: line.qty };
    const skuId = byBarcode.get(line.barcode);
    if (!skuId) throw NotFound(`Barcode ${line.barcode} (lines.${index})`);
    return { sku_id: skuId, qty: line.qty };
  });
}

/**
 * The most one order may come to, in fen (¥1,000,000): the catalogue's dearest unit price, and the
 * most one refund may give back. It keeps every amount an order stores inside its columns.
 */
const MAX_ORDER_CENTS = 100_000_000;

export interface Customer {
  shopper_id: string | null;
  staff_id: string | null;
  tier: string | null;
  actor: string;
}

export interface OrderOptions {
  ttlSeconds: number;
  rules: readonly PricingRule[];
  /** When the order is placed: now unless given (history imported after the fact). */
  now?: Date;
}

/**
 * Places an order in one transaction: resolve and price the lines (with the coupons presented),
 * reserve their stock (all or nothing; for delivery, in the nearest able store), redeem the coupons,
 * write the order and its first event.
 */
export async function createOrder(
  tx: Tx,
  tenantId: string,
  input: OrderCreate,
  customer: Customer,
  options: OrderOptions,
): Promise<OrderRecord> {
  const now = options.now ?? new Date();
  const id = randomUUID();
  const expiresAt = new Date(now.getTime() + options.ttlSeconds * 1000);
  const lines = await resolveLines(tx, input.lines);
  if (input.type === 'delivery' && !input.delivery)
    throw Validation('delivery', 'is required for a delivery order');
  if (input.type !== 'delivery' && !input.store_id)
    throw Validation('store_id', `is required for a ${input.type} order`);
  if (input.type === 'delivery' && input.store_id)
    throw Validation(
      'store_id',
      'is not taken for a delivery order: it goes out from the nearest store that delivers to the address and has every line in stock (the order says which); leave store_id out',
    );
  if (input.store_id) {
    const store = await getStore(tx, input.store_id);
    // Else a store the brand does not have would read as one with no stock (409).
    if (!store) throw NotFound(`Store ${input.store_id} (store_id)`);
    // Nobody there would prepare a click-and-collect order, or check a scan-to-buy exit pass.
    if (!store.services.includes(input.type)) throw ServiceNotOffered(store.name, input.type, store.services);
  }

  let storeId = input.store_id;
  let fee: DeliveryFee | undefined;
  let distance = 0;
  let reservationId: string | undefined;
  const reserveIn = async (store: string) =>
    (
      await reserveStock(tx, tenantId, {
        key: `order:${id}`,
        store_id: store,
        lines,
        expires_at: expiresAt,
        at: options.now,
      })
    ).reservation.id;

  if (input.type === 'delivery') {
    // Nearest able store first; one that sells out under us is skipped for the next.
    const { inReach, candidates } = await deliveryCandidates(tx, tenantId, input.delivery!, lines);
    for (const candidate of candidates) {
      try {
        reservationId = await guardConstraints(
          tx,
          () => reserveIn(candidate.zone.store_id),
          // Undo the half-made reservation before trying the next store.
          (e) =>
            (e as SmartStoreError).code === StockInsufficient.code ? (e as SmartStoreError) : undefined,
        );
      } catch (error) {
        if ((error as { code?: string }).code === StockInsufficient.code) continue;
        throw error;
      }
      storeId = candidate.zone.store_id;
      fee = candidate.zone;
      distance = Math.round(candidate.distance_m);
      break;
    }
    if (!reservationId) throw NoDeliveryStore(inReach);
  }

  const items = await shelfItems(
    tx,
    storeId!,
    lines.map((l) => l.sku_id),
  );
  const cartLines = lines.map((line, index) => {
    const item = items.get(line.sku_id);
    if (!item) throw NotFound(`SKU ${line.sku_id} (lines.${index})`);
    if (!item.available) throw ItemUnavailable(item.name);
    return { sku_id: line.sku_id, name: item.name, barcode: item.barcode, qty: line.qty, prices: item };
  });
  const coupons = await presentCoupons(tx, input.coupons ?? [], customer.shopper_id, now);
  const priced = priceCart(
    {
      type: input.type,
      store_id: storeId!,
      shopper_id: customer.shopper_id,
      tier: customer.tier,
      coupons: input.coupons ?? [],
      lines: cartLines,
    },
    [...options.rules, couponRule(coupons)],
    fee,
  );
  checkCouponsApplied(coupons, priced);
  const amount = Math.max(priced.subtotal_cents, priced.total_cents);
  if (amount > MAX_ORDER_CENTS)
    throw Validation(
      'lines',
      `would come to ${amount} fen, more than one order may (${MAX_ORDER_CENTS}); split them into several orders`,
    );
  reservationId ??= await reserveIn(storeId!);

  const insert = (pickupCode: string | null) =>
    tx.query(
      `INSERT INTO orders (id, tenant_id, type, store_id, shopper_id, staff_id, tier, reservation_id, subtotal_cents,
         discount_cents, delivery_fee_cents, total_cents, adjustments, delivery, pickup_code, expires_at, created_at, note)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)
       ON CONFLICT (store_id, pickup_code)
         WHERE pickup_code IS NOT NULL AND status IN ('created', 'paid', 'preparing', 'ready') DO NOTHING`,
      [
        id,
        tenantId,
        input.type,
        storeId,
        customer.shopper_id,
        customer.staff_id,
        customer.tier,
        reservationId,
        priced.subtotal_cents,
        priced.discount_cents,
        priced.delivery_fee_cents,
        priced.total_cents,
        JSON.stringify(priced.adjustments),
        input.delivery ? JSON.stringify({ ...input.delivery, distance_m: distance }) : null,
        pickupCode,
        expiresAt,
        now,
        input.note ?? null,
      ],
    );
  // A pickup code that another open order of the store holds is drawn again.
  while (!(await insert(input.type === 'pickup' ? newPickupCode() : null)).rowCount) {}
  await tx.query(
    `INSERT INTO order_lines (tenant_id, order_id, line_no, sku_id, name, barcode, qty, unit_cents, basis, line_cents)
     SELECT $1, $2, n, sku, name, barcode, qty, unit, basis, total
     FROM unnest($3::uuid[], $4::text[], $5::text[], $6::int[], $7::int[], $8::text[], $9::int[])
       WITH ORDINALITY AS l(sku, name, barcode, qty, unit, basis, total, n)`,
    [
      tenantId,
      id,
      priced.lines.map((l) => l.sku_id),
      priced.lines.map((l) => l.name),
      priced.lines.map((l) => l.barcode),
      priced.lines.map((l) => l.qty),
      priced.lines.map((l) => l.unit_cents),
      priced.lines.map((l) => l.basis),
      priced.lines.map((l) => l.line_cents),
    ],
  );
  await redeemCoupons(tx, coupons, id, now);
  await recordEvent(tx, tenantId, id, null, 'created', customer.actor, undefined, options.now);
  return (await getOrder(tx, id))!;
}

async function lockOrder(tx: Tx, id: string): Promise<OrderRecord> {
  const { rows } = await tx.query<OrderRecord>(
    'SELECT id, type, status, store_id, reservation_id, total_cents, shopper_id, adjustments FROM orders WHERE id = $1 FOR UPDATE',
    [id],
  );
  if (!rows[0]) throw NotFound('Order');
  return rows[0];
}

/** Gives a reservation back; one the sweeper already gave back is fine. */
async function releaseStock(
  tx: Tx,
  tenantId: string,
  reservationId: string | null,
  outcome: Settlement,
  at?: Date,
) {
  if (!reservationId) return;
  try {
    await settleReservation(tx, tenantId, reservationId, outcome, at);
  } catch (error) {
    if ((error as { code?: string }).code !== ReservationSettled.code) throw error;
  }
}

/**
 * Moves an order to `to` along the state machine, with the stock side effects: cancelling
 * releases the reservation; a refund before handover returns the sold units to the shelf.
 * `at` dates the change in the audit trail when it happened before now (imported history).
 */
export async function transitionOrder(
  tx: Tx,
  tenantId: string,
  id: string,
  to: OrderStatus,
  actor: string,
  note?: string,
  at?: Date,
): Promise<OrderRecord> {
  const order = await lockOrder(tx, id);
  // A second tap, or a retry after a lost answer: it is done already, and nothing is done twice.
  if (order.status === to) return (await getOrder(tx, id))!;
  if (!canTransition(order.type, order.status, to)) throw OrderTransitionRefused(order.status, to);
  if (to === 'cancelled') {
    await releaseStock(tx, tenantId, order.reservation_id, 'released', at);
    await giveCouponsBack(tx, order);
  }
  if (to === 'refunded' && order.reservation_id) {
    const { rows } = await tx.query<{ lines: Line[] }>('SELECT lines FROM stock_reservations WHERE id = $1', [
      order.reservation_id,
    ]);
    await applyStockOperation(tx, tenantId, {
      key: `refund:${id}`,
      kind: 'return',
      reference: `order ${id} refunded before handover`,
      at,
      lines: (rows[0]?.lines ?? []).map((l) => ({
        store_id: order.store_id,
        sku_id: l.sku_id,
        on_hand_delta: l.qty,
        reserved_delta: 0,
      })),
    });
  }
  if (to === 'refunded') await reversePointsForOrder(tx, tenantId, id);
  if (to === 'completed' && order.shopper_id) await rewardReferral(tx, tenantId, order.shopper_id, id);
  await tx.query('UPDATE orders SET status = $2 WHERE id = $1', [id, to]);
  await recordEvent(tx, tenantId, id, order.status, to, actor, note, at);
  return (await getOrder(tx, id))!;
}

export interface PaymentRecord {
  method: 'wechatpay' | 'demo';
  amount_cents: number;
  transaction_id: string;
}

/**
 * Marks an order paid: the amount must match, the reservation turns into a sale. Paying a paid
 * order again with the same transaction answers with the order (notifications repeat). `at` is
 * when it was paid, for history imported after the fact; now when absent.
 */
export async function payOrder(
  tx: Tx,
  tenantId: string,
  id: string,
  payment: PaymentRecord,
  actor: string,
  at?: Date,
): Promise<OrderRecord> {
  const order = await lockOrder(tx, id);
  const { rows } = await tx.query<{ payment: PaymentRecord | null }>(
    'SELECT payment FROM orders WHERE id = $1',
    [id],
  );
  if (order.status !== 'created' && rows[0]?.payment?.transaction_id === payment.transaction_id) {
    return (await getOrder(tx, id))!;
  }
  if (order.status === 'cancelled') throw await cancelledOrderRefusal(tx, id);
  if (!canTransition(order.type, order.status, 'paid')) throw OrderTransitionRefused(order.status, 'paid');
  if (payment.amount_cents !== order.total_cents)
    throw PaymentAmountMismatch(payment.amount_cents, order.total_cents);
  if (order.reservation_id) {
    try {
      await settleReservation(tx, tenantId, order.reservation_id, 'committed', at);
    } catch (error) {
      if ((error as { code?: string }).code === ReservationSettled.code) throw OrderExpired();
      throw error;
    }
  }
  await tx.query(
    "UPDATE orders SET status = 'paid', paid_at = coalesce($3::timestamptz, now()), payment = $2 WHERE id = $1",
    [id, JSON.stringify(payment), at ?? null],
  );
  await recordEvent(
    tx,
    tenantId,
    id,
    order.status,
    'paid',
    actor,
    `${payment.method} ${payment.transaction_id}`,
    at,
  );
  const paid = (await getOrder(tx, id))!;
  await awardMemberPoints(tx, tenantId, paid);
  return paid;
}

/** Why a cancelled order cannot be paid, as its shopper should hear it: called off, or not paid in time. */
export async function cancelledOrderRefusal(tx: Tx, id: string): Promise<SmartStoreError> {
  const { rows } = await tx.query<{ actor: string }>(
    `SELECT actor FROM order_events WHERE order_id = $1 AND to_status = 'cancelled' ORDER BY id DESC LIMIT 1`,
    [id],
  );
  return OrderExpired(rows[0] !== undefined && rows[0].actor !== 'system');
}

/** The member earns points on what they paid for goods (a delivery fee earns none), once per order. */
async function awardMemberPoints(tx: Tx, tenantId: string, order: OrderRecord): Promise<void> {
  await earnPointsForOrder(tx, tenantId, {
    id: order.id,
    shopper_id: order.shopper_id,
    spend_cents: order.total_cents - order.delivery_fee_cents,
    paid_at: order.paid_at,
  });
}

/**
 * A payment that arrives after the order's reservation lapsed (WeChat took the money in time, its
 * notification came late): the order's lines are reserved again, all or none, if the shelf still
 * has them. Throws StockInsufficient when it does not.
 */
export async function reserveOrderAgain(tx: Tx, tenantId: string, id: string): Promise<void> {
  const order = await lockOrder(tx, id);
  const { rows } = await tx.query<Line>(
    'SELECT sku_id, qty FROM order_lines WHERE order_id = $1 ORDER BY line_no',
    [id],
  );
  const { reservation } = await reserveStock(tx, tenantId, {
    key: `order:${id}:again`,
    store_id: order.store_id,
    lines: rows,
    expires_at: new Date(Date.now() + 60_000),
  });
  await tx.query('UPDATE orders SET reservation_id = $2 WHERE id = $1', [id, reservation.id]);
}

/**
 * Cancels this brand's unpaid orders that are due (their reservations expire with them). An order
 * with an open WeChat Pay prepay is left to commerce/payments, which asks WeChat first: the
 * shopper may have paid in the last second, and it is cancelled once WeChat has closed it.
 */
export async function expireOrders(tx: Tx, tenantId: string, now: Date, limit = 100): Promise<number> {
  const { rows } = await tx.query<Pick<OrderRecord, 'id' | 'reservation_id' | 'adjustments'>>(
    `SELECT id, reservation_id, adjustments FROM orders WHERE status = 'created' AND expires_at <= $1
       AND NOT EXISTS (SELECT 1 FROM commerce_payments p WHERE p.order_id = orders.id AND p.status = 'prepaid')
     ORDER BY expires_at LIMIT $2 FOR UPDATE SKIP LOCKED`,
    [now, limit],
  );
  for (const order of rows) {
    await releaseStock(tx, tenantId, order.reservation_id, 'expired');
    await giveCouponsBack(tx, order);
    await tx.query("UPDATE orders SET status = 'cancelled' WHERE id = $1", [order.id]);
    await recordEvent(tx, tenantId, order.id, 'created', 'cancelled', 'system', 'not paid in time');
  }
  return rows.length;
}

/** The order ready for pickup at this store under this code. */
export async function orderByPickupCode(tx: Tx, storeId: string, code: string): Promise<string | undefined> {
  const { rows } = await tx.query<{ id: string }>(
    `SELECT id FROM orders WHERE store_id = $1 AND pickup_code = $2 AND status = 'ready'`,
    [storeId, code],
  );
  return rows[0]?.id;
}
