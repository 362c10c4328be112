/** Planning a level's beacons through the HTTP API: the proposal with its predicted accuracy, and accepting it. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, seedDemo } from '../db/seed.js';
import { startTestApp, type TestApp } from './support/app.js';
import { storeWithMap } from './support/stores.js';

let t: TestApp;
let admin: string;
let clerk: string;
let store: string;
let sh001: string;

beforeAll(async () => {
  t = await startTestApp();
  await seedDemo(t.db);
  admin = await t.login('admin@freshmart.demo', DEMO_PASSWORD);
  clerk = await t.login('clerk.sh001@freshmart.demo', DEMO_PASSWORD);
  sh001 = (await t.call(admin, { method: 'GET', url: '/api/v1/stores' }))
    .json()
    .find((s: { code: string }) => s.code === 'SH001').id;
  // A new store with a 30 × 24 m floor and no beacons yet.
  ({ id: store } = await storeWithMap(
    t,
    admin,
    { code: 'SH091', name: 'FreshMart Planned' },
    { width: 30, depth: 24, levels: 1, layout: 'shelving', beaconSpacing: 6 },
  ));
});

afterAll(async () => t?.close());

const plan = (payload: object, token = admin, id = store) =>
  t.call(token, { method: 'POST', url: `/api/v1/stores/${id}/beacons/plan`, payload });
const beaconsOf = async (id = store) =>
  (await t.call(admin, { method: 'GET', url: `/api/v1/stores/${id}/beacons` })).json() as {
    major: number;
    minor: number;
    x: number;
    y: number;
    z: number;
    level: number;
    name: string;
  }[];

describe('planning a level of beacons', () => {
  it('proposes a 6 m ceiling grid by default, saves nothing, and predicts it within 3 m', async () => {
    const response = await plan({ level: 0 });
    expect(response.statusCode, response.body).toBe(200);
    const body = response.json();
    expect(body.spacing_m).toBe(6);
    expect(body.beacons).toHaveLength(20);
    expect(body.beacons[0]).toEqual({ x: 3, y: 3, z: 3 });
    expect(body.accuracy.mean_m).toBeLessThan(3);
    expect(body.accuracy.poor_share).toBeLessThan(0.1);
    expect(await beaconsOf()).toEqual([]);
    // Sparser is worse: 10 m apart leaves more of the floor over 3 m.
    const sparse = (await plan({ level: 0, spacing_m: 10 })).json();
    expect(sparse.beacons.length).toBeLessThan(body.beacons.length);
    expect(sparse.accuracy.mean_m).toBeGreaterThan(body.accuracy.mean_m);
  });

  it('refuses a spacing out of 4–12 m naming spacing_m, and a level the map lacks', async () => {
    for (const spacing_m of [3, 13]) {
      const response = await plan({ level: 0, spacing_m });
      expect(response.statusCode).toBe(400);
      expect(response.json()).toMatchObject({ code: 'SS_ERR_VALIDATION', field: 'spacing_m' });
    }
    const missing = await plan({ level: 3, spacing_m: 6 });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().message).toContain('Level 3');
  });

  it("refuses a clerk another store's plan, as placing a beacon there is refused", async () => {
    expect((await plan({ level: 0 }, clerk)).statusCode).toBe(403);
    expect((await plan({ level: 0 }, clerk, sh001)).statusCode).toBe(200);
  });

  it('adds exactly the proposed beacons at once with fresh identities, and not again where they hang', async () => {
    const proposed = (await plan({ level: 0, spacing_m: 6 })).json();
    const accept = () =>
      t.call(admin, {
        method: 'POST',
        url: `/api/v1/stores/${store}/beacons/plan/accept`,
        payload: { level: 0, beacons: proposed.beacons },
      });
    const first = await accept();
    expect(first.statusCode, first.body).toBe(201);
    expect(first.json().added).toBe(20);
    const saved = await beaconsOf();
    expect(saved.map(({ x, y, z, level }) => ({ x, y, z, level }))).toEqual(
      expect.arrayContaining(proposed.beacons.map((b: object) => ({ ...b, level: 0 }))),
    );
    expect(saved).toHaveLength(20);
    // One major for the level, minors 1…20, named as a beacon dragged onto the plan is.
    expect(new Set(saved.map((b) => b.major)).size).toBe(1);
    expect(saved.map((b) => b.minor).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 20 }, (_, i) => i + 1),
    );
    expect(saved.find((b) => b.minor === 7)!.name).toBe('SH091 L0 #7');
    // No identity another store has.
    const elsewhere = await beaconsOf(sh001);
    const ids = new Set(elsewhere.map((b) => `${b.major}:${b.minor}`));
    expect(saved.some((b) => ids.has(`${b.major}:${b.minor}`))).toBe(false);

    // A retried Accept (or a colleague's of the same plan) adds none of them twice.
    const again = await accept();
    expect(again.statusCode).toBe(201);
    expect(again.json()).toEqual({ added: 0, beacons: [] });
    expect(await beaconsOf()).toHaveLength(20);
    // A new plan now keeps clear of them: nothing more to hang at 6 m.
    expect((await plan({ level: 0 })).json().beacons).toEqual([]);
  });

  it('adds none when one of them is off the map, and says which', async () => {
    const response = await t.call(admin, {
      method: 'POST',
      url: `/api/v1/stores/${store}/beacons/plan/accept`,
      payload: {
        level: 0,
        beacons: [
          { x: 2, y: 20 },
          { x: 80, y: 5 },
        ],
      },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ code: 'SS_ERR_BEACON_OFF_MAP', field: 'beacons.1.x' });
    expect(await beaconsOf()).toHaveLength(20);
  });
});
