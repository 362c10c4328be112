/**
 * My orders, newest first; an unpaid one says so. An order's update on the live topic loads them
 * again while the page shows.
 */
import { api } from '../../lib/api';
import { loadList } from '../../lib/feedback';
import type { Texts } from '../../lib/i18n';
import { type OrderUpdates, watchOrderUpdates } from '../../lib/order-updates';
import { type OrderSummary, orderSummary } from '../../lib/order-view';
import { pageTexts } from '../../lib/page-texts';

Page({
  data: {
    t: {} as Texts,
    orders: [] as OrderSummary[],
    loading: true,
    error: '',
  },
  updates: null as OrderUpdates | null,

  onLoad() {
    this.setData({ t: pageTexts('titleOrders', { tabBar: true }) });
  },

  onShow() {
    this.load();
    this.updates = watchOrderUpdates(() => void this.load());
  },

  onHide() {
    this.updates?.stop();
  },

  load() {
    return loadList(this, 'orders', async () => (await api.orders()).map(orderSummary));
  },

  openOrder(e: { currentTarget: { dataset: { id: string } } }) {
    wx.navigateTo({ url: `/pages/order/index?id=${e.currentTarget.dataset.id}` });
  },
});
