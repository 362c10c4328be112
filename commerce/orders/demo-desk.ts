/**
 * The demo's orders desk on the day it starts: a few click-and-collect and delivery orders placed by
 * mini-program shoppers in the last hour or two, paid, some being prepared, some ready, one or two
 * handed over, so the console's Orders desk opens on a morning's work rather than on nothing (the
 * past days are db/demo-history.ts's, all finished long since). Written through the orders' own
 * functions, dated when each step happened. Idempotent by the day: a store whose desk had demo
 * orders paid in the last 12 hours is left as it is; an earlier day's desk orders still open are
 * handed over first, as its staff would have, so a demo restarted day after day does not pile up.
 * A delivery of the units they take arrives first (a `receipt` in the ledger): the live demo may
 * have sold the shelves short, and the demo must start all the same.
 */
import type { Tx } from '../../db/pool.js';
import { ensureMembership, shopperTier, updateMember, upsertShopper } from '../../members/index.js';
import { skuIdsByCode } from '../catalogue/products.js';
import { applyStockOperation } from '../stock/movements.js';
import { createOrder, payOrder, transitionOrder } from './orders.js';
import { pricingRules } from './promotions.js';
import type { OrderCreate } from './schemas.js';
import { nextStatuses, type OrderStatus, type OrderType } from './state.js';

const ACTOR = 'system:demo';
const NOTE = 'demo desk';
/** Payments of the desk's orders are named so, which is how seeding again knows the day is done. */
const PAYMENT = 'demo-desk-';
/** A day's desk is left alone this long; seeding after it starts the next day's. */
const DESK_DAY_MS = 12 * 3_600_000;
/** How long each step of an earlier day's open order is taken to have waited. */
const STEP_MS = 20 * 60_000;

interface DeskOrder {
  type: 'pickup' | 'delivery' | 'scan_to_buy';
  lines: [code: string, qty: number][];
  note?: string;
  /** Minutes ago it was paid (placed two minutes before), and each later step. */
  paid: number;
  steps?: { to: 'preparing' | 'ready' | 'completed'; ago: number }[];
  /** Delivery: metres north and east of the store, and the address as the shopper typed it. */
  to?: { north: number; east: number; address: string; contact_name: string; phone: string };
}

const DESK: DeskOrder[] = [
  {
    type: 'pickup',
    lines: [
      ['DRY-001', 2],
      ['FRS-006', 1],
    ],
    paid: 3,
  },
  {
    type: 'pickup',
    lines: [
      ['SNK-002', 3],
      ['DRK-003', 2],
      ['FRS-001', 1],
    ],
    paid: 9,
    note: '不要塑料袋 No plastic bag, please',
  },
  {
    type: 'delivery',
    lines: [
      ['STP-001', 1],
      ['STP-002', 1],
      ['FRS-003', 2],
      ['DRY-002', 1],
    ],
    paid: 21,
    note: 'Ring twice, the baby is asleep 宝宝在睡觉',
    to: {
      north: 420,
      east: 150,
      address: '上海市黄浦区九江路 (Jiujiang Road) 210号 1203室',
      contact_name: '王女士',
      phone: '138 1762 0451',
    },
  },
  {
    type: 'pickup',
    lines: [
      ['DRY-003', 4],
      ['SNK-001', 2],
    ],
    paid: 26,
    steps: [{ to: 'preparing', ago: 22 }],
  },
  {
    type: 'delivery',
    lines: [
      ['HSH-001', 1],
      ['HSH-002', 1],
      ['FRS-002', 1],
      ['DRY-005', 2],
    ],
    paid: 44,
    steps: [
      { to: 'preparing', ago: 38 },
      { to: 'ready', ago: 12 },
    ],
    to: {
      north: -300,
      east: 380,
      address: '上海市黄浦区福州路 (Fuzhou Road) 88弄 5号 302室',
      contact_name: 'Mr Chen',
      phone: '139 0172 3388',
    },
  },
  {
    type: 'pickup',
    lines: [
      ['SNK-004', 1],
      ['DRK-004', 6],
    ],
    paid: 58,
    steps: [
      { to: 'preparing', ago: 50 },
      { to: 'ready', ago: 31 },
    ],
  },
  {
    type: 'pickup',
    lines: [
      ['FRS-004', 2],
      ['FRS-005', 2],
    ],
    paid: 95,
    steps: [
      { to: 'preparing', ago: 90 },
      { to: 'ready', ago: 75 },
      { to: 'completed', ago: 40 },
    ],
  },
  { type: 'scan_to_buy', lines: [['DRK-001', 2]], paid: 16, steps: [{ to: 'completed', ago: 15 }] },
];

/** The name each desk order's shopper gave as a member, by the order's place above; two gave none. */
const MEMBER_NAMES = ['王丽', '刘洋', null, '陈明', '赵敏', '孙浩', null, '周静', '吴磊'];

/** `metres` north and east of a point, in degrees. */
function offset(at: { lat: number; lng: number }, north: number, east: number) {
  return {
    lat: Math.round((at.lat + north / 111_320) * 1e6) / 1e6,
    lng: Math.round((at.lng + east / (111_320 * Math.cos((at.lat * Math.PI) / 180))) * 1e6) / 1e6,
  };
}

export async function seedDemoDesk(
  tx: Tx,
  tenantId: string,
  store: { id: string; code: string; location: { lat: number; lng: number } },
  now = new Date(),
): Promise<string[]> {
  const dayBefore = new Date(now.getTime() - DESK_DAY_MS);
  const { rowCount } = await tx.query(
    `SELECT 1 FROM orders WHERE store_id = $1 AND payment->>'transaction_id' LIKE $2 AND paid_at > $3 LIMIT 1`,
    [store.id, `${PAYMENT}%`, dayBefore],
  );
  if (rowCount) return [];
  await closeEarlierDesk(tx, tenantId, store.id, dayBefore);
  const skus = await skuIdsByCode(
    tx,
    DESK.flatMap((o) => o.lines.map(([code]) => code)),
  );
  const minutesAgo = (m: number) => new Date(now.getTime() - m * 60_000);
  const first = Math.max(...DESK.map((o) => o.paid)) + 3;
  await applyStockOperation(tx, tenantId, {
    key: `demo-desk:delivery:${store.id}:${now.toISOString()}`,
    kind: 'receipt',
    reference: `${NOTE}: the units of the day's desk orders`,
    at: minutesAgo(first),
    lines: DESK.flatMap((o) =>
      o.lines.map(([code, qty]) => ({
        store_id: store.id,
        sku_id: skus.get(code)!,
        on_hand_delta: qty,
        reserved_delta: 0,
      })),
    ),
  });
  for (const [n, planned] of DESK.entries()) {
    const shopper = await upsertShopper(tx, tenantId, {
      openid: `demo-desk-${store.code}-${String(n + 1).padStart(2, '0')}`,
    });
    const name = MEMBER_NAMES[n];
    const member = await ensureMembership(tx, tenantId, shopper.id);
    if (name && !member.name) await updateMember(tx, member.id, { name });
    const input = {
      type: planned.type,
      lines: planned.lines.map(([code, qty]) => ({ sku_id: skus.get(code)!, qty })),
      ...(planned.note ? { note: planned.note } : {}),
      ...(planned.to
        ? {
            delivery: {
              ...offset(store.location, planned.to.north, planned.to.east),
              address: planned.to.address,
              contact_name: planned.to.contact_name,
              phone: planned.to.phone,
            },
          }
        : { store_id: store.id }),
    } as OrderCreate;
    const order = await createOrder(
      tx,
      tenantId,
      input,
      {
        shopper_id: shopper.id,
        staff_id: null,
        tier: await shopperTier(tx, tenantId, shopper.id),
        actor: `shopper:${shopper.id}`,
      },
      { ttlSeconds: 15 * 60, rules: pricingRules(), now: minutesAgo(planned.paid + 2) },
    );
    await payOrder(
      tx,
      tenantId,
      order.id,
      { method: 'demo', amount_cents: order.total_cents, transaction_id: `${PAYMENT}${order.id}` },
      `shopper:${shopper.id}`,
      minutesAgo(planned.paid),
    );
    for (const step of planned.steps ?? [])
      await transitionOrder(tx, tenantId, order.id, step.to, ACTOR, NOTE, minutesAgo(step.ago));
  }
  return [`orders desk ${store.code}: ${DESK.length} orders today`];
}

/** Hands over the desk orders paid before `before` and still open, each step dated after the last. */
async function closeEarlierDesk(tx: Tx, tenantId: string, storeId: string, before: Date) {
  const { rows } = await tx.query<{ id: string; type: OrderType; status: OrderStatus; paid_at: Date }>(
    `SELECT id, type, status, paid_at FROM orders WHERE store_id = $1 AND payment->>'transaction_id' LIKE $2
       AND paid_at <= $3 AND status IN ('paid', 'preparing', 'ready')`,
    [storeId, `${PAYMENT}%`, before],
  );
  for (const order of rows) {
    let at = order.paid_at.getTime();
    // The fulfilment step comes first among what may follow (then refunded).
    for (let status = order.status; status !== 'completed'; ) {
      status = nextStatuses(order.type, status)[0]!;
      at += STEP_MS;
      await transitionOrder(tx, tenantId, order.id, status, ACTOR, `${NOTE}: an earlier day's`, new Date(at));
    }
  }
}
