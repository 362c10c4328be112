/**
 * The named stores the benchmark and tests run: one per question a store will ask. `other-radio` is a
 * building the engine was never tuned on (see HARSH_RADIO), to keep the figures honest.
 */
import { DEFAULT_RADIO, HARSH_RADIO, type RadioConditions } from './radio.js';
import { buildVenue, type Venue, type VenueSpec } from './venue.js';

export interface Scenario {
  name: string;
  venue: Venue;
  radio: RadioConditions;
}

const STORES = {
  'open-floor': { width: 40, depth: 30, levels: 1, layout: 'open', beaconSpacing: 6, radio: DEFAULT_RADIO },
  'dense-shelving': {
    width: 40,
    depth: 30,
    levels: 1,
    layout: 'shelving',
    beaconSpacing: 6,
    radio: DEFAULT_RADIO,
  },
  'two-levels': {
    width: 40,
    depth: 30,
    levels: 2,
    layout: 'shelving',
    beaconSpacing: 6,
    radio: DEFAULT_RADIO,
  },
  // One beacon per 100 m².
  'sparse-beacons': {
    width: 60,
    depth: 40,
    levels: 1,
    layout: 'shelving',
    beaconSpacing: 10,
    radio: DEFAULT_RADIO,
  },
  'other-radio': {
    width: 40,
    depth: 30,
    levels: 2,
    layout: 'shelving',
    beaconSpacing: 6,
    radio: HARSH_RADIO,
  },
} as const satisfies Record<string, Omit<VenueSpec, 'id'> & { radio: RadioConditions }>;

export type ScenarioName = keyof typeof STORES;
export const SCENARIOS = Object.keys(STORES) as ScenarioName[];

export function scenario(name: ScenarioName): Scenario {
  const { radio, ...spec } = STORES[name];
  return { name, venue: buildVenue({ id: name, ...spec }), radio };
}
