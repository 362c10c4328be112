/**
 * Non-linear trilateration by Levenberg-Marquardt: find p minimising Σ wᵢ (|p − aᵢ| − rᵢ)².
 * The range error of a log-distance model grows with the range itself (a 4 dB fade is ±0.5 m at 1 m,
 * ±5 m at 10 m), so weighting by 1/rᵢ² lets near anchors dominate, as they should.
 */

import { correctionAt } from './radio-map.js';
import type { Scan } from './scan.js';
import type { SiteModel } from './site-model.js';

export interface Ranges {
  x: number[];
  y: number[];
  /** Horizontal range to each anchor, metres. */
  r: number[];
}

export interface Trilateration {
  x: number;
  y: number;
  /** Root of the weighted mean squared range residual, metres: how well the ranges agree. */
  residual: number;
}

/** Horizontal ranges to the loudest `limit` anchors of `level` in the scan. */
export function rangesOf(
  model: SiteModel,
  scan: Scan,
  level: number,
  limit: number,
  near?: { x: number; y: number },
): Ranges {
  const ranges: Ranges = { x: [], y: [], r: [] };
  const z = model.deviceZ(level);
  for (let i = 0; i < scan.anchors.length && ranges.r.length < limit; i++) {
    const a = model.anchors[scan.anchors[i]!]!;
    if (a.level !== level) continue;
    const map = near && model.radioMaps[scan.anchors[i]!];
    const rssi = scan.rssi[i]! - (map ? correctionAt(map, near.x, near.y) : 0);
    const d = model.radio.distanceFor(a.txPower, rssi);
    ranges.x.push(a.x);
    ranges.y.push(a.y);
    ranges.r.push(Math.sqrt(Math.max(0, d * d - (a.z - z) ** 2)));
  }
  return ranges;
}

/** `weighted` false gives plain least squares, the textbook baseline. Null with no ranges. */
export function trilaterate(ranges: Ranges, weighted = true): Trilateration | null {
  const n = ranges.r.length;
  if (n === 0) return null;
  const w = ranges.r.map((r) => (weighted ? 1 / Math.max(1, r) ** 2 : 1));
  // Start from the weighted centroid: inside the anchors' hull, so LM cannot start in the mirror minimum.
  let wSum = 0;
  let x = 0;
  let y = 0;
  for (let i = 0; i < n; i++) {
    wSum += w[i]!;
    x += w[i]! * ranges.x[i]!;
    y += w[i]! * ranges.y[i]!;
  }
  x /= wSum;
  y /= wSum;
  if (n < 3) return { x, y, residual: cost(ranges, w, x, y, wSum) };

  let lambda = 1e-2;
  let current = cost(ranges, w, x, y, wSum);
  for (let iter = 0; iter < 12; iter++) {
    let hxx = 0;
    let hxy = 0;
    let hyy = 0;
    let gx = 0;
    let gy = 0;
    for (let i = 0; i < n; i++) {
      const dx = x - ranges.x[i]!;
      const dy = y - ranges.y[i]!;
      const d = Math.max(1e-6, Math.hypot(dx, dy));
      const e = d - ranges.r[i]!;
      const jx = dx / d;
      const jy = dy / d;
      hxx += w[i]! * jx * jx;
      hxy += w[i]! * jx * jy;
      hyy += w[i]! * jy * jy;
      gx += w[i]! * jx * e;
      gy += w[i]! * jy * e;
    }
    const axx = hxx * (1 + lambda);
    const ayy = hyy * (1 + lambda);
    const det = axx * ayy - hxy * hxy;
    if (Math.abs(det) < 1e-12) break;
    const sx = -(ayy * gx - hxy * gy) / det;
    const sy = -(axx * gy - hxy * gx) / det;
    const next = cost(ranges, w, x + sx, y + sy, wSum);
    if (next < current) {
      x += sx;
      y += sy;
      lambda /= 3;
      if (current - next < 1e-6) {
        current = next;
        break;
      }
      current = next;
    } else {
      lambda *= 4;
    }
  }
  return { x, y, residual: current };
}

function cost(ranges: Ranges, w: number[], x: number, y: number, wSum: number): number {
  let sum = 0;
  for (let i = 0; i < ranges.r.length; i++) {
    const e = Math.hypot(x - ranges.x[i]!, y - ranges.y[i]!) - ranges.r[i]!;
    sum += w[i]! * e * e;
  }
  return Math.sqrt(sum / wSum);
}
