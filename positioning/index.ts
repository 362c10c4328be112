/**
 * Positioning: pure maths from iBeacon RSSI to a Fix (path-loss model, trilateration, particle and Kalman
 * filters, levels, calibration). No I/O and no Node APIs: it is also bundled into the mini-program.
 *
 * Front door of the domain: other folders import from here only.
 */
export {
  type AnchorFit,
  type CalibrationFit,
  type CalibrationSample,
  calibrate,
  calibratedSite,
} from './calibration.js';
export type { DeviceSnapshot } from './device-state.js';
export { createEngine, DEFAULT_ENGINE_OPTIONS, type Engine, type EngineOptions } from './engine.js';
export { CELL_M, type FloorPlan, floorPlan } from './floor-plan.js';
export { boundingBox, centreOf, insidePolygon, segmentCrossesPolygon, segmentsCross } from './geometry.js';
export { distanceToWalls, facadeWalls, type Wall } from './inside-odds.js';
export { METHOD_NAMES, type MethodName } from './methods.js';
export {
  canonicalAnchorId,
  isObservation,
  type Rejection,
  type RejectionCounts,
} from './observation-check.js';
export { DEFAULT_EXPONENT, type PathLoss, pathLoss } from './path-loss.js';
export { levelBasis, type PhoneNote, type PhoneNotes, phoneLevel, phonesHeard } from './phone-level.js';
export { type LevelRadio, learntCoverage } from './radio-coverage.js';
export type { LearntRadio } from './radio-learner.js';
export { surveyOf } from './radio-map.js';
export { createRandom, type Random, seedFrom } from './random.js';
export { createReplay, type Replay, type ReplayReport } from './replay.js';
export { checkSite, SiteError } from './site-check.js';
export type { Anchor, Fix, Level, Observation, Point, Polygon, Site, SurveyPoint } from './types.js';
