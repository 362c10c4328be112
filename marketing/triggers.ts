/**
 * From a moment in a shopper's visit (arrived, entered a zone, lingered, left) to the offers to
 * deliver. Each (campaign, event) is decided exactly once — the decision row's unique key — and
 * decisions for one shopper are serialised (an advisory lock), so two events at once cannot both slip
 * under a frequency cap. Budget is taken with one conditional update: never more than given.
 */
import { randomBytes } from 'node:crypto';
import { cartLinesAt } from '../commerce/index.js';
import type { Tx } from '../db/pool.js';
import { hasConsent, memberFacts } from '../members/index.js';
import type { OfferCoupon, OfferPayload } from '../push/index.js';
import {
  defaultRanker as modelRanker,
  nameLine,
  type ProductRanker,
  type RankedProduct,
} from '../recommender/index.js';
import { localTime } from '../stores/index.js';
import type { Offer } from './campaign.js';
import { liveRules } from './campaigns.js';
import { type Decision, decide, type Moment } from './eligibility.js';

/** What every delivery key of a campaign starts with: its pushes are counted by it. */
export const campaignSourcePrefix = (campaignId: string) => `campaign:${campaignId}:`;

export interface TriggerInput {
  tenantId: string;
  shopperId: string;
  storeId: string;
  timezone: string;
  moment: Moment;
  /** Identifies the triggering event (e.g. the zone event's device, zone, type and time). */
  eventKey: string;
  /** Earlier visits to the brand's stores. */
  visitsBefore: number;
}

export interface OfferToDeliver {
  tenantId: string;
  shopperId: string;
  campaignId: string;
  /** Unique per campaign and event: what the delivery log keys on. */
  sourceKey: string;
  title: string;
  body: string;
  coupon?: OfferCoupon;
  /** A products offer's picks, best first. */
  products?: RankedProduct[];
}

/** What the shopper's app receives with an offer's title and body (and the delivery log keeps). */
export function offerPayload(offer: OfferToDeliver): OfferPayload {
  return {
    kind: 'campaign_offer',
    campaign_id: offer.campaignId,
    ...(offer.coupon ? { coupon: offer.coupon } : {}),
    ...(offer.products ? { products: offer.products } : {}),
  };
}

export interface TriggerOptions {
  /** Chooses the products of a products offer; the recommender's default (the ranking model) unless given. */
  ranker?: ProductRanker;
}

const DEFAULT_DAILY_PUSHES = 3;
const DEFAULT_VALID_DAYS = 7;
const DEFAULT_PRODUCTS = 3;
/** WeChat subscribe messages take at most 20 characters in a `thing` field: the body names products within it. */
const PRODUCT_LINE_CHARS = 20;
/**
 * Made at first use, not when this module loads: marketing reads a campaign's zones through venues'
 * front door, which reaches marketing again (beacons, gateway, visits), and in that cycle the
 * recommender may not have finished loading yet.
 */
let defaultRanker: ProductRanker | undefined;
function theDefaultRanker(): ProductRanker {
  defaultRanker ??= modelRanker();
  return defaultRanker;
}

async function dailyLimit(tx: Tx): Promise<number> {
  const { rows } = await tx.query<{ n: number }>(
    'SELECT daily_pushes_per_shopper AS n FROM marketing_settings',
  );
  return rows[0]?.n ?? DEFAULT_DAILY_PUSHES;
}

async function pushCounts(
  tx: Tx,
  shopperId: string,
  campaignId: string,
  windowH: number,
  dayStart: Date,
  now: Date,
) {
  const { rows } = await tx.query<{ campaign: number; today: number }>(
    `SELECT count(*) FILTER (WHERE campaign_id = $2 AND decided_at > $3::timestamptz - make_interval(hours => $4))::int AS campaign,
            count(*) FILTER (WHERE decided_at >= $5)::int AS today
     FROM campaign_decisions WHERE shopper_id = $1 AND outcome = 'push'`,
    [shopperId, campaignId, now, windowH, dayStart],
  );
  return rows[0]!;
}

/** Takes one offer from the budget; false when it is spent. */
async function takeBudget(tx: Tx, campaignId: string): Promise<boolean> {
  const { rowCount } = await tx.query(
    `UPDATE campaigns SET budget_used = budget_used + 1,
       status = CASE WHEN budget_total = budget_used + 1 THEN 'ended'::campaign_status ELSE status END
     WHERE id = $1 AND (budget_total IS NULL OR budget_used < budget_total)`,
    [campaignId],
  );
  return rowCount === 1;
}

function describe(offer: Offer, products: readonly RankedProduct[]): { title: string; body: string } {
  switch (offer.kind) {
    case 'coupon':
      return {
        title: offer.title,
        body: `¥${(offer.discount_cents / 100).toFixed(2)} off${offer.min_spend_cents ? ` over ¥${(offer.min_spend_cents / 100).toFixed(0)}` : ''}`,
      };
    case 'content':
      return { title: offer.title, body: offer.body };
    case 'products':
      return {
        title: offer.title,
        body: nameLine(
          products.map((p) => p.name),
          PRODUCT_LINE_CHARS,
        ),
      };
  }
}

async function issueCoupon(
  tx: Tx,
  input: TriggerInput,
  campaignId: string,
  offer: Extract<Offer, { kind: 'coupon' }>,
  now: Date,
) {
  const code = randomBytes(5).toString('hex').toUpperCase();
  const validUntil = new Date(now.getTime() + (offer.valid_days ?? DEFAULT_VALID_DAYS) * 86_400_000);
  const minSpend = offer.min_spend_cents ?? 0;
  const { rows } = await tx.query<{ id: string }>(
    `INSERT INTO coupons (tenant_id, campaign_id, shopper_id, code, title, discount_cents, min_spend_cents, valid_until)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
    [
      input.tenantId,
      campaignId,
      input.shopperId,
      code,
      offer.title,
      offer.discount_cents,
      minSpend,
      validUntil,
    ],
  );
  return {
    id: rows[0]!.id,
    code,
    discount_cents: offer.discount_cents,
    min_spend_cents: minSpend,
    valid_until: validUntil.toISOString(),
  };
}

export async function onMoment(
  tx: Tx,
  input: TriggerInput,
  options: TriggerOptions = {},
): Promise<OfferToDeliver[]> {
  const ranker = options.ranker ?? theDefaultRanker();
  const now = input.moment.at;
  await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`marketing:${input.shopperId}`]);
  const rules = await liveRules(tx, input.storeId, input.timezone, now);
  if (rules.length === 0) return [];
  const consent = await hasConsent(tx, input.shopperId, 'location_marketing');
  const member = await memberFacts(tx, input.shopperId);
  // Read only when a live campaign asks for it: every zone moment passes here.
  const cartHere =
    rules.some((r) => r.audience.cart_waiting) &&
    (await cartLinesAt(tx, input.shopperId, input.storeId)).length > 0;
  const limit = await dailyLimit(tx);
  const local = localTime(input.timezone, now);
  const dayStart = new Date(now.getTime() - local.minute * 60_000 - (now.getTime() % 60_000));
  const offers: OfferToDeliver[] = [];

  for (const campaign of rules) {
    // A redelivered event was decided before: never act on it twice. (The shopper lock above
    // makes this check and the insert below one step; the unique key backs it up.)
    const seen = await tx.query(
      'SELECT 1 FROM campaign_decisions WHERE campaign_id = $1 AND event_key = $2',
      [campaign.id, input.eventKey],
    );
    if (seen.rowCount) continue;
    const counts = await pushCounts(tx, input.shopperId, campaign.id, campaign.caps.window_h, dayStart, now);
    let decision: Decision = decide(
      campaign,
      input.moment,
      {
        id: input.shopperId,
        marketing_consent: consent,
        visits_before: input.visitsBefore,
        tags: member.tags,
        tier: member.tier ?? undefined,
        birthday: member.birthday,
        cart_here: cartHere,
        campaign_pushes_in_window: counts.campaign,
        pushes_today: counts.today + offers.length,
      },
      { daily_pushes_per_shopper: limit },
    );
    // A moment that is not this campaign's trigger is not worth a row.
    if (decision.outcome === 'skip' && decision.reason === 'trigger_mismatch') continue;
    // A products offer with nothing to show is not sent: an empty "picked for you" only disappoints.
    const products =
      decision.outcome === 'push' && campaign.offer.kind === 'products'
        ? await ranker.rank(tx, {
            tenantId: input.tenantId,
            storeId: input.storeId,
            shopperId: input.shopperId,
            zoneId: input.moment.zone,
            count: campaign.offer.count ?? DEFAULT_PRODUCTS,
            now,
          })
        : [];
    if (decision.outcome === 'push' && campaign.offer.kind === 'products' && products.length === 0) {
      decision = { outcome: 'skip', reason: 'no_products' };
    }
    if (decision.outcome === 'push' && !(await takeBudget(tx, campaign.id))) {
      decision = { outcome: 'skip', reason: 'budget_exhausted' };
    }
    await tx.query(
      `INSERT INTO campaign_decisions (tenant_id, campaign_id, shopper_id, store_id, event_key, moment, outcome, reason, decided_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [
        input.tenantId,
        campaign.id,
        input.shopperId,
        input.storeId,
        input.eventKey,
        { ...input.moment, at: now.toISOString() },
        decision.outcome,
        decision.outcome === 'skip' ? decision.reason : null,
        now,
      ],
    );
    if (decision.outcome !== 'push') continue;
    const text = describe(campaign.offer, products);
    const coupon =
      campaign.offer.kind === 'coupon'
        ? await issueCoupon(tx, input, campaign.id, campaign.offer, now)
        : undefined;
    offers.push({
      tenantId: input.tenantId,
      shopperId: input.shopperId,
      campaignId: campaign.id,
      sourceKey: `${campaignSourcePrefix(campaign.id)}${input.eventKey}`,
      ...text,
      ...(coupon ? { coupon } : {}),
      ...(campaign.offer.kind === 'products' ? { products } : {}),
    });
  }
  return offers;
}
