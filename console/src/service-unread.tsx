/**
 * The shoppers' unread messages beside Customer service in the header, whichever page staff are on,
 * read again every half minute: a clerk on the orders desk sees a shopper waiting.
 */
import { useEffect, useState } from 'preact/hooks';
import { t } from './i18n';
import { unreadCount } from './service-api';

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
    return () => clearInterval(timer);
  }, []);
  return count > 0 ? (
    <span class="nav-unread" title={t('service.unread', { count })}>
      {count}
    </span>
  ) : null;
}
