/**
 * A store's stock as a stock-take sheet: a row a SKU as the list shows it, and an empty column for
 * what is counted on the shelf, filled in by hand.
 */
import { t } from './i18n';
import { lineName, type ShelfLine } from './stock-api';

const HEADINGS = [
  'stock.csv.code',
  'stock.product',
  'stock.csv.barcode',
  'stock.category',
  'stock.onHand',
  'stock.reserved',
  'stock.available',
  'stock.low',
  'stock.csv.counted',
] as const;

export function stockSheet(lines: readonly ShelfLine[]): unknown[][] {
  const rows = lines.map((line) => [
    line.code,
    lineName(line),
    line.barcode ?? '',
    line.category ?? '',
    line.on_hand,
    line.reserved,
    line.available,
    t(line.low ? 'stock.csv.yes' : 'stock.csv.no'),
    '',
  ]);
  return [HEADINGS.map((key) => t(key)), ...rows];
}
