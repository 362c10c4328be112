/**
 * The gateway's settings, one TypeBox schema: defaults, validation and the type. The plugin reads
 * a few from the environment (GATEWAY_*); tests and the benchmark pass them directly.
 */
import { type Static, Type } from 'typebox';
import { Value } from 'typebox/value';
import { DEFAULT_SOURCE_TOPICS } from './adapters/index.js';
import { ScannerMapping } from './mapping.js';

export const GatewaySettings = Type.Object(
  {
    /** Fixed, so that the broker keeps the session (and queues QoS 1 scans) while the gateway is away. */
    clientId: Type.String({ minLength: 1, maxLength: 128, default: 'ss-gateway' }),
    /** Positioning method (positioning's METHOD_NAMES); `engine` is the product, the others are cheap baselines. */
    method: Type.Union(
      [
        Type.Literal('engine'),
        Type.Literal('least-squares'),
        Type.Literal('centroid'),
        Type.Literal('nearest'),
      ],
      { default: 'engine' },
    ),
    /** Positioning worker threads; 0 positions in the main thread. */
    threads: Type.Integer({ minimum: 0, maximum: 64, default: 2 }),
    sources: Type.Array(
      Type.Object({
        filter: Type.String({ minLength: 1 }),
        source: Type.Union([
          Type.Literal('miniprogram'),
          Type.Literal('espresense'),
          Type.Literal('openmqttgateway'),
          Type.Literal('ibeacon-raw'),
        ]),
      }),
      { default: DEFAULT_SOURCE_TOPICS },
    ),
    scanners: Type.Array(ScannerMapping, { default: [] }),
    /** Bound on readings queued for or inside one worker; past it, scans are dropped and counted. */
    maxQueuedReadings: Type.Integer({ minimum: 100, default: 100_000 }),
    /**
     * QoS 1 messages the broker may have given the gateway unacknowledged (MQTT 5 receive maximum): a
     * scan is acknowledged once positioned, so this is the window the pipeline works in, and a fixed
     * scanner's reading holds its place for its window's 1.5 s. The most MQTT allows by default: in an
     * overload it is then the gateway that sets scans aside, counted in /metrics, rather than the
     * broker's queue behind the window (Mosquitto's max_queued_messages, 1000 by default), silently.
     */
    maxUnackedMessages: Type.Integer({ minimum: 1, maximum: 65_535, default: 65_535 }),
    /** A batch to a worker is sent when it holds this many scans, or at the end of the current I/O turn. */
    maxBatchScans: Type.Integer({ minimum: 1, default: 50 }),
    tickMs: Type.Integer({ minimum: 10, default: 250 }),
    /** How often the sites of the stores met are read again, so that a moved beacon or a redrawn map counts. */
    siteRefreshMs: Type.Integer({ minimum: 10, default: 10_000 }),
    snapshotEveryMs: Type.Integer({ minimum: 0, default: 5000 }),
    positionTtlS: Type.Integer({ minimum: 1, default: 300 }),
    fixQos: Type.Union([Type.Literal(0), Type.Literal(1)], { default: 1 }),
    storeFlushMs: Type.Integer({ minimum: 10, default: 1000 }),
    maxStoreBacklog: Type.Integer({ minimum: 1, default: 200_000 }),
    fixRetentionDays: Type.Integer({ minimum: 1, default: 30 }),
    deadLetterRetentionDays: Type.Integer({ minimum: 1, default: 7 }),
    /** Consent is asked again after this long: a revocation stops MQTT scans within it. */
    consentCacheMs: Type.Integer({ minimum: 0, default: 30_000 }),
  },
  { additionalProperties: false },
);
export type GatewaySettings = Static<typeof GatewaySettings>;

export function gatewaySettings(partial: Partial<GatewaySettings> = {}): GatewaySettings {
  const value = Value.Default(GatewaySettings, structuredClone(partial));
  if (!Value.Check(GatewaySettings, value)) {
    const [first] = Value.Errors(GatewaySettings, value);
    throw new Error(`Gateway settings: ${first?.instancePath || '/'} ${first?.message}`);
  }
  return value;
}

/** GATEWAY_CLIENT_ID, GATEWAY_THREADS and GATEWAY_SCANNERS (JSON array of mappings) from the environment. */
export function settingsFromEnv(env: Record<string, string | undefined>): Partial<GatewaySettings> {
  const partial: Partial<GatewaySettings> = {};
  if (env.GATEWAY_CLIENT_ID) partial.clientId = env.GATEWAY_CLIENT_ID;
  if (env.GATEWAY_THREADS) partial.threads = Number(env.GATEWAY_THREADS);
  if (env.GATEWAY_SCANNERS) partial.scanners = JSON.parse(env.GATEWAY_SCANNERS);
  return partial;
}
