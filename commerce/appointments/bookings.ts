/**
 * Bookings: made by shoppers (or by staff for a customer) on a slot of a service, never beyond
 * its capacity: an event session's seats are taken by one conditional upsert; a counter is held
 * by an exclusion constraint over its live bookings' periods. Cancelling (the shopper up to the
 * service's cut-off, staff anytime) or a no-show frees the place.
 */
import { randomUUID } from 'node:crypto';
import type { Tx } from '../../db/index.js';
import { getShopper } from '../../members/index.js';
import { NotFound, Validation } from '../../server/errors.js';
import { addDays, getStore, type Store } from '../../stores/index.js';
import { emitWebhookEvents } from '../webhooks/events.js';
import { AlreadyBooked, BookingStatusRefused, CancelTooLate, SlotFull } from './errors.js';
import type { Booking, BookingCreate, BookingStatus } from './schemas.js';
import type { ServiceRecord } from './services.js';
import { freeCounters, localClock, localDate, type Slot, slotsBetween, zonedInstant } from './slots.js';

const LIVE = `status IN ('booked', 'checked_in')`;
const MINUTE = 60_000;
/** How early before the start a customer may be checked in. */
const CHECK_IN_EARLY_MIN = 60;

type BookingRow = Omit<
  Booking,
  | 'starts_at'
  | 'ends_at'
  | 'status_at'
  | 'reminded_at'
  | 'created_at'
  | 'cancellable_until'
  | 'local_date'
  | 'local_time'
> & {
  starts_at: Date;
  ends_at: Date;
  status_at: Date | null;
  reminded_at: Date | null;
  created_at: Date;
  cancel_cutoff_min: number;
};

const BOOKING_SELECT = `
  SELECT b.id, b.store_id, jsonb_build_object('id', s.id, 'name', s.name, 'kind', s.kind) AS service,
    CASE WHEN c.id IS NULL THEN NULL ELSE jsonb_build_object('id', c.id, 'name', c.name) END AS counter,
    b.starts_at, b.ends_at, b.party, b.shopper_id,
    b.customer_name, b.customer_phone, b.note, b.status, b.booked_by, b.status_by, b.status_at, b.cancel_reason,
    b.reminded_at, b.created_at, s.cancel_cutoff_min
  FROM appointment_bookings b
  JOIN appointment_services s ON s.id = b.service_id
  LEFT JOIN appointment_counters c ON c.id = b.counter_id`;

export type BookingRecord = Omit<BookingRow, 'cancel_cutoff_min'> & {
  local_date: string;
  local_time: string;
  cancellable_until: Date | null;
};

/** Adds what the customer reads: the local date and time in the store's zone, and the cancel deadline. */
async function present(tx: Tx, rows: BookingRow[]): Promise<BookingRecord[]> {
  const zones = new Map<string, string>();
  for (const storeId of new Set(rows.map((r) => r.store_id))) {
    zones.set(storeId, (await getStore(tx, storeId))?.timezone ?? 'UTC');
  }
  return rows.map(({ cancel_cutoff_min, ...booking }) => {
    const local = localClock(zones.get(booking.store_id)!, booking.starts_at);
    return {
      ...booking,
      local_date: local.date,
      local_time: local.time,
      cancellable_until:
        booking.status === 'booked'
          ? new Date(booking.starts_at.getTime() - cancel_cutoff_min * MINUTE)
          : null,
    };
  });
}

export async function getBooking(tx: Tx, id: string): Promise<BookingRecord | undefined> {
  const { rows } = await tx.query<BookingRow>(`${BOOKING_SELECT} WHERE b.id = $1`, [id]);
  return (await present(tx, rows))[0];
}

/** A shopper's bookings, the soonest upcoming first, then the past ones. */
export async function shopperBookings(
  tx: Tx,
  shopperId: string,
  now: Date,
  limit = 50,
): Promise<BookingRecord[]> {
  const { rows } = await tx.query<BookingRow>(
    `${BOOKING_SELECT} WHERE b.shopper_id = $1
     ORDER BY b.ends_at < $2, CASE WHEN b.ends_at >= $2 THEN b.starts_at END, b.starts_at DESC LIMIT $3`,
    [shopperId, now, limit],
  );
  return present(tx, rows);
}

/** The staff view: a store's bookings of one local day, by start time and counter. */
export async function dayBookings(
  tx: Tx,
  store: Pick<Store, 'id' | 'timezone'>,
  date: string,
  filter: { counter_id?: string | undefined; service_id?: string | undefined },
): Promise<BookingRecord[]> {
  const { rows } = await tx.query<BookingRow>(
    `${BOOKING_SELECT}
     WHERE b.store_id = $1 AND b.starts_at >= $2 AND b.starts_at < $3
       AND ($4::uuid IS NULL OR b.counter_id = $4) AND ($5::uuid IS NULL OR b.service_id = $5)
     ORDER BY b.starts_at, c.name NULLS LAST, b.created_at`,
    [
      store.id,
      zonedInstant(store.timezone, date, 0),
      zonedInstant(store.timezone, addDays(date, 1), 0),
      filter.counter_id ?? null,
      filter.service_id ?? null,
    ],
  );
  return present(tx, rows);
}

async function activeCounters(tx: Tx, service: ServiceRecord): Promise<string[]> {
  const { rows } = await tx.query<{ id: string }>(
    `SELECT id FROM appointment_counters WHERE id = ANY($1::uuid[]) AND active
     ORDER BY array_position($1::uuid[], id)`,
    [service.counter_ids],
  );
  return rows.map((r) => r.id);
}

export interface SlotAvailability extends Slot {
  capacity: number;
  available: number;
}

/**
 * The slots of `days` local days from `from` with what is left of each. Shoppers see only what
 * they may book (notice and horizon); staff see every slot not yet over.
 */
export async function serviceSlots(
  tx: Tx,
  service: ServiceRecord,
  store: Pick<Store, 'hours' | 'timezone'>,
  range: { from?: string | undefined; days: number },
  who: 'shopper' | 'staff',
  now: Date,
): Promise<SlotAvailability[]> {
  const from = range.from ?? localDate(store.timezone, now);
  const earliest =
    who === 'shopper' ? now.getTime() + service.min_notice_min * MINUTE : Number.NEGATIVE_INFINITY;
  const latest =
    who === 'shopper' ? now.getTime() + service.horizon_days * 1440 * MINUTE : Number.POSITIVE_INFINITY;
  const slots = slotsBetween(service, store.hours, store.timezone, from, range.days).filter(
    (s) =>
      s.starts_at.getTime() >= earliest &&
      s.starts_at.getTime() <= latest &&
      s.ends_at.getTime() > now.getTime(),
  );
  if (slots.length === 0) return [];
  const span = [slots[0]!.starts_at, slots.at(-1)!.ends_at];
  if (service.kind === 'event') {
    const { rows } = await tx.query<{ starts_at: Date; taken: number }>(
      'SELECT starts_at, taken FROM appointment_sessions WHERE service_id = $1 AND starts_at >= $2 AND starts_at < $3',
      [service.id, ...span],
    );
    const taken = new Map(rows.map((r) => [r.starts_at.getTime(), r.taken]));
    return slots.map((s) => ({
      ...s,
      capacity: service.seats,
      available: Math.max(0, service.seats - (taken.get(s.starts_at.getTime()) ?? 0)),
    }));
  }
  const counters = await activeCounters(tx, service);
  const { rows: busy } = await tx.query<{ counter_id: string; starts_at: Date; ends_at: Date }>(
    `SELECT counter_id, starts_at, ends_at FROM appointment_bookings
     WHERE counter_id = ANY($1::uuid[]) AND ${LIVE} AND starts_at < $3 AND ends_at > $2`,
    [counters, ...span],
  );
  return slots.map((s) => ({
    ...s,
    capacity: counters.length,
    available: freeCounters(counters, busy, s).length,
  }));
}

export interface Booker {
  kind: 'shopper' | 'staff';
  id: string;
  actor: string;
}

/** Checks that `startsAt` is a slot of the service the booker may take, and returns it. */
function bookableSlot(
  service: ServiceRecord,
  store: Pick<Store, 'hours' | 'timezone'>,
  startsAt: Date,
  booker: Booker,
  now: Date,
): Slot {
  // From the day before: a late opening's slots after midnight belong to the previous day's hours.
  const day = localDate(store.timezone, startsAt);
  const slot = slotsBetween(service, store.hours, store.timezone, addDays(day, -1), 2).find(
    (s) => s.starts_at.getTime() === startsAt.getTime(),
  );
  if (!slot) throw Validation('starts_at', 'is not a slot of this service (see its slots)');
  if (slot.ends_at <= now) throw Validation('starts_at', 'is already over');
  if (booker.kind === 'shopper') {
    if (startsAt.getTime() < now.getTime() + service.min_notice_min * MINUTE)
      throw Validation('starts_at', `must be at least ${service.min_notice_min} minutes from now`);
    if (startsAt.getTime() > now.getTime() + service.horizon_days * 1440 * MINUTE)
      throw Validation('starts_at', `is more than ${service.horizon_days} days ahead`);
  }
  return slot;
}

/** Books a place; the caller has checked the booker may book at this store. */
export async function createBooking(
  tx: Tx,
  tenantId: string,
  service: ServiceRecord,
  store: Pick<Store, 'hours' | 'timezone'>,
  input: BookingCreate,
  booker: Booker,
  now = new Date(),
): Promise<BookingRecord> {
  if (booker.kind === 'shopper') {
    for (const field of ['shopper_id', 'customer_name', 'customer_phone'] as const) {
      if (input[field] !== undefined) throw Validation(field, 'is for staff booking on a customer’s behalf');
    }
  } else if (!input.shopper_id && !input.customer_name) {
    throw Validation('customer_name', 'is needed when the customer is not a shopper of the mini-program');
  }
  const shopperId = booker.kind === 'shopper' ? booker.id : (input.shopper_id ?? null);
  // Under the brand's row-level security (a foreign key alone would accept another brand's shopper).
  if (booker.kind === 'staff' && shopperId && !(await getShopper(tx, shopperId)))
    throw Validation('shopper_id', 'is not a shopper of this brand');
  const party = input.party ?? 1;
  if (party > service.max_party)
    throw Validation('party', `is more than ${service.max_party} for this service`);
  const slot = bookableSlot(service, store, new Date(input.starts_at), booker, now);

  if (shopperId) {
    const { rowCount } = await tx.query(
      `SELECT 1 FROM appointment_bookings WHERE service_id = $1 AND starts_at = $2 AND shopper_id = $3 AND ${LIVE}`,
      [service.id, slot.starts_at, shopperId],
    );
    if (rowCount) throw AlreadyBooked();
  }
  if (service.kind === 'event') {
    // The one conditional write that keeps a session within its seats.
    const { rowCount } = await tx.query(
      `INSERT INTO appointment_sessions AS s (tenant_id, service_id, starts_at, taken) VALUES ($1, $2, $3, $4)
       ON CONFLICT (service_id, starts_at) DO UPDATE SET taken = s.taken + EXCLUDED.taken
       WHERE s.taken + EXCLUDED.taken <= $5`,
      [tenantId, service.id, slot.starts_at, party, service.seats],
    );
    if (!rowCount) throw SlotFull();
  }
  const reminder = new Date(slot.starts_at.getTime() - service.reminder_min * MINUTE);
  const id = randomUUID();
  const insert = (counterId: string | null) =>
    tx.query(
      `INSERT INTO appointment_bookings (id, tenant_id, store_id, service_id, counter_id, starts_at, ends_at, party,
         shopper_id, customer_name, customer_phone, note, booked_by, remind_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
       ON CONFLICT DO NOTHING`,
      [
        id,
        tenantId,
        service.store_id,
        service.id,
        counterId,
        slot.starts_at,
        slot.ends_at,
        party,
        shopperId,
        input.customer_name ?? null,
        input.customer_phone ?? null,
        input.note ?? null,
        booker.actor,
        // No reminder for a booking made inside its reminder window: the shopper just booked.
        shopperId && service.reminder_min > 0 && reminder > now ? reminder : null,
      ],
    );
  if (service.kind === 'event') {
    // A concurrent double booking by the same shopper loses on the unique index, and its seats with it.
    if (!(await insert(null)).rowCount) throw AlreadyBooked();
  } else {
    let booked = false;
    // Each try waits for a concurrent booking of the same counter and period to settle; the
    // exclusion constraint turns the loser away to the next counter.
    for (const counterId of await activeCounters(tx, service)) {
      if ((await insert(counterId)).rowCount) {
        booked = true;
        break;
      }
    }
    if (!booked) throw SlotFull();
  }
  const booking = (await getBooking(tx, id))!;
  await emitWebhookEvents(tx, tenantId, 'appointment.booked', [{ booking }]);
  return booking;
}

export type BookingChange = 'cancelled' | 'checked_in' | 'no_show';

const VERB: Record<BookingChange, string> = {
  cancelled: 'cancelled',
  checked_in: 'checked in',
  no_show: 'marked a no-show',
};

/**
 * Cancels, checks in or marks a no-show. Cancelling twice answers with the cancelled booking;
 * a shopper cancels only up to the cut-off; a no-show only once the start has passed.
 */
export async function changeBooking(
  tx: Tx,
  tenantId: string,
  id: string,
  to: BookingChange,
  by: Booker,
  reason: string | undefined,
  now = new Date(),
): Promise<BookingRecord> {
  const { rows } = await tx.query<{
    status: BookingStatus;
    service_id: string;
    kind: string;
    starts_at: Date;
    party: number;
    cancel_cutoff_min: number;
  }>(
    `SELECT b.status, b.service_id, s.kind, b.starts_at, b.party, s.cancel_cutoff_min
     FROM appointment_bookings b JOIN appointment_services s ON s.id = b.service_id WHERE b.id = $1 FOR UPDATE OF b`,
    [id],
  );
  const current = rows[0];
  if (!current) throw NotFound('Booking');
  if (to === 'cancelled' && current.status === 'cancelled') return (await getBooking(tx, id))!;
  if (current.status !== 'booked') throw BookingStatusRefused(current.status, VERB[to]);
  if (to === 'cancelled' && by.kind === 'shopper') {
    if (now.getTime() > current.starts_at.getTime() - current.cancel_cutoff_min * MINUTE)
      throw CancelTooLate(current.cancel_cutoff_min);
  }
  if (to === 'no_show' && now < current.starts_at) throw BookingStatusRefused('not started yet', VERB[to]);
  // A booking of another day checked in by mistake would hide a no-show.
  if (to === 'checked_in' && now.getTime() < current.starts_at.getTime() - CHECK_IN_EARLY_MIN * MINUTE)
    throw BookingStatusRefused(`due at ${current.starts_at.toISOString()}`, `${VERB[to]} yet`);
  await tx.query(
    'UPDATE appointment_bookings SET status = $2, status_by = $3, status_at = $4, cancel_reason = $5 WHERE id = $1',
    [id, to, by.actor, now, to === 'cancelled' ? (reason ?? null) : null],
  );
  if (current.kind === 'event' && to !== 'checked_in') {
    await tx.query(
      'UPDATE appointment_sessions SET taken = taken - $3 WHERE service_id = $1 AND starts_at = $2',
      [current.service_id, current.starts_at, current.party],
    );
  }
  const booking = (await getBooking(tx, id))!;
  if (to === 'cancelled') await emitWebhookEvents(tx, tenantId, 'appointment.cancelled', [{ booking }]);
  return booking;
}
