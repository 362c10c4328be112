/**
 * One past day of a demo store, planned: the visits its beacons would have recognised, the orders
 * its shoppers placed (pickup, delivery, scan-to-buy; a few never paid) and its till receipts. Pure
 * and deterministic: the same store and date always give the same day (a PRNG seeded from both), so
 * the history reads the same on every machine. db/demo-history.ts writes it through the domains.
 *
 * The shape of a day: visits follow the store's opening hours, busier at lunch and in the evening and
 * at weekends, each store in its own way (Nanjing East Road: shoppers and tourists, big weekends;
 * Xintiandi: evenings and late nights; Jing'an Temple: office workers at lunch, quieter weekends).
 */
import { createRandom, type Random, seedFrom } from '../positioning/index.js';
import { addDays, intervalsOn, localTime, minutesOf, type OpeningHours, WEEKDAYS } from '../stores/index.js';

export interface HistoryStore {
  code: string;
  timezone: string;
  hours: OpeningHours;
  services: readonly string[];
  location: { lat: number; lng: number };
}

/** A SKU the store stocks, by catalogue code (the family prefix sets how often it sells). */
export interface HistorySku {
  code: string;
  sku_id: string;
}

export interface PlannedVisit {
  device: string;
  /** Index into the store's pool of history shoppers, or null for a phone not logged in. */
  shopper: number | null;
  arrivedAt: Date;
  departedAt: Date;
}

export type PlannedOrderType = 'pickup' | 'delivery' | 'scan_to_buy';
export type PlannedLine = { sku_id: string; qty: number };

export interface PlannedOrder {
  type: PlannedOrderType;
  shopper: number;
  lines: PlannedLine[];
  placedAt: Date;
  /** Paid orders: paid, then along their fulfilment (preparing, ready, completed) at these times. */
  paidAt?: Date;
  steps?: { to: 'preparing' | 'ready' | 'completed'; at: Date }[];
  /** Never paid: cancelled by the shopper or by the clock. */
  cancelled?: { at: Date; byShopper: boolean };
  delivery?: { lat: number; lng: number; address: string };
}

export interface PlannedReceipt {
  id: string;
  at: Date;
  lines: PlannedLine[];
}

/**
 * A logged-in visit that lingered at the coffee counter (stores with one): the moment the coffee
 * campaign decides on, and the dice of the coffee bought on the way out (`buysCoffee`).
 */
export interface PlannedCounterStop {
  shopper: number;
  device: string;
  at: Date;
  dwellS: number;
  /** Uniform in [0, 1): a coffee is bought when it falls under the chance of the shopper's group. */
  roll: number;
  /** Uniform in [0, 1): which of the counter's coffees. */
  pick: number;
  /** Uniform in [0, 1): whether a shopper who did not use the coupon opened the offer all the same. */
  look: number;
  /** Bought at the counter by scan-to-buy, before leaving. */
  placedAt: Date;
  paidAt: Date;
}

export interface PlannedDay {
  day: string;
  visits: PlannedVisit[];
  orders: PlannedOrder[];
  receipts: PlannedReceipt[];
  counterStops: PlannedCounterStop[];
  /** When the day's delivery arrives: before the first minute of trading. */
  restockAt: Date;
}

interface Profile {
  /** Recognised visits on an ordinary weekday. */
  visitsPerDay: number;
  /** Multipliers by weekday (sun … sat). */
  weekday: readonly number[];
  /** Extra weight by local hour on top of the common curve. */
  hourBoost: Readonly<Record<number, number>>;
  /** Median stay, minutes. */
  stayMin: number;
  /** Orders per visit, and till receipts per visit (the tills serve shoppers without the app too). */
  ordersPerVisit: number;
  receiptsPerVisit: number;
  /** Share of each order type, among the ones the store offers. */
  types: Readonly<Record<PlannedOrderType, number>>;
  /** Extra weight by SKU family. */
  families: Readonly<Record<string, number>>;
}

//                                  sun   mon   tue   wed   thu   fri   sat
const BUSY_WEEKENDS = [1.45, 0.9, 0.92, 0.95, 1.0, 1.15, 1.55] as const;
const LATE_WEEKENDS = [1.2, 0.85, 0.88, 0.9, 0.95, 1.3, 1.5] as const;
const OFFICE_WEEK = [0.7, 1.05, 1.08, 1.1, 1.08, 1.05, 0.78] as const;

const PROFILES: Record<string, Profile> = {
  SH001: {
    visitsPerDay: 80,
    weekday: BUSY_WEEKENDS,
    hourBoost: { 15: 1.2, 16: 1.2, 19: 1.15, 20: 1.2 },
    stayMin: 11,
    ordersPerVisit: 0.04,
    receiptsPerVisit: 0.7,
    types: { pickup: 0.4, delivery: 0.3, scan_to_buy: 0.3 },
    families: { SNK: 1.3 },
  },
  SH002: {
    visitsPerDay: 55,
    weekday: LATE_WEEKENDS,
    hourBoost: { 8: 0.7, 9: 0.7, 12: 0.9, 20: 1.5, 21: 1.7, 22: 1.8, 23: 1.8, 0: 2, 1: 2 },
    stayMin: 13,
    ordersPerVisit: 0.05,
    receiptsPerVisit: 0.6,
    types: { pickup: 0.3, delivery: 0.45, scan_to_buy: 0.25 },
    families: { DRK: 1.4, FRS: 1.2 },
  },
  SH003: {
    visitsPerDay: 70,
    weekday: OFFICE_WEEK,
    hourBoost: { 8: 1.6, 9: 1.4, 12: 1.6, 13: 1.4, 18: 1.1, 20: 0.7, 21: 0.6 },
    stayMin: 7,
    ordersPerVisit: 0.035,
    receiptsPerVisit: 0.8,
    types: { pickup: 0.55, delivery: 0, scan_to_buy: 0.45 },
    families: { DRK: 1.5, SNK: 1.3, STP: 1.2 },
  },
};
const DEFAULT_PROFILE = PROFILES.SH001!;

/** The common shape of a grocery day by local hour: breakfast, a lunch peak, the evening peak. */
const HOUR_CURVE = [
  0.35, 0.25, 0.15, 0.1, 0.1, 0.1, 0.2, 0.35, 0.5, 0.55, 0.65, 0.95, 1.6, 1.35, 0.8, 0.7, 0.8, 1.2, 1.65, 1.5,
  1.1, 0.8, 0.6, 0.45,
];
/** How often each family of the catalogue sells, before the store's own taste. */
const FAMILY_WEIGHT: Record<string, number> = { DRK: 1.6, SNK: 1.3, DRY: 1.2, FRS: 1.2, STP: 0.7, HSH: 0.5 };

/** Shoppers with the mini-program per store in the history, and the share of visits logged in. */
export const HISTORY_POOL = 40;
const LOGGED_IN = 0.42;
const CANCELLED = 0.1;
/** Logged-in visits that linger at a store's coffee counter. */
const AT_COUNTER = 0.15;
/**
 * Chance of a coffee after lingering at the counter: without the campaign's coupon (its holdout, or a
 * stop it did not push to) and with it. As the live demo's checkout (scripts/demo-checkout.ts), a
 * modest lift: a coupon tips some over, most shoppers do as they would have. The history's regulars
 * stop at the counter about twice in a report's week, so about a third of the holdout buy a coffee
 * in it, and about half of those pushed the coupon (a stop a day later is pushed it again).
 */
export const COFFEE_WITHOUT_OFFER = 0.2;
export const COFFEE_WITH_OFFER = 0.35;

/** Whether a counter stop ends with a coffee, given whether the campaign pushed its coupon then. */
export const buysCoffee = (stop: PlannedCounterStop, offered: boolean) =>
  stop.roll < (offered ? COFFEE_WITH_OFFER : COFFEE_WITHOUT_OFFER);

/** The instant of a local date and minute of the day in a time zone. */
export function instantOf(timezone: string, date: string, minute: number): Date {
  const guess = Date.parse(`${date}T00:00:00Z`) + minute * 60_000;
  // The zone's offset at the guess, then once more at the corrected instant (a DST change between).
  const offset = (at: number) => {
    const local = localTime(timezone, new Date(at));
    return Date.parse(`${local.date}T00:00:00Z`) + local.minute * 60_000 - Math.floor(at / 60_000) * 60_000;
  };
  const first = guess - offset(guess);
  return new Date(guess - offset(first));
}

/**
 * The store's trading minutes of a local date, as [from, to) minutes of that date: its own
 * intervals (one running past midnight is cut there, the next date has the rest) and the tail of
 * the night before. History stays inside its own date, so each date is written (or skipped) whole.
 */
export function tradingWindows(hours: OpeningHours, date: string): [number, number][] {
  const windows: [number, number][] = [];
  for (const i of intervalsOn(hours, addDays(date, -1))) {
    if (minutesOf(i.close) <= minutesOf(i.open) && minutesOf(i.close) > 0)
      windows.push([0, minutesOf(i.close)]);
  }
  for (const i of intervalsOn(hours, date)) {
    const close = minutesOf(i.close) <= minutesOf(i.open) ? 1440 : minutesOf(i.close);
    windows.push([minutesOf(i.open), close]);
  }
  return windows.sort((a, b) => a[0] - b[0]);
}

function poisson(random: Random, mean: number): number {
  if (mean <= 0) return 0;
  if (mean > 40) return Math.max(0, Math.round(mean + Math.sqrt(mean) * random.gaussian()));
  const limit = Math.exp(-mean);
  let n = 0;
  for (let p = random.next(); p > limit; p *= random.next()) n++;
  return n;
}

function pick<T>(random: Random, items: readonly T[], weight: (item: T) => number): T {
  const total = items.reduce((sum, item) => sum + weight(item), 0);
  let r = random.next() * total;
  for (const item of items) {
    r -= weight(item);
    if (r < 0) return item;
  }
  return items[items.length - 1]!;
}

const between = (random: Random, low: number, high: number) => low + random.next() * (high - low);
const compact = (date: string) => date.replaceAll('-', '');

export function planDay(store: HistoryStore, day: string, shelf: readonly HistorySku[]): PlannedDay {
  const random = createRandom(seedFrom(`demo-history:${store.code}:${day}`));
  const profile = PROFILES[store.code] ?? DEFAULT_PROFILE;
  const windows = tradingWindows(store.hours, day);
  const dayEnd = instantOf(store.timezone, addDays(day, 1), 0).getTime() - 1000;
  // Minutes from local midnight (a demo day: a clock change within it would shift its hours by one).
  const midnight = instantOf(store.timezone, day, 0).getTime();
  const at = (minute: number) => midnight + minute * 60_000;
  /** An instant of the day, to the second, never past its end. */
  const capped = (ms: number) => new Date(Math.round(Math.min(ms, dayEnd) / 1000) * 1000);
  const restockAt = new Date(at(Math.max(0, (windows[0]?.[0] ?? 0) - 45)));
  if (windows.length === 0) return { day, visits: [], orders: [], receipts: [], counterStops: [], restockAt };

  // Open minutes per hour, weighted by the day's curve: where visits, orders and receipts fall.
  const hourWeight = (h: number) => HOUR_CURVE[h]! * (profile.hourBoost[h] ?? 1);
  const openIn = (h: number) =>
    windows.reduce(
      (sum, [from, to]) => sum + Math.max(0, Math.min(to, 60 * h + 60) - Math.max(from, 60 * h)),
      0,
    );
  const hours = Array.from({ length: 24 }, (_, h) => ({
    h,
    weight: hourWeight(h) * (openIn(h) / 60),
  })).filter((x) => x.weight > 0);
  const totalWeight = hours.reduce((sum, x) => sum + x.weight, 0);
  /** A moment of trading, ms: an hour by weight, then a minute open within it. */
  const momentIn = (h: number) => {
    const open: number[] = [];
    for (let m = 60 * h; m < 60 * h + 60; m++)
      if (windows.some(([from, to]) => m >= from && m < to)) open.push(m);
    return at(open[Math.floor(random.next() * open.length)]!) + Math.floor(random.next() * 60) * 1000;
  };
  const anyMoment = () => momentIn(pick(random, hours, (x) => x.weight).h);
  const lastTrading = at(windows[windows.length - 1]![1]);

  // A whole day busier or quieter than its weekday (weather, a holiday crowd), then hour by hour.
  const weekday = WEEKDAYS.indexOf(localTime(store.timezone, new Date(at(720))).weekday);
  const expected = profile.visitsPerDay * profile.weekday[weekday]! * Math.exp(0.1 * random.gaussian());

  const visits: PlannedVisit[] = [];
  const busyUntil = new Map<number, number>();
  let anonymous = 0;
  for (const { h, weight } of hours) {
    for (let n = poisson(random, (expected * weight) / totalWeight); n > 0; n--) {
      const arrived = momentIn(h);
      const stay = Math.min(50, Math.max(1.5, profile.stayMin * Math.exp(0.55 * random.gaussian())));
      const departed = Math.min(arrived + Math.round(stay * 60) * 1000, lastTrading + 10 * 60_000, dayEnd);
      // Regulars come back often: the pool's first shoppers are picked most.
      let shopper: number | null =
        random.next() < LOGGED_IN ? Math.floor(HISTORY_POOL * random.next() ** 1.8) : null;
      if (shopper !== null && (busyUntil.get(shopper) ?? 0) > arrived) shopper = null;
      if (shopper !== null) busyUntil.set(shopper, departed);
      visits.push({
        device:
          shopper === null
            ? `demo-history-${store.code}-${compact(day)}-${String(++anonymous).padStart(4, '0')}`
            : historyDevice(store.code, shopper),
        shopper,
        arrivedAt: new Date(arrived),
        departedAt: new Date(Math.max(arrived + 60_000, departed)),
      });
    }
  }
  visits.sort((a, b) => a.arrivedAt.getTime() - b.arrivedAt.getTime());

  const skuWeight = (sku: HistorySku, index: number) => {
    const family = sku.code.slice(0, 3);
    return (FAMILY_WEIGHT[family] ?? 1) * (profile.families[family] ?? 1) * (1 / (1 + 0.25 * (index % 6)));
  };
  const weighted = shelf.map((sku, index) => ({ sku, weight: skuWeight(sku, index) }));
  const basket = (distinct: number): PlannedLine[] => {
    const lines = new Map<string, number>();
    for (let i = 0; i < distinct && shelf.length > 0; i++) {
      const { sku } = pick(random, weighted, (x) => x.weight);
      const qty = random.next() < 0.75 ? 1 : random.next() < 0.8 ? 2 : 3;
      lines.set(sku.sku_id, (lines.get(sku.sku_id) ?? 0) + qty);
    }
    return [...lines].map(([sku_id, qty]) => ({ sku_id, qty }));
  };

  const offered = (Object.keys(profile.types) as PlannedOrderType[]).filter(
    (t) => store.services.includes(t) && profile.types[t] > 0,
  );
  const loggedIn = visits.filter((v) => v.shopper !== null);
  const orders: PlannedOrder[] = [];
  // A day with shoppers sells at least one order, and its first is paid.
  const orderCount =
    offered.length && shelf.length && visits.length
      ? Math.max(1, poisson(random, visits.length * profile.ordersPerVisit))
      : 0;
  for (let n = 0; n < orderCount; n++) {
    const type = pick(random, offered, (t) => profile.types[t]);
    const cancelled = n > 0 && random.next() < CANCELLED;
    if (type === 'scan_to_buy') {
      // Scanned in the aisles and paid before walking out: during one of the day's visits.
      if (loggedIn.length === 0) continue;
      const visit = loggedIn[Math.floor(random.next() * loggedIn.length)]!;
      const out = visit.departedAt.getTime();
      const placed = Math.max(visit.arrivedAt.getTime() + 30_000, out - between(random, 60, 240) * 1000);
      const paid = placed + between(random, 15, 60) * 1000;
      orders.push({
        type,
        shopper: visit.shopper!,
        lines: basket(2 + Math.floor(random.next() * 4)),
        placedAt: capped(placed),
        ...(cancelled
          ? { cancelled: { at: capped(placed + between(random, 30, 300) * 1000), byShopper: true } }
          : {
              paidAt: capped(paid),
              steps: [{ to: 'completed' as const, at: capped(Math.max(out, paid + 30_000)) }],
            }),
      });
      continue;
    }
    const placed = anyMoment();
    const paid = placed + between(random, 20, 120) * 1000;
    const preparing = paid + between(random, 2, 10) * 60_000;
    const ready = preparing + between(random, 8, 25) * 60_000;
    const done = ready + (type === 'delivery' ? between(random, 15, 45) : between(random, 10, 150)) * 60_000;
    const shopper = Math.floor(HISTORY_POOL * random.next() ** 1.5);
    orders.push({
      type,
      shopper,
      // A delivery is a weekly shop (free delivery from ¥59); a pickup a few things on the way home.
      lines: basket(
        type === 'delivery' ? 4 + Math.floor(random.next() * 6) : 2 + Math.floor(random.next() * 5),
      ),
      placedAt: capped(placed),
      ...(cancelled
        ? {
            cancelled:
              random.next() < 0.5
                ? { at: capped(placed + between(random, 1, 10) * 60_000), byShopper: true }
                : { at: capped(placed + 15 * 60_000), byShopper: false },
          }
        : {
            paidAt: capped(paid),
            steps: [
              { to: 'preparing' as const, at: capped(preparing) },
              { to: 'ready' as const, at: capped(ready) },
              { to: 'completed' as const, at: capped(done) },
            ],
          }),
      ...(type === 'delivery' ? { delivery: nearby(random, store, shopper) } : {}),
    });
  }
  // A basket never paid holds units only while it waits; it takes what a paid basket of the day took,
  // so the day's delivery (what the day sold) always covers it. A day with no paid order has none.
  const paidLines = orders.filter((o) => o.paidAt).map((o) => o.lines);
  const kept = orders.filter((o) => o.paidAt || paidLines.length > 0);
  for (const order of kept) {
    if (order.cancelled)
      order.lines = paidLines[Math.floor(random.next() * paidLines.length)]!.map((l) => ({ ...l }));
  }

  const receipts: PlannedReceipt[] = [];
  const receiptCount = shelf.length ? poisson(random, visits.length * profile.receiptsPerVisit) : 0;
  for (let n = 1; n <= receiptCount; n++) {
    const size = random.next() < 0.3 ? 1 : random.next() < 0.5 ? 2 : 3 + Math.floor(random.next() * 4);
    receipts.push({
      id: `demo-history-${store.code}-${compact(day)}-T${String(n).padStart(4, '0')}`,
      at: new Date(anyMoment()),
      lines: basket(size),
    });
  }
  receipts.sort((a, b) => a.at.getTime() - b.at.getTime());
  kept.sort((a, b) => a.placedAt.getTime() - b.placedAt.getTime());
  return { day, visits, orders: kept, receipts, counterStops: counterStops(store, day, visits), restockAt };
}

/**
 * The day's logged-in visits that lingered at the coffee counter, if the store has one. Dice of their
 * own (seeded from the store and day), so that the rest of a day reads as it did before the counter.
 */
function counterStops(
  store: HistoryStore,
  day: string,
  visits: readonly PlannedVisit[],
): PlannedCounterStop[] {
  if (!store.services.includes('coffee_counter')) return [];
  const random = createRandom(seedFrom(`demo-history-counter:${store.code}:${day}`));
  const stops: PlannedCounterStop[] = [];
  for (const visit of visits) {
    const roll = random.next();
    if (visit.shopper === null || roll >= AT_COUNTER) continue;
    const from = visit.arrivedAt.getTime();
    const to = visit.departedAt.getTime();
    const at = from + Math.floor(random.next() * 0.6 * (to - from));
    const paid = Math.min(to - 1000, at + between(random, 60, 180) * 1000);
    stops.push({
      shopper: visit.shopper,
      device: visit.device,
      at: new Date(Math.round(at / 1000) * 1000),
      dwellS: Math.round(between(random, 10, 90)),
      roll: random.next(),
      pick: random.next(),
      look: random.next(),
      placedAt: new Date(Math.round((paid - 20_000) / 1000) * 1000),
      paidAt: new Date(Math.round(paid / 1000) * 1000),
    });
  }
  return stops;
}

/** The phone of a history shopper: the same one every day, so a regular's visits are theirs. */
export const historyDevice = (storeCode: string, shopper: number) =>
  `demo-history-${storeCode}-${String(shopper + 1).padStart(2, '0')}`;

/** A delivery address 250–900 m from the store: nearer to it than to any other demo store. */
function nearby(random: Random, store: HistoryStore, shopper: number) {
  const distance = between(random, 250, 900);
  const bearing = between(random, 0, 2 * Math.PI);
  const lat = store.location.lat + (distance * Math.cos(bearing)) / 111_320;
  const lng =
    store.location.lng +
    (distance * Math.sin(bearing)) / (111_320 * Math.cos((store.location.lat * Math.PI) / 180));
  return {
    lat: Math.round(lat * 1e6) / 1e6,
    lng: Math.round(lng * 1e6) / 1e6,
    address: `Demo history address ${shopper + 1}, ${Math.round(distance)} m from ${store.code}`,
  };
}

/**
 * The units a day sells (paid orders, tills, and `more`: the coffees its counter stops ended with) per
 * SKU: what its morning delivery brings.
 */
export function unitsSoldOn(plan: PlannedDay, more: readonly PlannedLine[] = []): PlannedLine[] {
  const units = new Map<string, number>();
  const add = (lines: readonly PlannedLine[]) => {
    for (const l of lines) units.set(l.sku_id, (units.get(l.sku_id) ?? 0) + l.qty);
  };
  for (const order of plan.orders) if (order.paidAt) add(order.lines);
  for (const receipt of plan.receipts) add(receipt.lines);
  add(more);
  return [...units].map(([sku_id, qty]) => ({ sku_id, qty })).sort((a, b) => (a.sku_id < b.sku_id ? -1 : 1));
}
