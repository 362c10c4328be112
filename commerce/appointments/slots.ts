/**
 * Slots of a service, pure: from the store's opening hours (holiday exceptions included) in its
 * own time zone, every `interval` minutes from opening (or at the service's fixed start times),
 * each ending before closing; then how many of each are still free.
 */
import {
  addDays,
  clockOf,
  intervalsOn,
  localTime,
  minutesOf,
  type OpeningHours,
} from '../../stores/index.js';

export interface SlotRule {
  duration_min: number;
  /** Minutes between starts; null: the duration. */
  interval_min: number | null;
  /** Fixed local start times ("14:00"); null: every interval through the opening hours. */
  start_times: string[] | null;
}

export interface Slot {
  starts_at: Date;
  ends_at: Date;
  /** The store's local date and start time, as the shopper reads them. */
  date: string;
  time: string;
}

/** How far the zone's wall clock is ahead of UTC at an instant. */
function offsetMs(timeZone: string, at: number): number {
  const local = localTime(timeZone, new Date(at));
  return Date.parse(`${local.date}T00:00:00Z`) + local.minute * 60_000 - Math.floor(at / 60_000) * 60_000;
}

/**
 * The instant a wall-clock time of a zone names (minute may pass midnight). Two passes settle
 * the offset on either side of a daylight-saving change.
 */
export function zonedInstant(timeZone: string, date: string, minute: number): Date {
  const wall = Date.parse(`${date}T00:00:00Z`) + minute * 60_000;
  const first = wall - offsetMs(timeZone, wall);
  return new Date(wall - offsetMs(timeZone, first));
}

/** Every slot of the local dates [from, from + days) in the zone, in time order. */
export function slotsBetween(
  rule: SlotRule,
  hours: OpeningHours,
  timeZone: string,
  from: string,
  days: number,
): Slot[] {
  const step = rule.interval_min ?? rule.duration_min;
  const fixed = rule.start_times?.map(minutesOf).sort((a, b) => a - b);
  const slots = new Map<number, Slot>();
  for (let d = 0; d < days; d++) {
    const date = addDays(from, d);
    for (const interval of intervalsOn(hours, date)) {
      const open = minutesOf(interval.open);
      let close = minutesOf(interval.close);
      if (close <= open) close += 24 * 60; // runs past midnight
      const starts = fixed
        ? fixed.flatMap((m) => [m, m + 24 * 60]).filter((m) => m >= open)
        : Array.from({ length: Math.floor((close - open) / step) + 1 }, (_, i) => open + i * step);
      for (const start of starts) {
        if (start + rule.duration_min > close) continue;
        const startsAt = zonedInstant(timeZone, date, start);
        slots.set(startsAt.getTime(), {
          starts_at: startsAt,
          ends_at: new Date(startsAt.getTime() + rule.duration_min * 60_000),
          date: start >= 24 * 60 ? addDays(date, 1) : date,
          time: clockOf(start),
        });
      }
    }
  }
  return [...slots.values()].sort((a, b) => a.starts_at.getTime() - b.starts_at.getTime());
}

/** The local date of an instant in the zone (the day a slot belongs to). */
export const localDate = (timeZone: string, at: Date) => localTime(timeZone, at).date;

/** The local date and HH:MM of an instant in the zone, as a customer reads a booking. */
export function localClock(timeZone: string, at: Date): { date: string; time: string } {
  const local = localTime(timeZone, at);
  return { date: local.date, time: clockOf(local.minute) };
}

/** Counters free for [start, end): those with no live booking overlapping it. */
export function freeCounters(
  counters: readonly string[],
  busy: readonly { counter_id: string; starts_at: Date; ends_at: Date }[],
  slot: Pick<Slot, 'starts_at' | 'ends_at'>,
): string[] {
  const taken = new Set(
    busy.filter((b) => b.starts_at < slot.ends_at && slot.starts_at < b.ends_at).map((b) => b.counter_id),
  );
  return counters.filter((c) => !taken.has(c));
}
