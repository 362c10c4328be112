/**
 * Till receipts of past days, imported after the fact (the demo chain's history): each is a sale
 * record as a till sends it to `applyMovementBatch`, as the same ledger operation under the same key,
 * so the sales reports and the best sellers count it, but dated when it was rung up rather than when
 * it arrived. The caller applies them (`applyStockOperations`), a day's receipts at once: the balances
 * then move once per SKU, which keeps a day of tills quick.
 */
import { movementLines, type StockOperation } from '../stock/movements.js';

export interface PastTillReceipt {
  /** The receipt's record id (the id a till would send again: importing it twice changes nothing). */
  id: string;
  store_id: string;
  rung_up_at: Date;
  lines: readonly { sku_id: string; qty: number }[];
  reference?: string;
}

export function pastTillSales(receipts: readonly PastTillReceipt[]): StockOperation[] {
  return receipts.map((r) => ({
    // The key applyMovementBatch gives a till's sale record.
    key: `pos:sale:${r.id}`,
    kind: 'sale',
    reference: r.reference ?? r.id,
    at: r.rung_up_at,
    lines: movementLines('sale', r.store_id, r.lines),
  }));
}
