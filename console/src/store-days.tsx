/**
 * A store's days for its manager: footfall (visits recognised by the beacons, passers-by left out)
 * beside sales (paid orders and the tills), day by day in the store's time zone. The store and the
 * span are in the hash route (`#/days/<store id>/<days>`) so the page can be bookmarked or sent on.
 */
import './campaigns.css';
import { useEffect, useMemo, useState } from 'preact/hooks';
import { money } from './campaign-api';
import { Chart, type ChartOption } from './chart';
import { downloadCsv } from './csv';
import { clockHour, counted, DAY_COLUMNS, type StoreDays, storeDays } from './days-api';
import { daysSheet } from './days-csv';
import { dateLocale, language, t } from './i18n';
import { go, Nav } from './nav';
import { refusalOf } from './refusals';
import { StoreSelect, useStores } from './store-select';

const SPANS = [7, 14, 30, 90];
const COLOURS = { visits: '#7c3aed', orders: '#0f766e', till: '#f59e0b' };

const minutes = (s: number | null) => (s === null ? '–' : t('days.minutes', { minutes: Math.round(s / 60) }));
const hour = (h: number | null) => (h === null ? '–' : clockHour(h));
/** A day (YYYY-MM-DD) as Chinese writes it, with its weekday; in English the ISO day, as before. */
const dayOf = (day: string) => {
  const locale = dateLocale();
  if (!locale) return day;
  const format = {
    year: 'numeric',
    month: 'long',
    day: 'numeric',
    weekday: 'short',
    timeZone: 'UTC',
  } as const;
  return new Intl.DateTimeFormat(locale, format).format(new Date(`${day}T00:00:00Z`));
};

/** One part of a day's sales, in yuan, stacked on the others on the right-hand axis. */
const salesBar = (name: string, cents: number[], color: string) => ({
  name,
  type: 'bar',
  yAxisIndex: 1,
  stack: 'sales',
  barMaxWidth: 26,
  data: cents.map((c) => c / 100),
  itemStyle: { color },
});

function daysOption(report: StoreDays): ChartOption {
  const labels = report.days.map((d) => d.day.slice(5));
  return {
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    grid: { left: 48, right: 64, top: 36, bottom: 28 },
    xAxis: { type: 'category', data: labels },
    yAxis: [
      { type: 'value', name: t('days.axisVisits'), minInterval: 1 },
      { type: 'value', name: '¥', axisLabel: { formatter: (v: number) => `${v}` } },
    ],
    // Sales as stacked bars (what the orders and the tills each brought), footfall as the line over them.
    series: [
      salesBar(
        t('days.seriesOrders'),
        report.days.map((d) => d.order_cents),
        COLOURS.orders,
      ),
      salesBar(
        t('days.seriesTills'),
        report.days.map((d) => d.till_cents_at_shelf_price),
        COLOURS.till,
      ),
      {
        name: t('days.seriesVisits'),
        type: 'line',
        symbolSize: 6,
        data: report.days.map((d) => (counted(report, d.day) ? d.visits : null)),
        itemStyle: { color: COLOURS.visits },
      },
    ],
  };
}

export function StoreDaysPage({ path, onOut }: { path: string[]; onOut: () => void }) {
  const [report, setReport] = useState<StoreDays>();
  const [error, setError] = useState<string>();
  const stores = useStores(setError);
  const storeId = path[0] ?? stores?.[0]?.id;
  const span = SPANS.includes(Number(path[1])) ? Number(path[1]) : 7;
  const store = stores?.find((s) => s.id === storeId);

  useEffect(() => {
    if (!storeId) return;
    setReport(undefined);
    setError(undefined);
    storeDays(storeId, span)
      .then(setReport)
      .catch((e) => setError(refusalOf(e).message));
  }, [storeId, span]);
  // The chart's names are the language's: a switch draws it again.
  const chart = useMemo(() => report && daysOption(report), [report, language()]);
  const yesterday = report?.days.at(-2);

  return (
    <div class="campaigns">
      <Nav current="days" onOut={onOut} />
      <main class="page">
        <div class="page-head">
          <h1>{t('nav.days')}</h1>
          <StoreSelect stores={stores} value={storeId} onPick={(id) => go(`days/${id}/${span}`)} />
          <span class="tabs small" role="tablist">
            {SPANS.map((n) => (
              <button
                key={n}
                type="button"
                role="tab"
                aria-selected={n === span}
                class={n === span ? 'active' : ''}
                onClick={() => storeId && go(`days/${storeId}/${n}`)}
              >
                {t('days.span', { count: n })}
              </button>
            ))}
          </span>
          {report && store && (
            <button
              type="button"
              class="small"
              onClick={() =>
                downloadCsv(daysSheet(report), `${store.code}-days-${report.from}-${report.to}.csv`)
              }
            >
              {t('days.download')}
            </button>
          )}
        </div>
        {error && <p class="error">{error}</p>}
        {!report && !error && <p class="hint">{t('days.loading')}</p>}
        {report && store && (
          <>
            {yesterday && (
              <div class="kpis" data-test="yesterday">
                <div class="kpi">
                  <span>{t('days.yesterdayVisits')}</span>
                  <strong>
                    {counted(report, yesterday.day) ? yesterday.visits.toLocaleString(dateLocale()) : '–'}
                  </strong>
                  <small>
                    {counted(report, yesterday.day)
                      ? t('days.yesterdayStay', {
                          stay: minutes(yesterday.median_stay_s),
                          hour: hour(yesterday.busiest_hour),
                        })
                      : report.footfall_since
                        ? t('days.firstVisit', { day: dayOf(report.footfall_since) })
                        : t('days.noVisitYet')}
                  </small>
                </div>
                <div class="kpi">
                  <span>{t('days.yesterdaySales')}</span>
                  <strong>{money(yesterday.sales_cents)}</strong>
                  <small>
                    {t('days.yesterdayOrders', {
                      orders: yesterday.orders,
                      receipts: yesterday.till_receipts,
                    })}
                  </small>
                </div>
                <div class="kpi">
                  <span>{t('days.salesPerVisit')}</span>
                  <strong>
                    {counted(report, yesterday.day) && yesterday.visits
                      ? money(yesterday.sales_cents / yesterday.visits)
                      : '–'}
                  </strong>
                  <small>{t('days.salesPerVisitHint')}</small>
                </div>
              </div>
            )}
            {chart && <Chart option={chart} label={t('days.chart', { store: store.name })} />}
            <table class="grid" data-test="store-days">
              <thead>
                <tr>
                  {DAY_COLUMNS.map((key) => (
                    <th key={key}>{t(key)}</th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {[...report.days].reverse().map((d) => (
                  <tr key={d.day}>
                    <td>{dayOf(d.day)}</td>
                    <td>{counted(report, d.day) ? d.visits : '–'}</td>
                    <td>{counted(report, d.day) ? d.shoppers : '–'}</td>
                    <td>{minutes(d.median_stay_s)}</td>
                    <td>{hour(d.busiest_hour)}</td>
                    <td>{d.orders}</td>
                    <td>{money(d.order_cents)}</td>
                    <td>{d.till_receipts}</td>
                    <td>{d.till_units}</td>
                    <td>{money(d.till_cents_at_shelf_price)}</td>
                    <td>{money(d.sales_cents)}</td>
                  </tr>
                ))}
                <tr class="total">
                  <td>{t('days.total')}</td>
                  <td>{report.totals.visits}</td>
                  <td />
                  <td />
                  <td />
                  <td>{report.totals.orders}</td>
                  <td>{money(report.totals.order_cents)}</td>
                  <td>{report.totals.till_receipts}</td>
                  <td>{report.totals.till_units}</td>
                  <td>{money(report.totals.till_cents_at_shelf_price)}</td>
                  <td>{money(report.totals.sales_cents)}</td>
                </tr>
              </tbody>
            </table>
            <p class="hint">{t('days.hint', { zone: report.timezone })}</p>
          </>
        )}
      </main>
      <footer class="status">{t('days.ready')}</footer>
    </div>
  );
}
