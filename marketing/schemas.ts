import { type Static, Type } from 'typebox';
import { INT4_MAX, Timestamp, Uuid } from '../server/schemas.js';
import { Audience, CAMPAIGN_STATUSES, Caps, Offer, Schedule, SKIP_REASONS, Trigger } from './campaign.js';

const Status = Type.Union(CAMPAIGN_STATUSES.map((s) => Type.Literal(s)));

const editable = {
  name: Type.String({ minLength: 1, maxLength: 120 }),
  store_ids: Type.Array(Uuid, {
    uniqueItems: true,
    maxItems: 500,
    description: 'Empty: every store of the brand',
  }),
  trigger: Trigger,
  audience: Audience,
  schedule: Schedule,
  caps: Caps,
  offer: Offer,
  // One nullable integer, not a union with null: the body's type coercion turned a 0 that failed the
  // integer's minimum into the null that means "no limit".
  budget_total: Type.Unsafe<number | null>({
    type: 'integer',
    nullable: true,
    minimum: 1,
    maximum: INT4_MAX,
    description: 'Offers it may give; null: no limit',
  }),
  holdout: Type.Number({
    minimum: 0,
    maximum: 0.5,
    description: 'Share of eligible shoppers kept out to measure lift',
  }),
  attribution: Type.Object(
    {
      sku_ids: Type.Array(Uuid, { uniqueItems: true, maxItems: 100 }),
      category_ids: Type.Array(Uuid, { uniqueItems: true, maxItems: 100 }),
    },
    {
      additionalProperties: false,
      description:
        "The products the campaign is about: its report counts only purchases with these SKUs or categories' products; both empty: every purchase",
    },
  ),
};

export const CampaignCreate = Type.Object(
  {
    ...editable,
    store_ids: Type.Optional(editable.store_ids),
    audience: Type.Optional(editable.audience),
    caps: Type.Optional(editable.caps),
    budget_total: Type.Optional(editable.budget_total),
    holdout: Type.Optional(editable.holdout),
    attribution: Type.Optional(editable.attribution),
  },
  { additionalProperties: false },
);
export type CampaignCreate = Static<typeof CampaignCreate>;

export const CampaignUpdate = Type.Partial(Type.Object(editable), {
  additionalProperties: false,
  minProperties: 1,
});
export type CampaignUpdate = Static<typeof CampaignUpdate>;

export const Campaign = Type.Object(
  {
    id: Uuid,
    tenant_id: Uuid,
    ...editable,
    status: Status,
    budget_used: Type.Integer(),
    created_at: Timestamp,
    updated_at: Timestamp,
  },
  { $id: 'Campaign' },
);
export type Campaign = Static<typeof Campaign>;

export const StatusChange = Type.Object({ status: Status }, { additionalProperties: false });

const Count = Type.Integer({ minimum: 0 });
const Named = Type.Object({
  id: Uuid,
  name: Type.String({ description: "the catalogue's name; the id when it has none" }),
});
const AttributedPurchases = Type.Object({
  shoppers: Type.Integer({ description: 'shoppers in the group' }),
  buyers: Type.Integer({ description: 'of those, who paid for an order' }),
  orders: Type.Integer(),
  spend_cents: Type.Integer({ description: 'paid for goods (fen)' }),
});

export const CampaignReport = Type.Object(
  {
    campaign_id: Uuid,
    status: Status,
    triggers: Type.Object({ total: Count, push: Count, holdout: Count, skip: Count }),
    skips: Type.Record(Type.Union(SKIP_REASONS.map((r) => Type.Literal(r))), Count),
    pushes: Type.Object({ sent: Count, skipped: Count, failed: Count, opened: Count }),
    coupons: Type.Object({ issued: Count, redeemed: Count }),
    budget: Type.Object({ total: Type.Union([Count, Type.Null()]), used: Count }),
    daily: Type.Array(
      Type.Object({
        day: Type.String({ format: 'date' }),
        push: Count,
        holdout: Count,
        opened: Count,
        redeemed: Count,
      }),
    ),
    attributed: Type.Union(
      [
        Type.Object({
          treated: AttributedPurchases,
          holdout: AttributedPurchases,
        }),
        Type.Null(),
      ],
      { description: 'paid orders within 7 days of the trigger, per group' },
    ),
    products: Type.Object(
      { skus: Type.Array(Named), categories: Type.Array(Named) },
      {
        description:
          "what purchases are counted on, by name (a SKU as product and variant): the campaign's attribution, or the products the request names; both empty: every purchase",
      },
    ),
    lift: Type.Union([
      Type.Object({
        treated_rate: Type.Number(),
        holdout_rate: Type.Number(),
        difference: Type.Number(),
        ci95: Type.Array(Type.Number(), { minItems: 2, maxItems: 2 }),
        relative: Type.Union([Type.Number(), Type.Null()]),
        significant: Type.Boolean(),
        measure: Type.String({ description: 'what counts as converting' }),
      }),
      Type.Null(),
    ]),
  },
  { $id: 'CampaignReport' },
);
export type CampaignReport = Static<typeof CampaignReport>;

export const COUPON_STATES = ['usable', 'used', 'expired'] as const;
const CouponStateSchema = Type.Union(
  COUPON_STATES.map((s) => Type.Literal(s)),
  {
    description:
      'usable: not used and not expired; used: an order took it (cancelling that order gives it back)',
  },
);
export type CouponState = (typeof COUPON_STATES)[number];

export const MyCouponsQuery = Type.Object(
  {
    state: Type.Optional(CouponStateSchema),
    limit: Type.Integer({ minimum: 1, maximum: 500, default: 100 }),
  },
  { additionalProperties: false },
);
export type MyCouponsQuery = Static<typeof MyCouponsQuery>;

export const MyCoupon = Type.Object(
  {
    code: Type.String({
      description: 'What the shopper presents at checkout (POST /orders coupons)',
    }),
    title: Type.String(),
    discount_cents: Type.Integer(),
    min_spend_cents: Type.Integer({
      description: 'goods an order must come to (fen) for the coupon to apply',
    }),
    valid_until: Timestamp,
    issued_at: Timestamp,
    redeemed_at: Type.Union([Timestamp, Type.Null()]),
    order_id: Type.Union([Uuid, Type.Null()], { description: 'the order that used it' }),
    state: CouponStateSchema,
    campaign: Type.Union([Type.Object({ id: Uuid, name: Type.String() }), Type.Null()], {
      description: 'the campaign that issued it; null once that campaign is deleted',
    }),
  },
  {
    $id: 'MyCoupon',
    description: "A shopper's coupon; it applies in any of the brand's stores (checkout checks no store)",
  },
);
export type MyCoupon = Static<typeof MyCoupon>;
