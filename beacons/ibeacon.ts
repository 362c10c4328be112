/**
 * iBeacon identities and raw advertisements. Pure: scanners that cannot decode iBeacon frames
 * (OpenMQTTGateway with decoding off, Theengs raw mode, generic BLE bridges) forward the
 * manufacturer data as hex, and this is the one place that reads it.
 *
 * Frame (Apple's iBeacon spec): company id 0x004C little-endian (`4c00`), type `02`, length `15`
 * (21 bytes follow), proximity UUID (16 bytes), major and minor (big-endian u16), measured power
 * at 1 m (signed byte).
 */

export interface IBeacon {
  /** Lower-case, with dashes. */
  uuid: string;
  major: number;
  minor: number;
  /** Advertised RSSI at 1 m, dBm. */
  txPower: number;
}

export type AdvertProblem = 'not-hex' | 'not-ibeacon' | 'truncated';

export type ParsedAdvert = { ok: true; beacon: IBeacon } | { ok: false; problem: AdvertProblem };

const IBEACON_PREFIX = '4c000215';
/** Prefix (8 hex) + uuid (32) + major (4) + minor (4) + power (2). */
const FRAME_HEX = 50;
/** Longer than any BLE advertisement (31 bytes legacy, 255 extended), so nothing huge is scanned. */
const MAX_HEX = 512;
const HEX = /^[0-9a-f]*$/;
const UUID_DASHED = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const UUID_BARE = /^[0-9a-f]{32}$/;

/**
 * Reads manufacturer data such as `4c000215e2c56db5…c5`. Some bridges keep the AD structure's
 * length and type in front (`1aff4c000215…`); that header is skipped.
 */
export function parseIBeaconAdvert(hex: string): ParsedAdvert {
  if (hex.length > MAX_HEX) return { ok: false, problem: 'not-ibeacon' };
  const data = hex.toLowerCase();
  if (data.length % 2 !== 0 || !HEX.test(data)) return { ok: false, problem: 'not-hex' };
  const start = data.startsWith(IBEACON_PREFIX)
    ? 0
    : data.slice(2, 4) === 'ff' && data.startsWith(IBEACON_PREFIX, 4)
      ? 4
      : -1;
  if (start < 0) return { ok: false, problem: 'not-ibeacon' };
  const frame = data.slice(start);
  if (frame.length < FRAME_HEX) return { ok: false, problem: 'truncated' };
  const uuid = normaliseUuid(frame.slice(8, 40))!;
  const major = Number.parseInt(frame.slice(40, 44), 16);
  const minor = Number.parseInt(frame.slice(44, 48), 16);
  const power = Number.parseInt(frame.slice(48, 50), 16);
  return { ok: true, beacon: { uuid, major, minor, txPower: power > 127 ? power - 256 : power } };
}

/** A proximity UUID as scanners write it (with or without dashes, any case) → lower-case with dashes. */
export function normaliseUuid(uuid: string): string | undefined {
  const lower = uuid.toLowerCase();
  if (UUID_DASHED.test(lower)) return lower;
  if (!UUID_BARE.test(lower)) return undefined;
  return `${lower.slice(0, 8)}-${lower.slice(8, 12)}-${lower.slice(12, 16)}-${lower.slice(16, 20)}-${lower.slice(20)}`;
}

/** The anchor id positioning uses for a beacon: "uuid:major:minor". */
export function iBeaconId(beacon: Pick<IBeacon, 'uuid' | 'major' | 'minor'>): string {
  return `${beacon.uuid}:${beacon.major}:${beacon.minor}`;
}
