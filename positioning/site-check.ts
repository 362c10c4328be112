/**
 * Checks a Site read from JSON before the engine compiles it. A level without an outline is a
 * configuration error; a site that gives no levels at all is positioned within the box around each floor's
 * beacons (the fixes need a floor to stay on, and a list of beacons is all some sites have); a bad anchor
 * is not worth losing the whole store for, so it is dropped (or, for a missing height or power, given the
 * usual one). `warn` says what was dropped or assumed, and why.
 */
import { canonicalAnchorId } from './observation-check.js';
import { DEFAULT_LEVEL_HEIGHT_M } from './site-model.js';
import type { Anchor, Site, SurveyPoint } from './types.js';

export class SiteError extends Error {
  readonly code = 'SS_ERR_SITE_INVALID';
}

/** RSSI at 1 m most iBeacons advertise: the power of an anchor whose site entry has none, dBm. */
const USUAL_TX_POWER = -59;
/** Where ceiling beacons hang above their floor: the height of an anchor whose site entry has none, m. */
const USUAL_MOUNT_M = 3;
/**
 * A site that gives no levels is positioned within the box around each floor's beacons, this far beyond
 * them, metres: stores hang their beacons a few metres in from the walls (half a grid's spacing).
 */
const OUTLINE_BEYOND_BEACONS_M = 5;

const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isRing = (v: unknown): boolean =>
  Array.isArray(v) &&
  v.length >= 3 &&
  v.every((p) => Array.isArray(p) && p.length >= 2 && isNumber(p[0]) && isNumber(p[1]));

/** Returns the site, or throws a SiteError naming the first problem that leaves nothing to position in. */
export function checkSite(value: unknown, warn: (why: string) => void = () => {}): Site {
  const fail = (why: string): never => {
    throw new SiteError(`SS_ERR_SITE_INVALID: ${why}`);
  };
  if (typeof value !== 'object' || value === null) fail('not an object');
  const site = value as Record<string, unknown>;
  if (typeof site.id !== 'string') fail('id must be a string');
  if (site.levels !== undefined && !Array.isArray(site.levels)) fail('levels must be an array');
  if (!Array.isArray(site.anchors)) fail('anchors must be an array');
  // No levels: a floor per level the beacons name (0 where they name none), boxed around its beacons.
  const drawn = !Array.isArray(site.levels) || site.levels.length === 0;
  const anchorsIn = drawn
    ? (site.anchors as Record<string, unknown>[]).map((a) =>
        a && typeof a === 'object' && a.level === undefined ? { ...a, level: 0 } : a,
      )
    : (site.anchors as Record<string, unknown>[]);
  const levelsIn = drawn ? levelsAround(anchorsIn, warn) : (site.levels as Record<string, unknown>[]);
  if (levelsIn.length === 0) fail('no levels, and no beacons to draw one around');
  for (const level of levelsIn) {
    if (!Number.isInteger(level?.level)) fail('each level needs an integer level');
    if (!isRing(level.outline)) fail(`level ${level.level}: outline needs at least three [x, y] points`);
    if (!Array.isArray(level.obstacles ?? []) || !((level.obstacles ?? []) as unknown[]).every(isRing)) {
      fail(`level ${level.level}: obstacles must be rings of [x, y] points`);
    }
    if (level.openings !== undefined && !(Array.isArray(level.openings) && level.openings.every(isRing))) {
      fail(`level ${level.level}: openings must be rings of [x, y] points`);
    }
  }
  if (site.pathLossExponent !== undefined && !isNumber(site.pathLossExponent))
    fail('pathLossExponent must be a number');
  if (site.levelHeight !== undefined && !(isNumber(site.levelHeight) && site.levelHeight > 0))
    fail('levelHeight must be a positive number');
  const levelHeight = (site.levelHeight as number | undefined) ?? DEFAULT_LEVEL_HEIGHT_M;
  const levels = new Set(levelsIn.map((l) => l.level as number));
  const seen = new Set<string>();
  const anchors: Anchor[] = [];
  for (const a of anchorsIn) {
    const id = typeof a?.id === 'string' ? canonicalAnchorId(a.id) : '';
    const skip = (why: string) => warn(`anchor ${id || JSON.stringify(a?.id)} skipped: ${why}`);
    if (!id) skip('its id must be a non-empty string');
    else if (seen.has(id)) skip('listed twice (the first is kept)');
    else if (!isNumber(a.x) || !isNumber(a.y)) skip('x and y must be numbers');
    else if (!levels.has(a.level as number)) skip(`level ${String(a.level)} is not one of the site's levels`);
    else {
      const level = a.level as number;
      if (!isNumber(a.z)) warn(`anchor ${id}: no z, taken as ${USUAL_MOUNT_M} m above its floor`);
      if (!isNumber(a.txPower))
        warn(`anchor ${id}: no txPower, taken as ${USUAL_TX_POWER} dBm until a reading carries its own`);
      seen.add(id);
      // Only this check may mark a txPower as assumed: a site file saying so must not let a reading replace its own.
      const { txPowerAssumed: _fromFile, ...given } = a;
      anchors.push({
        ...(given as unknown as Anchor),
        id,
        z: isNumber(a.z) ? a.z : level * levelHeight + USUAL_MOUNT_M,
        ...(isNumber(a.txPower) ? { txPower: a.txPower } : { txPower: USUAL_TX_POWER, txPowerAssumed: true }),
      });
    }
  }
  if (anchors.length === 0) fail('no usable anchors');
  const { survey: given, ...rest } = site as unknown as Site;
  const survey = given === undefined ? undefined : checkSurvey(given, levels, warn);
  return {
    ...rest,
    levels: (levelsIn as unknown as Site['levels']).map((l) => ({ ...l, obstacles: l.obstacles ?? [] })),
    anchors,
    ...(survey ? { survey } : {}),
  };
}

/** A level per level the anchors name, its outline the box OUTLINE_BEYOND_BEACONS_M beyond its anchors. */
function levelsAround(
  anchors: readonly Record<string, unknown>[],
  warn: (why: string) => void,
): Record<string, unknown>[] {
  const boxes = new Map<number, [number, number, number, number]>();
  for (const a of anchors) {
    if (!a || !Number.isInteger(a.level) || !isNumber(a.x) || !isNumber(a.y)) continue;
    const box = boxes.get(a.level as number) ?? [a.x, a.y, a.x, a.y];
    boxes.set(a.level as number, [
      Math.min(box[0], a.x),
      Math.min(box[1], a.y),
      Math.max(box[2], a.x),
      Math.max(box[3], a.y),
    ]);
  }
  const m = OUTLINE_BEYOND_BEACONS_M;
  return [...boxes].map(([level, [x0, y0, x1, y1]]) => {
    warn(`level ${level}: the site gives no levels; its floor taken as the box ${m} m around its beacons`);
    return {
      level,
      outline: [
        [x0 - m, y0 - m],
        [x1 + m, y0 - m],
        [x1 + m, y1 + m],
        [x0 - m, y1 + m],
      ],
      obstacles: [],
    };
  });
}

/**
 * A survey's spots with what each heard; a spot or reading that cannot be used is left out, and `warn`
 * says how many (one line, not one per spot: a walk has hundreds). Undefined when none is left.
 */
function checkSurvey(
  value: unknown,
  levels: ReadonlySet<number>,
  warn: (why: string) => void,
): SurveyPoint[] | undefined {
  if (!Array.isArray(value)) {
    warn('survey skipped: it must be an array of spots');
    return undefined;
  }
  let badSpots = 0;
  let badReadings = 0;
  const spots: SurveyPoint[] = [];
  for (const p of value as Record<string, unknown>[]) {
    if (!levels.has(p?.level as number) || !isNumber(p.x) || !isNumber(p.y) || !Array.isArray(p.beacons)) {
      badSpots += 1;
      continue;
    }
    const beacons = (p.beacons as Record<string, unknown>[]).filter((b) => {
      const ok =
        typeof b?.anchor === 'string' &&
        isNumber(b.rssi) &&
        b.rssi >= -127 &&
        b.rssi <= 20 &&
        (b.readings === undefined || (Number.isInteger(b.readings) && (b.readings as number) > 0));
      if (!ok) badReadings += 1;
      return ok;
    });
    spots.push({
      level: p.level as number,
      x: p.x,
      y: p.y,
      beacons: beacons.map((b) => ({
        anchor: b.anchor as string,
        rssi: b.rssi as number,
        readings: (b.readings as number | undefined) ?? 1,
      })),
    });
  }
  if (badSpots > 0) warn(`survey: ${badSpots} spot(s) skipped (each needs a site level, x, y and beacons)`);
  if (badReadings > 0)
    warn(`survey: ${badReadings} reading(s) skipped (each needs an anchor, an rssi in dBm, readings ≥ 1)`);
  return spots.length > 0 ? spots : undefined;
}
