/**
 * Cart and checkout: quantities, the ways the store sells (pickup, delivery, scan & go), for a
 * delivery the address from the shopper's book (the one chosen last, else the default; Change picks
 * another), the shopper's coupons, then the order is placed and paid; the order page follows.
 */

import { type AddressRow, addressRow, chosenAddress, rememberAddress } from '../../lib/address-book';
import { api, type MyCoupon, type OrderType, type SavedAddress } from '../../lib/api';
import { cartCents, clearCart, readCart, setQuantity } from '../../lib/cart';
import { checkoutKey, deliveryTo, NOTE_MAX, newOrder, orderTypesOf } from '../../lib/checkout';
import { type CouponChoice, couponChoices } from '../../lib/coupons';
import { messageOf, showError } from '../../lib/feedback';
import { orderTypeName, yuan } from '../../lib/format';
import { type Texts, t } from '../../lib/i18n';
import { pageTexts } from '../../lib/page-texts';
import { payOrder } from '../../lib/pay';
import { type Picture, pictureOf } from '../../lib/product-picture';
import { productPage } from '../../lib/product-view';
import { askForOrderUpdates } from '../../lib/subscribe-messages';

interface LineRow {
  sku_id: string;
  name: string;
  qty: number;
  price: string;
  picture: Picture;
}

Page({
  data: {
    t: {} as Texts,
    lines: [] as LineRow[],
    total: '',
    storeName: '',
    types: [] as { value: OrderType; label: string }[],
    type: 'pickup' as OrderType,
    coupons: [] as CouponChoice[],
    /** Where a delivery goes; null: the shopper has no address yet. */
    address: null as AddressRow | null,
    note: '',
    noteMax: NOTE_MAX,
    placing: false,
    error: '',
  },
  /** The key of the checkout under way; kept across a failed attempt so a retry cannot order twice. */
  key: '',
  /** The shopper's usable coupons, as the server listed them when the page showed. */
  usable: [] as MyCoupon[],
  /** The address behind `address`, as a delivery order sends it. */
  deliverTo: null as SavedAddress | null,

  onLoad() {
    this.setData({ t: pageTexts('titleCart') });
  },

  async onShow() {
    this.showCart();
    const cart = readCart();
    if (!cart.storeId) return;
    try {
      // The book too, as the page shows again when the shopper comes back from choosing in it.
      const [store, usable, book] = await Promise.all([
        api.store(cart.storeId),
        api.coupons('usable'),
        api.addresses(),
      ]);
      const types = orderTypesOf(store.services).map((value) => ({ value, label: orderTypeName(value) }));
      this.usable = usable;
      this.deliverTo = chosenAddress(book);
      this.setData({
        address: this.deliverTo && addressRow(this.deliverTo),
        storeName: store.name,
        types,
        type: types.some((t) => t.value === this.data.type) ? this.data.type : (types[0]?.value ?? 'pickup'),
      });
      this.showCart();
    } catch (error) {
      this.setData({ error: showError(error) });
    }
  },

  /** The lines, and the coupons the goods now reach (a choice the cart no longer reaches is undone). */
  showCart() {
    const cart = readCart();
    const chosen = new Set(this.data.coupons.filter((c) => c.chosen).map((c) => c.code));
    this.setData({
      lines: cart.lines.map((l) => ({
        sku_id: l.sku_id,
        name: l.name,
        qty: l.qty,
        price: yuan(l.unit_cents * l.qty),
        picture: pictureOf(l),
      })),
      total: yuan(cartCents(cart)),
      coupons: couponChoices(this.usable, cartCents(cart), chosen),
    });
  },

  openProduct(e: { currentTarget: { dataset: { sku: string } } }) {
    wx.navigateTo({ url: productPage(e.currentTarget.dataset.sku, readCart().storeId) });
  },

  changeQty(e: { currentTarget: { dataset: { sku: string; step: number } } }) {
    const { sku, step } = e.currentTarget.dataset;
    const line = readCart().lines.find((l) => l.sku_id === sku);
    if (!line) return;
    setQuantity(sku, line.qty + Number(step));
    this.key = '';
    this.showCart();
  },

  chooseType(e: { currentTarget: { dataset: { type: OrderType } } }) {
    this.setData({ type: e.currentTarget.dataset.type });
  },

  toggleCoupon(e: { currentTarget: { dataset: { code: string } } }) {
    const { code } = e.currentTarget.dataset;
    this.setData({
      coupons: this.data.coupons.map((c) => (c.code === code && !c.why ? { ...c, chosen: !c.chosen } : c)),
    });
  },

  changeAddress() {
    wx.navigateTo({ url: '/pages/addresses/index?choose=1' });
  },

  onNote(e: { detail: { value: string } }) {
    this.setData({ note: e.detail.value });
  },

  async checkout() {
    const cart = readCart();
    if (!cart.lines.length || this.data.placing) return;
    const delivery = this.data.type === 'delivery' ? this.deliverTo : null;
    if (this.data.type === 'delivery' && !delivery) {
      this.setData({ error: showError(new Error(t('deliveryNeedsAddress'))) });
      return;
    }
    this.setData({ placing: true, error: '' });
    // First, while WeChat still takes it for the tap's: whatever the shopper answers, checkout goes on.
    await askForOrderUpdates();
    this.key = this.key || checkoutKey();
    try {
      const coupons = this.data.coupons.filter((c) => c.chosen).map((c) => c.code);
      const order = await api.placeOrder(
        newOrder(cart, this.data.type, {
          coupons,
          delivery: delivery ? deliveryTo(delivery) : undefined,
          note: this.data.note,
        }),
        this.key,
      );
      // The order exists now: whatever paying does, the order page is where it carries on.
      clearCart();
      if (delivery) rememberAddress(delivery.id);
      this.key = '';
      this.setData({ note: '' });
      let payError = '';
      try {
        await payOrder(order.id);
      } catch (error) {
        payError = messageOf(error);
      }
      this.setData({ placing: false });
      wx.redirectTo({
        url: `/pages/order/index?id=${order.id}${payError ? `&error=${encodeURIComponent(payError)}` : ''}`,
      });
    } catch (error) {
      this.setData({ placing: false, error: showError(error) });
    }
  },
});
