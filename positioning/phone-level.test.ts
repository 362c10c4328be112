import { describe, expect, it } from 'vitest';
import { DEFAULT_RADIO, declaredOff, scenario, storefront, withDoor } from '../sim/index.js';
import { PHONE_HEIGHT_M } from '../sim/legs.js';
import { radioField } from '../sim/radio.js';
import { scanAt } from '../sim/store-run.js';
import { createEngine, createRandom, type Engine, type Site } from './index.js';
import { levelBasis, MARGIN_DB, notePhone, oddsCentre, type PhoneNote, phoneLevel } from './phone-level.js';

describe("a store's phone level", () => {
  it('is the median of its recent phones, once five have told, and a phone counts once', () => {
    const notes: PhoneNote[] = [];
    for (const [i, db] of [3, -1, 2, 0].entries()) notePhone(notes, { device: `p${i}`, db, ts: i });
    expect(phoneLevel(notes)).toBeNull();
    expect(oddsCentre(notes)).toBe(MARGIN_DB);
    notePhone(notes, { device: 'p4', db: 9, ts: 4 });
    expect(phoneLevel(notes)).toBe(2);
    expect(oddsCentre(notes)).toBe(2 + MARGIN_DB);
    // The same phone again replaces its note: a regular does not outvote the others.
    notePhone(notes, { device: 'p4', db: -5, ts: 5 });
    expect(notes).toHaveLength(5);
    expect(phoneLevel(notes)).toBe(0);
    for (let i = 0; i < 300; i++) notePhone(notes, { device: `q${i}`, db: 1, ts: 10 + i });
    expect(notes).toHaveLength(200);
    expect(notes[0]!.device).toBe('q100');
  });

  it('is measured against the declared powers and the exponent', () => {
    const { site } = scenario('open-floor').venue;
    expect(levelBasis(declaredOff(site, 0))).toBe(levelBasis(site));
    expect(levelBasis(declaredOff(site, -4))).not.toBe(levelBasis(site));
    expect(levelBasis({ ...site, pathLossExponent: 2.4 })).not.toBe(levelBasis(site));
  });
});

const { venue } = scenario('open-floor');
const [doorX] = venue.entrance;
/** The store with its door on the map, its beacons declaring `declaredDb` off what the simulator gives. */
const siteOf = (declaredDb: number): Site => withDoor(venue, declaredOff(venue.site, declaredDb));

/** An engine of the gateway's kind after eight shoppers walked in through the door and shopped a minute. */
function afterVisitors(site: Site): Engine {
  const engine = createEngine(site, { insideOdds: true });
  for (const person of storefront({ venue, radio: DEFAULT_RADIO, seed: 3, passersBy: 0, visitors: 8 })) {
    for (const scan of person.scans(person.doorTs! + 60_000)) {
      engine.tick(scan.ts);
      for (const o of scan.observations) engine.observe(o);
    }
  }
  return engine;
}

/** Mean inside odds of a phone standing at (x, y) for a minute, 6 dB of glass away when on the pavement. */
function standingOdds(engine: Engine, x: number, y: number): number {
  const field = radioField(venue, DEFAULT_RADIO, 3);
  const rng = createRandom(5);
  const odds: number[] = [];
  for (let s = 0; s < 60; s++) {
    const pose = { x, y, z: PHONE_HEIGHT_M, heading: 0 };
    const scan = scanAt(venue, field, 'standing', 2e12 + 1000 * s, pose, y < 0 ? -6 : 0, rng);
    const fixes = [...engine.tick(scan.ts), ...scan.observations.flatMap((o) => engine.observe(o))];
    for (const f of fixes) if (f.insideOdds !== undefined) odds.push(f.insideOdds);
  }
  return odds.reduce((a, b) => a + b, 0) / odds.length;
}

/** A new engine of the store (a restart) with what `taught` learnt, and one that knows nothing of it. */
function restarted(site: Site, taught: Engine): { knowing: Engine; unknowing: Engine } {
  const knowing = createEngine(site, { insideOdds: true });
  knowing.adoptLearntRadio(taught.learntRadio());
  return { knowing, unknowing: createEngine(site, { insideOdds: true }) };
}

describe("the gateway's engine", () => {
  it("learns what the store's phones read from those who came in", () => {
    const asSimulated = afterVisitors(siteOf(0)).learntRadio().phones!;
    const declaredLower = afterVisitors(siteOf(-4)).learntRadio().phones!;
    expect(asSimulated.notes.length).toBeGreaterThanOrEqual(5);
    expect(declaredLower.notes.length).toBeGreaterThanOrEqual(5);
    // Beacons declaring 4 dB less: the same phones read about 4 dB more against them.
    const shift = phoneLevel(declaredLower.notes)! - phoneLevel(asSimulated.notes)!;
    expect(shift).toBeGreaterThan(2.5);
    expect(shift).toBeLessThan(5.5);
  });

  it('reads a window-shopper by what its phones read, not by what its beacons declare', () => {
    // Beacons declaring 6 dB less than phones read: unknowing, a phone at the window sounds like one inside.
    const quiet = siteOf(-6);
    const atWindow = restarted(quiet, afterVisitors(quiet));
    const windowShopper = (e: Engine) => standingOdds(e, doorX + 6, -2);
    expect(windowShopper(atWindow.knowing)).toBeLessThan(windowShopper(atWindow.unknowing) - 0.2);
  });

  it('drops the notes taken against other declared powers', () => {
    const learnt = afterVisitors(siteOf(0)).learntRadio();
    const recalibrated = createEngine(siteOf(-4), { insideOdds: true });
    recalibrated.adoptLearntRadio(learnt);
    expect(recalibrated.learntRadio().phones!.notes).toEqual([]);
    const same = createEngine(siteOf(0), { insideOdds: true });
    same.adoptLearntRadio(learnt);
    const byTime = (notes: PhoneNote[]) => [...notes].sort((a, b) => a.ts - b.ts);
    expect(byTime(same.learntRadio().phones!.notes)).toEqual(byTime(learnt.phones!.notes));
  });
});
