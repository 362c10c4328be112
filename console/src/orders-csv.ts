/**
 * A store's orders as a bookkeeper reconciles them: a row an order, oldest first, under the headings
 * of the language shown. Times on the store's clock, money as plain yuan the spreadsheet can add up.
 */
import { clockOf, localTime } from '../../stores/local-time.js';
import { yuan } from './csv';
import { t } from './i18n';
import { customerOf, type Order, orderNumber, statusLabel, typeLabel } from './order-api';

const HEADINGS = [
  'orders.csv.number',
  'orders.csv.placed',
  'orders.csv.paid',
  'orders.col.type',
  'orders.col.status',
  'orders.csv.memberNo',
  'orders.col.customer',
  'orders.col.items',
  'orders.csv.subtotal',
  'orders.csv.discount',
  'orders.csv.deliveryFee',
  'orders.csv.total',
  'orders.csv.refunded',
  'orders.csv.payment',
] as const;

/** `2026-11-28 09:05` on the store's clock: sorts as text, and a spreadsheet reads it as a time. */
export function stamp(at: string, timeZone: string): string {
  const { date, minute } = localTime(timeZone, new Date(at));
  return `${date} ${clockOf(minute)}`;
}

/** The order's lines in one cell: `2× 光明鲜牛奶 950ml; 1× …`. */
export const linesCell = (order: Pick<Order, 'lines'>) =>
  order.lines.map((l) => `${l.qty}× ${l.name}`).join('; ');

function paymentOf({ payment }: Pick<Order, 'payment'>): string {
  const method = payment?.['method'];
  if (method === 'wechatpay') return t('detail.wechatPay');
  if (method === 'demo') return t('detail.demoPay');
  return typeof method === 'string' ? method : '';
}

/** The rows of the sheet: headings, then the orders (given newest first, as the server pages them) oldest first. */
export function ordersSheet(orders: readonly Order[], timeZone: string): unknown[][] {
  const rows = [...orders].reverse().map((o) => [
    orderNumber(o),
    stamp(o.created_at, timeZone),
    o.paid_at ? stamp(o.paid_at, timeZone) : '',
    typeLabel(o.type),
    statusLabel(o.status),
    o.customer?.member_no ?? '',
    // A member's name (none if they gave none); otherwise who it was: no member, or the till.
    o.customer ? (o.customer.name ?? '') : customerOf(o),
    linesCell(o),
    yuan(o.subtotal_cents),
    yuan(o.discount_cents),
    yuan(o.delivery_fee_cents),
    yuan(o.total_cents),
    yuan(o.refunded_cents ?? 0),
    paymentOf(o),
  ]);
  return [HEADINGS.map((key) => t(key)), ...rows];
}
