/**
 * Raw advertisements from a fixed scanner that cannot decode iBeacon frames:
 * `ss/{tenant}/{store}/scan/ibeacon-raw` with `{scanner, ts?, adverts: [{data, rssi}]}`, `data` the
 * manufacturer data in hex (`4c000215…`), parsed by beacons/. One message may carry many tags.
 */
import { Type } from 'typebox';
import { parseIBeaconAdvert } from '../../beacons/index.js';
import type { ScannerLookup } from '../mapping.js';
import { type Adapted, refuse, type Scan } from '../scan.js';
import { payloadReader, scanTime, storeOfTopic, tagScan } from './payload.js';

export const RawAdvertMessage = Type.Object(
  {
    scanner: Type.String({ minLength: 1, maxLength: 128 }),
    ts: Type.Optional(Type.Integer({ minimum: 0 })),
    adverts: Type.Array(
      Type.Object(
        {
          data: Type.String({ minLength: 1, maxLength: 512 }),
          rssi: Type.Number({ minimum: -127, maximum: -1 }),
        },
        { additionalProperties: false },
      ),
      { minItems: 1, maxItems: 200 },
    ),
  },
  { additionalProperties: false },
);

const reader = payloadReader(RawAdvertMessage);

export function adaptIBeaconRaw(
  topic: string,
  payload: Buffer | string,
  now: number,
  scanners: ScannerLookup,
): Adapted {
  const at = storeOfTopic(topic);
  if (!at) return refuse('unknown-topic', `topic ${topic} is not ss/{tenant}/{store}/scan/ibeacon-raw`);
  const parsed = reader.read(payload);
  if (!parsed.ok) return { ...parsed.refusal, ...at };
  const { scanner, adverts } = parsed.value;
  const mapping = scanners('ibeacon-raw', scanner);
  if (!mapping) return refuse('unknown-scanner', `raw scanner ${scanner} is not mapped to a store`, at);
  if (mapping.tenant_id !== at.tenantId || mapping.store_id !== at.storeId) {
    return refuse('wrong-tenant', `scanner ${scanner} belongs to another store than the topic names`, at);
  }
  const ts = scanTime(parsed.value.ts, now);
  if (ts === undefined) return refuse('stale', `ts ${parsed.value.ts} is too far from the gateway clock`, at);
  const scans: Scan[] = [];
  let notIBeacon = 0;
  for (const advert of adverts) {
    const parsedAdvert = parseIBeaconAdvert(advert.data);
    if (!parsedAdvert.ok) {
      notIBeacon += 1;
      continue;
    }
    const { txPower, ...tag } = parsedAdvert.beacon;
    scans.push(tagScan(mapping, tag, { rssi: advert.rssi, txPower }, ts));
  }
  if (scans.length === 0) return refuse('not-ibeacon', 'no advert is an iBeacon frame', at);
  return { ok: true, scans, dropped: notIBeacon > 0 ? { 'not-ibeacon': notIBeacon } : {} };
}
