/**
 * Store arrival and departure per device. Pure: fixes (and the phone's outdoor location, when the
 * mini-program reports one) in, events out; time comes from the inputs.
 *
 * Why not "a fix inside the outline": beacons are heard through the shop window, and a map-aware engine
 * keeps every fix inside the outline, so a passer-by on the pavement shows up as fixes in the store. Two
 * kinds of evidence tell them apart, and an arrival needs both:
 *  - the scan's own verdict, `fix.insideOdds` (positioning's inside-odds.ts): the log-likelihood ratio
 *    of the readings being heard inside rather than just beyond the walls. It sees the window's loss and
 *    the geometry from outside, but a loud phone behind the glass can pass for a quiet one inside, and
 *    one scan is noisy, so the ratios are added up (a CUSUM: the sum never drops below zero, so time
 *    spent outside, on the way to the door, does not delay the arrival) until they reach `arriveNats`;
 *  - depth: fixes at least `depthM` behind the façade, less half their accuracy radius, add their
 *    odds in full. Near the façade, inside and outside look alike to the radio; people who came in walk
 *    deeper, and the engine's track, which follows a walk over many scans, shows it. The façade is
 *    where the doors are: the outline's walls that the map's openings lie on (people come in through
 *    doors, and the street is on their side); a map without openings makes every wall a façade. In
 *    a shallow shop that could leave no room: the depth asked for is at most `narrowShare` of the
 *    deepest point's. A shallower fix adds only what its odds have beyond `shallowNats`, at most
 *    `shallowNats`, and only as far as the track is going deeper than it has been since the sum last
 *    stood at zero (in full from `shallowGainM` deeper): a phone at the window, or sliding along it,
 *    repeats the same shadowing scan after scan, while a shopper walking in leaves it behind; and
 *    there, a passer-by's scan seldom leans inside by more than a nat (bench:arrival: 0–6% of them,
 *    most under the harsh radio, against 4–52% of those of shoppers who came in), so shoppers gain a
 *    few seconds before the engine's lagging fix is deep enough.
 * A third kind adds to the same sum: walking in through the door leaves the shop window's loss behind, so
 * every beacon grows louder at once, by a step the engine's slowly learnt receiver offset lags
 * (`fix.louderDb`). Its log-likelihood ratio, "stepped up by `windowLossDb`" against "no step", counts from
 * fixes within `doorReachM` of a door whatever their depth: that is where the step happens, and the fix,
 * which lags, is still near the door then. Passers-by's readings swell and fade too, all along the front,
 * so the step is not taken away from the door, and one scan's ratio is held to STEP_NATS.
 * A fix well inside (`wellInsideM` behind the façade plus its whole accuracy radius), once the phone has
 * had `wellInsideAfterFixes` fixes, adds its odds only when they favour inside: the odds fit each scan's
 * offset under a prior on phones' offsets, so a phone several dB deaf deep in the shop fits a normal
 * phone down the street scan after scan, and its sum would never rise however long it shopped
 * (bench:arrival, dense shelving under harsh radio: three of the six shoppers missed spent their minute
 * 11–14 m deep with the engine's fixes there too). Passers-by's fixes seldom go that deep once the
 * engine has settled; a phone's first fixes can land anywhere (the likelihood at the door is flat).
 * A fix on another level is inside (only reachable from inside) and adds `otherLevelNats`; but a phone
 * followed on the ground floor by the door filter, which never saw it come in, is held to the same gate
 * as there (below). A fix without odds (a source that does not compute them) deep enough adds
 * `plainFixNats`. No fix adds more than `fixNats`, less than `arriveNats`: one scan never settles an
 * arrival, however clear (passers-by walking through a spot on the pavement where the radio reads as deep
 * inside gave single scans of 5–10 nats).
 * The door filter's belief (`fix.insideBelief`, positioning/door-filter.ts) gates the sum, below; and held
 * high for `heldBeliefFixes` fixes in a row it is an arrival by itself: a shopper who browses the shelf
 * just inside the door never gets deep enough for the sum, but the filter saw them cross.
 * The belief also shows the crossing itself: walking in, it leaps (`jumpNats` within `jumpFixes` fixes,
 * from doubt against to a lean for), since the window's loss left behind makes every reading louder at
 * once. A leap with a fix near a door (where the step happens, the lagging fix still close), then the
 * belief held at `afterJumpNats` for `afterJumpFixes` fixes, is an arrival dated from the leap, where the
 * sum waits for a fix deep enough, 10–14 s after the door under harsh radio (bench:arrival, six runs:
 * 35–94% of a storefront's shoppers leap at the door, 1.2–2.3 s after it; 17 passers-by of 9,750, and 26
 * more elsewhere, mostly where a scan loud by chance swung the belief at the façade's far ends).
 * After such a leap, held or not, the sum asks `leaptArriveNats` and takes shallow fixes as deep ones: the
 * filter saw the phone cross, so the sum only has to show that it stayed in, not how far.
 * An outdoor location far from the store vetoes an arrival (a stale blue dot aside, it is elsewhere).
 * Departure follows `leaveAfterMs` without a fix that could be inside: in the outline and not favouring
 * outside by more than `outsideNats`, or on another level.
 *
 * Not used: "seen near the door first". Fixes of passers-by hug the whole façade, door included, so
 * it would admit them all the same. Nor discounting deep fixes' odds while the track stands still:
 * shoppers browse slowly, and it cost them more time than it kept passers-by out.
 */
import { contains, type Ring, type ZoneShape, zoneShape } from '../geofence/index.js';
import { centreOf, distanceToWalls, type Fix, facadeWalls } from '../positioning/index.js';

export interface StoreFrame {
  /** Ground-floor outline in the store frame. */
  outline: Ring;
  groundLevel: number;
  /** Doors and other openings of the ground floor, as polygons; they mark the façade. */
  openings?: Ring[];
}

export interface ArrivalOptions {
  depthM: number;
  narrowShare: number;
  /** A fix short of the depth adds its odds beyond this, at most this. */
  shallowNats: number;
  /** ...in full when it is this much deeper than the track has been since the sum was last zero, metres. */
  shallowGainM: number;
  arriveNats: number;
  /** The most one fix adds: less than `arriveNats`. */
  fixNats: number;
  plainFixNats: number;
  otherLevelNats: number;
  outsideNats: number;
  leaveAfterMs: number;
  /** The loss a shop window adds, expected, dB: the step in loudness a phone walking in shows. */
  windowLossDb: number;
  /** Scan-to-scan spread of `louderDb`, dB. */
  stepSigmaDb: number;
  /** Fixes this close to a door (its centre) weigh their step in loudness, metres. */
  doorReachM: number;
  /** An outdoor location this far from the store (beyond its accuracy) rules out being inside. */
  outdoorVetoM: number;
  /** How long an outdoor location stays believable. */
  outdoorFreshMs: number;
  /**
   * The door filter's belief (`fix.insideBelief`) an arrival needs to have reached at least once, nats,
   * counted from the device's `beliefAfterFixes`th fix (its first ones still carry the filter's even prior)...
   */
  beliefAtLeast: number;
  beliefAfterFixes: number;
  /**
   * ...within `riseWithinFixes` fixes of its last at or below `riseFromNats`, or else at least
   * `slowRiseNats`: a shopper walks in and the belief rises within seconds, while a passer-by standing at
   * the window lets it creep up over half a minute.
   */
  riseFromNats: number;
  riseWithinFixes: number;
  slowRiseNats: number;
  /** ...unless the sum reaches this. */
  sumWithoutBelief: number;
  /**
   * A belief at least this high, nats, on this many ground-floor fixes in a row (past the first
   * `beliefAfterFixes`), is an arrival whatever the sum: a shopper browsing just inside the door.
   */
  heldBeliefNats: number;
  heldBeliefFixes: number;
  /** The belief leaping by this much within this many fixes, from at most `jumpFrom` to at least `jumpTo`... */
  jumpNats: number;
  jumpFixes: number;
  jumpFrom: number;
  jumpTo: number;
  /** ...then held at least this for this many fixes in a row, is an arrival. */
  afterJumpNats: number;
  afterJumpFixes: number;
  /** The sum an arrival needs after a leap, nats (instead of `arriveNats`). */
  leaptArriveNats: number;
  /** A fix this deep plus its accuracy radius adds nothing against inside, metres... */
  wellInsideM: number;
  /** ...from the phone's this many-th fix on. */
  wellInsideAfterFixes: number;
}

/** One scan's step in loudness counts for at least and at most this many nats. */
const STEP_NATS = [-1, 2] as const;

export const DEFAULT_ARRIVAL_OPTIONS: ArrivalOptions = {
  depthM: 3,
  narrowShare: 0.4,
  // bench:arrival: 0.5 and 1.5 were slower by up to 0.9 s, 0.5 let in 2 more passers-by of 150 once;
  // a gain of 1 m was as slow.
  shallowNats: 1,
  shallowGainM: 0.5,
  // e⁴ ≈ 55 : 1 for inside, from scans that are not independent (the same shadowing at the same spot).
  arriveNats: 4,
  // bench:arrival: without it, single scans took in 10 passers-by of 150 (seed 13, harsh radio); 3 gained
  // nothing more and missed a shopper.
  fixNats: 3.5,
  plainFixNats: 1.5,
  otherLevelNats: 2,
  outsideNats: 2,
  leaveAfterMs: 60_000,
  // bench:arrival: 4 m gave no gain, 8 m (with a 3 dB spread) let 2–4% of passers-by in under harsh radio.
  windowLossDb: 5,
  stepSigmaDb: 4,
  doorReachM: 6,
  outdoorVetoM: 150,
  outdoorFreshMs: 120_000,
  // bench:arrival, seeds 7 and 11: since the filter counts the beacons heard (positioning/heard-count.ts),
  // shoppers' belief rises at the door even under harsh radio, and 1 nat keeps out passers-by that −2 let in
  // (3 of 2,100 taken instead of 6) for medians 0–0.6 s longer; with the filter reading only the loudness,
  // −1 and −3 were worse each way. 14 nats kept no more passers-by out than 10 while it cost shoppers time,
  // 8 let 2% in.
  beliefAtLeast: 1,
  beliefAfterFixes: 5,
  // bench:arrival's fixes replayed, seeds 7, 8, 11, 21 and 7 with 450 passers-by: of the shoppers whose belief
  // went down to -3 nats, 84% were at 1 nat within 8 fixes of it; of the 96 passers-by who got to 1 nat, 81 took
  // more than 12. Passers-by taken 25 → 19 of 7,350, none more missed; on the fixes the engine before 972a5cf
  // gave in those runs, and seeds 13 and 5 (not used to choose), 37 → 29 of 9,450, none more missed; with
  // the beacons declared 4 dB lower 29 → 21 of 2,400; medians 0–0.4 s longer.
  // From -3 nats it missed 2–4 more; 12 fixes took 34 of 9,450, 8 missed one more.
  riseFromNats: -4,
  riseWithinFixes: 10,
  slowRiseNats: 4,
  // bench:arrival's fixes replayed, seeds 7, 8, 11, 13 (450 passers-by), 21 and 7 declared 4 dB lower: with
  // the leap at the door, 10 took 55 passers-by of 9,750 and 16 took 43, missing 2 shoppers more of 5,850.
  sumWithoutBelief: 16,
  // bench:arrival's fixes replayed: shoppers missed 11 → 6 and 20 → 12 of 1,050 (seeds 7 and 11), 10 → 3
  // of 600 with the beacons declared 4 dB lower, passers-by taken 30 → 31 of 2,400 there and none more as
  // declared. 3.5 nats for 10 fixes missed fewer with seed 11 (9) but took 36 where declared lower, and
  // 4 more of 3,150 with 450 passers-by a storefront; 3 nats for 10 fixes 2 more as declared (seed 7).
  heldBeliefNats: 4,
  heldBeliefFixes: 15,
  // bench:arrival's fixes replayed, the six runs above: shoppers missed 40 → 33 of 5,850, passers-by taken
  // 48 → 43 of 9,750, every run's slowest storefront 0.4–5.8 s sooner (seed 7's 12.0 → 10.4 s). Without the
  // door near, 49 taken; 1 nat held (or 2 fixes) took 45, 4 fixes were 0.1–0.3 s slower; a leap over
  // 2 fixes missed more, over 4 took more.
  jumpNats: 2.5,
  jumpFixes: 3,
  jumpFrom: -1,
  jumpTo: 0.5,
  afterJumpNats: 1.5,
  afterJumpFixes: 3,
  // bench:arrival's fixes replayed, the six runs above: the slowest storefronts of seeds 11 and 7 declared
  // lower 11.1 → 9.8 s and 10.6 → 10.1 s, one shopper missed less and one passer-by taken more; 2 nats took
  // one more for 0.1 s, the depth waived alone gained half as much and took none.
  leaptArriveNats: 3,
  // bench:arrival's fixes cached, seeds 7, 8, 11 and 13: 5–6 m let a passer-by in (sparse, seed 7), as did
  // counting from the fifth fix (a first fix 28 m deep, open floor under harsh radio, seed 11).
  wellInsideM: 6.5,
  wellInsideAfterFixes: 10,
};

/** From `wx.getLocation`: distance from the store's location, and the report's own accuracy. */
export interface OutdoorReport {
  ts: number;
  device: string;
  distance_m: number;
  accuracy_m: number;
}

export type ArrivalEvent =
  | {
      type: 'arrival';
      ts: number;
      device: string /** when the evidence of this arrival started adding up */;
      since: number;
    }
  | { type: 'departure'; ts: number; device: string; arrived_at: number };

interface DeviceState {
  inside: boolean;
  arrivedAt: number;
  /** Log-odds for inside added up so far, never below zero. */
  nats: number;
  /** When `nats` last rose from zero. */
  since: number;
  /** The deepest ground-floor fix since `nats` was last zero, metres behind the façade. */
  deepest: number;
  lastInside: number;
  lastSeen: number;
  farAt: number | null;
  fixes: number;
  /** Whether the door filter has followed it (a belief counted, past the first `beliefAfterFixes` fixes)... */
  followed: boolean;
  /** ...and seen it come in: its belief risen to `beliefAtLeast` as a shopper's does. */
  sawComeIn: boolean;
  /** The fix (by count) when the belief was last at or below `riseFromNats`; -1 if never. */
  lowAt: number;
  /** Fixes in a row with the belief at least `heldBeliefNats`, and when the run began. */
  heldFor: number;
  heldSince: number;
  /** The last `jumpFixes` + 1 beliefs counted, and whether their fixes were near a door, oldest first. */
  recent: { belief: number; nearDoor: boolean }[];
  /** When the belief leapt, and the fixes since in a row with it at least `afterJumpNats`. */
  leaptAt: number | null;
  afterLeap: number;
}

export interface ArrivalRecogniser {
  update(fix: Fix): ArrivalEvent[];
  outdoor(report: OutdoorReport): ArrivalEvent[];
  tick(now: number): ArrivalEvent[];
  isInside(device: string): boolean;
}

export function createArrivalRecogniser(
  frame: StoreFrame,
  options: Partial<ArrivalOptions> = {},
): ArrivalRecogniser {
  const o = { ...DEFAULT_ARRIVAL_OPTIONS, ...options };
  const outline: ZoneShape = zoneShape({ id: 'outline', level: frame.groundLevel, rings: [frame.outline] });
  const devices = new Map<string, DeviceState>();
  const facade = facadeWalls(frame.outline, frame.openings);
  const depthOf = (x: number, y: number) => distanceToWalls(facade, x, y);
  const mostDepth = o.narrowShare * deepestPoint(outline, depthOf);
  const doors = (frame.openings ?? []).map(centreOf);
  const nearDoor = (x: number, y: number) =>
    doors.some(([dx, dy]) => Math.hypot(x - dx, y - dy) <= o.doorReachM);

  const stateOf = (device: string, ts: number): DeviceState => {
    let state = devices.get(device);
    if (!state) {
      state = {
        inside: false,
        arrivedAt: 0,
        nats: 0,
        since: ts,
        deepest: Number.NEGATIVE_INFINITY,
        lastInside: 0,
        lastSeen: ts,
        farAt: null,
        fixes: 0,
        followed: false,
        sawComeIn: false,
        lowAt: -1,
        heldFor: 0,
        heldSince: ts,
        recent: [],
        leaptAt: null,
        afterLeap: 0,
      };
      devices.set(device, state);
    }
    return state;
  };

  /** What one fix (`atDoor`: within reach of a door) adds to the log-odds for inside, given the state so far. */
  const evidence = (fix: Fix, state: DeviceState, atDoor: boolean): number => {
    const { deepest, fixes } = state;
    if (fix.level !== frame.groundLevel) return o.otherLevelNats;
    const odds = Number.isFinite(fix.insideOdds) ? fix.insideOdds! : undefined;
    const inOutline = contains(outline, fix.x, fix.y);
    const depth = depthOf(fix.x, fix.y);
    const deep =
      inOutline && (state.leaptAt !== null || depth >= Math.min(o.depthM + fix.accuracy / 2, mostDepth));
    const step = Number.isFinite(fix.louderDb) && atDoor ? stepNats(fix.louderDb!) : 0;
    if (odds === undefined) return (deep ? o.plainFixNats : 0) + step;
    // Not held to the shop's depth like `deep`: a shallow shop has no "well inside".
    const wellInside = fixes >= o.wellInsideAfterFixes && inOutline && depth >= o.wellInsideM + fix.accuracy;
    if (wellInside) return Math.max(0, odds) + step;
    if (deep || odds < 0) return odds + step;
    if (!inOutline) return step;
    const deeper = Math.max(0, Math.min(1, (depth - deepest) / o.shallowGainM));
    return deeper * Math.max(0, Math.min(o.shallowNats, odds - o.shallowNats)) + step;
  };
  const stepNats = (louderDb: number) => {
    const [w, s] = [o.windowLossDb, o.stepSigmaDb];
    return Math.max(STEP_NATS[0], Math.min(STEP_NATS[1], (louderDb * w - (w * w) / 2) / (s * s)));
  };

  const couldBeInside = (fix: Fix): boolean =>
    fix.level !== frame.groundLevel ||
    (contains(outline, fix.x, fix.y) && !((fix.insideOdds ?? 0) <= -o.outsideNats));

  /** Notes a fix's counted belief: whether it rose as a shopper's does. */
  const noteRise = (state: DeviceState, belief: number) => {
    state.followed = true;
    if (belief <= o.riseFromNats) state.lowAt = state.fixes;
    const quick = state.lowAt < 0 || state.fixes - state.lowAt <= o.riseWithinFixes;
    if (belief >= o.beliefAtLeast && (quick || belief >= o.slowRiseNats)) state.sawComeIn = true;
  };

  /** Notes a fix's counted belief; whether a leap at the door has now been held long enough. */
  const followLeap = (state: DeviceState, fix: Fix, belief: number, atDoor: boolean): boolean => {
    const recent = state.recent;
    recent.push({ belief, nearDoor: atDoor });
    if (recent.length > o.jumpFixes + 1) recent.shift();
    const from = recent[0]!.belief;
    if (
      state.leaptAt === null &&
      recent.length > o.jumpFixes &&
      from <= o.jumpFrom &&
      belief >= o.jumpTo &&
      belief - from >= o.jumpNats &&
      recent.some((r) => r.nearDoor)
    )
      state.leaptAt = fix.ts;
    if (state.leaptAt === null) return false;
    state.afterLeap = belief >= o.afterJumpNats ? state.afterLeap + 1 : 0;
    return state.afterLeap >= o.afterJumpFixes;
  };

  const arrive = (fix: Fix, state: DeviceState, since: number): ArrivalEvent[] => {
    state.inside = true;
    state.arrivedAt = since;
    state.lastInside = fix.ts;
    return [{ type: 'arrival', ts: fix.ts, device: fix.device, since }];
  };

  const depart = (device: string, state: DeviceState, ts: number): ArrivalEvent[] => {
    devices.delete(device);
    return state.inside ? [{ type: 'departure', ts, device, arrived_at: state.arrivedAt }] : [];
  };

  return {
    update(fix) {
      if (!Number.isFinite(fix.x) || !Number.isFinite(fix.y) || !Number.isFinite(fix.accuracy)) return [];
      const state = stateOf(fix.device, fix.ts);
      if (fix.ts < state.lastSeen) return [];
      state.lastSeen = fix.ts;
      if (state.inside) {
        if (couldBeInside(fix)) state.lastInside = fix.ts;
        else if (fix.ts - state.lastInside >= o.leaveAfterMs) return depart(fix.device, state, fix.ts);
        return [];
      }
      const vetoed = state.farAt !== null && fix.ts - state.farAt < o.outdoorFreshMs;
      const before = state.nats;
      const atDoor = nearDoor(fix.x, fix.y);
      const added = Math.min(o.fixNats, evidence(fix, state, atDoor));
      state.nats = vetoed ? 0 : Math.max(0, before + added);
      if (before === 0 && state.nats > 0) state.since = fix.ts;
      state.deepest =
        state.nats === 0
          ? Number.NEGATIVE_INFINITY
          : fix.level === frame.groundLevel
            ? Math.max(state.deepest, depthOf(fix.x, fix.y))
            : state.deepest;
      state.fixes += 1;
      const belief = fix.level === frame.groundLevel ? fix.insideBelief : undefined;
      const counted = Number.isFinite(belief) && state.fixes > o.beliefAfterFixes;
      if (counted) noteRise(state, belief!);
      if (counted && belief! >= o.heldBeliefNats) {
        if (state.heldFor === 0) state.heldSince = fix.ts;
        state.heldFor += 1;
      } else state.heldFor = 0;
      const held = !vetoed && state.heldFor >= o.heldBeliefFixes;
      if (counted && followLeap(state, fix, belief!, atDoor) && !vetoed)
        return arrive(fix, state, state.leaptAt!);
      if (state.nats < (state.leaptAt === null ? o.arriveNats : o.leaptArriveNats))
        return held ? arrive(fix, state, state.heldSince) : [];
      // A phone the door filter followed on the ground floor and never saw come in waits for a sum as high
      // as no passer-by's: beacons heard through the shop window add up too (bench:arrival: 2.7% of
      // passers-by taken without this, 0.7% with it). Upstairs too: such a phone "upstairs" is more likely
      // on the pavement, every reading a shop window's loss quieter, taken for a floor's slab away
      // (bench:arrival, the two-level store, beacons declared 4 dB lower: 12 passers-by of 600 had fixes
      // upstairs, one was taken so). A phone the filter has not followed (a source without it, or a phone
      // first heard upstairs, only reachable from inside) is not held back.
      const sawComeIn = state.sawComeIn || (belief === undefined && !state.followed);
      if (!sawComeIn && state.nats < o.sumWithoutBelief) return [];
      return arrive(fix, state, state.since);
    },

    outdoor(report) {
      const numbers = [report.ts, report.distance_m, report.accuracy_m];
      if (typeof report.device !== 'string' || !numbers.every(Number.isFinite)) return [];
      const state = stateOf(report.device, report.ts);
      const far = report.distance_m - report.accuracy_m > o.outdoorVetoM;
      state.farAt = far ? report.ts : null;
      if (far && state.inside) return depart(report.device, state, report.ts);
      if (far) {
        state.nats = 0;
        state.deepest = Number.NEGATIVE_INFINITY;
      }
      return [];
    },

    tick(now) {
      const events: ArrivalEvent[] = [];
      for (const [device, state] of devices) {
        const silent = now - state.lastSeen >= o.leaveAfterMs;
        if (silent || (state.inside && now - state.lastInside >= o.leaveAfterMs)) {
          events.push(...depart(device, state, now));
        }
      }
      return events;
    },

    isInside: (device) => devices.get(device)?.inside === true,
  };
}

/** How deep the outline's innermost point lies, by `depthOf`, roughly. */
function deepestPoint(outline: ZoneShape, depthOf: (x: number, y: number) => number): number {
  const [minX, minY, maxX, maxY] = outline.bbox;
  const steps = 64;
  let deepest = 0;
  for (let i = 0; i <= steps; i++) {
    for (let j = 0; j <= steps; j++) {
      const x = minX + ((maxX - minX) * i) / steps;
      const y = minY + ((maxY - minY) * j) / steps;
      if (contains(outline, x, y)) deepest = Math.max(deepest, depthOf(x, y));
    }
  }
  return deepest;
}
