/**
 * Four weeks of past days for the demo stores, so *Footfall & sales* and the reports open on a
 * believable history rather than on today alone: each store-day planned by db/demo-history-plan.ts
 * (deterministic) and written in one transaction through the domains' own functions — visits
 * (`importPastVisits`), orders (`createOrder`, the demo payment through `payOrder`, `transitionOrder`,
 * each dated when it happened; paid orders earn their shoppers' points as any order does) and till
 * receipts (`pastTillSales`: the tills' sale records as the stock ledger takes them, applied with
 * `applyStockOperations`, each dated when it was rung up). At a store with a coffee counter, some
 * logged-in visits linger there: the campaigns decide on each such moment as the live pipeline does
 * (`onMoment`, so the coffee campaign's report has past pushes, holdouts, coupons and the coffee
 * bought after them, with its lift), and the shopper buys a coffee or not, likelier with the coupon.
 * Everything is marked: devices, shoppers' openids and till receipt ids begin `demo-history-`, orders'
 * payments are `demo-history-…` transactions with 'demo history' in their audit trail.
 *
 * Stock: rather than leave today's shelves emptied by four weeks of sales (the opening stock is a few
 * dozen units a SKU), each day opens with a delivery (a `receipt` in the ledger, dated before
 * trading) of exactly the units its paid orders and tills then sell. So the ledger tells the whole
 * story and agrees with the balances, no balance goes short while a day is written, and today's
 * on-hand figures (the catalogue's opening stock, less what the live demo sold) come out as they went
 * in. Every entry is dated when it happened: the orders' reservations, sales and releases and the
 * points their payments earn (commerce's orders hand their past time on to the stock ledger and the
 * points ledger), the deliveries and the till sales.
 *
 * Idempotent: a store-day that has visits already (written before, or the live demo's) is skipped,
 * and today is left to the live simulation.
 */
import {
  applyStockOperations,
  createOrder,
  type OrderCreate,
  pastTillSales,
  payOrder,
  pricingRules,
  skuIdsByCode,
  stockLevels,
  transitionOrder,
  useCouponWallet,
} from '../commerce/index.js';
import { couponWallet, offerPayload, onMoment } from '../marketing/index.js';
import {
  ensureMembership,
  hasConsent,
  recordConsent,
  setOwnBirthday,
  shopperTier,
  updateMember,
  upsertShopper,
} from '../members/index.js';
import { recordPastDelivery } from '../push/index.js';
import { addDays, getStore, localTime } from '../stores/index.js';
import { COFFEE_COUNTER_ZONE, loadVenueMap } from '../venues/index.js';
import { footfallByDay, importPastVisits } from '../visits/index.js';
import {
  buysCoffee,
  HISTORY_POOL,
  type HistorySku,
  type HistoryStore,
  type PlannedDay,
  type PlannedOrder,
  planDay,
  unitsSoldOn,
} from './demo-history-plan.js';
import type { Db, Tx } from './pool.js';

const ACTOR = 'system:demo-history';
const NOTE = 'demo history';
/** Share of the offers pushed at the counter opened by shoppers who did not buy with them (the live demo opens 70% of all). */
const OPENED_ANYWAY = 0.6;

interface HistoryTarget {
  id: string;
  code: string;
}

/** What one store-day added. */
interface DayCounts {
  visits: number;
  orders: number;
  receipts: number;
  /** Coffee counter stops the campaigns decided on, and of those the ones pushed an offer. */
  counterStops: number;
  offered: number;
}

/** A store's coffee counter, for the history's counter stops: its zone and the coffees it sells. */
interface Counter {
  zone: string;
  coffees: HistorySku[];
}

/** An order the day writes: a planned one, or a coffee counter stop's with the coupon it used. */
type DayOrder = PlannedOrder & { coupons?: string[] };

/** Where a store-day is written. */
interface DayTarget {
  storeId: string;
  timezone: string;
  pool: readonly string[];
  counter: Counter | undefined;
}

/** Store-days written at once (on different stores, so they never wait on each other's stock rows). */
const LANES = 2;

/**
 * Adds the last `days` local days before today (in each store's time zone) that have no visits yet.
 * `skuCodes` are the catalogue codes the history sells from, in shelf order (bundles left out: they
 * are stocked as their components); `counterCodes` what a coffee counter sells.
 */
export async function seedDemoHistory(
  db: Db,
  tenantId: string,
  stores: readonly HistoryTarget[],
  options: { days: number; skuCodes: readonly string[]; counterCodes?: readonly string[]; now?: Date },
): Promise<string[]> {
  // The counter's coffees are bought with the campaign's coupons through commerce's orders, which take
  // them from marketing's wallet: `npm start` seeds before its server hands the wallet in.
  useCouponWallet(couponWallet);
  const work: (DayTarget & { code: string; plans: PlannedDay[] })[] = [];
  for (const target of stores) {
    const setup = await db.tenant(tenantId, async (tx) => {
      const store = await getStore(tx, target.id);
      if (!store) return undefined;
      const today = localTime(store.timezone, options.now ?? new Date()).date;
      const range = { from: addDays(today, -options.days), to: addDays(today, -1), timezone: store.timezone };
      const counted = new Set((await footfallByDay(tx, store.id, range)).map((d) => d.day));
      const missing: string[] = [];
      for (let day = range.from; day <= range.to; day = addDays(day, 1))
        if (!counted.has(day)) missing.push(day);
      if (missing.length === 0) return undefined;
      const history: HistoryStore = {
        code: store.code,
        timezone: store.timezone,
        hours: store.hours,
        services: store.services,
        location: store.location,
      };
      const shelf = await shelfOf(tx, store.id, options.skuCodes);
      const plans = missing.map((day) => planDay(history, day, shelf)).filter((p) => p.visits.length > 0);
      if (plans.length === 0) return undefined;
      return {
        code: store.code,
        storeId: store.id,
        timezone: store.timezone,
        plans,
        pool: await historyShoppers(tx, tenantId, store.code),
        counter: await counterOf(tx, store.id, options.counterCodes ?? []),
      };
    });
    if (setup) work.push(setup);
  }

  const totals = new Map(
    work.map((w) => [w.code, { days: 0, visits: 0, orders: 0, receipts: 0, counterStops: 0, offered: 0 }]),
  );
  const failed = new Map<string, string[]>(work.map((w) => [w.code, []]));
  const busy = new Set<string>();
  const lane = async () => {
    for (;;) {
      // The store with the most days still to write, of those no other lane is writing.
      const next = work
        .filter((w) => w.plans.length > 0 && !busy.has(w.code))
        .sort((a, b) => b.plans.length - a.plans.length)[0];
      if (!next) return;
      const plan = next.plans.shift()!;
      busy.add(next.code);
      try {
        const counts = await db.tenant(tenantId, (tx) => writeDay(tx, tenantId, next, plan));
        const total = totals.get(next.code)!;
        total.days++;
        total.visits += counts.visits;
        total.orders += counts.orders;
        total.receipts += counts.receipts;
        total.counterStops += counts.counterStops;
        total.offered += counts.offered;
      } catch (error) {
        // One day that cannot be written (a product withdrawn since, say) leaves the others be.
        failed.get(next.code)!.push(`${plan.day} (${(error as Error).message})`);
      } finally {
        busy.delete(next.code);
      }
    }
  };
  await Promise.all(Array.from({ length: LANES }, lane));

  return work.flatMap(({ code }) => {
    const t = totals.get(code)!;
    const lines: string[] = [];
    if (t.days > 0)
      lines.push(
        `history ${code}: ${t.days} day${t.days === 1 ? '' : 's'}, ${t.visits} visits, ${t.orders} orders, ${t.receipts} till receipts${t.counterStops ? `, ${t.counterStops} coffee counter stops (${t.offered} offered a coupon)` : ''}`,
      );
    if (failed.get(code)!.length) lines.push(`history ${code} not added for ${failed.get(code)!.join(', ')}`);
    return lines;
  });
}

/** The SKUs the store stocks, of the codes given, in their order. */
async function shelfOf(tx: Tx, storeId: string, codes: readonly string[]): Promise<HistorySku[]> {
  const ids = await skuIdsByCode(tx, [...codes]);
  const stocked = new Set((await stockLevels(tx, { store_id: storeId })).map((s) => s.sku_id));
  return codes.flatMap((code) => {
    const id = ids.get(code);
    return id && stocked.has(id) ? [{ code, sku_id: id }] : [];
  });
}

/** The store's coffee counter, if its map has one and it sells coffee. */
async function counterOf(tx: Tx, storeId: string, codes: readonly string[]): Promise<Counter | undefined> {
  if (codes.length === 0) return undefined;
  const zone = (await loadVenueMap(tx, storeId)).features.find(
    (f) => f.kind === 'zone' && f.name === COFFEE_COUNTER_ZONE,
  );
  const coffees = await shelfOf(tx, storeId, codes);
  return zone && coffees.length ? { zone: zone.id, coffees } : undefined;
}

/**
 * The store's history shoppers (mini-program users who let it recognise their visits and send them
 * offers there), made once, members who gave their name and birthday: birthdays spread over the year,
 * so a birthday campaign's audience in the editor is some of them whatever the month; names as a
 * Chinese member list has them, so staff read and find members by name.
 */
/** The n-th history shopper's birthday (MM-DD): the months in turn, the days spread over 1–28. */
const birthdayOf = (n: number) =>
  `${String(((n - 1) % 12) + 1).padStart(2, '0')}-${String(((n * 11) % 28) + 1).padStart(2, '0')}`;

/** Common surnames and given names: a history shopper's name is one of each. */
const SURNAMES = [...'王李张刘陈杨黄赵吴周徐孙马朱胡郭何林高罗'];
const GIVEN_NAMES =
  '伟 芳 娜 秀英 敏 静 丽 强 磊 军 洋 勇 艳 杰 娟 涛 明 超 秀兰 霞 平 刚 桂英 晓燕 建华 子涵 浩然 欣怡 雨轩 梓萱'.split(
    ' ',
  );

/** The n-th history shopper's name; the store's code shifts them, so each store's list is its own. */
function nameOf(n: number, storeCode: string): string {
  const shift = [...storeCode].reduce((sum, c) => sum + c.charCodeAt(0), 0);
  // 20 surnames by n, 30 given names by 7n: no two of the pool's 40 alike.
  return `${SURNAMES[(n + shift) % SURNAMES.length]}${GIVEN_NAMES[(7 * n + shift) % GIVEN_NAMES.length]}`;
}

async function historyShoppers(tx: Tx, tenantId: string, storeCode: string): Promise<string[]> {
  const ids: string[] = [];
  for (let n = 1; n <= HISTORY_POOL; n++) {
    const shopper = await upsertShopper(tx, tenantId, {
      openid: `demo-history-${storeCode}-${String(n).padStart(2, '0')}`,
    });
    for (const purpose of ['location_tracking', 'location_marketing'] as const) {
      if (await hasConsent(tx, shopper.id, purpose)) continue;
      await recordConsent(tx, {
        tenantId,
        shopperId: shopper.id,
        purpose,
        granted: true,
        policyVersion: 'demo',
        source: 'demo history',
      });
    }
    const member = await ensureMembership(tx, tenantId, shopper.id);
    if (!member.birthday) await setOwnBirthday(tx, member.id, birthdayOf(n));
    if (!member.name) await updateMember(tx, member.id, { name: nameOf(n, storeCode) });
    ids.push(shopper.id);
  }
  return ids;
}

/**
 * The day's coffee counter stops, as the live pipeline has them: each a zone_dwell moment the
 * campaigns decide on (`onMoment`: a push with the coffee coupon, the holdout, or a skip), then a
 * coffee bought or not by the shopper's group (`buysCoffee`), with the coupon when they got one.
 * Each offer is logged as delivered at the stop (`recordPastDelivery`: nothing is sent), and opened a
 * minute later by a shopper who then used its coupon, and by OPENED_ANYWAY of the others, as the live
 * demo's shoppers open most of what reaches them.
 */
async function counterOrders(
  tx: Tx,
  tenantId: string,
  target: DayTarget,
  plan: PlannedDay,
): Promise<{ orders: DayOrder[]; offered: number }> {
  const { counter, storeId, timezone, pool } = target;
  const orders: DayOrder[] = [];
  let offered = 0;
  if (!counter) return { orders, offered };
  for (const stop of plan.counterStops) {
    const offers = await onMoment(tx, {
      tenantId,
      shopperId: pool[stop.shopper]!,
      storeId,
      timezone,
      moment: {
        kind: 'zone_dwell',
        store_id: storeId,
        zone: counter.zone,
        dwell_s: stop.dwellS,
        at: stop.at,
      },
      eventKey: `demo-history:${stop.device}:${stop.at.toISOString()}`,
      visitsBefore: 1,
    });
    const coupon = offers.find((o) => o.coupon)?.coupon;
    if (offers.length) offered++;
    const buys = buysCoffee(stop, offers.length > 0);
    const openedAt = buys || stop.look < OPENED_ANYWAY ? new Date(stop.at.getTime() + 60_000) : undefined;
    for (const offer of offers)
      await recordPastDelivery(tx, { ...offer, payload: offerPayload(offer) }, stop.at, openedAt);
    if (!buys) continue;
    const coffee = counter.coffees[Math.floor(stop.pick * counter.coffees.length)]!;
    orders.push({
      type: 'scan_to_buy',
      shopper: stop.shopper,
      lines: [{ sku_id: coffee.sku_id, qty: 1 }],
      placedAt: stop.placedAt,
      paidAt: stop.paidAt,
      steps: [{ to: 'completed', at: stop.paidAt }],
      ...(coupon ? { coupons: [coupon.code] } : {}),
    });
  }
  return { orders, offered };
}

async function writeDay(tx: Tx, tenantId: string, target: DayTarget, plan: PlannedDay): Promise<DayCounts> {
  const { storeId, pool } = target;
  const counter = await counterOrders(tx, tenantId, target, plan);
  // The morning's delivery and the day's till receipts in one call: the balances move once per SKU,
  // by what the orders below then take (reserved, then sold). Nothing runs short on the way.
  await applyStockOperations(tx, tenantId, [
    {
      key: `demo-history:delivery:${storeId}:${plan.day}`,
      kind: 'receipt',
      reference: `${NOTE}: the delivery for ${plan.day}, what the day then sold`,
      at: plan.restockAt,
      lines: unitsSoldOn(
        plan,
        counter.orders.flatMap((o) => o.lines),
      ).map((l) => ({
        store_id: storeId,
        sku_id: l.sku_id,
        on_hand_delta: l.qty,
        reserved_delta: 0,
      })),
    },
    ...pastTillSales(
      plan.receipts.map((r) => ({
        id: r.id,
        store_id: storeId,
        rung_up_at: r.at,
        lines: r.lines,
        reference: `${NOTE} ${r.id}`,
      })),
    ),
  ]);

  // Baskets never paid first: each holds and gives back units the day's delivery brought.
  const ordered: DayOrder[] = [...plan.orders, ...counter.orders].sort(
    (a, b) => Number(Boolean(a.paidAt)) - Number(Boolean(b.paidAt)),
  );
  for (const planned of ordered) {
    const shopperId = pool[planned.shopper]!;
    const shopper = `shopper:${shopperId}`;
    const input = {
      type: planned.type,
      lines: planned.lines,
      ...(planned.delivery
        ? {
            delivery: {
              ...planned.delivery,
              contact_name: `Demo shopper ${planned.shopper + 1}`,
              phone: `138${String(10_000_000 + planned.shopper).slice(-8)}`,
            },
          }
        : { store_id: storeId }),
      ...(planned.coupons ? { coupons: planned.coupons } : {}),
    } as OrderCreate;
    const order = await createOrder(
      tx,
      tenantId,
      input,
      {
        shopper_id: shopperId,
        staff_id: null,
        tier: await shopperTier(tx, tenantId, shopperId),
        actor: shopper,
      },
      { ttlSeconds: 15 * 60, rules: pricingRules(), now: planned.placedAt },
    );
    // The nearest store that delivers is chosen by the address, which the plan keeps near this one.
    if (order.store_id !== storeId)
      throw new Error(`delivery went out from another store (${order.store_id})`);
    if (planned.cancelled) {
      const { at, byShopper } = planned.cancelled;
      await transitionOrder(
        tx,
        tenantId,
        order.id,
        'cancelled',
        byShopper ? shopper : ACTOR,
        byShopper ? `${NOTE}: changed their mind` : `${NOTE}: not paid in time`,
        at,
      );
      continue;
    }
    await payOrder(
      tx,
      tenantId,
      order.id,
      { method: 'demo', amount_cents: order.total_cents, transaction_id: `demo-history-${order.id}` },
      shopper,
      planned.paidAt,
    );
    for (const step of planned.steps ?? [])
      await transitionOrder(tx, tenantId, order.id, step.to, ACTOR, NOTE, step.at);
  }

  const visits = await importPastVisits(tx, {
    tenantId,
    storeId,
    visits: plan.visits.map((v) => ({
      device: v.device,
      shopperId: v.shopper === null ? null : pool[v.shopper]!,
      arrivedAt: v.arrivedAt,
      departedAt: v.departedAt,
    })),
  });
  return {
    visits,
    orders: ordered.length,
    receipts: plan.receipts.length,
    counterStops: target.counter ? plan.counterStops.length : 0,
    offered: counter.offered,
  };
}
