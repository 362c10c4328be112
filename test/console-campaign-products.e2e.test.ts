/**
 * The products a campaign sells, as a marketer sets them in Chromium against the real server and the
 * demo seed: the coffee campaign's category loaded by name, a category and a product (searched as
 * typed) added and saved, still there after a reload (the product named by the catalogue) and named in
 * the report; a new campaign saved with a product, and one the catalogue does not know refused beside
 * the field. And the report's API naming what it counts. Screenshots land in test-results/console-campaign-products/.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../db/seed.js';
import type { TestApp } from './support/app.js';
import { type Browser, consoleUnderTest } from './support/browser.js';

let t: TestApp;
let base: string;
let browser: Browser;
let page: Page;
let marketer: string;
const COFFEE = '咖啡 Coffee';
const DAIRY = '乳品 Dairy';
const OATLY = 'Oatly燕麦奶 1L';
const WATER = '农夫山泉饮用天然水 550ml';
let categories: { id: string; name: string }[];
let oatly: { sku_id: string };
let water: { sku_id: string };

const api = async (url: string) => (await t.call(marketer, { method: 'GET', url: `/api/v1${url}` })).json();
const categoryId = (name: string) => categories.find((c) => c.name === name)!.id;
const coffeeCampaign = async () =>
  (await api('/campaigns')).find((c: { name: string }) => c.name === 'Coffee at the counter');

const section = () => page.locator('section.card', { hasText: 'Products this campaign sells' });
/** The chips' names, as a marketer reads them (without the remove buttons' ×). */
const chips = (where: string) =>
  page.locator(`[data-test=${where}] li`).evaluateAll((items) =>
    items.map((li) =>
      [...li.childNodes]
        .filter((n) => n.nodeName !== 'BUTTON')
        .map((n) => n.textContent)
        .join(' '),
    ),
  );
const hits = () => page.getByRole('listbox', { name: 'Products found' }).getByRole('option');

const status = (text: RegExp) => browser.status(text);

beforeAll(async () => {
  ({ t, base, browser, page } = await consoleUnderTest('console-campaign-products'));
  marketer = await t.login('marketing@freshmart.demo', DEMO_PASSWORD);
  categories = await api('/catalogue/categories');
  oatly = (await api('/catalogue/search?q=DRY-005'))[0];
  water = (await api('/catalogue/search?q=DRK-001'))[0];
}, 180_000);

afterAll(async () => {
  await browser?.close();
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

  it('lets a marketer say the coffee offer sells coffee, dairy and oat milk, and shows it in the report', async () => {
    await page.goto(`${base}/console/`);
    await page.getByLabel('Email').fill('marketing@freshmart.demo');
    await page.getByLabel('Password').fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('link', { name: 'Coffee at the counter' }).click();
    await page.getByRole('heading', { name: 'Coffee at the counter' }).waitFor();

    // The demo's coffee campaign sells the coffee category, named as the catalogue names it.
    await section().scrollIntoViewIfNeeded();
    await expect.poll(() => chips('picked-products')).toEqual([`${COFFEE} category`]);
    await section().getByText("The report's sales lift counts only purchases of these").waitFor();

    await page.getByLabel('Add a category').selectOption({ label: DAIRY });
    // The category picked is no longer offered.
    expect(await page.getByLabel('Add a category').locator('option').allTextContents()).not.toContain(DAIRY);
    // Search as one types: English words find the Chinese product name; Enter picks the first hit
    // and does not save the campaign.
    await page.getByLabel('Add a product').fill('oat milk');
    await expect.poll(() => hits().first().textContent()).toContain(OATLY);
    await page.getByLabel('Add a product').press('Enter');
    await expect.poll(() => hits().first().textContent()).toContain('✓ added');
    await page.getByLabel('Add a product').press('Escape');
    expect(await hits().count()).toBe(0);
    expect(await page.getByLabel('Add a product').getAttribute('aria-expanded')).toBe('false');
    await expect
      .poll(() => chips('picked-products'))
      .toEqual([`${COFFEE} category`, `${DAIRY} category`, OATLY]);
    await page.locator('.page-head').getByText('Unsaved changes').waitFor();
    expect(await page.locator('.summary').textContent()).toContain(
      'Lift counted on 2 categories and 1 product',
    );
    await browser.shot('products-picked');

    await page.getByRole('button', { name: 'Save changes' }).click();
    await status(/“Coffee at the counter” saved/);
    const campaign = await coffeeCampaign();
    expect(campaign.attribution).toEqual({
      sku_ids: [oatly.sku_id],
      category_ids: [categoryId(COFFEE), categoryId(DAIRY)],
    });

    // After a reload the chips are named again, the product's too: the catalogue names it by id (the
    // editor does not compute the campaign's report for it).
    const reads: string[] = [];
    const count = (r: { method(): string; url(): string }) => {
      const { pathname, search } = new URL(r.url());
      if (r.method() === 'GET' && /\/(report|catalogue\/skus)$/.test(pathname)) reads.push(pathname + search);
    };
    page.on('request', count);
    await page.reload();
    await page.getByRole('heading', { name: 'Coffee at the counter' }).waitFor();
    await expect
      .poll(() => chips('picked-products'))
      .toEqual([`${COFFEE} category`, `${DAIRY} category`, OATLY]);
    page.off('request', count);
    expect(reads).toEqual([`/api/v1/catalogue/skus?ids=${oatly.sku_id}`]);
    await section().scrollIntoViewIfNeeded();
    await browser.shot('products-reloaded');

    // Taking one out is saved too.
    await page.getByRole('button', { name: `Remove ${DAIRY}` }).click();
    await page.getByRole('button', { name: 'Save changes' }).click();
    await status(/“Coffee at the counter” saved/);
    await expect
      .poll(async () => (await coffeeCampaign()).attribution)
      .toEqual({ sku_ids: [oatly.sku_id], category_ids: [categoryId(COFFEE)] });

    // The report says what its lift is counted on, by name.
    await page.getByRole('link', { name: 'Report' }).click();
    await expect.poll(() => chips('counted-products')).toEqual([`${COFFEE} category`, OATLY]);
    expect(await page.locator('[data-test=kpi-purchases] small').textContent()).toContain(
      `${COFFEE} or ${OATLY}`,
    );
    await browser.shot('report-counted-on');
  }, 120_000);

  it('saves a new campaign with the product it sells, and shows a product the catalogue refuses beside the field', async () => {
    await page.goto(`${base}/console/#/campaigns/new`);
    await page.getByLabel('Name', { exact: true }).fill('Water by the door');
    await page.locator('.segmented label', { hasText: 'Arrives at the store' }).click();
    await page.getByLabel('Title shown to the shopper').fill('¥1 off water');
    await expect.poll(() => chips('picked-products')).toEqual(['None picked: every purchase counts']);
    // Pinyin initials find 农夫山泉; a click picks it.
    await page.getByLabel('Add a product').fill('nfsq');
    await hits().filter({ hasText: WATER }).click();

    // A product the catalogue does not know (another brand's, or one the search offered before it
    // went): the server's 400 shows beside the field, naming it.
    const ghost = '00000000-0000-4000-8000-000000000001';
    await page.route('**/api/v1/catalogue/search?*', (route) =>
      route.fulfill({
        json: [
          {
            product_id: ghost,
            sku_id: ghost,
            name: 'Ghost tea',
            sku_name: '500ml',
            code: 'GHO-1',
            list_cents: 500,
          },
        ],
      }),
    );
    await page.getByLabel('Add a product').fill('ghost tea');
    await hits().filter({ hasText: 'Ghost tea 500ml' }).click();
    await page.unroute('**/api/v1/catalogue/search?*');
    await page.getByRole('button', { name: 'Save draft' }).click();
    const error = section().locator('.field-error');
    await error.waitFor();
    expect(await error.textContent()).toBe(
      "One of the products names no SKU of this brand's catalogue: “Ghost tea 500ml”",
    );
    await status(
      /^Not saved: One of the products names no SKU of this brand's catalogue: “Ghost tea 500ml”$/,
    );
    await browser.shot('product-refused');
    // In Chinese the refusal reads in Chinese, the product still by its name.
    await page.getByRole('button', { name: '中文' }).click();
    await expect
      .poll(() => page.locator('.field-error').textContent())
      .toBe('所选商品中有品牌商品目录中没有的商品：“Ghost tea 500ml”');
    await page.getByRole('button', { name: '移除Ghost tea 500ml' }).waitFor();
    await page.locator('.field-error').scrollIntoViewIfNeeded();
    await browser.shot('product-refused-zh');
    await page.getByRole('button', { name: 'English' }).click();

    await page.getByRole('button', { name: 'Remove Ghost tea 500ml' }).click();
    await page.getByRole('button', { name: 'Save draft' }).click();
    await status(/“Water by the door” saved as a draft/);
    await expect.poll(() => page.url()).toMatch(/#\/campaigns\/[0-9a-f-]{36}$/);
    const saved = await api(`/campaigns/${page.url().split('/').at(-1)}`);
    expect(saved.attribution).toEqual({ sku_ids: [water.sku_id], category_ids: [] });
    await expect.poll(() => chips('picked-products')).toEqual([WATER]);
  }, 120_000);
});
