/**
 * The demo stores' maps, drawn by the store simulator (sim/): shelving rows named as aisles, the
 * walled stock room, zones in front of shelves and at the tills, escalators and lifts, and the
 * given SKUs spread over the shelves. The same venue the simulated shoppers walk in.
 */
import { buildVenue, type Venue, type VenueSpec } from '../sim/index.js';
import type { MapFeature, ProductLocation, VenueMap } from './venue-map.js';

const SLOTS = 5;
/** The store service that puts a coffee counter on the ground floor, beside the tills. */
const COFFEE_COUNTER_SERVICE = 'coffee_counter';
const COFFEE_COUNTER_WIDTH_M = 6;
/** The coffee counter zone's name: what the demo's coffee campaign looks for. */
export const COFFEE_COUNTER_ZONE = 'Coffee counter';

export interface DemoMap {
  map: VenueMap;
  /** The sim's beacons, for the registry: id "uuid:major:minor". */
  anchors: ReturnType<typeof buildVenue>['site']['anchors'];
}

/**
 * Where a shopper orders and waits at the coffee counter: along the shop front just east of the tills,
 * up to the first shelving row, so that shoppers coming in and those browsing that row's front pass
 * through it. Its edge stays clear of the shelves. Not one of the simulator's zones: its shoppers walk as
 * before.
 */
function coffeeCounter(venue: Venue): MapFeature | undefined {
  const tills = venue.zones.find((z) => z.id.endsWith('tills'));
  if (!tills) return undefined;
  const x0 = Math.max(...tills.polygon.map((p) => p[0])) + 1;
  const x1 = Math.min(x0 + COFFEE_COUNTER_WIDTH_M, venue.width - 1);
  const y0 = Math.min(...tills.polygon.map((p) => p[1])) + 1;
  const facing = venue.shelves.filter(
    (s) => s.level === 0 && s.polygon.some((p) => p[0] > x0) && s.polygon.some((p) => p[0] < x1),
  );
  const y1 = Math.min(venue.depth - 1, ...facing.flatMap((s) => s.polygon.map((p) => p[1]))) - 0.1;
  if (x1 - x0 < 2 || y1 - y0 < 1) return undefined;
  return {
    id: 'zone-coffee-counter',
    level: 0,
    kind: 'zone',
    name: COFFEE_COUNTER_ZONE,
    polygon: [
      [x0, y0],
      [x1, y0],
      [x1, y1],
      [x0, y1],
    ],
    height_m: null,
    properties: {},
  };
}

/** `services`: the store's (stores' `services`); `coffee_counter` gives it a Coffee counter zone. */
export function demoMap(spec: VenueSpec, skus: readonly string[], services: readonly string[] = []): DemoMap {
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
  const counter = services.includes(COFFEE_COUNTER_SERVICE) ? coffeeCounter(venue) : undefined;
  if (counter) features.push(counter);
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
