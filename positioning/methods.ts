/**
 * Ways to turn one Scan into a position. `engine` is the product; the other three are the baselines the
 * benchmark measures it against, run through the same shell (validation, scan windows, receiver offset,
 * level detection) so that the comparison is about the positioning alone.
 */
import { bestSpot, reachOf, searchArea } from './coarse-search.js';
import type { DeviceState } from './device-state.js';
import { mayBeBeyondWindow } from './door-filter.js';
import { DEFAULT_KALMAN_OPTIONS, type KalmanOptions, type Smoother, smoother } from './kalman.js';
import { knownShare, type LikelihoodOptions, readingsOf, scorer } from './likelihood.js';
import {
  cloudBox,
  DEFAULT_PARTICLE_OPTIONS,
  emptyCloud,
  estimate,
  move,
  type ParticleOptions,
  resample,
  scatter,
  weigh,
} from './particle-filter.js';
import { KERNEL_M } from './radio-map.js';
import { createRandom } from './random.js';
import type { Scan } from './scan.js';
import { noteSilence, silentPenalty } from './silence.js';
import { planOf, type SiteModel } from './site-model.js';
import { rangesOf, trilaterate } from './trilateration.js';

export type MethodName = 'nearest' | 'centroid' | 'least-squares' | 'engine';
export const METHOD_NAMES: readonly MethodName[] = ['nearest', 'centroid', 'least-squares', 'engine'];

export interface Estimate {
  x: number;
  y: number;
  accuracy: number;
}

export interface MethodOptions {
  particles: ParticleOptions;
  likelihood: LikelihoodOptions;
  /**
   * Loudest anchors of the device's level that take part in a scan (at most 32). Every one heard, by
   * default: far readings are noisy in metres but not in dB, which is what the likelihood weighs, and the
   * benchmark measured them as information (6 m grids, 10 → all: median −0.06 to −0.17 m, p90 −0.04 to −0.29 m),
   * not only cost (about a third more per scan where 20 are heard).
   */
  anchorsPerScan: number;
  kalman: KalmanOptions;
  /** Accuracy radius = scale × √(spread² + floor²): the cloud's spread misses biases it cannot see. */
  accuracyScale: number;
  accuracyFloorM: number;
}

export const DEFAULT_METHOD_OPTIONS: MethodOptions = {
  particles: DEFAULT_PARTICLE_OPTIONS,
  likelihood: { rssiSigmaDb: 5, offsetSigmaDb: 8 },
  anchorsPerScan: 32,
  kalman: DEFAULT_KALMAN_OPTIONS,
  accuracyScale: 1,
  accuracyFloorM: 1,
};

/** `dt` is seconds since the device's previous fix; `fresh` means its filters must start over. */
/** The receiver offset prior never gets narrower than this, dB: phones warm up, cases come off. */
const OFFSET_KNOWN_DB = 2;
/**
 * ...nor than this where the level's beacons hang in one line (beacon-line.ts), where an offset learnt in
 * the wrong aisle would hold the phone there: 6 dB let every walker of a 100 × 12 m shop with one row of
 * beacons find its aisle (4 dB: one walker in twelve stayed in the wrong one; 2 dB: three). On a grid of
 * beacons it would cost (stores drawn outside the simulator, 8 m grid: p90 2.76 → 2.93 m), so not there.
 */
const OFFSET_KNOWN_IN_A_LINE_DB = 6;
/** Scans of offset learning after which ranges (and so trilateration) are trusted. */
const RANGES_TRUSTED_AFTER = 10;
/** Misfit of a well-calibrated store (shadowing, fading and bodies together), dB: the radius's reference. */
const TYPICAL_MISFIT_DB = 4;
/** How fast the running misfit follows each scan's. */
const MISFIT_GAIN = 0.1;
/**
 * The likelihood's spread follows the phone's running misfit down (never up: the Huber tails already take
 * a harsher radio, and wider cost the harsh-radio store 0.1 m of p90), as the misfit underestimates it (the
 * fix is where the readings fit best). Held at 5 dB, a clean radio's fixes trailed a walking shopper by
 * 1.5–2 s: the sparse store with shadowing, fading, bodies and dropouts taken out erred 1.70/3.43 m
 * median/p90 (the weighted centroid 1.59/2.70), 1.19/2.97 with this; in the benchmark's radios within
 * ±0.08 m (docs/benchmarks-history.md). 1 gained no more, 1.5 about half as much.
 */
const SIGMA_PER_MISFIT = 1.25;
/** ...down to this, dB: the readings are whole dBm and phones' offsets drift. */
const CLEANEST_SIGMA_DB = 2;
/**
 * A surveyed level's readings sit closer to what the engine expects (the radio map takes the shadowing out):
 * their spread is taken this much narrower. 0.8 (5 → 4 dB) gave the sparse store 1.46/3.51 → 1.27/3.38 m
 * median/p90 and left the harsh radio as it was; 0.7 and 0.6 gained no more.
 */
const SURVEYED_SIGMA = 0.8;
/**
 * Where a map learnt from shoppers is known, the radius is this much wider (a share of it where it is known
 * for a share of the readings): its misfit is low for part of the wrong reason. bench (an hour of shoppers,
 * seeds 7 and 11): the share of true positions inside went from 46-68% to 57-80%.
 */
const LEARNT_WIDER = 0.3;
/**
 * A walker's fix trails them by about this much of their walk, seconds (bench:positioning, the sparse store:
 * along the walk, fixes a median 0.75 m behind), which neither the cloud's spread nor the misfit holds: the
 * radius takes it in, as far as the map is unknown (where it is known the likelihood pulls sharper and the
 * fix lags less: after the 2 m walk, radii with the whole lag held the truth 80–83% of the time). A store
 * drawn outside the simulator (docs/benchmarks-history.md) went from 58% to 63% inside the radius.
 */
const WALKER_LAG_S = 0.75;
/**
 * A survey mapped finer than the 4 m walk's (its kernel under KERNEL_M) errs less than its misfit and
 * cloud tell: the radius shrinks with the kernel, to 0.9 at 1 m. bench:positioning --walk 2, seeds 7 and
 * 11, 600 s: the share of true positions inside the radius 63–79% (1: 75–84%). It was 0.8 while the
 * sparse store's phones learnt no offset after the walk (its fitted powers are what phones read, so few
 * beacons passed the −80 dBm bar) and kept a newcomer's wide radius; learning, 0.8 gave it 57–59%.
 */
const finer = (kernelM: number) => 1 - 0.2 * (1 - kernelM / KERNEL_M);
/** Share of resamplings that also search the whole level for a better place. */
const SEARCH_SHARE = 0.03;

export type Method = (
  device: DeviceState,
  scan: Scan,
  level: number,
  dt: number,
  fresh: boolean,
) => Estimate | null;

export function method(name: MethodName, model: SiteModel, options: MethodOptions): Method {
  switch (name) {
    case 'nearest':
      return (_device, scan, level) => nearest(model, scan, level);
    case 'centroid':
      return (_device, scan, level) => centroid(model, scan, level);
    case 'least-squares':
      return (_device, scan, level) => {
        const fit = trilaterate(rangesOf(model, scan, level, 8), false);
        return fit && { x: fit.x, y: fit.y, accuracy: Math.max(1, fit.residual) };
      };
    case 'engine':
      return engineMethod(model, options, smoother(options.kalman));
  }
}

/** The loudest anchor's position. */
function nearest(model: SiteModel, scan: Scan, level: number): Estimate | null {
  for (let i = 0; i < scan.anchors.length; i++) {
    const a = model.anchors[scan.anchors[i]!]!;
    if (a.level === level)
      return { x: a.x, y: a.y, accuracy: model.radio.distanceFor(a.txPower, scan.rssi[i]!) };
  }
  return null;
}

/** Mean of the four loudest anchors' positions, weighted by 1/d². */
function centroid(model: SiteModel, scan: Scan, level: number): Estimate | null {
  const ranges = rangesOf(model, scan, level, 4);
  if (ranges.r.length === 0) return null;
  let w = 0;
  let x = 0;
  let y = 0;
  for (let i = 0; i < ranges.r.length; i++) {
    const wi = 1 / Math.max(0.5, ranges.r[i]!) ** 2;
    w += wi;
    x += wi * ranges.x[i]!;
    y += wi * ranges.y[i]!;
  }
  x /= w;
  y /= w;
  let spread = 0;
  for (let i = 0; i < ranges.r.length; i++)
    spread += ((ranges.x[i]! - x) ** 2 + (ranges.y[i]! - y) ** 2) / ranges.r.length;
  return { x, y, accuracy: Math.max(1, Math.sqrt(spread)) };
}

/**
 * Particle filter (map-aware, robust RSSI likelihood), started by a coarse search of the level and kept
 * honest by a few particles re-drawn each scan around the weighted trilateration (or, until the receiver
 * offset is known and ranges can be trusted, around the coarse search); then a speed-limited
 * constant-velocity Kalman filter, and a snap to where a shopper can stand.
 */
function engineMethod(model: SiteModel, options: MethodOptions, kalman: Smoother): Method {
  const po = options.particles;
  const injected = Math.round(po.count * po.injection);
  return (device, scan, level, dt, fresh) => {
    const plan = planOf(model, level);
    const readings = readingsOf(model, scan, level, options.anchorsPerScan);
    if (readings.heard === 0) return null;
    // Where the map is known, readings sit closer to what is expected: surveyed, all of it; learnt, the
    // share of this scan's readings whose map is known where the device was.
    const was = !fresh && device.track ? device.track.mean : null;
    const surveyed = model.surveyedLevels.has(level);
    const known = surveyed ? 1 : was ? knownShare(readings, was[0]!, was[1]!) : 0;
    const modelled = options.likelihood.rssiSigmaDb * (1 - (1 - SURVEYED_SIGMA) * known);
    // A radio quieter than the store's model, as this phone's readings show it: weighed as sharply as it is.
    const rssiSigmaDb =
      device.misfitDb > 0
        ? Math.max(CLEANEST_SIGMA_DB, Math.min(modelled, SIGMA_PER_MISFIT * device.misfitDb))
        : modelled;
    const rng = createRandom(device.rng);
    const offsetSigmaDb = Math.max(
      model.beaconsInALine.has(level) ? OFFSET_KNOWN_IN_A_LINE_DB : OFFSET_KNOWN_DB,
      options.likelihood.offsetSigmaDb / Math.sqrt(1 + device.offset.scans),
    );
    // A phone the door filter does not yet believe inside may be beyond the shop window, whose loss its
    // learnt offset then holds: that is not what it can hear.
    const takenOffDb = mayBeBeyondWindow(device.door) ? 0 : device.offset.db;
    // What a silent beacon says depends on how often this phone misses beacons it should hear.
    const likelihood = {
      rssiSigmaDb,
      offsetSigmaDb,
      takenOffDb,
      silentPenalty: silentPenalty(device.silence),
    };
    // The coarse search, within earshot: only when a scan needs it, as the area costs a pass of the lattice.
    const search = () => {
      const area = searchArea(plan, readings);
      return bestSpot(
        plan,
        scorer(readings, model.radio, likelihood, area ? reachOf(area) : undefined),
        area,
      );
    };
    if (fresh || !device.cloud || device.cloud.x.length !== po.count) {
      const spot = search();
      if (!spot) return null;
      if (device.offset.scans === 0) device.offset.db += spot.offset;
      device.cloud = emptyCloud(po.count);
      scatter(device.cloud, plan, spot.x, spot.y, 2, rng);
      device.track = null;
    } else {
      move(device.cloud, plan, dt, rng, po);
    }
    const cloud = device.cloud;
    const score = scorer(readings, model.radio, likelihood, cloudBox(cloud));
    weigh(cloud, score);
    const cloudEstimate = estimate(cloud);
    if (resample(cloud, rng) && injected > 0) {
      // Around the trilateration once ranges can be trusted (the receiver offset is learnt); before that,
      // and now and then after, around the coarse search, which costs a scan of the whole level but finds
      // a device whose cloud started or went astray.
      const trusted = device.offset.scans >= RANGES_TRUSTED_AFTER;
      const fit =
        !trusted || rng.next() < SEARCH_SHARE
          ? search()
          : trilaterate(rangesOf(model, scan, level, options.anchorsPerScan, cloudEstimate));
      if (fit) scatter(cloud, plan, fit.x, fit.y, 2, rng, po.count - injected);
    }
    device.rng = rng.state();

    const sigma = Math.max(0.5, cloudEstimate.spread);
    device.track = device.track
      ? kalman.step(device.track, dt, cloudEstimate.x, cloudEstimate.y, sigma)
      : kalman.start(cloudEstimate.x, cloudEstimate.y, sigma);
    const [x, y] = plan.nearestFree(device.track.mean[0]!, device.track.mean[1]!);
    const spread = Math.hypot(cloudEstimate.spread, x - cloudEstimate.x, y - cloudEstimate.y);
    const { misfit, sure, missed } = score.atFix(x, y);
    device.silence = noteSilence(device.silence, sure, missed);
    return {
      x,
      y,
      accuracy: accuracyRadius(device, spread, misfit, options, model.surveyKernelM.get(level), known),
    };
  };
}

/**
 * The radius meant to hold the truth about 68% of the time. The cloud's spread does not know how noisy
 * this store's radio is; the readings' misfit does, so the radius grows (or shrinks) with it. And a phone
 * seen for a few scans only has an unknown receiver offset: its first fixes are the least sure.
 */
function accuracyRadius(
  device: DeviceState,
  spread: number,
  misfit: number,
  options: MethodOptions,
  surveyKernelM: number | undefined,
  known: number,
): number {
  const surveyed = surveyKernelM !== undefined;
  device.misfitDb =
    device.misfitDb === 0 ? misfit : device.misfitDb + MISFIT_GAIN * (misfit - device.misfitDb);
  // A surveyed level errs about half as much (docs/benchmarks.md): its floors come down with its spread.
  const tighter = surveyed ? SURVEYED_SIGMA : 1;
  // Squared: a reading's error in dB is an error in log-distance, so the position error grows faster
  // than the misfit (a store 20% noisier than typical errs by about 40% more, in the benchmark's radios).
  const noisier = Math.min(2, Math.max(0.75 * tighter, (device.misfitDb / TYPICAL_MISFIT_DB) ** 2));
  const newcomer = 1 + Math.max(0, RANGES_TRUSTED_AFTER - device.offset.scans) / RANGES_TRUSTED_AFTER;
  // A learnt map fits the very readings its fixes were made from, so the misfit understates the error;
  // a fine survey's fixes err less than the misfit says.
  const mapped = surveyed ? finer(surveyKernelM) : 1 + LEARNT_WIDER * known;
  const [, , vx = 0, vy = 0] = device.track?.mean ?? [];
  return Math.hypot(
    WALKER_LAG_S * Math.hypot(vx, vy) * (1 - known),
    options.accuracyScale *
      mapped *
      noisier *
      newcomer *
      Math.hypot(spread, options.accuracyFloorM * tighter ** 2),
  );
}
