/**
 * Which level a device is on. Floors attenuate by 15-25 dB, so the level whose own anchors are loudest
 * (relative to their txPower) is almost always the right one; near an escalator or atrium both levels are
 * heard alike and a naive argmax flickers. Hysteresis fixes that: another level must win by a margin in
 * several consecutive scans before the device moves there.
 */
import type { Scan } from './scan.js';
import type { SiteModel } from './site-model.js';

export interface LevelTrack {
  level: number;
  /** The level that has been winning, and for how many scans in a row. */
  challenger: number;
  streak: number;
}

export interface LevelOptions {
  /** How much louder (dB) the other level must be. */
  marginDb: number;
  /** For how many consecutive scans. */
  scans: number;
}

export const DEFAULT_LEVEL_OPTIONS: LevelOptions = { marginDb: 3, scans: 2 };

/** How many of a level's loudest anchors vote: one alone is at the mercy of a fade. */
const VOTERS = 3;

/** Loudness per level: mean (rssi - txPower) of its loudest anchors in the scan. */
export function levelLoudness(model: SiteModel, scan: Scan): Map<number, number> {
  const sums = new Map<number, { sum: number; n: number }>();
  for (let i = 0; i < scan.anchors.length; i++) {
    const anchor = model.anchors[scan.anchors[i]!]!;
    const entry = sums.get(anchor.level) ?? { sum: 0, n: 0 };
    if (entry.n < VOTERS) {
      entry.sum += scan.rssi[i]! - anchor.txPower;
      entry.n += 1;
      sums.set(anchor.level, entry);
    }
  }
  const loudness = new Map<number, number>();
  // A level heard through fewer anchors counts as if the missing ones were at the edge of hearing.
  for (const [level, { sum, n }] of sums) loudness.set(level, (sum - (VOTERS - n) * 40) / VOTERS);
  return loudness;
}

export function loudestLevel(loudness: Map<number, number>, fallback: number): number {
  let best = fallback;
  let bestScore = Number.NEGATIVE_INFINITY;
  for (const [level, score] of loudness) {
    if (score > bestScore) {
      best = level;
      bestScore = score;
    }
  }
  return best;
}

export function startLevel(model: SiteModel, scan: Scan): LevelTrack {
  const level = loudestLevel(levelLoudness(model, scan), model.levels[0] ?? 0);
  return { level, challenger: level, streak: 0 };
}

/** Updates the track in place; returns whether the level changed. */
export function followLevel(
  track: LevelTrack,
  model: SiteModel,
  scan: Scan,
  options: LevelOptions = DEFAULT_LEVEL_OPTIONS,
): boolean {
  const loudness = levelLoudness(model, scan);
  const best = loudestLevel(loudness, track.level);
  const current = loudness.get(track.level) ?? Number.NEGATIVE_INFINITY;
  if (best === track.level || loudness.get(best)! - current < options.marginDb) {
    track.streak = 0;
    return false;
  }
  track.streak = best === track.challenger ? track.streak + 1 : 1;
  track.challenger = best;
  if (track.streak < options.scans) return false;
  track.level = best;
  track.streak = 0;
  return true;
}
