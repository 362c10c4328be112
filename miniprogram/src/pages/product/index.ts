/**
 * One product at the store the shopper is in: its photos whole (swiped through) or its tile, name and
 * variant, the price they pay, whether the store has it, where it sits with "Take me there" (the store
 * page draws the walk, as for a search result), "Add to cart" with how many are in it already, and its
 * description. Opened from search results, an offer's picks, the cart's lines and an order's.
 */
import { api, type SkuInStore } from '../../lib/api';
import { addToCart, readCart } from '../../lib/cart';
import { showError } from '../../lib/feedback';
import { type TextKey, type Texts, t } from '../../lib/i18n';
import { pageTexts } from '../../lib/page-texts';
import { photosOf } from '../../lib/product-picture';
import { askWalk, type ProductRow, productRow, storeHere } from '../../lib/product-view';

/** What the page shows of the product (its data's `product`). */
export interface ProductView extends ProductRow {
  /** Every photo, whole; none: the tile, large. */
  photos: string[];
  /** Dots and swiping round only for more than one. */
  severalPhotos: boolean;
  description: string;
  /** In stock, sold out or not sold here, in words. */
  availability: string;
  /** In stock: only then can it go in the cart. */
  buyable: boolean;
}

const AVAILABILITY: Record<SkuInStore['availability'], TextKey> = {
  in_stock: 'inStock',
  sold_out: 'soldOut',
  not_sold_here: 'notSoldAtThisStore',
};

Page({
  data: {
    t: {} as Texts,
    product: null as ProductView | null,
    /** "2 in your cart"; empty while none is. */
    inCart: '',
    error: '',
  },
  storeId: '',
  sku: null as SkuInStore | null,
  overStore: false,

  async onLoad(query) {
    this.setData({ t: pageTexts('titleProduct') });
    this.storeId = query.store || storeHere();
    this.overStore = query.from === 'store';
    if (!this.storeId) {
      this.setData({ error: t('openAStoreFirst') });
      return;
    }
    try {
      const [sku, map] = await Promise.all([
        api.skuInStore(query.sku ?? '', this.storeId),
        // Without the map the page still shows the product, only not where it is.
        api.shopperMap(this.storeId).catch(() => null),
      ]);
      this.sku = sku;
      this.setData({
        product: {
          ...productRow(sku, map),
          photos: photosOf(sku.images),
          severalPhotos: sku.images.length > 1,
          description: sku.description,
          availability: t(AVAILABILITY[sku.availability]),
          buyable: sku.availability === 'in_stock',
        },
      });
      this.showInCart();
    } catch (error) {
      this.setData({ error: showError(error) });
    }
  },

  onShow() {
    // Back from the cart, where the quantity may have changed.
    if (this.sku) this.showInCart();
  },

  showInCart() {
    const cart = readCart();
    const line = cart.storeId === this.storeId ? cart.lines.find((l) => l.sku_id === this.sku?.sku_id) : null;
    this.setData({ inCart: line ? t('inCart', { qty: line.qty }) : '' });
  },

  takeMeThere() {
    if (!this.sku) return;
    // Opened over the store's page: back to its map, which draws the walk; else the store's page anew.
    if (this.overStore) {
      askWalk(this.storeId, this.sku.code);
      wx.navigateBack();
    } else wx.navigateTo({ url: `/pages/store/index?id=${this.storeId}&to=${this.sku.code}` });
  },

  addToCart() {
    if (!this.sku || !this.data.product?.buyable) return;
    addToCart(this.storeId, this.sku);
    this.showInCart();
    wx.showToast({ title: t('addedToCart'), icon: 'success' });
  },

  openCart() {
    wx.navigateTo({ url: '/pages/cart/index' });
  },
});
