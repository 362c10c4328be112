/**
 * ESPresense nodes as they publish: `espresense/devices/{id}/{room}`, one message per sighting of
 * a tag. The node is the fixed anchor (its room is mapped to a store and an anchor), the tag moves.
 */
import { Type } from 'typebox';
import { normaliseUuid } from '../../beacons/index.js';
import type { ScannerLookup } from '../mapping.js';
import { type Adapted, refuse } from '../scan.js';
import { payloadReader, scannerMessage, tagScan } from './payload.js';

/** ESPresense sends more (raw, speed, var, mac...); only what positioning needs is checked. */
export const EspresenseMessage = Type.Object({
  id: Type.String({ minLength: 1, maxLength: 128 }),
  rssi: Type.Number({ minimum: -127, maximum: -1 }),
  'rssi@1m': Type.Optional(Type.Number({ minimum: -127, maximum: 20 })),
  distance: Type.Optional(Type.Number()),
});

const reader = payloadReader(EspresenseMessage);
const ESPRESENSE_TOPIC = ['espresense', 'devices', '+', '@'];
/** ESPresense names iBeacons `iBeacon:{uuid}-{major}-{minor}`. */
const IBEACON_ID = /^iBeacon:([0-9a-fA-F-]{32,36})-(\d{1,5})-(\d{1,5})$/;

export function adaptEspresense(
  topic: string,
  payload: Buffer | string,
  now: number,
  scanners: ScannerLookup,
): Adapted {
  const read = scannerMessage('espresense', ESPRESENSE_TOPIC, topic, payload, reader, scanners);
  if (!read.ok) return read.refusal;
  const { mapping, parts } = read;
  const at = { tenantId: mapping.tenant_id, storeId: mapping.store_id };
  const message = read.value;
  if (message.id !== parts[2])
    return refuse('invalid', `/id ${message.id} differs from the topic's ${parts[2]}`, at);
  const match = IBEACON_ID.exec(message.id);
  const uuid = match && normaliseUuid(match[1]!);
  const [major, minor] = match ? [Number(match[2]), Number(match[3])] : [0, 0];
  if (!uuid || major > 65535 || minor > 65535) {
    return refuse('not-ibeacon', `${message.id} is not an iBeacon`, at);
  }
  return {
    ok: true,
    scans: [
      tagScan(mapping, { uuid, major, minor }, { rssi: message.rssi, txPower: message['rssi@1m'] }, now),
    ],
  };
}
