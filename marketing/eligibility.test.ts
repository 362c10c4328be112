import { describe, expect, it } from 'vitest';
import type { CampaignRules } from './campaign.js';
import {
  type BrandLimits,
  decide,
  inHoldout,
  inWindow,
  type Moment,
  type ShopperFacts,
} from './eligibility.js';
import { canMove, statusAt } from './lifecycle.js';
import { liftAgainstHoldout } from './lift.js';

const rules: CampaignRules = {
  id: 'coffee-morning',
  status: 'active',
  store_ids: ['sh001'],
  timezone: 'Asia/Shanghai',
  trigger: { kind: 'zone_dwell', zones: ['coffee-counter'], min_dwell_s: 20 },
  audience: { visitors: 'any' },
  schedule: {
    starts_at: '2026-11-01T00:00:00+08:00',
    ends_at: '2026-12-01T00:00:00+08:00',
    hours: { from: '07:00', to: '22:00' },
    quiet_hours: { from: '12:00', to: '13:00' },
  },
  caps: { per_shopper: 1, window_h: 24 },
  budget_remaining: 100,
  holdout: 0,
};
const moment: Moment = {
  kind: 'zone_dwell',
  store_id: 'sh001',
  zone: 'coffee-counter',
  dwell_s: 25,
  at: new Date('2026-11-25T09:30:00+08:00'),
};
const shopper: ShopperFacts = {
  id: 's1',
  marketing_consent: true,
  visits_before: 2,
  tags: [],
  campaign_pushes_in_window: 0,
  pushes_today: 0,
};
const limits: BrandLimits = { daily_pushes_per_shopper: 3 };

describe('decide', () => {
  it('pushes when every rule holds', () => {
    expect(decide(rules, moment, shopper, limits)).toEqual({ outcome: 'push' });
  });

  it('names the first rule that fails', () => {
    const cases: [Partial<CampaignRules>, Partial<Moment>, Partial<ShopperFacts>, string][] = [
      [{ status: 'paused' }, {}, {}, 'not_active'],
      [{}, { store_id: 'sh002' }, {}, 'other_store'],
      [{}, { zone: 'bakery' }, {}, 'trigger_mismatch'],
      [{}, { dwell_s: 10 }, {}, 'trigger_mismatch'],
      [{}, { kind: 'zone_enter' }, {}, 'trigger_mismatch'],
      [{}, { at: new Date('2026-12-02T09:30:00+08:00') }, {}, 'outside_schedule'],
      [{}, { at: new Date('2026-11-25T23:30:00+08:00') }, {}, 'outside_schedule'],
      [{}, { at: new Date('2026-11-25T12:30:00+08:00') }, {}, 'quiet_hours'],
      [{}, {}, { marketing_consent: false }, 'no_consent'],
      [{ audience: { visitors: 'new' } }, {}, {}, 'audience'],
      [{ audience: { visitors: 'any', tags_any: ['vip'] } }, {}, { tags: ['student'] }, 'audience'],
      [{ audience: { visitors: 'any', tiers: ['gold'] } }, {}, {}, 'audience'],
      [{ audience: { visitors: 'any', birthday_month: true } }, {}, {}, 'audience'],
      [{ audience: { visitors: 'any', birthday_month: true } }, {}, { birthday: '12-25' }, 'audience'],
      [{ audience: { visitors: 'any', cart_waiting: true } }, {}, {}, 'audience'],
      [{ audience: { visitors: 'any', cart_waiting: true } }, {}, { cart_here: false }, 'audience'],
      [{}, {}, { campaign_pushes_in_window: 1 }, 'campaign_cap'],
      [{}, {}, { pushes_today: 3 }, 'daily_cap'],
      [{ budget_remaining: 0 }, {}, {}, 'budget_exhausted'],
    ];
    for (const [r, m, s, reason] of cases) {
      expect(decide({ ...rules, ...r }, { ...moment, ...m }, { ...shopper, ...s }, limits), reason).toEqual({
        outcome: 'skip',
        reason,
      });
    }
  });

  it('reads schedules in the store time zone, with windows across midnight', () => {
    const night = { ...rules, schedule: { ...rules.schedule, hours: { from: '20:00', to: '02:00' } } };
    delete night.schedule.quiet_hours;
    // 01:00 in Shanghai is 17:00 UTC the day before.
    expect(decide(night, { ...moment, at: new Date('2026-11-24T17:00:00Z') }, shopper, limits).outcome).toBe(
      'push',
    );
    expect(decide(night, { ...moment, at: new Date('2026-11-24T19:00:00Z') }, shopper, limits).outcome).toBe(
      'skip',
    );
    expect(inWindow({ from: '22:00', to: '07:00' }, 23 * 60)).toBe(true);
    expect(inWindow({ from: '22:00', to: '07:00' }, 7 * 60)).toBe(false);
  });

  it("reaches a birthday audience in the member's birthday month, on the store's clock", () => {
    const birthdays = {
      ...rules,
      audience: { visitors: 'any' as const, birthday_month: true },
      schedule: { starts_at: '2026-11-01T00:00:00+08:00', ends_at: '2027-01-01T00:00:00+08:00' },
    };
    const at = (birthday: string, when: string) =>
      decide(birthdays, { ...moment, at: new Date(when) }, { ...shopper, birthday }, limits).outcome;
    expect(at('11-03', '2026-11-25T09:30:00+08:00')).toBe('push');
    // 01:00 on 1 December in Shanghai is still 30 November in UTC: December's birthdays, not November's.
    expect(at('12-31', '2026-11-30T17:00:00Z')).toBe('push');
    expect(at('11-30', '2026-11-30T17:00:00Z')).toBe('skip');
  });

  it('reaches a waiting-cart audience only when the cart is for the store of the moment', () => {
    const waiting = { ...rules, audience: { visitors: 'any' as const, cart_waiting: true } };
    expect(decide(waiting, moment, { ...shopper, cart_here: true }, limits)).toEqual({ outcome: 'push' });
  });

  it('holds out about the share asked, and always the same shoppers', () => {
    const held = Array.from({ length: 10_000 }, (_, i) => inHoldout('c1', `s${i}`, 0.2)).filter(
      Boolean,
    ).length;
    expect(held / 10_000).toBeGreaterThan(0.18);
    expect(held / 10_000).toBeLessThan(0.22);
    // Another campaign draws its own holdout: not the same shoppers every time.
    const overlap = Array.from(
      { length: 1000 },
      (_, i) => inHoldout('c1', `s${i}`, 0.5) === inHoldout('c2', `s${i}`, 0.5),
    );
    expect(overlap.filter(Boolean).length).toBeLessThan(600);
    const all = decide({ ...rules, holdout: 1 }, moment, shopper, limits);
    expect(all).toEqual({ outcome: 'holdout' });
  });
});

describe('lifecycle', () => {
  it('allows the documented moves only', () => {
    expect(canMove('draft', 'scheduled')).toBe(true);
    expect(canMove('active', 'paused')).toBe(true);
    expect(canMove('paused', 'active')).toBe(true);
    expect(canMove('ended', 'active')).toBe(false);
    expect(canMove('draft', 'active')).toBe(false);
  });

  it('starts, ends, and ends when the budget is spent', () => {
    const schedule = { starts_at: '2026-11-01T00:00:00Z', ends_at: '2026-12-01T00:00:00Z' };
    expect(statusAt('scheduled', schedule, 10, new Date('2026-10-30T00:00:00Z'))).toBe('scheduled');
    expect(statusAt('scheduled', schedule, 10, new Date('2026-11-02T00:00:00Z'))).toBe('active');
    expect(statusAt('active', schedule, 0, new Date('2026-11-02T00:00:00Z'))).toBe('ended');
    expect(statusAt('paused', schedule, 10, new Date('2026-12-02T00:00:00Z'))).toBe('ended');
    expect(statusAt('draft', schedule, 10, new Date('2026-12-02T00:00:00Z'))).toBe('draft');
  });
});

describe('lift against the holdout', () => {
  it("matches Newcombe's published example (56/70 vs 48/80)", () => {
    const lift = liftAgainstHoldout({ shoppers: 70, converted: 56 }, { shoppers: 80, converted: 48 })!;
    expect(lift.difference).toBeCloseTo(0.2, 6);
    expect(lift.ci95[0]).toBeCloseTo(0.0524, 3);
    expect(lift.ci95[1]).toBeCloseTo(0.3339, 3);
    expect(lift.significant).toBe(true);
  });

  it('is not significant when the groups convert alike, and needs both groups', () => {
    const lift = liftAgainstHoldout({ shoppers: 200, converted: 20 }, { shoppers: 50, converted: 5 })!;
    expect(lift.difference).toBeCloseTo(0, 10);
    expect(lift.significant).toBe(false);
    expect(liftAgainstHoldout({ shoppers: 10, converted: 1 }, { shoppers: 0, converted: 0 })).toBeNull();
  });
});
