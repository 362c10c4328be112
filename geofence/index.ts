/**
 * Geofence: zone index and the enter / dwell / exit state machine per device.
 *
 * Front door of the domain: other folders import from here only.
 * Not built yet; see the open issues.
 */
export {};
