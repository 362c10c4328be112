/**
 * A calibration walk as an installer does it: stand at marked points on a lattice over every level, hold a
 * reference phone (0 dB receiver offset by definition), take a few scans, move on.
 */
import { type CalibrationSample, createRandom, seedFrom } from '../positioning/index.js';
import { DEFAULT_RADIO, type RadioConditions, radioField } from './radio.js';
import type { Venue } from './venue.js';
import { walkways } from './walkways.js';

export interface CalibrationWalkOptions {
  venue: Venue;
  radio?: RadioConditions;
  /** Must be the run's seed for the walk to see the same beacons and shadowing as the shoppers. */
  seed: number;
  /** Distance between marked points, metres. */
  spacing?: number;
  scansPerPoint?: number;
}

export function calibrationWalk(options: CalibrationWalkOptions): CalibrationSample[] {
  const { venue, seed } = options;
  const radio = options.radio ?? DEFAULT_RADIO;
  const spacing = options.spacing ?? 4;
  const field = radioField(venue, radio, seed);
  const ways = walkways(venue);
  const rng = createRandom(seedFrom(`${seed}:calibration`));
  const samples: CalibrationSample[] = [];
  for (const { level } of venue.site.levels) {
    for (let y = spacing / 2; y < venue.depth; y += spacing) {
      for (let x = spacing / 2; x < venue.width; x += spacing) {
        const [px, py] = ways.nearestSpot(level, [x, y]);
        const z = level * venue.levelHeight + 1.2;
        for (let s = 0; s < (options.scansPerPoint ?? 5); s++) {
          const pose = { x: px, y: py, z, heading: 2 * Math.PI * rng.next() };
          venue.site.anchors.forEach((anchor, i) => {
            const rssi = field.reading(i, pose, 0, rng);
            if (rssi !== null) samples.push({ anchor: anchor.id, x: px, y: py, level, rssi });
          });
        }
      }
    }
  }
  return samples;
}
