import { describe, expect, it } from 'vitest';
import { observationsFor, scenario, storeRun } from '../sim/index.js';
import { canonicalAnchorId, checkSite, createReplay, type Site, SiteError } from './index.js';

const { venue } = scenario('two-levels');
const [first, second, third, fourth] = venue.site.anchors;

describe('reading a site', () => {
  it('spells every iBeacon id one way, and keeps other ids as they are', () => {
    const id = 'fda50693-a4e2-4fb1-afcf-c6eb07647825:10:2';
    expect(canonicalAnchorId('FDA50693-A4E2-4FB1-AFCF-C6EB07647825:10:2')).toBe(id);
    expect(canonicalAnchorId('fda50693a4e24fb1afcfc6eb07647825:00010:002')).toBe(id);
    expect(canonicalAnchorId(` ${id}\t`)).toBe(id);
    expect(canonicalAnchorId('entrance-beacon')).toBe('entrance-beacon');
  });

  it('drops a bad anchor with a warning instead of the whole site, and fills in a missing height or power', () => {
    const warnings: string[] = [];
    const site = checkSite(
      {
        ...venue.site,
        anchors: [
          first,
          { ...first, id: first!.id.toUpperCase() },
          { ...second, level: 7 },
          { ...third, x: 'north' },
          { ...fourth, z: undefined, txPower: undefined },
          { id: 42 },
        ],
      },
      (why) => warnings.push(why),
    );
    expect(site.anchors.map((a) => a.id)).toEqual([first!.id, fourth!.id]);
    expect(site.anchors[1]).toMatchObject({ z: fourth!.level * 4.5 + 3, txPower: -59 });
    expect(warnings).toEqual([
      `anchor ${first!.id} skipped: listed twice (the first is kept)`,
      `anchor ${second!.id} skipped: level 7 is not one of the site's levels`,
      `anchor ${third!.id} skipped: x and y must be numbers`,
      `anchor ${fourth!.id}: no z, taken as 3 m above its floor`,
      `anchor ${fourth!.id}: no txPower, taken as -59 dBm until a reading carries its own`,
      'anchor 42 skipped: its id must be a non-empty string',
    ]);
  });

  it('refuses a site with nothing to position in', () => {
    expect(() => checkSite({ ...venue.site, levels: 'ground floor' })).toThrow(SiteError);
    expect(() => checkSite({ id: 'empty', anchors: [] })).toThrow(/no levels/);
    expect(() => checkSite({ ...venue.site, levels: [{ level: 0, outline: [[0, 0]] }] })).toThrow(/outline/);
    expect(() => checkSite({ ...venue.site, anchors: [{ ...first, level: 9 }] })).toThrow(
      /no usable anchors/,
    );
    expect(() => checkSite({ ...venue.site, levelHeight: -1 })).toThrow(/levelHeight/);
  });

  it('draws each floor around its beacons when the site gives no levels, and positions on it', () => {
    const warnings: string[] = [];
    const { levels: _mapped, ...beaconsOnly } = venue.site;
    const site = checkSite(beaconsOnly, (why) => warnings.push(why));
    const xs = venue.site.anchors.filter((a) => a.level === 0).map((a) => a.x);
    const ys = venue.site.anchors.filter((a) => a.level === 0).map((a) => a.y);
    expect(site.levels.map((l) => l.level)).toEqual([0, 1]);
    expect(site.levels[0]!.outline).toEqual([
      [Math.min(...xs) - 5, Math.min(...ys) - 5],
      [Math.max(...xs) + 5, Math.min(...ys) - 5],
      [Math.max(...xs) + 5, Math.max(...ys) + 5],
      [Math.min(...xs) - 5, Math.max(...ys) + 5],
    ]);
    expect(warnings).toEqual(
      [0, 1].map(
        (l) => `level ${l}: the site gives no levels; its floor taken as the box 5 m around its beacons`,
      ),
    );
    expect(site.anchors).toHaveLength(venue.site.anchors.length);
    // Without the map's walls and shelves the fixes are rougher, not lost: every phone placed, on its level.
    const run = storeRun({ venue, radio: scenario('two-levels').radio, shoppers: 4, seed: 4 });
    const replay = createReplay(site);
    const fixes = observationsFor(run, 240)
      .flatMap((o) => replay.line(JSON.stringify(o)))
      .map((line) => JSON.parse(line) as { ts: number; device: string; x: number; y: number; level: number });
    const judged = fixes.map((f) => ({ f, truth: run.truth(f.device, f.ts)! })).filter((j) => j.truth);
    const onLevel = judged.filter((j) => j.f.level === j.truth.level).length / judged.length;
    const errors = judged.map((j) => Math.hypot(j.f.x - j.truth.x, j.f.y - j.truth.y)).sort((a, b) => a - b);
    expect(new Set(fixes.map((f) => f.device)).size).toBe(4);
    expect(onLevel).toBeGreaterThan(0.95);
    expect(errors[Math.floor(errors.length / 2)]).toBeLessThan(2.5);
  });

  it("takes a beacon's height above its own floor for what it is", () => {
    // Upstairs beacons given as an installer measures them (3 m up from their floor), not from the ground.
    const run = storeRun({ venue, radio: scenario('two-levels').radio, shoppers: 4, seed: 4 });
    const lines = observationsFor(run, 240).map((o) => JSON.stringify(o));
    const replayed = (site: Site) => {
      const replay = createReplay(site);
      return lines.flatMap((line) => replay.line(line));
    };
    const fromFloors = {
      ...venue.site,
      anchors: venue.site.anchors.map((a) => ({ ...a, z: a.z - a.level * 4.5 })),
    };
    expect(venue.site.anchors.some((a) => a.level === 1 && a.z > 4.5)).toBe(true);
    const fixes = replayed(venue.site);
    expect(fixes.filter((f) => JSON.parse(f).level === 1).length).toBeGreaterThan(50);
    expect(replayed(fromFloors)).toEqual(fixes);
  });
});
