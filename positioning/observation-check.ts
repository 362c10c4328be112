/** Runtime checks of an Observation: input comes from phones and scanners, and bad input is normal. */
import type { Observation } from './types.js';

export type Rejection = 'malformed' | 'invalid' | 'unknown-anchor' | 'out-of-order' | 'duplicate';

/** Counted, never thrown: a bad reading is skipped and the stream goes on. */
export type RejectionCounts = Record<Rejection, number>;

export function noRejections(): RejectionCounts {
  return { malformed: 0, invalid: 0, 'unknown-anchor': 0, 'out-of-order': 0, duplicate: 0 };
}

/** RSSI outside this is a reporting artefact (iOS reports 0 for "not measured"), not a radio reading. */
const MIN_RSSI = -127;
const MAX_RSSI = -1;

/** An iBeacon's "uuid:major:minor", however written: upper or lower case, dashes or none, leading zeros. */
const IBEACON_ID =
  /^([0-9a-f]{8})-?([0-9a-f]{4})-?([0-9a-f]{4})-?([0-9a-f]{4})-?([0-9a-f]{12}):0*(\d{1,5}):0*(\d{1,5})$/i;

/**
 * The one spelling of an anchor id that site and observations are matched by: "uuid:major:minor", the
 * uuid lower-case with dashes, major and minor without leading zeros. iOS and WeChat report uuids in
 * upper case, maps and registries often in lower case; they name the same beacon. An id of another
 * shape is kept as given (trimmed): it still names its anchor, as long as the observations use it too.
 */
export function canonicalAnchorId(id: string): string {
  const m = IBEACON_ID.exec(id.trim());
  if (!m) return id.trim();
  const [, a, b, c, d, e, major, minor] = m;
  return `${`${a}-${b}-${c}-${d}-${e}`.toLowerCase()}:${Number(major)}:${Number(minor)}`;
}

/** Whether a value (parsed JSON, say) is a usable Observation. */
export function isObservation(value: unknown): value is Observation {
  if (typeof value !== 'object' || value === null) return false;
  const o = value as Record<string, unknown>;
  return (
    typeof o.ts === 'number' &&
    Number.isFinite(o.ts) &&
    typeof o.device === 'string' &&
    o.device.length > 0 &&
    typeof o.anchor === 'string' &&
    typeof o.rssi === 'number' &&
    o.rssi >= MIN_RSSI &&
    o.rssi <= MAX_RSSI &&
    (o.txPower === undefined || (typeof o.txPower === 'number' && Number.isFinite(o.txPower)))
  );
}
