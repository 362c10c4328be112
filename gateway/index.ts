/**
 * Gateway: MQTT ingestion, payload adapters, dead-letter, batching and fan-out to positioning.
 *
 * Front door of the domain: other folders import from here only.
 */
export {
  ADAPTERS,
  type Adapter,
  adaptMessage,
  DEFAULT_SOURCE_TOPICS,
  MAX_PAYLOAD_BYTES,
  type SourceTopic,
  topicMatches,
} from './adapters/index.js';
export { type DeviceIdOf, deviceIds } from './device-id.js';
export type { Gateway, GatewayDeps, PhoneSubmission, ShopperIdentity, SiteDirectory } from './gateway.js';
export { parseMappings, ScannerMapping, scannerLookup } from './mapping.js';
export { type NodeSighting, nodeSightings } from './node-sightings.js';
export { storeKey, workerFor } from './partition.js';
export { type GatewayControl, type GatewayStart, gatewayPlugin } from './plugin.js';
export { gatewayRoutes } from './routes.js';
export {
  type Adapted,
  DEAD_LETTER_REASONS,
  type DeadLetterReason,
  DROP_REASONS,
  type DropReason,
  type Scan,
  SOURCES,
  type SourceName,
} from './scan.js';
export { scannersNamed } from './scanners.js';
export { GatewaySettings, gatewaySettings } from './settings.js';
