/**
 * A product's page, against the real server: opened by tapping a product in search results, the
 * cart, an offer's picks and an order's lines; what it shows (photos whole, or the tile; name, the
 * shopper's price with the list price struck through, availability, place, description) checked
 * against what the API says; added to the cart from it; "Take me there" drawing the walk the search
 * result's button draws; a sold-out product and one the store stops selling not added.
 */
import { createHash } from 'node:crypto';
import QRCode from 'qrcode';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ean13 } from '../../commerce/index.js';
import { DEMO_PASSWORD } from '../../db/seed.js';
import type { TestApp } from '../../test/support/app.js';
import type { Cart } from '../src/lib/cart';
import { yuan } from '../src/lib/format';
import type { Session } from '../src/lib/session';
import type { ProductView } from '../src/pages/product/index';
import { offerProduct } from './support/offers';
import { shopUnderTest } from './support/shop';
import { type FakeWx, openPage, type PageOf, tap } from './support/wx-fake';

let t: TestApp;
let fake: FakeWx;
let tenantId: string;
let server: string;
let admin: string;
let storeId: string;
let store: PageOf;
/** The oat milk's two photos' SHA-256, main first. */
let photos: string[];

type Row = { sku_id: string; code: string; name: string; place: string };

const session = () => fake.storage.get('ss.session') as Session;
const cart = () => fake.storage.get('ss.cart') as Cart;
const asShopper = (url: string) => t.call(session().token, { method: 'GET', url: `/api/v1${url}` });
const productOf = (page: PageOf) => page.data.product as ProductView;
/** A page's query as WeChat hands it to onLoad, from the url it was opened with. */
const queryOf = (url: string) => Object.fromEntries(new URLSearchParams(url.split('?')[1]));

async function search(words: string): Promise<Row[]> {
  await tap(fake, store, 'onQuery', { detail: { value: words } });
  await tap(fake, store, 'search');
  return store.data.hits as Row[];
}

/** Taps a product where a page lists it, and opens the page it navigates to. */
async function openFrom(page: PageOf, skuId: string): Promise<PageOf> {
  await tap(fake, page, 'openProduct', { dataset: { sku: skuId } });
  const url = fake.navigations.at(-1)!;
  expect(url).toMatch(/^\/pages\/product\/index\?/);
  return openPage(fake, 'pages/product/index', queryOf(url));
}

beforeAll(async () => {
  ({ t, fake, tenantId, server } = await shopUnderTest());
  fake.loginCode = 'product-page-shopper';
  admin = await t.login('admin@freshmart.demo', DEMO_PASSWORD);
  storeId = (await t.api(admin, 'GET', '/stores'))
    .json()
    .find((s: { code: string }) => s.code === 'SH001').id;
  const [oat] = (await t.api(admin, 'GET', '/catalogue/search?q=DRY-005')).json();
  photos = [];
  for (const words of ['Oatly front', 'Oatly back']) {
    const png = await QRCode.toBuffer(words, { type: 'png', width: 600 });
    const uploaded = await t.api(admin, 'POST', `/catalogue/products/${oat.product_id}/photos`, {
      media_type: 'image/png',
      image_base64: png.toString('base64'),
    });
    expect(uploaded.statusCode, uploaded.body).toBe(200);
    photos.push(createHash('sha256').update(png).digest('hex'));
  }
  const described = await t.api(admin, 'PATCH', `/catalogue/products/${oat.product_id}`, {
    description: 'Oat drink, barista edition. Shake before use.',
  });
  expect(described.statusCode, described.body).toBe(200);
  // A gold member's price for the oat milk, and this shopper a gold member.
  const priced = await t.api(admin, 'PATCH', `/catalogue/skus/${oat.sku_id}`, {
    member_prices: { gold: 2990 },
  });
  expect(priced.statusCode, priced.body).toBe(200);
  store = await openPage(fake, 'pages/store/index', { id: storeId });
  const memberNo = (await asShopper('/me/membership')).json().member_no;
  const [member] = (await t.api(admin, 'GET', `/members?member_no=${memberNo}`)).json();
  const gold = await t.api(admin, 'PATCH', `/members/${member.id}`, { assigned_tier: 'gold' });
  expect(gold.statusCode, gold.body).toBe(200);
});
afterAll(async () => {
  fake?.leaveAll();
  await t?.close();
});

describe('a product opened from a search result', () => {
  let oat: Row;
  let page: PageOf;

  beforeAll(async () => {
    oat = (await search('oat milk')).find((h) => h.code === 'DRY-005')!;
    page = await openFrom(store, oat.sku_id);
    expect(fake.navigations.at(-1)).toBe(
      `/pages/product/index?sku=${oat.sku_id}&store=${storeId}&from=store`,
    );
  });

  it('shows its name, the shopper’s price at this store and that the store has it, as the API says', async () => {
    expect(fake.title).toBe('Product');
    const sku = (await asShopper(`/catalogue/skus/${oat.sku_id}?store_id=${storeId}`)).json();
    expect(sku).toMatchObject({
      unit_cents: 2990,
      list_cents: 3290,
      basis: 'member',
      availability: 'in_stock',
    });
    expect(productOf(page)).toMatchObject({
      name: `${sku.name} ${sku.sku_name}`,
      price: yuan(sku.unit_cents),
      listPrice: yuan(sku.list_cents),
      member: true,
      availability: 'In stock',
      buyable: true,
      description: 'Oat drink, barista edition. Shake before use.',
    });
    expect(productOf(page).name).toBe(oat.name);
  });

  it('says where it is in the store, as the map places it', async () => {
    const map = (await asShopper(`/stores/${storeId}/map/shopper`)).json() as {
      levels: { level: number; name: string }[];
      products: { sku: string; shelf: string; slot: string | null; level: number }[];
    };
    const spot = map.products.find((p) => p.sku === 'DRY-005')!;
    const level = map.levels.find((l) => l.level === spot.level)!.name;
    const place = productOf(page).place;
    expect(place).toBe(
      [spot.shelf, spot.slot && `slot ${spot.slot}`, map.levels.length > 1 && level]
        .filter(Boolean)
        .join(' · '),
    );
    // Worded as the search result's.
    expect(place).toBe(oat.place);
  });

  it('shows every photo whole, to swipe through, each loading from its URL', async () => {
    const urls = photos.map((sha) => `${server}/api/v1/catalogue/photos/${sha}`);
    expect(productOf(page)).toMatchObject({ photos: urls, severalPhotos: true });
    for (const url of urls) {
      const loaded = await fetch(url);
      expect(loaded.headers.get('content-type')).toBe('image/png');
      // The whole 600 px photo, not the 320 px thumbnail the lists draw.
      const meta = await sharp(Buffer.from(await loaded.arrayBuffer())).metadata();
      expect(meta).toMatchObject({ format: 'png', width: 600 });
    }
  });

  it('adds it to the cart, showing how many are in it', async () => {
    expect(page.data.inCart).toBe('');
    await tap(fake, page, 'addToCart');
    expect(fake.toasts.at(-1)).toBe('Added to cart');
    expect(page.data.inCart).toBe('1 in your cart');
    // The same line the search result's button adds to.
    await tap(fake, store, 'addToCart', { dataset: { sku: oat.sku_id } });
    await tap(fake, page, 'addToCart');
    expect(page.data.inCart).toBe('3 in your cart');
    expect(cart()).toMatchObject({
      storeId,
      lines: [{ sku_id: oat.sku_id, code: 'DRY-005', name: oat.name, unit_cents: 2990, qty: 3 }],
    });
  });

  it('takes the shopper there as the search result’s button does', async () => {
    await tap(fake, store, 'routeTo', { dataset: { code: oat.code, name: oat.name } });
    const walk = store.data.route as { title: string; steps: unknown[] };
    expect(walk.title).toBe(`To ${oat.name}`);
    // Opened over the store's page: back to its map, which draws the walk as it shows again.
    await tap(fake, store, 'routeTo', { dataset: { code: 'DRK-001', name: 'elsewhere' } });
    expect(store.data.route).not.toEqual(walk);
    // As WeChat does: the product's page covers the store's (hidden), going back shows it again.
    await tap(fake, store, 'onHide');
    await tap(fake, page, 'takeMeThere');
    expect(fake.navigations.at(-1)).toBe('back');
    await tap(fake, store, 'onShow');
    expect(store.data.route).toEqual(walk);
    // Asked once: showing again later draws nothing new.
    await tap(fake, store, 'routeTo', { dataset: { code: 'DRK-001', name: 'elsewhere' } });
    await tap(fake, store, 'onHide');
    await tap(fake, store, 'onShow');
    expect(store.data.route).not.toEqual(walk);
    // Opened from elsewhere (here the cart), the store's page opens anew with the walk drawn.
    const fromCart = await openPage(fake, 'pages/product/index', { sku: oat.sku_id, store: storeId });
    await tap(fake, fromCart, 'takeMeThere');
    const url = fake.navigations.at(-1)!;
    expect(url).toBe(`/pages/store/index?id=${storeId}&to=DRY-005`);
    const there = await openPage(fake, 'pages/store/index', queryOf(url));
    expect(there.data.route).toEqual(walk);
  });
});

describe('a product without a photo', () => {
  it('shows its tile, large, and what it costs a gold member', async () => {
    const [water] = await search('nfsq');
    const page = await openFrom(store, water!.sku_id);
    const sku = (await asShopper(`/catalogue/skus/${water!.sku_id}?store_id=${storeId}`)).json();
    expect(sku.images).toEqual([]);
    expect(productOf(page)).toMatchObject({
      photos: [],
      severalPhotos: false,
      picture: { photo: '', letter: '农' },
      price: yuan(sku.unit_cents),
      listPrice: yuan(sku.list_cents),
      availability: 'In stock',
    });
  });
});

describe('a product the shopper cannot buy here', () => {
  it('sold out says so and is not added to the cart', async () => {
    const created = await t.api(admin, 'POST', '/catalogue/products', {
      name: '测试椰子水',
      skus: [{ code: 'TEST-COCO-330', barcode: ean13('690000000201'), name: '330ml', price_cents: 890 }],
    });
    expect(created.statusCode, created.body).toBe(201);
    const [coco] = await search('TEST-COCO-330');
    const before = cart();
    const page = await openFrom(store, coco!.sku_id);
    expect((await asShopper(`/catalogue/skus/${coco!.sku_id}?store_id=${storeId}`)).json()).toMatchObject({
      availability: 'sold_out',
    });
    expect(productOf(page)).toMatchObject({ availability: 'Sold out', buyable: false });
    await tap(fake, page, 'addToCart');
    expect(cart()).toEqual(before);
    expect(page.data.inCart).toBe('');

    fake.language = 'zh_CN';
    const inChinese = await openFrom(store, coco!.sku_id);
    expect(productOf(inChinese).availability).toBe('已售罄');
    fake.language = 'en';
  });

  it('opened from the cart once the store stops selling it, says so and is not added', async () => {
    const [cola] = await search('DRK-002');
    await tap(fake, store, 'addToCart', { dataset: { sku: cola!.sku_id } });
    const stopped = await t.api(admin, 'PUT', `/catalogue/skus/${cola!.sku_id}/store-price`, {
      store_id: storeId,
      price_cents: null,
      available: false,
    });
    expect(stopped.statusCode, stopped.body).toBe(200);
    const cartPage = await openPage(fake, 'pages/cart/index');
    const page = await openFrom(cartPage, cola!.sku_id);
    expect(fake.navigations.at(-1)).toBe(`/pages/product/index?sku=${cola!.sku_id}&store=${storeId}`);
    expect(productOf(page)).toMatchObject({
      availability: 'Not sold at this store',
      buyable: false,
      place: '',
    });
    expect(page.data.inCart).toBe('1 in your cart');
    await tap(fake, page, 'addToCart');
    expect(cart().lines.find((l) => l.sku_id === cola!.sku_id)!.qty).toBe(1);
  });
});

describe('a product opened from an offer and an order', () => {
  it('shows an offer’s pick at the store the shopper opened last', async () => {
    const [oat] = (await asShopper(`/catalogue/search?q=DRY-005&store_id=${storeId}`)).json();
    await offerProduct(
      t,
      { tenantId, shopperId: session().shopperId },
      'product-page-test:offer',
      'Oat milk for you',
      oat,
    );
    const offers = await openPage(fake, 'pages/offers/index');
    const page = await openFrom(offers, oat.sku_id);
    // An offer names no store.
    expect(fake.navigations.at(-1)).toBe(`/pages/product/index?sku=${oat.sku_id}`);
    expect(productOf(page)).toMatchObject({ name: 'Oatly燕麦奶 1L', price: yuan(oat.unit_cents) });
    expect(page.data.error).toBe('');
  });

  it('asks for a store first when the shopper has opened none', async () => {
    const kept = fake.storage.get('ss.store');
    fake.storage.delete('ss.store');
    const page = await openPage(fake, 'pages/product/index', { sku: '00000000-0000-4000-8000-000000000000' });
    expect(page.data).toMatchObject({ product: null, error: expect.stringMatching(/^Open a store first/) });
    fake.storage.set('ss.store', kept);
  });

  it('shows an order’s line at the order’s store', async () => {
    const [oat] = await search('DRY-005');
    const placed = await t.call(session().token, {
      method: 'POST',
      url: '/api/v1/orders',
      headers: { 'idempotency-key': 'product-page-order' },
      payload: { type: 'pickup', store_id: storeId, lines: [{ sku_id: oat!.sku_id, qty: 1 }] },
    });
    expect(placed.statusCode, placed.body).toBe(201);
    const order = await openPage(fake, 'pages/order/index', { id: placed.json().id });
    const page = await openFrom(order, oat!.sku_id);
    expect(fake.navigations.at(-1)).toBe(`/pages/product/index?sku=${oat!.sku_id}&store=${storeId}`);
    expect(productOf(page)).toMatchObject({ name: oat!.name, availability: 'In stock' });
  });
});
