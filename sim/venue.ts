/**
 * Simulated venues: a rectangular store per level with shelving rows or an open floor, walls with doors,
 * beacons on a ceiling grid, and escalators or lifts between levels. The Site it carries is exactly what a
 * real store would hand the positioning engine; the rest (shelf heights, connectors, zones) is what the
 * simulator and a demo map need besides.
 */
import type { Anchor, Level, Point, Polygon, Site } from '../positioning/index.js';

export interface Shelf {
  level: number;
  polygon: Polygon;
  /** Top of the shelf above its floor, metres: lines of sight above it pass freely. */
  height: number;
}

export interface Wall {
  level: number;
  polygon: Polygon;
}

/** An escalator or lift: ride from `from` to `to` (on different levels) in `seconds`. */
export interface Connector {
  kind: 'escalator' | 'lift';
  from: { level: number; x: number; y: number };
  to: { level: number; x: number; y: number };
  seconds: number;
}

/** A named area of a level (a shelf front, the tills), for the demo's geofences and heatmaps. */
export interface Zone {
  id: string;
  level: number;
  polygon: Polygon;
}

export interface Venue {
  site: Site;
  width: number;
  depth: number;
  levelHeight: number;
  shelves: Shelf[];
  walls: Wall[];
  connectors: Connector[];
  zones: Zone[];
  /** Where shoppers come in and leave, on level 0. */
  entrance: Point;
}

export interface VenueSpec {
  id: string;
  width: number;
  depth: number;
  levels: number;
  layout: 'open' | 'shelving';
  /** Distance between beacons on the ceiling grid, metres (10 m is one beacon per 100 m²). */
  beaconSpacing: number;
}

const UUID = 'e2c56db5-dffb-48d2-b060-d0f5a71096e0';
const LEVEL_HEIGHT_M = 4.5;
const CEILING_M = 3;
/** Declared 1 m power of the beacons; each real beacon differs a little (see radio.ts). */
export const NOMINAL_TX_POWER = -59;

/**
 * `site` with each beacon declaring its power `db` off the simulator's, the radio unchanged (the benchmarks'
 * `--declared`: the simulator declares each beacon's mean 1 m power before fading and bodies, 3–4 dB above
 * what phones read there on average; a real beacon's "measured power" is that average).
 */
export const declaredOff = (site: Site, db: number): Site => ({
  ...site,
  anchors: site.anchors.map((a) => ({ ...a, txPower: a.txPower + db })),
});

/** The storefront's door as a store's map draws it: 2 m wide in the south wall, where visitors walk in. */
export function doorOf(venue: Venue): Polygon {
  const [x] = venue.entrance;
  return [
    [x - 1, -0.1],
    [x + 1, -0.1],
    [x + 1, 0.1],
    [x - 1, 0.1],
  ];
}

/** `site` (the venue's own by default) with that door on its ground floor, as beacons/site.ts builds it. */
export const withDoor = (venue: Venue, site: Site = venue.site): Site => ({
  ...site,
  levels: site.levels.map((l) => (l.level === 0 ? { ...l, openings: [doorOf(venue)] } : l)),
});

const SHELF_DEPTH_M = 1;
const AISLE_M = 2;
const BAY_M = 9;
/** Clear band along the outer walls: entrances, tills, promotions. */
const PERIMETER_M = 4;

export function buildVenue(spec: VenueSpec): Venue {
  const levels: Level[] = [];
  const shelves: Shelf[] = [];
  const walls: Wall[] = [];
  const zones: Zone[] = [];
  const anchors: Anchor[] = [];
  const connectors = spec.levels > 1 ? connectorsOf(spec) : [];
  for (let level = 0; level < spec.levels; level++) {
    const levelShelves = spec.layout === 'shelving' ? shelvingRows(spec, level) : displayTables(spec, level);
    const levelWalls = fittingRooms(spec, level);
    shelves.push(...levelShelves);
    walls.push(...levelWalls);
    levels.push({
      level,
      outline: rect(0, 0, spec.width, spec.depth),
      obstacles: [...levelShelves, ...levelWalls].map((o) => o.polygon),
    });
    levelShelves.forEach((s, i) => {
      zones.push({ id: `L${level}-shelf-${i}`, level, polygon: frontOf(s.polygon) });
    });
    anchors.push(...ceilingGrid(spec, level));
  }
  zones.push({ id: 'L0-tills', level: 0, polygon: rect(spec.width / 2 - 4, 1, spec.width / 2 + 4, 3) });
  return {
    site: { id: spec.id, levels, anchors, levelHeight: LEVEL_HEIGHT_M },
    width: spec.width,
    depth: spec.depth,
    levelHeight: LEVEL_HEIGHT_M,
    shelves,
    walls,
    connectors,
    zones,
    entrance: [spec.width / 2, 0.8],
  };
}

export function rect(x0: number, y0: number, x1: number, y1: number): Polygon {
  return [
    [x0, y0],
    [x1, y0],
    [x1, y1],
    [x0, y1],
  ];
}

/** Rows of gondolas along x, cut into bays by cross aisles, leaving the perimeter clear. */
function shelvingRows(spec: VenueSpec, level: number): Shelf[] {
  const shelves: Shelf[] = [];
  const x0 = PERIMETER_M;
  const x1 = spec.width - PERIMETER_M - (spec.levels > 1 ? 6 : 0);
  for (let y = PERIMETER_M + 1; y + SHELF_DEPTH_M <= spec.depth - PERIMETER_M; y += SHELF_DEPTH_M + AISLE_M) {
    for (let x = x0; x + 3 <= x1; x += BAY_M + AISLE_M) {
      const end = Math.min(x + BAY_M, x1);
      shelves.push({ level, polygon: rect(x, y, end, y + SHELF_DEPTH_M), height: 1.8 });
    }
  }
  return shelves;
}

/** An open floor still has a few display tables. */
function displayTables(spec: VenueSpec, level: number): Shelf[] {
  const tables: Shelf[] = [];
  for (let x = spec.width / 4; x < spec.width; x += spec.width / 4) {
    for (let y = spec.depth / 3; y < spec.depth - 1; y += spec.depth / 3) {
      tables.push({ level, polygon: rect(x - 0.75, y - 0.75, x + 0.75, y + 0.75), height: 0.9 });
    }
  }
  return tables;
}

/** A walled corner (fitting rooms or a stock room) with a door, so that walls matter to map and radio. */
function fittingRooms(spec: VenueSpec, level: number): Wall[] {
  const x = 6;
  const y = spec.depth - 6;
  const t = 0.15;
  return [
    { level, polygon: rect(x, y, x + t, spec.depth) },
    { level, polygon: rect(0, y, x - 1.2, y + t) },
  ];
}

/** Beacons on a ceiling grid, half a spacing in from the walls. */
function ceilingGrid(spec: VenueSpec, level: number): Anchor[] {
  const anchors: Anchor[] = [];
  const s = spec.beaconSpacing;
  const cols = Math.max(1, Math.round(spec.width / s));
  const rows = Math.max(1, Math.round(spec.depth / s));
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      anchors.push({
        id: `${UUID}:${level + 1}:${r * cols + c + 1}`,
        x: ((c + 0.5) * spec.width) / cols,
        y: ((r + 0.5) * spec.depth) / rows,
        z: level * LEVEL_HEIGHT_M + CEILING_M,
        level,
        txPower: NOMINAL_TX_POWER,
      });
    }
  }
  return anchors;
}

/** An escalator along the east side and a lift beside it, between each pair of adjacent levels. */
function connectorsOf(spec: VenueSpec): Connector[] {
  const connectors: Connector[] = [];
  const x = spec.width - 3;
  const y = spec.depth / 2;
  for (let level = 0; level + 1 < spec.levels; level++) {
    connectors.push({
      kind: 'escalator',
      from: { level, x, y: y - 5 },
      to: { level: level + 1, x, y: y + 5 },
      seconds: 18,
    });
    connectors.push({
      kind: 'lift',
      from: { level, x, y: spec.depth - 3 },
      to: { level: level + 1, x, y: spec.depth - 3 },
      seconds: 12,
    });
  }
  return connectors;
}

/** The 1 m strip in front of a shelf's south face, where a shopper stands to look at it. */
function frontOf(polygon: Polygon): Polygon {
  const xs = polygon.map((p) => p[0]);
  const y = Math.min(...polygon.map((p) => p[1]));
  return rect(Math.min(...xs), y - 1, Math.max(...xs), y);
}
