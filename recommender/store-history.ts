/**
 * A store's shelf and past from the database, through the domains' front doors, in the shape the
 * features read (`StoreData`): the assortment with categories, prices, member prices and stock
 * (commerce), the lines it sold as trips (commerce: an order or a till receipt is a trip whose steps
 * are its lines, in order), joined to the zones its shoppers passed in the visit they bought in
 * (visits), the brand's tier ladder (members), its local clock (stores).
 */
import {
  availableUnits,
  type SaleLine,
  type ShelfItem,
  saleLines,
  shelfItems,
  storeAssortment,
  unitPrice,
} from '../commerce/index.js';
import type { Tx } from '../db/pool.js';
import { listTiers } from '../members/index.js';
import { getStore, localTime, WEEKDAYS } from '../stores/index.js';
import { productsNearZone } from '../venues/index.js';
import { type ZonePass, zonePasses } from '../visits/index.js';
import { DAY_MS, type ShelfProduct, type Trip, type TripStep } from './history.js';

export interface StoreShelf {
  shelf: ShelfProduct[];
  /** Prices, names and images of the shelf's SKUs, for the offer. */
  items: Map<string, ShelfItem>;
  /** SKU id by code: product places name SKUs by code. */
  idsByCode: Map<string, string>;
}

/** How long after leaving an order still belongs to the visit (a pickup paid on the way out, a slow payment). */
const PAID_AFTER_VISIT_MS = 15 * 60_000;
/** An open visit's end, for matching its orders. */
const OPEN_VISIT_MS = 2 * 3_600_000;

const clockOf = (timezone: string, at: Date) => {
  const local = localTime(timezone, at);
  return { hour: Math.floor(local.minute / 60), weekday: WEEKDAYS.indexOf(local.weekday) };
};

/**
 * Trips with the zones their shoppers passed: a recognised visit with zone passes becomes one trip —
 * its zones, then what the shopper paid for during it (or just after), in time order — in place of
 * those orders' own trips. A visit that bought nothing is a trip too (a visit counts, bought or not).
 */
export function withZonePasses(
  trips: readonly Trip[],
  passes: readonly ZonePass[],
  timezone: string,
): Trip[] {
  const visits = new Map<string, ZonePass[]>();
  for (const pass of passes) visits.set(pass.visit_id, [...(visits.get(pass.visit_id) ?? []), pass]);
  const merged = new Set<string>();
  const visitTrips: Trip[] = [];
  for (const [id, zones] of visits) {
    const { shopper_id, arrived_at, departed_at } = zones[0]!;
    const until = (departed_at?.getTime() ?? arrived_at.getTime() + OPEN_VISIT_MS) + PAID_AFTER_VISIT_MS;
    const orders = trips.filter(
      (t) => t.shopper === shopper_id && !merged.has(t.id) && t.at >= arrived_at.getTime() && t.at < until,
    );
    for (const order of orders) merged.add(order.id);
    const steps: TripStep[] = [
      ...zones.map((z) => ({ zone: z.zone, at: z.entered_at.getTime(), bought: [] })),
      ...orders.flatMap((o) => o.steps),
    ].sort((a, b) => a.at - b.at);
    visitTrips.push({
      id,
      shopper: shopper_id,
      tier: null,
      at: arrived_at.getTime(),
      ...clockOf(timezone, arrived_at),
      steps,
    });
  }
  return [...trips.filter((t) => !merged.has(t.id)), ...visitTrips].sort((a, b) => a.at - b.at);
}

/** Lines sold grouped into trips, oldest first, on the store's local clock. */
export function tripsOf(lines: readonly SaleLine[], timezone: string): Trip[] {
  const trips = new Map<string, { shopper: string | null; at: Date; lines: SaleLine[] }>();
  for (const line of lines) {
    const trip = trips.get(line.basket);
    if (trip) trip.lines.push(line);
    else trips.set(line.basket, { shopper: line.shopper_id, at: line.at, lines: [line] });
  }
  return [...trips].map(([id, trip]) => {
    return {
      id,
      shopper: trip.shopper,
      tier: null,
      at: trip.at.getTime(),
      ...clockOf(timezone, trip.at),
      // A till return's negative units take back from the store's sales, as unitsSold counts them.
      steps: trip.lines.map((l) => ({ at: l.at.getTime(), bought: [{ sku_id: l.sku_id, qty: l.qty }] })),
    };
  });
}

/** What the store offers now: every SKU of its assortment with its price, category and units in stock. */
export async function storeShelf(tx: Tx, storeId: string): Promise<StoreShelf> {
  const assortment = await storeAssortment(tx, storeId);
  const ids = assortment.map((a) => a.sku_id);
  const items = await shelfItems(tx, storeId, ids);
  const stock = await availableUnits(tx, storeId, ids);
  const shelf = assortment.flatMap((a): ShelfProduct[] => {
    const item = items.get(a.sku_id);
    if (!item) return [];
    const price = unitPrice(item).unit_cents;
    return [
      {
        sku_id: a.sku_id,
        // Uncategorised products make a category of their own.
        category: a.category_id ?? 'uncategorised',
        price_cents: price,
        member_cents: Object.fromEntries(
          Object.keys(item.member_cents ?? {}).flatMap((tier) => {
            const member = unitPrice(item, tier);
            return member.basis === 'member' ? [[tier, member.unit_cents]] : [];
          }),
        ),
        available: item.available ? (stock.get(a.sku_id) ?? 0) : 0,
      },
    ];
  });
  return { shelf, items, idsByCode: new Map(assortment.map((a) => [a.code, a.sku_id])) };
}

export interface StorePast {
  timezone: string;
  tiers: string[];
  trips: Trip[];
}

/**
 * The store's trips of the `days` before `now` (with the zones shoppers passed, where the beacons saw
 * them), its time zone and the brand's tier ladder.
 */
export async function storePast(tx: Tx, storeId: string, now: Date, days: number): Promise<StorePast> {
  const store = await getStore(tx, storeId, now);
  const timezone = store?.timezone ?? 'UTC';
  const since = new Date(now.getTime() - days * DAY_MS);
  const lines = await saleLines(tx, { store_id: storeId }, since, now);
  const passes = await zonePasses(tx, storeId, since, now);
  const tiers = (await listTiers(tx)).map((t) => t.code);
  return { timezone, tiers, trips: withZonePasses(tripsOf(lines, timezone), passes, timezone) };
}

/** The products of the shelf within `withinM` of a zone (id or name), by SKU id, and how far from its edge. */
export async function zoneReach(
  tx: Tx,
  storeId: string,
  zone: string,
  withinM: number,
  idsByCode: ReadonlyMap<string, string>,
): Promise<Map<string, number>> {
  const placed = await productsNearZone(tx, storeId, zone, withinM);
  return new Map(
    placed.flatMap((p) => (idsByCode.has(p.sku) ? [[idsByCode.get(p.sku)!, p.distance_m ?? 0]] : [])),
  );
}
