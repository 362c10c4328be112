/**
 * Paying an order: the server's prepay parameters go to wx.requestPayment as they are; then the
 * server is asked at once how the payment stands, as WeChat's notification may come later.
 * A server in demo mode (no WeChat Pay merchant, `npm start`) answers SS_ERR_WECHATPAY_OFF: the
 * order is then paid with the demo payment, which moves no money.
 */
import { api, type Order, type PaymentParams } from './api';
import { ApiError } from './http';
import { t } from './i18n';

function requestPayment(params: PaymentParams): Promise<'paid' | 'cancelled'> {
  return new Promise((resolve, reject) =>
    wx.requestPayment({
      timeStamp: params.timeStamp,
      nonceStr: params.nonceStr,
      package: params.package,
      signType: params.signType,
      paySign: params.paySign,
      success: () => resolve('paid'),
      fail: (error) =>
        /cancel/.test(error.errMsg)
          ? resolve('cancelled')
          : reject(new Error(t('paymentFailed', { reason: error.errMsg }))),
    }),
  );
}

/** Answers the order as it stands after paying (or the shopper closing the payment sheet). */
export async function payOrder(orderId: string): Promise<Order> {
  let params: PaymentParams;
  try {
    params = await api.prepay(orderId);
  } catch (error) {
    if (error instanceof ApiError && error.code === 'SS_ERR_WECHATPAY_OFF') return api.demoPayment(orderId);
    throw error;
  }
  if ((await requestPayment(params)) === 'paid') await api.queryPayment(orderId);
  return api.order(orderId);
}
