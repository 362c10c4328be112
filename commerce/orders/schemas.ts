import { type Static, Type } from 'typebox';
// The schema itself, not members' front door: the mini-program type-checks these payloads without the server.
import {
  ContactName,
  ContactPhone,
  Latitude,
  Longitude,
  MemberName,
  StreetAddress,
} from '../../members/schemas.js';
import { Timestamp, Uuid } from '../../server/schemas.js';
import { Barcode } from '../catalogue/schemas.js';
import { ORDER_STATUSES, ORDER_TYPES } from './state.js';

const literals = <T extends string>(values: readonly T[]) => Type.Union(values.map((v) => Type.Literal(v)));

const Qty = Type.Integer({ minimum: 1, maximum: 999 });

export const OrderLineInput = Type.Union([
  Type.Object({ sku_id: Uuid, qty: Qty }, { additionalProperties: false }),
  Type.Object({ barcode: Barcode, qty: Qty }, { additionalProperties: false, description: 'scan-to-buy' }),
]);
export type OrderLineInput = Static<typeof OrderLineInput>;

export const DeliveryAddress = Type.Object(
  {
    lat: Latitude,
    lng: Longitude,
    address: StreetAddress,
    contact_name: ContactName,
    phone: ContactPhone,
  },
  { additionalProperties: false },
);
export type DeliveryAddress = Static<typeof DeliveryAddress>;

export const OrderCreate = Type.Object(
  {
    type: literals(ORDER_TYPES),
    store_id: Type.Optional(
      Type.Union([Uuid], {
        description:
          'pickup and scan_to_buy: required; delivery: refused (400), the nearest able store is chosen and the order names it',
      }),
    ),
    lines: Type.Array(OrderLineInput, { minItems: 1, maxItems: 100 }),
    delivery: Type.Optional(DeliveryAddress),
    coupons: Type.Optional(
      Type.Array(Type.String({ minLength: 1, maxLength: 64 }), {
        maxItems: 5,
        description:
          "codes of coupons issued to the shopper (a campaign offer's coupon.code): each is redeemed by this order, once; cancelling the unpaid order gives it back",
      }),
    ),
    tier: Type.Optional(
      Type.String({
        pattern: '^[a-z][a-z0-9_]{0,31}$',
        description: "staff only: the customer's member tier",
      }),
    ),
    note: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 200,
        description: "the shopper's note to the staff who prepare the order (no plastic bag, ring twice)",
      }),
    ),
  },
  {
    additionalProperties: false,
    description:
      'pickup and scan_to_buy name the store; delivery names the address and the nearest able store is chosen',
  },
);
export type OrderCreate = Static<typeof OrderCreate>;

const OrderLine = Type.Object({
  sku_id: Uuid,
  name: Type.String(),
  barcode: Type.Union([Type.String(), Type.Null()]),
  qty: Type.Integer(),
  unit_cents: Type.Integer(),
  basis: Type.String(),
  line_cents: Type.Integer(),
  image: Type.Union([Type.String(), Type.Null()], { description: "the product's main photo" }),
  category_id: Type.Union([Uuid, Type.Null()]),
});

const OrderEvent = Type.Object({
  from_status: Type.Union([Type.String(), Type.Null()]),
  to_status: Type.String(),
  actor: Type.String(),
  note: Type.Union([Type.String(), Type.Null()]),
  created_at: Timestamp,
});

/** The member behind a shopper's order, as the members' pages know them. */
export const OrderCustomer = Type.Object({
  membership_id: Uuid,
  member_no: Type.String(),
  name: Type.Union([MemberName, Type.Null()]),
  tier: Type.Union([Type.Object({ code: Type.String(), name: Type.String() }), Type.Null()], {
    description: "the member's tier now, as their card shows it",
  }),
});
export type OrderCustomer = Static<typeof OrderCustomer>;

export const Order = Type.Object(
  {
    id: Uuid,
    type: literals(ORDER_TYPES),
    status: literals(ORDER_STATUSES),
    store_id: Uuid,
    shopper_id: Type.Union([Uuid, Type.Null()]),
    staff_id: Type.Union([Uuid, Type.Null()]),
    tier: Type.Union([Type.String(), Type.Null()]),
    refunded_cents: Type.Optional(
      Type.Integer({
        description:
          'staff only: what went back to the customer — the WeChat Pay refunds that succeeded, or the whole total of an order staff marked refunded without one',
      }),
    ),
    customer: Type.Optional(
      Type.Union([OrderCustomer, Type.Null()], {
        description:
          "staff only: the member who placed it; null for an order taken at the till, or a shopper who is no member (a shopper's own orders go without)",
      }),
    ),
    reservation_id: Type.Union([Uuid, Type.Null()]),
    note: Type.Union([Type.String(), Type.Null()]),
    lines: Type.Array(OrderLine),
    subtotal_cents: Type.Integer(),
    discount_cents: Type.Integer(),
    delivery_fee_cents: Type.Integer(),
    total_cents: Type.Integer(),
    adjustments: Type.Array(
      Type.Object({ rule: Type.String(), description: Type.String(), amount_cents: Type.Integer() }),
    ),
    delivery: Type.Union([
      Type.Object({ ...DeliveryAddress.properties, distance_m: Type.Integer() }),
      Type.Null(),
    ]),
    pickup: Type.Union([
      Type.Object({
        code: Type.String(),
        qr: Type.Optional(
          Type.String({
            description: 'PNG data URL to show at the counter; drawn for one order, not in lists',
          }),
        ),
      }),
      Type.Null(),
    ]),
    exit_pass: Type.Union([
      Type.Object({
        pass: Type.String(),
        qr: Type.Optional(
          Type.String({ description: 'PNG data URL to show at the exit; drawn for one order, not in lists' }),
        ),
      }),
      Type.Null(),
    ]),
    payment: Type.Union([Type.Record(Type.String(), Type.Unknown()), Type.Null()]),
    history: Type.Array(OrderEvent),
    expires_at: Timestamp,
    paid_at: Type.Union([Timestamp, Type.Null()]),
    created_at: Timestamp,
    updated_at: Timestamp,
  },
  { $id: 'Order' },
);

export const OrderTransition = Type.Object(
  {
    to: literals(['preparing', 'ready', 'completed', 'cancelled', 'refunded'] as const),
    note: Type.Optional(Type.String({ maxLength: 500 })),
  },
  { additionalProperties: false },
);
export type OrderTransition = Static<typeof OrderTransition>;

export const OrderListQuery = Type.Object(
  {
    status: Type.Optional(
      Type.Array(literals(ORDER_STATUSES), {
        uniqueItems: true,
        description: 'Any of these statuses; repeat the parameter for more than one',
      }),
    ),
    type: Type.Optional(
      Type.Array(literals(ORDER_TYPES), {
        uniqueItems: true,
        description: 'Any of these types; repeat the parameter for more than one',
      }),
    ),
    store_id: Type.Optional(Uuid),
    updated_since: Type.Optional(
      Type.String({
        format: 'date-time',
        description: 'Only orders changed (in any way) at or after this time',
      }),
    ),
    number: Type.Optional(
      Type.String({
        pattern: '^#?[0-9A-Fa-f]{8}$',
        description:
          "The order number as the desk and the shopper's app show it (#A1B2C3D4, the id's first 8 hex digits), with or without #, any case",
      }),
    ),
    pickup_code: Type.Optional(
      Type.String({
        pattern: '^[0-9]{6}$',
        description:
          'Orders given this pickup code, whatever their day (a code is drawn again once its order is over)',
      }),
    ),
    phone: Type.Optional(
      Type.String({
        pattern: '^([0-9]{4}|\\+?[0-9]{5,20})$',
        description:
          'Orders of the customer with this phone, or with a phone ending in these four digits (手机尾号): the members with it, and deliveries to it; whatever their day',
      }),
    ),
    before: Type.Optional(
      Type.String({
        format: 'date-time',
        description:
          "Only orders placed before this time: the last order's created_at (and its id as before_id) pages back, newest first, unshifted by orders arriving meanwhile",
      }),
    ),
    before_id: Type.Optional(
      Type.Union([Uuid], {
        description:
          'With before: the id of the last order shown, so that orders placed in that same instant (the demo history dates to the second) come on the next page instead of being skipped',
      }),
    ),
    limit: Type.Integer({ minimum: 1, maximum: 500, default: 50 }),
  },
  { additionalProperties: false },
);
export type OrderListQuery = Static<typeof OrderListQuery>;

export const PickupVerify = Type.Object(
  {
    store_id: Uuid,
    code: Type.String({
      pattern: '^(ss-pickup:[0-9a-f-]{36}:)?[0-9]{6}$',
      description: 'the code, or the scanned QR',
    }),
  },
  { additionalProperties: false },
);
export type PickupVerify = Static<typeof PickupVerify>;

export const ExitPassVerify = Type.Object(
  { pass: Type.String({ minLength: 1, maxLength: 200 }) },
  { additionalProperties: false },
);

export const DeliveryZoneSet = Type.Object(
  {
    radius_m: Type.Integer({ minimum: 100, maximum: 50_000 }),
    fee_cents: Type.Integer({ minimum: 0, maximum: 100_000 }),
    free_over_cents: Type.Union([Type.Integer({ minimum: 0, maximum: 10_000_000 }), Type.Null()]),
  },
  { additionalProperties: false },
);
export type DeliveryZoneSet = Static<typeof DeliveryZoneSet>;

export const DeliveryZone = Type.Object(
  { store_id: Uuid, ...DeliveryZoneSet.properties },
  { $id: 'DeliveryZone' },
);
