/**
 * The Products section in Chromium against the real server and the demo seed: the brand admin pages
 * through the whole catalogue without typing, finds products by words, pinyin initials and barcode,
 * within a category (asked of the server); adds a product with a SKU in a
 * category added on the spot (a mistyped price and a wrong check digit refused at their fields; the
 * answer lost and the product sent again, added once), which the search then finds;
 * corrects its price, its gold members' price and its name, a short barcode refused at its field;
 * takes it off sale, finds it marked in the list, and back; adds a SKU to it (a taken code refused,
 * the answer lost and the SKU sent again, added once).
 * SH001's manager reads the product's store prices in one call, sets the store's own price for oat
 * milk, finds it among the store's own prices (asked of the server), and
 * goes back to the brand's (the API's price for SH001 agrees each time, the brand's unchanged), and
 * cannot change the brand's product.
 * A short pass in Chinese, a mistyped price refused there.
 * Screenshots land in test-results/console-products/.
 */
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ean13 } from '../commerce/catalogue/ean13.js';
import { DEMO_PASSWORD } from '../db/seed.js';
import type { TestApp } from './support/app.js';
import { type Browser, consoleUnderTest } from './support/browser.js';

let t: TestApp;
let base: string;
let browser: Browser;
let page: Page;
let admin: string;
let manager: string;
const store: Record<string, string> = {};
const shot = (name: string) => browser.shot(name);
const status = (text: RegExp) => browser.status(text);

interface Hit {
  product_id: string;
  sku_id: string;
  code: string;
  barcode: string | null;
  list_cents: number;
  unit_cents: number;
  basis: string;
}

/** The API's search, as the brand (no store) or at a store's prices. */
async function search(q: string, storeCode?: string): Promise<Hit[]> {
  const where = storeCode ? `&store_id=${store[storeCode]}` : '';
  const response = await t.call(admin, {
    method: 'GET',
    url: `/api/v1/catalogue/search?q=${encodeURIComponent(q)}${where}`,
  });
  expect(response.statusCode, response.body).toBe(200);
  return response.json();
}

const rows = () => page.locator('[data-test=products] tbody tr');
// Read in one go: the list may re-render between finding the rows and reading each one.
const codes = () => rows().evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-sku')));

/** Types the words and waits for their answer (the status line counts what they found). */
async function find(words: string) {
  await page.getByLabel('Find').fill(words);
  await status(new RegExp(`^(1 SKU|1–\\d+ of \\d+ SKUs) matching “${words}”$`));
}
const text = async (cell: Locator) => (await cell.textContent())?.trim();

/** A new product's barcode: valid EAN-13, and its twin with the check digit one off. */
const barcode = ean13('692999000101');
const mistyped = `${barcode.slice(0, 12)}${(Number(barcode[12]) + 1) % 10}`;

beforeAll(async () => {
  ({ t, base, browser, page } = await consoleUnderTest('console-products'));
  // A step that cannot find its element fails naming it, before the test's own time runs out.
  page.setDefaultTimeout(10_000);
  admin = await t.login('admin@freshmart.demo', DEMO_PASSWORD);
  manager = await t.login('manager.sh001@freshmart.demo', DEMO_PASSWORD);
  for (const s of (await t.call(admin, { method: 'GET', url: '/api/v1/stores' })).json())
    store[s.code] = s.id;
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await t?.close();
});

describe('the Products section in Chromium', () => {
  let productId: string;

  it('pages through the whole catalogue without typing', async () => {
    await browser.signIn(base, 'admin@freshmart.demo', DEMO_PASSWORD);
    await page.getByRole('link', { name: 'Products' }).click();
    const everything = await t.call(admin, {
      method: 'GET',
      url: '/api/v1/catalogue/products?sale=all&limit=200',
    });
    const { total, lines } = everything.json() as { total: number; lines: { code: string }[] };
    expect(total).toBeGreaterThan(25);
    await status(new RegExp(`^1–25 of ${total} SKUs$`));
    await expect.poll(codes).toEqual(lines.slice(0, 25).map((l) => l.code));
    await shot('first-page');
    await page.getByRole('button', { name: 'Next →' }).click();
    await status(new RegExp(`^26–${Math.min(50, total)} of ${total} SKUs$`));
    await expect.poll(codes).toEqual(lines.slice(25, 50).map((l) => l.code));
    await shot('second-page');
    // By name: 农夫山泉 (nfsq) comes before Oatly燕麦奶 (oatly…), whatever page each is on.
    await page.getByLabel('Order').selectOption({ label: 'By name' });
    await status(new RegExp(`^1–25 of ${total} SKUs$`));
    const byName = (
      await t.call(admin, { method: 'GET', url: '/api/v1/catalogue/products?sale=all&order=name&limit=25' })
    ).json().lines;
    await expect.poll(codes).toEqual(byName.map((l: { code: string }) => l.code));
    await page.getByLabel('Order').selectOption({ label: 'Newest first' });
  });

  it('finds products by words, pinyin initials and barcode, within a category', async () => {
    await find('oat milk');
    await expect.poll(codes).toContain('DRY-005');
    await shot('found-by-words');

    await find('nfsq');
    await expect.poll(codes).toEqual(['DRK-001']);

    const [oatly] = await search('DRY-005');
    await find(oatly!.barcode!);
    await expect.poll(codes).toEqual(['DRY-005']);

    await find('奶');
    await expect.poll(codes).toContain('SNK-004'); // 大白兔奶糖, a snack
    const asked: string[] = [];
    page.on('request', (request) => asked.push(request.url()));
    await page.getByLabel('Category').selectOption({ label: '乳品 Dairy' });
    // The words' list (which holds the oat milk too) stays until the category's answer comes: wait for it.
    await expect
      .poll(async () => {
        const shown = await codes();
        return shown.includes('DRY-005') && !shown.includes('SNK-004');
      })
      .toBe(true);
    // The server narrows it: the list asked for the category.
    expect(asked.some((url) => url.includes('/catalogue/products?') && url.includes('category_id='))).toBe(
      true,
    );
    page.removeAllListeners('request');
    await shot('dairy-only');
    await page.getByLabel('Category').selectOption({ label: 'All' });
  });

  it('adds a product with a SKU, a mistyped price and a wrong check digit refused at their fields', async () => {
    await page.getByRole('link', { name: 'New product' }).click();
    await page.getByLabel('Name').fill('云南蓝莓');
    // A new shelf: its category added on the spot, a name the brand has refused.
    await page.getByRole('button', { name: '+ New category' }).click();
    await page.getByLabel('New category name').fill('生鲜 Fresh');
    await page.getByRole('button', { name: 'Add category' }).click();
    await page
      .getByRole('alert')
      .filter({ hasText: 'The brand already has a category of this name' })
      .waitFor();
    await page.getByLabel('New category name').fill('水果 Fruit');
    await page.getByRole('button', { name: 'Add category' }).click();
    await status(/^Added the category 水果 Fruit$/);
    expect(await page.getByLabel('Category').locator('option:checked').textContent()).toBe('水果 Fruit');
    await page.getByLabel('SKU code').fill('FRS-101');
    await page.getByLabel('Unit or size').fill('125g盒装');
    await page.getByLabel('Barcode (EAN-13)').fill(mistyped);
    await page.getByLabel('Price (¥)').fill('19,90');
    await page.getByRole('button', { name: 'Add product' }).click();
    await page.getByRole('alert').filter({ hasText: 'Type the price in yuan, like 12.50' }).waitFor();

    // A price below nothing reaches the server, which refuses it at the SKU's price.
    await page.getByLabel('Price (¥)').fill('-19.90');
    await page.getByRole('button', { name: 'Add product' }).click();
    const confirm = page.getByRole('dialog', { name: 'Add “云南蓝莓”?' });
    await confirm.getByText('cannot be deleted').waitFor();
    await shot('confirm-add');
    await confirm.getByRole('button', { name: 'Add product' }).click();
    await page.getByRole('alert').filter({ hasText: 'A price is from ¥0.00 to ¥1,000,000.00' }).waitFor();
    expect(await page.getByLabel('Price (¥)').getAttribute('aria-invalid')).toBe('true');

    await page.getByLabel('Price (¥)').fill('19.90');
    await page.getByRole('button', { name: 'Add product' }).click();
    await confirm.getByRole('button', { name: 'Add product' }).click();
    await page
      .getByRole('alert')
      .filter({ hasText: `This barcode’s last digit does not check: it should be ${barcode[12]}` })
      .waitFor();
    expect(await page.getByLabel('Barcode (EAN-13)').getAttribute('aria-invalid')).toBe('true');
    await shot('barcode-refused');
    expect(await search('云南蓝莓')).toEqual([]);

    // The product reaches the server, but the answer is lost on the way back: adding again adds it once.
    const keys: string[] = [];
    await page.route('**/api/v1/catalogue/products', async (route) => {
      keys.push(route.request().headers()['idempotency-key'] ?? '');
      if (keys.length > 1) return route.continue();
      await route.fetch();
      await route.abort('connectionreset');
    });
    await page.getByLabel('Barcode (EAN-13)').fill(barcode);
    await page.getByRole('button', { name: 'Add product' }).click();
    await confirm.getByRole('button', { name: 'Add product' }).click();
    await page.getByRole('alert').filter({ hasText: 'may or may not have been added' }).waitFor();
    expect((await search('云南蓝莓')).map((h) => h.code)).toEqual(['FRS-101']);
    await page.getByRole('button', { name: 'Add product' }).click();
    await confirm.getByRole('button', { name: 'Add product' }).click();
    await status(/^Added 云南蓝莓 with 1 SKU\(s\)$/);
    await page.unroute('**/api/v1/catalogue/products');
    expect(keys).toHaveLength(2);
    expect(keys[1]).toBe(keys[0]);
    await page.getByRole('heading', { name: '云南蓝莓' }).waitFor();
    productId = page.url().split('#/products/')[1]!;
    const [byName] = await search('云南蓝莓');
    const fruit = (await t.call(admin, { method: 'GET', url: '/api/v1/catalogue/categories' }))
      .json()
      .find((c: { name: string }) => c.name === '水果 Fruit');
    expect(byName).toMatchObject({
      product_id: productId,
      code: 'FRS-101',
      barcode,
      list_cents: 1990,
      category_id: fruit.id,
    });
    expect((await search('ynlm')).map((h) => h.code)).toEqual(['FRS-101']);
    await shot('added');
  });

  it('corrects the price and the name, a short barcode refused at its field, and takes it off sale and back', async () => {
    await page.getByLabel('Price of FRS-101 (¥)', { exact: true }).fill('17.8');
    await page.getByLabel('Barcode of FRS-101').fill('692999');
    const row = page.locator('[data-test=skus] tr[data-sku="FRS-101"]');
    await row.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('alert').filter({ hasText: 'A barcode is 13 digits (EAN-13)' }).waitFor();
    await shot('sku-barcode-refused');
    expect((await search('FRS-101'))[0]).toMatchObject({ barcode, list_cents: 1990 });

    await page.getByLabel('Barcode of FRS-101').fill(barcode);
    await row.getByRole('button', { name: 'Save' }).click();
    await status(/^Saved FRS-101 at ¥17\.80$/);
    expect((await search(barcode))[0]).toMatchObject({ code: 'FRS-101', list_cents: 1780 });

    const gold = (await t.call(admin, { method: 'GET', url: '/api/v1/member-tiers' }))
      .json()
      .find((tier: { code: string }) => tier.code === 'gold');
    await row.getByRole('button', { name: 'Member prices of FRS-101' }).click();
    const memberPrices = page.getByRole('dialog', { name: 'Member prices of FRS-101' });
    await memberPrices.getByLabel(`${gold.name} (¥)`).fill('16.80');
    await shot('member-prices');
    await memberPrices.getByRole('button', { name: 'Save' }).click();
    await status(/^Saved the member prices of FRS-101$/);
    await row.getByText(`${gold.name} ¥16.80`).waitFor();
    const saved = await t.call(admin, { method: 'GET', url: `/api/v1/catalogue/products/${productId}` });
    expect(saved.json().skus[0].member_prices).toEqual({ gold: 1680 });

    await page.getByLabel('Name').fill('云南蓝莓 Blueberries');
    await page.getByRole('button', { name: 'Save' }).first().click();
    await status(/^Saved 云南蓝莓 Blueberries$/);
    await page.getByRole('heading', { name: '云南蓝莓 Blueberries' }).waitFor();

    await page.getByRole('button', { name: 'Take off sale' }).click();
    const confirm = page.getByRole('dialog', { name: 'Take “云南蓝莓 Blueberries” off sale?' });
    await confirm.getByText('It stays in this list, marked off sale').waitFor();
    await shot('confirm-off-sale');
    await confirm.getByRole('button', { name: 'Take off sale' }).click();
    await status(/^云南蓝莓 Blueberries is off sale$/);
    expect(await search('FRS-101')).toEqual([]);
    await page.reload();
    await page.getByText('Off sale', { exact: true }).waitFor();
    await page.getByText('Off sale: no store sells it').waitFor();
    await shot('off-sale');
    // The editor still finds it in the list, marked; on sale only, it is not there.
    await page.getByRole('link', { name: '← Products' }).click();
    await find('FRS-101');
    await expect.poll(codes).toEqual(['FRS-101']);
    expect(await text(rows().first().locator('.badge'))).toBe('Off sale');
    await shot('off-sale-listed');
    await page.getByLabel('Show').selectOption({ label: 'On sale' });
    await page.getByText('No SKU matches “FRS-101”.').waitFor();
    await page.getByLabel('Show').selectOption({ label: 'On and off sale' });
    await page.getByRole('link', { name: '云南蓝莓 Blueberries' }).click();
    await page.getByRole('button', { name: 'Put back on sale' }).click();
    await status(/is on sale again$/);
    expect((await search('FRS-101')).map((h) => h.product_id)).toEqual([productId]);
  });

  it('adds a SKU to the product once, a taken code refused at its field', async () => {
    await page.getByRole('button', { name: '+ Add SKU' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add a SKU to “云南蓝莓 Blueberries”' });
    await dialog.getByLabel('SKU code').fill('FRS-101');
    await dialog.getByLabel('Unit or size').fill('250g盒装');
    await dialog.getByLabel('Price (¥)').fill('35');
    await dialog.getByRole('button', { name: 'Add SKU' }).click();
    await dialog
      .getByRole('alert')
      .filter({ hasText: 'Another SKU of the brand already has this code' })
      .waitFor();
    expect(await dialog.getByLabel('SKU code').getAttribute('aria-invalid')).toBe('true');
    await shot('add-sku-refused');

    // The SKU reaches the server, but the answer is lost on the way back: adding again adds it once.
    const keys: string[] = [];
    await page.route('**/api/v1/catalogue/products/*/skus', async (route) => {
      keys.push(route.request().headers()['idempotency-key'] ?? '');
      if (keys.length > 1) return route.continue();
      await route.fetch();
      await route.abort('connectionreset');
    });
    await dialog.getByLabel('SKU code').fill('FRS-102');
    await dialog.getByRole('button', { name: 'Add SKU' }).click();
    await dialog.getByRole('alert').filter({ hasText: 'may or may not have been added' }).waitFor();
    await dialog.getByRole('button', { name: 'Add SKU' }).click();
    await status(/^Added FRS-102 to 云南蓝莓 Blueberries at ¥35\.00$/);
    await page.unroute('**/api/v1/catalogue/products/*/skus');
    expect(keys).toHaveLength(2);
    expect(keys[1]).toBe(keys[0]);
    await page.locator('[data-test=skus] tr[data-sku="FRS-102"]').waitFor();
    await shot('sku-added');
    const saved = await t.call(admin, { method: 'GET', url: `/api/v1/catalogue/products/${productId}` });
    expect(
      saved.json().skus.map((s: { code: string; price_cents: number }) => [s.code, s.price_cents]),
    ).toEqual([
      ['FRS-101', 1780],
      ['FRS-102', 3500],
    ]);
  });

  it("lets SH001's manager set the store's own price and go back to the brand's, not edit the product", async () => {
    await browser.signIn(base, 'manager.sh001@freshmart.demo', DEMO_PASSWORD);
    await page.getByRole('link', { name: 'Products' }).click();
    await expect
      .poll(() => page.getByLabel('Store').locator('option').allTextContents())
      .toEqual([expect.stringMatching(/SH001/)]);
    expect(await page.getByRole('link', { name: 'New product' }).count()).toBe(0);
    await find('DRY-005');
    await expect.poll(codes).toEqual(['DRY-005']);
    const [brand] = await search('DRY-005');
    expect(await text(page.locator('[data-test=products] [data-test=store-price]'))).toBe('¥32.90');
    // The product page reads SH001's prices of its SKUs in one call, not a search per SKU.
    const asked: string[] = [];
    page.on('request', (request) => asked.push(request.url()));
    await page.getByRole('link', { name: 'Oatly燕麦奶' }).click();
    await page.getByRole('heading', { name: 'Oatly燕麦奶' }).waitFor();
    await page.getByText('changed by its catalogue editors').waitFor();
    const here = page.locator('[data-test=store-prices] tr[data-sku="DRY-005"]');
    await expect.poll(() => text(here.locator('[data-test=price-here]'))).toBe('¥32.90');
    page.removeAllListeners('request');
    expect(asked.filter((url) => url.includes('/store-prices?store_id='))).toHaveLength(1);
    expect(asked.filter((url) => url.includes('/catalogue/search'))).toEqual([]);
    expect(await page.getByLabel('Name').count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Take off sale' }).count()).toBe(0);
    const refused = await t.call(manager, {
      method: 'PATCH',
      url: `/api/v1/catalogue/products/${brand!.product_id}`,
      payload: { name: 'Oat milk' },
    });
    expect(refused.statusCode).toBe(403);

    await page.getByLabel('Own price of DRY-005 (¥)').fill('29.90');
    await here.getByRole('button', { name: 'Set price' }).click();
    await status(/^SH001 now sells DRY-005 at ¥29\.90$/);
    await expect.poll(() => text(here.locator('[data-test=price-here]'))).toBe('Own price ¥29.90');
    expect((await search('DRY-005', 'SH001'))[0]).toMatchObject({ unit_cents: 2990, basis: 'store' });
    expect((await search('DRY-005'))[0]).toMatchObject({ list_cents: 3290 });
    await shot('own-price');

    await page.getByRole('link', { name: '← Products' }).click();
    await page.getByLabel('Own prices only').check();
    // Without words, the server's list of SH001's own prices: oat milk's alone.
    await page.getByLabel('Find').fill('');
    await status(/^1 SKU$/);
    await expect.poll(codes).toEqual(['DRY-005']);
    await find('oat');
    await expect.poll(codes).toEqual(['DRY-005']);
    await shot('own-prices-only');
    await page.getByRole('link', { name: 'Oatly燕麦奶' }).click();
    await here.getByRole('button', { name: 'Use brand price' }).click();
    await status(/^SH001 sells DRY-005 at the brand’s price again, ¥32\.90$/);
    await expect.poll(() => text(here.locator('[data-test=price-here]'))).toBe('¥32.90');
    expect((await search('DRY-005', 'SH001'))[0]).toMatchObject({ unit_cents: 3290, basis: 'list' });
  });

  it('reads in Chinese', async () => {
    await page.evaluate("localStorage.setItem('smart-store-language', 'zh-CN')");
    await page.goto(`${base}/console/#/products`);
    await page.reload();
    await page.getByRole('heading', { name: '商品' }).waitFor();
    await page.getByLabel('查找').fill('燕麦');
    // The words' answer replaces the page's list: wait for it before reading the table.
    await status(/个 SKU 匹配“燕麦”$/);
    await expect
      .poll(() => page.locator('[data-test=products] th').allInnerTexts())
      .toEqual(['商品', '商品编码', '分类', '品牌价', '门店价']);
    await shot('chinese-list');
    await page.getByRole('link', { name: 'Oatly燕麦奶' }).click();
    await page.getByRole('heading', { name: '门店价格' }).waitFor();
    await page.getByLabel('DRY-005 的本店价（元）').fill('12.345');
    await page.getByRole('button', { name: '设置价格' }).click();
    await page.getByRole('alert').filter({ hasText: '请以元为单位输入价格，如 12.50' }).waitFor();
    await shot('chinese-product');
    await page.evaluate("localStorage.setItem('smart-store-language', 'en')");
  });
});
