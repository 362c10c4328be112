/**
 * The shoppers' unread messages beside Customer service in the header, whichever page staff are on,
 * read again as the inbox's live line says a conversation changed, when staff read one, and every
 * half minute: a clerk on the orders desk sees a shopper waiting the moment they write.
 */
import { useEffect, useState } from 'preact/hooks';
import { t } from './i18n';
import { useLiveLine } from './live-line';
import { LIVE_LINE, unreadCount, watchUnread } from './service-api';

const EVERY_MS = 30_000;

/** The count, read once for the header however many places show it. */
export function useServiceUnread(): number {
  const [count, setCount] = useState(0);
  // Unread is a hint here: a failed read leaves the last count, the inbox says what went wrong.
  const read = () =>
    unreadCount().then(
      (u) => setCount(u.messages),
      () => undefined,
    );
  useLiveLine(LIVE_LINE, read);
  useEffect(() => {
    read();
    const timer = setInterval(read, EVERY_MS);
    const unwatch = watchUnread(read);
    return () => {
      clearInterval(timer);
      unwatch();
    };
  }, []);
  return count;
}

export function ServiceUnread({ count }: { count: number }) {
  return count > 0 ? (
    <span class="nav-unread" title={t('service.unread', { count })}>
      {count}
    </span>
  ) : null;
}
