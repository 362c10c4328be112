/**
 * A phone's outdoor location as the mini-program reports it from `wx.getLocation`: about every 10 s, the
 * distance from the store's registered point with a GPS-like error of 10–40 m (each phone its own), and
 * the accuracy the phone claims. Some phones first hand over a stale cached location from kilometres
 * away (the last place they had a satellite fix), before their first fresh one.
 */
import type { Point, Random } from '../positioning/index.js';

/** Shaped like the visits domain's OutdoorReport, so a caller can pass it straight on. */
export interface LocationReport {
  ts: number;
  device: string;
  distance_m: number;
  accuracy_m: number;
}

const PERIOD_MS = 10_000;
const JITTER_MS = 1_000;

export interface LocationTrack {
  device: string;
  /** First and last moment the mini-program is open, ms since the epoch. */
  from: number;
  to: number;
  /** Where the phone truly is at `ts`, in the store frame. */
  at(ts: number): Point;
  /** The store's registered point, in the store frame. */
  store: Point;
  stale: boolean;
}

export function locationReports(track: LocationTrack, rng: Random): LocationReport[] {
  const { device, store } = track;
  const accuracy = 10 + 30 * rng.next();
  const reports: LocationReport[] = [];
  if (track.stale) {
    reports.push({
      ts: track.from,
      device,
      distance_m: Math.round(1000 + 4000 * rng.next()),
      accuracy_m: 65,
    });
  }
  for (
    let ts = track.from + PERIOD_MS * rng.next();
    ts <= track.to;
    ts += PERIOD_MS + JITTER_MS * (2 * rng.next() - 1)
  ) {
    const [x, y] = track.at(ts);
    // Radial error of about `accuracy` (σ per axis = accuracy / √2), as a phone's accuracy circle means.
    const ex = (accuracy / Math.SQRT2) * rng.gaussian();
    const ey = (accuracy / Math.SQRT2) * rng.gaussian();
    const distance = Math.hypot(x + ex - store[0], y + ey - store[1]);
    reports.push({
      ts: Math.round(ts),
      device,
      distance_m: Math.round(distance),
      accuracy_m: Math.round(accuracy),
    });
  }
  return reports;
}
