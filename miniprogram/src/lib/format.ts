/** How amounts, distances and opening hours read on the shopper's screen. */
import type { StoreHours } from './api';

export const yuan = (cents: number) => `¥${(cents / 100).toFixed(2)}`;

export const distance = (metres: number) =>
  metres < 1000 ? `${Math.round(metres)} m` : `${(metres / 1000).toFixed(1)} km`;

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

/** "Open until 22:00", "Closed · opens Mon 08:00", from what the server worked out in the store's zone. */
export function openingLine(store: StoreHours): string {
  if (store.open_now) return store.open_until ? `Open until ${store.open_until}` : 'Open now';
  if (!store.opens_next) return 'Closed';
  const day = WEEKDAYS[new Date(`${store.opens_next.date}T12:00:00Z`).getUTCDay()];
  return `Closed · opens ${day} ${store.opens_next.time}`;
}

/** Today's hours, "08:00–12:00, 13:00–22:00", or "Closed today". */
export const hoursToday = (store: StoreHours) =>
  store.hours_today.length ? store.hours_today.map((i) => `${i.open}–${i.close}`).join(', ') : 'Closed today';

export const SERVICE_NAMES: Record<string, string> = {
  pickup: 'Order & pick up',
  delivery: 'Delivery',
  scan_to_buy: 'Scan & go',
};

export const ORDER_TYPE_NAMES: Record<string, string> = {
  pickup: 'Pickup',
  delivery: 'Delivery',
  scan_to_buy: 'Scan & go',
};

export const ORDER_STATUS_NAMES: Record<string, string> = {
  created: 'Waiting for payment',
  paid: 'Paid',
  preparing: 'Being prepared',
  ready: 'Ready to collect',
  completed: 'Completed',
  cancelled: 'Cancelled',
  refunded: 'Refunded',
};
