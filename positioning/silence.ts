/**
 * How often this phone misses a beacon it should surely have heard. A silent beacon counts against the
 * positions where it would be loud (likelihood.ts) by the log of how unlikely its silence is there; that
 * depends on the phone (an Android phone's throttled scans, a case, a busy radio), not on the store, so
 * each device learns its own rate from its fixes: of the beacons expected at least 10 dB above "surely
 * heard" where it was placed, the share its scan did not carry.
 */
export interface Silence {
  /** Beacons expected surely heard, counted with a fading memory. */
  sure: number;
  /** Of those, the ones the scans did not carry. */
  missed: number;
}

/** Scans' worth of memory: a phone's scanning changes when it is put away or taken out. */
const MEMORY = 0.995;
/** Prior: 10 sure beacons of which 1.5 missed, the 15% real stores' scans drop. */
const PRIOR_SURE = 10;
const PRIOR_MISSED = 1.5;
/**
 * The penalty never rises above 2 nats, its value before it was learnt (−ln 0.135): a phone that misses
 * nothing would otherwise make every silence a wall, and a fix misplaced by metres sees beacons "missed"
 * that were never near. Nor below 0.25: a beacon near the phone that stays silent still says something.
 */
const MOST_NATS = 2;
const LEAST_NATS = 0.25;

export function noteSilence(silence: Silence | undefined, sure: number, missed: number): Silence {
  const was = silence ?? { sure: 0, missed: 0 };
  return { sure: was.sure * MEMORY + sure, missed: was.missed * MEMORY + missed };
}

/** Nats a surely-heard beacon's silence costs a position, for this phone. */
export function silentPenalty(silence: Silence | undefined): number {
  const rate = ((silence?.missed ?? 0) + PRIOR_MISSED) / ((silence?.sure ?? 0) + PRIOR_SURE);
  return Math.min(MOST_NATS, Math.max(LEAST_NATS, -Math.log(rate)));
}
