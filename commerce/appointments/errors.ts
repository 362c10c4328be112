/** Appointments' coded errors, each made once; clients and tests match on the code. */
import { defineError } from '../../server/errors.js';

export const SlotFull = defineError(
  'SS_ERR_SLOT_FULL',
  409,
  () => 'This slot is fully booked; pick another time',
  () => 'starts_at',
);

export const AlreadyBooked = defineError(
  'SS_ERR_ALREADY_BOOKED',
  409,
  () => 'This customer already has a booking for this slot',
  () => 'starts_at',
);

export const CancelTooLate = defineError(
  'SS_ERR_CANCEL_TOO_LATE',
  409,
  (cutoffMin: number) =>
    `Bookings can be cancelled in the app up to ${cutoffMin} minutes before they start; please call the store`,
);

export const BookingStatusRefused = defineError(
  'SS_ERR_BOOKING_STATUS',
  409,
  (status: string, action: string) => `A booking that is ${status} cannot be ${action}`,
);

export const CounterNameTaken = defineError(
  'SS_ERR_COUNTER_TAKEN',
  409,
  (what: string) => `This store already has a ${what} with this name`,
  () => 'name',
);
