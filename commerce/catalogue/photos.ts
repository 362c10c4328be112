/**
 * Product photos: JPEG, PNG or WebP of at most 2 MB, their type read from the bytes (a client's
 * word for it is checked, not trusted), stored once per brand by SHA-256 and named in the product's
 * `images` by a URL of that hash, first the main one. The URL is the server's own path: the console
 * is served from it and the mini-program puts its API origin in front.
 */
import { createHash } from 'node:crypto';
import { fileTypeFromBuffer } from 'file-type';
import type { Tx } from '../../db/pool.js';
import { Conflict, Validation } from '../../server/errors.js';
import { getProduct, updateProduct } from './products.js';
import {
  PHOTO_MAX_BYTES,
  PHOTO_PATH,
  PHOTO_TYPES,
  type PhotoType,
  type PhotoUpload,
  PRODUCT_IMAGES_MAX,
  type Product,
} from './schemas.js';

export const photoUrl = (sha256: string) => `${PHOTO_PATH}${sha256}`;

const MB = 1024 * 1024;

/** The upload's bytes, once they are shown to be a photo of the type it says, of the size allowed. */
export async function photoBytes(upload: PhotoUpload): Promise<{ bytes: Buffer; type: PhotoType }> {
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
  return { bytes, type: found as PhotoType };
}

/**
 * Adds a photo to the brand's product, last unless it is to be the main one; the same photo again
 * moves rather than repeats. Undefined when the brand has no such product.
 */
export async function addPhoto(
  tx: Tx,
  tenantId: string,
  productId: string,
  photo: { bytes: Buffer; type: PhotoType },
  main: boolean,
): Promise<Product | undefined> {
  const product = await getProduct(tx, productId);
  if (!product) return undefined;
  const sha256 = createHash('sha256').update(photo.bytes).digest('hex');
  const url = photoUrl(sha256);
  const others = product.images.filter((image) => image !== url);
  if (others.length >= PRODUCT_IMAGES_MAX)
    throw Conflict(`A product keeps at most ${PRODUCT_IMAGES_MAX} photos: remove one first`);
  await tx.query(
    `INSERT INTO catalogue_photos (tenant_id, sha256, media_type, image) VALUES ($1, $2, $3, $4)
     ON CONFLICT (tenant_id, sha256) DO NOTHING`,
    [tenantId, sha256, photo.type, photo.bytes],
  );
  return updateProduct(tx, productId, { images: main ? [url, ...others] : [...others, url] });
}

/** Takes a photo off the brand's product; the bytes go too once no product of the brand shows them. */
export async function removePhoto(tx: Tx, productId: string, sha256: string): Promise<Product | undefined> {
  const product = await getProduct(tx, productId);
  if (!product) return undefined;
  const url = photoUrl(sha256);
  const updated = await updateProduct(tx, productId, {
    images: product.images.filter((image) => image !== url),
  });
  await tx.query(
    `DELETE FROM catalogue_photos WHERE sha256 = $1
       AND NOT EXISTS (SELECT 1 FROM catalogue_products WHERE $2 = ANY(images))`,
    [sha256, url],
  );
  return updated;
}

/** A photo by its hash, for anyone: the hash of bytes one does not have cannot be guessed. */
export async function photoByHash(
  tx: Tx,
  sha256: string,
): Promise<{ media_type: PhotoType; image: Buffer } | undefined> {
  const { rows } = await tx.query('SELECT media_type, image FROM public_catalogue_photo($1)', [sha256]);
  return rows[0];
}
