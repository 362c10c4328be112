import { describe, expect, it } from 'vitest';
import { type Candidate, nameLine, pickProducts } from './scoring.js';

const c = (sku: string, units: number, available: number, distance?: number): Candidate => ({
  sku_id: `id-${sku}`,
  code: sku,
  units_sold: units,
  available,
  distance_m: distance,
});

describe('pickProducts', () => {
  it('puts zone products first by sales, then nearest, then code; the store fills up', () => {
    const picks = pickProducts(
      [
        c('STORE-1', 50, 9),
        c('ZONE-B', 3, 9, 2),
        c('ZONE-A', 3, 9, 2),
        c('ZONE-NEAR', 3, 9, 0),
        c('ZONE-TOP', 7, 9, 2.5),
        c('ZONE-NONE', 0, 9, 1),
        c('STORE-2', 20, 9),
      ],
      7,
    );
    expect(picks).toEqual([
      { sku_id: 'id-ZONE-TOP', reason: 'popular_in_zone' },
      { sku_id: 'id-ZONE-NEAR', reason: 'popular_in_zone' },
      { sku_id: 'id-ZONE-A', reason: 'popular_in_zone' },
      { sku_id: 'id-ZONE-B', reason: 'popular_in_zone' },
      { sku_id: 'id-ZONE-NONE', reason: 'in_zone' },
      { sku_id: 'id-STORE-1', reason: 'popular_in_store' },
      { sku_id: 'id-STORE-2', reason: 'popular_in_store' },
    ]);
  });

  it('never offers what the store cannot sell now, nor an unsold product outside the zone', () => {
    const picks = pickProducts([c('GONE', 99, 0, 0), c('UNSOLD', 0, 5), c('OK', 1, 1, 1)], 3);
    expect(picks).toEqual([{ sku_id: 'id-OK', reason: 'popular_in_zone' }]);
  });

  it('stops at the count and names each SKU once, in the zone when it is both', () => {
    const picks = pickProducts([c('A', 5, 3), c('A', 5, 3, 1), c('B', 4, 3), c('C', 3, 3)], 2);
    expect(picks).toEqual([
      { sku_id: 'id-A', reason: 'popular_in_zone' },
      { sku_id: 'id-B', reason: 'popular_in_store' },
    ]);
  });

  it('answers nothing for a store without sales or zone products (an arrival in a new store)', () => {
    expect(pickProducts([c('A', 0, 10)], 3)).toEqual([]);
  });
});

describe('nameLine', () => {
  it('names whole products within the limit and counts the rest', () => {
    expect(nameLine(['Milk', 'Bread', 'Eggs'], 20)).toBe('Milk, Bread, Eggs');
    expect(nameLine(['Oat milk 1L', 'Sourdough', 'Eggs'], 20)).toBe('Oat milk 1L +2');
    expect(nameLine(['农夫山泉饮用天然水 550ml', '可口可乐'], 20)).toBe('农夫山泉饮用天然水 550ml +1');
  });

  it('cuts a first name too long, keeping the count of the others, within the limit', () => {
    const line = nameLine(['A very long product name indeed', 'Tea'], 20);
    expect(line).toBe('A very long prod… +1');
    expect([...line].length).toBeLessThanOrEqual(20);
    expect(nameLine([], 20)).toBe('');
  });
});
