import { defineError } from '../server/errors.js';
import type { ZoneRef } from './maps.js';

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

/** A place of a route the store's map does not have: the general not-found, naming the parameter. */
export const PlaceNotFound = defineError(
  'SS_ERR_NOT_FOUND',
  404,
  (_field: 'from' | 'to', place: string) =>
    place.startsWith('sku:')
      ? `Location of ${place.slice(4)} not found on this store's map`
      : `Zone or door “${place.slice(5)}” not found on this store's map`,
  (field: 'from' | 'to') => field,
);

export const NoRoute = defineError(
  'SS_ERR_ROUTE_NONE',
  409,
  () => 'No walkable route joins these places (no connector between their levels, or walled off)',
);

/** `a`, `a and b`, `a, b and c`. */
const listed = (items: string[]) =>
  items.length === 1 ? items[0]! : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;

/** `Ground floor (level 0)`; `Level 2` alone, its number already said. */
const levelInWords = (zone: Pick<ZoneRef, 'level' | 'level_name'>) =>
  zone.level_name.toLowerCase() === `level ${zone.level}`
    ? zone.level_name
    : `${zone.level_name} (level ${zone.level})`;

/**
 * A zone as a person finds it on the plan: by its name and level, or, with no name, by its level
 * and where it lies (its id says nothing to the person who has to act on it).
 */
export function zoneInWords(zone: Pick<ZoneRef, 'name' | 'level' | 'level_name' | 'at'>): string {
  const on = levelInWords(zone);
  if (zone.name !== null) return `“${zone.name}” on ${on}`;
  const [x, y] = zone.at;
  return `an unnamed zone on ${on} near x ${x.toFixed(1)} m, y ${y.toFixed(1)} m`;
}

/**
 * The zones described for the person saving; their ids at the end for whoever traces the refusal
 * (the error body has no other place for them).
 */
export const ZonesInUse = defineError(
  'SS_ERR_MAP_ZONE_IN_USE',
  409,
  (zones: ZoneRef[], campaigns: { name: string; status: string }[]) => {
    const one = zones.length === 1;
    const what = one
      ? `${zones[0]!.name === null ? '' : 'the zone '}${zoneInWords(zones[0]!)}`
      : `the zones ${listed(zones.map(zoneInWords))}`;
    const who = campaigns.map((c) => `“${c.name}” (${c.status})`);
    const users =
      campaigns.length === 1
        ? `the campaign ${who[0]} fires: edit or end it first`
        : `the campaigns ${listed(who)} fire: edit or end them first`;
    return `Saving this map would delete ${what}, where ${users}. Zone id${one ? '' : 's'}: ${zones.map((z) => z.id).join(', ')}`;
  },
  () => 'features',
);

export const LevelHasBeacons = defineError(
  'SS_ERR_MAP_LEVEL_HAS_BEACONS',
  409,
  (level: number, beacons: number) =>
    `Saving this map would delete level ${level}, where ${beacons} beacon${beacons === 1 ? ' is' : 's are'} placed: move them to a level the map keeps, or remove them, first`,
  () => 'levels',
);
