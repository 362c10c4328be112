/**
 * Analytics: sales, footfall, dwell, heatmaps, funnels and campaign lift.
 *
 * Front door of the domain: other folders import from here only.
 * Not built yet; see the open issues.
 */
export {};
