/**
 * Product photos in Chromium against the real server and the demo seed: the brand admin opens oat
 * milk, a file over 2 MB is refused before it is sent and a text file named .png by the server;
 * a PNG made here is added, shows whole as the main photo and as the list's thumbnail (really loaded,
 * the server's 320 px thumbnail of the photo, not the photo); a second one made the main one takes the
 * thumbnail's place; SH001's manager sees them but cannot change them; the admin removes them.
 * Screenshots land in test-results/console-product-photos/.
 */
import type { Page } from 'playwright-core';
import QRCode from 'qrcode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../db/seed.js';
import type { TestApp } from './support/app.js';
import { type Browser, consoleUnderTest } from './support/browser.js';

let t: TestApp;
let base: string;
let browser: Browser;
let page: Page;
let admin: string;
let oatly: { product_id: string };

const photos = () => page.locator('[data-test=photos]');
const fileInput = () => photos().locator('input[type=file]');
/** The product's images as the server has them. */
const images = async (): Promise<string[]> =>
  (await t.call(admin, { method: 'GET', url: `/api/v1/catalogue/products/${oatly.product_id}` })).json()
    .images;
/** Whether the image really drew (a broken one has no natural width). */
const drawn = (selector: string) =>
  page
    .locator(selector)
    .first()
    .evaluate((image) => (image as { naturalWidth: number }).naturalWidth);

beforeAll(async () => {
  ({ t, base, browser, page } = await consoleUnderTest('console-product-photos'));
  page.setDefaultTimeout(10_000);
  admin = await t.login('admin@freshmart.demo', DEMO_PASSWORD);
  [oatly] = (await t.call(admin, { method: 'GET', url: '/api/v1/catalogue/search?q=DRY-005' })).json();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await t?.close();
});

describe('product photos in Chromium', () => {
  it('adds a photo in the product’s page, which the list then shows as its thumbnail', async () => {
    await browser.signIn(base, 'admin@freshmart.demo', DEMO_PASSWORD);
    await page.getByRole('link', { name: 'Products' }).click();
    await page.getByLabel('Find').fill('DRY-005');
    await browser.status(/^1 SKU matching “DRY-005”$/);
    await page.getByRole('link', { name: 'Oatly燕麦奶' }).click();
    await photos().getByText('No photo yet').waitFor();

    await fileInput().setInputFiles({
      name: 'huge.png',
      mimeType: 'image/png',
      buffer: Buffer.alloc(2 * 1024 * 1024 + 1),
    });
    await photos().getByRole('alert').filter({ hasText: 'A photo may be at most 2 MB' }).waitFor();
    await fileInput().setInputFiles({
      name: 'note.png',
      mimeType: 'image/png',
      buffer: Buffer.from('only words, no picture'),
    });
    await photos().getByRole('alert').filter({ hasText: 'A photo is a JPEG, PNG or WebP image' }).waitFor();
    await browser.shot('not-a-photo');

    const png = await QRCode.toBuffer('Oatly 1L', {
      type: 'png',
      width: 480,
      color: { dark: '#1e3a8a', light: '#fde68a' },
    });
    await fileInput().setInputFiles({ name: 'oatly.png', mimeType: 'image/png', buffer: png });
    await browser.status(/^Added a photo of Oatly燕麦奶$/);
    const [url] = await images();
    expect(url).toMatch(/^\/api\/v1\/catalogue\/photos\/[0-9a-f]{64}$/);
    await expect
      .poll(() => photos().getByRole('img', { name: 'Photo 1 of Oatly燕麦奶' }).getAttribute('src'))
      .toBe(url);
    await expect.poll(() => drawn('[data-test=photos] img')).toBe(480);
    await photos().getByText('Main photo', { exact: true }).waitFor();
    expect(await photos().getByRole('alert').count()).toBe(0);
    await browser.shot('photo-added');

    await page.getByRole('link', { name: '← Products' }).click();
    await page.getByLabel('Find').fill('oat milk');
    const thumb = 'tr[data-sku=DRY-005] img.thumb';
    await expect.poll(() => page.locator(thumb).getAttribute('src')).toBe(`${url}?size=thumb`);
    await expect.poll(() => drawn(thumb)).toBe(320);
    await browser.shot('thumbnail-in-list');
  });

  it('makes a second photo the main one, which the list then shows', async () => {
    await page.getByRole('link', { name: 'Oatly燕麦奶' }).click();
    const side = await QRCode.toBuffer('Oatly 1L, side', { type: 'png', width: 200 });
    await fileInput().setInputFiles({ name: 'side.png', mimeType: 'image/png', buffer: side });
    await expect.poll(() => photos().locator('[data-test=photo]').count()).toBe(2);
    const [, second] = await images();
    await photos().getByRole('button', { name: 'Make main photo' }).click();
    await browser.status(/^A new main photo for Oatly燕麦奶$/);
    expect((await images())[0]).toBe(second);
    await expect
      .poll(() => photos().getByRole('img', { name: 'Photo 1 of Oatly燕麦奶' }).getAttribute('src'))
      .toBe(second);
    await browser.shot('second-photo-main');
    await page.getByRole('link', { name: '← Products' }).click();
    await page.getByLabel('Find').fill('oat milk');
    await expect
      .poll(() => page.locator('tr[data-sku=DRY-005] img.thumb').getAttribute('src'))
      .toBe(`${second}?size=thumb`);
  });

  it('shows them to a store manager, who cannot change them', async () => {
    await browser.signIn(base, 'manager.sh001@freshmart.demo', DEMO_PASSWORD);
    await page.goto(`${base}/console/#/products/${oatly.product_id}`);
    await photos().getByRole('img', { name: 'Photo 1 of Oatly燕麦奶' }).waitFor();
    expect(await photos().getByRole('button').count()).toBe(0);
    expect(await fileInput().count()).toBe(0);
  });

  it('removes them', async () => {
    await browser.signIn(base, 'admin@freshmart.demo', DEMO_PASSWORD);
    await page.goto(`${base}/console/#/products/${oatly.product_id}`);
    for (const left of [1, 0]) {
      await photos().getByRole('button', { name: 'Remove photo' }).first().click();
      await expect.poll(() => photos().locator('[data-test=photo]').count()).toBe(left);
    }
    await browser.status(/^Removed a photo of Oatly燕麦奶$/);
    await photos().getByText('No photo yet').waitFor();
    const product = await t.call(admin, {
      method: 'GET',
      url: `/api/v1/catalogue/products/${oatly.product_id}`,
    });
    expect(product.json().images).toEqual([]);
    await browser.shot('photo-removed');
  });
});
