/** How an order reads in the list and on its own page. */
import { orderNumber } from '../../../commerce/orders/order-number.js';
import type { Order } from './api';
import { listed, localDateTime, orderStatusName, orderTypeName, yuan } from './format';
import { t } from './i18n';
import { type Picture, pictureOf } from './product-picture';

export interface OrderSummary {
  id: string;
  /** "Order #1935C739": the number the store's staff call the order by, on the desk and on the bag. */
  number: string;
  kind: string;
  status: string;
  total: string;
  items: string;
  date: string;
  toPay: boolean;
}

export const orderSummary = (o: Order): OrderSummary => ({
  id: o.id,
  number: t('orderNumber', { number: orderNumber(o.id) }),
  kind: orderTypeName(o.type),
  status: orderStatusName(o.status, o.type),
  total: yuan(o.total_cents),
  items: listed(o.lines.map((l) => `${l.name} × ${l.qty}`)),
  date: localDateTime(o.created_at),
  toPay: o.status === 'created',
});

export interface OrderDetail extends OrderSummary {
  lines: { sku_id: string; name: string; qty: number; amount: string; picture: Picture }[];
  subtotal: string;
  discounts: { description: string; amount: string }[];
  deliveryFee: string;
  /** The code the counter asks for, while the order is still to collect. */
  pickupCode: string;
  pickupQr: string;
  exitPassQr: string;
  address: string;
  /** The shopper's note to the store, as typed; blank: none. */
  note: string;
}

const COLLECTABLE = new Set(['paid', 'preparing', 'ready']);

export const orderDetail = (o: Order): OrderDetail => ({
  ...orderSummary(o),
  lines: o.lines.map((l) => ({
    sku_id: l.sku_id,
    name: l.name,
    qty: l.qty,
    amount: yuan(l.line_cents),
    picture: pictureOf(l),
  })),
  subtotal: yuan(o.subtotal_cents),
  discounts: o.adjustments.map((a) => ({ description: a.description, amount: yuan(a.amount_cents) })),
  deliveryFee: o.delivery_fee_cents ? yuan(o.delivery_fee_cents) : '',
  pickupCode: o.pickup && COLLECTABLE.has(o.status) ? o.pickup.code : '',
  // Drawn for the order's own answer; a list of orders leaves the images out.
  pickupQr: (COLLECTABLE.has(o.status) && o.pickup?.qr) || '',
  exitPassQr: (COLLECTABLE.has(o.status) && o.exit_pass?.qr) || '',
  address: o.delivery ? listed([o.delivery.contact_name, o.delivery.address]) : '',
  note: o.note ?? '',
});
