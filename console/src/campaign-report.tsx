/**
 * One campaign's results: the key numbers, what it did hour by hour (or day by day), conversion of
 * those who got the offer against the holdout with the lift's 95% interval, and why triggers were
 * skipped.
 */
import { useEffect, useMemo, useState } from 'preact/hooks';
import { api } from './api';
import {
  type Activity,
  type Campaign,
  type CampaignReport,
  type Lift,
  money,
  offerSummary,
  percent,
  plural,
  SKIP_LABEL,
  triggerSummary,
} from './campaign-api';
import { LifecycleButtons, type Notify, StatusBadge, scheduleDay } from './campaigns';
import { Chart, type ChartOption, PALETTE } from './chart';
import { ProductChip } from './product-picker';

const REFRESH_MS = 30_000;
const rate = (part: number, whole: number) => (whole > 0 ? percent(part / whole) : '–');

function Kpi({
  label,
  value,
  detail,
  test,
}: {
  label: string;
  value: string | number;
  detail?: string;
  test: string;
}) {
  return (
    <div class="kpi" data-test={test}>
      <span>{label}</span>
      <strong>{typeof value === 'number' ? value.toLocaleString() : value}</strong>
      {detail && <small>{detail}</small>}
    </div>
  );
}

function activityOption(activity: Activity): ChartOption {
  const series = (key: keyof typeof PALETTE, name: string, type: 'bar' | 'line') => ({
    name,
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
      series('push', 'Pushed', 'bar'),
      series('holdout', 'Held out', 'bar'),
      series('triggers', 'Triggers', 'line'),
      series('opened', 'Opens', 'line'),
      series('redeemed', 'Redemptions', 'line'),
    ],
  };
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
          ? `Lift ${bars[2]} pts (95% CI ${pts(lift.ci95[0])} to ${pts(lift.ci95[1])})`
          : `${bars[p.dataIndex]}% converted`,
    },
    grid: { left: 44, right: 16, top: 16, bottom: 28 },
    xAxis: { type: 'category', data: ['Got the offer', 'Held out', 'Lift'] },
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
              ? { position: 'left', formatter: `${value >= 0 ? '+' : ''}${value} pts` }
              : { position: 'top', formatter: `${value}%` },
        })),
        label: { show: true, fontWeight: 600 },
      },
      {
        type: 'custom',
        name: '95% CI',
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
    yAxis: { type: 'category', data: rows.map(([r]) => SKIP_LABEL[r] ?? r) },
    series: [
      { type: 'bar', data: rows.map(([, n]) => n), itemStyle: { color: PALETTE.triggers }, barMaxWidth: 16 },
    ],
  };
}

/** The products counted, in a sentence: by name up to three, then by number; null: anything. */
function productsOf({ skus, categories }: CampaignReport['products']): string | null {
  const names = [...categories, ...skus].map((p) => p.name);
  if (names.length > 3)
    return `the ${[
      categories.length && plural(categories.length, 'category', 'categories'),
      skus.length && plural(skus.length, 'product'),
    ]
      .filter(Boolean)
      .join(' and ')} picked`;
  return names.length ? names.join(' or ') : null;
}

/** Every product and category the lift is counted on, by name. */
function CountedProducts({ products }: { products: CampaignReport['products'] }) {
  const { skus, categories } = products;
  return (
    <div class="counted" data-test="counted-products">
      <span>Sales lift counted on</span>
      {skus.length || categories.length ? (
        <ul class="chips products" aria-label="Products the lift is counted on">
          {categories.map((c) => (
            <ProductChip key={c.id} name={c.name} kind="category" />
          ))}
          {skus.map((p) => (
            <ProductChip key={p.id} name={p.name} kind="product" />
          ))}
        </ul>
      ) : (
        <span class="muted">every purchase in the campaign's stores (no products picked)</span>
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
      notify({ text: (error as Error).message, error: true });
    }
  }
  const loadActivity = () =>
    api
      .get<Activity>(`/campaigns/${id}/activity?bucket=${bucket}`)
      .then(setActivity)
      .catch((error) => notify({ text: (error as Error).message, error: true }));
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

  const activityChart = useMemo(() => activity && activityOption(activity), [activity]);
  const liftChart = useMemo(() => report?.lift && liftOption(report.lift), [report]);
  const skipChart = useMemo(() => report && skipsOption(report.skips), [report]);

  if (!campaign || !report) return <p class="hint">Loading the report…</p>;
  const { triggers, pushes, coupons, budget, lift, attributed } = report;
  const isCoupon = campaign.offer.kind === 'coupon';
  const products = productsOf(report.products);
  return (
    <div class="report">
      <div class="page-head">
        <a href="#/campaigns" class="back">
          ← Campaigns
        </a>
        <h1>{campaign.name}</h1>
        <StatusBadge status={campaign.status} />
        <span class="grow" />
        <LifecycleButtons campaign={campaign} notify={notify} onChanged={load} />
        <a class="button small" href={`#/campaigns/${id}`}>
          {campaign.status === 'ended' ? 'Rules' : 'Edit'}
        </a>
      </div>
      <p class="subline">
        {triggerSummary(campaign.trigger)} · {offerSummary(campaign.offer)} ·{' '}
        {scheduleDay(campaign.schedule.starts_at)} – {scheduleDay(campaign.schedule.ends_at)}
        {campaign.holdout > 0 && ` · ${percent(campaign.holdout, 0)} holdout`}
      </p>
      <CountedProducts products={report.products} />

      <div class="kpis">
        <Kpi
          test="kpi-triggers"
          label="Triggers"
          value={triggers.total}
          detail={`${triggers.push} pushed · ${triggers.holdout} held out · ${triggers.skip} skipped`}
        />
        <Kpi
          test="kpi-pushes"
          label="Delivered"
          value={pushes.sent}
          detail={`of ${triggers.push} pushed${pushes.failed ? ` · ${pushes.failed} failed` : ''}`}
        />
        <Kpi
          test="kpi-opens"
          label="Opens"
          value={pushes.opened}
          detail={`${rate(pushes.opened, pushes.sent)} open rate`}
        />
        <Kpi
          test="kpi-redemptions"
          label="Redemptions"
          value={isCoupon ? coupons.redeemed : '–'}
          detail={
            isCoupon
              ? `of ${coupons.issued} coupons issued (${rate(coupons.redeemed, coupons.issued)})`
              : 'no coupon in this offer'
          }
        />
        <Kpi
          test="kpi-purchases"
          label="Attributed purchases"
          value={attributed ? attributed.treated.orders : '–'}
          detail={
            attributed
              ? `${attributed.treated.buyers} of ${attributed.treated.shoppers} shoppers bought${products ? ` ${products}` : ''} · ${money(attributed.treated.spend_cents)}`
              : `orders${products ? ` with ${products}` : ''} within 7 days`
          }
        />
        <Kpi
          test="kpi-lift"
          label="Lift vs holdout"
          value={lift ? `${lift.difference >= 0 ? '+' : ''}${(lift.difference * 100).toFixed(1)} pts` : '–'}
          detail={
            lift
              ? `95% CI ${(lift.ci95[0] * 100).toFixed(1)} to ${(lift.ci95[1] * 100).toFixed(1)} pts · ${lift.significant ? 'significant' : 'not significant yet'}`
              : campaign.holdout > 0
                ? 'not measurable yet'
                : 'no holdout set'
          }
        />
        <Kpi
          test="kpi-budget"
          label="Budget"
          value={budget.total === null ? `${budget.used} given` : `${budget.used} / ${budget.total}`}
          detail={budget.total === null ? 'no limit' : `${rate(budget.used, budget.total)} used`}
        />
      </div>

      <div class="charts">
        <section class="card wide">
          <div class="card-head">
            <h2>Activity</h2>
            <div class="tabs small" role="tablist" aria-label="Bucket">
              {(['hour', 'day'] as const).map((b) => (
                <button
                  type="button"
                  role="tab"
                  key={b}
                  aria-selected={bucket === b}
                  onClick={() => setBucket(b)}
                >
                  {b === 'hour' ? 'By hour' : 'By day'}
                </button>
              ))}
            </div>
          </div>
          {activity && activity.series.length === 0 ? (
            <p class="hint chart-empty">Nothing yet: the campaign has not fired.</p>
          ) : (
            activityChart && (
              <Chart option={activityChart} label="Triggers, pushes, opens and redemptions over time" />
            )
          )}
          {activity && <p class="hint">Times in {activity.timezone}.</p>}
        </section>
        <section class="card">
          <h2>Conversion within 7 days</h2>
          {liftChart ? (
            <>
              <Chart
                option={liftChart}
                height={240}
                label="Conversion of treated and holdout shoppers, and the lift"
              />
              <p class="hint">
                {percent(lift!.treated_rate)} of shoppers who got the offer bought{products && ` ${products}`}
                , against {percent(lift!.holdout_rate)} of those held out. The bar on Lift is its 95%
                confidence interval.
              </p>
            </>
          ) : (
            <p class="hint chart-empty">
              {campaign.holdout > 0
                ? 'Lift shows once shoppers in both groups have had time to buy (orders or coupons within 7 days).'
                : 'Set a holdout share in the rules to measure lift: some eligible shoppers get nothing, for comparison.'}
            </p>
          )}
        </section>
        <section class="card">
          <h2>Why triggers were skipped</h2>
          {triggers.skip > 0 && skipChart ? (
            <Chart option={skipChart} height={240} label="Skipped triggers by reason" />
          ) : (
            <p class="hint chart-empty">No trigger was skipped.</p>
          )}
        </section>
      </div>
    </div>
  );
}
