import { defineError } from '../server/errors.js';

export const MapInvalid = defineError(
  'SS_ERR_MAP_INVALID',
  400,
  (field: string, problem: string) => `${field} ${problem}`,
  (field: string) => field,
);

export const NoGeoreference = defineError(
  'SS_ERR_STORE_NOT_GEOREFERENCED',
  409,
  () => 'The store has no georeference: set its WGS84 origin and rotation before exchanging GeoJSON or IMDF',
  () => 'georeference',
);

export const PlaceBlocked = defineError(
  'SS_ERR_ROUTE_PLACE_BLOCKED',
  400,
  (field: 'from' | 'to') =>
    `${field} is not a place a shopper can stand (off the map or inside a shelf or wall)`,
  (field: 'from' | 'to') => field,
);

export const NoRoute = defineError(
  'SS_ERR_ROUTE_NONE',
  409,
  () => 'No walkable route joins these places (no connector between their levels, or walled off)',
);

export const ZonesInUse = defineError(
  'SS_ERR_MAP_ZONE_IN_USE',
  409,
  (zones: string, campaigns: string) =>
    `Saving this map would delete ${zones}, where ${campaigns} fire: edit or end those campaigns first`,
  () => 'features',
);

export const LevelHasBeacons = defineError(
  'SS_ERR_MAP_LEVEL_HAS_BEACONS',
  409,
  (level: number, beacons: number) =>
    `Saving this map would delete level ${level}, where ${beacons} beacon${beacons === 1 ? ' is' : 's are'} placed: move them to a level the map keeps, or remove them, first`,
  () => 'levels',
);
