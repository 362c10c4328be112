/**
 * The cart, kept in storage: one store's products (an order is for one store), with the price the
 * search showed; the order the server prices is what counts. The server keeps it too (PUT /me/cart,
 * shortly after each change), so it follows the shopper to another phone and the offers they are
 * sent weigh what they are about to buy.
 */
import { api, type KeptCart, type SearchHit } from './api';

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
  /** When the shopper last changed it on this phone (this phone's clock). */
  changedAt?: number;
}

/**
 * What the server last kept from or gave this phone: its `updated_at` (the server's clock) and the
 * change of this phone's it holds (this phone's clock), so neither clock is compared with the other.
 */
interface Kept {
  at: string | null;
  changedAt: number;
}

const KEY = 'ss.cart';
const KEPT = 'ss.cart.kept';
/** A run of taps on + is one request. */
const KEEP_AFTER_MS = 800;

export function readCart(): Cart {
  return (wx.getStorageSync(KEY) as Cart | '') || { storeId: null, lines: [] };
}

const keptMark = (): Kept => (wx.getStorageSync(KEPT) as Kept | '') || { at: null, changedAt: 0 };

let keeping: ReturnType<typeof setTimeout> | undefined;

const save = (cart: Cart): Cart => {
  const changed = { ...cart, changedAt: Date.now() };
  wx.setStorageSync(KEY, changed);
  clearTimeout(keeping);
  keeping = setTimeout(() => void keepCart(), KEEP_AFTER_MS);
  return changed;
};

/** Sends this phone's cart to the server; a failure leaves it for the next change or the next launch. */
export async function keepCart(): Promise<void> {
  clearTimeout(keeping);
  const cart = readCart();
  try {
    const kept = await api.keepCart({
      store_id: cart.lines.length ? cart.storeId : null,
      lines: cart.lines.map(({ sku_id, qty }) => ({ sku_id, qty })),
    });
    wx.setStorageSync(KEPT, { at: kept.updated_at, changedAt: cart.changedAt ?? 0 } satisfies Kept);
  } catch {
    // Offline, or signed out: the phone's cart stands, and is sent again later.
  }
}

const lineOf = (line: KeptCart['lines'][number]): CartLine => ({
  sku_id: line.sku_id,
  code: line.code,
  name: line.name,
  unit_cents: line.unit_cents,
  qty: line.qty,
  image: line.image,
  category_id: line.category_id,
});

/**
 * At launch: a change on this phone the server has not had is sent (the shopper is on this phone);
 * otherwise a cart changed on another phone since this one last synced is taken, at today's prices.
 */
export async function syncCart(): Promise<Cart> {
  const local = readCart();
  const mark = keptMark();
  if ((local.changedAt ?? 0) > mark.changedAt) {
    await keepCart();
    return readCart();
  }
  const kept = await api.keptCart();
  if (!kept.updated_at || kept.updated_at === mark.at) return local;
  const taken: Cart = {
    storeId: kept.store_id,
    lines: kept.lines.map(lineOf),
    changedAt: local.changedAt ?? 0,
  };
  wx.setStorageSync(KEY, taken);
  wx.setStorageSync(KEPT, { at: kept.updated_at, changedAt: taken.changedAt ?? 0 } satisfies Kept);
  return taken;
}

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
