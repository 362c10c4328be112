/**
 * Bundles (套餐) in the console's Products section, in Chromium against the real server and the demo
 * seed: the brand's marketer adds a breakfast set of two demo SKUs (2× milk + 1× bread), found with
 * the catalogue's search; a bundle of nothing and a quantity of 0 are refused at their fields (the
 * second by the server), and the saved components are read back from the API. The bundle is marked
 * with what it holds on the product page (its components read only, the page says why) and in the
 * list. A bundle is not offered as a component (said at the hit), and the server refuses one sent all the same. A short pass in Chinese
 * adds a bundle SKU to the product. Screenshots land in test-results/console-bundles/.
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
let admin: string;
const shot = (name: string) => browser.shot(name);
const status = (text: RegExp) => browser.status(text);

/** The demo's SKU of this code, as the API's search finds it. */
async function demoSku(code: string): Promise<{ sku_id: string; product_id: string; bundle: boolean }> {
  const response = await t.call(admin, { method: 'GET', url: `/api/v1/catalogue/search?q=${code}` });
  expect(response.statusCode, response.body).toBe(200);
  return response.json()[0];
}

const product = async (id: string) =>
  (await t.call(admin, { method: 'GET', url: `/api/v1/catalogue/products/${id}` })).json();

/** Finds a SKU with the bundle's search box and picks it from the list. */
async function addPart(scope: Page | ReturnType<Page['getByRole']>, words: string, name: string) {
  await scope.getByRole('combobox', { name: 'Add a component' }).fill(words);
  await scope.getByRole('option', { name }).click();
}

const MILK = '光明鲜牛奶 950ml';
const BREAD = '全麦吐司面包 400g';

beforeAll(async () => {
  ({ t, base, browser, page } = await consoleUnderTest('console-bundles'));
  page.setDefaultTimeout(10_000);
  admin = await t.login('admin@freshmart.demo', DEMO_PASSWORD);
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await t?.close();
});

describe('bundles in the Products section', () => {
  let productId: string;

  it('makes a breakfast set of two demo SKUs, a bundle of nothing and a quantity of 0 refused at their fields', async () => {
    await browser.signIn(base, 'marketing@freshmart.demo', DEMO_PASSWORD);
    await page.getByRole('link', { name: 'Products' }).click();
    await page.getByRole('link', { name: 'New product' }).click();
    await page.getByLabel('Name').fill('早餐套餐');
    await page.getByLabel('SKU code').fill('SET-101');
    await page.getByLabel('Unit or size').fill('牛奶×2+吐司');
    await page.getByLabel('Price (¥)').fill('35.00');
    await page.getByLabel('A bundle of other SKUs').check();
    await page.getByRole('button', { name: 'Add product' }).click();
    await page.getByRole('alert').filter({ hasText: 'A bundle needs at least one component' }).waitFor();
    await shot('no-components');

    await addPart(page, '光明', MILK);
    await addPart(page, '吐司', BREAD);
    // Picked once: the search shows it as added.
    await page.getByRole('combobox', { name: 'Add a component' }).fill('吐司');
    expect(await page.getByRole('option', { name: BREAD }).getAttribute('aria-disabled')).toBe('true');
    await page.getByRole('combobox', { name: 'Add a component' }).fill('');
    await page.getByLabel(`Quantity of ${MILK}`).fill('0');
    await page.getByRole('button', { name: 'Add product' }).click();
    const confirm = page.getByRole('dialog', { name: 'Add “早餐套餐”?' });
    await confirm.getByText(`Bundle 0× ${MILK} + 1× ${BREAD}`).waitFor();
    await confirm.getByRole('button', { name: 'Add product' }).click();
    // The server's refusal, at the milk's quantity.
    await page
      .getByRole('alert')
      .filter({ hasText: 'A quantity is a whole number from 1 to 1000' })
      .waitFor();
    expect(await page.getByLabel(`Quantity of ${MILK}`).getAttribute('aria-invalid')).toBe('true');
    await shot('quantity-refused');

    await page.getByLabel(`Quantity of ${MILK}`).fill('2');
    await page.getByRole('button', { name: 'Add product' }).click();
    await confirm.getByText(`Bundle 2× ${MILK} + 1× ${BREAD}`).waitFor();
    await shot('confirm-bundle');
    await confirm.getByRole('button', { name: 'Add product' }).click();
    await status(/^Added 早餐套餐 with 1 SKU\(s\)$/);
    await page.getByRole('heading', { name: '早餐套餐' }).waitFor();
    productId = page.url().split('#/products/')[1]!;

    const [milk, bread] = [await demoSku('DRY-001'), await demoSku('FRS-006')];
    const saved = await product(productId);
    expect(saved.skus).toHaveLength(1);
    expect(saved.skus[0].components).toEqual([
      { sku_id: milk.sku_id, qty: 2, name: MILK },
      { sku_id: bread.sku_id, qty: 1, name: BREAD },
    ]);
  });

  it('shows the bundle with what it holds on its page, read only, and in the list', async () => {
    const row = page.locator('[data-test=skus] tr[data-sku="SET-101"]');
    expect(await row.locator('[data-test=bundle-of]').textContent()).toBe(`Bundle 2× ${MILK} + 1× ${BREAD}`);
    await page.getByText('components are set when it is added and cannot be changed').waitFor();
    await shot('bundle-page');

    await page.getByRole('link', { name: '← Products' }).click();
    await page.getByLabel('Find').fill('SET-101');
    await status(/^1 SKU matching “SET-101”$/);
    const listed = page.locator('[data-test=products] tr[data-sku="SET-101"] [data-test=bundle-of]');
    expect(await listed.textContent()).toBe(`Bundle 2× ${MILK} + 1× ${BREAD}`);
    await shot('bundle-listed');
    // The demo's own breakfast set is listed as a bundle too; a plain SKU is not.
    await page.getByLabel('Find').fill('DRY-001');
    await status(/^1 SKU matching “DRY-001”$/);
    expect(await page.locator('[data-test=products] [data-test=bundle-of]').count()).toBe(0);
    await page.getByLabel('Find').fill('SET-001');
    await status(/^1 SKU matching “SET-001”$/);
    expect(await page.locator('[data-test=products] [data-test=bundle-of]').textContent()).toBe(
      `Bundle 2× ${MILK} + 1× ${BREAD}`,
    );
    await shot('bundles-listed');
  });

  it('offers no bundle as a component, and the server refuses one sent all the same', async () => {
    await page.getByRole('link', { name: '早餐组合' }).click();
    await page.getByRole('button', { name: '+ Add SKU' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add a SKU to “早餐组合”' });
    await dialog.getByLabel('A bundle of other SKUs').check();
    // The demo's breakfast set is found, said to be a bundle, and not picked.
    await dialog.getByRole('combobox', { name: 'Add a component' }).fill('SET-001');
    const set = dialog.getByRole('option', { name: '早餐组合 鲜牛奶×2+吐司' });
    expect(await set.getAttribute('aria-disabled')).toBe('true');
    expect(await set.locator('.hit-detail').textContent()).toBe('a bundle: add the SKUs it holds');
    await shot('bundle-not-offered');
    await set.click({ force: true }); // a clerk clicking it all the same
    expect(await dialog.getByLabel('Quantity of 早餐组合 鲜牛奶×2+吐司').count()).toBe(0);
    await dialog.getByRole('combobox', { name: 'Add a component' }).fill('');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    const demoSet = await demoSku('SET-001');
    expect(demoSet).toMatchObject({ bundle: true });
    expect(await demoSku('DRY-001')).toMatchObject({ bundle: false });
    const refused = await t.call(admin, {
      method: 'POST',
      url: `/api/v1/catalogue/products/${demoSet.product_id}/skus`,
      payload: { code: 'SET-002', price_cents: 7000, components: [{ sku_id: demoSet.sku_id, qty: 2 }] },
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.json()).toMatchObject({
      field: 'components',
      message: 'components a bundle cannot contain a bundle',
    });
    expect((await product(demoSet.product_id)).skus.map((s: { code: string }) => s.code)).toEqual([
      'SET-001',
    ]);
  });

  it('adds a bundle SKU in Chinese, a bundle of nothing refused there', async () => {
    await page.evaluate("localStorage.setItem('smart-store-language', 'zh-CN')");
    await page.goto(`${base}/console/#/products/${productId}`);
    await page.reload();
    await page.getByRole('heading', { name: '早餐套餐' }).waitFor();
    await page.getByText('套餐的组成在添加时确定，之后不能修改').waitFor();
    await page.getByRole('button', { name: '+ 添加 SKU' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('商品编码').fill('SET-102');
    await dialog.getByLabel('价格（元）').fill('45');
    await dialog.getByLabel('套餐：由其他 SKU 组成').check();
    await dialog.getByRole('button', { name: '添加 SKU' }).click();
    await dialog.getByRole('alert').filter({ hasText: '套餐至少需要一件组成商品' }).waitFor();
    await dialog.getByRole('combobox', { name: '添加组成商品' }).fill('光明');
    await dialog.getByRole('option', { name: MILK }).click();
    await dialog.getByLabel(`${MILK} 的数量`).fill('3');
    await shot('chinese-add-bundle');
    await dialog.getByRole('button', { name: '添加 SKU' }).click();
    const row = page.locator('[data-test=skus] tr[data-sku="SET-102"]');
    await row.waitFor();
    expect(await row.locator('[data-test=bundle-of]').textContent()).toBe(`套餐 3× ${MILK}`);
    await shot('chinese-bundle-added');
    const milk = await demoSku('DRY-001');
    const added = (await product(productId)).skus.find((s: { code: string }) => s.code === 'SET-102');
    expect(added.components).toEqual([{ sku_id: milk.sku_id, qty: 3, name: MILK }]);
    await page.evaluate("localStorage.setItem('smart-store-language', 'en')");
  });
});
