/** A beacon placed without an identity gets the next one free in the brand, in the store's own numbering. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, seedDemo } from '../db/seed.js';
import { startTestApp, type TestApp } from './support/app.js';

let t: TestApp;
let admin: string;
let clerk: string;
const stores: Record<string, string> = {};

beforeAll(async () => {
  t = await startTestApp();
  await seedDemo(t.db);
  admin = await t.login('admin@freshmart.demo', DEMO_PASSWORD);
  clerk = await t.login('clerk.sh001@freshmart.demo', DEMO_PASSWORD);
  for (const s of (await t.call(admin, { method: 'GET', url: '/api/v1/stores' })).json())
    stores[s.code] = s.id;
});

afterAll(async () => t?.close());

type Beacon = { id: string; uuid: string; major: number; minor: number; level: number; name: string };
const list = async (code: string): Promise<Beacon[]> =>
  (await t.call(admin, { method: 'GET', url: `/api/v1/stores/${stores[code]}/beacons` })).json();
const place = (token: string, code: string, body: Record<string, unknown>) =>
  t.call(token, { method: 'POST', url: `/api/v1/stores/${stores[code]}/beacons`, payload: body });
const topMinor = (beacons: Beacon[], major: number) =>
  Math.max(...beacons.filter((b) => b.major === major).map((b) => b.minor));

describe('a beacon dropped on the plan', () => {
  it("follows each store's own major, level by level, and never meets another store's identity", async () => {
    const [sh001, sh002] = [await list('SH001'), await list('SH002')];
    // The seed numbers majors by store and level: SH001 100 and 101, SH002 200.
    const uuid = sh001[0]!.uuid;
    const first = await place(admin, 'SH001', { x: 10, y: 10, level: 0 });
    expect(first.statusCode, first.body).toBe(201);
    expect(first.json()).toMatchObject({
      uuid,
      major: 100,
      minor: topMinor(sh001, 100) + 1,
      name: `SH001 L0 #${topMinor(sh001, 100) + 1}`,
    });
    const upstairs = await place(admin, 'SH001', { x: 10, y: 10, level: 1 });
    expect(upstairs.json()).toMatchObject({ major: 101, minor: topMinor(sh001, 101) + 1, level: 1 });
    const second = await place(admin, 'SH002', { x: 5, y: 5 });
    expect(second.statusCode, second.body).toBe(201);
    expect(second.json()).toMatchObject({ uuid, major: 200, minor: topMinor(sh002, 200) + 1, level: 0 });
  });

  it('opens a major no other store uses for a store without beacons, and one for a new level', async () => {
    for (const b of await list('SH003'))
      expect((await t.call(admin, { method: 'DELETE', url: `/api/v1/beacons/${b.id}` })).statusCode).toBe(
        204,
      );
    const a = (await place(admin, 'SH003', { x: 5, y: 5 })).json();
    const b = (await place(admin, 'SH003', { x: 9, y: 5 })).json();
    expect([a.major, a.minor, b.major, b.minor]).toEqual([1, 1, 1, 2]);
    // A name given is kept; a UUID given is used.
    const own = 'f7826da6-4fa2-4e98-8024-bc5b71e0893e';
    const named = await place(admin, 'SH003', { uuid: own, x: 7, y: 7, name: 'Tills' });
    expect(named.json()).toMatchObject({ uuid: own, major: 1, minor: 1, name: 'Tills' });
  });

  it('gives thirty beacons placed at once by two people thirty different identities', async () => {
    const placed = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        place(i % 2 ? clerk : admin, 'SH001', { x: 2 + i, y: 20, level: 0 }),
      ),
    );
    expect(placed.map((r) => r.statusCode)).toEqual(placed.map(() => 201));
    const ids = placed.map((r) => `${r.json().major}:${r.json().minor}`);
    expect(new Set(ids).size).toBe(30);
    expect(new Set(placed.map((r) => r.json().id)).size).toBe(30);
    expect(placed.every((r) => r.json().major === 100)).toBe(true);
  });

  it('wants a whole identity or none', async () => {
    const half = await place(clerk, 'SH001', {
      uuid: '7b2c2a4e-8d1f-4c5e-9a3b-2f6d8e1c0a9b',
      major: 5,
      x: 1,
      y: 1,
    });
    expect(half.statusCode).toBe(400);
    expect(half.json()).toMatchObject({ code: 'SS_ERR_VALIDATION', field: 'minor' });
    const noUuid = await place(clerk, 'SH001', { major: 5, minor: 5, x: 1, y: 1 });
    expect(noUuid.json()).toMatchObject({ code: 'SS_ERR_VALIDATION', field: 'uuid' });
  });
});
