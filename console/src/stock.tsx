/**
 * A store's stock for its staff: each SKU on hand, held by unpaid orders and available, low ones
 * flagged; found as typed, by category, low only, fifty at a time. From a row: goods received, a
 * count after a stock take, a transfer to another of the user's stores, the SKU's movements. The
 * store is in the hash route (`#/stock/<store id>`).
 */
import './campaigns.css';
import './stock.css';
import { useEffect, useRef, useState } from 'preact/hooks';
import { api, failureOf } from './api';
import { type Category, plural } from './campaign-api';
import { go, Nav } from './nav';
import { PAGE_SIZE, type ShelfFilter, type ShelfLine, type StoreStock, storeStock } from './stock-api';
import { AdjustDialog, ReceiveDialog, TransferDialog } from './stock-dialogs';
import { MovementsDialog } from './stock-movements';
import { StoreSelect, useStores } from './store-select';

type Open = { kind: 'receive' | 'adjust' | 'transfer' | 'movements'; line: ShelfLine };

/** Typing is sent once it pauses, not on every key. */
const TYPING_PAUSE_MS = 250;

export function StockPage({ path, onOut }: { path: string[]; onOut: () => void }) {
  const [notice, setNotice] = useState<{ text: string; error?: boolean }>();
  const stores = useStores((text) => setNotice({ text, error: true }));
  const storeId = path[0] ?? stores?.[0]?.id;
  const [categories, setCategories] = useState<Category[]>([]);
  const [filter, setFilter] = useState<ShelfFilter>({ q: '', category_id: '', low: false, offset: 0 });
  const [typed, setTyped] = useState('');
  const [stock, setStock] = useState<StoreStock>();
  const [error, setError] = useState<string>();
  const [version, setVersion] = useState(0);
  const [open, setOpen] = useState<Open>();
  const asked = useRef(0);

  const refine = (change: Partial<ShelfFilter>) => {
    setNotice(undefined);
    setFilter((f) => ({ ...f, ...change, offset: 0 }));
  };
  useEffect(() => {
    api.get<Category[]>('/catalogue/categories').then(setCategories, () => setCategories([]));
  }, []);
  useEffect(() => {
    const pause = setTimeout(() => filter.q !== typed && refine({ q: typed }), TYPING_PAUSE_MS);
    return () => clearTimeout(pause);
  }, [typed]);
  useEffect(() => {
    if (!storeId) return;
    // Only the latest question's answer is shown: an earlier one may arrive after it.
    const question = ++asked.current;
    setError(undefined);
    storeStock(storeId, filter)
      .then((answer) => question === asked.current && setStock(answer))
      .catch((e) => question === asked.current && setError(failureOf(e).message));
  }, [storeId, filter, version]);

  const store = stores?.find((s) => s.id === storeId);
  const destinations = stores?.filter((s) => s.id !== storeId) ?? [];
  const done = (text: string) => {
    setOpen(undefined);
    setNotice({ text });
    setVersion((v) => v + 1);
  };
  const dialog = open &&
    storeId && { storeId, line: open.line, onClose: () => setOpen(undefined), onDone: done };

  return (
    <div class="campaigns">
      <Nav current="stock" onOut={onOut} />
      <main class="page">
        <div class="page-head">
          <h1>Stock</h1>
          <StoreSelect
            stores={stores}
            value={storeId}
            onPick={(id) => {
              setStock(undefined);
              refine({});
              go(`stock/${id}`);
            }}
          />
        </div>
        <div class="filters">
          <label class="inline">
            Find{' '}
            <input
              type="search"
              placeholder="name, SKU code or barcode"
              value={typed}
              onInput={(e) => setTyped((e.target as HTMLInputElement).value)}
            />
          </label>
          <label class="inline">
            Category{' '}
            <select
              value={filter.category_id}
              onChange={(e) => refine({ category_id: (e.target as HTMLSelectElement).value })}
            >
              <option value="">All</option>
              {categories.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name}
                </option>
              ))}
            </select>
          </label>
          <label class="check">
            <input
              type="checkbox"
              checked={filter.low}
              onChange={(e) => refine({ low: (e.target as HTMLInputElement).checked })}
            />{' '}
            Low stock only
          </label>
          {stock && <span class="muted">Low: {stock.low_at} or fewer available</span>}
        </div>
        {error && (
          <p class="error">
            {error}{' '}
            <button type="button" class="small" onClick={() => setVersion((v) => v + 1)}>
              Try again
            </button>
          </p>
        )}
        {!stock && !error && <p class="hint">Loading stock…</p>}
        {stock && stock.lines.length === 0 && <p class="empty-state">{emptyText(filter, stock)}</p>}
        {stock && stock.lines.length > 0 && (
          <>
            <table class="grid stock" data-test="stock">
              <thead>
                <tr>
                  <th>Product</th>
                  <th>SKU</th>
                  <th>Category</th>
                  <th class="num">On hand</th>
                  <th class="num" title="Held by unpaid orders">
                    Reserved
                  </th>
                  <th class="num">Available</th>
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
                      {line.low && <span class="badge low-stock">Low</span>} {line.available}
                    </td>
                    <td class="actions">
                      <button type="button" class="small" onClick={() => setOpen({ kind: 'receive', line })}>
                        Receive
                      </button>
                      <button type="button" class="small" onClick={() => setOpen({ kind: 'adjust', line })}>
                        Adjust
                      </button>
                      {destinations.length > 0 && (
                        <button
                          type="button"
                          class="small"
                          disabled={line.available < 1}
                          title={line.available < 1 ? 'Nothing available to send' : undefined}
                          onClick={() => setOpen({ kind: 'transfer', line })}
                        >
                          Transfer
                        </button>
                      )}
                      <button
                        type="button"
                        class="small"
                        onClick={() => setOpen({ kind: 'movements', line })}
                      >
                        Movements
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            <Pager
              stock={stock}
              offset={filter.offset}
              onOffset={(offset) => setFilter((f) => ({ ...f, offset }))}
            />
          </>
        )}
        {stores && destinations.length === 0 && (
          <p class="hint">Transfers go between stores you work at; you work at this store only.</p>
        )}
      </main>
      {dialog && open?.kind === 'receive' && <ReceiveDialog {...dialog} />}
      {dialog && open?.kind === 'adjust' && <AdjustDialog {...dialog} />}
      {dialog && open?.kind === 'transfer' && <TransferDialog {...dialog} destinations={destinations} />}
      {dialog && open?.kind === 'movements' && <MovementsDialog {...dialog} timeZone={store?.timezone} />}
      <footer class={`status${notice?.error ? ' error' : ''}`} aria-live="polite">
        {notice?.text ??
          (stock
            ? `${plural(stock.total, filter.low ? 'low SKU' : 'SKU')}${filter.q.trim() ? ` matching “${filter.q.trim()}”` : ''}`
            : 'Loading…')}
      </footer>
    </div>
  );
}

function emptyText(filter: ShelfFilter, stock: StoreStock): string {
  const q = filter.q.trim();
  if (!q && !filter.category_id) {
    if (filter.low) return `Nothing is low: every SKU has more than ${stock.low_at} available.`;
    return "This store stocks nothing yet: the brand's catalogue has no product it sells.";
  }
  return `No ${filter.low ? 'low ' : ''}SKU${filter.category_id ? ' in this category' : ''}${q ? ` matches “${q}”` : ''}.`;
}

function Pager({
  stock,
  offset,
  onOffset,
}: {
  stock: StoreStock;
  offset: number;
  onOffset: (o: number) => void;
}) {
  if (stock.total <= PAGE_SIZE) return null;
  const last = Math.min(offset + PAGE_SIZE, stock.total);
  return (
    <div class="row pager">
      <button
        type="button"
        class="small"
        disabled={offset === 0}
        onClick={() => onOffset(offset - PAGE_SIZE)}
      >
        ← Previous
      </button>
      <span class="muted">
        {offset + 1}–{last} of {stock.total}
      </span>
      <button
        type="button"
        class="small"
        disabled={last >= stock.total}
        onClick={() => onOffset(offset + PAGE_SIZE)}
      >
        Next →
      </button>
    </div>
  );
}
