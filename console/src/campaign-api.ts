/** The campaign shapes the console reads and writes (marketing/schemas.ts on the server), and how they are said. */
import { ApiFailure } from './api';
import { type TextKey, t } from './i18n';
import { refusalOf } from './refusals';
import { campaignsEn } from './texts/campaigns';

export const STATUSES = ['draft', 'scheduled', 'active', 'paused', 'ended'] as const;
export type Status = (typeof STATUSES)[number];

export type Trigger =
  | { kind: 'store_arrival' }
  | { kind: 'zone_enter' | 'zone_exit'; zones: string[] }
  | { kind: 'zone_dwell'; zones: string[]; min_dwell_s: number };

export interface Audience {
  visitors: 'any' | 'new' | 'returning';
  tags_any?: string[];
  tiers?: string[];
  /** Only members whose birthday falls in the month of the moment (生日当月). */
  birthday_month?: boolean;
  cart_waiting?: boolean;
}

export interface Window {
  from: string;
  to: string;
}

export interface Schedule {
  starts_at: string;
  ends_at: string;
  weekdays?: number[];
  hours?: Window;
  quiet_hours?: Window;
}

export type Offer =
  | {
      kind: 'coupon';
      title: string;
      discount_cents: number;
      min_spend_cents?: number;
      valid_days?: number;
    }
  | { kind: 'content'; title: string; body: string; link?: string }
  | { kind: 'products'; title: string; count?: number };

export interface CampaignRules {
  name: string;
  store_ids: string[];
  trigger: Trigger;
  audience: Audience;
  schedule: Schedule;
  caps: { per_shopper: number; window_h: number };
  offer: Offer;
  budget_total: number | null;
  holdout: number;
  /** The products it sells: its report counts purchases of these only; both empty: every purchase. */
  attribution: { sku_ids: string[]; category_ids: string[] };
}

export interface Campaign extends CampaignRules {
  id: string;
  status: Status;
  budget_used: number;
  created_at: string;
  updated_at: string;
}

/**
 * Statuses in which a campaign may still fire. A map save that deletes a zone such a campaign fires in
 * is refused (marketing's campaignsInZones, which venues' map save asks).
 */
export const LIVE_STATUSES: readonly Status[] = ['scheduled', 'active', 'paused'];

/** The campaigns that fire in one zone, by what deleting the zone does to them. */
export interface CampaignsInZone {
  /** The map's save is refused while these use it. */
  live: Campaign[];
  /** Show the zone as deleted, and cannot be scheduled until it is taken out. */
  drafts: Campaign[];
  /** Fire nowhere any more; their reports stay. */
  ended: Campaign[];
}

export function campaignsInZone(campaigns: Campaign[], zoneId: string): CampaignsInZone {
  const using = campaigns.filter((c) => 'zones' in c.trigger && c.trigger.zones.includes(zoneId));
  return {
    live: using.filter((c) => LIVE_STATUSES.includes(c.status)),
    drafts: using.filter((c) => c.status === 'draft'),
    ended: using.filter((c) => c.status === 'ended'),
  };
}

/** A zone of the brand's maps, without its polygon (GET /zones, venues/schemas.ts ZoneSummary). */
export interface ZoneSummary {
  id: string;
  store_id: string;
  level: number;
  level_name: string;
  name: string | null;
}

export interface CampaignTotals {
  campaign_id: string;
  triggers: number;
  pushes: number;
  opened: number;
  redeemed: number;
}

export interface AudienceSize {
  /** The brand's shoppers. */
  shoppers: number;
  /** Of those, who allow location marketing. */
  consenting: number;
  /** Of those, who match the audience: the reach before holdout, caps and budget. */
  reachable: number;
}

export interface Lift {
  treated_rate: number;
  holdout_rate: number;
  difference: number;
  ci95: [number, number];
  relative: number | null;
  significant: boolean;
  measure: string;
}

export interface CampaignReport {
  campaign_id: string;
  status: Status;
  triggers: { total: number; push: number; holdout: number; skip: number };
  skips: Record<string, number>;
  pushes: { sent: number; skipped: number; failed: number; opened: number };
  coupons: { issued: number; redeemed: number };
  budget: { total: number | null; used: number };
  daily: { day: string; push: number; holdout: number; opened: number; redeemed: number }[];
  /** Paid orders within 7 days of the trigger, per group (null until purchases can be attributed). */
  attributed?: { treated: GroupPurchases; holdout: GroupPurchases } | null;
  /** What purchases are counted on, by name; both empty: every purchase. */
  products: { skus: Named[]; categories: Named[] };
  lift: Lift | null;
}

export interface Named {
  id: string;
  name: string;
}

/** A category of the brand's catalogue (GET /catalogue/categories). */
export interface Category extends Named {
  parent_id: string | null;
}

/** One SKU the catalogue's search found (GET /catalogue/search, commerce's SearchHit). */
export interface ProductHit {
  sku_id: string;
  /** The product's name; `sku_name` is the variant (`1L`), which may be empty. */
  name: string;
  sku_name: string;
  code: string;
  list_cents: number;
  /** A bundle (套餐) of other SKUs. */
  bundle: boolean;
}

/** A SKU known by its id, named as the catalogue and the report name it (GET /catalogue/skus?ids=). */
export interface SkuSummary {
  sku_id: string;
  product_id: string;
  name: string;
  code: string;
  price_cents: number;
}

/** How the console names a SKU the search found, as the catalogue does: product and variant. */
export const skuName = (hit: ProductHit) => `${hit.name} ${hit.sku_name}`.trim();

export interface GroupPurchases {
  shoppers: number;
  buyers: number;
  orders: number;
  spend_cents: number;
}

export interface ActivityPoint {
  at: string;
  triggers: number;
  push: number;
  holdout: number;
  skip: number;
  opened: number;
  redeemed: number;
}

export interface Activity {
  campaign_id: string;
  bucket: 'hour' | 'day';
  timezone: string;
  series: ActivityPoint[];
}

/** Lifecycle moves a marketer can make from each status (marketing/lifecycle.ts): the button's text and what it asks first. */
export const ACTIONS: Record<Status, { to: Status; label: TextKey; confirm: TextKey; danger?: boolean }[]> = {
  draft: [
    { to: 'scheduled', label: 'campaigns.action.schedule', confirm: 'campaigns.action.schedule.confirm' },
  ],
  scheduled: [
    { to: 'active', label: 'campaigns.action.activate', confirm: 'campaigns.action.activate.confirm' },
    { to: 'draft', label: 'campaigns.action.toDraft', confirm: 'campaigns.action.toDraft.confirm' },
  ],
  active: [
    { to: 'paused', label: 'campaigns.action.pause', confirm: 'campaigns.action.pause.confirm' },
    { to: 'ended', label: 'campaigns.action.end', confirm: 'campaigns.action.end.confirm', danger: true },
  ],
  paused: [
    { to: 'active', label: 'campaigns.action.resume', confirm: 'campaigns.action.resume.confirm' },
    { to: 'ended', label: 'campaigns.action.end', confirm: 'campaigns.action.end.confirm', danger: true },
  ],
  ended: [],
};

export const TRIGGERS: readonly Trigger['kind'][] = [
  'store_arrival',
  'zone_enter',
  'zone_dwell',
  'zone_exit',
];
export const triggerLabel = (kind: Trigger['kind']) => t(`campaigns.trigger.${kind}`);
export const statusLabel = (status: Status) => t(`campaigns.status.${status}`);

/** Why a trigger was skipped (marketing/eligibility.ts), in words; a reason the console does not know, as the server names it. */
export function skipLabel(reason: string): string {
  const key = `campaigns.skip.${reason}`;
  return key in campaignsEn ? t(key as TextKey) : reason;
}

/** The server's refusals of a campaign's move or save in the marketer's words by code; any other as `refusalOf` says it. */
export function campaignRefusal(error: unknown): { message: string; field?: string | undefined } {
  const refusal = refusalOf(error);
  const key = error instanceof ApiFailure ? `campaigns.refusal.${error.body.code}` : '';
  return key in campaignsEn ? { ...refusal, message: t(key as TextKey) } : refusal;
}

const yuan = new Intl.NumberFormat('zh-CN', { style: 'currency', currency: 'CNY' });
export const money = (cents: number) => yuan.format(cents / 100);

export function offerSummary(offer: Offer): string {
  switch (offer.kind) {
    case 'coupon':
      return offer.min_spend_cents
        ? t('campaigns.offer.couponOver', {
            discount: money(offer.discount_cents),
            minimum: money(offer.min_spend_cents),
          })
        : t('campaigns.offer.coupon', { discount: money(offer.discount_cents) });
    case 'content':
      return t('campaigns.offer.content', { title: offer.title });
    case 'products':
      return t('campaigns.offer.products', { count: offer.count ?? 3 });
  }
}

export function triggerSummary(trigger: Trigger): string {
  const label = triggerLabel(trigger.kind);
  const dwelling =
    trigger.kind === 'zone_dwell'
      ? t('campaigns.trigger.dwell', { trigger: label, seconds: trigger.min_dwell_s })
      : label;
  return 'zones' in trigger
    ? t('campaigns.trigger.inZones', { trigger: dwelling, zones: counted(trigger.zones.length, 'zone') })
    : dwelling;
}

/** `1 zone`, `3 zones`. */
export const plural = (n: number, thing: string, things = `${thing}s`) => `${n} ${n === 1 ? thing : things}`;

/** `1 zone`, `3 zones`, `3 个区域`: a number of things in the console's language. */
export const counted = (n: number, thing: 'zone' | 'store' | 'category' | 'product') =>
  t(n === 1 ? `campaigns.count.${thing}.one` : `campaigns.count.${thing}.other`, { n });

/** Two parts of a phrase joined by "and" in the console's language; a part may be missing. */
export const both = (first: string | false, second: string | false) =>
  first && second ? t('campaigns.and', { first, second }) : first || second || '';

export const percent = (share: number, digits = 1) => `${(share * 100).toFixed(digits)}%`;
