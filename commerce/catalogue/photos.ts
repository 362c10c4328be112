/**
 * Product photos: JPEG, PNG or WebP of at most 2 MB, their type read from the bytes (a client's
 * word for it is checked, not trusted) and read whole by sharp to make their thumbnail, stored once
 * per brand by SHA-256 and named in the product's `images` by a URL of that hash (products.ts adds
 * and removes them), kept while a product of the brand shows them. The URL is the server's own path:
 * the console is served from it and the mini-program puts its API origin in front.
 */
import { createHash } from 'node:crypto';
import { fileTypeFromBuffer } from 'file-type';
import type { Db, Tx } from '../../db/pool.js';
import { Validation } from '../../server/errors.js';
import { PHOTO_PATH, photoUrl } from './photo-url.js';
import { PHOTO_MAX_BYTES, PHOTO_TYPES, type PhotoType, type PhotoUpload } from './schemas.js';
import { makeThumbnail, THUMBNAIL_TYPE } from './thumbnails.js';

const MB = 1024 * 1024;

/** An uploaded photo, shown to be one, with the thumbnail made from it. */
export interface Photo {
  bytes: Buffer;
  type: PhotoType;
  thumbnail: Buffer;
}

/** What the photo URLs answer with. */
export interface ServedImage {
  media_type: string;
  image: Buffer;
}

/** The upload's bytes, once they are shown to be a photo of the type it says, of the size allowed. */
export async function photoBytes(upload: PhotoUpload): Promise<Photo> {
  const bytes = Buffer.from(upload.image_base64, 'base64');
  if (bytes.length > PHOTO_MAX_BYTES)
    throw Validation(
      'image_base64',
      `is ${(bytes.length / MB).toFixed(1)} MB: a photo may be at most ${PHOTO_MAX_BYTES / MB} MB`,
    );
  const found = (await fileTypeFromBuffer(bytes))?.mime;
  if (!(PHOTO_TYPES as readonly string[]).includes(found ?? ''))
    throw Validation('image_base64', `is not a JPEG, PNG or WebP image${found ? ` (it is ${found})` : ''}`);
  if (found !== upload.media_type)
    throw Validation('media_type', `is ${upload.media_type} but the image is ${found}`);
  // The first bytes looked right; the rest may still be cut short or broken.
  const thumbnail = await makeThumbnail(bytes).catch((error: Error) => {
    throw Validation('image_base64', `is not an image that can be read (${error.message.trim()})`);
  });
  return { bytes, type: found as PhotoType, thumbnail };
}

/** Keeps the photo for the brand (once, however many products show it); answers its URL. */
export async function storePhoto(tx: Tx, tenantId: string, photo: Photo): Promise<string> {
  const sha256 = createHash('sha256').update(photo.bytes).digest('hex');
  await tx.query(
    `INSERT INTO catalogue_photos (tenant_id, sha256, media_type, image, thumbnail) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (tenant_id, sha256) DO UPDATE
       SET thumbnail = coalesce(catalogue_photos.thumbnail, EXCLUDED.thumbnail)`,
    [tenantId, sha256, photo.type, photo.bytes, photo.thumbnail],
  );
  return photoUrl(sha256);
}

/** The hash in one of the server's own photo URLs; undefined for any other image URL. */
export const hashOf = (image: string) =>
  image.startsWith(PHOTO_PATH) ? image.slice(PHOTO_PATH.length) : undefined;

/** A product's images may name the server's own photos only as the brand has uploaded them. */
export async function requireStoredPhotos(tx: Tx, images: readonly string[]): Promise<void> {
  const hashes = images.map(hashOf);
  const { rows } = await tx.query<{ sha256: string }>(
    'SELECT sha256 FROM catalogue_photos WHERE sha256 = ANY($1::text[])',
    [hashes.filter(Boolean)],
  );
  const stored = new Set(rows.map((r) => r.sha256));
  const missing = hashes.findIndex((hash) => hash !== undefined && !stored.has(hash));
  if (missing >= 0) throw Validation(`images.${missing}`, 'is a photo this brand has not uploaded');
}

/** Of these images taken off a product, the brand's own photos that no product shows any more go. */
export async function forgetUnshownPhotos(tx: Tx, images: readonly string[]): Promise<void> {
  const hashes = images.map(hashOf).filter(Boolean);
  if (hashes.length === 0) return;
  await tx.query(
    `DELETE FROM catalogue_photos f WHERE f.sha256 = ANY($1::text[])
       AND NOT EXISTS (SELECT 1 FROM catalogue_products p WHERE $2 || f.sha256 = ANY(p.images))`,
    [hashes, PHOTO_PATH],
  );
}

/** A photo by its hash, for anyone: the hash of bytes one does not have cannot be guessed. */
export async function photoByHash(tx: Tx, sha256: string): Promise<ServedImage | undefined> {
  const { rows } = await tx.query('SELECT media_type, image FROM public_catalogue_photo($1)', [sha256]);
  return rows[0];
}

/**
 * A photo's thumbnail by its hash, for anyone. A photo kept before thumbnails were made at upload has
 * its own made on the first asking and kept for the next (outside a transaction: sharp takes a
 * moment); one sharp cannot read is served whole, as it was before.
 */
export async function thumbnailByHash(db: Db, sha256: string): Promise<ServedImage | undefined> {
  const found = await db.anonymous(async (tx) => {
    const { rows } = await tx.query<
      | { thumbnail: Buffer; media_type: string; image: null }
      | { thumbnail: null; media_type: string; image: Buffer }
    >('SELECT thumbnail, media_type, image FROM public_catalogue_thumbnail($1)', [sha256]);
    return rows[0];
  });
  if (!found) return undefined;
  if (found.thumbnail) return { media_type: THUMBNAIL_TYPE, image: found.thumbnail };
  const thumbnail = await makeThumbnail(found.image).catch(() => undefined);
  if (!thumbnail) return { media_type: found.media_type, image: found.image };
  await db.anonymous((tx) => tx.query('SELECT keep_catalogue_thumbnail($1, $2)', [sha256, thumbnail]));
  return { media_type: THUMBNAIL_TYPE, image: thumbnail };
}
