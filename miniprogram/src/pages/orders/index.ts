/** My orders, newest first; an unpaid one says so. */
import { api } from '../../lib/api';
import { showError } from '../../lib/feedback';
import { type OrderSummary, orderSummary } from '../../lib/order-view';

Page({
  data: {
    orders: [] as OrderSummary[],
    loading: true,
    error: '',
  },

  onShow() {
    this.load();
  },

  async load() {
    try {
      const orders = await api.orders();
      this.setData({ orders: orders.map(orderSummary), loading: false, error: '' });
    } catch (error) {
      this.setData({ loading: false, error: showError(error) });
    }
  },

  openOrder(e: { currentTarget: { dataset: { id: string } } }) {
    wx.navigateTo({ url: `/pages/order/index?id=${e.currentTarget.dataset.id}` });
  },
});
