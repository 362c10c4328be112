/** A beacon hangs on the store's map: a level the map has, within a few metres of that level's outline. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, seedDemo } from '../db/seed.js';
import { startTestApp, type TestApp } from './support/app.js';
import { newStore } from './support/stores.js';

let t: TestApp;
let clerk: string;
let admin: string;
/** SH001 of the demo seed: two levels, each 40 × 30 m. */
let store: string;
const U = 'f7826da6-4fa2-4e98-8024-bc5b71e0893e';

beforeAll(async () => {
  t = await startTestApp();
  await seedDemo(t.db);
  admin = await t.login('admin@freshmart.demo', DEMO_PASSWORD);
  clerk = await t.login('clerk.sh001@freshmart.demo', DEMO_PASSWORD);
  const stores = (await t.call(admin, { method: 'GET', url: '/api/v1/stores' })).json();
  store = stores.find((s: { code: string }) => s.code === 'SH001').id;
});

afterAll(async () => t?.close());

const post = (storeId: string, body: Record<string, unknown>) =>
  t.call(clerk, { method: 'POST', url: `/api/v1/stores/${storeId}/beacons`, payload: { uuid: U, ...body } });

describe('where a beacon may hang', () => {
  it('refuses a level the map lacks, naming level', async () => {
    const response = await post(store, { major: 1, minor: 1, x: 10, y: 10, level: 7 });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ code: 'SS_ERR_BEACON_OFF_MAP', field: 'level' });
    expect(response.json().message).toMatch(/levels: 0, 1/);
  });

  it('refuses a point well off the outline, naming the coordinate, and takes one within the slack', async () => {
    const far = await post(store, { major: 1, minor: 1, x: 99999, y: 10, level: 0 });
    expect(far.statusCode).toBe(400);
    expect(far.json()).toMatchObject({ code: 'SS_ERR_BEACON_OFF_MAP', field: 'x' });
    const south = await post(store, { major: 1, minor: 1, x: 10, y: -20, level: 1 });
    expect(south.json()).toMatchObject({ code: 'SS_ERR_BEACON_OFF_MAP', field: 'y' });
    // Over the entrance, a metre and a half outside the wall.
    const door = await post(store, { major: 1, minor: 1, x: 20, y: -1.5 });
    expect(door.statusCode, door.body).toBe(201);
    expect(door.json()).toMatchObject({ level: 0, x: 20, y: -1.5 });
  });

  it('checks a move: a PATCH or a POST of a beacon the store has keeps to the map', async () => {
    const [beacon] = (await t.call(clerk, { method: 'GET', url: `/api/v1/stores/${store}/beacons` })).json();
    const patch = (payload: Record<string, unknown>) =>
      t.call(clerk, { method: 'PATCH', url: `/api/v1/beacons/${beacon.id}`, payload });
    expect((await patch({ level: 7 })).json()).toMatchObject({ field: 'level' });
    expect((await patch({ x: 99999 })).json()).toMatchObject({ field: 'x' });
    // Renaming one does not look at where it is.
    expect((await patch({ name: 'By the door' })).statusCode).toBe(200);
    const moved = await patch({ level: 1, x: 12 });
    expect(moved.json()).toMatchObject({ level: 1, x: 12, y: beacon.y });
    const again = await post(store, { major: beacon.major, minor: beacon.minor, x: 500, y: 5 });
    expect(again.json()).toMatchObject({ field: 'x' });
    const listed = (await t.call(clerk, { method: 'GET', url: `/api/v1/stores/${store}/beacons` }))
      .json()
      .find((b: { id: string }) => b.id === beacon.id);
    expect(listed).toMatchObject({ level: 1, x: 12 });
  });

  it('reports off-map lines of a CSV by number and imports nothing', async () => {
    const csv = `uuid,major,minor,x,y,level\n${U},2,1,5,5,0\n${U},2,2,5,5,9\n${U},2,3,5,90,1\n`;
    const response = await t.call(clerk, {
      method: 'POST',
      url: `/api/v1/stores/${store}/beacons/csv`,
      payload: { csv },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().problems.map((p: { line: number; column: string }) => [p.line, p.column])).toEqual(
      [
        [3, 'level'],
        [4, 'y'],
      ],
    );
    const list = (await t.call(clerk, { method: 'GET', url: `/api/v1/stores/${store}/beacons` })).json();
    expect(list.some((b: { major: number }) => b.major === 2)).toBe(false);
  });

  it('takes beacons anywhere in a store with no map yet', async () => {
    const created = await t.call(admin, {
      method: 'POST',
      url: '/api/v1/stores',
      payload: newStore({ code: 'SH020', name: 'FreshMart (fitting out)' }),
    });
    expect(created.statusCode, created.body).toBe(201);
    const response = await t.call(admin, {
      method: 'POST',
      url: `/api/v1/stores/${created.json().id}/beacons`,
      payload: { uuid: U, major: 3, minor: 1, x: 99999, y: 5, level: 7 },
    });
    expect(response.statusCode, response.body).toBe(201);
  });
});
