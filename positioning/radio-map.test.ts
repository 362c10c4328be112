import { describe, expect, it } from 'vitest';
import { calibrationWalk, observationsFor, scenario, storeRun } from '../sim/index.js';
import {
  calibrate,
  calibratedSite,
  checkSite,
  createReplay,
  type Fix,
  pathLoss,
  type Site,
  type SurveyPoint,
} from './index.js';
import { correctionAt } from './radio-map.js';
import { siteModel } from './site-model.js';
import { medianError } from './test/median-error.js';

const { venue, radio } = scenario('dense-shelving');
const DEVICE_Z = 1.2;

/** A survey on a 2 m lattice whose every beacon reads `model + shadow(x, y)` dB. */
function survey(site: Site, shadow: (x: number, y: number) => number): SurveyPoint[] {
  const loss = pathLoss(site.pathLossExponent);
  const spots: SurveyPoint[] = [];
  for (let x = 1; x < venue.width; x += 2) {
    for (let y = 1; y < venue.depth; y += 2) {
      const beacons = site.anchors
        .filter((a) => Math.hypot(a.x - x, a.y - y) < 12)
        .map((a) => ({
          anchor: a.id,
          rssi:
            loss.rssiAtSquared(a.txPower, (a.x - x) ** 2 + (a.y - y) ** 2 + (a.z - DEVICE_Z) ** 2) +
            shadow(x, y),
          readings: 3,
        }));
      spots.push({ level: 0, x, y, beacons });
    }
  }
  return spots;
}

function replayAll(site: Site, lines: readonly string[]): Fix[] {
  const replay = createReplay(site);
  return lines.flatMap((line) => replay.line(line)).map((text) => JSON.parse(text));
}

describe('the radio map of a surveyed store', () => {
  it('learns where beacons read louder or quieter than the model, and nothing where they read as it says', () => {
    const shadow = (x: number, y: number) => 4 * Math.sin(x / 4) * Math.cos(y / 5);
    const shadowed = siteModel({ ...venue.site, survey: survey(venue.site, shadow) });
    const plain = siteModel({ ...venue.site, survey: survey(venue.site, () => 0) });
    const anchor = shadowed.anchorIndex.get(venue.site.anchors[10]!.id)!;
    const a = shadowed.anchors[anchor]!;
    // Between the surveyed spots, within the beacon's reach and away from the outline's edge.
    for (const [dx, dy] of [
      [0, 0],
      [3, 0],
      [-2, 3],
      [4, -4],
    ] as const) {
      const x = a.x + dx;
      const y = a.y + dy;
      expect(Math.abs(correctionAt(shadowed.radioMaps[anchor]!, x, y) - shadow(x, y))).toBeLessThan(1.2);
      expect(Math.abs(correctionAt(plain.radioMaps[anchor]!, x, y))).toBeLessThan(0.05);
    }
    // Off the level's box the model alone speaks.
    expect(correctionAt(shadowed.radioMaps[anchor]!, -20, -20)).toBe(0);
  });

  it("smooths a survey by its points' spacing, so that a 2 m walk keeps shadowing that changes over a few metres", () => {
    const shadow = (x: number) => 4 * Math.sin((2 * Math.PI * x) / 6);
    const fine = survey(venue.site, shadow);
    // Every other column and row of the same walk: points 4 m apart.
    const coarse = fine.filter((p) => (p.x - 1) % 4 === 0 && (p.y - 1) % 4 === 0);
    const anchor = 10;
    const a = venue.site.anchors[anchor]!;
    const peak = 1.5 + 6 * Math.round((a.x - 1.5) / 6);
    const at = (spots: SurveyPoint[]) => {
      const model = siteModel({ ...venue.site, survey: spots });
      const grid = model.radioMaps[model.anchorIndex.get(a.id)!]!;
      return { kernel: grid.kernelM, peak: correctionAt(grid, peak, a.y) };
    };
    const [sharp, smooth] = [at(fine), at(coarse)];
    expect(sharp.kernel).toBe(1);
    expect(smooth.kernel).toBeUndefined();
    // 4 dB at the crest: the 2 m walk's map shows some 40% of it (the 1 m kernel, and the shrinking towards
    // the model); points 4 m apart cannot follow a 6 m wave at all.
    expect(sharp.peak).toBeGreaterThan(1.4);
    expect(smooth.peak).toBeLessThan(0.5);
  });

  it("makes a store surveyed by the console's walk err less than the same store with its fit alone", () => {
    const run = storeRun({ venue, radio, shoppers: 4, seed: 3 });
    const lines = observationsFor(run, 90).map((o) => JSON.stringify(o));
    const walk = calibrationWalk({ venue, radio, seed: 3 });
    const fit = calibrate(venue.site, walk);
    const fitted = medianError(run, replayAll(calibratedSite(venue.site, fit), lines));
    const surveyed = medianError(run, replayAll(calibratedSite(venue.site, fit, walk), lines));
    expect(surveyed).toBeLessThan(0.8 * fitted);
  });

  it('matches survey readings to anchors however their ids are spelt', () => {
    const run = storeRun({ venue, radio, shoppers: 2, seed: 5 });
    const lines = observationsFor(run, 20).map((o) => JSON.stringify(o));
    const walk = calibrationWalk({ venue, radio, seed: 5 });
    const site = calibratedSite(venue.site, calibrate(venue.site, walk), walk);
    const shouted: Site = {
      ...site,
      survey: site.survey!.map((p) => ({
        ...p,
        beacons: p.beacons.map((b) => ({ ...b, anchor: b.anchor.toUpperCase() })),
      })),
    };
    expect(replayAll(shouted, lines)).toEqual(replayAll(site, lines));
  });

  it('skips survey spots and readings it cannot use, saying how many, and keeps the rest', () => {
    const warnings: string[] = [];
    const [good] = survey(venue.site, () => 0);
    const site = checkSite(
      {
        ...venue.site,
        survey: [
          good,
          { ...good, level: 3 },
          { ...good, x: 'by the door' },
          { ...good, beacons: [{ anchor: good!.beacons[0]!.anchor, rssi: Number.NaN }, good!.beacons[1]] },
        ],
      },
      (why) => warnings.push(why),
    );
    expect(site.survey).toHaveLength(2);
    expect(site.survey![1]!.beacons).toEqual([good!.beacons[1]]);
    expect(warnings).toEqual([
      'survey: 2 spot(s) skipped (each needs a site level, x, y and beacons)',
      'survey: 1 reading(s) skipped (each needs an anchor, an rssi in dBm, readings ≥ 1)',
    ]);
    expect(
      checkSite({ ...venue.site, survey: 'walked it' }, (why) => warnings.push(why)).survey,
    ).toBeUndefined();
    expect(warnings.at(-1)).toBe('survey skipped: it must be an array of spots');
  });
});
