import { type Static, Type } from 'typebox';

const LocalDate = Type.String({ format: 'date', description: "a date in the store's time zone" });
const TimeOfDay = Type.String({
  pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$',
  description: "a time of day in the store's time zone, HH:MM",
});

export const StoreDaysQuery = Type.Object(
  {
    from: Type.Optional({ ...LocalDate, description: 'first day; `days` − 1 before `to` when left out' }),
    to: Type.Optional({ ...LocalDate, description: "last day; the store's today when left out" }),
    days: Type.Optional(
      Type.Integer({
        minimum: 1,
        maximum: 92,
        description: 'how many days up to `to`, when `from` is left out (7)',
      }),
    ),
    until: Type.Optional({
      ...TimeOfDay,
      description:
        'count each day only up to this minute of the day (included): today so far beside other days at the same hour',
    }),
  },
  { additionalProperties: false },
);
export type StoreDaysQuery = Static<typeof StoreDaysQuery>;

const Cents = Type.Integer({ minimum: 0 });
const Count = Type.Integer({ minimum: 0 });

const StoreDayFields = {
  visits: { ...Count, description: 'visits that began: phones recognised as come in (passers-by are not)' },
  orders: { ...Count, description: 'paid orders (cancelled and refunded ones do not count)' },
  order_cents: Cents,
  till_receipts: { ...Count, description: 'POS sale records from the tills, by when they arrived' },
  till_units: Type.Integer({ description: 'units the tills sold, less returns' }),
  till_cents_at_shelf_price: Type.Integer({
    description: 'those units at the store’s shelf price (the tills send quantities, not amounts)',
  }),
  sales_cents: Type.Integer({ description: 'order_cents + till_cents_at_shelf_price' }),
};

export const StoreDays = Type.Object(
  {
    store_id: Type.String({ format: 'uuid' }),
    timezone: Type.String(),
    from: LocalDate,
    to: LocalDate,
    until: Type.Union([TimeOfDay, Type.Null()], {
      description: 'each day counted up to this minute; null: whole days',
    }),
    footfall_since: Type.Union([LocalDate, Type.Null()], {
      description:
        "the store's first recognised visit (local date); before it the beacons were not counting, so no visits then is no figure, not zero; null before the first",
    }),
    days: Type.Array(
      Type.Object({
        day: LocalDate,
        ...StoreDayFields,
        shoppers: { ...Count, description: 'distinct logged-in shoppers behind the visits' },
        median_stay_s: Type.Union([Count, Type.Null()], {
          description: 'median time in the store of the visits that ended; null when none has',
        }),
        busiest_hour: Type.Union([Type.Integer({ minimum: 0, maximum: 23 }), Type.Null()], {
          description: 'the local hour in which most visits began',
        }),
      }),
    ),
    totals: Type.Object(StoreDayFields),
  },
  { $id: 'StoreDays' },
);
