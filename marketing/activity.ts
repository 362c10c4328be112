/**
 * What campaigns did, for the console: each campaign's key numbers (the campaign list) and one
 * campaign's activity over time, by local hour or day (the report's charts). The report proper and
 * its lift stay in report.ts.
 */
import type { Tx } from '../db/pool.js';
import { BUCKET_LABEL, liveCounts, opensOverTime } from '../push/index.js';
import { listStores } from '../stores/index.js';
import type { Campaign } from './schemas.js';
import { campaignSourcePrefix } from './triggers.js';

export type Bucket = keyof typeof BUCKET_LABEL;

const FALLBACK_TIMEZONE = 'Asia/Shanghai';
/** A chart of more points than this is unreadable; the latest ones are kept. */
export const MAX_POINTS = 24 * 31;

/** The time zone a campaign's days and hours are counted in: its first store's (or the brand's first). */
export async function campaignTimezone(tx: Tx, campaign: Pick<Campaign, 'store_ids'>): Promise<string> {
  const stores = await listStores(tx);
  return (stores.find((s) => campaign.store_ids.includes(s.id)) ?? stores[0])?.timezone ?? FALLBACK_TIMEZONE;
}

export interface CampaignTotals {
  campaign_id: string;
  triggers: number;
  pushes: number;
  opened: number;
  redeemed: number;
}

/** Triggers, pushes sent, opens and coupons redeemed of every campaign of the brand. */
export async function campaignTotals(tx: Tx, campaignIds: string[]): Promise<CampaignTotals[]> {
  const counts = async (sql: string) => {
    const { rows } = await tx.query<{ campaign_id: string; n: number }>(sql, [campaignIds]);
    return new Map(rows.map((r) => [r.campaign_id, r.n]));
  };
  const triggers = await counts(
    'SELECT campaign_id, count(*)::int AS n FROM campaign_decisions WHERE campaign_id = ANY($1) GROUP BY 1',
  );
  const redeemed = await counts(
    `SELECT campaign_id, count(*)::int AS n FROM coupons
     WHERE campaign_id = ANY($1) AND redeemed_at IS NOT NULL GROUP BY 1`,
  );
  const pushes = await liveCounts(tx, campaignIds.map(campaignSourcePrefix));
  return campaignIds.map((id) => {
    const live = pushes.get(campaignSourcePrefix(id))!;
    return {
      campaign_id: id,
      triggers: triggers.get(id) ?? 0,
      pushes: live.sent,
      opened: live.opened,
      redeemed: redeemed.get(id) ?? 0,
    };
  });
}

export interface ActivityPoint {
  /** Local time of the bucket's start: `2026-11-25` (day) or `2026-11-25T14:00` (hour). */
  at: string;
  triggers: number;
  push: number;
  holdout: number;
  skip: number;
  opened: number;
  redeemed: number;
}

const STEP_MS: Record<Bucket, number> = { hour: 3_600_000, day: 86_400_000 };
/** A chart spans at least a day of hours or a week of days (back to the campaign's creation). */
const AT_LEAST: Record<Bucket, number> = { hour: 24, day: 7 };

/**
 * Every bucket from `first` to `last` (local labels), so a quiet hour shows as zero rather than
 * vanishing from the chart; stretched back to `AT_LEAST` buckets, but not before `notBefore`.
 * Labels are wall-clock times: stepping them as if UTC keeps them exact.
 */
export function bucketsBetween(first: string, last: string, bucket: Bucket, notBefore = first): string[] {
  const parse = (label: string) => Date.parse(bucket === 'day' ? `${label}T00:00Z` : `${label}Z`);
  const format = (ms: number) => new Date(ms).toISOString().slice(0, bucket === 'day' ? 10 : 16);
  const step = STEP_MS[bucket];
  const end = parse(last);
  const wanted = Math.min(parse(first), Math.max(parse(notBefore), end - (AT_LEAST[bucket] - 1) * step));
  const start = Math.max(wanted, end - (MAX_POINTS - 1) * step);
  const labels: string[] = [];
  for (let t = start; t <= end; t += step) labels.push(format(t));
  return labels;
}

/** A campaign's decisions, opens and redemptions by local hour or day, up to now. */
export async function campaignActivity(
  tx: Tx,
  campaign: Pick<Campaign, 'id' | 'created_at'>,
  timezone: string,
  bucket: Bucket,
): Promise<ActivityPoint[]> {
  const campaignId = campaign.id;
  const label = BUCKET_LABEL[bucket];
  const decided = await tx.query<Omit<ActivityPoint, 'opened' | 'redeemed'>>(
    `SELECT to_char(decided_at AT TIME ZONE $2, $3) AS at, count(*)::int AS triggers,
            count(*) FILTER (WHERE outcome = 'push')::int AS push,
            count(*) FILTER (WHERE outcome = 'holdout')::int AS holdout,
            count(*) FILTER (WHERE outcome = 'skip')::int AS skip
     FROM campaign_decisions WHERE campaign_id = $1 GROUP BY 1`,
    [campaignId, timezone, label],
  );
  const redeemed = await tx.query<{ at: string; redeemed: number }>(
    `SELECT to_char(redeemed_at AT TIME ZONE $2, $3) AS at, count(*)::int AS redeemed
     FROM coupons WHERE campaign_id = $1 AND redeemed_at IS NOT NULL GROUP BY 1`,
    [campaignId, timezone, label],
  );
  const opened = await opensOverTime(tx, campaignSourcePrefix(campaignId), timezone, bucket);
  const clock = await tx.query<{ now: string; created: string }>(
    `SELECT to_char(now() AT TIME ZONE $1, $2) AS now, to_char($3::timestamptz AT TIME ZONE $1, $2) AS created`,
    [timezone, label, campaign.created_at],
  );
  const { now, created } = clock.rows[0]!;
  const seen = [...decided.rows, ...redeemed.rows, ...opened].map((r) => r.at).sort();
  if (seen.length === 0) return [];
  const last = [seen.at(-1)!, now].sort().at(-1)!;
  const decisions = new Map(decided.rows.map((r) => [r.at, r]));
  const opens = new Map(opened.map((r) => [r.at, r.opened]));
  const redemptions = new Map(redeemed.rows.map((r) => [r.at, r.redeemed]));
  return bucketsBetween(seen[0]!, last, bucket, [created, seen[0]!].sort()[0]).map((at) => ({
    at,
    triggers: decisions.get(at)?.triggers ?? 0,
    push: decisions.get(at)?.push ?? 0,
    holdout: decisions.get(at)?.holdout ?? 0,
    skip: decisions.get(at)?.skip ?? 0,
    opened: opens.get(at) ?? 0,
    redeemed: redemptions.get(at) ?? 0,
  }));
}
