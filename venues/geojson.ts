/**
 * A store map as a GeoJSON FeatureCollection in WGS84 (RFC 7946), through the store's
 * georeference, and back. Every feature says what it is in `properties.ss_type`; ids survive the
 * round trip so product locations still point at their shelves.
 */
import type { Point, Polygon } from '../positioning/index.js';
import { type Georeference, toLocal, toWgs84 } from './georeference.js';
import {
  CONNECTOR_KINDS,
  type ConnectorKind,
  FEATURE_KINDS,
  type FeatureKind,
  type MapConnector,
  type MapFeature,
  type MapLevel,
  type ProductLocation,
  type VenueMap,
} from './venue-map.js';

type Position = [number, number];
export type Geometry =
  | { type: 'Polygon'; coordinates: Position[][] }
  | { type: 'LineString'; coordinates: Position[] }
  | { type: 'Point'; coordinates: Position };

export interface GeoFeature {
  type: 'Feature';
  id?: string | number;
  geometry: Geometry | null;
  properties: Record<string, unknown> | null;
}

export interface FeatureCollection {
  type: 'FeatureCollection';
  features: GeoFeature[];
}

/** A document that cannot be read as a map, with where and why. */
export class MapDocumentError extends Error {
  constructor(
    readonly field: string,
    problem: string,
  ) {
    super(`${field} ${problem}`);
  }
}

export function ringToWgs84(polygon: Polygon, ref: Georeference): Position[][] {
  const ring = polygon.map((p) => toWgs84(p, ref));
  ring.push(ring[0]!);
  return [ring];
}

function ringToLocal(geometry: Geometry | null, ref: Georeference, field: string): Point[] {
  if (geometry?.type !== 'Polygon' || !Array.isArray(geometry.coordinates[0]))
    throw new MapDocumentError(field, 'must be a Polygon');
  const ring = geometry.coordinates[0].map((c) => position(c, field)).map((c) => toLocal(c, ref));
  const [first, last] = [ring[0], ring.at(-1)];
  if (ring.length > 1 && first && last && first[0] === last[0] && first[1] === last[1]) ring.pop();
  if (ring.length < 3) throw new MapDocumentError(field, 'needs at least 3 distinct points');
  return ring.map(([x, y]) => [round(x), round(y)]);
}

/** Millimetres: more than a survey gives, and it keeps round trips free of float dust. */
const round = (v: number) => Math.round(v * 1000) / 1000 || 0;

function position(c: unknown, field: string): [number, number] {
  if (!Array.isArray(c) || typeof c[0] !== 'number' || typeof c[1] !== 'number' || Math.abs(c[1]) > 90)
    throw new MapDocumentError(field, 'has a coordinate that is not [lng, lat]');
  return [c[0], c[1]];
}

function pointToLocal(geometry: Geometry | null, ref: Georeference, field: string): { x: number; y: number } {
  if (geometry?.type !== 'Point') throw new MapDocumentError(field, 'must be a Point');
  const [x, y] = toLocal(position(geometry.coordinates, field), ref);
  return { x: round(x), y: round(y) };
}

const levelProps = (l: MapLevel) => ({
  ss_type: 'level',
  level: l.level,
  name: l.name,
  height_m: l.height_m,
});
const featureProps = (f: MapFeature) => ({
  ...f.properties,
  ss_type: f.kind,
  level: f.level,
  name: f.name,
  height_m: f.height_m,
});

export function mapToGeoJSON(map: VenueMap, ref: Georeference): FeatureCollection {
  const features: GeoFeature[] = [
    ...map.levels.map((l) => ({
      type: 'Feature' as const,
      id: `level-${l.level}`,
      geometry: { type: 'Polygon' as const, coordinates: ringToWgs84(l.outline, ref) },
      properties: levelProps(l),
    })),
    ...map.features.map((f) => ({
      type: 'Feature' as const,
      id: f.id,
      geometry: { type: 'Polygon' as const, coordinates: ringToWgs84(f.polygon, ref) },
      properties: featureProps(f),
    })),
    ...map.connectors.map((c) => ({
      type: 'Feature' as const,
      id: c.id,
      geometry: {
        type: 'LineString' as const,
        coordinates: [toWgs84([c.from.x, c.from.y], ref), toWgs84([c.to.x, c.to.y], ref)],
      },
      properties: connectorProps(c),
    })),
    ...map.products.map((p) => ({
      type: 'Feature' as const,
      id: `sku-${p.sku}`,
      geometry: { type: 'Point' as const, coordinates: toWgs84([p.x, p.y], ref) },
      properties: productProps(p),
    })),
  ];
  return { type: 'FeatureCollection', features };
}

export const connectorProps = (c: MapConnector) => ({
  ss_type: 'connector',
  kind: c.kind,
  name: c.name,
  from_level: c.from.level,
  to_level: c.to.level,
  seconds: c.seconds,
  two_way: c.two_way,
});

export const productProps = (p: ProductLocation) => ({
  ss_type: 'product',
  sku: p.sku,
  feature: p.feature,
  slot: p.slot,
  level: p.level,
});

const int = (v: unknown, field: string): number => {
  if (typeof v !== 'number' || !Number.isInteger(v)) throw new MapDocumentError(field, 'must be an integer');
  return v;
};
const text = (v: unknown): string | null => (typeof v === 'string' && v.length > 0 ? v : null);
const positive = (v: unknown, fallback: number | null) => (typeof v === 'number' && v > 0 ? v : fallback);

/** Reads one GeoJSON feature into the map; `field` names it in errors ("features.12"). */
export function readFeature(map: VenueMap, f: GeoFeature, ref: Georeference, field: string): void {
  const p = f.properties ?? {};
  const type = p['ss_type'];
  if (type === 'level') {
    map.levels.push({
      level: int(p['level'], `${field}.properties.level`),
      name: text(p['name']) ?? `Level ${p['level']}`,
      height_m: positive(p['height_m'], 4.5)!,
      outline: ringToLocal(f.geometry, ref, `${field}.geometry`),
    });
  } else if (FEATURE_KINDS.includes(type as FeatureKind)) {
    const { ss_type: _t, level, name, height_m, ...properties } = p;
    map.features.push({
      id: String(f.id ?? `${field}`),
      level: int(level, `${field}.properties.level`),
      kind: type as FeatureKind,
      name: text(name),
      polygon: ringToLocal(f.geometry, ref, `${field}.geometry`),
      height_m: positive(height_m, null),
      properties,
    });
  } else if (type === 'connector') {
    if (f.geometry?.type !== 'LineString' || f.geometry.coordinates.length !== 2)
      throw new MapDocumentError(`${field}.geometry`, 'must be a LineString of two points');
    if (!CONNECTOR_KINDS.includes(p['kind'] as ConnectorKind))
      throw new MapDocumentError(`${field}.properties.kind`, `must be one of ${CONNECTOR_KINDS.join(', ')}`);
    const [a, b] = f.geometry.coordinates.map((c) => toLocal(position(c, `${field}.geometry`), ref));
    map.connectors.push({
      id: String(f.id ?? field),
      kind: p['kind'] as ConnectorKind,
      name: text(p['name']),
      from: {
        level: int(p['from_level'], `${field}.properties.from_level`),
        x: round(a![0]),
        y: round(a![1]),
      },
      to: { level: int(p['to_level'], `${field}.properties.to_level`), x: round(b![0]), y: round(b![1]) },
      seconds: positive(p['seconds'], 0)!,
      two_way: p['two_way'] !== false,
    });
  } else if (type === 'product') {
    const sku = text(p['sku']);
    const feature = text(p['feature']);
    if (!sku) throw new MapDocumentError(`${field}.properties.sku`, 'is missing');
    if (!feature) throw new MapDocumentError(`${field}.properties.feature`, 'must name a shelf');
    map.products.push({
      sku,
      feature,
      slot: text(p['slot']),
      level: int(p['level'], `${field}.properties.level`),
      ...pointToLocal(f.geometry, ref, `${field}.geometry`),
    });
  } else {
    throw new MapDocumentError(
      `${field}.properties.ss_type`,
      'is not a level, wall, shelf, zone, opening, connector or product',
    );
  }
}

export function mapFromGeoJSON(document: unknown, ref: Georeference): VenueMap {
  const fc = document as FeatureCollection;
  if (fc?.type !== 'FeatureCollection' || !Array.isArray(fc.features))
    throw new MapDocumentError('type', 'must be a FeatureCollection');
  const map: VenueMap = { levels: [], features: [], connectors: [], products: [] };
  fc.features.forEach((f, i) => {
    readFeature(map, f, ref, `features.${i}`);
  });
  return map;
}
