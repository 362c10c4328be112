/**
 * Beacons gone quiet: a flat battery, a beacon knocked off its shelf or taken down for a refit. The
 * likelihood holds a beacon that was not heard against spots where it would surely have been
 * (likelihood.ts); one that no longer sends is never heard, so every phone near it is pushed away from it
 * (bench, one beacon in seven gone quiet, seed 7: the open floor's p90 4.32 m where the store mapped
 * without them gives 3.19 m; dense shelving 3.90 against 3.32 m; 3.49 and 3.43 m with this). So the
 * store counts, for each beacon, the scans since anyone last heard it in which a phone that hears well
 * stood where a reference phone reads it at QUIET_BAR_DBM or louder; after QUIET_AFTER_SCANS of them its
 * silence tells nothing, until it is heard again. Staff learn of it from the console's beacon alerts (beacons/); meanwhile the blue
 * dots stay right.
 *
 * The door filter and the inside odds (arrival) go on counting such a beacon's silence, as the map has it:
 * a quiet beacon near the façade was evidence of the pavement, and without it passers-by under harsh radio
 * looked inside (bench:arrival --radio '{"quietShare":0.15}', seed 7: 13–15 passers-by of 150 taken in each
 * harsh-radio store instead of 3–4). Deciding who came in, the engine would rather be late than welcome a
 * passer-by.
 *
 * Part of the SiteModel's learnt state, like the radio map: one count per beacon for the whole store, so
 * a working beacon is cleared by whichever phone hears it next.
 */
import type { Scan } from './scan.js';
import type { SiteModel } from './site-model.js';

/** Expected this loud by a reference phone at the fix, a beacon is heard in all but a few scans. */
const QUIET_BAR_DBM = -75;
/**
 * Such scans, across the store's phones, without it heard. A beacon that works misses one scan in five
 * at worst (the harsh radio's dropouts), and a spot where a shelf or a wall hides it is left behind as
 * phones move on: bench:positioning (seeds 7 and 11, every store) marked no working beacon with 15, some
 * in the harsh radio with 10.
 */
const QUIET_AFTER_SCANS = 20;
/** A scan that heard fewer beacons of its level than this is the phone's trouble, not the beacons'. */
const HEARD_WELL = 3;

export interface QuietBeacons {
  /** Per anchor index: scans that should have heard it since it was last heard. */
  unheard: Int32Array;
  /** Per anchor index: 1 once its silence no longer counts. */
  quiet: Uint8Array;
}

export function quietBeacons(anchors: number): QuietBeacons {
  return { unheard: new Int32Array(anchors), quiet: new Uint8Array(anchors) };
}

/**
 * One closed scan: its beacons are heard, whoever heard them; and, when `judged` (a phone whose offset has
 * settled, which the door filter believes inside), the beacons of `level` it should have heard at (x, y)
 * and did not are one scan nearer to quiet.
 */
export function noteHearing(
  model: SiteModel,
  scan: Scan,
  level: number,
  x: number,
  y: number,
  judged: boolean,
): void {
  const { unheard, quiet } = model.quietBeacons;
  let heardOnLevel = 0;
  for (const a of scan.anchors) {
    unheard[a] = 0;
    quiet[a] = 0;
    if (model.anchors[a]!.level === level) heardOnLevel += 1;
  }
  if (!judged || heardOnLevel < HEARD_WELL) return;
  for (const a of model.anchorsOn.get(level) ?? []) {
    if (scan.anchors.includes(a)) continue;
    if (model.expectedRssi(a, x, y, level) < QUIET_BAR_DBM) continue;
    unheard[a]! += 1;
    if (unheard[a]! >= QUIET_AFTER_SCANS) quiet[a] = 1;
  }
}

/** The ids of the beacons gone quiet: kept with the store's learnt radio (radio-learner.ts). */
export function quietIds(model: SiteModel): string[] {
  const { quiet } = model.quietBeacons;
  return model.anchors.flatMap((a, i) => (quiet[i] ? [a.id] : []));
}

/** Takes these beacons as gone quiet, as a store's earlier engine found them, until one is heard. */
export function adoptQuiet(model: SiteModel, ids: readonly string[]): void {
  for (const id of ids) {
    const i = model.anchorIndex.get(id);
    if (i !== undefined) model.quietBeacons.quiet[i] = 1;
  }
}
