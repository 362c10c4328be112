import { describe, expect, it } from 'vitest';
import {
  hoursProblem,
  hoursToday,
  isOpenAt,
  isValidTimeZone,
  type OpeningHours,
  openState,
} from './hours.js';

const nineToTen = [{ open: '09:00', close: '22:00' }];
const hours: OpeningHours = {
  weekly: {
    mon: nineToTen,
    tue: nineToTen,
    wed: nineToTen,
    thu: nineToTen,
    fri: [{ open: '09:00', close: '02:00' }],
    sat: nineToTen,
    sun: [],
  },
  exceptions: [
    { date: '2026-10-01', closed: true, note: 'National Day' },
    { date: '2026-12-31', intervals: [{ open: '10:00', close: '16:00' }] },
  ],
};
const SH = 'Asia/Shanghai';
// Shanghai is UTC+8 all year.
const at = (local: string) => new Date(`${local}+08:00`);

describe('isOpenAt', () => {
  it('follows the weekly pattern in the store time zone', () => {
    expect(isOpenAt(hours, SH, at('2026-11-25T08:59:00'))).toBe(false); // Wednesday
    expect(isOpenAt(hours, SH, at('2026-11-25T09:00:00'))).toBe(true);
    expect(isOpenAt(hours, SH, at('2026-11-25T21:59:00'))).toBe(true);
    expect(isOpenAt(hours, SH, at('2026-11-25T22:00:00'))).toBe(false);
  });

  it('keeps a late Friday open past midnight into Saturday', () => {
    expect(isOpenAt(hours, SH, at('2026-11-27T23:30:00'))).toBe(true);
    expect(isOpenAt(hours, SH, at('2026-11-28T01:59:00'))).toBe(true);
    expect(isOpenAt(hours, SH, at('2026-11-28T02:00:00'))).toBe(false);
  });

  it('is closed on a closed weekday and on a holiday, and uses a short day instead of the pattern', () => {
    expect(isOpenAt(hours, SH, at('2026-11-29T12:00:00'))).toBe(false); // Sunday
    expect(isOpenAt(hours, SH, at('2026-10-01T12:00:00'))).toBe(false); // Thursday, holiday
    expect(isOpenAt(hours, SH, at('2026-12-31T17:00:00'))).toBe(false); // Thursday, short day
    expect(isOpenAt(hours, SH, at('2026-12-31T15:00:00'))).toBe(true);
  });

  it('does not mistake the server clock for the store clock', () => {
    // 03:00 UTC is 11:00 in Shanghai (open) and 22:00 the day before in New York.
    const instant = new Date('2026-11-25T03:00:00Z');
    expect(isOpenAt(hours, SH, instant)).toBe(true);
    expect(isOpenAt(hours, 'America/New_York', instant)).toBe(false);
  });

  it("shows today's hours", () => {
    expect(hoursToday(hours, SH, at('2026-12-31T08:00:00'))).toEqual([{ open: '10:00', close: '16:00' }]);
  });
});

describe('hoursProblem', () => {
  it('accepts good hours and names the field of bad ones', () => {
    expect(hoursProblem(hours)).toBeUndefined();
    const bad = structuredClone(hours);
    bad.weekly.tue = [{ open: '10:00', close: '10:00' }];
    expect(hoursProblem(bad)?.field).toBe('hours.weekly.tue');
    const repeated = structuredClone(hours);
    repeated.exceptions.push({ date: '2026-10-01', closed: true });
    expect(hoursProblem(repeated)?.field).toBe('hours.exceptions.2.date');
  });

  it('knows real time zones', () => {
    expect(isValidTimeZone('Asia/Shanghai')).toBe(true);
    expect(isValidTimeZone('Mars/Olympus')).toBe(false);
  });
});

describe('openState', () => {
  it("says until when an open store is open, last night's late opening included", () => {
    expect(openState(hours, SH, at('2026-11-25T12:00:00'))).toEqual({
      open_until: '22:00',
      opens_next: null,
    });
    // Saturday 01:00: Friday's 09:00–02:00 is still running, though today's hours say 09:00–22:00.
    expect(hoursToday(hours, SH, at('2026-11-28T01:00:00'))).toEqual(nineToTen);
    expect(openState(hours, SH, at('2026-11-28T01:00:00'))).toEqual({
      open_until: '02:00',
      opens_next: null,
    });
  });

  it('says when a closed store opens next, past closed days and holidays', () => {
    expect(openState(hours, SH, at('2026-11-25T07:00:00'))).toEqual({
      open_until: null,
      opens_next: { date: '2026-11-25', time: '09:00' },
    });
    // Saturday night: Sunday is closed, so Monday morning.
    expect(openState(hours, SH, at('2026-11-28T23:00:00'))).toEqual({
      open_until: null,
      opens_next: { date: '2026-11-30', time: '09:00' },
    });
    // The eve of National Day (Wednesday 2026-09-30, 23:00): the holiday is closed, so the day after.
    expect(openState(hours, SH, at('2026-09-30T23:00:00'))).toEqual({
      open_until: null,
      opens_next: { date: '2026-10-02', time: '09:00' },
    });
  });

  it('joins intervals that meet, and has nothing to say of a store with no hours', () => {
    const aroundMidnight: OpeningHours = {
      weekly: {
        ...hours.weekly,
        wed: [{ open: '18:00', close: '24:00' }],
        thu: [{ open: '00:00', close: '03:00' }],
      },
      exceptions: [],
    };
    expect(openState(aroundMidnight, SH, at('2026-11-25T20:00:00')).open_until).toBe('03:00');
    const never: OpeningHours = {
      weekly: { mon: [], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] },
      exceptions: [],
    };
    expect(openState(never, SH, at('2026-11-25T20:00:00'))).toEqual({ open_until: null, opens_next: null });
  });
});
