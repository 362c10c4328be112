/**
 * The demo stores' maps, drawn by the store simulator (sim/): shelving rows named as aisles, the
 * walled stock room, zones in front of shelves and at the tills, escalators and lifts, and the
 * given SKUs spread over the shelves. The same venue the simulated shoppers walk in.
 */
import { buildVenue, type VenueSpec } from '../sim/index.js';
import type { MapFeature, ProductLocation, VenueMap } from './venue-map.js';

const SLOTS = 5;

export interface DemoMap {
  map: VenueMap;
  /** The sim's beacons, for the registry: id "uuid:major:minor". */
  anchors: ReturnType<typeof buildVenue>['site']['anchors'];
}

export function demoMap(spec: VenueSpec, skus: readonly string[]): DemoMap {
  const venue = buildVenue(spec);
  const features: MapFeature[] = [];
  // Aisles are numbered by row from the entrance (south) on each level; bays west to east.
  for (const level of venue.site.levels) {
    const shelves = venue.shelves.filter((s) => s.level === level.level);
    const rows = [...new Set(shelves.map((s) => s.polygon[0]![1]))].sort((a, b) => a - b);
    for (const shelf of shelves) {
      const row = rows.indexOf(shelf.polygon[0]![1]) + 1;
      const bay =
        shelves.filter(
          (s) => s.polygon[0]![1] === shelf.polygon[0]![1] && s.polygon[0]![0] < shelf.polygon[0]![0],
        ).length + 1;
      const aisle = level.level * 100 + row;
      features.push({
        id: `shelf-${level.level}-${row}-${bay}`,
        level: level.level,
        kind: 'shelf',
        name: `Aisle ${aisle} bay ${bay}`,
        polygon: shelf.polygon,
        height_m: shelf.height,
        properties: { slots: SLOTS },
      });
    }
  }
  venue.walls.forEach((w, i) => {
    features.push({
      id: `wall-${w.level}-${i}`,
      level: w.level,
      kind: 'wall',
      name: 'Stock room',
      polygon: w.polygon,
      height_m: 3,
      properties: {},
    });
  });
  for (const z of venue.zones) {
    if (z.id.endsWith('tills'))
      features.push({
        id: `zone-${z.id}`,
        level: z.level,
        kind: 'zone',
        name: 'Tills',
        polygon: z.polygon,
        height_m: null,
        properties: {},
      });
  }
  // The shop door where the simulated shoppers come in: it tells arrival recognition which walls face the street.
  const [doorX] = venue.entrance;
  features.push({
    id: 'door-main',
    level: 0,
    kind: 'opening',
    name: 'Entrance',
    polygon: [
      [doorX - 1.5, -0.2],
      [doorX + 1.5, -0.2],
      [doorX + 1.5, 0.2],
      [doorX - 1.5, 0.2],
    ],
    height_m: null,
    properties: {},
  });
  const shelves = features.filter((f) => f.kind === 'shelf');
  // Five SKUs to a shelf, in the order given, so a category given together stays together.
  const products: ProductLocation[] = skus.map((sku, i) => {
    const shelf = shelves[Math.floor(i / SLOTS) % shelves.length]!;
    const xs = shelf.polygon.map((p) => p[0]);
    const y = Math.min(...shelf.polygon.map((p) => p[1]));
    const slot = (i % SLOTS) + 1;
    const x0 = Math.min(...xs);
    const x = x0 + ((Math.max(...xs) - x0) * (slot - 0.5)) / SLOTS;
    // Half a metre in front of the shelf's south face, where a shopper stands to take it.
    return {
      sku,
      feature: shelf.id,
      slot: String(slot),
      level: shelf.level,
      x: Math.round(x * 100) / 100,
      y: y - 0.5,
    };
  });
  return {
    map: {
      levels: venue.site.levels.map((l) => ({
        level: l.level,
        name: l.level === 0 ? 'Ground floor' : `Level ${l.level}`,
        height_m: venue.levelHeight,
        outline: l.outline,
      })),
      features,
      connectors: venue.connectors.map((c, i) => ({
        id: `connector-${i}`,
        kind: c.kind,
        name: c.kind === 'lift' ? 'Lift' : 'Escalator',
        from: c.from,
        to: c.to,
        seconds: c.seconds,
        two_way: true,
      })),
      products,
    },
    anchors: venue.site.anchors,
  };
}
