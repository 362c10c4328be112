/**
 * A store's order news for its desk: each commit that adds or changes orders of the store (a paid
 * order, a refund WeChat confirmed, a colleague's tap at another till) tells the desks watching it,
 * so a new order is on screen, and chimes, the moment it is paid. The orders table's triggers send
 * it (commerce migration order-news), one note per store and statement.
 */
import type { NotifyChannel } from '../../db/listen.js';

export const ORDER_NEWS_CHANNEL = 'order_news';

export interface OrderWatcher {
  /** The store's orders were added to or changed: read them again. */
  changed(): void;
  /** Changes are heard from now on (at first, and after news was lost): read them again. */
  listening(): void;
}

export interface OrderNews {
  watch(tenantId: string, storeId: string, watcher: OrderWatcher): () => void;
}

function storeOf(payload: string): string | undefined {
  try {
    const { tenant, store } = JSON.parse(payload) as { tenant?: string; store?: string };
    return `${tenant}/${store}`;
  } catch {
    return undefined;
  }
}

export function orderNews(channel: NotifyChannel): OrderNews {
  return {
    watch(tenantId, storeId, watcher) {
      const key = `${tenantId}/${storeId}`;
      return channel.listen({
        news: (payload) => storeOf(payload) === key && watcher.changed(),
        listening: () => watcher.listening(),
      });
    },
  };
}
