/**
 * Products as the shopper sees them, against the real server: with a photo (uploaded by the brand's
 * admin) its thumbnail, a small JPEG at a URL the phone can load, not the whole photo; without one
 * (the demo catalogue's) a tile in its category's colour with the first character of its name; in
 * search results, the cart, offers and an order's lines. Every page that lists products draws them with the shared template.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import QRCode from 'qrcode';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../db/seed.js';
import type { TestApp } from '../../test/support/app.js';
import { buildMiniprogram } from '../build';
import type { Picture } from '../src/lib/product-picture';
import type { Session } from '../src/lib/session';
import { offerProduct } from './support/offers';
import { shopUnderTest } from './support/shop';
import { type FakeWx, openPage, type PageOf, tap } from './support/wx-fake';

let t: TestApp;
let fake: FakeWx;
let tenantId: string;
let server: string;
let storeId: string;
let store: PageOf;
/** Where the phone loads the oat milk's photo's thumbnail. */
let thumbUrl: string;

type Row = { sku_id: string; code: string; name: string; picture: Picture };
const hits = () => store.data.hits as Row[];
const session = () => fake.storage.get('ss.session') as Session;

async function search(words: string): Promise<Row[]> {
  await tap(fake, store, 'onQuery', { detail: { value: words } });
  await tap(fake, store, 'search');
  return hits();
}

beforeAll(async () => {
  ({ t, fake, tenantId, server } = await shopUnderTest());
  fake.loginCode = 'pictures-shopper';
  const admin = await t.login('admin@freshmart.demo', DEMO_PASSWORD);
  storeId = (await t.api(admin, 'GET', '/stores'))
    .json()
    .find((s: { code: string }) => s.code === 'SH001').id;
  const [oat] = (await t.api(admin, 'GET', '/catalogue/search?q=DRY-005')).json();
  const png = await QRCode.toBuffer('Oatly 1L', { type: 'png', width: 600 });
  const uploaded = await t.api(admin, 'POST', `/catalogue/products/${oat.product_id}/photos`, {
    media_type: 'image/png',
    image_base64: png.toString('base64'),
  });
  expect(uploaded.statusCode, uploaded.body).toBe(200);
  thumbUrl = `${server}/api/v1/catalogue/photos/${createHash('sha256').update(png).digest('hex')}?size=thumb`;
  store = await openPage(fake, 'pages/store/index', { id: storeId });
});
afterAll(async () => {
  fake?.leaveAll();
  await t?.close();
});

describe('a product in search results', () => {
  it('with a photo shows its thumbnail, from a URL the phone loads', async () => {
    const oat = (await search('oat milk')).find((h) => h.code === 'DRY-005')!;
    expect(oat.picture.photo).toBe(thumbUrl);
    const loaded = await fetch(oat.picture.photo);
    expect(loaded.status).toBe(200);
    expect(loaded.headers.get('content-type')).toBe('image/jpeg');
    // The 600 px photo, 320 px for a tile.
    const meta = await sharp(Buffer.from(await loaded.arrayBuffer())).metadata();
    expect(meta).toMatchObject({ format: 'jpeg', width: 320, height: 320 });
  });

  it('without one shows a tile: the first character of its name, in its category’s colour', async () => {
    const [water] = await search('nfsq');
    expect(water).toMatchObject({ code: 'DRK-001', picture: { photo: '', letter: '农' } });
    const [cola] = await search('DRK-002');
    expect(cola!.picture).toMatchObject({ photo: '', letter: '可' });
    // Both drinks: one colour for the shelf, and not the grey of a product without a category.
    expect(cola!.picture.colour).toBe(water!.picture.colour);
    expect(water!.picture.colour).not.toBe('#8a8f99');
    const [oat] = await search('DRY-005');
    expect(oat!.picture.letter).toBe('O');
  });
});

describe('a product further along', () => {
  it('keeps its thumbnail or tile in the cart', async () => {
    const [oat] = await search('DRY-005');
    await tap(fake, store, 'addToCart', { dataset: { sku: oat!.sku_id } });
    const [water] = await search('nfsq');
    await tap(fake, store, 'addToCart', { dataset: { sku: water!.sku_id } });
    const cart = await openPage(fake, 'pages/cart/index');
    const lines = cart.data.lines as Row[];
    expect(lines.map((l) => l.picture)).toEqual([oat!.picture, water!.picture]);
    expect(lines[0]!.picture.photo).toBe(thumbUrl);
  });

  it('shows it among an offer’s picks', async () => {
    const [oat] = (
      await t.call(session().token, { method: 'GET', url: '/api/v1/catalogue/search?q=DRY-005' })
    ).json();
    await offerProduct(
      t,
      { tenantId, shopperId: session().shopperId },
      'pictures-test:offer',
      'Oat milk for you',
      oat,
    );
    const offers = await openPage(fake, 'pages/offers/index');
    const offer = (offers.data.offers as { title: string; products: { picture: Picture }[] }[]).find(
      (o) => o.title === 'Oat milk for you',
    )!;
    expect(offer.products.map((p) => p.picture.photo)).toEqual([thumbUrl]);
  });

  it('shows it in an order’s lines', async () => {
    const [oat] = await search('DRY-005');
    const [water] = await search('nfsq');
    const placed = await t.call(session().token, {
      method: 'POST',
      url: '/api/v1/orders',
      headers: { 'idempotency-key': 'pictures-order' },
      payload: {
        type: 'pickup',
        store_id: storeId,
        lines: [
          { sku_id: oat!.sku_id, qty: 1 },
          { sku_id: water!.sku_id, qty: 1 },
        ],
      },
    });
    expect(placed.statusCode, placed.body).toBe(201);
    const page = await openPage(fake, 'pages/order/index', { id: placed.json().id });
    const lines = (page.data.order as { lines: { picture: Picture }[] }).lines;
    expect(lines.map((l) => l.picture)).toEqual([oat!.picture, water!.picture]);
    expect(lines[0]!.picture.photo).toBe(thumbUrl);
  });
});

describe('the pages that list products', () => {
  let dist: string;
  beforeAll(async () => {
    dist = join(mkdtempSync(join(tmpdir(), 'miniprogram-pictures-')), 'dist');
    await buildMiniprogram(dist);
  });
  afterAll(() => rmSync(dirname(dist), { recursive: true, force: true }));

  it.each(['store', 'cart', 'offers', 'order'])('%s draws them with the template the build ships', (page) => {
    const wxml = readFileSync(join(dist, `pages/${page}/index.wxml`), 'utf8');
    const imported = /<import src="([^"]+)" \/>/.exec(wxml)?.[1];
    expect(imported).toBe('../../templates/product-picture.wxml');
    expect(readFileSync(join(dist, 'pages', page, imported!), 'utf8')).toContain(
      '<template name="product-picture">',
    );
    expect(wxml).toMatch(/<template is="product-picture" data="\{\{\.\.\.\w+\.picture\}\}" \/>/);
  });
});
