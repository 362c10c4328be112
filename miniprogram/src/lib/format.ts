/** How amounts, distances, opening hours, services and order states read on the shopper's screen. */
import type { Order, OrderType, StoreHours } from './api';
import { type TextKey, t } from './i18n';

/** ¥12.50 in either language: the sign and two decimals are how Chinese shops write prices too. */
export const yuan = (cents: number) => `¥${(cents / 100).toFixed(2)}`;

export const distance = (metres: number) =>
  metres < 1000 ? t('metres', { n: Math.round(metres) }) : t('kilometres', { n: (metres / 1000).toFixed(1) });

const twoDigits = (n: number) => String(n).padStart(2, '0');

/** "2026-11-28" on the phone's own calendar: a Shanghai morning is still yesterday in the server's UTC. */
export function localDate(iso: string): string {
  const d = new Date(iso);
  return `${d.getFullYear()}-${twoDigits(d.getMonth() + 1)}-${twoDigits(d.getDate())}`;
}

/** "2026-11-28 08:23" on the phone's own clock: the shopper's time, not the server's UTC. */
export function localDateTime(iso: string): string {
  const d = new Date(iso);
  return `${localDate(iso)} ${twoDigits(d.getHours())}:${twoDigits(d.getMinutes())}`;
}

/** Items in a line: "a, b" / "a，b". */
export const listed = (items: string[]) => items.join(t('listSeparator'));

const WEEKDAYS: TextKey[] = [
  'weekday0',
  'weekday1',
  'weekday2',
  'weekday3',
  'weekday4',
  'weekday5',
  'weekday6',
];

/** "Sat 28/11" / "11月28日 周六": a date in the store's zone as the server sends it (YYYY-MM-DD). */
export function localDay(date: string): string {
  const [, month, day] = date.split('-').map(Number);
  return t('appointmentDay', {
    weekday: t(WEEKDAYS[new Date(`${date}T12:00:00Z`).getUTCDay()]!),
    month: month!,
    day: day!,
  });
}

/** "Open until 22:00", "Closed · opens Mon 08:00", from what the server worked out in the store's zone. */
export function openingLine(store: StoreHours): string {
  if (store.open_now) return store.open_until ? t('openUntil', { time: store.open_until }) : t('openNow');
  if (!store.opens_next) return t('closed');
  const day = WEEKDAYS[new Date(`${store.opens_next.date}T12:00:00Z`).getUTCDay()]!;
  return t('closedOpensNext', { day: t(day), time: store.opens_next.time });
}

/** Today's hours, "Today 08:00–12:00, 13:00–22:00", or "Closed today". */
export const hoursToday = (store: StoreHours) =>
  store.hours_today.length
    ? t('hoursToday', { hours: listed(store.hours_today.map((i) => `${i.open}–${i.close}`)) })
    : t('closedToday');

const SERVICES: Record<string, TextKey> = {
  pickup: 'servicePickup',
  delivery: 'serviceDelivery',
  scan_to_buy: 'serviceScanToBuy',
};

/** The services a store lists that the shopper can use here, in words (others are left out). */
export const serviceNames = (codes: string[]) => codes.filter((c) => SERVICES[c]).map((c) => t(SERVICES[c]!));

const ORDER_TYPES: Record<OrderType, TextKey> = {
  pickup: 'orderPickup',
  delivery: 'orderDelivery',
  scan_to_buy: 'orderScanToBuy',
};

export const orderTypeName = (type: OrderType) => t(ORDER_TYPES[type]);

const ORDER_STATUSES: Record<Order['status'], TextKey> = {
  created: 'statusCreated',
  paid: 'statusPaid',
  preparing: 'statusPreparing',
  ready: 'statusReady',
  completed: 'statusCompleted',
  cancelled: 'statusCancelled',
  refunded: 'statusRefunded',
};

/** A delivery order is `ready` once the store has handed it to the courier. */
export const orderStatusName = (status: Order['status'], type?: OrderType) =>
  t(type === 'delivery' && status === 'ready' ? 'statusOutForDelivery' : ORDER_STATUSES[status]);
