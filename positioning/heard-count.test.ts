import { describe, expect, it } from 'vitest';
import { scenario } from '../sim/index.js';
import { countFit, heardCounts, marginColumn } from './heard-count.js';
import { siteModel } from './site-model.js';

const { venue } = scenario('sparse-beacons');
const model = siteModel(venue.site);
// The middle of the floor, and a spot 30 m beyond its west wall.
const counts = heardCounts(model, 0, [venue.width / 2, -30], [venue.depth / 2, venue.depth / 2]);
/** The count's fit at a spot for an offset `marginDb` above the phone's hearing. */
const fitAt = (spot: number, marginDb: number, heard: number) =>
  countFit(counts, spot, marginColumn(marginDb), heard);

describe('the count of beacons a scan hears', () => {
  it('is expected to grow with the phone’s margin over its hearing, and less far away', () => {
    const best = (spot: number, heard: number) => {
      let margin = 0;
      for (let m = 50; m <= 130; m++) if (fitAt(spot, m, heard) > fitAt(spot, margin, heard)) margin = m;
      return margin;
    };
    // Hearing more takes a louder phone (or a keener ear), at either spot.
    expect(best(0, 12)).toBeGreaterThan(best(0, 3));
    expect(best(1, 12)).toBeGreaterThan(best(1, 3));
    // Far from the beacons, the same count takes a louder phone than in their midst.
    expect(best(1, 3)).toBeGreaterThan(best(0, 3));
  });

  it('weighs a count against each spot by how far it is from what the spot expects', () => {
    const margin = 85;
    // Three beacons heard fit the far spot better than the middle, twelve the middle better.
    expect(fitAt(1, margin, 3)).toBeGreaterThan(fitAt(0, margin, 3));
    expect(fitAt(0, margin, 12)).toBeGreaterThan(fitAt(1, margin, 12));
    // Margins beyond the tabled ones count as the nearest tabled.
    expect(fitAt(0, 500, 5)).toBe(fitAt(0, 130, 5));
    expect(Number.isFinite(fitAt(0, Number.NEGATIVE_INFINITY, 5))).toBe(true);
  });
});
