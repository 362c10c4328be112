/**
 * Chooses the adapter for a message by the topic filter configured for its source, the way
 * MQTT.js's connect/index.ts chooses a transport: one file per format, this thin dispatcher.
 */
import type { ScannerLookup } from '../mapping.js';
import { type Adapted, refuse, type SourceName } from '../scan.js';
import { adaptEspresense } from './espresense.js';
import { adaptIBeaconRaw } from './ibeacon-raw.js';
import { adaptMiniprogram } from './miniprogram.js';
import { adaptOpenMqttGateway } from './openmqttgateway.js';

export { BeaconInfo, MAX_BEACONS_PER_SCAN, PhoneBeacons, phoneScan } from './miniprogram.js';
export { MAX_PAYLOAD_BYTES, scanTime, TAG_PREFIX } from './payload.js';

export type Adapter = (
  topic: string,
  payload: Buffer | string,
  now: number,
  scanners: ScannerLookup,
) => Adapted;

export const ADAPTERS: Record<SourceName, Adapter> = {
  miniprogram: (topic, payload, now) => adaptMiniprogram(topic, payload, now),
  espresense: adaptEspresense,
  openmqttgateway: adaptOpenMqttGateway,
  'ibeacon-raw': adaptIBeaconRaw,
};

/** A topic filter and the format published on it. */
export interface SourceTopic {
  filter: string;
  source: SourceName;
}

/** What the gateway subscribes to by default (ARCHITECTURE.md, "MQTT topics"). */
export const DEFAULT_SOURCE_TOPICS: readonly SourceTopic[] = [
  { filter: 'ss/+/+/scan/miniprogram', source: 'miniprogram' },
  { filter: 'ss/+/+/scan/ibeacon-raw', source: 'ibeacon-raw' },
  { filter: 'espresense/devices/+/+', source: 'espresense' },
  { filter: 'home/+/BTtoMQTT/+', source: 'openmqttgateway' },
];

/** MQTT topic matching with `+` and a trailing `#`. */
export function topicMatches(filter: string, topic: string): boolean {
  const f = filter.split('/');
  const t = topic.split('/');
  for (let i = 0; i < f.length; i++) {
    if (f[i] === '#') return true;
    if (i >= t.length || (f[i] !== '+' && f[i] !== t[i])) return false;
  }
  return f.length === t.length;
}

/** The adapter chosen by the first configured filter the topic matches. */
export function adaptMessage(
  sources: readonly SourceTopic[],
  topic: string,
  payload: Buffer | string,
  now: number,
  scanners: ScannerLookup,
): Adapted & { source?: SourceName } {
  const match = sources.find((s) => topicMatches(s.filter, topic));
  if (!match) return refuse('unknown-topic', `no source is configured for topic ${topic}`);
  return { ...ADAPTERS[match.source](topic, payload, now, scanners), source: match.source };
}
