/** The shapes that cross the positioning contract (see ARCHITECTURE.md, "Positioning contract"). */

/** A point in the store's local frame, metres, x east and y north. */
export type Point = readonly [x: number, y: number];

/** A closed ring of points; the last point need not repeat the first. */
export type Polygon = readonly Point[];

/** One floor of a store: where a shopper may be (outline) and what they cannot walk through (obstacles). */
export interface Level {
  level: number;
  outline: Polygon;
  obstacles: readonly Polygon[];
  /**
   * Doors and other openings in the outline. They mark the façade, the walls the street runs along, so
   * the inside odds weigh "inside" against the pavement in front of those walls only; when absent, any
   * wall may face a street.
   */
  openings?: readonly Polygon[];
}

/** A beacon at a known place; `txPower` is the RSSI expected at 1 m, in dBm. */
export interface Anchor {
  /** "uuid:major:minor" (matched however its uuid is cased or dashed, see `canonicalAnchorId`). */
  id: string;
  x: number;
  y: number;
  /** Height above the site's origin in metres (not above its own floor). */
  z: number;
  level: number;
  txPower: number;
  /**
   * Set when the site gave no txPower and the usual one stands in: the beacon's own advertised power,
   * from the first reading that carries one, then replaces it.
   */
  txPowerAssumed?: boolean;
}

export interface Site {
  id: string;
  levels: readonly Level[];
  anchors: readonly Anchor[];
  /** Path-loss exponent of this site; fitted by calibration, 2.0 (free space) when unknown. */
  pathLossExponent?: number;
  /** Height of each level's floor above the origin, in metres; `levelHeight × level` when absent. */
  levelHeight?: number;
  /**
   * What a survey heard at marked spots (see radio-map.ts): the engine then expects each beacon as loud
   * as it was found there, not only as the path-loss model says. Optional; a site without one works.
   */
  survey?: readonly SurveyPoint[];
}

/** A marked spot of a survey and the mean RSSI of each beacon heard there, by a reference phone. */
export interface SurveyPoint {
  level: number;
  x: number;
  y: number;
  beacons: readonly { anchor: string; rssi: number; readings: number }[];
}

/** One RSSI reading of one anchor by one device, as `wx.onBeaconUpdate` or a fixed scanner reports it. */
export interface Observation {
  /** Milliseconds since the epoch. */
  ts: number;
  device: string;
  anchor: string;
  rssi: number;
  /** The beacon's own advertised 1 m power, when the scanner reports it; the site's value wins. */
  txPower?: number;
}

/** Where a device is: `accuracy` is the radius in metres that holds the true position about 68% of the time. */
export interface Fix {
  ts: number;
  device: string;
  x: number;
  y: number;
  level: number;
  accuracy: number;
  /**
   * Log-likelihood ratio of the scan behind this fix being heard inside the level's outline rather than
   * just beyond it (> 0 favours inside; see inside-odds.ts). The position alone cannot say: it is always
   * kept inside.
   */
  insideOdds?: number;
  /**
   * How many dB louder this scan's loud readings were than the receiver offset learnt so far expects at
   * the fix (their median residual), when enough of them told. A phone that walks in through the door
   * leaves the shop window's loss behind, and every beacon grows louder at once: the receiver offset,
   * learnt slowly, lags the step, which shows here. Fixes carry it along with `insideOdds`.
   */
  louderDb?: number;
  /**
   * Log-odds that the phone is inside, having come in through a door, after all its scans so far
   * (door-filter.ts). Fixes carry it along with `insideOdds` on a level with doors.
   */
  insideBelief?: number;
}
