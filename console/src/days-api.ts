/** Footfall & sales: what the server answers for a store's days, and how to read it. */
import { api } from './api';

export interface StoreDay {
  day: string;
  visits: number;
  shoppers: number;
  median_stay_s: number | null;
  busiest_hour: number | null;
  orders: number;
  order_cents: number;
  till_receipts: number;
  till_units: number;
  till_cents_at_shelf_price: number;
  sales_cents: number;
}

export interface StoreDays {
  timezone: string;
  from: string;
  to: string;
  /** Each day counted up to this minute of the day (HH:MM); null: whole days. */
  until: string | null;
  /** The first recognised visit's day: before it the beacons were not counting. */
  footfall_since: string | null;
  days: StoreDay[];
  totals: Omit<StoreDay, 'day' | 'shoppers' | 'median_stay_s' | 'busiest_hour'>;
}

/** Whether the beacons were counting visits on `day`: before the first one, no visits is no figure. */
export const counted = (report: StoreDays, day: string) =>
  report.footfall_since !== null && day >= report.footfall_since;

/** The local hour in which most visits began, as a clock shows it: 18:00. */
export const clockHour = (h: number) => `${String(h).padStart(2, '0')}:00`;

/** The table's columns in order, by their headings' text keys; the CSV download has the same. */
export const DAY_COLUMNS = [
  'days.day',
  'days.visits',
  'days.shoppers',
  'days.medianStay',
  'days.busiest',
  'days.orders',
  'days.orderSales',
  'days.tillReceipts',
  'days.tillUnits',
  'days.tillSales',
  'days.sales',
] as const;

/** The span of days ending today where the store is, which the server knows; each up to `until` (HH:MM) if named. */
export const storeDays = (storeId: string, days: number, until?: string) =>
  api.get<StoreDays>(`/stores/${storeId}/days?days=${days}${until ? `&until=${until}` : ''}`);
