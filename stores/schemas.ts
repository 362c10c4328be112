import { type Static, Type } from 'typebox';
import { Timestamp, Uuid } from '../server/schemas.js';
import { Interval, OpeningHours } from './hours.js';

export const LatLng = Type.Object(
  { lat: Type.Number({ minimum: -90, maximum: 90 }), lng: Type.Number({ minimum: -180, maximum: 180 }) },
  { additionalProperties: false },
);

export const Georeference = Type.Object(
  {
    origin: LatLng,
    rotation_deg: Type.Number({
      minimum: -360,
      maximum: 360,
      description: "Bearing of the indoor frame's +y axis, degrees clockwise from true north",
    }),
  },
  { additionalProperties: false, description: 'Ties the store frame (x east, y north, metres) to WGS84' },
);

const Service = Type.String({
  pattern: '^[a-z][a-z0-9_]{1,39}$',
  description: 'e.g. pickup, delivery, scan_to_buy',
});

const storeFields = {
  code: Type.String({ pattern: '^[A-Z]{2,4}[0-9]{2,6}$', description: 'Store code such as SH001' }),
  name: Type.String({ minLength: 1, maxLength: 200 }),
  address: Type.String({ minLength: 1, maxLength: 500 }),
  phone: Type.Union([Type.String({ pattern: '^[0-9+() -]{5,30}$' }), Type.Null()]),
  location: LatLng,
  timezone: Type.String({ minLength: 1, maxLength: 64, description: 'IANA time zone, e.g. Asia/Shanghai' }),
  hours: OpeningHours,
  services: Type.Array(Service, { uniqueItems: true, maxItems: 50 }),
  georeference: Type.Union([Georeference, Type.Null()]),
};

export const StoreCreate = Type.Object(
  {
    ...storeFields,
    phone: Type.Optional(storeFields.phone),
    services: Type.Optional(storeFields.services),
    georeference: Type.Optional(storeFields.georeference),
  },
  { additionalProperties: false },
);
export type StoreCreate = Static<typeof StoreCreate>;

export const StoreUpdate = Type.Partial(Type.Object(storeFields, { additionalProperties: false }), {
  additionalProperties: false,
  minProperties: 1,
});
export type StoreUpdate = Static<typeof StoreUpdate>;

const liveFields = {
  open_now: Type.Boolean(),
  hours_today: Type.Array(Interval, {
    description: "today's intervals (local date); past midnight, last night's late opening is in open_until",
  }),
  open_until: Type.Union([Type.String(), Type.Null()], {
    description:
      'open now: the local time it closes ("02:00" past midnight), running intervals joined; null when closed',
  }),
  opens_next: Type.Union(
    [Type.Object({ date: Type.String({ format: 'date' }), time: Type.String() }), Type.Null()],
    {
      description: 'closed now: the next opening within a week, local date and time; null when open or none',
    },
  ),
};

export const Store = Type.Object(
  { id: Uuid, tenant_id: Uuid, ...storeFields, ...liveFields, created_at: Timestamp, updated_at: Timestamp },
  { $id: 'Store' },
);
export type Store = Static<typeof Store>;

export const PublicStore = Type.Object(
  { id: Uuid, tenant_id: Uuid, ...storeFields, ...liveFields },
  { $id: 'PublicStore', description: 'What any shopper may see of a store' },
);
export type PublicStore = Static<typeof PublicStore>;

export const NearbyStore = Type.Object(
  {
    id: Uuid,
    tenant_id: Uuid,
    code: Type.String(),
    name: Type.String(),
    address: Type.String(),
    phone: Type.Union([Type.String(), Type.Null()]),
    location: LatLng,
    services: Type.Array(Type.String()),
    distance_m: Type.Number(),
    ...liveFields,
  },
  { $id: 'NearbyStore' },
);
export type NearbyStore = Static<typeof NearbyStore>;

export const NearbyQuery = Type.Object(
  {
    lat: Type.Number({ minimum: -90, maximum: 90 }),
    lng: Type.Number({ minimum: -180, maximum: 180 }),
    radius: Type.Number({ minimum: 1, maximum: 100_000, default: 5000, description: 'metres' }),
    tenant: Type.Optional(Type.String({ pattern: '^[a-z0-9][a-z0-9-]{1,39}$', description: 'brand slug' })),
    limit: Type.Integer({ minimum: 1, maximum: 100, default: 20 }),
  },
  { additionalProperties: false },
);
export type NearbyQuery = Static<typeof NearbyQuery>;
