/**
 * A store's shelf and past from the database, through the domains' front doors, in the shape the
 * features read (`StoreData`): the assortment with categories, prices, member prices and stock
 * (commerce), the lines it sold as trips (commerce: an order or a till receipt is a trip whose steps
 * are its lines, in order — the database keeps no zone passes with a purchase), the brand's tier
 * ladder (members), its local clock (stores).
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
import { DAY_MS, type ShelfProduct, type Trip } from './history.js';

export interface StoreShelf {
  shelf: ShelfProduct[];
  /** Prices, names and images of the shelf's SKUs, for the offer. */
  items: Map<string, ShelfItem>;
  /** SKU id by code: product places name SKUs by code. */
  idsByCode: Map<string, string>;
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
    const local = localTime(timezone, trip.at);
    return {
      id,
      shopper: trip.shopper,
      tier: null,
      at: trip.at.getTime(),
      hour: Math.floor(local.minute / 60),
      weekday: WEEKDAYS.indexOf(local.weekday),
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

/** The store's trips of the `days` before `now`, its time zone and the brand's tier ladder. */
export async function storePast(tx: Tx, storeId: string, now: Date, days: number): Promise<StorePast> {
  const store = await getStore(tx, storeId, now);
  const timezone = store?.timezone ?? 'UTC';
  const lines = await saleLines(tx, { store_id: storeId }, new Date(now.getTime() - days * DAY_MS), now);
  const tiers = (await listTiers(tx)).map((t) => t.code);
  return { timezone, tiers, trips: tripsOf(lines, timezone) };
}
