/**
 * A store's days side by side: footfall (visits from the visits stage) beside sales (paid orders and
 * the tills' records), what a store manager reads of yesterday. Pure: the rows in, the report out,
 * every day of the range present, a quiet day as zeros rather than a gap.
 */
import type { DaySales } from '../commerce/index.js';
import { addDays } from '../stores/index.js';
import type { DayFootfall } from '../visits/index.js';

export interface StoreDay extends Omit<DayFootfall, 'busiest_hour'>, Omit<DaySales, 'day'> {
  busiest_hour: number | null;
  /** Paid orders plus till units at shelf price. */
  sales_cents: number;
}

export interface StoreDays {
  days: StoreDay[];
  totals: Omit<StoreDay, 'day' | 'median_stay_s' | 'busiest_hour' | 'shoppers'>;
}

/** The dates from `from` to `to` inclusive (YYYY-MM-DD). */
function datesBetween(from: string, to: string): string[] {
  const dates: string[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) dates.push(d);
  return dates;
}

export function storeDays(
  range: { from: string; to: string },
  footfall: readonly DayFootfall[],
  sales: readonly DaySales[],
): StoreDays {
  const visitsOn = new Map(footfall.map((f) => [f.day, f]));
  const salesOn = new Map(sales.map((s) => [s.day, s]));
  const days = datesBetween(range.from, range.to).map((day): StoreDay => {
    const f = visitsOn.get(day);
    const s = salesOn.get(day);
    const orderCents = s?.order_cents ?? 0;
    const tillCents = s?.till_cents_at_shelf_price ?? 0;
    return {
      day,
      visits: f?.visits ?? 0,
      shoppers: f?.shoppers ?? 0,
      median_stay_s: f?.median_stay_s ?? null,
      busiest_hour: f?.busiest_hour ?? null,
      orders: s?.orders ?? 0,
      order_cents: orderCents,
      till_receipts: s?.till_receipts ?? 0,
      till_units: s?.till_units ?? 0,
      till_cents_at_shelf_price: tillCents,
      sales_cents: orderCents + tillCents,
    };
  });
  const sum = (pick: (d: StoreDay) => number) => days.reduce((total, d) => total + pick(d), 0);
  return {
    days,
    totals: {
      visits: sum((d) => d.visits),
      orders: sum((d) => d.orders),
      order_cents: sum((d) => d.order_cents),
      till_receipts: sum((d) => d.till_receipts),
      till_units: sum((d) => d.till_units),
      till_cents_at_shelf_price: sum((d) => d.till_cents_at_shelf_price),
      sales_cents: sum((d) => d.sales_cents),
    },
  };
}
