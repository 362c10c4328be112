/**
 * Store simulator: venues, beacons, shoppers walking, RSSI with noise; drives the demo, tests and benchmarks.
 *
 * Front door of the domain: other folders import from here only.
 * Not built yet; see the open issues.
 */
export {};
