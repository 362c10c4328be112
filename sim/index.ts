/**
 * Store simulator: venues, beacons, shoppers walking, RSSI with noise; drives the demo, tests and benchmarks.
 * Deterministic from a seed. Front door of the domain: other folders import from here only.
 */
export { type CalibrationWalkOptions, calibrationWalk } from './calibration-walk.js';
export { PHONE_HEIGHT_M } from './legs.js';
export type { LocationReport } from './location.js';
export {
  DEFAULT_RADIO,
  HARSH_RADIO,
  type Pose,
  type RadioConditions,
  type RadioField,
  radioField,
} from './radio.js';
export { SCENARIOS, type Scenario, type ScenarioName, scenario } from './scenarios.js';
export type { Truth } from './shopper.js';
export {
  liveScans,
  observationsFor,
  type ScanBatch,
  type StoreRun,
  type StoreRunOptions,
  storeRun,
} from './store-run.js';
export {
  type StorefrontOptions,
  type StorefrontPerson,
  type StorefrontTruth,
  storefront,
} from './storefront.js';
export {
  buildVenue,
  type Connector,
  declaredOff,
  doorOf,
  NOMINAL_TX_POWER,
  type Shelf,
  type Venue,
  type VenueSpec,
  type Wall,
  withDoor,
  type Zone,
} from './venue.js';
