/**
 * One order: its lines and total, and what the shopper shows: the pickup code (and its QR) at the
 * counter, or the exit pass of a scan & go. An unpaid order can be paid or cancelled here. An update
 * of it on the live topic (ready, refunded) loads it again while the page shows, and so does coming
 * back to it (from the background, or from another page), as updates are not heard meanwhile.
 */
import { api } from '../../lib/api';
import { showError } from '../../lib/feedback';
import type { Texts } from '../../lib/i18n';
import { type OrderUpdates, watchOrderUpdates } from '../../lib/order-updates';
import { type OrderDetail, orderDetail } from '../../lib/order-view';
import { pageTexts } from '../../lib/page-texts';
import { payOrder } from '../../lib/pay';
import { productPage } from '../../lib/product-view';

Page({
  data: {
    t: {} as Texts,
    order: null as OrderDetail | null,
    busy: false,
    error: '',
  },
  orderId: '',
  /** The order's store: its lines' products are shown at it. */
  storeId: '',
  updates: null as OrderUpdates | null,

  async onLoad(query) {
    this.setData({ t: pageTexts('titleOrder') });
    this.orderId = query.id ?? '';
    // A payment that failed right after checkout says why here.
    if (query.error) this.setData({ error: decodeURIComponent(query.error) });
    await this.load();
  },

  onShow() {
    // Shown again, not first opened (onLoad is still loading it then).
    if (this.data.order) void this.load();
    this.updates = watchOrderUpdates((update) => {
      if (update.order_id === this.orderId) void this.load();
    });
  },

  onHide() {
    this.updates?.stop();
  },

  onUnload() {
    this.updates?.stop();
  },

  async load() {
    try {
      const order = await api.order(this.orderId);
      this.storeId = order.store_id;
      this.setData({ order: orderDetail(order) });
    } catch (error) {
      this.setData({ error: showError(error) });
    }
  },

  openProduct(e: { currentTarget: { dataset: { sku: string } } }) {
    wx.navigateTo({ url: productPage(e.currentTarget.dataset.sku, this.storeId) });
  },

  async pay() {
    this.setData({ busy: true, error: '' });
    try {
      this.setData({ order: orderDetail(await payOrder(this.orderId)), busy: false });
    } catch (error) {
      this.setData({ busy: false, error: showError(error) });
    }
  },

  async cancel() {
    this.setData({ busy: true, error: '' });
    try {
      this.setData({ order: orderDetail(await api.cancelOrder(this.orderId)), busy: false });
    } catch (error) {
      this.setData({ busy: false, error: showError(error) });
    }
  },
});
