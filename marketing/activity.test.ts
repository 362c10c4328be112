import { describe, expect, it } from 'vitest';
import { bucketsBetween, MAX_POINTS } from './activity.js';

describe('bucketsBetween', () => {
  it('lists every hour, across midnight, with the quiet ones in between', () => {
    expect(bucketsBetween('2026-11-24T22:00', '2026-11-25T01:00', 'hour')).toEqual([
      '2026-11-24T22:00',
      '2026-11-24T23:00',
      '2026-11-25T00:00',
      '2026-11-25T01:00',
    ]);
  });

  it('lists days across a month end', () => {
    expect(bucketsBetween('2026-02-27', '2026-03-01', 'day')).toEqual([
      '2026-02-27',
      '2026-02-28',
      '2026-03-01',
    ]);
  });

  it('stretches a short history back to a day of hours, but not before the campaign existed', () => {
    const day = bucketsBetween('2026-11-25T09:00', '2026-11-25T10:00', 'hour', '2026-11-20T00:00');
    expect(day).toHaveLength(24);
    expect(day[0]).toBe('2026-11-24T11:00');
    expect(bucketsBetween('2026-11-25T09:00', '2026-11-25T10:00', 'hour', '2026-11-25T07:00')).toEqual([
      '2026-11-25T07:00',
      '2026-11-25T08:00',
      '2026-11-25T09:00',
      '2026-11-25T10:00',
    ]);
  });

  it('keeps the latest points of a long history', () => {
    const hours = bucketsBetween('2025-01-01T00:00', '2026-11-25T10:00', 'hour');
    expect(hours).toHaveLength(MAX_POINTS);
    expect(hours.at(-1)).toBe('2026-11-25T10:00');
  });
});
