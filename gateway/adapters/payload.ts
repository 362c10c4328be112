/**
 * The checks every adapter makes before it reads a payload: size first (so a huge message costs
 * nothing), then JSON, then the format's TypeBox schema, then the topic's parts.
 */
import type { Static, TSchema } from 'typebox';
import { Compile } from 'typebox/compile';
import { iBeaconId } from '../../beacons/index.js';
import type { ScannerLookup, ScannerMapping } from '../mapping.js';
import { type Adapted, refuse, type Scan, type SourceName } from '../scan.js';

/** A phone batch of 200 beacons is about 16 KiB; anything much larger is not a scan. */
export const MAX_PAYLOAD_BYTES = 32 * 1024;
/** Client clocks: a message queued while the gateway restarted may be minutes old; beyond that it is history. */
export const MAX_AGE_MS = 10 * 60_000;
export const MAX_AHEAD_MS = 30_000;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** What an adapter answers when it refuses a message. */
export type Refused = Extract<Adapted, { ok: false }>;

export type Parsed<T> = { ok: true; value: T } | { ok: false; refusal: Refused };

export interface PayloadReader<S extends TSchema> {
  read(payload: Buffer | string): Parsed<Static<S>>;
}

export function payloadReader<S extends TSchema>(schema: S): PayloadReader<S> {
  const validator = Compile(schema);
  return {
    read(payload) {
      if (payload.length > MAX_PAYLOAD_BYTES) {
        return {
          ok: false,
          refusal: refuse('too-large', `payload of ${payload.length} bytes exceeds ${MAX_PAYLOAD_BYTES}`),
        };
      }
      let value: unknown;
      try {
        value = JSON.parse(payload.toString());
      } catch {
        return { ok: false, refusal: refuse('malformed', 'payload is not JSON') };
      }
      if (!validator.Check(value)) {
        const [first] = validator.Errors(value);
        return {
          ok: false,
          refusal: refuse(
            'invalid',
            `${first?.instancePath || '/'} ${first?.message ?? 'does not match the schema'}`,
          ),
        };
      }
      return { ok: true, value: value as Static<S> };
    },
  };
}

/** `ss/{tenant}/{store}/scan/{source}` → the tenant and store, when both are uuids. */
export function storeOfTopic(topic: string): { tenantId: string; storeId: string } | undefined {
  const parts = topic.split('/');
  if (parts.length !== 5 || parts[0] !== 'ss' || parts[3] !== 'scan') return undefined;
  const [, tenantId, storeId] = parts as [string, string, string];
  return UUID.test(tenantId) && UUID.test(storeId) ? { tenantId, storeId } : undefined;
}

/** A client's timestamp, or the gateway's clock when the client gave none; undefined when out of range. */
export function scanTime(claimed: number | undefined, now: number): number | undefined {
  if (claimed === undefined) return now;
  return claimed < now - MAX_AGE_MS || claimed > now + MAX_AHEAD_MS ? undefined : claimed;
}

/** A tag heard by fixed scanners is tracked under this device id. */
export function tagDevice(anchorId: string): string {
  return `${TAG_PREFIX}${anchorId}`;
}

export const TAG_PREFIX = 'tag:';

/** One sighting of a tag by a fixed scanner: the scanner's anchor, the tag as the device. */
export function tagScan(
  mapping: ScannerMapping,
  tag: { uuid: string; major: number; minor: number },
  reading: { rssi: number; txPower?: number | undefined },
  now: number,
): Scan {
  return {
    tenantId: mapping.tenant_id,
    storeId: mapping.store_id,
    device: tagDevice(iBeaconId(tag)),
    ts: now,
    complete: false,
    readings: [
      {
        anchor: mapping.anchor,
        rssi: reading.rssi,
        ...(reading.txPower === undefined ? {} : { txPower: reading.txPower }),
      },
    ],
    origin: { kind: 'scanner', source: mapping.source, scanner: mapping.scanner },
  };
}

export type ScannerMessage<T> =
  | { ok: true; mapping: ScannerMapping; parts: string[]; value: T }
  | { ok: false; refusal: Refused };

/**
 * A fixed scanner's message: the topic matches `shape` (`+` any level, `@` the scanner's name), the
 * scanner is mapped to a store, and the payload reads. Refusals name the store once it is known.
 */
export function scannerMessage<S extends TSchema>(
  source: Exclude<SourceName, 'miniprogram'>,
  shape: readonly string[],
  topic: string,
  payload: Buffer | string,
  reader: PayloadReader<S>,
  scanners: ScannerLookup,
): ScannerMessage<Static<S>> {
  const parts = topic.split('/');
  if (
    parts.length !== shape.length ||
    shape.some((level, i) => level !== '+' && level !== '@' && level !== parts[i])
  ) {
    return {
      ok: false,
      refusal: refuse('unknown-topic', `topic ${topic} is not ${shape.join('/').replace('@', '{scanner}')}`),
    };
  }
  const scanner = parts[shape.indexOf('@')]!;
  const mapping = scanners(source, scanner);
  if (!mapping)
    return {
      ok: false,
      refusal: refuse('unknown-scanner', `${source} scanner ${scanner} is not mapped to a store`),
    };
  const parsed = reader.read(payload);
  if (!parsed.ok) {
    return {
      ok: false,
      refusal: { ...parsed.refusal, tenantId: mapping.tenant_id, storeId: mapping.store_id },
    };
  }
  return { ok: true, mapping, parts, value: parsed.value };
}
