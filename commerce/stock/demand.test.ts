import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { demandBySku, type Line } from './demand.js';

describe('demandBySku', () => {
  const bundles: Record<string, Line[]> = {
    'breakfast-set': [
      { sku_id: 'milk', qty: 2 },
      { sku_id: 'bread', qty: 1 },
    ],
  };
  const componentsOf = (sku: string) => bundles[sku] ?? [];

  it('expands bundles and sums the demand per SKU, sorted by SKU', () => {
    const demand = demandBySku(
      [
        { sku_id: 'milk', qty: 1 },
        { sku_id: 'breakfast-set', qty: 3 },
        { sku_id: 'apple', qty: 4 },
      ],
      componentsOf,
    );
    expect(demand).toEqual([
      { sku_id: 'apple', qty: 4 },
      { sku_id: 'bread', qty: 3 },
      { sku_id: 'milk', qty: 7 },
    ]);
  });

  it('keeps the total number of stocked units, whatever the order of lines', () => {
    const line = fc.record({
      sku_id: fc.constantFrom('milk', 'bread', 'apple', 'breakfast-set'),
      qty: fc.integer({ min: 1, max: 20 }),
    });
    fc.assert(
      fc.property(fc.array(line, { maxLength: 10 }), (lines) => {
        const units = (ls: readonly Line[]) => ls.reduce((n, l) => n + l.qty, 0);
        const expected = lines.reduce(
          (n, l) => n + (bundles[l.sku_id] ? units(bundles[l.sku_id]!) * l.qty : l.qty),
          0,
        );
        const demand = demandBySku(lines, componentsOf);
        expect(units(demand)).toBe(expected);
        expect(demandBySku([...lines].reverse(), componentsOf)).toEqual(demand);
        expect(new Set(demand.map((d) => d.sku_id)).size).toBe(demand.length);
      }),
    );
  });
});
