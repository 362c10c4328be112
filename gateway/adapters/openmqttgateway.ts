/**
 * OpenMQTTGateway and Theengs gateways as they publish: `home/{gateway}/BTtoMQTT/{mac}`, one message
 * per sighting. Decoded iBeacons carry `model_id: "IBEACON"` with a dash-less uuid; a gateway with
 * decoding off sends only `manufacturerdata`, which beacons/ parses.
 */
import { Type } from 'typebox';
import { normaliseUuid, parseIBeaconAdvert } from '../../beacons/index.js';
import type { ScannerLookup } from '../mapping.js';
import { type Adapted, refuse } from '../scan.js';
import { payloadReader, scannerMessage, tagScan } from './payload.js';

/** The gateways send many more fields (brand, model, distance, mac_type...); these are the ones read. */
export const OpenMqttGatewayMessage = Type.Object({
  rssi: Type.Number({ minimum: -127, maximum: -1 }),
  model_id: Type.Optional(Type.String({ maxLength: 64 })),
  uuid: Type.Optional(Type.String({ maxLength: 36 })),
  major: Type.Optional(Type.Integer({ minimum: 0, maximum: 65535 })),
  minor: Type.Optional(Type.Integer({ minimum: 0, maximum: 65535 })),
  txpower: Type.Optional(Type.Number({ minimum: -127, maximum: 20 })),
  manufacturerdata: Type.Optional(Type.String({ maxLength: 512 })),
});

const reader = payloadReader(OpenMqttGatewayMessage);
const OMG_TOPIC = ['home', '@', 'BTtoMQTT', '+'];

export function adaptOpenMqttGateway(
  topic: string,
  payload: Buffer | string,
  now: number,
  scanners: ScannerLookup,
): Adapted {
  const read = scannerMessage('openmqttgateway', OMG_TOPIC, topic, payload, reader, scanners);
  if (!read.ok) return read.refusal;
  const { mapping } = read;
  const at = { tenantId: mapping.tenant_id, storeId: mapping.store_id };
  const m = read.value;
  if (m.model_id === 'IBEACON') {
    const uuid = m.uuid === undefined ? undefined : normaliseUuid(m.uuid);
    if (!uuid || m.major === undefined || m.minor === undefined) {
      return refuse('invalid', 'an IBEACON needs uuid, major and minor', at);
    }
    return {
      ok: true,
      scans: [
        tagScan(mapping, { uuid, major: m.major, minor: m.minor }, { rssi: m.rssi, txPower: m.txpower }, now),
      ],
    };
  }
  if (m.manufacturerdata !== undefined) {
    const advert = parseIBeaconAdvert(m.manufacturerdata);
    if (advert.ok) {
      const { txPower, ...tag } = advert.beacon;
      return { ok: true, scans: [tagScan(mapping, tag, { rssi: m.rssi, txPower }, now)] };
    }
  }
  return refuse('not-ibeacon', `${m.model_id ?? 'an undecoded device'} is not an iBeacon`, at);
}
