/**
 * The named stores the benchmark and tests run: one per question a store will ask. `other-radio` is a
 * building the engine was never tuned on (see HARSH_RADIO), to keep the figures honest.
 */
import { DEFAULT_RADIO, HARSH_RADIO, type RadioConditions } from './radio.js';
import { buildVenue, type Venue } from './venue.js';

export interface Scenario {
  name: string;
  venue: Venue;
  radio: RadioConditions;
}

export const SCENARIOS = [
  'open-floor',
  'dense-shelving',
  'two-levels',
  'sparse-beacons',
  'other-radio',
] as const;

export function scenario(name: (typeof SCENARIOS)[number]): Scenario {
  switch (name) {
    case 'open-floor':
      return {
        name,
        venue: buildVenue({ id: name, width: 40, depth: 30, levels: 1, layout: 'open', beaconSpacing: 6 }),
        radio: DEFAULT_RADIO,
      };
    case 'dense-shelving':
      return {
        name,
        venue: buildVenue({
          id: name,
          width: 40,
          depth: 30,
          levels: 1,
          layout: 'shelving',
          beaconSpacing: 6,
        }),
        radio: DEFAULT_RADIO,
      };
    case 'two-levels':
      return {
        name,
        venue: buildVenue({
          id: name,
          width: 40,
          depth: 30,
          levels: 2,
          layout: 'shelving',
          beaconSpacing: 6,
        }),
        radio: DEFAULT_RADIO,
      };
    case 'sparse-beacons':
      return {
        name,
        venue: buildVenue({
          id: name,
          width: 60,
          depth: 40,
          levels: 1,
          layout: 'shelving',
          beaconSpacing: 10,
        }),
        radio: DEFAULT_RADIO,
      };
    case 'other-radio':
      return {
        name,
        venue: buildVenue({
          id: name,
          width: 40,
          depth: 30,
          levels: 2,
          layout: 'shelving',
          beaconSpacing: 6,
        }),
        radio: HARSH_RADIO,
      };
  }
}
