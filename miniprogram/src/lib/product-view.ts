/**
 * A product as the shopper reads it at a store, in search results and on its own page: name and
 * variant, the price they pay (a member price beside the list price it beats), where it sits on the
 * store's map; and the address of its page, for the store the shopper is in.
 */
import type { SearchHit, ShopperMap } from './api';
import { yuan } from './format';
import { t } from './i18n';
import { type Picture, pictureOf } from './product-picture';

export interface ProductRow {
  sku_id: string;
  code: string;
  name: string;
  price: string;
  /** The list price a member price beats, shown struck through; empty otherwise. */
  listPrice: string;
  member: boolean;
  /** Shelf, slot and (in a store on several levels) level; empty: not on the store's map. */
  place: string;
  picture: Picture;
}

/** "Aisle 7 bay 2 · slot 3 · Ground floor", from the store's map: its products are keyed by SKU code. */
export function placeOf(map: ShopperMap | null, code: string): string {
  const spot = map?.products.find((p) => p.sku === code);
  if (!map || !spot) return '';
  // The level only where there is more than one to be on, as the walk's steps name it.
  const level = map.levels.length > 1 ? map.levels.find((l) => l.level === spot.level)?.name : undefined;
  const slot = spot.slot ? t('shelfSlot', { slot: spot.slot }) : '';
  return [spot.shelf, slot, level].filter(Boolean).join(' · ') || t('onTheMap');
}

export const productRow = (hit: SearchHit, map: ShopperMap | null): ProductRow => ({
  sku_id: hit.sku_id,
  code: hit.code,
  name: `${hit.name} ${hit.sku_name}`.trim(),
  price: yuan(hit.unit_cents),
  listPrice: hit.basis === 'member' && hit.list_cents > hit.unit_cents ? yuan(hit.list_cents) : '',
  member: hit.basis === 'member',
  place: placeOf(map, hit.code),
  picture: pictureOf({ name: hit.name, image: hit.images[0], category_id: hit.category_id }),
});

const STORE_HERE = 'ss.store';

/** The store page the shopper opened last: where a product seen outside any store (an offer's pick) is shown. */
export const enterStore = (storeId: string) => wx.setStorageSync(STORE_HERE, storeId);

export const storeHere = (): string => (wx.getStorageSync(STORE_HERE) as string) || '';

/**
 * A product's page, at this store; without one, at the store the shopper opened last. `fromStore`:
 * opened over the store's page, whose map its "Take me there" goes back to.
 */
export const productPage = (skuId: string, storeId?: string | null, fromStore = false) =>
  `/pages/product/index?sku=${skuId}${storeId ? `&store=${storeId}` : ''}${fromStore ? '&from=store' : ''}`;

const WALK_ASKED = 'ss.walk';

/** A product's page asks the store's page beneath it for the walk to a product (its SKU code). */
export const askWalk = (storeId: string, code: string) => wx.setStorageSync(WALK_ASKED, { storeId, code });

/** The walk asked of this store's page, once: the SKU code, or empty. */
export function askedWalk(storeId: string): string {
  const asked = wx.getStorageSync(WALK_ASKED) as { storeId: string; code: string } | '';
  if (!asked || asked.storeId !== storeId) return '';
  wx.removeStorageSync(WALK_ASKED);
  return asked.code;
}
