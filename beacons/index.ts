/**
 * Beacons: registry, iBeacon identities, advertisement parsing, health and calibration sessions.
 *
 * Front door of the domain: other folders import from here only.
 * Not built yet; see the open issues.
 */
export {};
