/**
 * A shopper's address book end to end: add, list, change, choose the default, delete; one default
 * whenever any address is kept; another shopper can neither see nor change them; bad fields named;
 * the cap.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../db/seed.js';
import { ADDRESS_BOOK_MAX } from '../members/schemas.js';
import { startTestApp, type TestApp } from './support/app.js';
import { signInShopper } from './support/shoppers.js';

let t: TestApp;
let mine: string;
let theirs: string;

const call: TestApp['api'] = (...request) => t.api(...request);

const HOME = {
  contact_name: '李伟',
  phone: '13900000001',
  address: '上海市黄浦区人民大道200号',
  door: '5楼 502室',
  lat: 31.2304,
  lng: 121.4737,
};
const OFFICE = {
  contact_name: 'Li Wei',
  phone: '+86 139 0000 0002',
  address: '上海市静安区南京西路1601号',
  lat: 31.2243,
  lng: 121.4468,
};

const book = async (token: string) =>
  (await call(token, 'GET', '/me/addresses')).json() as { id: string; is_default: boolean; door: string }[];

beforeAll(async () => {
  t = await startTestApp();
  await seedDemo(t.db);
  mine = (await signInShopper(t, 'addresses-mine', {})).token;
  theirs = (await signInShopper(t, 'addresses-theirs', {})).token;
});
afterAll(async () => t?.close());

describe('my address book', () => {
  let home: string;
  let office: string;

  it('makes my first address the default, and keeps it when I add another', async () => {
    expect(await book(mine)).toEqual([]);
    const added = await call(mine, 'POST', '/me/addresses', HOME);
    expect(added.statusCode, added.body).toBe(201);
    expect(added.json()).toMatchObject({ ...HOME, is_default: true });
    home = added.json().id;
    const second = await call(mine, 'POST', '/me/addresses', OFFICE);
    expect(second.json()).toMatchObject({ ...OFFICE, door: '', is_default: false });
    office = second.json().id;
    expect((await book(mine)).map((a) => [a.id, a.is_default])).toEqual([
      [home, true],
      [office, false],
    ]);
  });

  it('changes an address as a whole', async () => {
    const changed = await call(mine, 'PUT', `/me/addresses/${office}`, { ...OFFICE, door: '12F' });
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.json()).toMatchObject({ ...OFFICE, door: '12F', is_default: false });
    const cleared = await call(mine, 'PUT', `/me/addresses/${office}`, OFFICE);
    expect(cleared.json().door).toBe('');
  });

  it('has exactly one default: the one I choose, then another when I delete it', async () => {
    const chosen = await call(mine, 'POST', `/me/addresses/${office}/default`);
    expect(chosen.statusCode, chosen.body).toBe(200);
    expect(chosen.json()).toMatchObject({ id: office, is_default: true });
    expect((await book(mine)).map((a) => [a.id, a.is_default])).toEqual([
      [office, true],
      [home, false],
    ]);
    expect((await call(mine, 'DELETE', `/me/addresses/${office}`)).statusCode).toBe(204);
    expect((await book(mine)).map((a) => [a.id, a.is_default])).toEqual([[home, true]]);
    expect((await call(mine, 'DELETE', `/me/addresses/${office}`)).statusCode).toBe(404);
  });

  it('is nobody else’s to see or change', async () => {
    expect(await book(theirs)).toEqual([]);
    for (const [method, url, body] of [
      ['PUT', `/me/addresses/${home}`, { ...HOME, address: 'hijacked' }],
      ['POST', `/me/addresses/${home}/default`, undefined],
      ['DELETE', `/me/addresses/${home}`, undefined],
    ] as const) {
      const refused = await call(theirs, method, url, body);
      expect(refused.statusCode, `${method} ${url}`).toBe(404);
    }
    expect(await book(mine)).toMatchObject([{ id: home, address: HOME.address, is_default: true }]);
  });

  it('is the shopper’s own: staff have none', async () => {
    const admin = await t.login('admin@freshmart.demo', 'freshmart-demo');
    expect((await call(admin, 'GET', '/me/addresses')).statusCode).toBe(403);
  });
});

describe('a bad address', () => {
  it('is refused, naming the field', async () => {
    const { lat: _lat, ...unpinned } = HOME;
    for (const [body, field] of [
      [{ ...HOME, phone: 'call me' }, 'phone'],
      [{ ...HOME, contact_name: '' }, 'contact_name'],
      [{ ...HOME, address: 'x'.repeat(440) }, 'address'],
      [{ ...HOME, door: 'x'.repeat(61) }, 'door'],
      [{ ...HOME, lng: 181 }, 'lng'],
      [unpinned, 'lat'],
      [{ ...HOME, is_default: true }, 'is_default'],
    ] as const) {
      const refused = await call(mine, 'POST', '/me/addresses', body);
      expect(refused.statusCode, field).toBe(400);
      expect(refused.json()).toMatchObject({ code: 'SS_ERR_VALIDATION', field });
    }
  });

  it("takes an address and its door that together fill an order's address line", async () => {
    const longest = { ...HOME, address: 'x'.repeat(439), door: 'y'.repeat(60) };
    const added = await call(theirs, 'POST', '/me/addresses', longest);
    expect(added.statusCode, added.body).toBe(201);
    expect(`${longest.address} ${longest.door}`.length).toBe(500);
    expect((await call(theirs, 'DELETE', `/me/addresses/${added.json().id}`)).statusCode).toBe(204);
  });
});

describe('a full address book', () => {
  it(`holds ${ADDRESS_BOOK_MAX} addresses, then refuses another until one goes`, async () => {
    const full = await signInShopper(t, 'addresses-full', {});
    for (let i = 0; i < ADDRESS_BOOK_MAX; i++) {
      const added = await call(full.token, 'POST', '/me/addresses', { ...OFFICE, door: `${i + 1}F` });
      expect(added.statusCode, added.body).toBe(201);
    }
    const refused = await call(full.token, 'POST', '/me/addresses', OFFICE);
    expect(refused.statusCode).toBe(409);
    expect(refused.json()).toMatchObject({
      code: 'SS_ERR_ADDRESS_BOOK_FULL',
      message: expect.stringContaining(String(ADDRESS_BOOK_MAX)),
    });
    const [first] = await book(full.token);
    await call(full.token, 'DELETE', `/me/addresses/${first!.id}`);
    expect((await call(full.token, 'POST', '/me/addresses', OFFICE)).statusCode).toBe(201);
    const kept = await book(full.token);
    expect(kept.length).toBe(ADDRESS_BOOK_MAX);
    expect(kept.filter((a) => a.is_default).length).toBe(1);
  });
});
