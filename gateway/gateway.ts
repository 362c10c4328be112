/**
 * The running gateway: subscribes (QoS 1, persistent session) to the scan topics, turns each
 * message into scans through its adapter, authenticates phones and asks for their consent, batches
 * per worker, and sends the fixes that come back out: MQTT, Redis (last known position) and
 * Postgres (analytics, in batches). Everything refused is a dead letter; everything set aside is
 * counted by reason in /metrics. Queues are bounded; a drain on stop loses nothing that was acked.
 */
import type { Redis } from 'ioredis';
import mqtt, { type IPublishPacket, type MqttClient } from 'mqtt';
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { Db } from '../db/pool.js';
import { DEFAULT_ENGINE_OPTIONS, type Site } from '../positioning/index.js';
import { NotFound } from '../server/errors.js';
import { ackQueue } from './acks.js';
import { adaptMessage, type BeaconInfo, phoneScan, scanTime, TAG_PREFIX } from './adapters/index.js';
import { type DeadLetters, deadLetters } from './deadletters.js';
import type { DeviceIdOf } from './device-id.js';
import { type DeviceStore, deviceStore } from './device-store.js';
import { ConsentRequired, DeviceForged, ScanRefused } from './errors.js';
import { type FixStore, fixStore } from './fix-store.js';
import { type HeardBeacon, heardLog } from './heard.js';
import { Lookup } from './lookup.js';
import { parseMappings, type ScannerLookup, type ScannerMapping, scannerLookup } from './mapping.js';
import { noteNodeSighting } from './node-sightings.js';
import { storeKey } from './partition.js';
import type { PositionerOutput, WorkScan } from './positioner.js';
import type { DeadLetterReason, DropReason, Refusal, Scan } from './scan.js';
import type { GatewaySettings } from './settings.js';
import { type PositioningWorkers, startWorkers } from './workers.js';

/** Where the gateway learns a store's site; the venues domain provides the real one. */
export interface SiteDirectory {
  siteFor(tenantId: string, storeId: string): Promise<Site | undefined>;
}

export interface ShopperIdentity {
  tenantId: string;
  shopperId: string;
}

export interface GatewayDeps {
  brokerUrl: string;
  /** The server's own credentials at the broker (the app's `mqttLogin`), when it needs them. */
  brokerLogin?: { username: string; password?: string } | undefined;
  /** Publishes fixes and dead letters (the app's client; the gateway's own one only subscribes). */
  publisher: MqttClient;
  db: Db;
  redis: Redis;
  metrics: Registry;
  log: {
    info(o: object, m?: string): void;
    warn(o: object, m?: string): void;
    error(o: object, m?: string): void;
  };
  sites: SiteDirectory;
  /** A shopper's token → who they are, or undefined when it is not a valid shopper token. */
  authenticate(token: string): ShopperIdentity | undefined;
  deviceIdOf: DeviceIdOf;
  /** Whether the shopper consented to location tracking (members' `hasConsent`). */
  consent(tenantId: string, shopperId: string): Promise<boolean>;
  /** Records when a brand's beacons were last heard (beacons' registry, for health). */
  beaconsHeard(tenantId: string, beacons: HeardBeacon[]): Promise<unknown>;
}

export interface PhoneSubmission {
  tenantId: string;
  shopperId: string;
  storeId: string;
  ts?: number;
  device?: string;
  beacons: readonly BeaconInfo[];
}

/** A phone's outdoor location (`wx.getLocation`), as its distance from the store it is near. */
export interface LocationSubmission {
  tenantId: string;
  shopperId: string;
  storeId: string;
  ts?: number;
  distanceM: number;
  accuracyM: number;
}

export interface Gateway {
  /**
   * A phone's outdoor location over HTTP: published as `{ts, device, distance_m, accuracy_m}` on
   * `ss/{tenant}/{store}/location/{device}` for store-arrival recognition; needs the same consent as scans.
   */
  submitLocation(submission: LocationSubmission): Promise<{ device: string }>;
  /** A phone's batch over HTTP; throws coded errors the route turns into responses. */
  submitPhone(
    submission: PhoneSubmission,
  ): Promise<{ device: string; readings: number; unknown_beacons: number }>;
  lastPosition(tenantId: string, storeId: string, device: string): ReturnType<DeviceStore['lastPosition']>;
  /** Reads the scanner mapping again (it is also read every minute). */
  refreshScanners(): Promise<void>;
  /**
   * Stops taking messages, positions, acknowledges and writes out everything already taken, then
   * closes. With `drain: false` it stops at once, as a crash would: what was not positioned is
   * not acknowledged, and the broker delivers it again to the next session.
   */
  stop(options?: { drain?: boolean }): Promise<void>;
}

/** A store the gateway has met: its worker and the anchors its site knows. */
interface StoreEntry {
  worker: number;
  anchors: Set<string>;
}

const DRAIN_WAIT_MS = 10_000;
/** How long the broker keeps the gateway's session (and queues its scans) while it is away. */
const SESSION_EXPIRY_S = 86_400;
/**
 * Passed to mqtt.js's handleMessage callback: it then goes on to the next message without sending the
 * PUBACK, which the ack queue sends once the message is dealt with.
 */
const ACK_LATER = new Error('acknowledged once positioned');
/** CONNACK return code of a broker that does not speak the protocol version asked for. */
const UNACCEPTABLE_PROTOCOL_VERSION = 1;
const SCANNER_REFRESH_MS = 60_000;
const HOUSEKEEPING_MS = 3_600_000;
const HEARD_FLUSH_MS = 30_000;

/** Says a message was dealt with (positioned, dead-lettered or set aside): its ack may go. */
type Done = () => void;

const noop: Done = () => {};

/** Done once each of a message's `n` scans is (a message of no scans is done at once). */
function countdown(n: number, done: Done): Done {
  if (n <= 1) {
    if (n === 0) done();
    return done;
  }
  let left = n;
  return () => {
    if (--left === 0) done();
  };
}

function counter(registry: Registry, name: string, help: string, labelNames: string[] = []): Counter<string> {
  return (
    (registry.getSingleMetric(name) as Counter<string> | undefined) ??
    new Counter({ name, help, labelNames, registers: [registry] })
  );
}

function histogram(registry: Registry, name: string, help: string, labelNames: string[]): Histogram<string> {
  return (
    (registry.getSingleMetric(name) as Histogram<string> | undefined) ??
    new Histogram({
      name,
      help,
      labelNames,
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers: [registry],
    })
  );
}

function gauge(registry: Registry, name: string, help: string): Gauge<string> {
  return (
    (registry.getSingleMetric(name) as Gauge<string> | undefined) ??
    new Gauge({ name, help, registers: [registry] })
  );
}

export async function startGateway(deps: GatewayDeps, settings: GatewaySettings): Promise<Gateway> {
  const m = {
    messages: counter(deps.metrics, 'ss_gateway_messages_total', 'Scan messages received, by source', [
      'source',
    ]),
    readings: counter(deps.metrics, 'ss_gateway_readings_total', 'Readings sent to positioning'),
    fixes: counter(deps.metrics, 'ss_gateway_fixes_total', 'Fixes produced'),
    deadLetters: counter(deps.metrics, 'ss_gateway_deadletters_total', 'Messages refused, by reason', [
      'reason',
    ]),
    dropped: counter(deps.metrics, 'ss_gateway_dropped_readings_total', 'Readings set aside, by reason', [
      'reason',
    ]),
    unsaved: counter(
      deps.metrics,
      'ss_gateway_unsaved_total',
      'Fixes or dead letters not written: buffer full',
      ['what'],
    ),
    latency: histogram(
      deps.metrics,
      'ss_gateway_scan_latency_seconds',
      'A phone batch from the gateway taking it in to its fix published (stage "total"), and the part of that from its hand-off to a positioning worker (stage "worker": queue, maths, way back)',
      ['stage'],
    ),
    unacked: gauge(
      deps.metrics,
      'ss_gateway_unacked_messages',
      'QoS 1 scan messages taken in and not yet acknowledged: being positioned, or in a tag’s window still open',
    ),
    queued: gauge(
      deps.metrics,
      'ss_gateway_queued_readings',
      'Readings queued for or inside positioning workers',
    ),
  };

  const devices = deviceStore(deps.redis, settings.positionTtlS);
  const heard = heardLog();
  const fixes: FixStore = fixStore(deps.db, settings.maxStoreBacklog);
  const letters: DeadLetters = deadLetters(deps.db, deps.publisher, settings.maxStoreBacklog, () =>
    m.unsaved.inc({ what: 'deadletter' }),
  );

  let scanners: ScannerLookup = scannerLookup(settings.scanners);
  async function refreshScanners(): Promise<void> {
    const rows = await deps.db.anonymous(
      async (tx) => (await tx.query<ScannerMapping>('SELECT * FROM gateway_scanner_directory()')).rows,
    );
    scanners = scannerLookup([...parseMappings(rows), ...settings.scanners]);
  }
  await refreshScanners();
  await fixes.ensurePartitions(new Date());

  function drop(reason: DropReason, readings: number): void {
    if (readings > 0) m.dropped.inc({ reason }, readings);
  }
  function dropAll(dropped: Partial<Record<DropReason, number>> | undefined): void {
    for (const [reason, n] of Object.entries(dropped ?? {})) drop(reason as DropReason, n);
  }

  const workers: PositioningWorkers = await startWorkers({
    threads: settings.threads,
    snapshotEveryMs: settings.snapshotEveryMs,
    engine: { method: settings.method },
    onOutput: (output) => deliver(output),
    onError: (error) => deps.log.error({ err: error }, 'positioning worker failed'),
  });

  /** Fixes out; what the workers set aside counted; their device state to Redis. */
  function deliver(output: PositionerOutput): void {
    dropAll(output.dropped);
    const now = performance.now();
    for (const { key, fix, timing } of output.fixes) {
      if (timing) {
        m.latency.observe({ stage: 'total' }, (now - timing.received) / 1000);
        m.latency.observe({ stage: 'worker' }, (now - timing.sent) / 1000);
      }
      const slash = key.indexOf('/');
      const tenantId = key.slice(0, slash);
      const storeId = key.slice(slash + 1);
      deps.publisher.publish(`ss/${key}/position/${fix.device}`, JSON.stringify(fix), {
        qos: settings.fixQos,
      });
      if (!fixes.add({ tenantId, storeId, fix })) m.unsaved.inc({ what: 'fix' });
    }
    m.fixes.inc(output.fixes.length);
    const write = Promise.all([
      devices.savePositions(output.fixes),
      devices.saveSnapshots(output.snapshots, output.forgotten),
      devices.saveRadio(output.radio),
    ]).then(
      () => {},
      (error) => deps.log.warn({ err: error }, 'redis write failed'),
    );
    redisWrites.add(write);
    void write.finally(() => redisWrites.delete(write));
  }
  const redisWrites = new Set<Promise<void>>();

  /** Each store's site as its worker has it (JSON: a site is small, and comparing tells a change). */
  const placed = new Map<string, string>();
  const entryOf = (key: string, site: Site): StoreEntry => ({
    worker: workers.workerOf(key),
    anchors: new Set(site.anchors.map((a) => a.id)),
  });

  const stores = new Lookup<StoreEntry | undefined>(
    async (key) => {
      const [tenantId, storeId] = key.split('/') as [string, string];
      const site = await deps.sites.siteFor(tenantId, storeId);
      if (!site) return undefined;
      // A store whose map came back is handed its new site; its worker still has its devices.
      if (placed.has(key)) workers.replaceSite(key, site);
      else workers.addStore(key, site, await devices.loadSnapshots(key), await devices.loadRadio(key));
      placed.set(key, JSON.stringify(site));
      return entryOf(key, site);
    },
    // A store's engine lives in one worker for the gateway's life and refreshSites keeps its site
    // current; a store without a map is asked about again now and then, while scans still come for it.
    {
      ttlMs: (entry) => (entry ? Number.POSITIVE_INFINITY : settings.siteRefreshMs),
      maxKeys: 100_000,
      maxWaitingPerKey: 10_000,
    },
  );
  const consents = new Lookup<boolean>(
    (key) => {
      const [tenantId, shopperId] = key.split('/') as [string, string];
      return deps.consent(tenantId, shopperId);
    },
    { ttlMs: settings.consentCacheMs, maxKeys: 100_000, maxWaitingPerKey: 1000 },
  );

  // Per-worker batches, sent at the end of the current I/O turn or when full.
  const batches: WorkScan[][] = Array.from({ length: workers.count }, () => []);
  /** What to call once a batch's fixes are out: the acks of the messages its phone batches came in. */
  const batchDone: Done[][] = batches.map(() => []);
  /**
   * A fixed scanner's reading is positioned only when time closes its tag's window: its ack waits
   * for the first tick, answered after its batch, that is past the window (scanMs + graceMs after it).
   */
  const batchTags: { ts: number; done: Done }[][] = batches.map(() => []);
  const inWindows: { seq: number; ts: number; done: Done }[][] = batches.map(() => []);
  let tagSeq = 0;
  const windowMs = DEFAULT_ENGINE_OPTIONS.scanMs + DEFAULT_ENGINE_OPTIONS.graceMs;

  function tick(snapshotNow = false): void {
    m.unacked.set(acks.held);
    const now = Date.now();
    const sentBefore = tagSeq;
    workers.tick(now, snapshotNow, (w) => {
      const waiting = inWindows[w]!;
      if (waiting.length === 0) return;
      const closed = (t: { seq: number; ts: number }) => t.seq < sentBefore && t.ts <= now - windowMs;
      for (const t of waiting) if (closed(t)) t.done();
      inWindows[w] = waiting.filter((t) => !closed(t));
    });
  }
  const batchReadings: number[] = batches.map(() => 0);
  let flushScheduled = false;

  function flush(worker: number): void {
    if (batches[worker]!.length === 0) return;
    const sent = performance.now();
    for (const scan of batches[worker]!) scan.sent = sent;
    const done = batchDone[worker]!;
    workers.send(worker, batches[worker]!, () => {
      for (const d of done) d();
    });
    for (const { ts, done } of batchTags[worker]!) inWindows[worker]!.push({ seq: tagSeq++, ts, done });
    batches[worker] = [];
    batchDone[worker] = [];
    batchTags[worker] = [];
    batchReadings[worker] = 0;
  }
  function flushAll(): void {
    flushScheduled = false;
    for (let w = 0; w < batches.length; w++) flush(w);
    let queued = 0;
    for (let w = 0; w < batches.length; w++) queued += workers.inflight(w);
    m.queued.set(queued);
  }

  function enqueue(entry: StoreEntry, key: string, scan: Scan, done: Done): void {
    const w = entry.worker;
    const n = scan.readings.length;
    if (workers.inflight(w) + batchReadings[w]! + n > settings.maxQueuedReadings) {
      drop('overload', n);
      done();
      return;
    }
    batches[w]!.push({
      key,
      device: scan.device,
      ts: scan.ts,
      complete: scan.complete,
      readings: scan.readings,
      ...(scan.received === undefined ? {} : { received: scan.received }),
    });
    if (scan.complete) batchDone[w]!.push(done);
    else batchTags[w]!.push({ ts: scan.ts, done });
    batchReadings[w]! += n;
    m.readings.inc(n);
    if (batches[w]!.length >= settings.maxBatchScans) flush(w);
    else if (!flushScheduled) {
      flushScheduled = true;
      setImmediate(flushAll);
    }
  }

  function deadLetter(refusal: Refusal, topic: string, payload: Buffer | string, done: Done): void {
    m.deadLetters.inc({ reason: refusal.reason });
    letters.record(refusal, topic, payload, Date.now());
    done();
  }

  /** A scanner's tag that is itself one of the store's beacons is a reading for calibration. */
  function noteScannersHearingEachOther(scan: Scan, known: Scan['readings'], entry: StoreEntry): void {
    const heardAnchor = scan.device.startsWith(TAG_PREFIX) ? scan.device.slice(TAG_PREFIX.length) : '';
    if (!entry.anchors.has(heardAnchor)) return;
    for (const r of known) {
      if (r.anchor === heardAnchor) continue;
      noteNodeSighting(deps.redis, scan.tenantId, scan.storeId, {
        at: r.anchor,
        heard: heardAnchor,
        rssi: r.rssi,
        ts: scan.ts,
      }).catch((error) => deps.log.warn({ err: error }, 'node sighting not kept'));
    }
  }

  /** Keeps the readings of anchors the store's site knows; refuses a scan that has none. */
  function route(scan: Scan, topic: string, payload: Buffer | string, done: Done) {
    const key = storeKey(scan.tenantId, scan.storeId);
    const at = { tenantId: scan.tenantId, storeId: scan.storeId };
    const waited = stores.with(
      key,
      (entry) => {
        if (!entry)
          return deadLetter(
            { reason: 'unknown-store', error: `no site for store ${scan.storeId}`, ...at },
            topic,
            payload,
            done,
          );
        const known = scan.readings.filter((r) => entry.anchors.has(r.anchor));
        if (known.length === 0 && scan.readings.length > 0) {
          return deadLetter(
            { reason: 'unknown-beacons', error: 'no reading is of a beacon of this store', ...at },
            topic,
            payload,
            done,
          );
        }
        drop('unknown-beacon', scan.readings.length - known.length);
        if (scan.origin.kind === 'scanner') noteScannersHearingEachOther(scan, known, entry);
        heard.note(
          scan.tenantId,
          known.map((r) => r.anchor),
          scan.ts,
        );
        if (known.length === 0) return done();
        enqueue(
          entry,
          key,
          known.length === scan.readings.length ? scan : { ...scan, readings: known },
          done,
        );
      },
      (error) => {
        deps.log.warn({ err: error, store: key }, 'site lookup failed');
        drop('unavailable', scan.readings.length);
        done();
      },
    );
    if (waited === 'full') {
      drop('overload', scan.readings.length);
      done();
    }
  }

  /** A phone's scan goes on only with the shopper's consent to location tracking. */
  function withConsent(scan: Scan, shopperId: string, done: Done, then: () => void): void {
    const waited = consents.with(
      `${scan.tenantId}/${shopperId}`,
      (granted) => {
        if (granted) return then();
        drop('no-consent', scan.readings.length);
        done();
      },
      (error) => {
        deps.log.warn({ err: error }, 'consent lookup failed');
        drop('unavailable', scan.readings.length);
        done();
      },
    );
    if (waited === 'full') {
      drop('overload', scan.readings.length);
      done();
    }
  }

  /** Authenticates a phone scan that came over MQTT: its token names the shopper, the shopper names the device. */
  function admitPhone(scan: Scan, topic: string, payload: Buffer | string, done: Done) {
    if (scan.origin.kind !== 'phone' || !scan.origin.token) return done();
    const at = { tenantId: scan.tenantId, storeId: scan.storeId };
    const who = deps.authenticate(scan.origin.token);
    if (!who)
      return deadLetter(
        { reason: 'unauthenticated', error: 'token is not a valid shopper token', ...at },
        topic,
        payload,
        done,
      );
    if (who.tenantId !== scan.tenantId) {
      return deadLetter(
        { reason: 'wrong-tenant', error: 'token is of another brand than the topic names', ...at },
        topic,
        payload,
        done,
      );
    }
    const device = deps.deviceIdOf(who.tenantId, who.shopperId);
    if (scan.origin.claimedDevice !== undefined && scan.origin.claimedDevice !== device) {
      return deadLetter(
        { reason: 'forged-device', error: 'device is not the device of the token’s shopper', ...at },
        topic,
        payload,
        done,
      );
    }
    const own: Scan = { ...scan, device };
    withConsent(own, who.shopperId, done, () => route(own, topic, payload, done));
  }

  /** Once stopping, messages are left unacknowledged: the broker gives them to the next session. */
  let closing = false;

  function receive(topic: string, payload: Buffer, packet: IPublishPacket) {
    if (closing) return;
    const held = packet.qos === 1 && packet.messageId !== undefined ? acks.hold(packet.messageId) : noop;
    const received = performance.now();
    const adapted = adaptMessage(settings.sources, topic, payload, Date.now(), scanners);
    m.messages.inc({ source: adapted.source ?? 'unknown' });
    if (!adapted.ok) return deadLetter(adapted, topic, payload, held);
    dropAll(adapted.dropped);
    const done = countdown(adapted.scans.length, held);
    for (const scan of adapted.scans) {
      scan.received = received;
      if (scan.origin.kind === 'phone') admitPhone(scan, topic, payload, done);
      else route(scan, topic, payload, done);
    }
  }

  // The subscription: a fixed clientId, clean: false and a session expiry, so that the broker keeps
  // the session and queues QoS 1 scans while the gateway restarts. A scan is acknowledged only once it
  // is positioned, dead-lettered or set aside (so a crash in between has the broker deliver it again);
  // MQTT 5's receive maximum lets the broker have that many unacknowledged at once (Mosquitto's
  // max_inflight_messages, 20, holds for MQTT 3.1.1 clients and would starve the workers).
  const client = mqtt.connect(deps.brokerUrl, {
    ...deps.brokerLogin,
    clientId: settings.clientId,
    clean: false,
    protocolVersion: 5,
    properties: { sessionExpiryInterval: SESSION_EXPIRY_S, receiveMaximum: settings.maxUnackedMessages },
    reconnectPeriod: 1000,
  });
  const acks = ackQueue((messageId) => {
    // mqtt.js's own way to acknowledge late, handleMessage's callback, takes one message at a time.
    if (client.connected) client['_sendPacket']({ cmd: 'puback', messageId, reasonCode: 0 });
  });
  client.handleMessage = (packet, callback) => callback(packet.qos === 1 ? ACK_LATER : undefined);
  client.on('close', () => acks.reset());
  client.on('message', receive);
  /**
   * A broker without MQTT 5 (the embedded aedes of `npm start`) refuses it: the next connection is
   * MQTT 3.1.1, with which such a broker does not cap unacknowledged messages the way Mosquitto does.
   */
  let refusedV5: Error | undefined;
  client.on('error', (error: Error & { code?: unknown }) => {
    if (error.code !== UNACCEPTABLE_PROTOCOL_VERSION || client.options.protocolVersion !== 5)
      return deps.log.warn({ err: error }, 'gateway mqtt error');
    refusedV5 = error;
    deps.log.info({}, 'broker refused MQTT 5: the gateway speaks MQTT 3.1.1 to it');
    client.options.protocolVersion = 4;
    delete client.options.properties;
    // mqtt.js does not reconnect by itself after a refused CONNACK.
    setImmediate(() => client.reconnect());
  });
  await new Promise<void>((resolve, reject) => {
    const failed = (error: Error) => {
      if (error === refusedV5) return;
      client.off('error', failed);
      reject(error);
    };
    client.on('error', failed);
    client.once('connect', () => {
      // A resumed session already has the subscriptions; subscribing again is harmless and covers a new one.
      client.subscribe(
        settings.sources.map((s) => s.filter),
        { qos: 1 },
        (error) => {
          client.off('error', failed);
          if (error) reject(error);
          else resolve();
        },
      );
    });
  });
  deps.log.info({ clientId: settings.clientId, sources: settings.sources.length }, 'gateway subscribed');

  const timers = [
    setInterval(() => tick(), settings.tickMs),
    setInterval(() => void writeOut(), settings.storeFlushMs),
    setInterval(
      () => refreshScanners().catch((error) => deps.log.warn({ err: error }, 'scanner refresh failed')),
      SCANNER_REFRESH_MS,
    ),
    setInterval(() => void housekeeping(), HOUSEKEEPING_MS),
    setInterval(() => void refreshSites(), settings.siteRefreshMs),
    setInterval(() => void writeHeard(), HEARD_FLUSH_MS),
  ];

  /**
   * Reads the site of every store met again, and hands a changed one (a beacon moved, added or
   * removed, the map redrawn) to its worker, which keeps its devices' state: no restart needed.
   * A store that lost its map is unknown again (its scans dead-lettered); the stores lookup asks about
   * unknown ones again every siteRefreshMs while their scans come, so one that gains a map is positioned.
   */
  let refreshingSites = false;
  async function refreshSites(): Promise<void> {
    if (refreshingSites) return;
    refreshingSites = true;
    try {
      for (const [key, entry] of [...stores.known()]) {
        const [tenantId, storeId] = key.split('/') as [string, string];
        if (!entry) continue;
        const site = await deps.sites.siteFor(tenantId, storeId);
        if (!site) {
          stores.set(key, undefined);
          continue;
        }
        const json = JSON.stringify(site);
        if (json === placed.get(key)) continue;
        workers.replaceSite(key, site);
        placed.set(key, json);
        stores.set(key, entryOf(key, site));
      }
    } catch (error) {
      deps.log.warn({ err: error }, 'site refresh failed');
    } finally {
      refreshingSites = false;
    }
  }

  async function writeHeard(): Promise<void> {
    for (const [tenantId, beacons] of heard.take()) {
      await deps
        .beaconsHeard(tenantId, beacons)
        .catch((error) => deps.log.warn({ err: error }, 'marking beacons heard failed'));
    }
  }

  async function writeOut(): Promise<void> {
    await Promise.all([
      fixes.flush().catch((error) => deps.log.warn({ err: error }, 'storing fixes failed')),
      letters.flush().catch((error) => deps.log.warn({ err: error }, 'storing dead letters failed')),
    ]);
  }

  /** New day partitions ahead, old ones and old dead letters gone. */
  async function housekeeping(): Promise<void> {
    const now = new Date();
    try {
      await fixes.ensurePartitions(now);
      await fixes.dropOlderThan(now, settings.fixRetentionDays);
      await letters.purgeOlderThan(now, settings.deadLetterRetentionDays);
    } catch (error) {
      deps.log.warn({ err: error }, 'gateway housekeeping failed');
    }
  }

  return {
    async submitLocation(s) {
      const device = deps.deviceIdOf(s.tenantId, s.shopperId);
      if (!(await consents.get(`${s.tenantId}/${s.shopperId}`))) throw ConsentRequired();
      const ts = scanTime(s.ts, Date.now());
      if (ts === undefined) throw ScanRefused('ts', `ts ${s.ts} is too far from the gateway clock`);
      const report = { ts, device, distance_m: s.distanceM, accuracy_m: s.accuracyM };
      await deps.publisher.publishAsync(
        `ss/${s.tenantId}/${s.storeId}/location/${device}`,
        JSON.stringify(report),
        {
          qos: 1,
        },
      );
      return { device };
    },
    async submitPhone(s) {
      const device = deps.deviceIdOf(s.tenantId, s.shopperId);
      if (s.device !== undefined && s.device !== device) throw DeviceForged();
      if (!(await consents.get(`${s.tenantId}/${s.shopperId}`))) {
        drop('no-consent', s.beacons.length);
        throw ConsentRequired();
      }
      const adapted = phoneScan(
        {
          tenantId: s.tenantId,
          storeId: s.storeId,
          ...(s.ts === undefined ? {} : { ts: s.ts }),
          beacons: s.beacons,
          origin: { kind: 'phone', shopperId: s.shopperId },
        },
        Date.now(),
      );
      m.messages.inc({ source: 'http' });
      if (!adapted.ok) throw ScanRefused(adapted.reason === 'stale' ? 'ts' : 'beacons', adapted.error);
      dropAll(adapted.dropped);
      const scan = { ...adapted.scans[0]!, device };
      const entry = await stores.get(storeKey(s.tenantId, s.storeId));
      if (!entry) throw NotFound('Store');
      const known = scan.readings.filter((r) => entry.anchors.has(r.anchor)).length;
      route(
        scan,
        'http:/api/v1/scans',
        JSON.stringify({ store_id: s.storeId, ts: s.ts, beacons: s.beacons }),
        noop,
      );
      if (known === 0) throw ScanRefused('beacons', 'no beacon is one of this store');
      return { device, readings: known, unknown_beacons: scan.readings.length - known };
    },
    lastPosition: (tenantId, storeId, device) => devices.lastPosition(storeKey(tenantId, storeId), device),
    refreshScanners,
    async stop({ drain = true } = {}) {
      for (const timer of timers) clearInterval(timer);
      // Stop taking messages first: what is not acknowledged stays with the broker for the next session.
      closing = true;
      if (!drain) {
        // As a crash would: nothing more positioned or acknowledged, and nothing lost for it.
        acks.reset();
        await Promise.all([client.endAsync(true), workers.close()]);
        return;
      }
      const deadline = Date.now() + DRAIN_WAIT_MS;
      while ((stores.waiting > 0 || consents.waiting > 0) && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 5));
      }
      flushAll();
      // Tags' windows still open are in the snapshots this writes; their scans, not acknowledged,
      // come again to the next session, which has them already (dropped as duplicates).
      tick(true);
      await workers.drained();
      // What was taken in is positioned and acknowledged; the session ends cleanly after the acks.
      await client.endAsync();
      await Promise.all(redisWrites);
      await writeOut();
      await writeHeard();
      await workers.close();
    },
  };
}

export type { DeadLetterReason };
