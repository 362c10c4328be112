/**
 * One campaign's results: the key numbers, what it did hour by hour (or day by day), conversion of
 * those who got the offer against the holdout with the lift's 95% interval, and why triggers were
 * skipped.
 */
import { useEffect, useMemo, useState } from 'preact/hooks';
import { api } from './api';
import {
  type Activity,
  both,
  type Campaign,
  type CampaignReport,
  counted,
  type Lift,
  money,
  offerSummary,
  percent,
  skipLabel,
  triggerSummary,
} from './campaign-api';
import { LifecycleButtons, type Notify, StatusBadge, scheduleDay } from './campaigns';
import { Chart, type ChartOption, PALETTE } from './chart';
import { downloadCsv } from './csv';
import { dateLocale, language, t } from './i18n';
import { ProductChip } from './product-picker';
import { refusalOf } from './refusals';

const REFRESH_MS = 30_000;
const rate = (part: number, whole: number) => (whole > 0 ? percent(part / whole) : '–');
/** `+1.5 pts`, `+1.5 个百分点`. */
const points = (value: number | string) => `${value} ${t('campaigns.report.pointsUnit')}`;

function Kpi({
  label,
  value,
  unit,
  detail,
  test,
}: {
  label: string;
  value: string | number;
  /** Said small after the value, so a long one (`个百分点`) does not push the number onto two lines. */
  unit?: string | undefined;
  detail?: string;
  test: string;
}) {
  return (
    <div class="kpi" data-test={test}>
      <span>{label}</span>
      <strong>
        {typeof value === 'number' ? value.toLocaleString(dateLocale()) : value}
        {unit && <small class="unit"> {unit}</small>}
      </strong>
      {detail && <small>{detail}</small>}
    </div>
  );
}

function activityOption(activity: Activity): ChartOption {
  const series = (key: keyof typeof PALETTE, type: 'bar' | 'line') => ({
    name: t(`campaigns.report.series.${key}`),
    type,
    data: activity.series.map((p) => p[key]),
    itemStyle: { color: PALETTE[key] },
    ...(type === 'line' ? { smooth: true, symbolSize: 5 } : { barMaxWidth: 18, stack: 'decided' }),
  });
  return {
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    grid: { left: 40, right: 16, top: 36, bottom: 28 },
    xAxis: {
      type: 'category',
      // `11-25 14:00` by hour, `2026-11-25` by day.
      data: activity.series.map((p) => (activity.bucket === 'hour' ? p.at.slice(5).replace('T', ' ') : p.at)),
      axisLabel: { hideOverlap: true },
    },
    yAxis: { type: 'value', minInterval: 1 },
    series: [
      series('push', 'bar'),
      series('holdout', 'bar'),
      series('triggers', 'line'),
      series('opened', 'line'),
      series('redeemed', 'line'),
    ],
  };
}

/** The activity for a spreadsheet: a row an hour or a day of the store's clock, as the chart has them. */
function activitySheet(activity: Activity): unknown[][] {
  const columns = ['triggers', 'push', 'holdout', 'opened', 'redeemed'] as const;
  return [
    [
      t(activity.bucket === 'hour' ? 'campaigns.report.hour' : 'campaigns.report.day'),
      ...columns.map((key) => t(`campaigns.report.series.${key}`)),
    ],
    ...activity.series.map((p) => [p.at.replace('T', ' '), ...columns.map((key) => p[key])]),
  ];
}

/** Conversion of each group as bars, and the lift (their difference) with its 95% interval as an error bar. */
function liftOption(lift: Lift): ChartOption {
  const pts = (v: number) => Math.round(v * 1000) / 10;
  const bars = [pts(lift.treated_rate), pts(lift.holdout_rate), pts(lift.difference)];
  return {
    tooltip: {
      trigger: 'item',
      formatter: (p: { dataIndex: number }) =>
        p.dataIndex === 2
          ? t('campaigns.report.liftTooltip', {
              value: bars[2]!,
              low: pts(lift.ci95[0]),
              high: pts(lift.ci95[1]),
            })
          : t('campaigns.report.converted', { value: bars[p.dataIndex]! }),
    },
    grid: { left: 44, right: 16, top: 16, bottom: 28 },
    xAxis: {
      type: 'category',
      data: [t('campaigns.report.gotOffer'), t('campaigns.report.heldOut'), t('campaigns.report.liftBar')],
    },
    yAxis: { type: 'value', axisLabel: { formatter: '{value}%' } },
    series: [
      {
        type: 'bar',
        barMaxWidth: 56,
        data: bars.map((value, i) => ({
          value,
          itemStyle: { color: [PALETTE.push, PALETTE.holdout, lift.significant ? '#16a34a' : '#64748b'][i] },
          // The lift's label sits beside its bar, clear of the interval's whisker.
          label:
            i === 2
              ? { position: 'left', formatter: points(`${value >= 0 ? '+' : ''}${value}`) }
              : { position: 'top', formatter: `${value}%` },
        })),
        label: { show: true, fontWeight: 600 },
      },
      {
        type: 'custom',
        name: t('campaigns.report.ci'),
        data: [[2, pts(lift.ci95[0]), pts(lift.ci95[1])]],
        renderItem: (
          _params: unknown,
          api: {
            value(i: number): number;
            coord(p: [number, number]): [number, number];
            size(p: [number, number]): [number, number];
          },
        ) => {
          const low = api.coord([api.value(0), api.value(1)]);
          const high = api.coord([api.value(0), api.value(2)]);
          const half = api.size([1, 0])[0] * 0.12;
          const style = { stroke: '#0f172a', lineWidth: 2 };
          const line = (x1: number, y1: number, x2: number, y2: number) => ({
            type: 'line',
            shape: { x1, y1, x2, y2 },
            style,
          });
          return {
            type: 'group',
            children: [
              line(low[0], low[1], high[0], high[1]),
              line(low[0] - half, low[1], low[0] + half, low[1]),
              line(high[0] - half, high[1], high[0] + half, high[1]),
            ],
          };
        },
        z: 10,
      },
    ],
  };
}

function skipsOption(skips: Record<string, number>): ChartOption {
  const rows = Object.entries(skips)
    .filter(([, n]) => n > 0)
    .sort((a, b) => a[1] - b[1]);
  return {
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    grid: { left: 150, right: 24, top: 8, bottom: 24 },
    xAxis: { type: 'value', minInterval: 1 },
    yAxis: { type: 'category', data: rows.map(([r]) => skipLabel(r)) },
    series: [
      { type: 'bar', data: rows.map(([, n]) => n), itemStyle: { color: PALETTE.triggers }, barMaxWidth: 16 },
    ],
  };
}

/** The products counted, in a sentence: by name up to three, then by number; null: anything. */
function productsOf({ skus, categories }: CampaignReport['products']): string | null {
  const names = [...categories, ...skus].map((p) => p.name);
  if (names.length > 3)
    return t('campaigns.report.picked', {
      what: both(
        categories.length > 0 && counted(categories.length, 'category'),
        skus.length > 0 && counted(skus.length, 'product'),
      ),
    });
  return names.length ? names.reduce((first, second) => t('campaigns.report.or', { first, second })) : null;
}

/** Every product and category the lift is counted on, by name. */
function CountedProducts({ products }: { products: CampaignReport['products'] }) {
  const { skus, categories } = products;
  return (
    <div class="counted" data-test="counted-products">
      <span>{t('campaigns.report.countedOn')}</span>
      {skus.length || categories.length ? (
        <ul class="chips products" aria-label={t('campaigns.report.countedProducts')}>
          {categories.map((c) => (
            <ProductChip key={c.id} name={c.name} kind="category" />
          ))}
          {skus.map((p) => (
            <ProductChip key={p.id} name={p.name} kind="product" />
          ))}
        </ul>
      ) : (
        <span class="muted">{t('campaigns.report.everyPurchase')}</span>
      )}
    </div>
  );
}

export function CampaignReportPage({ id, notify }: { id: string; notify: Notify }) {
  const [campaign, setCampaign] = useState<Campaign>();
  const [report, setReport] = useState<CampaignReport>();
  const [activity, setActivity] = useState<Activity>();
  const [bucket, setBucket] = useState<'hour' | 'day'>('hour');

  async function load() {
    try {
      const [c, r] = await Promise.all([
        api.get<Campaign>(`/campaigns/${id}`),
        api.get<CampaignReport>(`/campaigns/${id}/report`),
      ]);
      setCampaign(c);
      setReport(r);
    } catch (error) {
      notify({ text: refusalOf(error).message, error: true });
    }
  }
  const loadActivity = () =>
    api
      .get<Activity>(`/campaigns/${id}/activity?bucket=${bucket}`)
      .then(setActivity)
      .catch((error) => notify({ text: refusalOf(error).message, error: true }));
  useEffect(() => {
    load();
  }, [id]);
  useEffect(() => {
    loadActivity();
  }, [id, bucket]);
  // A running campaign's numbers move while the marketer watches.
  const running = campaign?.status === 'active';
  useEffect(() => {
    if (!running) return;
    const timer = setInterval(() => {
      load();
      loadActivity();
    }, REFRESH_MS);
    return () => clearInterval(timer);
  }, [running, id, bucket]);

  // The charts' words follow the language: a switch redraws them.
  const lang = language();
  const activityChart = useMemo(() => activity && activityOption(activity), [activity, lang]);
  const liftChart = useMemo(() => report?.lift && liftOption(report.lift), [report, lang]);
  const skipChart = useMemo(() => report && skipsOption(report.skips), [report, lang]);

  if (!campaign || !report) return <p class="hint">{t('campaigns.report.loading')}</p>;
  const { triggers, pushes, coupons, budget, lift, attributed } = report;
  const isCoupon = campaign.offer.kind === 'coupon';
  const products = productsOf(report.products);
  return (
    <div class="report">
      <div class="page-head">
        <a href="#/campaigns" class="back">
          {t('campaigns.back')}
        </a>
        <h1>{campaign.name}</h1>
        <StatusBadge status={campaign.status} />
        <span class="grow" />
        <LifecycleButtons campaign={campaign} notify={notify} onChanged={load} />
        <a class="button small" href={`#/campaigns/${id}`}>
          {t(campaign.status === 'ended' ? 'campaigns.report.rules' : 'campaigns.report.edit')}
        </a>
      </div>
      <p class="subline">
        {triggerSummary(campaign.trigger)} · {offerSummary(campaign.offer)} ·{' '}
        {scheduleDay(campaign.schedule.starts_at)} – {scheduleDay(campaign.schedule.ends_at)}
        {campaign.holdout > 0 &&
          ` · ${t('campaigns.report.holdout', { percent: percent(campaign.holdout, 0) })}`}
      </p>
      <CountedProducts products={report.products} />

      <div class="kpis">
        <Kpi
          test="kpi-triggers"
          label={t('campaigns.report.triggers')}
          value={triggers.total}
          detail={t('campaigns.report.triggersDetail', triggers)}
        />
        <Kpi
          test="kpi-pushes"
          label={t('campaigns.report.delivered')}
          value={pushes.sent}
          detail={
            pushes.failed
              ? t('campaigns.report.failed', {
                  detail: t('campaigns.report.deliveredDetail', triggers),
                  failed: pushes.failed,
                })
              : t('campaigns.report.deliveredDetail', triggers)
          }
        />
        <Kpi
          test="kpi-opens"
          label={t('campaigns.report.opens')}
          value={pushes.opened}
          detail={t('campaigns.report.openRate', { rate: rate(pushes.opened, pushes.sent) })}
        />
        <Kpi
          test="kpi-redemptions"
          label={t('campaigns.report.redemptions')}
          value={isCoupon ? coupons.redeemed : '–'}
          detail={
            isCoupon
              ? t('campaigns.report.redemptionsDetail', {
                  issued: coupons.issued,
                  rate: rate(coupons.redeemed, coupons.issued),
                })
              : t('campaigns.report.noCoupon')
          }
        />
        <Kpi
          test="kpi-purchases"
          label={t('campaigns.report.purchases')}
          value={attributed ? attributed.treated.orders : '–'}
          detail={
            attributed
              ? t(products ? 'campaigns.report.boughtProducts' : 'campaigns.report.bought', {
                  buyers: attributed.treated.buyers,
                  shoppers: attributed.treated.shoppers,
                  products: products ?? '',
                  spend: money(attributed.treated.spend_cents),
                })
              : products
                ? t('campaigns.report.within7DaysProducts', { products })
                : t('campaigns.report.within7Days')
          }
        />
        <Kpi
          test="kpi-lift"
          label={t('campaigns.report.lift')}
          value={lift ? `${lift.difference >= 0 ? '+' : ''}${(lift.difference * 100).toFixed(1)}` : '–'}
          unit={lift ? t('campaigns.report.pointsUnit') : undefined}
          detail={
            lift
              ? t('campaigns.report.liftDetail', {
                  low: (lift.ci95[0] * 100).toFixed(1),
                  high: (lift.ci95[1] * 100).toFixed(1),
                  verdict: t(
                    lift.significant ? 'campaigns.report.significant' : 'campaigns.report.notSignificant',
                  ),
                })
              : t(campaign.holdout > 0 ? 'campaigns.report.notMeasurable' : 'campaigns.report.noHoldout')
          }
        />
        <Kpi
          test="kpi-budget"
          label={t('campaigns.report.budget')}
          value={
            budget.total === null
              ? t('campaigns.report.given', { used: budget.used })
              : `${budget.used} / ${budget.total}`
          }
          detail={
            budget.total === null
              ? t('campaigns.report.noLimit')
              : t('campaigns.report.used', { rate: rate(budget.used, budget.total) })
          }
        />
      </div>

      <div class="charts">
        <section class="card wide">
          <div class="card-head">
            <h2>{t('campaigns.report.activity')}</h2>
            {activity && activity.series.length > 0 && (
              <button
                type="button"
                class="small"
                onClick={() => downloadCsv(activitySheet(activity), `campaign-${activity.bucket}s-${id}.csv`)}
              >
                {t('campaigns.report.download')}
              </button>
            )}
            <div class="tabs small" role="tablist" aria-label={t('campaigns.report.bucket')}>
              {(['hour', 'day'] as const).map((b) => (
                <button
                  type="button"
                  role="tab"
                  key={b}
                  aria-selected={bucket === b}
                  onClick={() => setBucket(b)}
                >
                  {t(b === 'hour' ? 'campaigns.report.byHour' : 'campaigns.report.byDay')}
                </button>
              ))}
            </div>
          </div>
          {activity && activity.series.length === 0 ? (
            <p class="hint chart-empty">{t('campaigns.report.notFired')}</p>
          ) : (
            activityChart && <Chart option={activityChart} label={t('campaigns.report.activityChart')} />
          )}
          {activity && <p class="hint">{t('campaigns.report.timesIn', { zone: activity.timezone })}</p>}
        </section>
        <section class="card">
          <h2>{t('campaigns.report.conversion')}</h2>
          {liftChart ? (
            <>
              <Chart option={liftChart} height={240} label={t('campaigns.report.conversionChart')} />
              <p class="hint">
                {t(products ? 'campaigns.report.conversionHintProducts' : 'campaigns.report.conversionHint', {
                  treated: percent(lift!.treated_rate),
                  holdout: percent(lift!.holdout_rate),
                  products: products ?? '',
                })}
              </p>
            </>
          ) : (
            <p class="hint chart-empty">
              {t(campaign.holdout > 0 ? 'campaigns.report.liftLater' : 'campaigns.report.setHoldout')}
            </p>
          )}
        </section>
        <section class="card">
          <h2>{t('campaigns.report.skipped')}</h2>
          {triggers.skip > 0 && skipChart ? (
            <Chart option={skipChart} height={240} label={t('campaigns.report.skippedChart')} />
          ) : (
            <p class="hint chart-empty">{t('campaigns.report.noneSkipped')}</p>
          )}
        </section>
      </div>
    </div>
  );
}
