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

/** The anchor id format, "uuid:major:minor", uuid lower-case with dashes. */
const ANCHOR_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}:\d{1,5}:\d{1,5}$/;

export function isAnchorId(id: string): boolean {
  return ANCHOR_ID.test(id);
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
