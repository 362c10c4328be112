/**
 * The store's orders before today, newest first, a page at a time and by status: where staff find
 * the order a shopper comes back about when they have no number. Pages go back from the last order
 * shown (`before`, with its id for orders placed in the same instant), so orders arriving meanwhile
 * never shift them.
 */
import { useEffect, useState } from 'preact/hooks';
import { ORDER_STATUSES, type OrderStatus } from '../../commerce/orders/state.js';
import { t } from './i18n';
import { earlierOrders, type Order, type PageStart, type StoreTime, statusLabel } from './order-api';
import { OrdersDownload } from './order-download';
import { OrderTable } from './order-table';
import { refusalOf } from './refusals';

const PAGE = 20;

export function EarlierOrders({
  storeId,
  storeCode,
  time,
  version,
  onOpen,
}: {
  storeId: string;
  storeCode: string | undefined;
  time: StoreTime;
  /** Changes when an order was changed from its detail: the page is read again. */
  version: number;
  onOpen: (order: Order) => void;
}) {
  const [status, setStatus] = useState<OrderStatus>();
  /** Where each page read so far begins: today's start, then the last order of the page before. */
  const [starts, setStarts] = useState<PageStart[]>(() => [{ at: time.dayStart().toISOString() }]);
  const [page, setPage] = useState<{ orders: Order[]; more: boolean }>();
  const [error, setError] = useState<string>();
  const from = starts.at(-1)!;

  useEffect(() => {
    let current = true;
    earlierOrders(storeId, { from, status, size: PAGE })
      .then((found) => {
        if (!current) return;
        setPage(found);
        setError(undefined);
      })
      .catch((e) => current && setError(refusalOf(e).message));
    return () => {
      current = false;
    };
  }, [storeId, from, status, version]);

  const filter = (picked: string) => {
    setStatus((picked || undefined) as OrderStatus | undefined);
    setStarts((s) => s.slice(0, 1));
    setPage(undefined);
  };
  const turn = (to: PageStart[]) => {
    setStarts(to);
    setPage(undefined);
  };
  const last = page?.orders.at(-1);
  return (
    <section class="earlier" aria-label={t('orders.earlier.title')}>
      <div class="row earlier-head">
        <h2>{t('orders.earlier.title')}</h2>
        <label>
          {t('orders.earlier.status')}{' '}
          <select value={status ?? ''} onChange={(e) => filter((e.target as HTMLSelectElement).value)}>
            <option value="">{t('orders.earlier.anyStatus')}</option>
            {ORDER_STATUSES.map((s) => (
              <option key={s} value={s}>
                {statusLabel(s)}
              </option>
            ))}
          </select>
        </label>
        <div class="row pager">
          <button
            type="button"
            class="small"
            disabled={starts.length === 1}
            onClick={() => turn(starts.slice(0, -1))}
          >
            {t('orders.earlier.newer')}
          </button>
          <span class="muted">{t('orders.earlier.page', { page: starts.length })}</span>
          <button
            type="button"
            class="small"
            disabled={!page?.more || !last}
            onClick={() => last && turn([...starts, { at: last.created_at, id: last.id }])}
          >
            {t('orders.earlier.older')}
          </button>
        </div>
      </div>
      <OrdersDownload storeId={storeId} storeCode={storeCode} time={time} status={status} />
      {error && <p class="empty-state error">{error}</p>}
      {!page && !error && <p class="hint">{t('orders.earlier.loading')}</p>}
      {page?.orders.length === 0 && (
        <p class="empty-state">{t(status ? 'orders.earlier.noneWith' : 'orders.earlier.none')}</p>
      )}
      {page && page.orders.length > 0 && <OrderTable orders={page.orders} time={time} onOpen={onOpen} />}
    </section>
  );
}
