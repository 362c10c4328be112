/**
 * Order updates: when an order is ready to collect or out for delivery, a refund is on its way, or an
 * unpaid order lapsed, the server says so on the shopper's live topic (the one offers come on, as a
 * `kind: 'order_status'` message) and, if the shopper allowed it, as a WeChat subscribe message.
 * Checkout asks for that permission with the brand's template (subscribe-messages.ts); pages that
 * show orders listen while they show, say the update in a toast and load the order again.
 */
import type { OrderStatusPayload } from '../../../push/schemas.js';
import { api } from './api';
import { config } from './config';
import { yuan } from './format';
import { t } from './i18n';
import { type LiveChannel, type LiveOffer, listenForOffers } from './live-offers';
import { ensureSession } from './session';

/** A live message about one of the shopper's orders. */
export type OrderUpdate = LiveOffer & OrderStatusPayload;

export const isOrderUpdate = (message: LiveOffer): message is OrderUpdate =>
  (message as Partial<OrderStatusPayload>).kind === 'order_status';

/** What the shopper reads of an update, in their language. */
export function orderUpdateText(update: OrderUpdate): string {
  const store = update.store_name;
  switch (update.event) {
    case 'ready':
      return update.order_type === 'delivery'
        ? t('orderOutForDelivery', { store })
        : t('orderReadyToCollect', { store, code: update.pickup_code ?? '' });
    case 'refund':
      return t('orderRefundOnItsWay', { amount: yuan(update.refund_cents ?? 0) });
    case 'lapsed':
      return t('orderLapsed', { store });
  }
}

export const showOrderUpdate = (update: OrderUpdate) =>
  wx.showToast({ title: orderUpdateText(update), icon: 'none', duration: 4000 });

export interface OrderUpdates {
  /** Whether the broker took the login and the subscription. */
  listening(): boolean;
  stop(): void;
}

/**
 * Listens on the shopper's live topic until stopped (the page hides): each order update is shown and
 * handed to `onUpdate`. Without a broker (config.mqttUrl empty) or when it cannot be reached, the page
 * shows what it loaded, as before.
 */
export function watchOrderUpdates(onUpdate: (update: OrderUpdate) => void): OrderUpdates {
  let channel: LiveChannel | null = null;
  let stopped = false;
  const stop = () => {
    stopped = true;
    channel?.close();
    channel = null;
  };
  if (config.mqttUrl) {
    Promise.all([ensureSession(), api.offers()])
      .then(([{ token }, { topic }]) => {
        if (stopped) return;
        channel = listenForOffers({
          url: config.mqttUrl,
          token,
          topic,
          onOffer: (message) => {
            if (!isOrderUpdate(message)) return;
            showOrderUpdate(message);
            onUpdate(message);
          },
          onError: () => {
            channel?.close();
            channel = null;
          },
        });
      })
      .catch(() => {
        // Updates are a bonus: the page shows the order as it loaded it.
      });
  }
  return { listening: () => channel?.listening() ?? false, stop };
}
