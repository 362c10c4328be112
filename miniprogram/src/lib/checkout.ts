/** Turning the cart and the shopper's choices into the order the server places. */
import type { DeliveryAddress } from '../../../commerce/orders/schemas.js';
import { addressLine } from './address-book';
import type { NewOrder, OrderType, SavedAddress } from './api';
import type { Cart } from './cart';

export const ORDER_TYPES: OrderType[] = ['pickup', 'delivery', 'scan_to_buy'];

/** The ways this store sells, in the order the checkout offers them. */
export const orderTypesOf = (services: string[]) => ORDER_TYPES.filter((type) => services.includes(type));

/** The longest note POST /orders takes (commerce/orders/schemas.ts); the field stops there. */
export const NOTE_MAX = 200;

/** What the shopper chose beside the cart. */
export interface CheckoutChoices {
  coupons: string[];
  delivery?: DeliveryAddress | undefined;
  /** To the staff who prepare the order: "no plastic bag". Blank: none. */
  note?: string;
}

/** A delivery to one of the shopper's addresses: its pin (WGS-84, as the server measures) and its door. */
export const deliveryTo = (a: SavedAddress): DeliveryAddress => ({
  lat: a.lat,
  lng: a.lng,
  address: addressLine(a),
  contact_name: a.contact_name,
  phone: a.phone,
});

export function newOrder(
  cart: Cart,
  type: OrderType,
  { coupons, delivery, note }: CheckoutChoices,
): NewOrder {
  const said = note?.trim();
  return {
    type,
    // Delivery is served by the nearest able store, which the server chooses.
    ...(type === 'delivery' ? { delivery } : { store_id: cart.storeId ?? undefined }),
    lines: cart.lines.map((l) => ({ sku_id: l.sku_id, qty: l.qty })),
    ...(coupons.length ? { coupons } : {}),
    ...(said ? { note: said } : {}),
  };
}

/** A key for one checkout: a retry after a lost answer replays it instead of ordering twice. */
export const checkoutKey = () => `mp-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
