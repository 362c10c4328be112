/**
 * Footfall & sales as a spreadsheet opens it, for a manager who puts it beside the rest of their
 * figures: a row a day, oldest first, then the totals, under the headings of the language shown.
 * Plain numbers (yuan with two decimals, minutes, counts), so the spreadsheet can add them up.
 */
import { yuan } from './csv';
import { clockHour, counted, DAY_COLUMNS, type StoreDays } from './days-api';
import { t } from './i18n';

/** A column heading with the unit its plain numbers are in, where the screen shows the unit by each figure. */
const HEADING_FOR_CSV: Partial<Record<(typeof DAY_COLUMNS)[number], Parameters<typeof t>[0]>> = {
  'days.medianStay': 'days.csvMedianStay',
};

/** The rows of the sheet: headings, the days, the totals. */
export function daysSheet(report: StoreDays): unknown[][] {
  const rows = report.days.map((d) => {
    // Before the beacons' first visit there is no figure, not a zero: an empty cell.
    const seen = counted(report, d.day);
    return [
      d.day,
      seen ? d.visits : '',
      seen ? d.shoppers : '',
      d.median_stay_s === null ? '' : Math.round(d.median_stay_s / 60),
      d.busiest_hour === null ? '' : clockHour(d.busiest_hour),
      d.orders,
      yuan(d.order_cents),
      d.till_receipts,
      d.till_units,
      yuan(d.till_cents_at_shelf_price),
      yuan(d.sales_cents),
    ];
  });
  const { totals } = report;
  const total = [
    t('days.total'),
    totals.visits,
    '',
    '',
    '',
    totals.orders,
    yuan(totals.order_cents),
    totals.till_receipts,
    totals.till_units,
    yuan(totals.till_cents_at_shelf_price),
    yuan(totals.sales_cents),
  ];
  const header = DAY_COLUMNS.map((key) => t(HEADING_FOR_CSV[key] ?? key));
  return [header, ...rows, total];
}
