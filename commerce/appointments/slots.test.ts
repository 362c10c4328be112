import { describe, expect, it } from 'vitest';
import type { OpeningHours } from '../../stores/index.js';
import { freeCounters, slotsBetween, zonedInstant } from './slots.js';

const day = [{ open: '10:00', close: '12:00' }];
const hours: OpeningHours = {
  weekly: {
    mon: day,
    tue: day,
    wed: day,
    thu: day,
    fri: [{ open: '22:00', close: '01:00' }],
    sat: [],
    sun: [],
  },
  exceptions: [
    { date: '2026-12-01', closed: true, note: 'stocktake' },
    { date: '2026-12-02', intervals: [{ open: '11:00', close: '12:00' }] },
  ],
};
const consult = { duration_min: 30, interval_min: null, start_times: null };
const SH = 'Asia/Shanghai';

describe('zonedInstant', () => {
  it("turns a store's wall clock into the instant, across daylight saving too", () => {
    expect(zonedInstant(SH, '2026-11-30', 600).toISOString()).toBe('2026-11-30T02:00:00.000Z');
    expect(zonedInstant('Europe/Berlin', '2026-07-01', 600).toISOString()).toBe('2026-07-01T08:00:00.000Z');
    expect(zonedInstant('Europe/Berlin', '2026-12-01', 600).toISOString()).toBe('2026-12-01T09:00:00.000Z');
    // The morning after the clocks went back (25 Oct 2026).
    expect(zonedInstant('Europe/Berlin', '2026-10-26', 60).toISOString()).toBe('2026-10-26T00:00:00.000Z');
  });
});

describe('slotsBetween', () => {
  it('fills the opening hours with back-to-back slots that end by closing', () => {
    const slots = slotsBetween(consult, hours, SH, '2026-11-30', 1); // a Monday
    expect(slots.map((s) => s.time)).toEqual(['10:00', '10:30', '11:00', '11:30']);
    expect(slots[0]).toMatchObject({
      date: '2026-11-30',
      starts_at: new Date('2026-11-30T02:00:00Z'),
      ends_at: new Date('2026-11-30T02:30:00Z'),
    });
  });

  it('has none on a holiday, and follows a short day', () => {
    expect(slotsBetween(consult, hours, SH, '2026-12-01', 1)).toEqual([]);
    expect(slotsBetween(consult, hours, SH, '2026-12-02', 1).map((s) => s.time)).toEqual(['11:00', '11:30']);
  });

  it('keeps a long service within the hours, and steps by the interval', () => {
    const tasting = { duration_min: 60, interval_min: 45, start_times: null };
    expect(slotsBetween(tasting, hours, SH, '2026-11-30', 1).map((s) => s.time)).toEqual(['10:00', '10:45']);
  });

  it('uses fixed start times when the service has them, only inside the hours', () => {
    const event = { duration_min: 60, interval_min: null, start_times: ['09:00', '10:30', '11:30'] };
    expect(slotsBetween(event, hours, SH, '2026-11-30', 1).map((s) => s.time)).toEqual(['10:30']);
  });

  it('runs a late opening past midnight into the next date', () => {
    const slots = slotsBetween(
      { duration_min: 60, interval_min: null, start_times: null },
      hours,
      SH,
      '2026-12-04',
      1,
    );
    expect(slots.map((s) => `${s.date} ${s.time}`)).toEqual([
      '2026-12-04 22:00',
      '2026-12-04 23:00',
      '2026-12-05 00:00',
    ]);
    expect(slots[2]!.starts_at.toISOString()).toBe('2026-12-04T16:00:00.000Z');
  });
});

describe('freeCounters', () => {
  it('leaves out counters with an overlapping booking, whatever service it is for', () => {
    const slot = { starts_at: new Date('2026-11-30T02:00:00Z'), ends_at: new Date('2026-11-30T02:30:00Z') };
    const busy = [
      {
        counter_id: 'a',
        starts_at: new Date('2026-11-30T01:45:00Z'),
        ends_at: new Date('2026-11-30T02:15:00Z'),
      },
      {
        counter_id: 'b',
        starts_at: new Date('2026-11-30T02:30:00Z'),
        ends_at: new Date('2026-11-30T03:00:00Z'),
      },
    ];
    expect(freeCounters(['a', 'b', 'c'], busy, slot)).toEqual(['b', 'c']);
  });
});
