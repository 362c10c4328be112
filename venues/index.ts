/**
 * Venues: store maps (levels, outlines, obstacles, zones, fixtures, product locations) and indoor routing.
 *
 * Front door of the domain: other folders import from here only.
 * Not built yet; see the open issues.
 */
export {};
