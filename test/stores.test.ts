import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, DEMO_STORES, seedDemo } from '../db/seed.js';
import { startTestApp, type TestApp } from './support/app.js';

let t: TestApp;
let admin: string;
let manager: string;
let clerk: string;
const PEOPLES_SQUARE = 'lat=31.2304&lng=121.4737';

beforeAll(async () => {
  t = await startTestApp();
  await seedDemo(t.db);
  admin = await t.login('admin@freshmart.demo', DEMO_PASSWORD);
  manager = await t.login('manager.sh001@freshmart.demo', DEMO_PASSWORD);
  clerk = await t.login('clerk.sh001@freshmart.demo', DEMO_PASSWORD);
});
afterAll(async () => t?.close());

const newStore = (code: string) => ({ ...DEMO_STORES[0]!, code, name: `Store ${code}` });

describe('GET /api/v1/stores/nearby', () => {
  it("returns the three demo stores within 5 km of People's Square, nearest first", async () => {
    const response = await t.call(undefined, {
      method: 'GET',
      url: `/api/v1/stores/nearby?${PEOPLES_SQUARE}&radius=5000`,
    });
    expect(response.statusCode).toBe(200);
    const stores = response.json();
    expect(stores.map((s: { code: string }) => s.code).sort()).toEqual(['SH001', 'SH002', 'SH003']);
    for (const store of stores) {
      expect(store).toEqual(
        expect.objectContaining({
          id: expect.any(String),
          code: expect.any(String),
          name: expect.any(String),
          open_now: expect.any(Boolean),
        }),
      );
      expect(store.distance_m).toBeGreaterThan(0);
      expect(store.distance_m).toBeLessThanOrEqual(5000);
    }
    const distances = stores.map((s: { distance_m: number }) => s.distance_m);
    expect(distances).toEqual([...distances].sort((x, y) => x - y));
    // Nanjing East Road is about 1.2 km from People's Square, give or take the rounding of the seed.
    expect(stores.find((s: { code: string }) => s.code === 'SH001').distance_m).toBeGreaterThan(1000);
    expect(stores.find((s: { code: string }) => s.code === 'SH001').distance_m).toBeLessThan(1500);
  });

  it('honours radius, limit and brand', async () => {
    const near = await t.call(undefined, {
      method: 'GET',
      url: `/api/v1/stores/nearby?${PEOPLES_SQUARE}&radius=2000`,
    });
    expect(
      near
        .json()
        .map((s: { code: string }) => s.code)
        .sort(),
    ).toEqual(['SH001', 'SH002']);
    const one = await t.call(undefined, {
      method: 'GET',
      url: `/api/v1/stores/nearby?${PEOPLES_SQUARE}&limit=1`,
    });
    expect(one.json()).toHaveLength(1);
    const brand = await t.call(undefined, {
      method: 'GET',
      url: `/api/v1/stores/nearby?${PEOPLES_SQUARE}&tenant=freshmart`,
    });
    expect(brand.json()).toHaveLength(3);
    const unknown = await t.call(undefined, {
      method: 'GET',
      url: `/api/v1/stores/nearby?${PEOPLES_SQUARE}&tenant=nobody`,
    });
    expect(unknown.statusCode).toBe(404);
  });

  it('answers 400 naming the field for bad coordinates', async () => {
    for (const [query, field] of [
      ['lng=121.47', 'lat'],
      ['lat=95&lng=121.47', 'lat'],
      ['lat=31.2&lng=abc', 'lng'],
      [`${PEOPLES_SQUARE}&radius=-1`, 'radius'],
      [`${PEOPLES_SQUARE}&limit=1000`, 'limit'],
      [`${PEOPLES_SQUARE}&colour=red`, 'colour'],
    ]) {
      const response = await t.call(undefined, { method: 'GET', url: `/api/v1/stores/nearby?${query}` });
      expect(response.statusCode, query).toBe(400);
      expect(response.json(), query).toMatchObject({ code: 'SS_ERR_VALIDATION', field });
    }
  });
});

describe('GET /api/v1/stores/:id', () => {
  it('shows a store to anyone, with its hours and whether it is open', async () => {
    const [first] = (
      await t.call(undefined, { method: 'GET', url: `/api/v1/stores/nearby?${PEOPLES_SQUARE}` })
    ).json();
    const response = await t.call(undefined, { method: 'GET', url: `/api/v1/stores/${first.id}` });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      id: first.id,
      code: first.code,
      timezone: 'Asia/Shanghai',
      open_now: expect.any(Boolean),
      hours: { weekly: expect.any(Object) },
      georeference: { origin: expect.any(Object) },
    });
  });

  it('answers 404 for an unknown store and 400 for a malformed id', async () => {
    const missing = await t.call(undefined, {
      method: 'GET',
      url: '/api/v1/stores/7d1f2a8e-0000-4000-8000-000000000000',
    });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().code).toBe('SS_ERR_NOT_FOUND');
    const malformed = await t.call(undefined, { method: 'GET', url: '/api/v1/stores/not-a-uuid' });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json().field).toBe('id');
  });
});

describe('creating and editing stores', () => {
  it('lets a brand admin open a store, and refuses a second with the same code', async () => {
    const created = await t.call(admin, {
      method: 'POST',
      url: '/api/v1/stores',
      payload: newStore('SH100'),
    });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ code: 'SH100', location: DEMO_STORES[0]!.location });
    const again = await t.call(admin, { method: 'POST', url: '/api/v1/stores', payload: newStore('SH100') });
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ code: 'SS_ERR_STORE_CODE_TAKEN', field: 'code' });
  });

  it('checks what a schema cannot: time zone and hours', async () => {
    const zone = await t.call(admin, {
      method: 'POST',
      url: '/api/v1/stores',
      payload: { ...newStore('SH101'), timezone: 'Mars/Base' },
    });
    expect(zone.statusCode).toBe(400);
    expect(zone.json().field).toBe('timezone');
    const store = newStore('SH102');
    const hours = {
      ...store.hours,
      weekly: { ...store.hours.weekly, mon: [{ open: '10:00', close: '10:00' }] },
    };
    const bad = await t.call(admin, { method: 'POST', url: '/api/v1/stores', payload: { ...store, hours } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().field).toBe('hours.weekly.mon');
    const badTime = {
      ...store.hours,
      weekly: { ...store.hours.weekly, tue: [{ open: '25:00', close: '26:00' }] },
    };
    const malformed = await t.call(admin, {
      method: 'POST',
      url: '/api/v1/stores',
      payload: { ...store, hours: badTime },
    });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json().field).toBe('hours.weekly.tue.0.open');
  });

  it('lets a store manager edit their own store, not another, and a clerk neither', async () => {
    const stores = (await t.call(admin, { method: 'GET', url: '/api/v1/stores' })).json();
    const own = stores.find((s: { code: string }) => s.code === 'SH001');
    const other = stores.find((s: { code: string }) => s.code === 'SH002');
    const edit = await t.call(manager, {
      method: 'PATCH',
      url: `/api/v1/stores/${own.id}`,
      payload: { phone: '+86 21 0000 0000' },
    });
    expect(edit.statusCode).toBe(200);
    expect(edit.json().phone).toBe('+86 21 0000 0000');
    expect(edit.json().name).toBe(own.name);
    const foreign = await t.call(manager, {
      method: 'PATCH',
      url: `/api/v1/stores/${other.id}`,
      payload: { phone: '1234567' },
    });
    expect(foreign.statusCode).toBe(403);
    const byClerk = await t.call(clerk, {
      method: 'PATCH',
      url: `/api/v1/stores/${own.id}`,
      payload: { phone: '1234567' },
    });
    expect(byClerk.statusCode).toBe(403);
    const create = await t.call(clerk, { method: 'POST', url: '/api/v1/stores', payload: newStore('SH103') });
    expect(create.statusCode).toBe(403);
  });

  it('moves a store and finds it at its new place', async () => {
    const created = (
      await t.call(admin, { method: 'POST', url: '/api/v1/stores', payload: newStore('SH104') })
    ).json();
    const moved = await t.call(admin, {
      method: 'PATCH',
      url: `/api/v1/stores/${created.id}`,
      payload: { location: { lat: 31.1, lng: 121.3 }, georeference: null },
    });
    expect(moved.statusCode).toBe(200);
    expect(moved.json()).toMatchObject({ location: { lat: 31.1, lng: 121.3 }, georeference: null });
    const near = await t.call(undefined, {
      method: 'GET',
      url: '/api/v1/stores/nearby?lat=31.1&lng=121.3&radius=100',
    });
    expect(near.json().map((s: { code: string }) => s.code)).toEqual(['SH104']);
  });

  it('never answers a malformed store with a 500', async () => {
    await fc.assert(
      fc.asyncProperty(fc.anything(), async (body) => {
        const response = await t.call(admin, {
          method: 'POST',
          url: '/api/v1/stores',
          payload: JSON.stringify(body ?? null),
          headers: { 'content-type': 'application/json' },
        });
        expect(response.statusCode).toBe(400);
        expect(response.json().code).toMatch(/^SS_ERR_/);
      }),
      { numRuns: 60 },
    );
  });
});
