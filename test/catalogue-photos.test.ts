/**
 * Product photos over HTTP: uploaded by the catalogue's editors, the type read from the bytes, at
 * most 2 MB (a larger body refused by fastify with the same clear body), served by hash to anyone
 * with an immutable Cache-Control, first the main one; taken off again; another brand neither adds
 * one to the product nor reaches it through the product. Its thumbnail (?size=thumb): a JPEG of at
 * most 320 px on the long side, upright, without the photo's metadata; made on first asking for a
 * photo kept without one; an image sharp cannot read refused at upload.
 */
import { createHash } from 'node:crypto';
import QRCode from 'qrcode';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, seedDemo } from '../db/seed.js';
import { startTestApp, type TestApp } from './support/app.js';

let t: TestApp;
let tenantId: string;
let admin: string;
let marketer: string;
let otherBrand: string;
let product: { id: string; images: string[] };

/** A real PNG of its own: a QR code of the words. */
const png = (words: string) => QRCode.toBuffer(words, { type: 'png' });
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
const upload = (token: string, productId: string, payload: object) =>
  t.api(token, 'POST', `/catalogue/products/${productId}/photos`, payload);
const asPng = (bytes: Buffer, more: object = {}) => ({
  media_type: 'image/png',
  image_base64: bytes.toString('base64'),
  ...more,
});
const photo = (url: string) => t.call(undefined, { method: 'GET', url });
/** A camera's JPEG of its own: 1200 × 800 as stored, with EXIF saying to turn it a quarter right. */
const cameraJpeg = () =>
  sharp({ create: { width: 1200, height: 800, channels: 3, background: '#3b82f6' } })
    .composite([
      { input: { create: { width: 300, height: 800, channels: 3, background: '#f59e0b' } }, left: 0, top: 0 },
    ])
    .withExif({ IFD0: { Make: 'Test camera' } })
    .withMetadata({ orientation: 6 })
    .jpeg({ quality: 95 })
    .toBuffer();

beforeAll(async () => {
  t = await startTestApp();
  ({ tenantId } = await seedDemo(t.db));
  admin = await t.login('admin@freshmart.demo', DEMO_PASSWORD);
  marketer = await t.login('marketing@freshmart.demo', DEMO_PASSWORD);
  ({ admin: otherBrand } = await t.addBrand({
    slug: 'photo-b',
    name: 'Brand B',
    admin: { email: 'admin@photo-b.test', name: 'B Admin', password: 'b-password' },
  }));
  const created = await t.api(
    admin,
    'POST',
    '/catalogue/products',
    { name: '照片燕麦奶', skus: [{ code: 'PHOTO-OAT-1L', name: '1L', price_cents: 1990 }] },
    'photos-oat',
  );
  expect(created.statusCode).toBe(201);
  product = created.json();
});
afterAll(async () => t?.close());

describe('a product photo', () => {
  it('is uploaded by an editor and served by its hash to anyone, for good', async () => {
    const bytes = await png('carton, front');
    const answer = await upload(marketer, product.id, asPng(bytes));
    expect(answer.statusCode).toBe(200);
    const url = `/api/v1/catalogue/photos/${sha256(bytes)}`;
    expect(answer.json().images).toEqual([url]);

    const served = await photo(url);
    expect(served.statusCode).toBe(200);
    expect(served.headers['content-type']).toBe('image/png');
    expect(served.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(served.rawPayload.equals(bytes)).toBe(true);

    const line = (await t.api(admin, 'GET', '/catalogue/products?q=PHOTO-OAT-1L')).json().lines[0];
    expect(line).toMatchObject({ code: 'PHOTO-OAT-1L', image: url });
  });

  it('goes first when it is the main one, and the same photo again moves rather than repeats', async () => {
    const front = `/api/v1/catalogue/photos/${sha256(await png('carton, front'))}`;
    const side = await png('carton, side');
    const sideUrl = `/api/v1/catalogue/photos/${sha256(side)}`;
    expect((await upload(admin, product.id, asPng(side))).json().images).toEqual([front, sideUrl]);
    const again = await upload(admin, product.id, asPng(side, { main: true }));
    expect(again.json().images).toEqual([sideUrl, front]);
    const found = await t.api(admin, 'GET', `/catalogue/search?q=${encodeURIComponent('照片燕麦奶')}`);
    expect(found.json()[0].images[0]).toBe(sideUrl);
  });

  it('refuses a type that is not a photo, bytes that are not an image, and a type the bytes deny', async () => {
    const bytes = await png('carton, back');
    const gif = await upload(admin, product.id, { ...asPng(bytes), media_type: 'image/gif' });
    expect(gif.statusCode).toBe(400);
    expect(gif.json()).toMatchObject({ code: 'SS_ERR_VALIDATION', field: 'media_type' });

    const text = await upload(admin, product.id, asPng(Buffer.from('not a photo at all, only words')));
    expect(text.statusCode).toBe(400);
    expect(text.json()).toMatchObject({ code: 'SS_ERR_VALIDATION', field: 'image_base64' });
    expect(text.json().message).toContain('not a JPEG, PNG or WebP image');

    const claimed = await upload(admin, product.id, { ...asPng(bytes), media_type: 'image/jpeg' });
    expect(claimed.statusCode).toBe(400);
    expect(claimed.json()).toMatchObject({ field: 'media_type' });
    expect(claimed.json().message).toContain('image/png');
  });

  it('refuses more than 2 MB, and a body over the limit with the same words', async () => {
    const over = Buffer.concat([await png('big'), Buffer.alloc(2 * 1024 * 1024)]);
    const big = await upload(admin, product.id, asPng(over));
    expect(big.statusCode).toBe(400);
    expect(big.json()).toMatchObject({ code: 'SS_ERR_VALIDATION', field: 'image_base64' });
    expect(big.json().message).toContain('at most 2 MB');

    const huge = await upload(admin, product.id, asPng(Buffer.alloc(3 * 1024 * 1024)));
    expect(huge.statusCode).toBe(413);
    expect(huge.json()).toMatchObject({ code: 'SS_ERR_PHOTO_TOO_LARGE', field: 'image_base64' });
    expect(huge.json().message).toContain('at most 2 MB');

    expect((await t.api(admin, 'GET', `/catalogue/products/${product.id}`)).json().images).toHaveLength(2);
  });

  it('is refused to a role that may not edit the catalogue', async () => {
    const manager = await t.login('manager.sh001@freshmart.demo', DEMO_PASSWORD);
    const clerk = await t.login('clerk.sh001@freshmart.demo', DEMO_PASSWORD);
    for (const token of [manager, clerk]) {
      const answer = await upload(token, product.id, asPng(await png('not theirs')));
      expect(answer.statusCode).toBe(403);
      expect(answer.json().code).toBe('SS_ERR_FORBIDDEN');
    }
  });

  it('is neither added nor reached nor taken off by another brand', async () => {
    const theirs = await upload(otherBrand, product.id, asPng(await png('their carton')));
    expect(theirs.statusCode).toBe(404);
    expect((await t.api(otherBrand, 'GET', `/catalogue/products/${product.id}`)).statusCode).toBe(404);
    const [main] = (await t.api(admin, 'GET', `/catalogue/products/${product.id}`)).json().images;
    const hash = main.split('/').pop();
    const off = await t.api(otherBrand, 'DELETE', `/catalogue/products/${product.id}/photos/${hash}`);
    expect(off.statusCode).toBe(404);
    expect((await t.api(admin, 'GET', `/catalogue/products/${product.id}`)).json().images[0]).toBe(main);
  });

  it('is named in images only as the brand uploaded it, and goes when an edit takes it off', async () => {
    const [main, other] = (await t.api(admin, 'GET', `/catalogue/products/${product.id}`)).json().images;
    const unknown = `/api/v1/catalogue/photos/${'0'.repeat(64)}`;
    const refused = await t.api(admin, 'PATCH', `/catalogue/products/${product.id}`, {
      images: [main, unknown],
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.json()).toMatchObject({ code: 'SS_ERR_VALIDATION', field: 'images.1' });
    const theirs = await t.api(otherBrand, 'POST', '/catalogue/products', {
      name: '别家燕麦奶',
      images: [main],
      skus: [{ code: 'B-OAT', price_cents: 100 }],
    });
    expect(theirs.statusCode).toBe(400);
    expect(theirs.json().field).toBe('images.0');

    // Another product shows the same photo: taken off one, it is still served for the other.
    const twin = await t.api(
      admin,
      'POST',
      '/catalogue/products',
      { name: '照片燕麦奶 双包', images: [other], skus: [{ code: 'PHOTO-OAT-2X1L', price_cents: 3800 }] },
      'photos-twin',
    );
    expect(twin.statusCode, twin.body).toBe(201);
    const swapped = await t.api(admin, 'PATCH', `/catalogue/products/${product.id}`, { images: [main] });
    expect(swapped.json().images).toEqual([main]);
    expect((await photo(other)).statusCode).toBe(200);
    const dropped = await t.api(admin, 'PATCH', `/catalogue/products/${twin.json().id}`, { images: [] });
    expect(dropped.statusCode).toBe(200);
    expect((await photo(other)).statusCode).toBe(404);
  });

  it('is taken off its product, and no longer served once no product shows it', async () => {
    const [main] = (await t.api(admin, 'GET', `/catalogue/products/${product.id}`)).json().images;
    const off = await t.api(
      admin,
      'DELETE',
      `/catalogue/products/${product.id}/photos/${main.split('/').pop()}`,
    );
    expect(off.statusCode).toBe(200);
    expect(off.json().images).toEqual([]);
    expect((await photo(main)).statusCode).toBe(404);
  });
});

describe('a photo’s thumbnail', () => {
  let shelf: { id: string };
  beforeAll(async () => {
    const created = await t.api(
      admin,
      'POST',
      '/catalogue/products',
      { name: '缩略图燕麦奶', skus: [{ code: 'THUMB-OAT-1L', price_cents: 1990 }] },
      'photos-thumb',
    );
    expect(created.statusCode, created.body).toBe(201);
    shelf = created.json();
  });

  it('is a JPEG of at most 320 px on the long side, upright and without the camera’s metadata', async () => {
    const jpeg = await cameraJpeg();
    const camera = await sharp(jpeg).metadata();
    expect(camera).toMatchObject({ width: 1200, height: 800, orientation: 6 });
    expect(camera.exif?.includes('Test camera')).toBe(true);
    const added = await upload(admin, shelf.id, {
      media_type: 'image/jpeg',
      image_base64: jpeg.toString('base64'),
    });
    expect(added.statusCode, added.body).toBe(200);
    const url = `/api/v1/catalogue/photos/${sha256(jpeg)}`;

    const thumb = await photo(`${url}?size=thumb`);
    expect(thumb.statusCode).toBe(200);
    expect(thumb.headers['content-type']).toBe('image/jpeg');
    expect(thumb.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    const meta = await sharp(thumb.rawPayload).metadata();
    // Turned as the EXIF said: the long side stands.
    expect(meta).toMatchObject({ format: 'jpeg', width: 213, height: 320 });
    expect(meta.orientation).toBeUndefined();
    expect(meta.exif).toBeUndefined();
    // The stripe on the photo's left is at the top once turned a quarter right.
    const { data } = await sharp(thumb.rawPayload).raw().toBuffer({ resolveWithObject: true });
    expect([...data.subarray(0, 3)].map((c) => Math.round(c / 16))).toEqual([15, 10, 1]);
    expect(thumb.rawPayload.length).toBeLessThan(jpeg.length);

    // The whole photo is still there without size.
    expect((await photo(url)).rawPayload.equals(jpeg)).toBe(true);
  });

  it('of a PNG is a JPEG too, and one already small is not enlarged', async () => {
    for (const [width, side] of [
      [640, 320],
      [200, 200],
    ]) {
      const bytes = await QRCode.toBuffer(`thumb ${width}`, { type: 'png', width });
      expect((await upload(admin, shelf.id, asPng(bytes))).statusCode).toBe(200);
      const thumb = await photo(`/api/v1/catalogue/photos/${sha256(bytes)}?size=thumb`);
      expect(thumb.headers['content-type']).toBe('image/jpeg');
      expect(await sharp(thumb.rawPayload).metadata()).toMatchObject({
        format: 'jpeg',
        width: side,
        height: side,
      });
    }
  });

  it('is asked for by size=thumb only, of a photo that is kept', async () => {
    const [main] = (await t.api(admin, 'GET', `/catalogue/products/${shelf.id}`)).json().images;
    const big = await photo(`${main}?size=large`);
    expect(big.statusCode).toBe(400);
    expect(big.json()).toMatchObject({ code: 'SS_ERR_VALIDATION', field: 'size' });
    const unknown = await photo(`/api/v1/catalogue/photos/${'0'.repeat(64)}?size=thumb`);
    expect(unknown.statusCode).toBe(404);
  });

  it('of a photo kept before thumbnails is made on first asking, and kept', async () => {
    const bytes = await QRCode.toBuffer('kept before thumbnails', { type: 'png', width: 480 });
    expect((await upload(admin, shelf.id, asPng(bytes))).statusCode).toBe(200);
    const hash = sha256(bytes);
    const stored = (sql: string) =>
      t.db.tenant(tenantId, async (tx) => (await tx.query(sql, [hash])).rows[0]);
    await stored('UPDATE catalogue_photos SET thumbnail = NULL WHERE sha256 = $1 RETURNING sha256');

    const thumb = await photo(`/api/v1/catalogue/photos/${hash}?size=thumb`);
    expect(thumb.statusCode).toBe(200);
    expect(thumb.headers['content-type']).toBe('image/jpeg');
    expect(await sharp(thumb.rawPayload).metadata()).toMatchObject({ width: 320, height: 320 });
    const kept = await stored('SELECT thumbnail FROM catalogue_photos WHERE sha256 = $1');
    expect(kept.thumbnail.equals(thumb.rawPayload)).toBe(true);
  });

  it('cannot be made of an image sharp cannot read: refused at upload, naming the field', async () => {
    const before = (await t.api(admin, 'GET', `/catalogue/products/${shelf.id}`)).json().images;
    const png = await QRCode.toBuffer('cut short', { type: 'png', width: 300 });
    const jpeg = await cameraJpeg();
    for (const [media_type, whole] of [
      ['image/png', png],
      ['image/jpeg', jpeg],
    ] as const) {
      // The magic bytes are right: only reading the rest tells.
      const cut = whole.subarray(0, Math.floor(whole.length / 2));
      const refused = await upload(admin, shelf.id, { media_type, image_base64: cut.toString('base64') });
      expect(refused.statusCode, media_type).toBe(400);
      expect(refused.json()).toMatchObject({ code: 'SS_ERR_VALIDATION', field: 'image_base64' });
      expect(refused.json().message).toContain('is not an image that can be read');
      expect((await photo(`/api/v1/catalogue/photos/${sha256(cut)}`)).statusCode).toBe(404);
    }
    expect((await t.api(admin, 'GET', `/catalogue/products/${shelf.id}`)).json().images).toEqual(before);
  });
});
