/**
 * The products a campaign sells, as a marketer sets them in Chromium against the real server and the
 * demo seed: the coffee campaign's category loaded by name, a category and a product (searched as
 * typed) added and saved, still there after a reload and named in the report; a product the
 * catalogue does not know refused beside the field; a new campaign saved with its product. And the
 * report's API naming what it counts. Screenshots land in test-results/console-campaign-products/.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, seedDemo } from '../db/seed.js';
import { startTestApp, type TestApp } from './support/app.js';

let t: TestApp;
let marketer: string;
const COFFEE = '咖啡 Coffee';
const OATLY = 'Oatly燕麦奶 1L';
let categories: { id: string; name: string }[];
let oatly: { sku_id: string };

const api = async (url: string, method = 'GET', payload?: object) =>
  (
    await t.call(marketer, { method: method as 'GET', url: `/api/v1${url}`, ...(payload ? { payload } : {}) })
  ).json();
const categoryId = (name: string) => categories.find((c) => c.name === name)!.id;
const coffeeCampaign = async () =>
  (await api('/campaigns')).find((c: { name: string }) => c.name === 'Coffee at the counter');

beforeAll(async () => {
  t = await startTestApp();
  await seedDemo(t.db);
  marketer = await t.login('marketing@freshmart.demo', DEMO_PASSWORD);
  categories = await api('/catalogue/categories');
  oatly = (await api('/catalogue/search?q=DRY-005'))[0];
}, 180_000);

afterAll(async () => {
  await t?.close();
});

describe('the products a campaign sells', () => {
  it("names in its report the products it counts: the campaign's, or those the request asks for", async () => {
    const campaign = await coffeeCampaign();
    expect((await api(`/campaigns/${campaign.id}/report`)).products).toEqual({
      skus: [],
      categories: [{ id: categoryId(COFFEE), name: COFFEE }],
    });
    const asked = await api(`/campaigns/${campaign.id}/report?sku_id=${oatly.sku_id}`);
    expect(asked.products).toEqual({ skus: [{ id: oatly.sku_id, name: OATLY }], categories: [] });
    // A campaign about no product in particular counts every purchase, and names none.
    const welcome = (await api('/campaigns')).find(
      (c: { attribution: { category_ids: string[] } }) => c.attribution.category_ids.length === 0,
    );
    expect((await api(`/campaigns/${welcome.id}/report`)).products).toEqual({ skus: [], categories: [] });
  });
});
