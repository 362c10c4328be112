/**
 * Which level a device is on. Floors attenuate by 15-25 dB, so the level whose own anchors are loudest
 * (relative to their txPower) is almost always the right one; near an escalator or atrium both levels are
 * heard alike and a naive argmax flickers. Hysteresis as a CUSUM: each scan adds how much louder the best
 * other level is, less a drift, and the device moves when the sum passes a threshold. A floor's worth of
 * difference moves it in one scan (no lag after an escalator), a few dB of noise never adds up.
 */
import type { Scan } from './scan.js';
import type { SiteModel } from './site-model.js';

export interface LevelTrack {
  level: number;
  /** The level that has been winning, and the evidence for it so far, dB. */
  challenger: number;
  evidence: number;
}

export interface LevelOptions {
  /** Subtracted from each scan's difference: what noise alone can make another level win by, dB. */
  driftDb: number;
  /** Evidence at which the device moves, dB. */
  thresholdDb: number;
}

export const DEFAULT_LEVEL_OPTIONS: LevelOptions = { driftDb: 3, thresholdDb: 8 };

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
  return { level, challenger: level, evidence: 0 };
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
  const lead = best === track.level ? 0 : loudness.get(best)! - (loudness.get(track.level) ?? -100);
  if (best !== track.challenger) track.evidence = 0;
  track.challenger = best;
  track.evidence = Math.max(0, track.evidence + lead - options.driftDb);
  if (track.evidence < options.thresholdDb) return false;
  track.level = best;
  track.evidence = 0;
  return true;
}
