/**
 * The shoppers' unread messages beside Customer service in the header, whichever page staff are on,
 * read again every half minute, and at once when staff read a conversation: a clerk on the orders
 * desk sees a shopper waiting.
 */
import { useEffect, useState } from 'preact/hooks';
import { t } from './i18n';
import { unreadCount, watchUnread } from './service-api';

const EVERY_MS = 30_000;

export function ServiceUnread() {
  const [count, setCount] = useState(0);
  useEffect(() => {
    // Unread is a hint here: a failed read leaves the last count, the inbox says what went wrong.
    const read = () =>
      unreadCount().then(
        (u) => setCount(u.messages),
        () => undefined,
      );
    read();
    const timer = setInterval(read, EVERY_MS);
    const unwatch = watchUnread(read);
    return () => {
      clearInterval(timer);
      unwatch();
    };
  }, []);
  return count > 0 ? (
    <span class="nav-unread" title={t('service.unread', { count })}>
      {count}
    </span>
  ) : null;
}
