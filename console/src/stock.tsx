/**
 * A store's stock for its staff: each SKU on hand, held by unpaid orders and available, low ones
 * flagged; found as typed, by category, low only, fifty at a time. From a row: goods received, a
 * count after a stock take, a transfer to another of the user's stores, the SKU's movements. The
 * store and the low-only filter are in the hash route (`#/stock/<store id>/low`), which Today links to.
 */
import './campaigns.css';
import './stock.css';
import { useEffect, useState } from 'preact/hooks';
import { localTime } from '../../stores/local-time.js';
import { api } from './api';
import type { Category } from './campaign-api';
import { CategorySelect } from './category-select';
import { downloadCsv } from './csv';
import { FindBox } from './find-box';
import { t } from './i18n';
import { useLatestAnswer } from './latest-answer';
import { useLiveLine } from './live-line';
import { LoadError } from './load-error';
import { go, Nav } from './nav';
import { Pager } from './pager';
import { refusalOf } from './refusals';
import {
  PAGE_SIZE,
  type ShelfFilter,
  type ShelfLine,
  type StoreStock,
  storeStock,
  wholeStock,
} from './stock-api';
import { stockSheet } from './stock-csv';
import { AdjustDialog, ReceiveDialog, TransferDialog } from './stock-dialogs';
import { MovementsDialog } from './stock-movements';
import { StoreSelect, useStores } from './store-select';

type Open = { kind: 'receive' | 'adjust' | 'transfer' | 'movements'; line: ShelfLine };

export function StockPage({ path, onOut }: { path: string[]; onOut: () => void }) {
  const [notice, setNotice] = useState<{ text: string; error?: boolean }>();
  const stores = useStores((text) => setNotice({ text, error: true }));
  const storeId = path[0] ?? stores?.[0]?.id;
  const [categories, setCategories] = useState<Category[]>([]);
  const [filter, setFilter] = useState<ShelfFilter>({
    q: '',
    category_id: '',
    low: path[1] === 'low',
    offset: 0,
  });
  const routeOf = (id: string | undefined, low: boolean) => `stock/${id ?? ''}${low ? '/low' : ''}`;
  const [stock, setStock] = useState<StoreStock>();
  const [error, setError] = useState<string>();
  const [version, setVersion] = useState(0);
  const [open, setOpen] = useState<Open>();
  const latest = useLatestAnswer();

  const refine = (change: Partial<ShelfFilter>) => {
    setNotice(undefined);
    setFilter((f) => ({ ...f, ...change, offset: 0 }));
  };
  useEffect(() => {
    api.get<Category[]>('/catalogue/categories').then(setCategories, () => setCategories([]));
  }, []);
  useEffect(() => {
    if (!storeId) return;
    setError(undefined);
    latest.ask(storeStock(storeId, filter), setStock, setError);
  }, [storeId, filter, version]);
  // Orders reserve and sell, colleagues receive and count: the list follows as it happens.
  useLiveLine(storeId && `/stores/${storeId}/stock/live`, () => setVersion((v) => v + 1));

  const store = stores?.find((s) => s.id === storeId);
  const destinations = stores?.filter((s) => s.id !== storeId) ?? [];
  const done = (text: string) => {
    setOpen(undefined);
    setNotice({ text });
    setVersion((v) => v + 1);
  };
  const [downloading, setDownloading] = useState(false);
  const download = async () => {
    if (!storeId || !store) return;
    setDownloading(true);
    setNotice({ text: t('stock.download.busy') });
    try {
      const lines = await wholeStock(storeId, filter);
      const today = localTime(store.timezone, new Date()).date;
      downloadCsv(stockSheet(lines), `${store.code}-stock-${today}.csv`);
      setNotice({ text: t('stock.download.done', { count: lines.length }) });
    } catch (e) {
      setNotice({ text: refusalOf(e).message, error: true });
    } finally {
      setDownloading(false);
    }
  };
  const dialog = open &&
    storeId && { storeId, line: open.line, onClose: () => setOpen(undefined), onDone: done };

  return (
    <div class="campaigns">
      <Nav current="stock" onOut={onOut} />
      <main class="page">
        <div class="page-head">
          <h1>{t('stock.title')}</h1>
          <StoreSelect
            stores={stores}
            value={storeId}
            onPick={(id) => {
              setStock(undefined);
              refine({});
              go(routeOf(id, filter.low));
            }}
          />
        </div>
        <div class="filters">
          <FindBox
            label={t('stock.find')}
            placeholder={t('stock.findPlaceholder')}
            words={filter.q}
            onFind={(q) => refine({ q })}
          />
          <CategorySelect
            label={t('stock.category')}
            inline
            categories={categories}
            value={filter.category_id}
            none={t('stock.all')}
            onPick={(category_id) => refine({ category_id })}
          />
          <label class="check">
            <input
              type="checkbox"
              checked={filter.low}
              onChange={(e) => {
                const low = (e.target as HTMLInputElement).checked;
                refine({ low });
                go(routeOf(storeId, low));
              }}
            />{' '}
            {t('stock.lowOnly')}
          </label>
          {stock && <span class="muted">{t('stock.lowAt', { count: stock.low_at })}</span>}
          <button
            type="button"
            class="small"
            title={t('stock.download.title')}
            disabled={downloading || !store || !stock?.total}
            onClick={download}
          >
            {t('stock.download')}
          </button>
        </div>
        {error && (
          <LoadError
            message={error}
            tryAgain={t('stock.tryAgain')}
            onRetry={() => setVersion((v) => v + 1)}
          />
        )}
        {!stock && !error && <p class="hint">{t('stock.loading')}</p>}
        {stock && stock.lines.length === 0 && <p class="empty-state">{emptyText(filter, stock)}</p>}
        {stock && stock.lines.length > 0 && (
          <>
            <table class="grid stock" data-test="stock">
              <thead>
                <tr>
                  <th>{t('stock.product')}</th>
                  <th>{t('stock.sku')}</th>
                  <th>{t('stock.category')}</th>
                  <th class="num">{t('stock.onHand')}</th>
                  <th class="num" title={t('stock.reservedTitle')}>
                    {t('stock.reserved')}
                  </th>
                  <th class="num">{t('stock.available')}</th>
                  <th />
                </tr>
              </thead>
              <tbody>
                {stock.lines.map((line) => (
                  <tr key={line.sku_id} data-sku={line.code} class={line.low ? 'low' : ''}>
                    <td class="name">
                      <button
                        type="button"
                        class="link title"
                        onClick={() => setOpen({ kind: 'movements', line })}
                      >
                        {line.name}
                      </button>
                      {line.sku_name && <small>{line.sku_name}</small>}
                    </td>
                    <td>
                      {line.code}
                      {line.barcode && <small class="muted barcode">{line.barcode}</small>}
                    </td>
                    <td>{line.category ?? '–'}</td>
                    <td class="num" data-test="on-hand">
                      {line.on_hand}
                    </td>
                    <td class={`num${line.reserved ? '' : ' muted'}`}>{line.reserved}</td>
                    <td class="num">
                      {line.low && <span class="badge low-stock">{t('stock.low')}</span>} {line.available}
                    </td>
                    <td class="actions">
                      <button type="button" class="small" onClick={() => setOpen({ kind: 'receive', line })}>
                        {t('stock.receive')}
                      </button>
                      <button type="button" class="small" onClick={() => setOpen({ kind: 'adjust', line })}>
                        {t('stock.adjust')}
                      </button>
                      {destinations.length > 0 && (
                        <button
                          type="button"
                          class="small"
                          disabled={line.available < 1}
                          title={line.available < 1 ? t('stock.nothingToSend') : undefined}
                          onClick={() => setOpen({ kind: 'transfer', line })}
                        >
                          {t('stock.transfer')}
                        </button>
                      )}
                      <button
                        type="button"
                        class="small"
                        onClick={() => setOpen({ kind: 'movements', line })}
                      >
                        {t('stock.movements')}
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            <Pager
              offset={filter.offset}
              size={PAGE_SIZE}
              total={stock.total}
              previous={t('stock.previous')}
              next={t('stock.next')}
              place={(span) => t('stock.page', span)}
              onOffset={(offset) => setFilter((f) => ({ ...f, offset }))}
            />
          </>
        )}
        {stores && destinations.length === 0 && <p class="hint">{t('stock.oneStore')}</p>}
      </main>
      {dialog && open?.kind === 'receive' && <ReceiveDialog {...dialog} />}
      {dialog && open?.kind === 'adjust' && <AdjustDialog {...dialog} />}
      {dialog && open?.kind === 'transfer' && <TransferDialog {...dialog} destinations={destinations} />}
      {dialog && open?.kind === 'movements' && <MovementsDialog {...dialog} timeZone={store?.timezone} />}
      <footer class={`status${notice?.error ? ' error' : ''}`} aria-live="polite">
        {notice?.text ?? (stock ? stockCount(filter, stock.total) : t('stock.loadingShort'))}
      </footer>
    </div>
  );
}

/** The status line: how many SKUs the filters found (`12 low SKUs matching “oat”`). */
function stockCount(filter: ShelfFilter, count: number): string {
  const found = filter.low
    ? count === 1
      ? t('stock.lowSku1')
      : t('stock.lowSkus', { count })
    : count === 1
      ? t('stock.sku1')
      : t('stock.skus', { count });
  const q = filter.q.trim();
  return q ? t('stock.matching', { count: found, q }) : found;
}

function emptyText(filter: ShelfFilter, stock: StoreStock): string {
  const q = filter.q.trim();
  if (!q && !filter.category_id) {
    if (filter.low) return t('stock.noneLow', { count: stock.low_at });
    return t('stock.nothingStocked');
  }
  return t('stock.noMatch', {
    what: filter.low ? t('stock.noMatch.lowSku') : t('stock.noMatch.sku'),
    where: filter.category_id ? t('stock.noMatch.inCategory') : '',
    matching: q ? t('stock.noMatch.matching', { q }) : '',
  });
}
