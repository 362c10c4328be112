/**
 * Gateway benchmark: simulated phones publish their beacon batches through the real Mosquitto to the
 * whole gateway (adapters, token and consent checks, batching, positioning worker threads, fixes out to
 * MQTT, Redis and Postgres) and the fixes are read back from MQTT. In the same run, the same payloads
 * through the same broker without any processing give the ceiling.
 *
 * A "scan" here is one beacon reading (what an ESPresense node or OpenMQTTGateway publishes as one
 * message, and one entry of a phone's batch); a message is one phone's batch of about 20 of them.
 * Publishers keep a bounded window of messages unanswered (Mosquitto queues at most 1000 per client),
 * so "full speed" is the highest rate that loses nothing.
 *
 * Usage: npm run bench:gateway [-- --seconds 8 --rate 20000 --low-rate 2000 --stores 8 --shoppers 60]
 */
import { randomUUID } from 'node:crypto';
import mqtt, { type MqttClient } from 'mqtt';
import type { Registry } from 'prom-client';
import { seedDemo } from '../db/seed.js';
import { recordConsent, upsertShopper } from '../members/index.js';
import { type ScanBatch, scenario, storeRun } from '../sim/index.js';
import { startTestApp, TEST_MQTT_URL } from '../test/support/app.js';
import { benchArgs } from './args.js';
import { quantile } from './quantile.js';
import { markdownTable } from './table.js';

const args = benchArgs();
const SECONDS = Number(args.get('seconds') ?? 8);
const RATE = Number(args.get('rate') ?? 20_000);
/** A rate the gateway keeps up with on a busy machine, so that its latency is not queueing. */
const LOW_RATE = Number(args.get('low-rate') ?? 2_000);
const STORES = Number(args.get('stores') ?? 8);
const SHOPPERS = Number(args.get('shoppers') ?? 60);
/** Unanswered messages a publisher allows: below the 1000 Mosquitto queues per client by default, past which it drops. */
const WINDOW = 800;

interface Message {
  topic: string;
  slot: number;
  readings: number;
  /** The batch's `beacons` array as JSON, made once: the publisher must not be what is measured. */
  beaconsJson: string;
}

/**
 * The first `seconds` of the simulator's phones in STORES stores, interleaved, made before any clock
 * starts; runs cycle through them (each phone's timestamps still only go forward).
 */
function phoneMessages(tenantId: string, storeIds: string[], seconds: number): Message[] {
  const { venue, radio } = scenario('dense-shelving');
  const perStore = storeIds.map((storeId, s) => {
    const run = storeRun({ venue, radio, shoppers: SHOPPERS, seed: s + 1 });
    const messages: Message[] = [];
    for (const batch of run.scans() as Generator<ScanBatch>) {
      if (batch.ts - run.startTs > seconds * 1000) break;
      if (batch.observations.length === 0) continue;
      const beacons = batch.observations.map((o) => {
        const [uuid, major, minor] = o.anchor.split(':') as [string, string, string];
        return { uuid, major: Number(major), minor: Number(minor), rssi: o.rssi };
      });
      messages.push({
        topic: `ss/${tenantId}/${storeId}/scan/miniprogram`,
        slot: s * SHOPPERS + Number(batch.device.split('-')[2]),
        readings: beacons.length,
        beaconsJson: JSON.stringify(beacons),
      });
    }
    return messages;
  });
  const longest = Math.max(...perStore.map((m) => m.length));
  const all: Message[] = [];
  for (let i = 0; i < longest; i++) for (const messages of perStore) if (messages[i]) all.push(messages[i]!);
  return all;
}

function* cycle<T>(items: readonly T[]): Generator<T> {
  for (;;) yield* items;
}

interface Figures {
  messages: number;
  readings: number;
  seconds: number;
  latencies: number[];
  lost: number;
  deadLettered: number;
  /** The gateway's own p99 (taken in → fix out, and the workers' part), ms, from its histogram's buckets. */
  inGateway?: { total: string; worker: string };
}

function row(name: string, f: Figures): string[] {
  const lat = [...f.latencies].sort((a, b) => a - b);
  return [
    name,
    Math.round(f.messages / f.seconds).toLocaleString('en-US'),
    Math.round(f.readings / f.seconds).toLocaleString('en-US'),
    lat.length ? quantile(lat, 0.5).toFixed(1) : '–',
    lat.length ? quantile(lat, 0.99).toFixed(1) : '–',
    String(f.lost),
    String(f.deadLettered),
    f.inGateway ? `${f.inGateway.total} / ${f.inGateway.worker}` : '–',
  ];
}

/** Cumulative bucket counts of the gateway's scan latency histogram, per stage. */
type Buckets = Map<string, [le: number, count: number][]>;

async function latencyBuckets(registry: Registry): Promise<Buckets> {
  const metric = registry.getSingleMetric('ss_gateway_scan_latency_seconds');
  const buckets: Buckets = new Map();
  if (!metric) return buckets;
  for (const v of (await metric.get()).values) {
    if (!(v as { metricName?: string }).metricName?.endsWith('_bucket')) continue;
    const stage = String(v.labels.stage);
    const list = buckets.get(stage) ?? [];
    list.push([v.labels.le === '+Inf' ? Number.POSITIVE_INFINITY : Number(v.labels.le), v.value]);
    buckets.set(stage, list);
  }
  return buckets;
}

/** The bucket bound under which 99% of a run's scans fell: "≤ 25" ms. */
function p99Bound(before: Buckets, after: Buckets, stage: string): string {
  const was = new Map(before.get(stage) ?? []);
  const counts = (after.get(stage) ?? []).map(([le, n]) => [le, n - (was.get(le) ?? 0)] as const);
  const total = counts.at(-1)?.[1] ?? 0;
  const bound = counts.find(([, n]) => n >= 0.99 * total)?.[0];
  return total === 0 || bound === undefined ? '–' : bound === Infinity ? '> 2500' : `≤ ${bound * 1000}`;
}

const connect = (clientId: string) => mqtt.connectAsync(TEST_MQTT_URL, { clientId, reconnectPeriod: 0 });
/**
 * The listener that reads answers back speaks MQTT 5 with a large receive maximum: as a 3.1.1 client,
 * Mosquitto would give it only 20 unacknowledged messages at a time, and the benchmark's own reading
 * (on the same busy thread as the gateway) would set the pace. Same listener for every row.
 */
const connectListener = (clientId: string) =>
  mqtt.connectAsync(TEST_MQTT_URL, {
    clientId,
    reconnectPeriod: 0,
    protocolVersion: 5,
    properties: { receiveMaximum: 65_535 },
  });

/** Answers to published messages: the caller's listener calls `answer("slot@ts")` when one comes back. */
interface Driver {
  outstanding: Map<string, number>;
  answer(key: string): void;
  /** Publishes for `seconds`, at `rate` readings/s or (rate 0) as fast as the window allows, then waits for answers. */
  run(
    publisher: MqttClient,
    messages: Generator<Message>,
    payloadOf: (m: Message, ts: number) => { topic: string; payload: string; key: string },
    seconds: number,
    rate: number,
    window: number,
  ): Promise<Omit<Figures, 'lost' | 'deadLettered'>>;
}

function driver(): Driver {
  const outstanding = new Map<string, number>();
  const readingsOf = new Map<string, number>();
  const latencies: number[] = [];
  let answeredReadings = 0;
  let lastAnswer = 0;
  let waiting: (() => void) | undefined;
  const lastTs = new Map<number, number>();
  return {
    outstanding,
    answer(key) {
      const sent = outstanding.get(key);
      if (sent === undefined) return;
      outstanding.delete(key);
      lastAnswer = performance.now();
      latencies.push(lastAnswer - sent);
      answeredReadings += readingsOf.get(key) ?? 0;
      readingsOf.delete(key);
      waiting?.();
    },
    async run(publisher, messages, payloadOf, seconds, rate, window) {
      let published = 0;
      let readings = 0;
      const t0 = performance.now();
      const end = t0 + seconds * 1000;
      while (performance.now() < end) {
        if (rate > 0) {
          // Paced by readings: publish what is due, then sleep a little.
          if (readings >= ((performance.now() - t0) / 1000) * rate) {
            await new Promise((r) => setTimeout(r, 2));
            continue;
          }
        } else if (outstanding.size >= window) {
          await new Promise<void>((r) => {
            waiting = r;
            setTimeout(r, 50);
          });
          waiting = undefined;
          continue;
        }
        const m = messages.next().value as Message;
        const ts = Math.max(Date.now(), (lastTs.get(m.slot) ?? 0) + 1);
        lastTs.set(m.slot, ts);
        const { topic, payload, key } = payloadOf(m, ts);
        outstanding.set(key, performance.now());
        readingsOf.set(key, m.readings);
        publisher.publish(topic, payload, { qos: 1 });
        published += 1;
        readings += m.readings;
        if (published % 64 === 0) await new Promise((r) => setImmediate(r));
      }
      const deadline = performance.now() + 5000;
      while (outstanding.size > 0 && performance.now() < deadline)
        await new Promise((r) => setTimeout(r, 20));
      // Throughput: what came back, over the time until the last answer.
      const elapsed = (Math.max(lastAnswer, t0 + 1) - t0) / 1000;
      return {
        messages: published - outstanding.size,
        readings: answeredReadings,
        seconds: elapsed,
        latencies,
      };
    },
  };
}

async function main(): Promise<void> {
  // A real app on a database of its own, as the tests have it.
  const t = await startTestApp({ LOG_LEVEL: 'warn' });
  const { app } = t;
  const { tenantId } = await seedDemo(app.db);
  const storeIds: string[] = Array.from({ length: STORES }, () => randomUUID());
  const tokens: string[] = [];
  const devices: string[] = [];
  await app.db.tenant(tenantId, async (tx) => {
    for (let i = 0; i < STORES * SHOPPERS; i++) {
      const shopper = await upsertShopper(tx, tenantId, { openid: `bench-${i}` });
      await recordConsent(tx, {
        tenantId,
        shopperId: shopper.id,
        purpose: 'location_tracking',
        granted: true,
        policyVersion: 'bench',
        source: 'bench',
      });
      tokens.push(app.issueToken({ kind: 'shopper', id: shopper.id, tenantId, role: 'shopper' }).token);
      devices.push(app.gateway.deviceIdOf(tenantId, shopper.id));
    }
  });
  const { venue } = scenario('dense-shelving');
  const sites = {
    siteFor: async (t: string, s: string) =>
      t === tenantId && storeIds.includes(s) ? venue.site : undefined,
  };
  const messages = cycle(phoneMessages(tenantId, storeIds, 20));
  const payloadOf = (m: Message, ts: number, key?: string) =>
    `{"token":"${tokens[m.slot]}","ts":${ts},"beacons":${m.beaconsJson}${key ? `,"key":"${key}"` : ''}}`;
  const publisher = await connect(`bench-pub-${process.pid}`);
  const listener = await connectListener(`bench-sub-${process.pid}`);
  const rows: string[][] = [];
  const metric = async (name: string) =>
    (await app.metrics.metrics())
      .split('\n')
      .filter((l) => l.startsWith(name))
      .reduce((n, l) => n + Number(l.split(' ').pop()), 0);

  // 1. The broker alone: the same payloads, publish → receive, no processing.
  const rawTopic = `bench/raw/${process.pid}`;
  await listener.subscribeAsync(`${rawTopic}/+`, { qos: 1 });
  const raw = driver();
  listener.on('message', (topic, payload) => {
    if (topic.startsWith(rawTopic)) raw.answer(JSON.parse(payload.toString()).key);
  });
  const rawRun = await raw.run(
    publisher,
    messages,
    (m, ts) => {
      const key = `${m.slot}@${ts}`;
      return {
        topic: `${rawTopic}/${m.slot}`,
        payload: payloadOf(m, ts, key),
        key,
      };
    },
    Math.min(5, SECONDS),
    0,
    WINDOW,
  );
  const rawFigures: Figures = { ...rawRun, lost: raw.outstanding.size, deadLettered: 0 };
  rows.push(row('broker alone (publish → receive, QoS 1)', rawFigures));
  await listener.unsubscribeAsync(`${rawTopic}/+`);

  // 2–4. The gateway end to end, fixes read back from MQTT.
  const deviceSlot = new Map(devices.map((d, i) => [d, i]));
  let current: Driver | undefined;
  await listener.subscribeAsync(`ss/${tenantId}/+/position/+`, { qos: 1 });
  listener.on('message', (topic, payload) => {
    if (!topic.includes('/position/')) return;
    const fix = JSON.parse(payload.toString()) as { device: string; ts: number };
    current?.answer(`${deviceSlot.get(fix.device)}@${fix.ts}`);
  });
  const phonePayload = (m: Message, ts: number) => ({
    topic: m.topic,
    payload: payloadOf(m, ts),
    key: `${m.slot}@${ts}`,
  });
  const results: Record<string, Figures> = {};
  for (const run of [
    { name: 'gateway, full speed (engine, 2 workers)', method: 'engine' as const, rate: 0 },
    {
      name: `gateway at ${RATE.toLocaleString('en-US')} readings/s (engine, 2 workers)`,
      method: 'engine' as const,
      rate: RATE,
    },
    {
      name: `gateway at ${LOW_RATE.toLocaleString('en-US')} readings/s (engine, 2 workers)`,
      method: 'engine' as const,
      rate: LOW_RATE,
    },
    { name: 'gateway, full speed (least-squares, 2 workers)', method: 'least-squares' as const, rate: 0 },
  ]) {
    const clientId = `bench-gateway-${process.pid}`;
    await app.gateway.start({ sites, settings: { clientId, threads: 2, method: run.method } });
    // Warm-up: every store's site loaded and every phone's consent known before the clock starts, so at
    // least two of each phone's batches (phones send one a second): a phone met for the first time
    // waits for its consent from the database, a cost a run should not count as steady latency.
    current = driver();
    await current.run(publisher, messages, phonePayload, 2.5, Math.min(RATE, 10_000), WINDOW);
    const deadBefore = await metric('ss_gateway_deadletters_total');
    const latencyBefore = await latencyBuckets(app.metrics);
    current = driver();
    const measured = await current.run(publisher, messages, phonePayload, SECONDS, run.rate, WINDOW);
    const latencyAfter = await latencyBuckets(app.metrics);
    const figures: Figures = {
      ...measured,
      lost: current.outstanding.size,
      deadLettered: (await metric('ss_gateway_deadletters_total')) - deadBefore,
      inGateway: {
        total: p99Bound(latencyBefore, latencyAfter, 'total'),
        worker: p99Bound(latencyBefore, latencyAfter, 'worker'),
      },
    };
    results[run.name] = figures;
    rows.push(row(run.name, figures));
    await app.gateway.stop();
    const cleaner = await mqtt.connectAsync(TEST_MQTT_URL, { clientId, clean: true });
    await cleaner.endAsync();
  }

  console.log(
    `\n### Gateway (${STORES} stores × ${SHOPPERS} phones, dense-shelving, ${SECONDS} s per run)\n`,
  );
  console.log(
    markdownTable(
      [
        'run',
        'messages/s',
        'scans (readings)/s',
        'p50 ms',
        'p99 ms',
        'lost',
        'dead-lettered',
        'p99 in gateway / in workers, ms',
      ],
      rows,
    ),
  );
  const [full, fixed] = Object.values(results) as [Figures, Figures];
  const lost = Object.values(results).reduce((n, f) => n + f.lost, 0);
  await publisher.endAsync();
  await listener.endAsync();
  await t.close();
  const latencies = [...fixed.latencies].sort((a, b) => a - b);
  console.log(
    `\n${JSON.stringify({
      scans_per_s: Math.round(full.readings / full.seconds),
      p99_ms: +quantile(latencies, 0.99).toFixed(1),
      lost,
      raw_ceiling_per_s: Math.round(rawFigures.readings / rawFigures.seconds),
    })}`,
  );
}

await main();
