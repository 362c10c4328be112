/**
 * IMDF (Apple's Indoor Mapping Data Format) as a zip of GeoJSON files: manifest, venue, level, unit
 * (walls as structure), fixture (shelves), opening, geofence (zones), relationship (connectors) and
 * anchor (where SKUs sit). IMDF's own properties are written for other tools; ours ride along as
 * `ss_*` so our own import restores the map exactly.
 */

import {
  type FeatureCollection,
  type GeoFeature,
  MapDocumentError,
  mapToGeoJSON,
  readFeature,
} from './geojson.js';
import { type Georeference, toWgs84 } from './georeference.js';
import type { VenueMap } from './venue-map.js';
import { unzip, ZipError, zip } from './zip.js';

const FILE_OF: Record<string, string> = {
  level: 'level',
  wall: 'unit',
  shelf: 'fixture',
  opening: 'opening',
  zone: 'geofence',
  connector: 'relationship',
  product: 'anchor',
};

const CATEGORY_OF: Record<string, string> = {
  level: 'unspecified',
  wall: 'structure',
  shelf: 'obstruction',
  opening: 'pedestrian',
  zone: 'geofence',
  product: 'unspecified',
};

const IMDF_KEYS = [
  'feature_type',
  'category',
  'level_id',
  'ordinal',
  'outdoor',
  'display_point',
  'direction',
];

function imdfProperties(f: GeoFeature): Record<string, unknown> {
  const p = f.properties ?? {};
  const type = p['ss_type'] as string;
  const imdf: Record<string, unknown> = {
    feature_type: FILE_OF[type],
    category:
      type === 'connector'
        ? { lift: 'elevator', escalator: 'escalator', stairs: 'stairs' }[p['kind'] as string]
        : CATEGORY_OF[type],
  };
  if (type === 'level') Object.assign(imdf, { ordinal: p['level'], outdoor: false });
  else if (type === 'connector') imdf['direction'] = p['two_way'] ? 'undirected' : 'directed';
  else imdf['level_id'] = `level-${p['level']}`;
  return { ...p, ...imdf, name: p['name'] === null ? null : { en: p['name'] } };
}

export function mapToImdf(map: VenueMap, ref: Georeference, venueName: string): Buffer {
  const collection = mapToGeoJSON(map, ref);
  const files: Record<string, FeatureCollection> = {};
  for (const name of new Set(Object.values(FILE_OF)))
    files[name] = { type: 'FeatureCollection', features: [] };
  for (const f of collection.features) {
    files[FILE_OF[f.properties!['ss_type'] as string]!]!.features.push({
      ...f,
      properties: imdfProperties(f),
    });
  }
  const ground = map.levels.find((l) => l.level === 0) ?? map.levels[0];
  const venue: FeatureCollection = {
    type: 'FeatureCollection',
    features: [
      {
        type: 'Feature',
        id: 'venue',
        geometry: ground
          ? {
              type: 'Polygon',
              coordinates: [[...ground.outline, ground.outline[0]!].map((p) => toWgs84(p, ref))],
            }
          : null,
        properties: { feature_type: 'venue', category: 'retailstore', name: { en: venueName } },
      },
    ],
  };
  const entries: Record<string, string> = {
    'manifest.json': JSON.stringify({
      version: '1.0.0',
      created: new Date().toISOString(),
      language: 'en',
      generator: 'smart-store',
    }),
    'venue.geojson': JSON.stringify(venue),
  };
  for (const [name, fc] of Object.entries(files)) entries[`${name}.geojson`] = JSON.stringify(fc);
  return zip(entries);
}

export function mapFromImdf(archive: Buffer, ref: Georeference): VenueMap {
  let files: Map<string, Buffer>;
  try {
    files = unzip(archive);
  } catch (error) {
    throw new MapDocumentError(
      'file',
      error instanceof ZipError ? `is ${error.message}` : 'is not a readable ZIP archive',
    );
  }
  const map: VenueMap = { levels: [], features: [], connectors: [], products: [] };
  // Levels first, so the order of files in the archive does not matter.
  for (const name of ['level', 'unit', 'fixture', 'opening', 'geofence', 'relationship', 'anchor']) {
    const bytes = [...files].find(([path]) => path.split('/').at(-1) === `${name}.geojson`)?.[1];
    if (!bytes) continue;
    let fc: FeatureCollection;
    try {
      fc = JSON.parse(bytes.toString('utf8'));
    } catch {
      throw new MapDocumentError(`${name}.geojson`, 'is not JSON');
    }
    (fc.features ?? []).forEach((f, i) => {
      const p = { ...(f.properties ?? {}) };
      const label = p['name'] as { en?: string } | string | null;
      for (const key of IMDF_KEYS) delete p[key];
      p['name'] =
        typeof label === 'object' && label !== null ? (label.en ?? Object.values(label)[0] ?? null) : label;
      readFeature(map, { ...f, properties: p }, ref, `${name}.geojson.features.${i}`);
    });
  }
  if (map.levels.length === 0) throw new MapDocumentError('level.geojson', 'is missing or has no levels');
  return map;
}
