/**
 * Geofence: the zones of a store indexed per level, and the enter / dwell / exit state machine
 * per device that turns positioning fixes into zone events. Pure: no I/O.
 */
export type { Ring, Zone, ZoneEvent, ZoneEventType } from './types.js';
export { buildZoneIndex, type ZoneCoverage, type ZoneIndex } from './zone-index.js';
export {
  circleShareInside,
  contains,
  coverage,
  distanceToBorder,
  type ZoneShape,
  zoneShape,
} from './zone-shape.js';
export {
  createZoneTracker,
  DEFAULT_TRACKER_OPTIONS,
  type DeviceZones,
  type TrackerOptions,
  type ZoneTracker,
} from './zone-tracker.js';
