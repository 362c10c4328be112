/**
 * Beacons: registry, iBeacon identities, advertisement parsing, health, calibration sessions and the
 * predicted-accuracy map of a layout.
 *
 * Front door of the domain: other folders import from here only.
 */
export { type AccuracyMap, predictedAccuracy } from './accuracy.js';
export { anchorId, type Beacon, type BeaconAlert, type BeaconInput, beaconAlerts } from './beacon.js';
export { type CalibrationSession, calibrationWalk } from './calibration.js';
export { beaconCsv, parseBeaconCsv } from './csv.js';
export { type DemoStoreMap, seedDemoMaps } from './demo-stores.js';
export {
  type AdvertProblem,
  type IBeacon,
  iBeaconId,
  normaliseUuid,
  type ParsedAdvert,
  parseIBeaconAdvert,
} from './ibeacon.js';
export { listBeacons, markHeard, upsertBeacon } from './registry.js';
export { beaconRoutes } from './routes.js';
export { siteForStore } from './site.js';
