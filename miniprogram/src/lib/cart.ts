/**
 * The cart, kept in storage: one store's products (an order is for one store), with the price the
 * search showed; the order the server prices is what counts.
 */
import type { SearchHit } from './api';

export interface CartLine {
  sku_id: string;
  code: string;
  name: string;
  unit_cents: number;
  qty: number;
  /** The product's main photo and category, to draw it (a cart kept from before has neither). */
  image?: string | null;
  category_id?: string | null;
}

export interface Cart {
  storeId: string | null;
  lines: CartLine[];
}

const KEY = 'ss.cart';

export function readCart(): Cart {
  return (wx.getStorageSync(KEY) as Cart | '') || { storeId: null, lines: [] };
}

const save = (cart: Cart) => {
  wx.setStorageSync(KEY, cart);
  return cart;
};

/** Adds one; a product from another store starts a new cart. */
export function addToCart(storeId: string, hit: SearchHit): Cart {
  const cart = readCart();
  const lines = cart.storeId === storeId ? cart.lines : [];
  const line = lines.find((l) => l.sku_id === hit.sku_id);
  if (line) line.qty += 1;
  else
    lines.push({
      sku_id: hit.sku_id,
      code: hit.code,
      name: `${hit.name} ${hit.sku_name}`.trim(),
      unit_cents: hit.unit_cents,
      qty: 1,
      image: hit.images[0] ?? null,
      category_id: hit.category_id,
    });
  return save({ storeId, lines });
}

/** Sets a line's quantity; 0 removes it. */
export function setQuantity(skuId: string, qty: number): Cart {
  const cart = readCart();
  const lines = cart.lines.map((l) => (l.sku_id === skuId ? { ...l, qty } : l)).filter((l) => l.qty > 0);
  return save({ storeId: lines.length ? cart.storeId : null, lines });
}

export const clearCart = () => save({ storeId: null, lines: [] });

export const cartCount = (cart: Cart) => cart.lines.reduce((n, l) => n + l.qty, 0);

export const cartCents = (cart: Cart) => cart.lines.reduce((n, l) => n + l.qty * l.unit_cents, 0);
