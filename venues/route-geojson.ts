/** A route as GeoJSON in WGS84: one LineString per level walked, and a Point per instruction. */

import type { FeatureCollection, GeoFeature } from './geojson.js';
import { type Georeference, toWgs84 } from './georeference.js';
import type { Route } from './routing.js';

export function routeGeoJSON(route: Route, ref: Georeference): FeatureCollection {
  const features: GeoFeature[] = [];
  let leg: typeof route.path = [];
  const flush = () => {
    if (leg.length >= 2)
      features.push({
        type: 'Feature',
        geometry: { type: 'LineString', coordinates: leg.map((p) => toWgs84([p.x, p.y], ref)) },
        properties: { level: leg[0]!.level },
      });
  };
  for (const p of route.path) {
    if (leg.length > 0 && leg[0]!.level !== p.level) {
      flush();
      leg = [];
    }
    leg.push(p);
  }
  flush();
  for (const step of route.steps) {
    features.push({
      type: 'Feature',
      geometry: { type: 'Point', coordinates: toWgs84([step.x, step.y], ref) },
      properties: {
        level: step.level,
        kind: step.kind,
        instruction: step.instruction,
        distance_m: step.distance_m,
      },
    });
  }
  return { type: 'FeatureCollection', features };
}
