/**
 * What every adapter turns a message into: one device's readings, normalised, with the tenant and
 * store it belongs to. Readings carry anchor ids ("uuid:major:minor") in positioning's vocabulary.
 */

export const SOURCES = ['miniprogram', 'espresense', 'openmqttgateway', 'ibeacon-raw'] as const;
export type SourceName = (typeof SOURCES)[number];

/** Why a whole message was refused; each is counted and the message goes to the dead-letter table and topic. */
export const DEAD_LETTER_REASONS = [
  'too-large',
  'malformed',
  'invalid',
  'unknown-topic',
  'unknown-scanner',
  'wrong-tenant',
  'not-ibeacon',
  'stale',
  'unauthenticated',
  'forged-device',
  'unknown-store',
  'unknown-beacons',
] as const;
export type DeadLetterReason = (typeof DEAD_LETTER_REASONS)[number];

/**
 * Why readings were set aside without a dead letter, counted per reading. `no-consent` is here and
 * not a dead letter on purpose: a dead letter keeps and republishes the payload, which is exactly
 * the location data the shopper said no to.
 */
export const DROP_REASONS = [
  'no-consent',
  'unknown-beacon',
  'not-ibeacon',
  'no-rssi',
  'overload',
  'unavailable',
  'out-of-order',
  'duplicate',
  'invalid',
] as const;
export type DropReason = (typeof DROP_REASONS)[number];

export interface Reading {
  anchor: string;
  rssi: number;
  /** The beacon's advertised 1 m power, when the scanner reports it. */
  txPower?: number;
}

/** Who sent a scan: a shopper's phone (authenticated by its token) or a mapped fixed scanner. */
export type Origin =
  | { kind: 'phone'; token?: string; shopperId?: string; claimedDevice?: string }
  | { kind: 'scanner'; source: SourceName; scanner: string };

export interface Scan {
  tenantId: string;
  storeId: string;
  /** Empty for a phone until its token names the shopper; the device id is derived from that. */
  device: string;
  ts: number;
  /**
   * A phone's batch is one whole `wx.onBeaconUpdate` callback, i.e. a complete scan window, and is
   * positioned at once; a fixed scanner's reading is one piece of a window that time closes.
   */
  complete: boolean;
  readings: Reading[];
  origin: Origin;
  /** When the gateway took the message in (performance.now()), for its latency figures. */
  received?: number;
}

export interface Refusal {
  reason: DeadLetterReason;
  error: string;
  tenantId?: string;
  storeId?: string;
}

export type Adapted =
  | { ok: true; scans: Scan[]; dropped?: Partial<Record<DropReason, number>> }
  | ({ ok: false } & Refusal);

export function refuse(
  reason: DeadLetterReason,
  error: string,
  at?: { tenantId?: string; storeId?: string },
): Extract<Adapted, { ok: false }> {
  return { ok: false, reason, error, ...at };
}
