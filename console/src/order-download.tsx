/**
 * The earlier orders' download: every order placed on the days chosen (the store's dates), of the
 * status the list is filtered by, as CSV for the bookkeeper; at most DOWNLOAD_DAYS days, and the
 * newest DOWNLOAD_MOST orders when there are more, said so.
 */
import { useState } from 'preact/hooks';
import type { OrderStatus } from '../../commerce/orders/state.js';
import { addDays } from '../../stores/local-time.js';
import { downloadCsv } from './csv';
import { t } from './i18n';
import { DOWNLOAD_DAYS, ordersBetween, type StoreTime } from './order-api';
import { ordersSheet } from './orders-csv';
import { refusalOf } from './refusals';

const daysBetween = (from: string, to: string) => (Date.parse(to) - Date.parse(from)) / 86_400_000 + 1;

export function OrdersDownload({
  storeId,
  storeCode,
  time,
  status,
}: {
  storeId: string;
  /** Names the file; unknown until the stores are read. */
  storeCode: string | undefined;
  time: StoreTime;
  status: OrderStatus | undefined;
}) {
  const today = time.today();
  // The last week and today, as the desk's week is read back at the day's close.
  const [from, setFrom] = useState(() => addDays(today, -7));
  const [to, setTo] = useState(today);
  const [said, setSaid] = useState<{ text: string; error?: boolean }>();
  const [busy, setBusy] = useState(false);

  const days = daysBetween(from, to);
  const wrong =
    !from || !to
      ? ''
      : days < 1
        ? t('orders.download.backwards')
        : days > DOWNLOAD_DAYS
          ? t('orders.download.tooLong', { days: DOWNLOAD_DAYS })
          : undefined;

  const download = async () => {
    if (!storeCode) return;
    setBusy(true);
    setSaid({ text: t('orders.download.busy') });
    try {
      const range = { since: time.midnight(from), until: time.midnight(addDays(to, 1)), status };
      const { orders, capped } = await ordersBetween(storeId, range);
      downloadCsv(ordersSheet(orders, time.zone), `${storeCode}-orders-${from}-to-${to}.csv`);
      const count = orders.length;
      setSaid({ text: t(capped ? 'orders.download.capped' : 'orders.download.done', { count }) });
    } catch (e) {
      setSaid({ text: refusalOf(e).message, error: true });
    } finally {
      setBusy(false);
    }
  };

  return (
    <div class="row orders-download" title={t('orders.download.hint')}>
      <label>
        {t('orders.download.from')}{' '}
        <input
          type="date"
          value={from}
          max={today}
          onChange={(e) => setFrom((e.target as HTMLInputElement).value)}
        />
      </label>
      <label>
        {t('orders.download.to')}{' '}
        <input
          type="date"
          value={to}
          max={today}
          onChange={(e) => setTo((e.target as HTMLInputElement).value)}
        />
      </label>
      <button
        type="button"
        class="small"
        disabled={busy || wrong !== undefined || !storeCode}
        onClick={download}
      >
        {t('orders.download.button')}
      </button>
      <span
        class={`muted${said?.error || wrong ? ' error' : ''}`}
        aria-live="polite"
        data-test="orders-download"
      >
        {wrong || said?.text}
      </span>
    </div>
  );
}
