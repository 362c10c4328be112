import { describe, expect, it } from 'vitest';
import type { SaleLine } from '../commerce/index.js';
import { tripsOf } from './store-history.js';

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
