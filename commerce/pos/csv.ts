/**
 * CSV import for tills and ERPs that export spreadsheets (header required, columns in any order).
 * Pure: text in, records out; a malformed row is a 400 naming its line. The records then go
 * through the same batch as JSON ones.
 *
 *   stock movements: record_id, kind, store_id, barcode, qty, and optionally reference, member_no and
 *     spend_cents (a sale or return on a member's card: both or neither), sold_at and, for a return,
 *     of_sale (the sale's record id); rows sharing a record id make one record
 *   products: record_id, product_name, sku_code, price_cents, and optionally category, barcode,
 *     sku_name, member_prices ("gold=1450;silver=1500"), store_prices ("<store id>=1890;<store id>=off;
 *     <store id>=list"); rows sharing a record id are the SKUs of one product
 *   members: record_id, member_no, and optionally phone, tier, points
 */
import { parse } from 'csv-parse/sync';
import { Validation } from '../../server/errors.js';
import {
  type MemberRecord,
  type ProductRecord,
  RECORD_ID as RECORD_ID_PATTERN,
  type StockMovementRecord,
} from './schemas.js';

const KINDS = new Set(['receipt', 'sale', 'return', 'adjustment']);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const RECORD_ID = new RegExp(RECORD_ID_PATTERN);
const CENTS = /^[0-9]{1,9}$/;

type Row = Record<string, string>;

/** The rows with their line numbers, after checking the header names every required column. */
function readRows(text: string, required: readonly string[]): [Row, number][] {
  let rows: Row[];
  try {
    rows = parse(text, { columns: true, skip_empty_lines: true, trim: true, bom: true });
  } catch (error) {
    throw Validation('csv', (error as Error).message);
  }
  const missing = required.filter((column) => rows.length > 0 && !(column in rows[0]!));
  if (missing.length > 0) throw Validation('csv', `needs the columns ${missing.join(', ')}`);
  return rows.map((row, index) => {
    const line = index + 2; // the header is line 1
    if (!RECORD_ID.test(row.record_id!)) throw Validation('csv', `line ${line}: bad record_id`);
    return [row, line];
  });
}

const bad = (line: number, problem: string) => Validation('csv', `line ${line}: ${problem}`);

/** "a=1;b=2" → [["a", "1"], ["b", "2"]]; empty → []. */
function pairs(cell: string | undefined, line: number, column: string): [string, string][] {
  if (!cell) return [];
  return cell.split(';').map((item) => {
    const [key, value, ...rest] = item.split('=').map((s) => s.trim());
    if (!key || value === undefined || rest.length)
      throw bad(line, `${column} must read key=value;key=value`);
    return [key, value];
  });
}

export function recordsFromCsv(text: string): StockMovementRecord[] {
  const records = new Map<string, StockMovementRecord>();
  for (const [row, line] of readRows(text, ['record_id', 'kind', 'store_id', 'barcode', 'qty'])) {
    const qty = Number(row.qty);
    if (!KINDS.has(row.kind!)) throw bad(line, 'kind must be receipt, sale, return or adjustment');
    if (!UUID.test(row.store_id!)) throw bad(line, "store_id must be a store's id");
    if (!/^[0-9]{13}$/.test(row.barcode!)) throw bad(line, 'barcode must be 13 digits');
    if (!Number.isInteger(qty) || qty === 0) throw bad(line, 'qty must be a whole number, not 0');
    const id = `${row.kind}/${row.record_id}`;
    const record = records.get(id) ?? {
      id: row.record_id!,
      kind: row.kind as StockMovementRecord['kind'],
      store_id: row.store_id!,
      lines: [],
      ...(row.reference ? { reference: row.reference } : {}),
    };
    if (record.store_id !== row.store_id) throw bad(line, `record ${row.record_id} names two stores`);
    if (row.member_no || row.spend_cents) {
      if (!row.member_no || !CENTS.test(row.spend_cents ?? ''))
        throw bad(line, 'member_no and spend_cents (whole fen) go together');
      if (row.sold_at && Number.isNaN(Date.parse(row.sold_at)))
        throw bad(line, 'sold_at must be a date and time (ISO 8601)');
      if (row.of_sale && !RECORD_ID.test(row.of_sale)) throw bad(line, "of_sale must be a sale's record id");
      const member = {
        member_no: row.member_no,
        spend_cents: Number(row.spend_cents),
        ...(row.sold_at ? { sold_at: new Date(row.sold_at).toISOString() } : {}),
        ...(row.of_sale ? { of_sale: row.of_sale } : {}),
      };
      if (record.member && JSON.stringify(record.member) !== JSON.stringify(member))
        throw bad(line, `record ${row.record_id} names two member cards or spends`);
      record.member = member;
    }
    record.lines.push({ barcode: row.barcode!, qty });
    records.set(id, record);
  }
  return [...records.values()];
}

export function productsFromCsv(text: string): ProductRecord[] {
  const records = new Map<string, ProductRecord>();
  for (const [row, line] of readRows(text, ['record_id', 'product_name', 'sku_code', 'price_cents'])) {
    if (!row.product_name) throw bad(line, 'product_name is empty');
    if (!CENTS.test(row.price_cents!)) throw bad(line, 'price_cents must be a whole number of fen');
    if (row.barcode && !/^[0-9]{13}$/.test(row.barcode)) throw bad(line, 'barcode must be 13 digits');
    const memberPrices = pairs(row.member_prices, line, 'member_prices').map(([tier, cents]) => {
      if (!/^[a-z][a-z0-9_]{0,31}$/.test(tier) || !CENTS.test(cents))
        throw bad(line, `member_prices: ${tier}=${cents} is not tier=fen`);
      return [tier, Number(cents)] as const;
    });
    const storePrices = pairs(row.store_prices, line, 'store_prices').map(([store, price]) => {
      if (!UUID.test(store)) throw bad(line, `store_prices: ${store} is not a store's id`);
      if (price === 'off') return { store_id: store, price_cents: null, available: false };
      if (price === 'list') return { store_id: store, price_cents: null, available: true };
      if (!CENTS.test(price)) throw bad(line, `store_prices: ${price} must be fen, list or off`);
      return { store_id: store, price_cents: Number(price), available: true };
    });
    const record = records.get(row.record_id!) ?? {
      id: row.record_id!,
      product: { name: row.product_name!, ...(row.category ? { category: row.category } : {}) },
      skus: [],
    };
    if (record.product.name !== row.product_name)
      throw bad(line, `record ${row.record_id} names two products`);
    record.skus.push({
      code: row.sku_code!,
      price_cents: Number(row.price_cents),
      ...(row.barcode ? { barcode: row.barcode } : {}),
      ...(row.sku_name ? { name: row.sku_name } : {}),
      ...(memberPrices.length ? { member_prices: Object.fromEntries(memberPrices) } : {}),
      ...(storePrices.length ? { store_prices: storePrices } : {}),
    });
    records.set(row.record_id!, record);
  }
  return [...records.values()];
}

export function membersFromCsv(text: string): MemberRecord[] {
  const seen = new Set<string>();
  return readRows(text, ['record_id', 'member_no']).map(([row, line]) => {
    if (seen.has(row.record_id!)) throw bad(line, `record ${row.record_id} appears twice`);
    seen.add(row.record_id!);
    if (!/^[A-Za-z0-9-]{4,32}$/.test(row.member_no!))
      throw bad(line, 'member_no must be 4–32 letters, digits or -');
    if (row.phone && !/^\+?[0-9]{5,20}$/.test(row.phone)) throw bad(line, 'phone must be digits');
    if (row.tier && !/^[a-z][a-z0-9_]{0,31}$/.test(row.tier)) throw bad(line, 'tier must be a tier code');
    if (row.points && !/^[0-9]{1,9}$/.test(row.points))
      throw bad(line, 'points must be a whole number, 0 or more');
    return {
      id: row.record_id!,
      member_no: row.member_no!,
      ...(row.phone ? { phone: row.phone } : {}),
      ...(row.tier ? { tier: row.tier } : {}),
      ...(row.points ? { points: Number(row.points) } : {}),
    };
  });
}
