/**
 * Cart and checkout: quantities, the ways the store sells (pickup, delivery, scan & go), the
 * shopper's coupons, then the order is placed and paid; the order page follows.
 */

import { api, type MyCoupon, type OrderType } from '../../lib/api';
import { cartCents, clearCart, readCart, setQuantity } from '../../lib/cart';
import { checkoutKey, NOTE_MAX, newOrder, orderTypesOf } from '../../lib/checkout';
import { type CouponChoice, couponChoices } from '../../lib/coupons';
import { messageOf, showError } from '../../lib/feedback';
import { orderTypeName, yuan } from '../../lib/format';
import { type Texts, t } from '../../lib/i18n';
import { phoneLocation } from '../../lib/location';
import { pageTexts } from '../../lib/page-texts';
import { payOrder } from '../../lib/pay';
import { askForOrderUpdates } from '../../lib/subscribe-messages';

interface LineRow {
  sku_id: string;
  name: string;
  qty: number;
  price: string;
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
    address: '',
    contact: '',
    phone: '',
    note: '',
    noteMax: NOTE_MAX,
    placing: false,
    error: '',
  },
  /** The key of the checkout under way; kept across a failed attempt so a retry cannot order twice. */
  key: '',
  /** The shopper's usable coupons, as the server listed them when the page showed. */
  usable: [] as MyCoupon[],

  onLoad() {
    this.setData({ t: pageTexts('titleCart') });
  },

  async onShow() {
    this.showCart();
    const cart = readCart();
    if (!cart.storeId) return;
    try {
      const [store, usable] = await Promise.all([api.store(cart.storeId), api.coupons('usable')]);
      const types = orderTypesOf(store.services).map((value) => ({ value, label: orderTypeName(value) }));
      this.usable = usable;
      this.setData({
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
      })),
      total: yuan(cartCents(cart)),
      coupons: couponChoices(this.usable, cartCents(cart), chosen),
    });
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

  onAddress(e: { detail: { value: string } }) {
    this.setData({ address: e.detail.value });
  },
  onContact(e: { detail: { value: string } }) {
    this.setData({ contact: e.detail.value });
  },
  onPhone(e: { detail: { value: string } }) {
    this.setData({ phone: e.detail.value });
  },
  onNote(e: { detail: { value: string } }) {
    this.setData({ note: e.detail.value });
  },

  async checkout() {
    const cart = readCart();
    if (!cart.lines.length || this.data.placing) return;
    this.setData({ placing: true, error: '' });
    // First, while WeChat still takes it for the tap's: whatever the shopper answers, checkout goes on.
    await askForOrderUpdates();
    this.key = this.key || checkoutKey();
    try {
      const delivery =
        this.data.type === 'delivery'
          ? await phoneLocation(t('locationForDelivery')).then(({ latitude, longitude }) => ({
              lat: latitude,
              lng: longitude,
              address: this.data.address,
              contact_name: this.data.contact,
              phone: this.data.phone,
            }))
          : undefined;
      const coupons = this.data.coupons.filter((c) => c.chosen).map((c) => c.code);
      const order = await api.placeOrder(
        newOrder(cart, this.data.type, { coupons, delivery, note: this.data.note }),
        this.key,
      );
      // The order exists now: whatever paying does, the order page is where it carries on.
      clearCart();
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
