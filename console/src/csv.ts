/** Tables a person takes into a spreadsheet: CSV as Excel opens it, handed to the browser's downloads. */
import { stringify } from 'csv-stringify/browser/esm/sync';
import { saveFile } from './save-file';

/**
 * The rows as CSV with Windows line ends and a byte-order mark first: Excel reads a CSV without one
 * in the local code page, and Chinese headings garble.
 */
export const spreadsheet = (rows: readonly (readonly unknown[])[]) =>
  `\uFEFF${stringify(
    rows.map((row) => row.map(asText)),
    { record_delimiter: 'windows' },
  )}`;

/**
 * Text that begins as a formula does (=, +, -, @, a tab or a return) gets a leading apostrophe: the
 * spreadsheet shows it as typed instead of running it (a product or member named "=HYPERLINK(…)": CSV
 * injection). A number, or text that is one (-12.50), stays as it is.
 */
const asText = (cell: unknown) =>
  typeof cell === 'string' && /^[=+\-@\t\r]/.test(cell) && !/^[+-]?\d+(\.\d+)?$/.test(cell)
    ? `'${cell}`
    : cell;

/** Money as a spreadsheet adds it up: yuan with two decimals, no sign or separators. */
export const yuan = (cents: number) => (cents / 100).toFixed(2);

export function downloadCsv(rows: readonly (readonly unknown[])[], filename: string): void {
  saveFile(new Blob([spreadsheet(rows)], { type: 'text/csv;charset=utf-8' }), filename);
}
