/**
 * Bookings and slots as the shopper reads them: dates and times in the store's zone (the server
 * works them out there, so the phone's own zone does not move them), statuses in words.
 */
import type { Booking, BookingStatus, Slot } from './api';
import { localDay } from './format';
import { type TextKey, t } from './i18n';

const STATUSES: Record<BookingStatus, TextKey> = {
  booked: 'appointmentBooked',
  checked_in: 'appointmentCheckedIn',
  no_show: 'appointmentNoShow',
  cancelled: 'appointmentCancelled',
};

export interface BookingRow {
  id: string;
  service: string;
  store: string;
  /** "Sat 28/11 14:00" in the store's zone. */
  when: string;
  status: string;
  /** Still booked and not started: the shopper may try to cancel (the server holds the cut-off). */
  cancellable: boolean;
}

export const bookingWhen = (booking: Booking) => `${localDay(booking.local_date)} ${booking.local_time}`;

export function bookingRow(booking: Booking, store: string, now: number): BookingRow {
  return {
    id: booking.id,
    service: booking.service.name,
    store,
    when: bookingWhen(booking),
    status: t(STATUSES[booking.status]),
    cancellable: booking.status === 'booked' && Date.parse(booking.starts_at) > now,
  };
}

export const isUpcoming = (booking: Booking, now: number) => Date.parse(booking.ends_at) > now;

export interface SlotRow {
  startsAt: string;
  time: string;
  left: string;
}

export interface SlotDay {
  date: string;
  label: string;
  slots: SlotRow[];
}

/** The days that still have places, each with its slots that do, in the server's order. */
export function slotDays(slots: Slot[]): SlotDay[] {
  const days: SlotDay[] = [];
  for (const slot of slots) {
    if (slot.available <= 0) continue;
    let day = days[days.length - 1];
    if (day?.date !== slot.date) {
      day = { date: slot.date, label: localDay(slot.date), slots: [] };
      days.push(day);
    }
    day.slots.push({
      startsAt: slot.starts_at,
      time: slot.time,
      left: t('placesLeft', { n: slot.available }),
    });
  }
  return days;
}
