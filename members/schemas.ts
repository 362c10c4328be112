/** Membership payloads: one TypeBox schema each for validation, OpenAPI and the TS type. */
import { type Static, Type } from 'typebox';
import { INT4_MAX, Timestamp, Uuid } from '../server/schemas.js';
import { MEMBER_NAME_MAX, MEMBER_NAME_PATTERN, MEMBER_QUERY_PATTERN } from './desk-search.js';

export const TierCode = Type.String({
  pattern: '^[a-z][a-z0-9_]{0,31}$',
  description: "tier code, as the catalogue's member prices name it (e.g. gold)",
});
export const MemberNo = Type.String({
  pattern: '^[A-Za-z0-9-]{4,32}$',
  description: 'the member number on the card',
});
/** A mobile number as members and tills give it: digits, perhaps a leading +. */
export const PHONE_PATTERN = '^\\+?[0-9]{5,20}$';
export const Phone = Type.String({ pattern: PHONE_PATTERN, description: 'mobile number, digits' });
/** Month and day, as a real calendar has them (02-29 included); the migration checks the same. */
export const BIRTHDAY_PATTERN =
  '^((0[13578]|1[02])-(0[1-9]|[12][0-9]|3[01])|(0[469]|11)-(0[1-9]|[12][0-9]|30)|02-(0[1-9]|[12][0-9]))$';
export const Birthday = Type.String({
  pattern: BIRTHDAY_PATTERN,
  description: 'month and day, MM-DD (no year): what birthday offers go by',
});
export const MemberName = Type.String({
  maxLength: MEMBER_NAME_MAX,
  pattern: MEMBER_NAME_PATTERN,
  description:
    "the member's name (姓名/称呼), as they give it: no control characters, no spaces at either end",
});
/** A name as it is sent: '' or null clears it. */
const NameChange = Type.Union([MemberName, Type.Literal(''), Type.Null()], {
  description: "the member's name (姓名/称呼), 1 to 40 characters; '' or null clears it",
});
export const Tag = Type.String({
  minLength: 1,
  maxLength: 40,
  pattern: '^\\S(.*\\S)?$',
  description: 'a label staff put on members, e.g. coffee-lover or 新店开业',
});

const tierFields = {
  code: TierCode,
  name: Type.String({ minLength: 1, maxLength: 60 }),
  rank: Type.Integer({ minimum: 1, maximum: 100, description: 'place on the ladder; 1 is the entry tier' }),
  min_points: Type.Integer({
    minimum: 0,
    maximum: INT4_MAX,
    description: 'lifetime points that reach this tier',
  }),
  // Its column is a bigint; ¥10 trillion is past any member's spend and within a JS number's integers.
  min_spend_cents: Type.Union([Type.Integer({ minimum: 0, maximum: 1e15 }), Type.Null()], {
    description: 'lifetime spend (fen) that also reaches it; null: points only',
  }),
  points_per_yuan: Type.Number({ minimum: 0, maximum: 100, description: 'points earned per ¥1 paid' }),
};

export const TierCreate = Type.Object(
  {
    code: tierFields.code,
    name: tierFields.name,
    rank: tierFields.rank,
    min_points: Type.Optional(tierFields.min_points),
    min_spend_cents: Type.Optional(tierFields.min_spend_cents),
    points_per_yuan: Type.Optional(tierFields.points_per_yuan),
  },
  { additionalProperties: false },
);
export type TierCreate = Static<typeof TierCreate>;

export const TierUpdate = Type.Partial(
  Type.Object(
    {
      name: tierFields.name,
      rank: tierFields.rank,
      min_points: tierFields.min_points,
      min_spend_cents: tierFields.min_spend_cents,
      points_per_yuan: tierFields.points_per_yuan,
    },
    { additionalProperties: false },
  ),
  { additionalProperties: false, minProperties: 1 },
);
export type TierUpdate = Static<typeof TierUpdate>;

export const Tier = Type.Object({ id: Uuid, ...tierFields }, { $id: 'MemberTier' });
export type Tier = Static<typeof Tier>;

export const Member = Type.Object(
  {
    id: Uuid,
    shopper_id: Type.Union([Uuid, Type.Null()]),
    member_no: Type.String(),
    name: Type.Union([MemberName, Type.Null()]),
    phone: Type.Union([Type.String(), Type.Null()]),
    tier: Type.Union([Type.String(), Type.Null()], { description: 'the tier member prices use' }),
    assigned_tier: Type.Union([Type.String(), Type.Null()], {
      description: 'set by staff or an import; the member never falls below it',
    }),
    points_balance: Type.Integer(),
    lifetime_points: Type.Integer(),
    lifetime_spend_cents: Type.Integer(),
    tags: Type.Array(Type.String()),
    birthday: Type.Union([Birthday, Type.Null()]),
    joined_at: Timestamp,
    updated_at: Timestamp,
  },
  { $id: 'Member' },
);
export type Member = Static<typeof Member>;

const memberFilters = {
  phone: Type.Optional(Phone),
  phone_tail: Type.Optional(
    Type.String({ pattern: '^[0-9]{4}$', description: "the phone's last four digits (手机尾号)" }),
  ),
  member_no: Type.Optional(MemberNo),
  q: Type.Optional(
    Type.String({
      pattern: MEMBER_QUERY_PATTERN,
      description:
        'as typed at the desk; a member matches when it is their whole phone, four digits their phone ends with, ' +
        'the beginning or end of their member number (as on the card, or in capitals), ' +
        'or, unless it is digits alone, part of their name (in any case)',
    }),
  ),
  shopper_id: Type.Optional(Uuid),
  tag: Type.Optional(Tag),
};

/** Which members a lookup is about: every filter given must match. */
export const MemberFilter = Type.Object(memberFilters, { additionalProperties: false });
export type MemberFilter = Static<typeof MemberFilter>;

export const MemberLookup = Type.Object(
  {
    ...memberFilters,
    limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
    offset: Type.Integer({ minimum: 0, maximum: 1_000_000, default: 0, description: 'members to skip' }),
  },
  { additionalProperties: false },
);
export type MemberLookup = Static<typeof MemberLookup>;

export const MemberCount = Type.Object({
  total: Type.Integer({ description: 'members the filters find, over all pages' }),
});

export const CardClaim = Type.Object(
  {
    member_no: MemberNo,
    phone_code: Type.String({
      minLength: 1,
      maxLength: 128,
      description:
        "the code of the mini-program's getPhoneNumber button: WeChat vouches for the phone on the card (in demo mode, the phone number itself)",
    }),
  },
  { additionalProperties: false },
);
export type CardClaim = Static<typeof CardClaim>;

export const MemberUpdate = Type.Object(
  {
    phone: Type.Optional(Type.Union([Phone, Type.Null()])),
    assigned_tier: Type.Optional(Type.Union([TierCode, Type.Null()])),
    birthday: Type.Optional(
      Type.Union([Birthday, Type.Null()], {
        description: 'staff set or correct it (a shopper sets their own once, in the mini-program)',
      }),
    ),
    name: Type.Optional(NameChange),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type MemberUpdate = Static<typeof MemberUpdate>;

export const PointsAdjust = Type.Object(
  {
    points: Type.Integer({ minimum: -1_000_000, maximum: 1_000_000, description: 'signed; not 0' }),
    reason: Type.String({ minLength: 1, maxLength: 200 }),
  },
  { additionalProperties: false },
);
export type PointsAdjust = Static<typeof PointsAdjust>;

export const PointsEntry = Type.Object(
  {
    kind: Type.Union(
      [Type.Literal('earn'), Type.Literal('reverse'), Type.Literal('adjust'), Type.Literal('import')],
      { description: 'earn: a paid order; reverse: its refund; adjust: staff; import: a POS/ERP balance' },
    ),
    points: Type.Integer(),
    spend_cents: Type.Integer(),
    reason: Type.Union([Type.String(), Type.Null()]),
    created_at: Timestamp,
  },
  { $id: 'PointsEntry' },
);
export type PointsEntry = Static<typeof PointsEntry>;

export const MemberBirthday = Type.Object({ birthday: Birthday }, { additionalProperties: false });
export type MemberBirthday = Static<typeof MemberBirthday>;

export const MemberNameChange = Type.Object({ name: NameChange }, { additionalProperties: false });
export type MemberNameChange = Static<typeof MemberNameChange>;

export const MyMembership = Type.Object({
  member_no: Type.String(),
  name: Type.Union([MemberName, Type.Null()], {
    description: 'as I gave it (PUT /me/membership/name), or as staff corrected it',
  }),
  tier: Type.Union([Type.Object({ code: Type.String(), name: Type.String() }), Type.Null()]),
  points_balance: Type.Integer(),
  lifetime_points: Type.Integer(),
  lifetime_spend_cents: Type.Integer(),
  next_tier: Type.Union([
    Type.Object({
      code: Type.String(),
      name: Type.String(),
      points_needed: Type.Integer(),
      spend_needed_cents: Type.Union([Type.Integer(), Type.Null()]),
    }),
    Type.Null(),
  ]),
  recent_points: Type.Array(Type.Ref('PointsEntry')),
  birthday: Type.Union([Birthday, Type.Null()], {
    description: 'set once by the shopper (PUT /me/membership/birthday); staff correct it',
  }),
  joined_at: Timestamp,
});
export type MyMembership = Static<typeof MyMembership, { PointsEntry: typeof PointsEntry }>;

const BonusPoints = Type.Integer({ minimum: 0, maximum: 100_000 });

export const ReferralProgram = Type.Object(
  {
    active: Type.Boolean({
      description: 'new shoppers may join with a code, and completed first orders pay out',
    }),
    referrer_points: { ...BonusPoints, description: 'for the shopper whose code it was' },
    friend_points: { ...BonusPoints, description: 'for the new shopper who joined with it' },
  },
  { additionalProperties: false, $id: 'ReferralProgram' },
);
export type ReferralProgram = Static<typeof ReferralProgram>;

export const ReferralReport = Type.Object({
  program: Type.Ref('ReferralProgram'),
  joined: Type.Integer({ description: 'new shoppers who joined with a code' }),
  rewarded: Type.Integer({ description: 'of them, those whose first order was completed' }),
  points_given: Type.Integer({ description: 'bonus points to both sides so far' }),
});

export const MyReferral = Type.Object({
  code: Type.String({ description: 'my code to share' }),
  share_path: Type.String({
    description: 'the mini-program page a friend opens from my share, with my code',
  }),
  friends_joined: Type.Integer(),
  friends_rewarded: Type.Integer(),
  joined_with_code: Type.Boolean({ description: "whether I joined with someone's code" }),
  program: Type.Ref('ReferralProgram'),
});
export type MyReferral = Static<typeof MyReferral, { ReferralProgram: typeof ReferralProgram }>;

export const ReferralJoin = Type.Object(
  { code: Type.String({ minLength: 1, maxLength: 20, description: "a friend's referral code" }) },
  { additionalProperties: false },
);
export type ReferralJoin = Static<typeof ReferralJoin>;

/**
 * Where a delivery goes and whom the courier asks for: the fields an order's delivery
 * (commerce/orders/schemas.ts) and a shopper's address book share, so both take the same.
 */
export const ContactName = Type.String({
  minLength: 1,
  maxLength: 100,
  description: 'whom the courier asks for',
});
export const ContactPhone = Type.String({
  pattern: '^[0-9+() -]{5,30}$',
  description: 'the number the courier rings',
});
// WGS-84, as stores are kept (a WeChat map pick answers GCJ-02 in China: the mini-program converts it).
export const Latitude = Type.Number({ minimum: -90, maximum: 90, description: 'WGS-84 latitude' });
export const Longitude = Type.Number({ minimum: -180, maximum: 180, description: 'WGS-84 longitude' });
const ADDRESS_LINE_MAX = 500;
export const StreetAddress = Type.String({ minLength: 1, maxLength: ADDRESS_LINE_MAX });

/** A house number or door ("5栋1201"), kept apart in the book and joined to the address on an order. */
const DOOR_MAX = 60;
const Door = Type.String({ maxLength: DOOR_MAX, description: 'building, floor, door; empty: none' });

/** The most addresses a shopper keeps (as a shopping app's address book does). */
export const ADDRESS_BOOK_MAX = 20;

const addressFields = {
  contact_name: ContactName,
  phone: ContactPhone,
  // Room for the door after it: together they are one order's address line.
  address: Type.String({
    ...StreetAddress,
    maxLength: ADDRESS_LINE_MAX - DOOR_MAX - 1,
    description: 'district, street and place, as WeChat or the map give it',
  }),
  lat: Latitude,
  lng: Longitude,
};

export const AddressInput = Type.Object(
  { ...addressFields, door: Type.Optional(Door) },
  {
    additionalProperties: false,
    description:
      'The pin in WGS-84, as stores are kept; a WeChat map pick (GCJ-02 in China) is converted before it is sent',
  },
);
export type AddressInput = Static<typeof AddressInput>;

export const ShopperAddress = Type.Object(
  {
    id: Uuid,
    ...addressFields,
    door: Door,
    is_default: Type.Boolean({ description: 'exactly one of a non-empty book is' }),
    updated_at: Timestamp,
  },
  { $id: 'ShopperAddress' },
);
export type ShopperAddress = Static<typeof ShopperAddress>;
