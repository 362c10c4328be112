/** The stock shapes and calls of the console's Stock section (commerce/stock on the server). */
import { api } from './api';
import { t } from './i18n';

/** One SKU on a store's shelves (GET /stores/:id/stock). */
export interface ShelfLine {
  sku_id: string;
  product_id: string;
  name: string;
  /** The variant (`1L`), which may be empty. */
  sku_name: string;
  code: string;
  barcode: string | null;
  category_id: string | null;
  category: string | null;
  on_hand: number;
  /** Held by unpaid orders. */
  reserved: number;
  available: number;
  low: boolean;
  updated_at: string | null;
}

export interface StoreStock {
  /** A SKU is low with this many units available or fewer (the server's rule). */
  low_at: number;
  total: number;
  lines: ShelfLine[];
}

export interface ShelfFilter {
  q: string;
  category_id: string;
  low: boolean;
  offset: number;
}

export const PAGE_SIZE = 50;

/** One movement of a SKU's ledger (GET /stock/movements), with the balances it left. */
export interface Movement {
  id: string;
  at: string;
  kind: 'receipt' | 'sale' | 'reservation' | 'release' | 'adjustment' | 'transfer' | 'return';
  reason: Reason | null;
  on_hand_delta: number;
  reserved_delta: number;
  on_hand_after: number;
  reserved_after: number;
  source: 'staff' | 'order' | 'till' | 'refund' | 'demo' | 'api';
  recorded_by: { id: string; name: string } | null;
  key: string;
  reference: string | null;
}

/** Why an adjustment was made (the server's ADJUSTMENT_REASONS). */
export const REASONS = ['count', 'damaged', 'expired', 'lost'] as const;
export type Reason = (typeof REASONS)[number];
/** A reason in the words of the console. */
export const reasonLabel = (reason: Reason) => t(`reason.${reason}`);

/** How the console names a SKU, as the catalogue does: product and variant. */
export const lineName = (line: Pick<ShelfLine, 'name' | 'sku_name'>) =>
  `${line.name} ${line.sku_name}`.trim();

/** A change in units with its sign: `+12`, `−2`. */
export const signed = (n: number) => (n > 0 ? `+${n}` : n < 0 ? `−${-n}` : '0');

export function storeStock(storeId: string, filter: ShelfFilter, size = PAGE_SIZE): Promise<StoreStock> {
  const query = new URLSearchParams({ limit: String(size), offset: String(filter.offset) });
  if (filter.q.trim()) query.set('q', filter.q.trim());
  if (filter.category_id) query.set('category_id', filter.category_id);
  if (filter.low) query.set('low', 'true');
  return api.get<StoreStock>(`/stores/${storeId}/stock?${query}`);
}

/** The whole list under the filter, every page of it (the server gives at most 200 lines a read). */
export async function wholeStock(storeId: string, filter: ShelfFilter): Promise<ShelfLine[]> {
  const lines: ShelfLine[] = [];
  for (;;) {
    const page = await storeStock(storeId, { ...filter, offset: lines.length }, 200);
    lines.push(...page.lines);
    if (page.lines.length === 0 || lines.length >= page.total) return lines;
  }
}

/** The SKU's balance now, read fresh before a count is compared with it. */
export async function stockLevel(
  storeId: string,
  skuId: string,
): Promise<{ on_hand: number; reserved: number }> {
  const [level] = await api.get<{ on_hand: number; reserved: number }[]>(
    `/stock?store_id=${storeId}&sku_id=${skuId}`,
  );
  return level ?? { on_hand: 0, reserved: 0 };
}

export const MOVEMENTS_SHOWN = 30;

export const movements = (storeId: string, skuId: string) =>
  api.get<Movement[]>(`/stock/movements?store_id=${storeId}&sku_id=${skuId}&limit=${MOVEMENTS_SHOWN}`);

/**
 * A stock change as it goes to the server, its Idempotency-Key (the ledger's key) made once: sent
 * again after a lost answer, the server counts it once.
 */
export interface StockChange {
  key: string;
  path: '/stock/movements' | '/stock/transfers';
  body: object;
}

/** A fresh ledger key; from getRandomValues, which a console served over plain http also has. */
function ledgerKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return `console-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}

export const newChange = (path: StockChange['path'], body: object): StockChange => ({
  key: ledgerKey(),
  path,
  body,
});

/** `applied` the first time, `duplicate` when the server had already counted this key. */
export const sendChange = (change: StockChange) =>
  api.send<{ key: string; result: 'applied' | 'duplicate' }>('POST', change.path, change.body, {
    'idempotency-key': change.key,
  });
