/**
 * How loud this store's phones read its beacons, against what the beacons declare. The inside odds and
 * the door filter fit each scan's offset under a prior on phones' offsets; centred on the declared powers,
 * that prior let the declared level decide how a quiet scan is read: heard through the shop window, or a
 * deaf phone inside. Declared powers differ from store to store (a manufacturer's "measured power" is what a phone
 * reads at 1 m, fading and the holder's body included; a fitted calibration walk the same; a nominal
 * figure a few dB more), and the recogniser took two to ten times the passers-by where the beacons
 * declare what phones read (bench:arrival --declared=-4, --walked). What the store's phones read is known
 * once they are inside: each phone the door filter believes inside gives the mean residual of its scans
 * there, against the path-loss model alone (as the odds read them), and the store's level is the median
 * of its recent phones. The odds' prior is then centred MARGIN_DB above it. Pure data, kept with the
 * store's learnt radio.
 */

import { DEFAULT_EXPONENT } from './path-loss.js';
import type { LearntRadio } from './radio-learner.js';
import type { Site } from './types.js';

/** One phone's mean residual over its first scans believed inside, dB, and when it was taken. */
export interface PhoneNote {
  device: string;
  db: number;
  ts: number;
}

/** The notes of a store's phones, with what they were measured against. */
export interface PhoneNotes {
  /** `levelBasis` of the site they were measured on: another calibration, another level. */
  basis: string;
  notes: PhoneNote[];
}

/** A phone's scans believed inside, so far this visit. */
export interface InsideScans {
  sum: number;
  scans: number;
}

/** Scans believed inside after which a phone's mean counts: a visit's first quarter-minute. */
export const SETTLED_SCANS = 15;
/** The store's level is the median of this many most recent phones... */
const MOST_PHONES = 200;
/** ...once there are this many. */
const LEAST_PHONES = 5;
/**
 * The odds' prior on a phone's offset is centred this far above the store's level: a lean towards
 * "outside" for a quiet scan, as the recogniser's thresholds were tuned with. They were tuned where the
 * beacons declare what the simulator's radio gives before fading and bodies, and bench:arrival's phones
 * read 0.5–4.1 dB below that (seeds 7 and 11). 2 and 4 dB measured about the same (one or two people of
 * 150 either way in a store).
 */
export const MARGIN_DB = 3;

/** Adds a phone's note, replacing its earlier one and dropping the oldest beyond MOST_PHONES. */
export function notePhone(notes: PhoneNote[], note: PhoneNote): void {
  const at = notes.findIndex((n) => n.device === note.device);
  if (at >= 0) notes.splice(at, 1);
  notes.push(note);
  if (notes.length > MOST_PHONES) notes.splice(0, notes.length - MOST_PHONES);
}

/** The store's phones' level, dB against the declared powers; null until LEAST_PHONES have told. */
export function phoneLevel(notes: readonly PhoneNote[]): number | null {
  if (notes.length < LEAST_PHONES) return null;
  const sorted = notes.map((n) => n.db).sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/**
 * Where the odds' prior on a phone's offset is centred, dB against the declared powers. Before the store's
 * phones have told, they are taken to read what the beacons declare: that is what an iBeacon's measured
 * power means. (The simulator's beacons declare more, so bench:arrival's stores are a little slower to
 * recognise their first minutes' shoppers: two of 150 missed on the open floor with seed 11.)
 */
export function oddsCentre(notes: readonly PhoneNote[]): number {
  return (phoneLevel(notes) ?? 0) + MARGIN_DB;
}

/**
 * What a phone's level is measured against: the beacons' declared powers (their mean: a store declares
 * them all by one rule) and the path-loss exponent. A calibration walk changes both, and the notes taken
 * before no longer hold.
 */
export function levelBasis(site: Site): string {
  const anchors = site.anchors;
  const mean = anchors.reduce((sum, a) => sum + a.txPower, 0) / Math.max(1, anchors.length);
  return `${site.pathLossExponent ?? DEFAULT_EXPONENT}|${mean.toFixed(2)}`;
}

/**
 * What `learnt` says of the phones of the store `site` describes, for its staff: their level (null until
 * known) and of how many phones; none when the notes were measured against other declared powers.
 */
export function phonesHeard(
  site: Site,
  learnt: LearntRadio | undefined,
): { levelDb: number | null; phones: number } {
  const notes = notesOn(levelBasis(site), learnt);
  const level = phoneLevel(notes);
  return { levelDb: level === null ? null : Math.round(level * 10) / 10, phones: notes.length };
}

/**
 * The notes `learnt` holds that were measured on `basis`: none when they were taken against other declared
 * powers (before a calibration walk, say), where they would mislead.
 */
export const notesOn = (basis: string, learnt: LearntRadio | undefined): readonly PhoneNote[] =>
  learnt?.phones?.basis === basis ? learnt.phones.notes : [];
