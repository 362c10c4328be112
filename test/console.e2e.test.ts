/**
 * The web console in a real browser (Debian's Chromium, driven by playwright-core) against the real
 * server on a free port, with its own database and the demo seed: a store manager's Monday morning.
 * A screenshot of each step lands in test-results/console/ for a person to look at.
 */
import mqtt from 'mqtt';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { siteForStore } from '../beacons/index.js';
import { DEMO_PASSWORD } from '../db/seed.js';
import { deviceStore } from '../gateway/device-store.js';
import { levelBasis } from '../positioning/index.js';
import { TEST_MQTT_URL, type TestApp } from './support/app.js';
import { type Browser, consoleUnderTest } from './support/browser.js';
import { teachRadio } from './support/radio.js';
import { newStore } from './support/stores.js';

/** An 800×600 px floor plan: walls, a shelf, a scale bar 400 px = 20 m (so the store is 40 m wide). */
const PLAN_SVG = `<svg xmlns="http://www.w3.org/2000/svg" width="800" height="600" viewBox="0 0 800 600">
  <rect width="800" height="600" fill="#fbfaf7"/>
  <rect x="10" y="10" width="780" height="580" fill="none" stroke="#222" stroke-width="8"/>
  <rect x="200" y="200" width="360" height="40" fill="#e8d9c4" stroke="#7a5a2e" stroke-width="2"/>
  <rect x="200" y="320" width="360" height="40" fill="#e8d9c4" stroke="#7a5a2e" stroke-width="2"/>
  <rect x="600" y="460" width="160" height="100" fill="#dbeafe" stroke="#1d4ed8" stroke-dasharray="6 4"/>
  <text x="680" y="515" font-size="18" text-anchor="middle" font-family="sans-serif">TILLS</text>
  <line x1="100" y1="540" x2="500" y2="540" stroke="#c00" stroke-width="4"/>
  <line x1="100" y1="528" x2="100" y2="552" stroke="#c00" stroke-width="4"/>
  <line x1="500" y1="528" x2="500" y2="552" stroke="#c00" stroke-width="4"/>
  <text x="300" y="530" font-size="20" text-anchor="middle" font-family="sans-serif" fill="#c00">20 m</text>
</svg>`;

let t: TestApp;
let base: string;
let browser: Browser;
let page: Page;
let storeId: string;
let tenantId: string;
const shot = (name: string) => browser.shot(name);

/** Screen position of a pixel of the uploaded plan, through the plan image's own transform (it may be rotated). */
async function planPixel(u: number, v: number): Promise<{ x: number; y: number }> {
  // The matrix comes back as plain numbers: this file is typed without the DOM library.
  type Matrix = Record<'a' | 'b' | 'c' | 'd' | 'e' | 'f', number>;
  const m = await page.locator('image.floor-plan').evaluate((image) => {
    const { a, b, c, d, e, f } = (image as unknown as { getScreenCTM(): Matrix }).getScreenCTM();
    return { a, b, c, d, e, f };
  });
  return { x: m.a * u + m.c * v + m.e, y: m.b * u + m.d * v + m.f };
}

async function clickPlan(u: number, v: number) {
  const p = await planPixel(u, v);
  await page.mouse.click(p.x, p.y);
}

async function status(text: RegExp) {
  await expect.poll(() => page.locator('footer.status').innerText(), { timeout: 15_000 }).toMatch(text);
}

beforeAll(async () => {
  ({ t, tenantId, base, browser, page } = await consoleUnderTest('console'));
  const admin = await t.login('admin@freshmart.demo', DEMO_PASSWORD);
  // A store opening next week: no map, no beacons yet.
  const store = await t.call(admin, {
    method: 'POST',
    url: '/api/v1/stores',
    payload: {
      ...newStore({
        code: 'SH010',
        name: 'FreshMart Hongqiao (opening)',
        address: '上海市闵行区申长路 (Shenchang Road, Minhang)',
        location: { lat: 31.1946, lng: 121.3203 },
      }),
      georeference: { origin: { lat: 31.1945, lng: 121.3202 }, rotation_deg: 0 },
    },
  });
  expect(store.statusCode, store.body).toBe(201);
  storeId = store.json().id;
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await t?.close();
});

describe('the web console in Chromium', () => {
  it('maps a new store: plan, scale, shelf, zone, three beacons, saved; heatmap; route to a product', async () => {
    await page.goto(`${base}/console/`);
    await page.getByLabel('Email').fill('admin@freshmart.demo');
    await page.getByLabel('Password').fill(DEMO_PASSWORD);
    await shot('login');
    await page.getByRole('button', { name: 'Sign in' }).click();
    // A brand admin lands on Today; the maps are the next section.
    await page.locator('[data-test=today]').waitFor();
    await page.getByRole('link', { name: 'Store maps' }).click();
    await page.getByRole('button', { name: /FreshMart Hongqiao/ }).waitFor();
    await shot('store-picker');
    await page.getByRole('button', { name: /FreshMart Hongqiao/ }).click();
    await page.getByText('No map yet').waitFor();
    await shot('empty-store');

    await page
      .locator('[data-test=plan-file]')
      .setInputFiles({ name: 'plan.svg', mimeType: 'image/svg+xml', buffer: Buffer.from(PLAN_SVG) });
    await status(/Floor plan uploaded \(800 × 600 px\)/);
    await page.locator('image.floor-plan').waitFor();
    await shot('plan-uploaded');

    await page.getByRole('button', { name: 'Set scale' }).click();
    await clickPlan(100, 540);
    await clickPlan(500, 540);
    await page.getByLabel('Distance between them (m)').fill('20');
    await shot('scale-points');
    await page.getByRole('button', { name: 'Apply scale' }).click();
    await status(/Scale set: the plan is 40\.0 m wide \(20\.0 px per metre\)/);
    await shot('scale-set');

    await page.getByRole('button', { name: 'Shelf', exact: true }).click();
    for (const [u, v] of [
      [200, 240],
      [560, 240],
      [560, 200],
      [200, 200],
    ] as const)
      await clickPlan(u, v);
    await page.getByLabel('Name').fill('Aisle 1 Dairy');
    await page.getByLabel('SKUs on it (optional)').fill('MILK-1L, YOGURT-4');
    await shot('shelf-drawn');
    await page.getByRole('button', { name: 'Finish shelf' }).click();
    await status(/Shelf saved/);

    await page.getByRole('button', { name: 'Zone', exact: true }).click();
    for (const [u, v] of [
      [600, 560],
      [760, 560],
      [760, 460],
      [600, 460],
    ] as const)
      await clickPlan(u, v);
    await page.getByLabel('Name').fill('Tills');
    await page.getByRole('button', { name: 'Finish zone' }).click();
    await status(/Zone saved/);
    await shot('shelf-and-zone');

    // A mezzanine above, and a lift to it from beside the tills.
    await page.getByRole('button', { name: '+ Level' }).click();
    await status(/Level 1 added/);
    await page.getByLabel('Level').selectOption({ label: 'Ground floor' });
    await page.getByRole('button', { name: 'Lift, escalator or stairs…' }).click();
    await page.getByLabel('To level').selectOption({ label: 'Level 1' });
    // Its top end is elsewhere: level 1 has no plan image, so that spot is taken from the ground floor's.
    const liftTop = await planPixel(600, 300);
    await clickPlan(560, 520);
    await status(/Now click its other end on level 1/);
    await expect.poll(() => page.getByLabel('Level').inputValue()).toBe('1');
    await page.mouse.click(liftTop.x, liftTop.y);
    await status(/Lift to level 1 saved/);
    await expect.poll(() => page.locator('.connector-icon').count()).toBe(1);
    const lift = (
      await t.call(await t.login('admin@freshmart.demo', DEMO_PASSWORD), {
        method: 'GET',
        url: `/api/v1/stores/${storeId}/map`,
      })
    ).json().map.connectors[0];
    expect([lift.from.level, Math.round(lift.from.x), Math.round(lift.from.y)]).toEqual([0, 28, 4]);
    expect([lift.to.level, Math.round(lift.to.x), Math.round(lift.to.y)]).toEqual([1, 30, 15]);
    await shot('lift-top-end');
    await page.getByLabel('Level').selectOption({ label: 'Ground floor' });
    await page.locator('image.floor-plan').waitFor();
    await expect.poll(() => page.locator('.connector-icon').count()).toBe(1);

    const palette = page.locator('[data-test=beacon-palette]');
    for (const [u, v, minor] of [
      [120, 120, 1],
      [680, 120, 2],
      [380, 450, 3],
    ] as const) {
      const p = await planPixel(u, v);
      const box = (await page.locator('[data-test=plan]').boundingBox())!;
      await palette.dragTo(page.locator('[data-test=plan]'), {
        targetPosition: { x: p.x - box.x, y: p.y - box.y },
      });
      await status(new RegExp(`Beacon 1:${minor} placed`));
    }
    await expect.poll(() => page.locator('.beacon-icon').count()).toBe(3);
    await shot('three-beacons');

    await page.reload();
    await page.locator('image.floor-plan').waitFor();
    await expect.poll(() => page.locator('.beacon-icon').count()).toBe(3);
    await expect.poll(() => page.locator('path.feature-shelf').count()).toBe(1);
    await page.getByText('Tills', { exact: true }).waitFor();
    await shot('reloaded');
    const beacons = (
      await t.call(await t.login('admin@freshmart.demo', DEMO_PASSWORD), {
        method: 'GET',
        url: `/api/v1/stores/${storeId}/beacons`,
      })
    ).json();
    expect(
      beacons.map((b: { minor: number; x: number; y: number }) => [
        b.minor,
        Math.round(b.x),
        Math.round(b.y),
      ]),
    ).toEqual([
      [1, 6, 24],
      [2, 34, 24],
      [3, 19, 8],
    ]);

    await page.getByRole('button', { name: 'Show accuracy heatmap' }).click();
    await page.locator('img.heatmap').waitFor();
    await page.locator('[data-test=accuracy-summary]').waitFor();
    expect(await page.locator('.suggestion-icon').count()).toBeGreaterThan(0);
    await shot('accuracy-heatmap');
    await page.getByRole('button', { name: 'Hide accuracy heatmap' }).click();

    // From the back of the store, north of the shelf: the way to its south face goes round it.
    await page.getByRole('button', { name: /From the entrance/ }).click();
    await clickPlan(380, 90);
    await status(/Route start set/);
    await page.getByLabel('To (product SKU or zone)').fill('YOGURT-4');
    await page.getByRole('button', { name: 'Show route' }).click();
    await page.locator('path.route-line').waitFor();
    await expect
      .poll(() => page.locator('[data-test=route-steps] li').last().innerText())
      .toMatch(/Arrive at YOGURT-4 \(Aisle 1 Dairy, slot 2, Ground floor\)/);
    await status(/\d+ m, about \d+ min on foot/);
    const steps = await page.locator('[data-test=route-steps] li').allInnerTexts();
    expect(steps[0]).toMatch(/^Start and head (south-)?(east|west)/);
    expect(steps.some((s) => /^(Turn|Bear) (left|right) at Aisle 1 Dairy/.test(s))).toBe(true);
    await shot('route-to-product');

    // A zone drawn in the wrong place: select it on the plan and delete it.
    await clickPlan(620, 475);
    await page.locator('[data-test=selected-feature]').waitFor();
    await shot('zone-selected');
    await page.getByRole('button', { name: 'Delete', exact: true }).click();
    await page.locator('[data-test=confirm-delete]').getByText('Delete the zone “Tills”?').waitFor();
    await page.getByRole('button', { name: 'Delete zone' }).click();
    await status(/Zone Tills deleted/);
    await expect.poll(() => page.locator('path.feature-zone').count()).toBe(0);

    // The plan was in fact drawn 30° off: the scale bar runs at a bearing of 60°, not 90°.
    // A third click sets the bearing from where the bar's far end really is; the clerk corrects it.
    const barStart = await planPixel(100, 540);
    await page.getByRole('button', { name: 'Set scale' }).click();
    await clickPlan(100, 540);
    await clickPlan(500, 540);
    await page.getByLabel('Distance between them (m)').fill('20');
    await page.mouse.click(barStart.x + 200, barStart.y - 200);
    await expect.poll(async () => Number(await page.getByLabel(/^Bearing/).inputValue())).toBeCloseTo(45, 0);
    await page.getByLabel(/^Bearing/).fill('60');
    await page.getByRole('button', { name: 'Apply scale' }).click();
    await status(/Scale set: the plan is 40\.0 m wide \(20\.0 px per metre\), its top edge running at 60°/);
    const plan = (
      await t.call(await t.login('admin@freshmart.demo', DEMO_PASSWORD), {
        method: 'GET',
        url: `/api/v1/stores/${storeId}/map`,
      })
    )
      .json()
      .floor_plans.find((f: { level: number }) => f.level === 0);
    // A pixel step east along the image's top edge is 0.05 m at 60° from north.
    expect(plan.transform.a).toBeCloseTo(0.05 * Math.sin(Math.PI / 3), 6);
    expect(plan.transform.c).toBeCloseTo(0.05 * Math.cos(Math.PI / 3), 6);
    expect(plan.transform.b).toBeCloseTo(plan.transform.c, 6);
    expect(plan.transform.d).toBeCloseTo(-plan.transform.a, 6);
    // Drawn rotated: the bar's start stays put on screen and the bar now climbs at 30° to the right.
    const [start, end] = [await planPixel(100, 540), await planPixel(500, 540)];
    expect(start.x).toBeCloseTo(barStart.x, 0);
    expect(start.y).toBeCloseTo(barStart.y, 0);
    expect((Math.atan2(start.y - end.y, end.x - start.x) * 180) / Math.PI).toBeCloseTo(30, 1);
    await shot('plan-rotated');

    // The lift is not going in after all: select it on the plan and delete it.
    await page.locator('.connector-icon').click();
    await page.locator('[data-test=selected-connector]').getByRole('button', { name: 'Delete' }).click();
    await status(/Lift deleted/);
    await expect.poll(() => page.locator('.connector-icon').count()).toBe(0);
    expect(
      (
        await t.call(await t.login('admin@freshmart.demo', DEMO_PASSWORD), {
          method: 'GET',
          url: `/api/v1/stores/${storeId}/map`,
        })
      ).json().map.connectors,
    ).toEqual([]);
  }, 120_000);

  it('shows a seeded store on two levels: its map, 48 beacons, the heatmap, a route across aisles, live shoppers, the calibration walk', async () => {
    await page.getByRole('button', { name: '← Stores' }).click();
    await page.getByRole('button', { name: /Nanjing East Road/ }).click();
    await expect
      .poll(() => page.locator('path.feature-shelf').count(), { timeout: 15_000 })
      .toBeGreaterThan(20);
    await expect.poll(() => page.locator('.beacon-icon').count()).toBe(24);
    await page.getByRole('button', { name: 'Show accuracy heatmap' }).click();
    await page.locator('img.heatmap').waitFor();
    await shot('seeded-store-heatmap');
    const summary = await page.locator('[data-test=accuracy-summary]').innerText();
    // 24 ceiling beacons on 1200 m²: most of the floor within a few metres.
    const mean = Number(/mean ([\d.]+) m/.exec(summary)![1]);
    expect(mean).toBeLessThan(4);
    await page.getByRole('button', { name: 'Hide accuracy heatmap' }).click();
    await page.getByLabel('To (product SKU or zone)').fill('SNK-004');
    await page.getByRole('button', { name: 'Show route' }).click();
    await expect
      .poll(() => page.locator('[data-test=route-steps] li').last().innerText())
      .toMatch(/^Arrive at 大白兔奶糖 227g \(Aisle \d+ bay \d+, slot \d, (Ground floor|Level 1)\)$/);
    await shot('seeded-store-route');
    // Live shoppers: fixes on the store's position topic (as the gateway publishes them) appear on the plan;
    // those the visits stage recognised as come in (its visit topic) count as shoppers in the store.
    await page.getByRole('button', { name: 'Show live shoppers' }).click();
    await page.getByText('0 shoppers in the store now').waitFor();
    const sh001 = (
      await t.call(await t.login('admin@freshmart.demo', DEMO_PASSWORD), {
        method: 'GET',
        url: '/api/v1/stores',
      })
    )
      .json()
      .find((s: { code: string }) => s.code === 'SH001').id;
    const broker = await mqtt.connectAsync(TEST_MQTT_URL);
    for (const [device, x, y] of [
      ['shopper-a', 8, 3],
      ['shopper-b', 21, 12.5],
      ['shopper-c', 36, 22],
    ] as const) {
      const fix = { ts: Date.now(), device, x, y, level: 0, accuracy: 1.8 };
      await broker.publishAsync(`ss/${tenantId}/${sh001}/position/${device}`, JSON.stringify(fix));
    }
    await expect.poll(() => page.locator('path.live-dot').count(), { timeout: 10_000 }).toBe(3);
    await page.getByText('0 shoppers in the store now; 3 more heard nearby, not come in (yet)').waitFor();
    for (const device of ['shopper-b', 'shopper-c']) {
      const arrival = { type: 'arrival', ts: Date.now(), device, since: Date.now() - 5000 };
      await broker.publishAsync(`ss/${tenantId}/${sh001}/visit/${device}`, JSON.stringify(arrival));
    }
    await page.getByText('2 shoppers in the store now; 1 more heard nearby, not come in (yet)').waitFor();
    expect(await page.locator('path.live-dot-nearby').count()).toBe(1);
    await shot('seeded-store-live-shoppers');
    await broker.endAsync();
    await page.getByRole('button', { name: 'Hide live shoppers' }).click();

    // No fixed scanner of this store has heard another beacon: the clerk is told so, and how to map them.
    await page.getByText(/No radio map on this level yet/).waitFor();
    await page.getByRole('button', { name: 'From fixed scanners' }).click();
    await page.getByText(/No fixed scanner standing at a beacon of level 0/).waitFor();
    await page.getByLabel('Walk points every').selectOption({ label: 'every 3 m: sharper map' });
    await page.getByRole('button', { name: 'Start calibration walk' }).click();
    await expect.poll(() => page.locator('.guide-icon').count()).toBeGreaterThan(20);
    await page.getByText(/0 points recorded, \d+ to go/).waitFor();
    await shot('seeded-store-calibration-walk');
    // The store phone reports each marked point (here through the API, as the phone would), then the clerk
    // fits: the walk is now the level's radio map, and a beacon moved later is named as left out of it.
    const token = await t.login('admin@freshmart.demo', DEMO_PASSWORD);
    const open = await t.db.tenant(tenantId, (tx) =>
      tx.query<{ id: string }>(`SELECT id FROM calibration_sessions WHERE status = 'open' AND level = 0`),
    );
    const session = (
      await t.call(token, { method: 'GET', url: `/api/v1/calibration-sessions/${open.rows[0]!.id}` })
    ).json();
    expect(session.spacing_m).toBe(3);
    const beacons = (await t.call(token, { method: 'GET', url: `/api/v1/stores/${sh001}/beacons` })).json();
    const ground = beacons.filter((b: { level: number }) => b.level === 0);
    for (const p of session.guide) {
      const readings = ground.map(
        (b: { uuid: string; major: number; minor: number; x: number; y: number }) => ({
          anchor: `${b.uuid}:${b.major}:${b.minor}`,
          rssi: Math.round(-62 - 20 * Math.log10(Math.max(1, Math.hypot(b.x - p.x, b.y - p.y)))),
        }),
      );
      await t.call(token, {
        method: 'POST',
        url: `/api/v1/calibration-sessions/${session.id}/points`,
        payload: { x: p.x, y: p.y, readings },
      });
    }
    await page.getByRole('button', { name: 'Refresh' }).click();
    await page.getByText(`${session.guide.length} points recorded, 0 to go`, { exact: false }).waitFor();
    await page.getByRole('button', { name: 'Fit and save' }).click();
    await page.getByText(/Radio map from the walk of .*, \d+ points\./).waitFor();
    const moved = ground[0];
    await t.call(token, { method: 'PATCH', url: `/api/v1/beacons/${moved.id}`, payload: { x: moved.x + 3 } });
    // Level 1 was not walked: its shoppers teach it (here, as the gateway would have kept it in Redis).
    const site = (await t.db.tenant(tenantId, (tx) => siteForStore(tx, sh001)))!;
    // And six of its shoppers heard the beacons 6 dB louder than the walk's powers declare.
    const notes = [6.5, 5.8, 6.1, 6.3, 5.9, 6.4].map((db, i) => ({ device: `p${i}`, db, ts: i }));
    const phones = { basis: levelBasis(site), notes };
    await deviceStore(t.app.redis, 60).saveRadio([
      { key: `${tenantId}/${sh001}`, learnt: { ...teachRadio(site, 1, 30), phones } },
    ]);
    await page.getByRole('button', { name: '← Stores' }).click();
    await page.getByRole('button', { name: /Nanjing East Road/ }).click();
    await page.getByText(`Left out until the next walk: ${moved.name} (moved).`, { exact: false }).waitFor();
    await page
      .getByText(
        'Phones hear the beacons here 6.2 dB louder than they declare (6 phones). The beacons’ powers look off: a calibration walk fits them.',
      )
      .waitFor();
    await shot('seeded-store-radio-map');
    await page.getByLabel('Level').selectOption({ label: 'Level 1' });
    await expect.poll(() => page.locator('.beacon-icon').count()).toBe(24);
    await page
      .getByText(/its radio map is learnt from the shoppers, \d+% of the floor known so far/)
      .waitFor();
    await shot('seeded-store-level-1');
  }, 60_000);
});
