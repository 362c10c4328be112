/**
 * Whether a level's beacons hang in one line across a floor that reaches well off it: a narrow shop with a
 * single row down its length, beacons along one wall. There a phone's distance from the line and its
 * receiver offset read alike in every scan (the aisle beside the row heard by a phone 9 dB deaf sounds like
 * the aisle across the shelf heard by a normal one), and the offset a phone learns at its fixes holds it in
 * whichever aisle it was first placed: in a 100 × 12 m shop with one row of beacons, one walker in four
 * stayed in the wrong aisle for most of a walk. A grid of beacons tells the aisles apart by which beacons
 * are louder, whatever the phone's offset.
 */
import type { Point } from './types.js';

/** The beacons' spread across their line, as a share of the floor's across it, under which they are a line. */
const LINE_SHARE = 0.5;

export function beaconsInALine(
  beacons: readonly { x: number; y: number }[],
  outline: readonly Point[],
): boolean {
  if (beacons.length < 3) return true;
  const n = beacons.length;
  const mx = beacons.reduce((s, b) => s + b.x, 0) / n;
  const my = beacons.reduce((s, b) => s + b.y, 0) / n;
  let sxx = 0;
  let sxy = 0;
  let syy = 0;
  for (const b of beacons) {
    sxx += (b.x - mx) ** 2 / n;
    sxy += ((b.x - mx) * (b.y - my)) / n;
    syy += (b.y - my) ** 2 / n;
  }
  // The covariance's smaller eigenvalue and its direction: across the line the beacons make.
  const half = (sxx + syy) / 2;
  const minor = half - Math.sqrt(((sxx - syy) / 2) ** 2 + sxy ** 2);
  const angle = 0.5 * Math.atan2(2 * sxy, sxx - syy) + Math.PI / 2;
  const [ux, uy] = [Math.cos(angle), Math.sin(angle)];
  const across = outline.map(([x, y]) => x * ux + y * uy);
  // A floor spread evenly over its width across the line: its standard deviation is the width over √12.
  const floorSpread = (Math.max(...across) - Math.min(...across)) / Math.sqrt(12);
  return Math.sqrt(Math.max(0, minor)) < LINE_SHARE * floorSpread;
}
