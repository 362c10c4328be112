/**
 * Beacons: registry, iBeacon identities, advertisement parsing, health and calibration sessions.
 *
 * Front door of the domain: other folders import from here only.
 */
export {
  type AdvertProblem,
  type IBeacon,
  iBeaconId,
  normaliseUuid,
  type ParsedAdvert,
  parseIBeaconAdvert,
} from './ibeacon.js';
