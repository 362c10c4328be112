/** Store maps and routing through the HTTP API, on the demo chain's SH001. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, seedDemo } from '../db/seed.js';
import { insidePolygon } from '../positioning/index.js';
import { demoMap, type VenueMap } from '../venues/index.js';
import { startTestApp, type TestApp } from './support/app.js';
import { newStore } from './support/stores.js';

let t: TestApp;
let admin: string;
let clerk: string;
let store: string;
let other: string;
let sh003: string;
let shopper: string;
const { map } = demoMap(
  { id: 'sh001', width: 40, depth: 30, levels: 2, layout: 'shelving', beaconSpacing: 8 },
  ['MILK-1L', 'EGGS-12'],
);

beforeAll(async () => {
  t = await startTestApp();
  await seedDemo(t.db);
  admin = await t.login('admin@freshmart.demo', DEMO_PASSWORD);
  clerk = await t.login('clerk.sh001@freshmart.demo', DEMO_PASSWORD);
  const stores = (await t.call(admin, { method: 'GET', url: '/api/v1/stores' })).json();
  store = stores.find((s: { code: string }) => s.code === 'SH001').id;
  other = stores.find((s: { code: string }) => s.code === 'SH002').id;
  sh003 = stores.find((s: { code: string }) => s.code === 'SH003').id;
  shopper = await shopperOf('freshmart', 'venues-shopper');
});

/** A shopper's token, as the mini-program logs in (demo WeChat login). */
async function shopperOf(tenant: string, code: string): Promise<string> {
  const login = await t.call(undefined, {
    method: 'POST',
    url: '/api/v1/auth/wechat',
    payload: { tenant, code },
  });
  expect(login.statusCode, login.body).toBe(200);
  return login.json().token;
}

afterAll(async () => t?.close());

const put = (url: string, payload: object, token = admin) => t.call(token, { method: 'PUT', url, payload });

describe('what a map save may not delete', () => {
  it('refuses to delete a zone live campaigns fire in, or a level with beacons, and changes nothing', async () => {
    const before = (await t.call(admin, { method: 'GET', url: `/api/v1/stores/${store}/map` })).json().map;
    const wipe = await put(`/api/v1/stores/${store}/map`, {
      levels: [],
      features: [],
      connectors: [],
      products: [],
    });
    expect(wipe.statusCode, wipe.body).toBe(409);
    expect(wipe.json()).toMatchObject({ code: 'SS_ERR_MAP_ZONE_IN_USE', field: 'features' });
    // The demo's brand-wide campaigns at the tills.
    for (const words of ['“Tills”', '“Checkout treat” (active)', '“Fresh picks at the tills” (active)'])
      expect(wipe.json().message).toContain(words);

    const tills = before.features.filter((f: { kind: string }) => f.kind === 'zone');
    const groundOnly = {
      levels: before.levels.filter((l: { level: number }) => l.level === 0),
      features: tills,
      connectors: [],
      products: [],
    };
    const level = await put(`/api/v1/stores/${store}/map`, groundOnly);
    expect(level.statusCode, level.body).toBe(409);
    expect(level.json()).toMatchObject({ code: 'SS_ERR_MAP_LEVEL_HAS_BEACONS', field: 'levels' });
    expect(level.json().message).toMatch(/level 1, where \d+ beacons are placed/);
    expect((await t.call(admin, { method: 'GET', url: `/api/v1/stores/${store}/map` })).json().map).toEqual(
      before,
    );

    // A draft at the tills does not hold the save up, but cannot be scheduled once its zone is gone.
    const draft = await t.call(admin, {
      method: 'POST',
      url: '/api/v1/campaigns',
      payload: {
        name: 'Tills draft',
        store_ids: [store],
        trigger: { kind: 'zone_exit', zones: tills.map((f: { id: string }) => f.id) },
        schedule: { starts_at: '2026-01-01T00:00:00Z', ends_at: '2030-01-01T00:00:00Z' },
        offer: { kind: 'content', title: 'Bye', body: 'See you soon' },
      },
    });
    expect(draft.statusCode, draft.body).toBe(201);
    for (const c of (await t.call(admin, { method: 'GET', url: '/api/v1/campaigns' })).json())
      if (c.status !== 'draft')
        await t.call(admin, {
          method: 'POST',
          url: `/api/v1/campaigns/${c.id}/status`,
          payload: { status: 'ended' },
        });
    const saved = await put(`/api/v1/stores/${store}/map`, {
      ...before,
      features: before.features.filter((f: { kind: string }) => f.kind !== 'zone'),
    });
    expect(saved.statusCode, saved.body).toBe(200);
    const scheduled = await t.call(admin, {
      method: 'POST',
      url: `/api/v1/campaigns/${draft.json().id}/status`,
      payload: { status: 'scheduled' },
    });
    expect(scheduled.statusCode).toBe(409);
    expect(scheduled.json()).toMatchObject({ code: 'SS_ERR_CAMPAIGN_ZONES_DELETED', field: 'trigger.zones' });
  });

  it('names a zone that has no name by its level and where it is, with its id', async () => {
    const before = (await t.call(admin, { method: 'GET', url: `/api/v1/stores/${other}/map` })).json().map;
    const top = before.levels.at(-1);
    const [x0, y0] = [
      Math.min(...top.outline.map((p: number[]) => p[0])),
      Math.min(...top.outline.map((p: number[]) => p[1])),
    ];
    const square = [
      [x0 + 2, y0 + 2],
      [x0 + 5, y0 + 2],
      [x0 + 5, y0 + 5],
      [x0 + 2, y0 + 5],
    ];
    const unnamed = {
      id: 'new',
      level: top.level,
      kind: 'zone',
      name: null,
      polygon: square,
      height_m: null,
    };
    const drawn = await put(`/api/v1/stores/${other}/map`, {
      ...before,
      features: [...before.features, { ...unnamed, properties: {} }],
    });
    expect(drawn.statusCode, drawn.body).toBe(200);
    const zone = drawn
      .json()
      .map.features.find((f: { kind: string; name: string | null }) => f.kind === 'zone' && f.name === null);
    const campaign = await t.call(admin, {
      method: 'POST',
      url: '/api/v1/campaigns',
      payload: {
        name: 'Upstairs corner',
        store_ids: [other],
        trigger: { kind: 'zone_enter', zones: [zone.id] },
        schedule: { starts_at: '2026-01-01T00:00:00Z', ends_at: '2030-01-01T00:00:00Z' },
        offer: { kind: 'content', title: 'Hello', body: 'Up here' },
      },
    });
    const status = (to: string) =>
      t.call(admin, {
        method: 'POST',
        url: `/api/v1/campaigns/${campaign.json().id}/status`,
        payload: { status: to },
      });
    expect((await status('scheduled')).statusCode).toBe(200);

    const refused = await put(`/api/v1/stores/${other}/map`, before);
    expect(refused.statusCode, refused.body).toBe(409);
    expect(refused.json()).toMatchObject({ code: 'SS_ERR_MAP_ZONE_IN_USE', field: 'features' });
    const { message } = refused.json();
    // What a person finds on the plan: the level by the name the editor shows, and the zone's middle.
    expect(message).toContain(
      `an unnamed zone on ${top.name} (level ${top.level}) near x ${(x0 + 3.5).toFixed(1)} m, y ${(y0 + 3.5).toFixed(1)} m`,
    );
    expect(message).toContain('where the campaign “Upstairs corner” (active) fires: edit or end it first');
    // The id, for whoever traces it.
    expect(message).toContain(`Zone id: ${zone.id}`);
    expect(message).not.toContain(`“${zone.id}”`);

    await status('ended');
    expect((await put(`/api/v1/stores/${other}/map`, before)).statusCode).toBe(200);
  });
});

describe('store maps', () => {
  it('saves a whole map and reads it back, ids of shelves kept stable across saves', async () => {
    const saved = await put(`/api/v1/stores/${store}/map`, map);
    expect(saved.statusCode, saved.body).toBe(200);
    const back: VenueMap = saved.json().map;
    expect(back.levels.map((l) => l.level)).toEqual([0, 1]);
    expect(back.features.length).toBe(map.features.length);
    expect(back.products.map((p) => p.sku)).toEqual(['EGGS-12', 'MILK-1L']);
    const again = await put(`/api/v1/stores/${store}/map`, back);
    expect(
      again
        .json()
        .map.features.map((f: { id: string }) => f.id)
        .sort(),
    ).toEqual(back.features.map((f) => f.id).sort());
  });

  it('refuses a broken map naming the field, and changes nothing', async () => {
    const bowtie = structuredClone(map);
    bowtie.features[2]!.polygon = [
      [10, 10],
      [12, 12],
      [12, 10],
      [10, 12],
    ];
    const response = await put(`/api/v1/stores/${store}/map`, bowtie);
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ code: 'SS_ERR_MAP_INVALID', field: 'features.2.polygon' });
    const orphan = { ...map, products: [{ ...map.products[0]!, feature: 'nowhere' }] };
    expect((await put(`/api/v1/stores/${store}/map`, orphan)).json()).toMatchObject({
      field: 'products.0.feature',
    });
    const unchanged = await t.call(admin, { method: 'GET', url: `/api/v1/stores/${store}/map` });
    expect(unchanged.json().map.features.length).toBe(map.features.length);
  });

  it('exports GeoJSON and IMDF in WGS84 and imports them back, all or nothing', async () => {
    const geojson = await t.call(admin, { method: 'GET', url: `/api/v1/stores/${store}/map/geojson` });
    expect(geojson.statusCode).toBe(200);
    expect(geojson.headers['content-type']).toContain('application/geo+json');
    const document = geojson.json();
    expect(document.features[0].geometry.coordinates[0][0][1]).toBeCloseTo(31.238, 2);
    const into = await put(`/api/v1/stores/${other}/map/geojson`, document);
    expect(into.statusCode, into.body).toBe(200);
    expect(into.json().map.features.length).toBe(map.features.length);

    document.features[5].properties.ss_type = 'shelfish';
    const bad = await put(`/api/v1/stores/${other}/map/geojson`, document);
    expect(bad.json()).toMatchObject({ code: 'SS_ERR_MAP_INVALID', field: 'features.5.properties.ss_type' });

    const imdf = await t.call(admin, { method: 'GET', url: `/api/v1/stores/${store}/map/imdf` });
    expect(imdf.headers['content-type']).toBe('application/zip');
    const archive_base64 = imdf.rawPayload.toString('base64');
    const fromImdf = await put(`/api/v1/stores/${other}/map/imdf`, { archive_base64 });
    expect(fromImdf.statusCode, fromImdf.body).toBe(200);
    expect(fromImdf.json().map.connectors.length).toBe(2);
  });

  it('lets a clerk read the map but not change it', async () => {
    expect((await t.call(clerk, { method: 'GET', url: `/api/v1/stores/${store}/map` })).statusCode).toBe(200);
    expect((await put(`/api/v1/stores/${store}/map`, map, clerk)).statusCode).toBe(403);
  });

  it('takes a floor plan image and sets its scale from two points', async () => {
    const png = Buffer.from(
      'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=',
      'base64',
    );
    const upload = await put(`/api/v1/stores/${store}/floor-plan?level=0`, {
      media_type: 'image/png',
      image_base64: png.toString('base64'),
      width_px: 800,
      height_px: 600,
    });
    expect(upload.statusCode, upload.body).toBe(200);
    expect(upload.json().transform.a).toBeCloseTo(40 / 800);
    const scaled = await put(`/api/v1/stores/${store}/floor-plan/scale?level=0`, {
      points: [
        { px: [100, 500], at: [0, 0] },
        { px: [500, 500], at: [10, 0] },
      ],
    });
    expect(scaled.json().transform).toMatchObject({ a: 10 / 400, e: -2.5 });
    const image = await t.call(admin, { method: 'GET', url: `/api/v1/stores/${store}/floor-plan?level=0` });
    expect(image.headers['content-type']).toBe('image/png');
    expect(image.rawPayload.equals(png)).toBe(true);
    const missing = await put(`/api/v1/stores/${store}/floor-plan?level=7`, {
      media_type: 'image/png',
      image_base64: png.toString('base64'),
      width_px: 1,
      height_px: 1,
    });
    expect(missing.json()).toMatchObject({ code: 'SS_ERR_MAP_INVALID', field: 'level' });
  });
});

describe('routing', () => {
  const route = (from: string, to: string) =>
    t.call(clerk, {
      method: 'GET',
      url: `/api/v1/stores/${store}/route?from=${from}&to=${encodeURIComponent(to)}`,
    });

  it('leads to a product on the other level, with steps and GeoJSON', async () => {
    const response = await route('20,1,0', 'sku:EGGS-12');
    expect(response.statusCode, response.body).toBe(200);
    const body = response.json();
    const eggs = map.products.find((p) => p.sku === 'EGGS-12')!;
    expect(body.path.at(-1)).toEqual({ level: eggs.level, x: eggs.x, y: eggs.y });
    // A code the catalogue does not know is called by its code; on a store of two levels, the level is said.
    const level = map.levels.find((l) => l.level === eggs.level)!.name;
    expect(body.steps.at(-1).instruction).toBe(
      `Arrive at EGGS-12 (${map.features.find((f) => f.id === eggs.feature)!.name}, slot ${eggs.slot}, ${level})`,
    );
    if (eggs.level === 1)
      expect(body.steps.find((s: { kind: string }) => s.kind === 'connector')).toMatchObject({
        instruction: expect.stringMatching(/ to Level 1$/),
        connector: { kind: expect.stringMatching(/^(escalator|lift|stairs)$/) },
        to_level: 1,
        to_level_name: 'Level 1',
      });
    expect(body.geojson.features[0].geometry.type).toBe('LineString');
    expect(body.distance_m).toBeGreaterThan(Math.hypot(eggs.x - 20, eggs.y - 1) - 1e-9);
  });

  it("speaks the shop's language to a shopper: the product's name and variant, its shelf and slot", async () => {
    const response = await t.call(shopper, {
      method: 'GET',
      url: `/api/v1/stores/${sh003}/route?from=25,1,0&to=sku:DRY-005`,
    });
    expect(response.statusCode, response.body).toBe(200);
    const { steps } = response.json();
    const placed = (await t.call(admin, { method: 'GET', url: `/api/v1/stores/${sh003}/map` }))
      .json()
      .map.products.find((p: { sku: string }) => p.sku === 'DRY-005');
    expect(steps.at(-1).instruction).toMatch(
      new RegExp(`^Arrive at Oatly燕麦奶 1L \\(Aisle \\d+ bay \\d+, slot ${placed.slot}\\)$`),
    );
    for (const step of steps) expect(step.instruction).not.toContain('DRY-005');
  });

  it('starts from a zone, the entrance or a product, as the schema says; an unknown one is a 404 naming from', async () => {
    const as = (from: string, to: string) =>
      t.call(shopper, {
        method: 'GET',
        url: `/api/v1/stores/${sh003}/route?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`,
      });
    const staff = (await t.call(admin, { method: 'GET', url: `/api/v1/stores/${sh003}/map` })).json()
      .map as VenueMap;
    const tills = staff.features.find((f) => f.kind === 'zone' && f.name === 'Tills')!;

    const fromTills = await as('zone:Tills', 'sku:DRY-005');
    expect(fromTills.statusCode, fromTills.body).toBe(200);
    const start = fromTills.json().path[0];
    expect(insidePolygon(start.x, start.y, tills.polygon)).toBe(true);
    expect(fromTills.json().steps[0].instruction).toMatch(/^Start at Tills and head /);
    expect(fromTills.json().steps.at(-1).instruction).toMatch(/^Arrive at Oatly燕麦奶 1L /);
    // Both ends by name, and every turn coded, for the mini-program to word them.
    expect(fromTills.json().steps[0]).toMatchObject({ place: 'Tills', heading: expect.any(String) });
    expect(fromTills.json().steps.at(-1).place).toMatch(/^Oatly燕麦奶 1L \(Aisle \d+ bay \d+, slot \d\)$/);
    for (const step of fromTills.json().steps.filter((s: { kind: string }) => s.kind === 'turn'))
      expect(step.turn).toMatch(/^(bear_left|left|bear_right|right|around|step_off)$/);
    // By id as well as by name.
    expect((await as(`zone:${tills.id}`, 'sku:DRY-005')).json().path[0]).toEqual(start);

    // The entrance is a door on the map (an opening), where shoppers come in.
    const fromDoor = await as('zone:Entrance', 'zone:Tills');
    expect(fromDoor.statusCode, fromDoor.body).toBe(200);
    expect(fromDoor.json().steps[0].instruction).toMatch(/^Start at Entrance/);
    expect(fromDoor.json().path[0].y).toBeGreaterThanOrEqual(0);

    const fromProduct = await as('sku:DRY-005', 'zone:Tills');
    expect(fromProduct.statusCode, fromProduct.body).toBe(200);
    expect(fromProduct.json().steps[0].instruction).toMatch(
      /^Start at Oatly燕麦奶 1L \(Aisle \d+ bay \d+, slot \d\)/,
    );

    // A zone of another store, or none at all: not on this map.
    const elsewhere = (await t.call(admin, { method: 'GET', url: `/api/v1/stores/${other}/map` }))
      .json()
      .map.features.find((f: { kind: string }) => f.kind === 'zone');
    for (const from of [`zone:${elsewhere.id}`, 'zone:Nowhere', 'sku:NOPE']) {
      const response = await as(from, 'zone:Tills');
      expect(response.statusCode, from).toBe(404);
      expect(response.json(), from).toMatchObject({ code: 'SS_ERR_NOT_FOUND', field: 'from' });
    }
    expect((await as('zone:Tills', 'zone:Nowhere')).json()).toMatchObject({
      code: 'SS_ERR_NOT_FOUND',
      field: 'to',
    });
  });

  it('leads to a zone by name, and says plainly what is wrong with a bad request', async () => {
    expect((await route('20,1,0', 'zone:Tills')).statusCode).toBe(200);
    expect((await route('20,1,0', 'zone:Nowhere')).statusCode).toBe(404);
    expect((await route('20,1,0', 'sku:NOPE')).json()).toMatchObject({ code: 'SS_ERR_NOT_FOUND' });
    const shelf = map.features.find((f) => f.kind === 'shelf')!;
    const inside = `${(shelf.polygon[0]![0] + shelf.polygon[2]![0]) / 2},${(shelf.polygon[0]![1] + shelf.polygon[2]![1]) / 2},0`;
    expect((await route(inside, 'zone:Tills')).json()).toMatchObject({
      code: 'SS_ERR_ROUTE_PLACE_BLOCKED',
      field: 'from',
    });
    expect((await route('a,b,c', 'zone:Tills')).json()).toMatchObject({
      code: 'SS_ERR_VALIDATION',
      field: 'from',
    });
  });
});

describe("the brand's zones in one request", () => {
  const zones = (token: string | undefined, query = '') =>
    t.call(token, { method: 'GET', url: `/api/v1/zones${query}` });

  it("lists every zone of the brand's maps with its store and level, or only those asked for", async () => {
    const listed = await zones(admin);
    expect(listed.statusCode, listed.body).toBe(200);
    const all = listed.json();
    const sh002 = (await t.call(admin, { method: 'GET', url: `/api/v1/stores/${other}/map` })).json().map;
    const drawn = sh002.features.filter((f: { kind: string }) => f.kind === 'zone');
    expect(drawn.length).toBeGreaterThan(0);
    for (const f of drawn)
      expect(all).toContainEqual({
        id: f.id,
        store_id: other,
        level: f.level,
        level_name: sh002.levels.find((l: { level: number }) => l.level === f.level).name,
        name: f.name,
      });
    expect(new Set(all.map((z: { store_id: string }) => z.store_id)).has(store)).toBe(true);

    // A campaign's zones, one of them deleted since: the deleted one is left out.
    const gone = '00000000-0000-4000-8000-000000000000';
    const asked = await zones(admin, `?ids=${drawn[0].id},${gone}`);
    expect(asked.statusCode, asked.body).toBe(200);
    expect(asked.json().map((z: { id: string }) => z.id)).toEqual([drawn[0].id]);
    // Staff who do not run campaigns read zones as they read the maps.
    expect((await zones(clerk, `?ids=${drawn[0].id}`)).json()).toHaveLength(1);

    const bad = await zones(admin, '?ids=not-a-zone');
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ code: 'SS_ERR_VALIDATION', field: 'ids' });
  });

  it('answers no one signed out or a shopper, and never lists another brand’s zones', async () => {
    expect((await zones(undefined)).statusCode).toBe(401);
    const shopper = (
      await t.call(undefined, {
        method: 'POST',
        url: '/api/v1/auth/wechat',
        payload: { tenant: 'freshmart', code: 'zones-shopper' },
      })
    ).json().token;
    expect((await zones(shopper)).statusCode).toBe(403);

    const b = await t.addBrand({
      slug: 'zones-brand-b',
      name: 'Brand B',
      admin: { email: 'admin@zones-b.test', name: 'B Admin', password: 'b-password' },
    });
    const bStore = await t.call(b.admin, {
      method: 'POST',
      url: '/api/v1/stores',
      payload: newStore({ code: 'BZ001', name: 'Brand B Zones' }),
    });
    expect(bStore.statusCode, bStore.body).toBe(201);
    const square = [
      [0, 0],
      [10, 0],
      [10, 10],
      [0, 10],
    ];
    const bMap = await put(
      `/api/v1/stores/${bStore.json().id}/map`,
      {
        levels: [{ level: 0, name: 'G', height_m: 4, outline: square }],
        features: [
          {
            id: 'b',
            level: 0,
            kind: 'zone',
            name: 'B door',
            polygon: square,
            height_m: null,
            properties: {},
          },
        ],
        connectors: [],
        products: [],
      },
      b.admin,
    );
    expect(bMap.statusCode, bMap.body).toBe(200);
    const bZone = bMap.json().map.features[0].id;

    const bList = (await zones(b.admin)).json();
    expect(bList).toEqual([
      { id: bZone, store_id: bStore.json().id, level: 0, level_name: 'G', name: 'B door' },
    ]);
    const aList = (await zones(admin)).json();
    expect(aList.length).toBeGreaterThan(0);
    expect(aList.map((z: { id: string }) => z.id)).not.toContain(bZone);
    // Asked by id, another brand's zone is as good as deleted.
    expect((await zones(admin, `?ids=${bZone}`)).json()).toEqual([]);
    expect((await zones(b.admin, `?ids=${aList[0].id}`)).json()).toEqual([]);
  });
});

describe("the shopper's map", () => {
  const get = (token: string, url: string) => t.call(token, { method: 'GET', url });

  it('shows a shopper the shelves, zones and the products the store sells, by name, and nothing staff-only', async () => {
    const response = await get(shopper, `/api/v1/stores/${sh003}/map/shopper`);
    expect(response.statusCode, response.body).toBe(200);
    const view = response.json();
    const staff = (await get(admin, `/api/v1/stores/${sh003}/map`)).json().map as VenueMap;
    expect(view.levels.map((l: { name: string }) => l.name)).toEqual(staff.levels.map((l) => l.name));
    expect(view.features).toHaveLength(staff.features.length);
    expect(
      view.features.filter((f: { kind: string }) => f.kind === 'zone').map((f: { name: string }) => f.name),
    ).toContain('Tills');
    const oatly = view.products.find((p: { sku: string }) => p.sku === 'DRY-005');
    const placed = staff.products.find((p) => p.sku === 'DRY-005')!;
    expect(oatly).toEqual({
      sku: 'DRY-005',
      name: 'Oatly燕麦奶 1L',
      feature: placed.feature,
      shelf: staff.features.find((f) => f.id === placed.feature)!.name,
      slot: placed.slot,
      level: placed.level,
      x: placed.x,
      y: placed.y,
    });
    expect(oatly.shelf).toMatch(/^Aisle \d+ bay \d+$/);
    // Jing'an Temple sells no fresh food: its shelves' fresh placements are not shown.
    expect(staff.products.some((p) => p.sku.startsWith('FRS'))).toBe(true);
    expect(view.products.some((p: { sku: string }) => p.sku.startsWith('FRS'))).toBe(false);
    for (const staffOnly of ['properties', 'height_m', 'seconds', 'floor_plans', 'beacon', 'major'])
      expect(response.body).not.toContain(staffOnly);
  });

  it('tells a shopper asking for the staff map where theirs is; staff may look at the shopper view', async () => {
    const refused = await get(shopper, `/api/v1/stores/${sh003}/map`);
    expect(refused.statusCode).toBe(403);
    expect(refused.json().message).toContain(`/api/v1/stores/${sh003}/map/shopper`);
    expect((await get(clerk, `/api/v1/stores/${sh003}/map/shopper`)).statusCode).toBe(200);
    expect(
      (await t.call(undefined, { method: 'GET', url: `/api/v1/stores/${sh003}/map/shopper` })).statusCode,
    ).toBe(401);
  });

  it("answers another brand's shopper 404, as for any other brand's data", async () => {
    await t.addBrand({
      slug: 'map-brand-b',
      name: 'Brand B',
      admin: { email: 'admin@map-b.test', name: 'B Admin', password: 'b-password' },
    });
    const stranger = await shopperOf('map-brand-b', 'b-shopper');
    const response = await get(stranger, `/api/v1/stores/${sh003}/map/shopper`);
    expect(response.statusCode, response.body).toBe(404);
    expect(response.body).not.toContain('Aisle');
  });
});
