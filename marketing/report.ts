/**
 * A campaign's report: what triggered, what was pushed, opened and redeemed, day by day, the
 * purchases attributed to each group and the lift against the holdout. Who bought afterwards is
 * commerce's to say: the caller passes a `PurchaseLookup` (commerce's `purchasesAfter`); without
 * one, attribution and lift are null rather than a guess.
 */
import { listCategories, skuSummaries } from '../commerce/index.js';
import type { Tx } from '../db/pool.js';
import { deliveryStats } from '../push/index.js';
import { SKIP_REASONS, type SkipReason } from './campaign.js';
import { liftAgainstHoldout } from './lift.js';
import type { Campaign, CampaignReport } from './schemas.js';
import { campaignSourcePrefix } from './triggers.js';

/** Of these shoppers, who paid for orders (how many, how much) within `days` after their own moment. */
export type PurchaseLookup = (
  tx: Tx,
  moments: ReadonlyMap<string, Date>,
  days: number,
  scope: { store_ids: readonly string[]; sku_ids?: readonly string[]; category_ids?: readonly string[] },
) => Promise<{ shopper_id: string; orders: number; spend_cents: number }[]>;

export interface Attribution {
  lookup: PurchaseLookup;
  /** Count only orders with these SKUs or categories (the campaign's products); all orders when absent. */
  sku_ids?: string[];
  category_ids?: string[];
}

const ATTRIBUTION_DAYS = 7;

/** A group's shoppers and what those of them who bought did. */
function groupPurchases(shoppers: number, bought: Awaited<ReturnType<PurchaseLookup>>) {
  return {
    shoppers,
    buyers: bought.length,
    orders: bought.reduce((n, b) => n + b.orders, 0),
    spend_cents: bought.reduce((n, b) => n + b.spend_cents, 0),
  };
}

/** The products purchases are counted on, as the catalogue names them (`Oatly燕麦奶 1L`, `咖啡 Coffee`). */
async function countedProducts(
  tx: Tx,
  attribution: Attribution | undefined,
): Promise<CampaignReport['products']> {
  const skuIds = attribution?.sku_ids ?? [];
  const named = new Map((skuIds.length ? await skuSummaries(tx, skuIds) : []).map((s) => [s.sku_id, s.name]));
  const skus = skuIds.map((id) => ({ id, name: named.get(id) ?? id }));
  const categoryIds = attribution?.category_ids ?? [];
  const known = categoryIds.length ? await listCategories(tx) : [];
  const categories = categoryIds.map((id) => ({ id, name: known.find((c) => c.id === id)?.name ?? id }));
  return { skus, categories };
}

export async function campaignReport(
  tx: Tx,
  campaign: Campaign,
  timezone: string,
  attribution?: Attribution,
): Promise<CampaignReport> {
  const outcomes = await tx.query<{ outcome: string; reason: SkipReason | null; n: number }>(
    `SELECT outcome, reason, count(*)::int AS n FROM campaign_decisions WHERE campaign_id = $1 GROUP BY 1, 2`,
    [campaign.id],
  );
  const total = (o: string) => outcomes.rows.filter((r) => r.outcome === o).reduce((s, r) => s + r.n, 0);
  const skips = Object.fromEntries(SKIP_REASONS.map((r) => [r, 0])) as Record<SkipReason, number>;
  for (const row of outcomes.rows) if (row.outcome === 'skip' && row.reason) skips[row.reason] += row.n;

  const coupons = await tx.query<{ issued: number; redeemed: number }>(
    'SELECT count(*)::int AS issued, count(redeemed_at)::int AS redeemed FROM coupons WHERE campaign_id = $1',
    [campaign.id],
  );
  const days = await tx.query<{ day: string; push: number; holdout: number; redeemed: number }>(
    `WITH d AS (
       SELECT to_char(decided_at AT TIME ZONE $2, 'YYYY-MM-DD') AS day,
              count(*) FILTER (WHERE outcome = 'push')::int AS push,
              count(*) FILTER (WHERE outcome = 'holdout')::int AS holdout
       FROM campaign_decisions WHERE campaign_id = $1 GROUP BY 1),
     r AS (
       SELECT to_char(redeemed_at AT TIME ZONE $2, 'YYYY-MM-DD') AS day, count(*)::int AS redeemed
       FROM coupons WHERE campaign_id = $1 AND redeemed_at IS NOT NULL GROUP BY 1)
     SELECT coalesce(d.day, r.day) AS day, coalesce(d.push, 0) AS push, coalesce(d.holdout, 0) AS holdout,
            coalesce(r.redeemed, 0) AS redeemed
     FROM d FULL JOIN r ON d.day = r.day ORDER BY 1`,
    [campaign.id, timezone],
  );
  const pushes = await deliveryStats(tx, campaignSourcePrefix(campaign.id), timezone);
  const opened = new Map(pushes.daily.map((d) => [d.day, d.opened]));
  const dayList = new Set([...days.rows.map((d) => d.day), ...opened.keys()]);
  const daily = [...dayList].sort().map((day) => {
    const row = days.rows.find((d) => d.day === day);
    return {
      day,
      push: row?.push ?? 0,
      holdout: row?.holdout ?? 0,
      opened: opened.get(day) ?? 0,
      redeemed: row?.redeemed ?? 0,
    };
  });

  let lift: CampaignReport['lift'] = null;
  let attributed: CampaignReport['attributed'] = null;
  if (attribution) {
    const touches = await tx.query<{ shopper_id: string; outcome: string; first: Date }>(
      `SELECT shopper_id, outcome, min(decided_at) AS first FROM campaign_decisions
       WHERE campaign_id = $1 AND outcome IN ('push', 'holdout') GROUP BY 1, 2`,
      [campaign.id],
    );
    const group = (o: string) =>
      new Map(touches.rows.filter((t) => t.outcome === o).map((t) => [t.shopper_id, t.first]));
    const treated = group('push');
    const holdout = group('holdout');
    const scope = {
      store_ids: campaign.store_ids,
      ...(attribution.sku_ids ? { sku_ids: attribution.sku_ids } : {}),
      ...(attribution.category_ids ? { category_ids: attribution.category_ids } : {}),
    };
    attributed = {
      treated: groupPurchases(treated.size, await attribution.lookup(tx, treated, ATTRIBUTION_DAYS, scope)),
      holdout: groupPurchases(holdout.size, await attribution.lookup(tx, holdout, ATTRIBUTION_DAYS, scope)),
    };
    const result = liftAgainstHoldout(
      { shoppers: treated.size, converted: attributed.treated.buyers },
      { shoppers: holdout.size, converted: attributed.holdout.buyers },
    );
    const narrowed = attribution.sku_ids?.length || attribution.category_ids?.length;
    const measure = `paid order${narrowed ? ' with the chosen products' : ''} within ${ATTRIBUTION_DAYS} days of the trigger${campaign.store_ids.length ? " in the campaign's stores" : ''}`;
    if (result) lift = { ...result, ci95: [...result.ci95], measure };
  }

  return {
    campaign_id: campaign.id,
    status: campaign.status,
    triggers: {
      total: total('push') + total('holdout') + total('skip'),
      push: total('push'),
      holdout: total('holdout'),
      skip: total('skip'),
    },
    skips,
    pushes: { sent: pushes.sent, skipped: pushes.skipped, failed: pushes.failed, opened: pushes.opened },
    coupons: coupons.rows[0]!,
    budget: { total: campaign.budget_total, used: campaign.budget_used },
    daily,
    attributed,
    products: await countedProducts(tx, attribution),
    lift,
  };
}
