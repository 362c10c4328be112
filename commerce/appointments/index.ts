/**
 * Appointments: a store's bookable services (at counters, or events with seats), slots from its
 * opening hours, bookings that never exceed capacity, cancellation, reminders, the staff view.
 * Kept inside commerce: it shares the brand's idempotency keys and outbound webhooks.
 */
export {
  type Booker,
  type BookingRecord,
  changeBooking,
  createBooking,
  dayBookings,
  getBooking,
  serviceSlots,
} from './bookings.js';
export { seedDemoAppointments } from './demo.js';
export { AlreadyBooked, BookingStatusRefused, CancelTooLate, CounterNameTaken, SlotFull } from './errors.js';
export { reminderKey, sendDueReminders } from './reminders.js';
export { appointmentRoutes } from './routes.js';
export { createCounter, createService, getService, listCounters, listServices } from './services.js';
export { slotsBetween, zonedInstant } from './slots.js';
