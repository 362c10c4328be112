/**
 * Delivery addresses in the mini-program against the real server: added from WeChat's address book
 * and a spot on WeChat's map (GCJ-02, kept in WGS-84), choosers cancelled, edited, the default
 * changed, deleted; the cart delivers to the chosen one, its pin the order's, and says so when no
 * store delivers there.
 */
import { distance } from '@turf/turf';
import gcoord from 'gcoord';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../../test/support/app.js';
import type { AddressRow } from '../src/lib/address-book';
import type { SavedAddress, SearchHit } from '../src/lib/api';
import { addToCart } from '../src/lib/cart';
import type { Session } from '../src/lib/session';
import { REFUSALS_ZH_CN } from '../src/lib/texts/refusals-zh-CN';
import { shopUnderTest } from './support/shop';
import { type FakeWx, openPage, type PageOf, tap } from './support/wx-fake';

let t: TestApp;
let fake: FakeWx;
let storeId: string;

const token = () => (fake.storage.get('ss.session') as Session).token;

async function myBook(): Promise<SavedAddress[]> {
  return (await t.call(token(), { method: 'GET', url: '/api/v1/me/addresses' })).json();
}

const rows = (page: PageOf) => page.data.rows as AddressRow[];

/** Metres between two WGS-84 points. */
const metres = (a: { lat: number; lng: number }, b: { lat: number; lng: number }) =>
  distance([a.lng, a.lat], [b.lng, b.lat], { units: 'meters' });

/**
 * Where WeChat's map (GCJ-02, as it answers in China) shows a place whose WGS-84 position is `wgs`:
 * the published forward offset, so the page's conversion back is checked against it.
 */
function onWechatMap(name: string, address: string, wgs: { lat: number; lng: number }): WxChosenLocation {
  const [longitude, latitude] = gcoord.transform([wgs.lng, wgs.lat], gcoord.WGS84, gcoord.GCJ02);
  return { name, address, latitude, longitude };
}

/** People's Square, 1.2 km from SH001: inside its delivery zone. */
const PEOPLES_SQUARE = { lat: 31.2304, lng: 121.4737 };
/** Shanghai Pudong airport: beyond every store's zone. */
const AIRPORT = { lat: 31.1443, lng: 121.8083 };

const WECHAT_ADDRESS: WxChosenAddress = {
  userName: '李伟',
  telNumber: '13900000001',
  provinceName: '上海市',
  cityName: '上海市',
  countyName: '黄浦区',
  detailInfo: '人民大道200号',
  postalCode: '200001',
  nationalCode: '310101',
};

/** Adds an address through the page's form: typed name and phone, a spot on the map, a door. */
async function addPinned(page: PageOf, who: string, place: WxChosenLocation, door: string) {
  await tap(fake, page, 'add');
  await tap(fake, page, 'onField', { dataset: { field: 'contact_name' }, detail: { value: who } });
  await tap(fake, page, 'onField', { dataset: { field: 'phone' }, detail: { value: '13900000002' } });
  fake.mapPick = place;
  await tap(fake, page, 'pickOnMap');
  await tap(fake, page, 'onField', { dataset: { field: 'door' }, detail: { value: door } });
  await tap(fake, page, 'save');
  expect(page.data.error).toBe('');
}

beforeAll(async () => {
  ({ t, fake } = await shopUnderTest());
  fake.loginCode = 'addresses-shopper';
  // The store the shopper finds from People's Square, as the stores page does.
  const near = await t.call(undefined, {
    method: 'GET',
    url: `/api/v1/stores/nearby?lat=${PEOPLES_SQUARE.lat}&lng=${PEOPLES_SQUARE.lng}&tenant=freshmart`,
  });
  storeId = (near.json() as { id: string; code: string }[]).find((s) => s.code === 'SH001')!.id;
});
afterAll(async () => {
  fake?.leaveAll();
  await t?.close();
});

describe('the datum', () => {
  it('is WGS-84 where the phone is measured against stores: standing at SH001, it is the nearest, metres away', async () => {
    fake.location = { latitude: 31.2381, longitude: 121.4829 }; // SH001, as the server keeps it
    try {
      const finder = await openPage(fake, 'pages/index/index');
      const [nearest] = finder.data.stores as { id: string; distance: string }[];
      expect(nearest).toMatchObject({ id: storeId, distance: '0 m' });
    } finally {
      fake.location = { latitude: PEOPLES_SQUARE.lat, longitude: PEOPLES_SQUARE.lng };
    }
  });
});

describe('my addresses', () => {
  it('are empty at first, under their title', async () => {
    const page = await openPage(fake, 'pages/addresses/index');
    expect(fake.title).toBe('My addresses');
    expect(page.data).toMatchObject({ loading: false, rows: [], form: null, choosing: false });
  });

  it('are a tap away on the me page', async () => {
    const me = await openPage(fake, 'pages/me/index');
    expect((me.data.t as { titleAddresses: string }).titleAddresses).toBe('My addresses');
    await tap(fake, me, 'openAddresses');
    expect(fake.navigations.at(-1)).toBe('/pages/addresses/index');
  });

  it('take one imported from WeChat and pinned on the map, the pin kept in WGS-84', async () => {
    const page = await openPage(fake, 'pages/addresses/index');
    await tap(fake, page, 'add');
    fake.wechatAddress = WECHAT_ADDRESS;
    await tap(fake, page, 'importFromWechat');
    expect(page.data.form).toMatchObject({
      contact_name: '李伟',
      phone: '13900000001',
      address: '上海市黄浦区人民大道200号',
      pin: null,
    });

    const picked = onWechatMap('人民广场', '上海市黄浦区人民大道120号', PEOPLES_SQUARE);
    fake.mapPick = picked;
    await tap(fake, page, 'pickOnMap');
    const form = page.data.form as { pin: { lat: number; lng: number }; place: string; address: string };
    expect(form.place).toBe('人民广场');
    expect(form.address).toBe('上海市黄浦区人民大道120号人民广场');
    await tap(fake, page, 'onField', { dataset: { field: 'door' }, detail: { value: '5楼 502室' } });
    await tap(fake, page, 'save');

    expect(page.data.error).toBe('');
    expect(page.data.form).toBeNull();
    const [saved] = await myBook();
    expect(saved).toMatchObject({
      contact_name: '李伟',
      phone: '13900000001',
      address: '上海市黄浦区人民大道120号人民广场',
      door: '5楼 502室',
      is_default: true,
    });
    // Within a metre of the place itself, and hundreds of metres from where WeChat's map put it.
    expect(metres(saved!, PEOPLES_SQUARE)).toBeLessThan(1);
    expect(metres(saved!, { lat: picked.latitude, lng: picked.longitude })).toBeGreaterThan(300);
    expect(rows(page)).toEqual([
      {
        id: saved!.id,
        who: '李伟 13900000001',
        where: '上海市黄浦区人民大道120号人民广场 5楼 502室',
        isDefault: true,
      },
    ]);
  });

  it('are left as they were when the shopper cancels WeChat’s choosers, and need a pin to save', async () => {
    const page = await openPage(fake, 'pages/addresses/index');
    await tap(fake, page, 'add');
    const blank = page.data.form;
    fake.wechatAddress = null;
    fake.mapPick = null;
    const dialogs = fake.dialogs.length;
    await tap(fake, page, 'importFromWechat');
    await tap(fake, page, 'pickOnMap');
    expect(page.data.form).toEqual(blank);
    expect(page.data.error).toBe('');
    expect(fake.dialogs.length).toBe(dialogs);

    await tap(fake, page, 'onField', { dataset: { field: 'address' }, detail: { value: '南京东路300号' } });
    await tap(fake, page, 'save');
    expect(page.data.error).toBe('Pick the spot on the map, so the courier finds it.');
    await tap(fake, page, 'closeForm');
    expect(page.data.form).toBeNull();
    expect((await myBook()).length).toBe(1);
  });

  it('are changed in the form, the map opening at the kept pin', async () => {
    const page = await openPage(fake, 'pages/addresses/index');
    const [home] = await myBook();
    await tap(fake, page, 'edit', { dataset: { id: home!.id } });
    expect(page.data.form).toMatchObject({ id: home!.id, door: '5楼 502室', isDefault: true });
    fake.mapPick = null;
    await tap(fake, page, 'pickOnMap');
    const shown = onWechatMap('', '', home!);
    expect(fake.mapOpenedAt!.latitude).toBeCloseTo(shown.latitude, 6);
    expect(fake.mapOpenedAt!.longitude).toBeCloseTo(shown.longitude, 6);
    await tap(fake, page, 'onField', { dataset: { field: 'door' }, detail: { value: '6楼 601室' } });
    await tap(fake, page, 'save');
    expect(rows(page)[0]).toMatchObject({ id: home!.id, where: expect.stringMatching(/ 6楼 601室$/) });
    const [changed] = await myBook();
    expect(changed).toMatchObject({ door: '6楼 601室', lat: home!.lat, lng: home!.lng });
  });

  it('have one default, which the shopper changes, and are deleted once confirmed', async () => {
    const page = await openPage(fake, 'pages/addresses/index');
    await addPinned(
      page,
      'Office',
      onWechatMap('新天地', '上海市黄浦区马当路245号', { lat: 31.2195, lng: 121.4745 }),
      '12F',
    );
    const [home, office] = await myBook();
    expect(rows(page).map((r) => [r.id, r.isDefault])).toEqual([
      [home!.id, true],
      [office!.id, false],
    ]);
    await tap(fake, page, 'makeDefault', { dataset: { id: office!.id } });
    expect(rows(page).map((r) => [r.id, r.isDefault])).toEqual([
      [office!.id, true],
      [home!.id, false],
    ]);
    await tap(fake, page, 'makeDefault', { dataset: { id: home!.id } });

    await addPinned(
      page,
      'Spare',
      onWechatMap('', '上海市黄浦区河南中路99号', { lat: 31.235, lng: 121.48 }),
      '',
    );
    const spare = (await myBook()).find((a) => a.contact_name === 'Spare')!;
    await tap(fake, page, 'remove', { dataset: { id: spare.id } });
    expect(fake.dialogs.at(-1)).toBe('Delete 上海市黄浦区河南中路99号?');
    expect(rows(page).map((r) => r.id)).toEqual([home!.id, office!.id]);
  });
});

describe('a delivery from the cart', () => {
  let cart: PageOf;

  /** Fills the cart with a bottle of water from SH001 and opens it for delivery. */
  async function cartForDelivery(): Promise<PageOf> {
    const [hit] = (
      await t.call(token(), {
        method: 'GET',
        url: `/api/v1/catalogue/search?q=DRY-005&store_id=${storeId}`,
      })
    ).json() as SearchHit[];
    addToCart(storeId, hit!);
    const page = await openPage(fake, 'pages/cart/index');
    await tap(fake, page, 'chooseType', { dataset: { type: 'delivery' } });
    return page;
  }

  /** The cart's Change: the book opened to choose, the address tapped, back to the cart. */
  async function chooseAddress(id: string) {
    await tap(fake, cart, 'changeAddress');
    expect(fake.navigations.at(-1)).toBe('/pages/addresses/index?choose=1');
    const book = await openPage(fake, 'pages/addresses/index', { choose: '1' });
    await tap(fake, book, 'choose', { dataset: { id } });
    expect(fake.navigations.at(-1)).toBe('back');
    await (cart.onShow as () => Promise<void>).call(cart);
    await fake.idle();
  }

  it('goes to the default address, or the one chosen with Change, at its pin', async () => {
    cart = await cartForDelivery();
    const [home, office] = await myBook();
    expect(cart.data.address).toMatchObject({ id: home!.id, isDefault: true });

    await chooseAddress(office!.id);
    expect(cart.data.address).toMatchObject({ id: office!.id, where: `${office!.address} 12F` });
    await tap(fake, cart, 'checkout');
    expect(cart.data.error).toBe('');
    const orderId = fake.navigations.at(-1)!.match(/^\/pages\/order\/index\?id=([0-9a-f-]+)$/)![1]!;
    const order = (await t.call(token(), { method: 'GET', url: `/api/v1/orders/${orderId}` })).json();
    expect(order).toMatchObject({ type: 'delivery', status: 'paid' });
    expect(order.delivery).toMatchObject({
      lat: office!.lat,
      lng: office!.lng,
      address: `${office!.address} 12F`,
      contact_name: 'Office',
      phone: '13900000002',
    });
    const shown = (await openPage(fake, 'pages/order/index', { id: orderId })).data.order as {
      address: string;
    };
    expect(shown.address).toBe(`Office, ${office!.address} 12F`);
  });

  it('keeps to the address used last', async () => {
    const [, office] = await myBook();
    cart = await cartForDelivery();
    expect(cart.data.address).toMatchObject({ id: office!.id });
  });

  it('is refused in the shopper’s words where no store delivers, the cart kept', async () => {
    const book = await openPage(fake, 'pages/addresses/index', { choose: '1' });
    await addPinned(book, 'Airport', onWechatMap('浦东机场', '上海市浦东新区迎宾大道6000号', AIRPORT), 'T2');
    expect(fake.navigations.at(-1)).toBe('back'); // saved while choosing: it is the one chosen
    await (cart.onShow as () => Promise<void>).call(cart);
    await fake.idle();
    expect(cart.data.address).toMatchObject({ who: 'Airport 13900000002' });

    await tap(fake, cart, 'checkout');
    expect(cart.data.error).toBe('No store delivers to this address: it is beyond every delivery zone');
    expect(fake.dialogs.at(-1)).toBe(cart.data.error);
    fake.language = 'zh_CN';
    try {
      await tap(fake, cart, 'checkout');
      expect(cart.data.error).toBe(REFUSALS_ZH_CN.SS_ERR_NO_DELIVERY_STORE);
    } finally {
      fake.language = 'en';
    }
    expect((cart.data.lines as unknown[]).length).toBe(1);
    expect(cart.data.placing).toBe(false);
  });

  it('asks for an address first when the shopper has none', async () => {
    for (const address of await myBook()) {
      await t.call(token(), { method: 'DELETE', url: `/api/v1/me/addresses/${address.id}` });
    }
    await (cart.onShow as () => Promise<void>).call(cart);
    await fake.idle();
    expect(cart.data.address).toBeNull();
    await tap(fake, cart, 'checkout');
    expect(cart.data.error).toBe('Add the address to deliver to first.');
    expect(cart.data.placing).toBe(false);
  });
});
