/**
 * Opening hours: a weekly pattern, with dated exceptions (holidays, short days) that replace a
 * day's pattern. An interval whose close is not after its open runs past midnight
 * ("22:00"–"02:00"). Pure: the clock and the time zone are arguments.
 */
import { type Static, Type } from 'typebox';
import { addDays, clockOf, localTime, weekdayOf } from './local-time.js';

export { addDays, clockOf, type LocalTime, localTime, WEEKDAYS, type Weekday } from './local-time.js';

const HHMM = Type.String({
  pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$|^24:00$',
  description: 'local time, HH:MM',
});
export const Interval = Type.Object({ open: HHMM, close: HHMM }, { additionalProperties: false });
const Day = Type.Array(Interval, { maxItems: 6 });

export const OpeningHours = Type.Object(
  {
    weekly: Type.Object(
      { mon: Day, tue: Day, wed: Day, thu: Day, fri: Day, sat: Day, sun: Day },
      { additionalProperties: false },
    ),
    exceptions: Type.Array(
      Type.Object(
        {
          date: Type.String({ format: 'date' }),
          closed: Type.Optional(Type.Boolean()),
          intervals: Type.Optional(Day),
          note: Type.Optional(Type.String({ maxLength: 200 })),
        },
        { additionalProperties: false },
      ),
      { maxItems: 400 },
    ),
  },
  { additionalProperties: false, $id: 'OpeningHours' },
);
export type OpeningHours = Static<typeof OpeningHours>;
type Interval = Static<typeof Interval>;

/** Minutes since midnight of a wall-clock time, "HH:MM". */
export const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
const overnight = (i: Interval) => minutesOf(i.close) <= minutesOf(i.open);

export function isValidTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return true;
  } catch {
    return false;
  }
}

/** A problem with the hours a form would show next to the field, or undefined when they are fine. */
export function hoursProblem(hours: OpeningHours): { field: string; problem: string } | undefined {
  const days: [string, Interval[]][] = Object.entries(hours.weekly).map(([day, list]) => [
    `hours.weekly.${day}`,
    list,
  ]);
  hours.exceptions.forEach((e, i) => {
    if (e.intervals) days.push([`hours.exceptions.${i}.intervals`, e.intervals]);
  });
  for (const [field, list] of days) {
    for (const interval of list) {
      if (interval.open === interval.close)
        return { field, problem: 'has an interval that opens and closes at the same time' };
    }
  }
  const seen = new Set<string>();
  for (const [i, e] of hours.exceptions.entries()) {
    if (seen.has(e.date)) return { field: `hours.exceptions.${i}.date`, problem: `repeats ${e.date}` };
    seen.add(e.date);
    if (!e.closed && !e.intervals)
      return { field: `hours.exceptions.${i}`, problem: 'needs closed: true or intervals' };
  }
  return undefined;
}

/** The intervals of a local calendar date: its exception if there is one, else its weekday's pattern. */
export function intervalsOn(hours: OpeningHours, date: string): Interval[] {
  const exception = hours.exceptions.find((e) => e.date === date);
  if (exception) return exception.closed ? [] : (exception.intervals ?? []);
  return hours.weekly[weekdayOf(date)];
}

export function isOpenAt(hours: OpeningHours, timeZone: string, at: Date): boolean {
  const now = localTime(timeZone, at);
  const today = intervalsOn(hours, now.date).some(
    (i) => now.minute >= minutesOf(i.open) && (overnight(i) || now.minute < minutesOf(i.close)),
  );
  if (today) return true;
  // Last night's late opening still running after midnight.
  return intervalsOn(hours, addDays(now.date, -1)).some(
    (i) => overnight(i) && now.minute < minutesOf(i.close),
  );
}

/** Today's intervals in the store's time zone, for "open today 09:00–22:00". */
export function hoursToday(hours: OpeningHours, timeZone: string, at: Date): Interval[] {
  return intervalsOn(hours, localTime(timeZone, at).date);
}

/** When the store closes next while open, or opens next while closed: a shopper's "open until 02:00". */
export interface OpenState {
  /** Local "HH:MM" the store closes, running intervals joined (22:00–24:00 then 00:00–02:00 is "02:00"); null when closed. */
  open_until: string | null;
  /** When closed: the next opening within a week, local date and time; null when open or none is set. */
  opens_next: { date: string; time: string } | null;
}

export function openState(hours: OpeningHours, timeZone: string, at: Date): OpenState {
  const now = localTime(timeZone, at);
  // Minutes from today's local midnight, yesterday's late opening to a week ahead, joined where they meet.
  const spans: [number, number][] = [];
  for (let day = -1; day <= 7; day++) {
    for (const i of intervalsOn(hours, addDays(now.date, day))) {
      const start = day * 1440 + minutesOf(i.open);
      spans.push([start, day * 1440 + minutesOf(i.close) + (overnight(i) ? 1440 : 0)]);
    }
  }
  spans.sort((a, b) => a[0] - b[0]);
  const joined: [number, number][] = [];
  for (const [start, end] of spans) {
    const last = joined.at(-1);
    if (last && start <= last[1]) last[1] = Math.max(last[1], end);
    else joined.push([start, end]);
  }
  const running = joined.find(([start, end]) => start <= now.minute && now.minute < end);
  if (running) return { open_until: clockOf(running[1]), opens_next: null };
  const next = joined.find(([start]) => start > now.minute);
  return {
    open_until: null,
    opens_next: next
      ? { date: addDays(now.date, Math.floor(next[0] / 1440)), time: clockOf(next[0] % 1440) }
      : null,
  };
}
