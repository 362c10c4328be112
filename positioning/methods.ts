/**
 * Ways to turn one Scan into a position. `engine` is the product; the other three are the baselines the
 * benchmark measures it against, run through the same shell (validation, scan windows, receiver offset,
 * level detection) so that the comparison is about the positioning alone.
 */
import type { DeviceState } from './device-state.js';
import { DEFAULT_KALMAN_OPTIONS, type KalmanOptions, type Smoother, smoother } from './kalman.js';
import {
  DEFAULT_PARTICLE_OPTIONS,
  emptyCloud,
  estimate,
  move,
  type ParticleOptions,
  resample,
  scatter,
  weigh,
} from './particle-filter.js';
import { createRandom } from './random.js';
import type { Scan } from './scan.js';
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
  kalman: KalmanOptions;
  /** Accuracy radius = scale × √(spread² + floor²): the cloud's spread misses biases it cannot see. */
  accuracyScale: number;
  accuracyFloorM: number;
}

export const DEFAULT_METHOD_OPTIONS: MethodOptions = {
  particles: DEFAULT_PARTICLE_OPTIONS,
  kalman: DEFAULT_KALMAN_OPTIONS,
  accuracyScale: 1.2,
  accuracyFloorM: 1,
};

/** `dt` is seconds since the device's previous fix; `fresh` means its filters must start over. */
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
 * Particle filter (map-aware, raw RSSI likelihood), seeded and re-seeded by weighted trilateration,
 * smoothed by a speed-limited constant-velocity Kalman filter, snapped to where a shopper can stand.
 */
function engineMethod(model: SiteModel, options: MethodOptions, kalman: Smoother): Method {
  const po = options.particles;
  const injected = Math.round(po.count * po.injection);
  return (device, scan, level, dt, fresh) => {
    const plan = planOf(model, level);
    const rng = createRandom(device.rng);
    const fit = trilaterate(rangesOf(model, scan, level, po.anchorsPerScan), true);
    if (fresh || !device.cloud || device.cloud.x.length !== po.count) {
      if (!fit) return null;
      device.cloud = emptyCloud(po.count);
      scatter(device.cloud, plan, fit.x, fit.y, 3, rng);
      device.track = null;
    } else {
      move(device.cloud, plan, dt, rng, po);
    }
    const cloud = device.cloud;
    weigh(cloud, model, scan, level, po);
    const cloudEstimate = estimate(cloud);
    if (resample(cloud, rng) && fit && injected > 0) {
      scatter(cloud, plan, fit.x, fit.y, 2, rng, po.count - injected);
    }
    device.rng = rng.state();

    const sigma = Math.max(0.5, cloudEstimate.spread);
    device.track = device.track
      ? kalman.step(device.track, dt, cloudEstimate.x, cloudEstimate.y, sigma)
      : kalman.start(cloudEstimate.x, cloudEstimate.y, sigma);
    const [x, y] = plan.nearestFree(device.track.mean[0]!, device.track.mean[1]!);
    const spread = Math.hypot(cloudEstimate.spread, x - cloudEstimate.x, y - cloudEstimate.y);
    return { x, y, accuracy: options.accuracyScale * Math.hypot(spread, options.accuracyFloorM) };
  };
}
