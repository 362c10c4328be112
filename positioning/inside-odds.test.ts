import { describe, expect, it } from 'vitest';
import { DEFAULT_RADIO, doorOf, scenario, withDoor } from '../sim/index.js';
import { PHONE_HEIGHT_M } from '../sim/legs.js';
import { radioField } from '../sim/radio.js';
import { scanAt } from '../sim/store-run.js';
import { createEngine, createRandom, facadeWalls, type Site } from './index.js';

const { venue } = scenario('open-floor');
const [doorX] = venue.entrance;
/** The shop's door in its south wall (y = 0), as the map draws it. */
const door = doorOf(venue);
const mapped = withDoor(venue);

/** Mean inside odds of a phone standing at (x, y) on the ground floor for a minute of scans. */
function meanOdds(site: Site, x: number, y: number): number {
  const field = radioField(venue, DEFAULT_RADIO, 5);
  const rng = createRandom(11);
  const engine = createEngine(site, { insideOdds: true });
  const odds: number[] = [];
  for (let s = 0; s < 60; s++) {
    const scan = scanAt(venue, field, 'p', 1000 * s, { x, y, z: PHONE_HEIGHT_M, heading: 0 }, 0, rng);
    const fixes = [...engine.tick(scan.ts), ...scan.observations.flatMap((o) => engine.observe(o))];
    for (const f of fixes) if (f.insideOdds !== undefined) odds.push(f.insideOdds);
  }
  return odds.reduce((a, b) => a + b, 0) / odds.length;
}

describe('inside odds', () => {
  it('takes the walls with a door as the façade, every wall when there is none', () => {
    const outline = venue.site.levels[0]!.outline;
    expect(facadeWalls(outline, [door])).toEqual([[0, 0, venue.width, 0]]);
    expect(facadeWalls(outline)).toHaveLength(outline.length);
    // A door drawn nowhere near the outline marks no wall: then every wall may face a street.
    expect(
      facadeWalls(outline, [
        [
          [-50, -50],
          [-49, -50],
          [-49, -49],
        ],
      ]),
    ).toHaveLength(outline.length);
  });

  it('with the door on the map, a shopper along a side wall is no longer weighed against the yard behind it', () => {
    const [x, y] = [venue.width - 1.5, venue.depth / 2];
    const allWalls = meanOdds(venue.site, x, y);
    const facadeOnly = meanOdds(mapped, x, y);
    expect(facadeOnly).toBeGreaterThan(allWalls);
    expect(facadeOnly).toBeGreaterThan(0);
  });

  it('still finds a phone on the pavement in front of the door outside', () => {
    expect(meanOdds(mapped, doorX, -2.5)).toBeLessThan(0);
  });
});
