import { describe, expect, it } from 'vitest';
import type { SaleLine } from '../commerce/index.js';
import { tripsOf, withZonePasses } from './store-history.js';

const line = (
  basket: string,
  sku_id: string,
  qty: number,
  at: string,
  shopper_id: string | null = null,
): SaleLine => ({
  basket,
  shopper_id,
  sku_id,
  qty,
  at: new Date(at),
});

describe('tripsOf', () => {
  it("makes a trip of each basket, a step per line in order, on the store's local clock", () => {
    const trips = tripsOf(
      [
        line('order-1', 'milk', 1, '2026-11-27T23:30:00Z', 'ann'),
        line('order-1', 'bread', 2, '2026-11-27T23:30:00Z', 'ann'),
        line('pos:sale:T1', 'tea', 1, '2026-11-28T02:05:00Z'),
        line('pos:return:T0', 'tea', -1, '2026-11-28T03:00:00Z'),
      ],
      'Asia/Shanghai',
    );
    expect(trips.map((t) => [t.id, t.shopper, t.hour, t.weekday, t.steps.map((s) => s.bought)])).toEqual([
      // 23:30 UTC on Friday the 27th is 07:30 on Saturday in Shanghai.
      ['order-1', 'ann', 7, 6, [[{ sku_id: 'milk', qty: 1 }], [{ sku_id: 'bread', qty: 2 }]]],
      ['pos:sale:T1', null, 10, 6, [[{ sku_id: 'tea', qty: 1 }]]],
      ['pos:return:T0', null, 11, 6, [[{ sku_id: 'tea', qty: -1 }]]],
    ]);
    expect(trips.every((t) => t.tier === null && t.steps.every((s) => s.zone === undefined))).toBe(true);
  });
});

describe('withZonePasses', () => {
  const tz = 'Asia/Shanghai';
  const pass = (
    visit: string,
    shopper: string,
    zone: string,
    entered: string,
    arrived: string,
    departed: string,
  ) => ({
    visit_id: visit,
    shopper_id: shopper,
    zone,
    entered_at: new Date(entered),
    arrived_at: new Date(arrived),
    departed_at: new Date(departed),
  });
  const orders = tripsOf(
    [
      line('order-ann', 'milk', 1, '2026-11-28T02:20:00Z', 'ann'),
      line('order-ann-later', 'tea', 1, '2026-11-28T09:00:00Z', 'ann'),
      line('order-bob', 'bread', 1, '2026-11-28T02:12:00Z', 'bob'),
    ],
    tz,
  );

  it("makes a visit's zones and the orders its shopper paid during it one trip, zones then purchases in time order", () => {
    const trips = withZonePasses(
      orders,
      [
        pass(
          'visit-ann',
          'ann',
          'dairy',
          '2026-11-28T02:05:00Z',
          '2026-11-28T02:00:00Z',
          '2026-11-28T02:15:00Z',
        ),
        pass(
          'visit-ann',
          'ann',
          'tills',
          '2026-11-28T02:14:00Z',
          '2026-11-28T02:00:00Z',
          '2026-11-28T02:15:00Z',
        ),
        pass(
          'visit-cy',
          'cy',
          'entrance',
          '2026-11-28T03:00:00Z',
          '2026-11-28T03:00:00Z',
          '2026-11-28T03:05:00Z',
        ),
      ],
      tz,
    );
    expect(
      trips.map((t) => [t.id, t.shopper, t.steps.map((s) => [s.zone ?? '-', s.bought.map((b) => b.sku_id)])]),
    ).toEqual([
      // Ann's milk, paid 5 minutes after she left: her visit's.
      [
        'visit-ann',
        'ann',
        [
          ['dairy', []],
          ['tills', []],
          ['-', ['milk']],
        ],
      ],
      ['order-bob', 'bob', [['-', ['bread']]]],
      // A visit that bought nothing is a trip of its zones.
      ['visit-cy', 'cy', [['entrance', []]]],
      // Ann's order of the evening is not of that visit.
      ['order-ann-later', 'ann', [['-', ['tea']]]],
    ]);
    expect(trips[0]).toMatchObject({ hour: 10, weekday: 6, at: Date.parse('2026-11-28T02:00:00Z') });
  });

  it('leaves the trips as they were without zone passes', () => {
    expect(withZonePasses(orders, [], tz)).toEqual([...orders].sort((a, b) => a.at - b.at));
  });
});
