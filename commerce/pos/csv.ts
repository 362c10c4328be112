/**
 * CSV import for tills and ERPs that export spreadsheets: one row per line, rows sharing a
 * record id make one record. Columns (header required, any order):
 *   record_id, kind, store_id, barcode, qty, reference (optional)
 * Pure: text in, records out; a malformed row is a 400 naming its line.
 */
import { parse } from 'csv-parse/sync';
import { Validation } from '../../server/errors.js';
import type { StockMovementRecord } from './schemas.js';

const REQUIRED = ['record_id', 'kind', 'store_id', 'barcode', 'qty'] as const;
const KINDS = new Set(['receipt', 'sale', 'return', 'adjustment']);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function recordsFromCsv(text: string): StockMovementRecord[] {
  let rows: Record<string, string>[];
  try {
    rows = parse(text, { columns: true, skip_empty_lines: true, trim: true, bom: true });
  } catch (error) {
    throw Validation('csv', (error as Error).message);
  }
  const missing = REQUIRED.filter((column) => rows.length > 0 && !(column in rows[0]!));
  if (missing.length > 0) throw Validation('csv', `needs the columns ${missing.join(', ')}`);
  const records = new Map<string, StockMovementRecord>();
  for (const [index, row] of rows.entries()) {
    const line = index + 2; // the header is line 1
    const qty = Number(row.qty);
    if (!/^[A-Za-z0-9._:/-]{1,100}$/.test(row.record_id!))
      throw Validation('csv', `line ${line}: bad record_id`);
    if (!KINDS.has(row.kind!))
      throw Validation('csv', `line ${line}: kind must be receipt, sale, return or adjustment`);
    if (!UUID.test(row.store_id!)) throw Validation('csv', `line ${line}: store_id must be a store's id`);
    if (!/^[0-9]{13}$/.test(row.barcode!)) throw Validation('csv', `line ${line}: barcode must be 13 digits`);
    if (!Number.isInteger(qty) || qty === 0)
      throw Validation('csv', `line ${line}: qty must be a whole number, not 0`);
    const id = `${row.kind}/${row.record_id}`;
    const record = records.get(id) ?? {
      id: row.record_id!,
      kind: row.kind as StockMovementRecord['kind'],
      store_id: row.store_id!,
      lines: [],
      ...(row.reference ? { reference: row.reference } : {}),
    };
    if (record.store_id !== row.store_id)
      throw Validation('csv', `line ${line}: record ${row.record_id} names two stores`);
    record.lines.push({ barcode: row.barcode!, qty });
    records.set(id, record);
  }
  return [...records.values()];
}
