/** Checks a Site read from JSON before the engine compiles it: a bad site is a configuration error. */
import { isAnchorId } from './observation-check.js';
import type { Site } from './types.js';

export class SiteError extends Error {
  readonly code = 'SS_ERR_SITE_INVALID';
}

const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isRing = (v: unknown): boolean =>
  Array.isArray(v) &&
  v.length >= 3 &&
  v.every((p) => Array.isArray(p) && p.length >= 2 && isNumber(p[0]) && isNumber(p[1]));

/** Returns the site, or throws a SiteError naming the first problem. */
export function checkSite(value: unknown): Site {
  const fail = (why: string): never => {
    throw new SiteError(`SS_ERR_SITE_INVALID: ${why}`);
  };
  if (typeof value !== 'object' || value === null) fail('not an object');
  const site = value as Record<string, unknown>;
  if (typeof site.id !== 'string') fail('id must be a string');
  if (!Array.isArray(site.levels) || site.levels.length === 0) fail('levels must be a non-empty array');
  for (const level of site.levels as Record<string, unknown>[]) {
    if (!Number.isInteger(level?.level)) fail('each level needs an integer level');
    if (!isRing(level.outline)) fail(`level ${level.level}: outline needs at least three [x, y] points`);
    if (!Array.isArray(level.obstacles ?? []) || !((level.obstacles ?? []) as unknown[]).every(isRing)) {
      fail(`level ${level.level}: obstacles must be rings of [x, y] points`);
    }
    if (level.openings !== undefined && !(Array.isArray(level.openings) && level.openings.every(isRing))) {
      fail(`level ${level.level}: openings must be rings of [x, y] points`);
    }
  }
  if (!Array.isArray(site.anchors) || site.anchors.length === 0) fail('anchors must be a non-empty array');
  const levels = new Set((site.levels as { level: number }[]).map((l) => l.level));
  for (const a of site.anchors as Record<string, unknown>[]) {
    if (typeof a?.id !== 'string' || !isAnchorId(a.id))
      fail(`anchor id ${String(a?.id)} is not "uuid:major:minor"`);
    if (![a.x, a.y, a.z, a.txPower].every(isNumber))
      fail(`anchor ${a.id}: x, y, z and txPower must be numbers`);
    if (!levels.has(a.level as number))
      fail(`anchor ${a.id}: level ${String(a.level)} is not one of the site's levels`);
  }
  if (site.pathLossExponent !== undefined && !isNumber(site.pathLossExponent))
    fail('pathLossExponent must be a number');
  return {
    ...(site as unknown as Site),
    levels: (site as unknown as Site).levels.map((l) => ({ ...l, obstacles: l.obstacles ?? [] })),
  };
}
