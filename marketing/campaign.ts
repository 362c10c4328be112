/**
 * A geofenced campaign as marketers define it. One TypeBox schema per part: it validates the API,
 * documents it, and types the rules.
 */
import { type Static, Type } from 'typebox';
import { INT4_MAX } from '../server/schemas.js';

const ZoneIds = Type.Array(Type.String({ minLength: 1, maxLength: 100 }), {
  minItems: 1,
  maxItems: 200,
  uniqueItems: true,
});

export const Trigger = Type.Union([
  Type.Object({ kind: Type.Literal('store_arrival') }, { additionalProperties: false }),
  Type.Object({ kind: Type.Literal('zone_enter'), zones: ZoneIds }, { additionalProperties: false }),
  Type.Object(
    {
      kind: Type.Literal('zone_dwell'),
      zones: ZoneIds,
      min_dwell_s: Type.Integer({ minimum: 5, maximum: 3600 }),
    },
    { additionalProperties: false },
  ),
  Type.Object({ kind: Type.Literal('zone_exit'), zones: ZoneIds }, { additionalProperties: false }),
]);
export type Trigger = Static<typeof Trigger>;

export const Audience = Type.Object(
  {
    visitors: Type.Union([Type.Literal('any'), Type.Literal('new'), Type.Literal('returning')], {
      default: 'any',
    }),
    tags_any: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 40 }), { maxItems: 50 })),
    tiers: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 40 }), { maxItems: 20 })),
    birthday_month: Type.Optional(
      Type.Boolean({
        description:
          "only members whose birthday falls in the month of the moment, in the store's time zone (生日当月)",
      }),
    ),
    cart_waiting: Type.Optional(
      Type.Boolean({
        description:
          'only shoppers whose cart, kept for the store of the moment, holds something not ordered yet (购物车有待下单商品): "your cart is waiting"',
      }),
    ),
  },
  { additionalProperties: false },
);
export type Audience = Static<typeof Audience>;

const HHMM = Type.String({ pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$' });
const Window = Type.Object({ from: HHMM, to: HHMM }, { additionalProperties: false });

export const Schedule = Type.Object(
  {
    starts_at: Type.String({ format: 'date-time' }),
    ends_at: Type.String({ format: 'date-time' }),
    /** Days of the week it runs, in the store's time zone (0 = Sunday); all when absent. */
    weekdays: Type.Optional(
      Type.Array(Type.Integer({ minimum: 0, maximum: 6 }), { uniqueItems: true, minItems: 1 }),
    ),
    /** Local hours it runs; all day when absent. */
    hours: Type.Optional(Window),
    /** Local hours it never pushes, e.g. late evening; may cross midnight. */
    quiet_hours: Type.Optional(Window),
  },
  { additionalProperties: false },
);
export type Schedule = Static<typeof Schedule>;

export const Caps = Type.Object(
  {
    /** Pushes of this campaign to one shopper, within window_h hours. */
    per_shopper: Type.Integer({ minimum: 1, maximum: 100, default: 1 }),
    window_h: Type.Integer({ minimum: 1, maximum: 24 * 90, default: 24 }),
  },
  { additionalProperties: false },
);
export type Caps = Static<typeof Caps>;

export const Offer = Type.Union([
  Type.Object(
    {
      kind: Type.Literal('coupon'),
      title: Type.String({ minLength: 1, maxLength: 60 }),
      // Issued coupons keep both in integer columns.
      discount_cents: Type.Integer({ minimum: 1, maximum: INT4_MAX }),
      min_spend_cents: Type.Optional(
        Type.Integer({ minimum: 0, maximum: INT4_MAX, description: 'default 0' }),
      ),
      valid_days: Type.Optional(Type.Integer({ minimum: 1, maximum: 365, description: 'default 7' })),
    },
    { additionalProperties: false },
  ),
  Type.Object(
    {
      kind: Type.Literal('content'),
      title: Type.String({ minLength: 1, maxLength: 60 }),
      body: Type.String({ minLength: 1, maxLength: 500 }),
      link: Type.Optional(Type.String({ maxLength: 500 })),
    },
    { additionalProperties: false },
  ),
  Type.Object(
    {
      kind: Type.Literal('products'),
      title: Type.String({ minLength: 1, maxLength: 60 }),
      count: Type.Optional(Type.Integer({ minimum: 1, maximum: 10, description: 'default 3' })),
    },
    { additionalProperties: false },
  ),
]);
export type Offer = Static<typeof Offer>;

export const CAMPAIGN_STATUSES = ['draft', 'scheduled', 'active', 'paused', 'ended'] as const;
export type CampaignStatus = (typeof CAMPAIGN_STATUSES)[number];

/** The rules of a campaign: what the pure decision needs, whatever the storage. */
export interface CampaignRules {
  id: string;
  status: CampaignStatus;
  store_ids: string[];
  timezone: string;
  trigger: Trigger;
  audience: Audience;
  schedule: Schedule;
  caps: Caps;
  /** Coupons (or pushes, for other offers) it may still give; null: unlimited. */
  budget_remaining: number | null;
  /** Share of eligible shoppers kept out on purpose to measure lift (0..0.5). */
  holdout: number;
}

/** Why a campaign let a moment pass (eligibility.ts decides; reports count them). */
export const SKIP_REASONS = [
  'not_active',
  'other_store',
  'trigger_mismatch',
  'outside_schedule',
  'quiet_hours',
  'no_consent',
  'audience',
  'campaign_cap',
  'daily_cap',
  'budget_exhausted',
  // A products offer found nothing in stock to show (decided after the rules above, by the trigger handler).
  'no_products',
] as const;
export type SkipReason = (typeof SKIP_REASONS)[number];
