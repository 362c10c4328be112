/** The beacon setup tool through the HTTP API: registry, CSV, health, accuracy map, calibration walk. */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { markHeard, siteForStore } from '../beacons/index.js';
import { DEMO_PASSWORD, seedDemo } from '../db/seed.js';
import { noteNodeSighting } from '../gateway/node-sightings.js';
import { createEngine } from '../positioning/index.js';
import { demoMap } from '../venues/index.js';
import { startTestApp, type TestApp } from './support/app.js';

let t: TestApp;
let admin: string;
let clerk: string;
let tenantId: string;
let store: string;
let other: string;
const U = 'b9407f30-f5f8-466e-aff9-25556b57fe6d';
const { map } = demoMap(
  { id: 'b', width: 40, depth: 30, levels: 1, layout: 'shelving', beaconSpacing: 8 },
  [],
);

beforeAll(async () => {
  t = await startTestApp();
  tenantId = (await seedDemo(t.db)).tenantId;
  admin = await t.login('admin@freshmart.demo', DEMO_PASSWORD);
  clerk = await t.login('clerk.sh001@freshmart.demo', DEMO_PASSWORD);
  const stores = (await t.call(admin, { method: 'GET', url: '/api/v1/stores' })).json();
  store = stores.find((s: { code: string }) => s.code === 'SH001').id;
  other = stores.find((s: { code: string }) => s.code === 'SH002').id;
  // The demo seed gave SH001 its beacons; these tests start from an empty registry on a one-level map.
  for (const b of (await t.call(admin, { method: 'GET', url: `/api/v1/stores/${store}/beacons` })).json())
    expect((await t.call(admin, { method: 'DELETE', url: `/api/v1/beacons/${b.id}` })).statusCode).toBe(204);
  // The demo's campaigns fire at SH001's tills, which this map does not keep: a save may not delete
  // a zone live campaigns use, so they end first.
  for (const c of (await t.call(admin, { method: 'GET', url: '/api/v1/campaigns' })).json())
    if (c.trigger.zones)
      await t.call(admin, {
        method: 'POST',
        url: `/api/v1/campaigns/${c.id}/status`,
        payload: { status: 'ended' },
      });
  const saved = await t.call(admin, { method: 'PUT', url: `/api/v1/stores/${store}/map`, payload: map });
  expect(saved.statusCode, saved.body).toBe(200);
});

afterAll(async () => t?.close());

const grid = () => {
  const lines = ['uuid,major,minor,name,x,y,z,level,tx_power'];
  let minor = 1;
  for (let x = 5; x < 40; x += 10)
    for (let y = 4; y < 30; y += 8) lines.push(`${U},1,${minor++},B${minor},${x},${y},3,0,-59`);
  return `${lines.join('\n')}\n`;
};

describe('beacon registry', () => {
  it('imports nothing from a CSV with bad lines, and says which', async () => {
    const bad = `${grid()}${U},1,99,,7,7,3,0,-59\nnope,1,100,,1,1,3,0,-59\n${U},1,101,,x,1,3,0,-59\n`;
    const response = await t.call(clerk, {
      method: 'POST',
      url: `/api/v1/stores/${store}/beacons/csv`,
      payload: { csv: bad },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ code: 'SS_ERR_BEACON_CSV_INVALID', field: 'csv' });
    expect(response.json().problems).toEqual([
      { line: 19, column: 'uuid', problem: '"nope" is not a UUID' },
      { line: 20, column: 'x', problem: '"x" is not a number between -1000000 and 1000000' },
    ]);
    const list = await t.call(clerk, { method: 'GET', url: `/api/v1/stores/${store}/beacons` });
    expect(list.json()).toEqual([]);
  });

  it('imports a clean CSV, exports it back, and refuses an identity another store has', async () => {
    const response = await t.call(clerk, {
      method: 'POST',
      url: `/api/v1/stores/${store}/beacons/csv`,
      payload: { csv: grid() },
    });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json().imported).toBe(16);
    const csv = await t.call(clerk, { method: 'GET', url: `/api/v1/stores/${store}/beacons/csv` });
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.body.split('\n')[0]).toBe('uuid,major,minor,name,x,y,z,level,tx_power,battery_pct,firmware');
    expect(csv.body.trim().split('\n').length).toBe(17);

    const elsewhere = await t.call(admin, {
      method: 'POST',
      url: `/api/v1/stores/${other}/beacons/csv`,
      payload: { csv: `uuid,major,minor,x,y\n${U},9,9,1,1\n${U},1,3,1,1\n` },
    });
    expect(elsewhere.json().problems).toEqual([
      { line: 3, column: 'uuid', problem: `${U}:1:3 is already registered in another store` },
    ]);
    const single = await t.call(admin, {
      method: 'POST',
      url: `/api/v1/stores/${other}/beacons`,
      payload: { uuid: U, major: 1, minor: 3, x: 1, y: 1 },
    });
    expect(single.json()).toMatchObject({ code: 'SS_ERR_BEACON_TAKEN', field: 'uuid' });
    // A request with no CSV in it is refused like any other, not a failure to write the refusal.
    const empty = await t.call(admin, {
      method: 'POST',
      url: `/api/v1/stores/${other}/beacons/csv`,
      payload: {},
    });
    expect(empty.statusCode, empty.body).toBe(400);
    expect(empty.json()).toMatchObject({ code: 'SS_ERR_VALIDATION', field: 'csv' });
    // The clerk of SH001 cannot set up beacons in SH002.
    const foreign = await t.call(clerk, {
      method: 'POST',
      url: `/api/v1/stores/${other}/beacons`,
      payload: { uuid: U, major: 5, minor: 5, x: 1, y: 1 },
    });
    expect(foreign.statusCode).toBe(403);
  });

  it('moves a beacon dragged on the plan, and the positioning Site follows', async () => {
    const [first] = (await t.call(clerk, { method: 'GET', url: `/api/v1/stores/${store}/beacons` })).json();
    const moved = await t.call(clerk, {
      method: 'PATCH',
      url: `/api/v1/beacons/${first.id}`,
      payload: { x: 6.5, y: 4.5 },
    });
    expect(moved.json()).toMatchObject({ x: 6.5, y: 4.5, z: 3 });
    const site = (await t.db.tenant(tenantId, (tx) => siteForStore(tx, store)))!;
    expect(site.levels[0]!.obstacles.length).toBe(
      map.features.filter((f) => f.kind === 'shelf' || f.kind === 'wall').length,
    );
    // Its doors mark the façade for the inside odds.
    const doors = map.features.filter((f) => f.kind === 'opening').map((f) => f.polygon);
    expect(doors.length).toBeGreaterThan(0);
    expect(site.levels[0]!.openings).toEqual(doors);
    expect(site.anchors.length).toBe(16);
    expect(site.anchors.find((a) => a.id === `${U}:${first.major}:${first.minor}`)).toMatchObject({
      x: 6.5,
      y: 4.5,
      z: 3,
      txPower: -59,
    });
    // SH002 has the demo seed's map and beacons; a store without a map has no Site.
    const seeded = (await t.db.tenant(tenantId, (tx) => siteForStore(tx, other)))!;
    expect(seeded.anchors.length).toBe(20);
    expect(new Set(seeded.anchors.map((a) => a.id)).size).toBe(20);
    expect(await t.db.tenant(tenantId, (tx) => siteForStore(tx, randomUUID()))).toBeUndefined();
  });

  it("hands a shopper's phone the site its engine positions with, and the uuids to scan for", async () => {
    const shopper = (
      await t.call('', {
        method: 'POST',
        url: '/api/v1/auth/wechat',
        payload: { tenant: 'freshmart', code: 'site-reader' },
      })
    ).json().token;
    const response = await t.call(shopper, { method: 'GET', url: `/api/v1/stores/${store}/site` });
    expect(response.statusCode, response.body).toBe(200);
    const site = response.json();
    expect(site.beacon_uuids).toEqual([U.toUpperCase()]);
    expect(site).toEqual({
      ...JSON.parse(JSON.stringify(await t.db.tenant(tenantId, (tx) => siteForStore(tx, store)))),
      beacon_uuids: [U.toUpperCase()],
    });
    // What the phone gets is enough for the bundled engine: a scan by the first beacon fixes near it.
    const engine = createEngine(site);
    const near = site.anchors[0];
    const t0 = Date.parse('2026-11-27T10:00:00Z');
    const fixes = [0, 1000, 2000].flatMap((dt) =>
      site.anchors.flatMap((a: { id: string; x: number; y: number }) => {
        const d = Math.max(1, Math.hypot(a.x - near.x, a.y - near.y));
        return engine.observe({ ts: t0 + dt, device: 'phone', anchor: a.id, rssi: -59 - 20 * Math.log10(d) });
      }),
    );
    expect(fixes.length).toBeGreaterThan(0);
    const last = fixes.at(-1)!;
    expect(Math.hypot(last.x - near.x, last.y - near.y)).toBeLessThan(4);
    // Nothing without a token; an unknown store is not found.
    expect((await t.call('', { method: 'GET', url: `/api/v1/stores/${store}/site` })).statusCode).toBe(401);
    const missing = await t.call(shopper, { method: 'GET', url: `/api/v1/stores/${randomUUID()}/site` });
    expect(missing.statusCode).toBe(404);
  });

  it('raises an alert for a beacon silent longer than the store allows', async () => {
    const now = Date.now();
    await t.db.tenant(tenantId, (tx) =>
      markHeard(tx, [
        ...Array.from({ length: 15 }, (_, i) => ({ uuid: U, major: 1, minor: i + 1, at: new Date(now) })),
        { uuid: U, major: 1, minor: 16, at: new Date(now - 30 * 60_000), battery_pct: 12 },
      ]),
    );
    const health = await t.call(clerk, { method: 'GET', url: `/api/v1/stores/${store}/beacons/health` });
    expect(
      health
        .json()
        .alerts.map((a: { kind: string }) => a.kind)
        .sort(),
    ).toEqual(['battery_low', 'silent']);
    const patched = await t.call(admin, {
      method: 'PATCH',
      url: `/api/v1/stores/${store}/beacons/settings`,
      payload: { silent_after_s: 3600 },
    });
    expect(patched.json().silent_after_s, patched.body).toBe(3600);
    const calmer = await t.call(clerk, { method: 'GET', url: `/api/v1/stores/${store}/beacons/health` });
    expect(calmer.json().alerts.map((a: { kind: string }) => a.kind)).toEqual(['battery_low']);
  });

  it('predicts accuracy per square metre and suggests where one more beacon helps', async () => {
    const response = await t.call(clerk, {
      method: 'GET',
      url: `/api/v1/stores/${store}/beacons/accuracy?level=0`,
    });
    expect(response.statusCode, response.body).toBe(200);
    const body = response.json();
    expect(body).toMatchObject({ level: 0, cell: 1, cols: 40, rows: 30 });
    expect(body.suggestions.length).toBeGreaterThan(0);
    expect(
      (await t.call(clerk, { method: 'GET', url: `/api/v1/stores/${store}/beacons/accuracy?level=4` }))
        .statusCode,
    ).toBe(404);
  });
});

describe('calibration walk', () => {
  it('guides the clerk, fits txPower and the exponent from the readings, and saves them', async () => {
    const opened = await t.call(clerk, {
      method: 'POST',
      url: `/api/v1/stores/${store}/calibration-sessions`,
      payload: { level: 0 },
    });
    expect(opened.statusCode, opened.body).toBe(201);
    const session = opened.json();
    expect(session.guide.length).toBeGreaterThan(10);
    // Beacons 8 m apart: the usual 4 m walk is the one they call for, and the console is told so.
    expect(session.spacing_m).toBe(4);
    const survey = (
      await t.call(clerk, { method: 'GET', url: `/api/v1/stores/${store}/radio-survey` })
    ).json();
    expect(survey.walks).toEqual([{ level: 0, beacons_apart_m: 8, spacing_m: 4 }]);
    // A denser walk, for a sharper radio map: about four times the points at 2 m; closer than 2 m is refused.
    const dense = async (spacing_m: number) =>
      t.call(clerk, {
        method: 'POST',
        url: `/api/v1/stores/${store}/calibration-sessions`,
        payload: { level: 0, spacing_m },
      });
    const denser = (await dense(2)).json();
    expect(denser.spacing_m).toBe(2);
    expect(denser.guide.length).toBeGreaterThan(3 * session.guide.length);
    const tooClose = await dense(1);
    expect(tooClose.statusCode).toBe(400);
    expect(tooClose.json().field).toBe('spacing_m');
    const site = (await t.db.tenant(tenantId, (tx) => siteForStore(tx, store)))!;
    // The true radio: every beacon 4 dB weaker than declared, exponent 2.4; a phone at 1.2 m.
    let last = session;
    for (const p of session.guide) {
      const readings = site.anchors.map((a) => {
        const d = Math.hypot(a.x - p.x, a.y - p.y, a.z - 1.2);
        return { anchor: a.id, rssi: Math.round((-63 - 24 * Math.log10(d)) * 10) / 10 };
      });
      const recorded = await t.call(clerk, {
        method: 'POST',
        url: `/api/v1/calibration-sessions/${session.id}/points`,
        payload: { x: p.x, y: p.y, readings },
      });
      expect(recorded.statusCode, recorded.body).toBe(200);
      last = recorded.json();
      // The phone gets back where it stood and how many readings it gave, not every point's readings.
      expect(last.points.at(-1)).toEqual({ x: p.x, y: p.y, readings: readings.length });
    }
    expect(last.guide).toEqual([]);
    const fitted = await t.call(clerk, {
      method: 'POST',
      url: `/api/v1/calibration-sessions/${session.id}/fit`,
      payload: {},
    });
    expect(fitted.statusCode, fitted.body).toBe(200);
    expect(fitted.json().result.exponent).toBeCloseTo(2.4, 1);
    expect(fitted.json().result.previous_exponent).toBe(2);
    const beacons = (await t.call(clerk, { method: 'GET', url: `/api/v1/stores/${store}/beacons` })).json();
    expect(beacons.every((b: { tx_power: number }) => b.tx_power === -63)).toBe(true);
    const settings = await t.call(clerk, { method: 'GET', url: `/api/v1/stores/${store}/beacons/settings` });
    expect(settings.json().path_loss_exponent).toBeCloseTo(2.4, 1);
    // The walk is now the level's radio survey: every marked point, with what was heard there.
    const surveyed = (await t.db.tenant(tenantId, (tx) => siteForStore(tx, store)))!;
    expect(surveyed.survey?.length).toBe(session.guide.length);
    expect(surveyed.survey![0]!.beacons.length).toBe(site.anchors.length);
    // A beacon moved on the map leaves the survey (its readings tell of where it hung); moved back, it returns.
    const moved = beacons[0] as { id: string; uuid: string; major: number; minor: number; x: number };
    const heardOf = async () =>
      (await t.db.tenant(tenantId, (tx) => siteForStore(tx, store)))!.survey!.flatMap((p) =>
        p.beacons.filter((b) => b.anchor === `${moved.uuid}:${moved.major}:${moved.minor}`),
      ).length;
    expect(await heardOf()).toBe(session.guide.length);
    const place = (x: number) =>
      t.call(clerk, { method: 'PATCH', url: `/api/v1/beacons/${moved.id}`, payload: { x } });
    const status = async () =>
      (await t.call(clerk, { method: 'GET', url: `/api/v1/stores/${store}/radio-survey` })).json().levels;
    expect(await status()).toMatchObject([{ level: 0, spots: session.guide.length, left_out: [] }]);
    expect((await place(moved.x + 2)).statusCode).toBe(200);
    expect(await heardOf()).toBe(0);
    // The clerk is told which beacon the map lost, and why.
    const id = `${moved.uuid}:${moved.major}:${moved.minor}`;
    expect((await status())[0].left_out).toEqual([{ anchor: id, why: 'moved' }]);
    expect((await place(moved.x)).statusCode).toBe(200);
    expect(await heardOf()).toBe(session.guide.length);
    expect((await status())[0].left_out).toEqual([]);
    // One hung after the walk is not in the map either, until the next walk.
    const added = await t.call(clerk, {
      method: 'POST',
      url: `/api/v1/stores/${store}/beacons`,
      payload: { uuid: U, major: 7, minor: 7, x: 12, y: 12 },
    });
    expect(added.statusCode, added.body).toBe(201);
    expect((await status())[0].left_out).toEqual([{ anchor: `${U}:7:7`, why: 'added' }]);
    expect(
      (await t.call(clerk, { method: 'DELETE', url: `/api/v1/beacons/${added.json().id}` })).statusCode,
    ).toBe(204);
    const again = await t.call(clerk, {
      method: 'POST',
      url: `/api/v1/calibration-sessions/${session.id}/fit`,
      payload: {},
    });
    expect(again.statusCode).toBe(409);
  });

  it('fits from what fixed scanners standing at beacons heard of each other', async () => {
    const open = (level: number) =>
      t.call(clerk, {
        method: 'POST',
        url: `/api/v1/stores/${store}/calibration-sessions`,
        payload: { level, source: 'scanners' },
      });
    // Before any scanner heard anything, there is nothing to fit, and the clerk is told what to do.
    const none = await open(0);
    expect(none.statusCode).toBe(409);
    expect(none.json().message).toMatch(/scanners/);
    // Each beacon's place has a scanner (ESPresense nodes that also advertise); the true radio:
    // beacons at -61 dBm at 1 m, exponent 2.2. The gateway keeps such readings per store.
    const site = (await t.db.tenant(tenantId, (tx) => siteForStore(tx, store)))!;
    const ground = site.anchors.filter((a) => a.level === 0);
    for (const at of ground) {
      for (const heard of ground) {
        const d = Math.hypot(at.x - heard.x, at.y - heard.y, at.z - heard.z);
        if (heard === at || d > 12.5) continue;
        const rssi = Math.round((-61 - 22 * Math.log10(d)) * 10) / 10;
        await noteNodeSighting(t.app.redis, tenantId, store, {
          at: at.id,
          heard: heard.id,
          rssi,
          ts: Date.now(),
        });
      }
    }
    const opened = await open(0);
    expect(opened.statusCode, opened.body).toBe(201);
    const session = opened.json();
    expect(session).toMatchObject({ source: 'scanners', status: 'open', guide: [] });
    // One point per hearing scanner, at its beacon's place and height.
    expect(session.points.length).toBe(ground.length);
    expect(session.points[0].z).toBeGreaterThan(2);
    const fitted = await t.call(clerk, {
      method: 'POST',
      url: `/api/v1/calibration-sessions/${session.id}/fit`,
      payload: {},
    });
    expect(fitted.statusCode, fitted.body).toBe(200);
    const result = fitted.json().result;
    expect(result.exponent).toBeCloseTo(2.2, 1);
    expect(result.residualDb).toBeLessThan(0.5);
    // Every beacon heard often enough gets its fitted power; one too far from all others keeps its own.
    const fittedIds = new Set(
      result.anchors.filter((a: { samples: number }) => a.samples >= 3).map((a: { id: string }) => a.id),
    );
    expect(fittedIds.size).toBeGreaterThan(ground.length / 2);
    const beacons = (await t.call(clerk, { method: 'GET', url: `/api/v1/stores/${store}/beacons` })).json();
    const powers = beacons
      .filter((b: { uuid: string; major: number; minor: number }) =>
        fittedIds.has(`${b.uuid}:${b.major}:${b.minor}`),
      )
      .map((b: { tx_power: number }) => b.tx_power);
    expect(powers).toEqual([...fittedIds].map(() => -61));
    // Readings of a level no scanner heard: still nothing there.
    expect((await open(1)).statusCode).toBe(409);
  });
});
