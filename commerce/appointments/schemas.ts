import { type Static, Type } from 'typebox';
import { Timestamp, Uuid } from '../../server/schemas.js';

export const SERVICE_KINDS = ['counter', 'event'] as const;
export const BOOKING_STATUSES = ['booked', 'checked_in', 'no_show', 'cancelled'] as const;
export type BookingStatus = (typeof BOOKING_STATUSES)[number];

const Name = Type.String({ minLength: 1, maxLength: 100 });
const LocalDate = Type.String({ format: 'date', description: "a date in the store's time zone" });
const HHMM = Type.String({ pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$', description: 'local time, HH:MM' });
const Minutes = (min: number, max: number, description: string) =>
  Type.Integer({ minimum: min, maximum: max, description });

export const CounterCreate = Type.Object({ name: Name }, { additionalProperties: false });
export type CounterCreate = Static<typeof CounterCreate>;
export const CounterUpdate = Type.Object(
  { name: Type.Optional(Name), active: Type.Optional(Type.Boolean()) },
  { additionalProperties: false, minProperties: 1 },
);
export type CounterUpdate = Static<typeof CounterUpdate>;

export const Counter = Type.Object(
  { id: Uuid, store_id: Uuid, name: Type.String(), active: Type.Boolean(), created_at: Timestamp },
  { $id: 'AppointmentCounter' },
);

const serviceFields = {
  name: Name,
  description: Type.Union([Type.String({ maxLength: 1000 }), Type.Null()]),
  kind: Type.Enum(SERVICE_KINDS),
  duration_min: Minutes(5, 720, 'how long one booking lasts'),
  interval_min: Type.Union([Minutes(5, 720, 'minutes between slot starts'), Type.Null()]),
  start_times: Type.Union([
    Type.Array(HHMM, {
      minItems: 1,
      maxItems: 48,
      uniqueItems: true,
      description: 'fixed local start times (sessions of an event)',
    }),
    Type.Null(),
  ]),
  seats: Type.Integer({ minimum: 1, maximum: 1000, description: 'event: seats per session' }),
  max_party: Type.Integer({ minimum: 1, maximum: 50, description: 'people one booking may bring' }),
  counter_ids: Type.Array(Uuid, {
    maxItems: 50,
    uniqueItems: true,
    description: "counter: the store's counters that serve it",
  }),
  horizon_days: Type.Integer({
    minimum: 1,
    maximum: 180,
    description: 'how many days ahead shoppers may book',
  }),
  min_notice_min: Minutes(0, 10080, 'shoppers book at least this long before the start'),
  cancel_cutoff_min: Minutes(0, 10080, 'shoppers cancel up to this long before the start; staff anytime'),
  reminder_min: Minutes(0, 10080, 'remind the shopper this long before the start (0: no reminder)'),
  active: Type.Boolean(),
};

export const ServiceCreate = Type.Object(
  {
    name: serviceFields.name,
    kind: serviceFields.kind,
    duration_min: serviceFields.duration_min,
    description: Type.Optional(serviceFields.description),
    interval_min: Type.Optional(serviceFields.interval_min),
    start_times: Type.Optional(serviceFields.start_times),
    seats: Type.Optional(serviceFields.seats),
    max_party: Type.Optional(serviceFields.max_party),
    counter_ids: Type.Optional(serviceFields.counter_ids),
    horizon_days: Type.Optional(serviceFields.horizon_days),
    min_notice_min: Type.Optional(serviceFields.min_notice_min),
    cancel_cutoff_min: Type.Optional(serviceFields.cancel_cutoff_min),
    reminder_min: Type.Optional(serviceFields.reminder_min),
  },
  {
    additionalProperties: false,
    description:
      'counter: each booking takes one of counter_ids for duration_min; event: sessions of `seats` seats',
  },
);
export type ServiceCreate = Static<typeof ServiceCreate>;

export const ServiceUpdate = Type.Partial(Type.Object(serviceFields), {
  additionalProperties: false,
  minProperties: 1,
});
export type ServiceUpdate = Static<typeof ServiceUpdate>;

export const Service = Type.Object(
  { id: Uuid, store_id: Uuid, ...serviceFields, created_at: Timestamp, updated_at: Timestamp },
  { $id: 'AppointmentService' },
);
export type Service = Static<typeof Service>;

export const SlotQuery = Type.Object(
  {
    from: Type.Optional(LocalDate),
    days: Type.Optional(Type.Integer({ minimum: 1, maximum: 31, default: 7 })),
  },
  { additionalProperties: false },
);
export type SlotQuery = Static<typeof SlotQuery>;

export const SlotView = Type.Object({
  starts_at: Timestamp,
  ends_at: Timestamp,
  date: LocalDate,
  time: HHMM,
  capacity: Type.Integer({ description: 'counters that serve it, or seats' }),
  available: Type.Integer(),
});

export const BookingCreate = Type.Object(
  {
    service_id: Uuid,
    starts_at: Type.String({ format: 'date-time', description: 'a slot start from the slots list' }),
    party: Type.Optional(Type.Integer({ minimum: 1, maximum: 50 })),
    note: Type.Optional(Type.String({ maxLength: 500 })),
    shopper_id: Type.Optional({ ...Uuid, description: 'staff only: the shopper booked for' }),
    customer_name: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: 'staff only' })),
    customer_phone: Type.Optional(Type.String({ pattern: '^[0-9+() -]{5,30}$', description: 'staff only' })),
  },
  { additionalProperties: false },
);
export type BookingCreate = Static<typeof BookingCreate>;

export const BookingCancel = Type.Object(
  { reason: Type.Optional(Type.String({ maxLength: 500 })) },
  { additionalProperties: false },
);
export type BookingCancel = Static<typeof BookingCancel>;

export const Booking = Type.Object(
  {
    id: Uuid,
    store_id: Uuid,
    service: Type.Object({ id: Uuid, name: Type.String(), kind: Type.Enum(SERVICE_KINDS) }),
    counter: Type.Union([Type.Object({ id: Uuid, name: Type.String() }), Type.Null()]),
    starts_at: Timestamp,
    ends_at: Timestamp,
    local_date: LocalDate,
    local_time: HHMM,
    party: Type.Integer(),
    shopper_id: Type.Union([Uuid, Type.Null()]),
    customer_name: Type.Union([Type.String(), Type.Null()]),
    customer_phone: Type.Union([Type.String(), Type.Null()]),
    note: Type.Union([Type.String(), Type.Null()]),
    status: Type.Enum(BOOKING_STATUSES),
    booked_by: Type.String(),
    status_by: Type.Union([Type.String(), Type.Null()]),
    status_at: Type.Union([Timestamp, Type.Null()]),
    cancel_reason: Type.Union([Type.String(), Type.Null()]),
    cancellable_until: Type.Union([Timestamp, Type.Null()], {
      description: 'until when the shopper may cancel in the app',
    }),
    reminded_at: Type.Union([Timestamp, Type.Null()]),
    created_at: Timestamp,
  },
  { $id: 'AppointmentBooking' },
);
export type Booking = Static<typeof Booking>;

export const DayQuery = Type.Object(
  { date: Type.Optional(LocalDate), counter_id: Type.Optional(Uuid), service_id: Type.Optional(Uuid) },
  { additionalProperties: false },
);
export type DayQuery = Static<typeof DayQuery>;

export const DayView = Type.Object({
  date: LocalDate,
  timezone: Type.String(),
  counters: Type.Array(Type.Ref('AppointmentCounter')),
  bookings: Type.Array(Type.Ref('AppointmentBooking')),
});
