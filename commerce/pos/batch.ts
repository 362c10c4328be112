/**
 * Applies a POS/ERP batch record by record: each in its own savepoint, so one bad record is
 * rejected with its reason while the others apply, and each keyed by the sender's record id in
 * the stock ledger, so a resent batch answers "duplicate" and changes nothing.
 */
import type { Tx } from '../../db/pool.js';
import { Forbidden, NotFound, SmartStoreError, Validation } from '../../server/errors.js';
import { applyStockOperation, type CountedKind, movementLines } from '../stock/movements.js';
import type { RecordResult, StockMovementRecord } from './schemas.js';

/** Barcodes the records name → SKU ids, in one query. */
async function skusByBarcode(tx: Tx, records: readonly StockMovementRecord[]): Promise<Map<string, string>> {
  const barcodes = records.flatMap((r) => r.lines.flatMap((l) => ('barcode' in l ? [l.barcode] : [])));
  if (barcodes.length === 0) return new Map();
  const { rows } = await tx.query<{ barcode: string; id: string }>(
    'SELECT barcode, id FROM catalogue_skus WHERE barcode = ANY($1::text[])',
    [barcodes],
  );
  return new Map(rows.map((r) => [r.barcode, r.id]));
}

export async function applyMovementBatch(
  tx: Tx,
  tenantId: string,
  records: readonly StockMovementRecord[],
  mayUseStore: (storeId: string) => boolean,
): Promise<RecordResult[]> {
  const bySku = await skusByBarcode(tx, records);
  const results: RecordResult[] = [];
  for (const record of records) {
    await tx.query('SAVEPOINT pos_record');
    try {
      if (!mayUseStore(record.store_id)) {
        throw Forbidden('Staff send records only for their own stores');
      }
      const lines = record.lines.map((line, index) => {
        const skuId = 'barcode' in line ? bySku.get(line.barcode) : line.sku_id;
        if (!skuId) throw NotFound(`lines.${index}: barcode ${'barcode' in line ? line.barcode : ''}`);
        if (line.qty === 0) throw Validation(`lines.${index}.qty`, 'must not be 0');
        return { sku_id: skuId, qty: line.qty };
      });
      const result = await applyStockOperation(tx, tenantId, {
        key: `pos:${record.kind}:${record.id}`,
        kind: record.kind as CountedKind,
        reference: record.reference ?? record.id,
        lines: movementLines(record.kind as CountedKind, record.store_id, lines),
      });
      await tx.query('RELEASE SAVEPOINT pos_record');
      results.push({ id: record.id, status: result });
    } catch (error) {
      await tx.query('ROLLBACK TO SAVEPOINT pos_record');
      if (error instanceof SmartStoreError) {
        results.push({ id: record.id, status: 'rejected', code: error.code, reason: error.message });
        continue;
      }
      throw error;
    }
  }
  return results;
}
