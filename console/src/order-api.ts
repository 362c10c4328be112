/**
 * The orders desk's calls to the server (commerce/orders and commerce/payments routes) and how the
 * desk sorts what they answer into the work to do. Order shapes come from the server's own schemas.
 */
import type { Static } from 'typebox';
import { orderNumber as numberOf } from '../../commerce/orders/order-number.js';
import type { Order as OrderSchema } from '../../commerce/orders/schemas.js';
import { nextStatuses, type OrderStatus, type OrderType } from '../../commerce/orders/state.js';
import type { Refund as RefundSchema } from '../../commerce/payments/schemas.js';
import { localTime } from '../../stores/local-time.js';
import { api } from './api';
import { dateLocale, t } from './i18n';

export type Order = Static<typeof OrderSchema>;
export type Refund = Static<typeof RefundSchema>;

/** The columns of the desk, in the order the work flows. */
export const LANES = ['to_prepare', 'preparing', 'ready', 'done', 'refunded'] as const;
export type Lane = (typeof LANES)[number];

export const laneLabel = (lane: Lane) => t(`lane.${lane}`);
export const typeLabel = (type: OrderType) => t(`type.${type}`);
export const statusLabel = (status: OrderStatus) => t(`status.${status}`);

/** Times as the store reads them: in its time zone, on a 24-hour clock, with the date when not today. */
export function storeTime(timeZone: string | undefined) {
  const day = new Intl.DateTimeFormat('en-CA', { timeZone });
  const time = new Intl.DateTimeFormat(dateLocale(), {
    timeZone,
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  });
  const date = new Intl.DateTimeFormat(dateLocale(), { timeZone, month: 'short', day: 'numeric' });
  const today = day.format(new Date());
  const isToday = (at: number | string | Date) => day.format(new Date(at)) === today;
  const zone = timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone;
  /** When a day (YYYY-MM-DD) began in the store, at the zone's offset then (the chain's zones keep no summer time). */
  const midnight = (date: string) => {
    const utc = Date.parse(`${date}T00:00:00Z`);
    const wall = localTime(zone, new Date(utc));
    const offset = Date.parse(`${wall.date}T00:00:00Z`) + wall.minute * 60_000 - utc;
    return new Date(utc - offset);
  };
  return {
    zone,
    isToday,
    /** The store's date now (YYYY-MM-DD). */
    today: () => localTime(zone, new Date()).date,
    midnight,
    /** When today began in the store: its midnight. */
    dayStart: (now = new Date()) => midnight(localTime(zone, now).date),
    clock: (at: number | string | Date) =>
      isToday(at) ? time.format(new Date(at)) : `${date.format(new Date(at))} ${time.format(new Date(at))}`,
  };
}
export type StoreTime = ReturnType<typeof storeTime>;

/** When the order last changed status: its history's last step (`updated_at` also moves for other reasons). */
export const lastMove = (o: Order) => Date.parse(o.history.at(-1)?.created_at ?? o.updated_at);

/**
 * Where an order sits on the desk, or nowhere: unpaid ones are not work yet, and a cancelled order
 * never was (only an unpaid order can be cancelled). A scan & go shopper has the goods in hand once
 * paid, and leaves with the exit pass: done as far as the desk goes.
 */
function laneOf(order: Order, today: StoreTime['isToday']): Lane | undefined {
  const touchedToday = today(lastMove(order));
  switch (order.status) {
    case 'paid':
      return order.type === 'scan_to_buy' ? (touchedToday ? 'done' : undefined) : 'to_prepare';
    case 'preparing':
      return 'preparing';
    case 'ready':
      return 'ready';
    case 'completed':
      return touchedToday ? 'done' : undefined;
    case 'refunded':
      return touchedToday ? 'refunded' : undefined;
    default:
      return undefined;
  }
}

/** When the shopper paid: where the wait for the desk begins. */
export const paidAt = (o: Order) => Date.parse(o.paid_at ?? o.created_at);

/** A paid order waiting longer than this to be started is flagged, on the desk and on Today. */
export const WAITING_TOO_LONG_MS = 15 * 60_000;

/** The desk's columns: work first come, first served (oldest payment first); what is finished, latest first. */
export function lanes(orders: readonly Order[], today: StoreTime['isToday']): Record<Lane, Order[]> {
  const byLane = Object.fromEntries(LANES.map((l) => [l, [] as Order[]])) as Record<Lane, Order[]>;
  for (const order of orders) {
    const lane = laneOf(order, today);
    if (lane) byLane[lane].push(order);
  }
  for (const lane of ['to_prepare', 'preparing', 'ready'] as const)
    byLane[lane].sort((a, b) => paidAt(a) - paidAt(b));
  for (const lane of ['done', 'refunded'] as const) byLane[lane].sort((a, b) => lastMove(b) - lastMove(a));
  return byLane;
}

/**
 * The one step a card's button takes, in the words of the button; none for a pickup order that is
 * ready: it is handed over on the shopper's pickup code.
 */
export function nextStep(order: Order): Step | undefined {
  const to = nextStatuses(order.type, order.status).find((s) => s !== 'refunded' && s !== 'cancelled');
  if (order.type === 'scan_to_buy' || (order.type === 'pickup' && to === 'completed')) return undefined;
  const delivery = order.type === 'delivery';
  if (to === 'preparing') return { to, label: t('step.preparing'), done: t('step.preparing.done') };
  if (to === 'ready')
    return delivery
      ? { to, label: t('step.readyCourier'), done: t('step.readyCourier.done') }
      : { to, label: t('step.ready'), done: t('step.ready.done') };
  if (to === 'completed') return { to, label: t('step.courier'), done: t('step.courier.done') };
  return undefined;
}

/** A step of the desk: where it takes the order, the button's words, and what the order is then. */
export interface Step {
  to: 'preparing' | 'ready' | 'completed';
  label: string;
  done: string;
}

/** `just now`, `12 min ago`, `2 h 5 min ago`, `3 days ago`. */
export function ago(ms: number): string {
  const minutes = Math.floor(ms / 60_000);
  if (minutes < 1) return t('ago.now');
  if (minutes < 60) return t('ago.minutes', { minutes });
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return t('ago.hours', { hours, minutes: minutes % 60 });
  const days = Math.floor(hours / 24);
  return days === 1 ? t('ago.day') : t('ago.days', { days });
}

/**
 * Whom the order is for, as the desk names them: the member's name and number (the number alone when
 * they gave no name), the number kept on one line; a shopper who is no member, or an order taken at
 * the till, said so.
 */
export function customerOf({ customer, shopper_id }: Order): string {
  if (!customer) return shopper_id ? t('customer.notMember') : t('customer.till');
  const { name, member_no: no } = customer;
  return name ? t('customer.named', { name, no }) : t('customer.member', { no });
}

/** How staff name an order aloud and on the bag: the shopper's app shows the same (commerce/orders/order-number.ts). */
export const orderNumber = (order: Pick<Order, 'id'>) => numberOf(order.id);

/**
 * What the desk reads: the orders to work on, those finished in the last day (the desk keeps the
 * store's today), and the latest scan & go orders apart, which are paid at the shelf and leave with
 * their shopper (shown as done): a busy day's many would otherwise crowd the others out of a page.
 */
const DAY_MS = 24 * 60 * 60 * 1000;
const deskReads = (now: number): string[] => [
  'status=paid&status=preparing&status=ready&type=pickup&type=delivery&limit=500',
  `status=completed&status=refunded&updated_since=${new Date(now - DAY_MS).toISOString()}&limit=300`,
  'status=paid&type=scan_to_buy&limit=50',
];

/** The store's orders the desk shows. */
export async function deskOrders(storeId: string): Promise<Order[]> {
  const pages = await Promise.all(
    deskReads(Date.now()).map((read) => api.get<Order[]>(`/orders?store_id=${storeId}&${read}`)),
  );
  // An order that moved between two of the calls comes twice: its later state wins.
  const latest = new Map<string, Order>();
  for (const order of pages.flat()) {
    const known = latest.get(order.id);
    if (!known || lastMove(order) >= lastMove(known)) latest.set(order.id, order);
  }
  return [...latest.values()];
}

/** What the desk's find box was given: an order number as the desk shows it, a pickup code, or a phone. */
export type Sought = { by: 'number' | 'pickup_code' | 'phone'; value: string };

/**
 * Reads what was typed: an order number (#A1B2C3D4, any case), a pickup code (6 digits), or the
 * customer's phone or its last four digits (手机尾号), spaced or dashed as people say it.
 */
export function sought(typed: string): Sought | undefined {
  const value = typed.trim();
  if (/^#?[0-9a-f]{8}$/i.test(value)) return { by: 'number', value };
  if (/^[0-9]{6}$/.test(value)) return { by: 'pickup_code', value };
  const phone = value.replace(/[\s-]/g, '');
  if (/^([0-9]{4}|\+?[0-9]{11,20})$/.test(phone)) return { by: 'phone', value: phone };
  return undefined;
}

/** The most orders the find box lists: a regular's phone may stand for many more, of which these are the newest. */
export const FOUND_MOST = 20;

/** The store's orders under this number, pickup code or phone, whatever their day, newest first. */
export const findOrders = (storeId: string, { by, value }: Sought) =>
  api.get<Order[]>(`/orders?store_id=${storeId}&${by}=${encodeURIComponent(value)}&limit=${FOUND_MOST}`);

/** Where a page of earlier orders begins: a time, or the last order of the page before it. */
export type PageStart = { at: string; id?: string };

/** A page of the store's orders placed before `from`, newest first; `size` + 1 are read to know if more are left. */
export async function earlierOrders(
  storeId: string,
  { from, status, size }: { from: PageStart; status: OrderStatus | undefined; size: number },
): Promise<{ orders: Order[]; more: boolean }> {
  const after = from.id ? `&before_id=${from.id}` : '';
  const found = await api.get<Order[]>(
    `/orders?store_id=${storeId}&before=${from.at}${after}${status ? `&status=${status}` : ''}&limit=${size + 1}`,
  );
  return { orders: found.slice(0, size), more: found.length > size };
}

/** The most orders a download holds, and the most days it spans: a quarter's, well within a spreadsheet. */
export const DOWNLOAD_MOST = 10_000;
export const DOWNLOAD_DAYS = 92;

/**
 * Every order of the store placed in [since, until), by status as the earlier orders are filtered,
 * paged back from `until` as those are; the newest DOWNLOAD_MOST when there are more (`capped`).
 */
export async function ordersBetween(
  storeId: string,
  { since, until, status }: { since: Date; until: Date; status: OrderStatus | undefined },
): Promise<{ orders: Order[]; capped: boolean }> {
  const orders: Order[] = [];
  let from: PageStart = { at: until.toISOString() };
  for (;;) {
    const page = await earlierOrders(storeId, { from, status, size: 400 });
    const inRange = page.orders.filter((o) => Date.parse(o.created_at) >= since.getTime());
    orders.push(...inRange);
    if (orders.length > DOWNLOAD_MOST) return { orders: orders.slice(0, DOWNLOAD_MOST), capped: true };
    const last = page.orders.at(-1);
    if (!page.more || !last || inRange.length < page.orders.length) return { orders, capped: false };
    from = { at: last.created_at, id: last.id };
  }
}

export const getOrder = (id: string) => api.get<Order>(`/orders/${id}`);

export const moveOrder = (id: string, to: 'preparing' | 'ready' | 'completed' | 'refunded', note?: string) =>
  api.send<Order>('POST', `/orders/${id}/status`, note ? { to, note } : { to });

/** Hands over the ready pickup order whose code (or scanned QR) the shopper shows. */
export const handOver = (storeId: string, code: string) =>
  api.send<Order>('POST', '/orders/pickup', { store_id: storeId, code });

/** How the order was paid: with WeChat Pay money goes back through WeChat; a demo payment moved none. */
export const paidWithWechat = (order: Order) => order.payment?.['method'] === 'wechatpay';

export interface OrderPayments {
  payment: { amount_cents: number; status: string; transaction_id: string | null } | null;
  refunds: Refund[];
}

export const orderPayments = (id: string) => api.get<OrderPayments>(`/orders/${id}/payments`);

/** What is left to refund of a WeChat Pay payment: as the server counts it, every refund not closed. */
export const refundable = (payments: OrderPayments) =>
  (payments.payment?.amount_cents ?? 0) -
  payments.refunds.filter((r) => r.status !== 'closed').reduce((sum, r) => sum + r.amount_cents, 0);

export interface RefundAsk {
  amount_cents: number;
  reason: string;
  returned?: { sku_id: string; qty: number }[];
}

/** A WeChat Pay refund; `key` names it, so sending the same ask again never refunds twice. */
export const requestRefund = (id: string, key: string, ask: RefundAsk) =>
  api.send<Refund>('POST', `/orders/${id}/refunds`, ask, { 'idempotency-key': key });
