/**
 * Positioning: pure maths from iBeacon RSSI to a Fix (path-loss model, trilateration, filters, levels, calibration). No I/O.
 *
 * Front door of the domain: other folders import from here only.
 * Not built yet; see the open issues.
 */
export {};
