/**
 * The gateway end to end on the real Mosquitto, Postgres and Redis: scans in over MQTT and HTTP,
 * fixes out on MQTT, in Redis and in Postgres; refusals as dead letters; consent; the live stream.
 */
import { randomUUID } from 'node:crypto';
import type { MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nodeSightings } from './node-sightings.js';
import {
  type Brand,
  clearSession,
  type Listener,
  listen,
  phoneBatch,
  SITE,
  simSites,
  startBrand,
  uniqueClientId,
  until,
} from './test/support.js';

let b: Brand;
let out: Listener;
let publisher: MqttClient;
const clientId = uniqueClientId();
const ROOM = `room-${clientId}`;

beforeAll(async () => {
  b = await startBrand();
  await b.t.app.gateway.start({
    sites: simSites(b.tenantId, [b.storeId, b.otherStoreId]),
    settings: {
      clientId,
      threads: 1,
      tickMs: 50,
      storeFlushMs: 100,
      sources: [
        { filter: `ss/${b.tenantId}/+/scan/miniprogram`, source: 'miniprogram' },
        { filter: 'espresense/devices/+/+', source: 'espresense' },
      ],
      scanners: [
        {
          source: 'espresense',
          scanner: ROOM,
          tenant_id: b.tenantId,
          store_id: b.storeId,
          anchor: SITE.anchors[0]!.id,
        },
      ],
    },
  });
  out = await listen([`ss/${b.tenantId}/#`]);
  publisher = out.client;
});

afterAll(async () => {
  await out?.close();
  await b?.t.close();
  await clearSession(clientId);
});

const scanTopic = () => `ss/${b.tenantId}/${b.storeId}/scan/miniprogram`;
const publish = (topic: string, payload: unknown) =>
  publisher.publishAsync(topic, typeof payload === 'string' ? payload : JSON.stringify(payload), { qos: 1 });

async function deadLetters(
  reason: string,
): Promise<{ reason: string; payload: string; tenant_id: string | null }[]> {
  return b.t.db.tenant(
    b.tenantId,
    async (tx) => (await tx.query('SELECT * FROM gateway_deadletters WHERE reason = $1', [reason])).rows,
  );
}

async function metric(name: string, label: string): Promise<number> {
  const text = await b.t.app.metrics.metrics();
  const line = text.split('\n').find((l) => l.startsWith(`${name}{${label}}`));
  return line ? Number(line.split(' ').pop()) : 0;
}

describe('phones over MQTT', () => {
  it('positions a consenting shopper’s batch: fix on MQTT, last position in Redis, row in Postgres', async () => {
    const ts = Date.now();
    await publish(scanTopic(), phoneBatch(b.shopper.token, ts));
    const topic = `ss/${b.tenantId}/${b.storeId}/position/${b.shopper.device}`;
    await out.waitFor((m) => m.topic === topic);
    const fix = JSON.parse(out.messages.find((m) => m.topic === topic)!.payload);
    expect(fix).toMatchObject({ ts, device: b.shopper.device, level: 0 });
    expect(fix.accuracy).toBeGreaterThan(0);
    await until(
      async () =>
        (await b.t.app.gateway.running!.lastPosition(b.tenantId, b.storeId, b.shopper.device)) !== undefined,
    );
    await until(async () => {
      const rows = await b.t.db.tenant(
        b.tenantId,
        async (tx) => (await tx.query('SELECT * FROM fixes')).rows,
      );
      return rows.some((r) => r.device === b.shopper.device && r.ts.getTime() === ts);
    });
  });

  it('drops, counts and keeps nothing of a shopper without location consent', async () => {
    const before = await metric('ss_gateway_dropped_readings_total', 'reason="no-consent"');
    await publish(scanTopic(), phoneBatch(b.shopperWithoutConsent.token, Date.now()));
    await until(
      async () => (await metric('ss_gateway_dropped_readings_total', 'reason="no-consent"')) >= before + 6,
    );
    expect(out.messages.some((m) => m.topic.endsWith(`/position/${b.shopperWithoutConsent.device}`))).toBe(
      false,
    );
    const kept = await b.t.db.tenant(
      b.tenantId,
      async (tx) =>
        (
          await tx.query('SELECT count(*)::int AS n FROM gateway_deadletters WHERE payload LIKE $1', [
            `%${b.shopperWithoutConsent.token.slice(-12)}%`,
          ])
        ).rows[0].n,
    );
    expect(kept).toBe(0);
  });

  it('dead-letters a forged device id, a bad token and another brand’s topic', async () => {
    await publish(scanTopic(), phoneBatch(b.shopper.token, Date.now(), { device: 'p-someone-else' }));
    await publish(scanTopic(), phoneBatch('not.a.token', Date.now()));
    const admin = b.admin; // a staff token is not a shopper token
    await publish(scanTopic(), phoneBatch(admin, Date.now()));
    const otherBrand = b.t.app.issueToken({
      kind: 'shopper',
      id: randomUUID(),
      tenantId: randomUUID(),
      role: 'shopper',
    });
    await publish(scanTopic(), phoneBatch(otherBrand.token, Date.now()));
    await until(async () => (await deadLetters('forged-device')).length === 1);
    await until(async () => (await deadLetters('wrong-tenant')).length === 1);
    await until(async () => (await deadLetters('unauthenticated')).length === 2);
    const [forged] = await deadLetters('forged-device');
    expect(forged!.payload).toContain('"token":"[redacted]"');
    expect(forged!.payload).not.toContain(b.shopper.token);
    await out.waitFor(
      (m) => m.topic === `ss/${b.tenantId}/${b.storeId}/deadletter` && m.payload.includes('forged-device'),
    );
  });

  it('dead-letters malformed, wrong-typed, huge and unknown-beacon payloads with their reasons', async () => {
    await publish(scanTopic(), '{oops');
    await publish(scanTopic(), {
      token: b.shopper.token,
      beacons: [{ uuid: 1, major: 'x', minor: 2, rssi: -60 }],
    });
    await publish(scanTopic(), `{"token":"x","beacons":[${'{"uuid":"x"},'.repeat(4000)}{}]}`);
    await publish(scanTopic(), {
      token: b.shopper.token,
      beacons: [{ uuid: 'aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee', major: 9, minor: 9, rssi: -60 }],
    });
    for (const reason of ['malformed', 'invalid', 'too-large', 'unknown-beacons']) {
      await until(async () => (await deadLetters(reason)).length >= 1);
      expect(await metric('ss_gateway_deadletters_total', `reason="${reason}"`)).toBeGreaterThanOrEqual(1);
    }
  });

  it('dead-letters scans for a store without a site', async () => {
    await publish(
      `ss/${b.tenantId}/00000000-0000-4000-8000-000000000000/scan/miniprogram`,
      phoneBatch(b.shopper.token, Date.now()),
    );
    await until(async () => (await metric('ss_gateway_deadletters_total', 'reason="unknown-store"')) >= 1);
  });
});

describe('fixed scanners', () => {
  it('positions a tag that an ESPresense node of a mapped room hears', async () => {
    const id = `iBeacon:${SITE.anchors[0]!.id.split(':')[0]}-77-1`;
    for (let i = 0; i < 3; i++) {
      await publish(`espresense/devices/${id}/${ROOM}`, { id, rssi: -60 - i, 'rssi@1m': -59, distance: 1.2 });
    }
    const device = `tag:${SITE.anchors[0]!.id.split(':')[0]}:77:1`;
    const fixed = () =>
      out.messages.some((m) => m.topic === `ss/${b.tenantId}/${b.storeId}/position/${device}`);
    const unacked = async () =>
      Number(
        (await b.t.app.metrics.metrics())
          .split('\n')
          .find((l) => l.startsWith('ss_gateway_unacked_messages '))
          ?.split(' ')[1] ?? Number.NaN,
      );
    // Its readings wait in the tag's open window, and so do their acks: a crash now must not lose them.
    await until(async () => (await unacked()) >= 3, 1000);
    expect(fixed()).toBe(false);
    await out.waitFor(fixed);
    await until(async () => (await unacked()) === 0);
  });
});

describe('scanners hearing each other', () => {
  it('keeps what a node standing at one beacon hears of another of the store’s beacons, for calibration', async () => {
    const [uuid, major, minor] = SITE.anchors[1]!.id.split(':');
    const id = `iBeacon:${uuid}-${major}-${minor}`;
    await publish(`espresense/devices/${id}/${ROOM}`, { id, rssi: -71, 'rssi@1m': -59, distance: 6 });
    const kept = () => nodeSightings(b.t.app.redis, b.tenantId, b.storeId);
    await until(async () => (await kept()).length > 0);
    expect(await kept()).toEqual([
      { at: SITE.anchors[0]!.id, heard: SITE.anchors[1]!.id, rssi: -71, ts: expect.any(Number) },
    ]);
  });
});

describe('scanner mapping', () => {
  const url = () => `/api/v1/stores/${b.storeId}/scanners`;
  const room = () => `${ROOM}-table`;

  it('maps a room through the API, and the gateway positions what it hears at once', async () => {
    const body = { scanners: [{ source: 'espresense', scanner: room(), anchor: SITE.anchors[1]!.id }] };
    const put = await b.t.call(b.admin, { method: 'PUT', url: url(), payload: body });
    expect(put.statusCode).toBe(200);
    expect(put.json()).toEqual(body);
    expect((await b.t.call(b.admin, { method: 'GET', url: url() })).json()).toEqual(body);
    const id = `iBeacon:${SITE.anchors[0]!.id.split(':')[0]}-78-1`;
    for (let i = 0; i < 3; i++) await publish(`espresense/devices/${id}/${room()}`, { id, rssi: -61 - i });
    const device = `tag:${SITE.anchors[0]!.id.split(':')[0]}:78:1`;
    await out.waitFor((m) => m.topic === `ss/${b.tenantId}/${b.storeId}/position/${device}`);
  });

  it('refuses a name another store has, and a source that is not a fixed scanner', async () => {
    const taken = await b.t.call(b.admin, {
      method: 'PUT',
      url: `/api/v1/stores/${b.otherStoreId}/scanners`,
      payload: { scanners: [{ source: 'espresense', scanner: room(), anchor: 'x' }] },
    });
    expect(taken.statusCode).toBe(409);
    expect(taken.json()).toMatchObject({ code: 'SS_ERR_SCANNER_TAKEN', field: 'scanners' });
    const bad = await b.t.call(b.admin, {
      method: 'PUT',
      url: url(),
      payload: { scanners: [{ source: 'miniprogram', scanner: 'x', anchor: 'x' }] },
    });
    expect(bad.statusCode).toBe(400);
  });
});

describe('phones over HTTP', () => {
  const post = (token: string, payload: object) =>
    b.t.call(token, { method: 'POST', url: '/api/v1/scans', payload });
  const body = (extra: object = {}) => {
    const { beacons } = phoneBatch('', 0);
    return { store_id: b.storeId, ts: Date.now(), beacons, ...extra };
  };

  it('accepts a batch and tells the shopper their device id', async () => {
    const response = await post(b.shopper.token, body());
    expect(response.statusCode).toBe(202);
    expect(response.json()).toEqual({ device: b.shopper.device, readings: 6, unknown_beacons: 0 });
  });

  it('refuses a forged device, a shopper without consent, staff, an unknown store and bad input', async () => {
    expect((await post(b.shopper.token, body({ device: 'p-forged' }))).json()).toMatchObject({
      code: 'SS_ERR_DEVICE_FORGED',
      field: 'device',
    });
    expect((await post(b.shopperWithoutConsent.token, body())).json().code).toBe('SS_ERR_CONSENT_REQUIRED');
    expect((await post(b.admin, body())).statusCode).toBe(403);
    expect(
      (await post(b.shopper.token, body({ store_id: '00000000-0000-4000-8000-000000000000' }))).statusCode,
    ).toBe(404);
    const bad = await post(
      b.shopper.token,
      body({ beacons: [{ uuid: 'x', major: -1, minor: 0, rssi: -50 }] }),
    );
    expect(bad.statusCode).toBe(400);
    expect(bad.json().field).toMatch(/^beacons/);
    expect((await post(b.shopper.token, body({ ts: 1 }))).json()).toMatchObject({
      code: 'SS_ERR_SCAN_INVALID',
      field: 'ts',
    });
  });
});

describe('outdoor locations over HTTP', () => {
  const post = (token: string, payload: object) =>
    b.t.call(token, { method: 'POST', url: '/api/v1/locations', payload });

  it('passes on how far from the store the phone says it is, under its device id', async () => {
    const store = (await b.t.call(b.admin, { method: 'GET', url: `/api/v1/stores/${b.storeId}` })).json();
    const { lat, lng } = store.location;
    const topic = `ss/${b.tenantId}/${b.storeId}/location/${b.shopper.device}`;
    // 0.01° of latitude is about 1,112 m north of the store.
    const response = await post(b.shopper.token, { store_id: b.storeId, lat: lat + 0.01, lng, accuracy: 35 });
    expect(response.statusCode).toBe(202);
    expect(response.json().device).toBe(b.shopper.device);
    expect(response.json().distance_m).toBeGreaterThan(1100);
    expect(response.json().distance_m).toBeLessThan(1125);
    await out.waitFor((m) => m.topic === topic);
    const report = JSON.parse(out.messages.find((m) => m.topic === topic)!.payload);
    expect(report).toMatchObject({ device: b.shopper.device, accuracy_m: 35 });
    expect(report.distance_m).toBeCloseTo(response.json().distance_m, 0);
    expect(Math.abs(report.ts - Date.now())).toBeLessThan(10_000);
  });

  it('refuses a shopper without consent, staff, an unknown store and bad input, naming the field', async () => {
    const body = { store_id: b.storeId, lat: 31.23, lng: 121.47, accuracy: 20 };
    expect((await post(b.shopperWithoutConsent.token, body)).json().code).toBe('SS_ERR_CONSENT_REQUIRED');
    expect((await post(b.admin, body)).statusCode).toBe(403);
    const unknown = await post(b.shopper.token, {
      ...body,
      store_id: '00000000-0000-4000-8000-000000000000',
    });
    expect(unknown.statusCode).toBe(404);
    const badLat = await post(b.shopper.token, { ...body, lat: 91 });
    expect(badLat.statusCode).toBe(400);
    expect(badLat.json().field).toMatch(/lat/);
    const noAccuracy = await post(b.shopper.token, { store_id: b.storeId, lat: 31.23, lng: 121.47 });
    expect(noAccuracy.statusCode).toBe(400);
    expect(noAccuracy.json().field).toMatch(/accuracy/);
    expect((await post(b.shopper.token, { ...body, ts: 1 })).json()).toMatchObject({
      code: 'SS_ERR_SCAN_INVALID',
      field: 'ts',
    });
  });
});

describe('live stream', () => {
  it('sends a store’s fixes to a staff WebSocket, and refuses a plain GET', async () => {
    const url = `/api/v1/stores/${b.storeId}/live`;
    // A shopper inside already is the first thing a console hears, as an arrival.
    const arrivedAt = new Date(Date.now() - 60_000);
    await b.t.db.tenant(b.tenantId, (tx) =>
      tx.query('INSERT INTO visits (tenant_id, store_id, device, arrived_at) VALUES ($1, $2, $3, $4)', [
        b.tenantId,
        b.storeId,
        'inside-already',
        arrivedAt,
      ]),
    );
    const socket = await b.t.app.injectWS(url, { headers: { authorization: `Bearer ${b.admin}` } });
    const received: string[] = [];
    socket.on('message', (data: Buffer) => received.push(data.toString()));
    await until(() => received.length > 0);
    expect(JSON.parse(received.shift()!)).toEqual({
      type: 'arrival',
      ts: arrivedAt.getTime(),
      device: 'inside-already',
      since: arrivedAt.getTime(),
    });
    await new Promise((r) => setTimeout(r, 200));
    await publish(scanTopic(), phoneBatch(b.shopper.token, Date.now()));
    await until(() => received.length > 0);
    expect(JSON.parse(received[0]!)).toMatchObject({ device: b.shopper.device });
    // Arrivals and departures (the visits stage's topic) come through the same socket.
    const arrival = { type: 'arrival', ts: Date.now(), device: 'visitor-1', since: Date.now() - 4000 };
    await publish(`ss/${b.tenantId}/${b.storeId}/visit/visitor-1`, JSON.stringify(arrival));
    await until(() => received.some((m) => JSON.parse(m).type === 'arrival'));
    socket.terminate();
    const browser = await b.t.app.injectWS(url, {
      headers: { 'sec-websocket-protocol': `bearer, ${b.admin}` },
    });
    browser.terminate();
    await expect(
      b.t.app.injectWS(url, { headers: { 'sec-websocket-protocol': 'bearer, forged' } }),
    ).rejects.toThrow(/401/);
    expect((await b.t.call(b.admin, { method: 'GET', url })).statusCode).toBe(426);
    expect((await b.t.call(b.shopper.token, { method: 'GET', url })).statusCode).toBe(403);
  });
});

describe('storage', () => {
  it('keeps fixes in day partitions under forced RLS, and drops old ones', async () => {
    const parts = await b.t.db.pool.query<{ relname: string; relforcerowsecurity: boolean }>(
      `SELECT c.relname, c.relforcerowsecurity FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
       WHERE i.inhparent = 'fixes'::regclass`,
    );
    expect(parts.rows.length).toBeGreaterThanOrEqual(3);
    expect(parts.rows.every((r) => r.relforcerowsecurity)).toBe(true);
    const anonymous = await b.t.db.anonymous(
      async (tx) => (await tx.query('SELECT count(*)::int AS n FROM fixes')).rows[0].n,
    );
    expect(anonymous).toBe(0);
    const made = await b.t.db.anonymous(
      async (tx) => (await tx.query(`SELECT gateway_ensure_fix_partitions('2020-01-01', 2) AS n`)).rows[0].n,
    );
    expect(made).toBe(2);
    const dropped = await b.t.db.anonymous(
      async (tx) => (await tx.query(`SELECT gateway_drop_fix_partitions('2021-01-01') AS n`)).rows[0].n,
    );
    expect(dropped).toBe(2);
  });
});

describe('backpressure', () => {
  it('drops what does not fit in the bounded queue and counts it, rather than growing', async () => {
    await b.t.app.gateway.stop();
    await b.t.app.gateway.start({
      sites: simSites(b.tenantId, [b.storeId]),
      settings: {
        clientId,
        threads: 1,
        maxQueuedReadings: 100,
        sources: [{ filter: `ss/${b.tenantId}/+/scan/miniprogram`, source: 'miniprogram' }],
      },
    });
    const before = await metric('ss_gateway_dropped_readings_total', 'reason="overload"');
    const ts = Date.now();
    await Promise.all(
      Array.from({ length: 200 }, (_, i) => publish(scanTopic(), phoneBatch(b.shopper.token, ts + i))),
    );
    await until(
      async () => (await metric('ss_gateway_dropped_readings_total', 'reason="overload"')) > before,
    );
    const text = await b.t.app.metrics.metrics();
    expect(text).toMatch(/^ss_gateway_queued_readings \d+/m);
  });
});
