/**
 * The cart kept on the server as well as the phone, against the real server: sent shortly after the
 * shopper changes it; taken on another phone the shopper signs in on, at the prices of the moment; a
 * change made on another phone taken at the next launch, while a change this phone has not sent yet
 * is sent instead (the shopper is on this phone); the app syncs each time it comes to the front.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { TestApp } from '../../test/support/app.js';
import type { SearchHit } from '../src/lib/api';
import { api } from '../src/lib/api';
import { addToCart, keepCart, readCart, setQuantity, syncCart } from '../src/lib/cart';
import type { Session } from '../src/lib/session';
import { shopUnderTest } from './support/shop';
import type { FakeWx } from './support/wx-fake';

let t: TestApp;
let fake: FakeWx;
let storeId: string;
let oat: SearchHit;
let water: SearchHit;

/** What the server keeps for the shopper, as lines of code and quantity. */
const onServer = async () => {
  const token = (fake.storage.get('ss.session') as Session).token;
  const kept = (await t.api(token, 'GET', '/me/cart')).json();
  return kept.lines.map((l: { code: string; qty: number }) => `${l.code}×${l.qty}`);
};
const onPhone = () => readCart().lines.map((l) => `${l.code}×${l.qty}`);

/** The phone's storage as it stands, to put back as if the shopper picked that phone up again. */
const phone = () => new Map(fake.storage);
const pickUp = (storage: Map<string, unknown>) => {
  fake.storage.clear();
  for (const [key, value] of storage) fake.storage.set(key, value);
};

beforeAll(async () => {
  ({ t, fake } = await shopUnderTest());
  fake.loginCode = 'cart-sync-shopper';
  const stores = await api.nearbyStores(31.2381, 121.4829, 'freshmart');
  storeId = stores.find((s) => s.code === 'SH001')!.id;
  oat = (await api.search(storeId, 'DRY-005'))[0]!;
  water = (await api.search(storeId, 'DRK-001'))[0]!;
});
afterAll(async () => {
  await t?.close();
});

describe('the cart', () => {
  it('is kept on the server shortly after the shopper changes it', async () => {
    addToCart(storeId, oat);
    addToCart(storeId, oat);
    addToCart(storeId, water);
    await vi.waitFor(async () => expect(await onServer()).toEqual(['DRY-005×2', 'DRK-001×1']), {
      timeout: 5000,
    });
  });

  it('follows the shopper to another phone, named and priced', async () => {
    const first = phone();
    fake.storage.clear();
    expect(onPhone()).toEqual([]);
    const taken = await syncCart();
    expect(taken.storeId).toBe(storeId);
    expect(onPhone()).toEqual(['DRY-005×2', 'DRK-001×1']);
    expect(readCart().lines[0]).toMatchObject({
      name: expect.stringMatching(/燕麦奶/),
      unit_cents: oat.unit_cents,
    });

    // On this second phone the shopper takes five bottles of water; back on the first, that is the cart.
    setQuantity(water.sku_id, 5);
    await keepCart();
    const second = phone();
    pickUp(first);
    expect(onPhone()).toEqual(['DRY-005×2', 'DRK-001×1']);
    await syncCart();
    expect(onPhone()).toEqual(['DRY-005×2', 'DRK-001×5']);

    // A change the first phone has not sent yet is sent at its next launch, over the second phone's.
    setQuantity(oat.sku_id, 1);
    await syncCart();
    expect(await onServer()).toEqual(['DRY-005×1', 'DRK-001×5']);
    pickUp(second);
    await syncCart();
    expect(onPhone()).toEqual(['DRY-005×1', 'DRK-001×5']);
  });

  it('is brought in line each time the mini-program comes to the front', async () => {
    const token = (fake.storage.get('ss.session') as Session).token;
    const elsewhere = await t.api(token, 'PUT', '/me/cart', {
      store_id: storeId,
      lines: [{ sku_id: water.sku_id, qty: 2 }],
    });
    expect(elsewhere.statusCode, elsewhere.body).toBe(200);
    await import('../src/app');
    await vi.waitFor(() => expect(onPhone()).toEqual(['DRK-001×2']));
  });
});
