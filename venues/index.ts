/**
 * Venues: store maps (levels, outlines, walls and shelves, zones, openings, connectors, product
 * locations, floor plans) in the store's metric frame, GeoJSON/IMDF exchange, and indoor routing.
 *
 * Front door of the domain: other folders import from here only.
 */
export { COFFEE_COUNTER_ZONE, type DemoMap, demoMap } from './demo-map.js';
export { type PlanTransform, pixelToFrame, transformFromTiepoints } from './floor-plan.js';
export { type FeatureCollection, mapFromGeoJSON, mapToGeoJSON } from './geojson.js';
export { type Georeference, toLocal, toWgs84 } from './georeference.js';
export { mapFromImdf, mapToImdf } from './imdf.js';
export { isFree, lineOfSight, prepareFloor } from './line-of-sight.js';
export { loadVenueMap, replaceVenueMap, type ZoneRef, zonesOf } from './maps.js';
export { type ProductPlace, productPlaces, productsNearZone } from './product-places.js';
export { type VenueRouteOptions, venueRoutes, type ZoneUsers } from './routes.js';
export {
  findRoute,
  type Route,
  type RouteStep,
  standable,
  WALK_M_PER_S,
  type WalkableGraph,
  walkableGraph,
} from './routing.js';
export {
  type LevelPoint,
  type MapConnector,
  type MapFeature,
  type MapLevel,
  mapProblem,
  OBSTACLE_KINDS,
  type ProductLocation,
  type VenueMap,
} from './venue-map.js';
