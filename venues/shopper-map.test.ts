import { describe, expect, it } from 'vitest';
import { demoMap } from './demo-map.js';
import { shopperMap } from './shopper-map.js';

const { map } = demoMap(
  { id: 'two', width: 40, depth: 30, levels: 2, layout: 'shelving', beaconSpacing: 8 },
  ['DRY-005', 'SNK-004', 'NEW-001', 'RICE-5KG'],
);
map.features[0]!.properties = { note: 'planogram reset on Monday' };
const sold = new Map([
  ['DRY-005', { name: 'Oatly燕麦奶 1L', available: true }],
  ['SNK-004', { name: '大白兔奶糖 227g', available: true }],
  // Laid out before its launch: not for shoppers yet.
  ['NEW-001', { name: 'Secret launch', available: false }],
]);

describe("the shopper's map", () => {
  it('keeps what the mini-program draws, and names the products the store sells', () => {
    const view = shopperMap(map, sold);
    expect(view.levels).toEqual(map.levels.map(({ level, name, outline }) => ({ level, name, outline })));
    expect(view.features.map((f) => [f.id, f.kind, f.name])).toEqual(
      map.features.map((f) => [f.id, f.kind, f.name]),
    );
    expect(view.connectors).toHaveLength(map.connectors.length);
    const oatly = map.products.find((p) => p.sku === 'DRY-005')!;
    const shelf = map.features.find((f) => f.id === oatly.feature)!;
    expect(view.products).toContainEqual({
      sku: 'DRY-005',
      name: 'Oatly燕麦奶 1L',
      feature: shelf.id,
      shelf: shelf.name,
      slot: oatly.slot,
      level: oatly.level,
      x: oatly.x,
      y: oatly.y,
    });
  });

  it('leaves out staff-only data: notes, heights, ride times, SKUs not on sale or unknown to the catalogue', () => {
    const view = shopperMap(map, sold);
    const text = JSON.stringify(view);
    expect(text).not.toContain('planogram');
    expect(text).not.toContain('height_m');
    expect(text).not.toContain('seconds');
    expect(text).not.toContain('properties');
    expect(view.products.map((p) => p.sku).sort()).toEqual(['DRY-005', 'SNK-004']);
  });

  it('does not change the map it is given', () => {
    const before = structuredClone(map);
    shopperMap(map, sold);
    expect(map).toEqual(before);
  });
});
