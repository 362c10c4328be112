/**
 * A store's map as plain data, the shape every venue function shares: levels with outlines,
 * features (walls and shelves block the way; zones and openings do not), connectors between
 * levels, and where each SKU sits. Coordinates are metres in the store frame.
 */
import type { Polygon } from '../positioning/index.js';

export const FEATURE_KINDS = ['wall', 'shelf', 'zone', 'opening'] as const;
export type FeatureKind = (typeof FEATURE_KINDS)[number];
export const OBSTACLE_KINDS: readonly FeatureKind[] = ['wall', 'shelf'];

export const CONNECTOR_KINDS = ['escalator', 'lift', 'stairs'] as const;
export type ConnectorKind = (typeof CONNECTOR_KINDS)[number];

export interface MapLevel {
  level: number;
  name: string;
  height_m: number;
  outline: Polygon;
}

export interface MapFeature {
  id: string;
  level: number;
  kind: FeatureKind;
  name: string | null;
  polygon: Polygon;
  height_m: number | null;
  properties: Record<string, unknown>;
}

export interface LevelPoint {
  level: number;
  x: number;
  y: number;
}

export interface MapConnector {
  id: string;
  kind: ConnectorKind;
  name: string | null;
  from: LevelPoint;
  to: LevelPoint;
  seconds: number;
  two_way: boolean;
}

export interface ProductLocation extends LevelPoint {
  sku: string;
  /** The shelf (feature id) the SKU sits on. */
  feature: string;
  slot: string | null;
}

export interface VenueMap {
  levels: MapLevel[];
  features: MapFeature[];
  connectors: MapConnector[];
  products: ProductLocation[];
}

/** What a map must hold together: features, connectors and products on levels that exist, products on shelves. */
export function mapProblem(map: VenueMap): { field: string; problem: string } | undefined {
  const levels = new Set(map.levels.map((l) => l.level));
  if (levels.size !== map.levels.length) return { field: 'levels', problem: 'has the same level twice' };
  for (const [i, l] of map.levels.entries()) {
    if (l.outline.length < 3) return { field: `levels.${i}.outline`, problem: 'needs at least 3 points' };
  }
  for (const [i, f] of map.features.entries()) {
    if (!levels.has(f.level)) return { field: `features.${i}.level`, problem: `${f.level} is not a level` };
    if (f.polygon.length < 3) return { field: `features.${i}.polygon`, problem: 'needs at least 3 points' };
  }
  for (const [i, c] of map.connectors.entries()) {
    if (!levels.has(c.from.level) || !levels.has(c.to.level))
      return { field: `connectors.${i}`, problem: 'joins a level that does not exist' };
    if (c.from.level === c.to.level) return { field: `connectors.${i}`, problem: 'must join two levels' };
  }
  const shelves = new Set(map.features.filter((f) => f.kind === 'shelf').map((f) => f.id));
  for (const [i, p] of map.products.entries()) {
    if (!shelves.has(p.feature))
      return { field: `products.${i}.feature`, problem: 'is not a shelf of this map' };
  }
  return undefined;
}
