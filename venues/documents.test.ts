import { describe, expect, it } from 'vitest';
import { demoMap } from './demo-map.js';
import { MapDocumentError, mapFromGeoJSON, mapToGeoJSON } from './geojson.js';
import { toLocal, toWgs84 } from './georeference.js';
import { mapFromImdf, mapToImdf } from './imdf.js';
import { mapProblem, type VenueMap } from './venue-map.js';
import { unzip, zip } from './zip.js';

const ref = { origin: { lat: 31.23795, lng: 121.48275 }, rotation_deg: 12 };
const { map } = demoMap(
  { id: 'two', width: 40, depth: 30, levels: 2, layout: 'shelving', beaconSpacing: 8 },
  ['MILK-1L', 'EGGS-12', 'RICE-5KG'],
);

/** Same map up to the millimetre rounding of documents and the order of features (IMDF groups them by file). */
function expectSameMap(actual: VenueMap, expected: VenueMap) {
  const byId = (a: { id: string }, b: { id: string }) => a.id.localeCompare(b.id);
  const sorted = (m: VenueMap) => ({
    ...m,
    features: [...m.features].sort(byId),
    connectors: [...m.connectors].sort(byId),
  });
  const near = (value: unknown): unknown =>
    typeof value === 'number'
      ? Math.round(value * 1000) / 1000
      : Array.isArray(value)
        ? value.map(near)
        : value && typeof value === 'object'
          ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, near(v)]))
          : value;
  expect(near(sorted(actual))).toEqual(near(sorted(expected)));
}

describe('georeference', () => {
  it('puts the frame origin at the origin, +y at the given bearing, and inverts exactly', () => {
    expect(toWgs84([0, 0], ref)).toEqual([ref.origin.lng, ref.origin.lat]);
    const [lng, lat] = toWgs84([0, 100], { ...ref, rotation_deg: 90 });
    // +y due east: the latitude stays, the longitude grows by 100 m.
    expect(lat).toBeCloseTo(ref.origin.lat, 9);
    expect((lng - ref.origin.lng) * 111_195 * Math.cos((ref.origin.lat * Math.PI) / 180)).toBeCloseTo(100, 1);
    for (const p of [
      [12.5, -3],
      [250, 80],
      [-40, 400],
    ] as const) {
      const back = toLocal(toWgs84(p, ref), ref);
      expect(back[0]).toBeCloseTo(p[0], 6);
      expect(back[1]).toBeCloseTo(p[1], 6);
    }
  });
});

describe('GeoJSON', () => {
  it('round-trips a two-level map with walls, shelves, zones, connectors and products', () => {
    expect(mapProblem(map)).toBeUndefined();
    const document = mapToGeoJSON(map, ref);
    expect(document.features.every((f) => JSON.stringify(f.geometry).includes('121.48'))).toBe(true);
    const ring = (document.features[0]!.geometry as { coordinates: number[][][] }).coordinates[0]!;
    expect(ring[0]).toEqual(ring.at(-1));
    const back = mapFromGeoJSON(JSON.parse(JSON.stringify(document)), ref);
    expectSameMap(back, map);
  });

  it('names the feature at fault in a bad document', () => {
    const document = mapToGeoJSON(map, ref);
    document.features[3]!.geometry = { type: 'Point', coordinates: [121.4, 31.2] };
    expect(() => mapFromGeoJSON(document, ref)).toThrow(MapDocumentError);
    expect(() => mapFromGeoJSON(document, ref)).toThrow(/features\.3\.geometry must be a Polygon/);
    expect(() => mapFromGeoJSON({ type: 'Feature' }, ref)).toThrow(/FeatureCollection/);
  });
});

describe('IMDF', () => {
  it('round-trips through a zip of IMDF GeoJSON files', () => {
    const archive = mapToImdf(map, ref, 'FreshMart Nanjing East Road');
    const files = unzip(archive);
    expect([...files.keys()].sort()).toEqual(
      ['anchor', 'fixture', 'geofence', 'level', 'opening', 'relationship', 'unit', 'venue']
        .map((n) => `${n}.geojson`)
        .concat('manifest.json')
        .sort(),
    );
    const levels = JSON.parse(files.get('level.geojson')!.toString());
    expect(levels.features[1].properties).toMatchObject({
      feature_type: 'level',
      ordinal: 1,
      name: { en: 'Level 1' },
    });
    const fixtures = JSON.parse(files.get('fixture.geojson')!.toString());
    expect(fixtures.features[0].properties).toMatchObject({ feature_type: 'fixture', level_id: 'level-0' });
    expectSameMap(mapFromImdf(archive, ref), map);
  });

  it('reads archives whatever the order of their files, and refuses what is not one', () => {
    const files = unzip(mapToImdf(map, ref, 'x'));
    const reversed = zip(Object.fromEntries([...files].reverse()));
    expectSameMap(mapFromImdf(reversed, ref), map);
    expect(() => mapFromImdf(Buffer.from('not a zip at all, not even close'), ref)).toThrow(
      /file is not a ZIP/,
    );
  });
});
