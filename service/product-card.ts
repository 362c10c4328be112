/**
 * A product sent to the shopper as a mini-program card: the SKU named as the catalogue names it,
 * opening its page in the mini-program for a store (price, stock, *Take me there*), with the
 * product's main photo as the thread shows it.
 */
import { photoUrl, skuWithPhoto, thumbnailUrl } from '../commerce/index.js';
import type { Tx } from '../db/index.js';
import { NotFound } from '../server/errors.js';
import type { MessageRow } from './messages.js';

/**
 * WeChat documents no limit for a card's title and shows two lines of it; a longer one is cut here
 * rather than by a client, so the thread shows what the shopper sees.
 */
export const CARD_TITLE_MAX = 64;

const cut = (title: string) =>
  [...title].length <= CARD_TITLE_MAX ? title : `${[...title].slice(0, CARD_TITLE_MAX - 1).join('')}…`;

/** The mini-program's product page (app.json's pages/product/index, its `sku` and `store` query). */
export const productPage = (skuId: string, storeId: string) =>
  `pages/product/index?sku=${skuId}&store=${storeId}`;

/** The card and the photo its thumbnail comes from (null: the plain card). */
export async function productCard(
  tx: Tx,
  skuId: string,
  storeId: string,
): Promise<{ card: NonNullable<MessageRow['card']>; photo: string | null }> {
  const sku = await skuWithPhoto(tx, skuId);
  if (!sku) throw NotFound('SKU');
  return {
    card: {
      title: cut(sku.name),
      page_path: productPage(sku.sku_id, storeId),
      thumb_url: sku.photo && thumbnailUrl(photoUrl(sku.photo)),
    },
    photo: sku.photo,
  };
}
