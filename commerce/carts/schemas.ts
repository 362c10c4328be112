import { type Static, Type } from 'typebox';
import { Uuid } from '../../server/schemas.js';

/** The most lines a cart keeps: a big weekly shop, not a warehouse. */
export const CART_MOST_LINES = 100;

export const CartLineSet = Type.Object(
  { sku_id: Uuid, qty: Type.Integer({ minimum: 1, maximum: 999 }) },
  { additionalProperties: false },
);

export const CartSet = Type.Object(
  {
    /** The store the cart is for; null with no lines (an emptied cart). */
    store_id: Type.Union([Uuid, Type.Null()]),
    lines: Type.Array(CartLineSet, { maxItems: CART_MOST_LINES }),
  },
  { additionalProperties: false },
);
export type CartSet = Static<typeof CartSet>;

export const CartLine = Type.Object({
  sku_id: Uuid,
  code: Type.String(),
  name: Type.String(),
  image: Type.Union([Type.String(), Type.Null()]),
  category_id: Type.Union([Uuid, Type.Null()]),
  /** The shopper's price at the cart's store now (their tier's, the store's or the list price). */
  unit_cents: Type.Integer(),
  qty: Type.Integer(),
  /** False when the store no longer sells it: the order would refuse it. */
  available: Type.Boolean(),
});

export const Cart = Type.Object(
  {
    store_id: Type.Union([Uuid, Type.Null()]),
    lines: Type.Array(CartLine),
    updated_at: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  },
  { $id: 'Cart' },
);
export type Cart = Static<typeof Cart>;
