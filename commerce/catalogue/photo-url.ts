/**
 * Where the server serves a product photo, and its thumbnail for a small tile. Pure and ES2019-clean:
 * the console and the mini-program bundle it, so every tile asks for the thumbnail the same way.
 */
export const PHOTO_PATH = '/api/v1/catalogue/photos/';

/** The `size` a photo's URL may ask for: `thumb`, at most 320 px on the long side (photos.ts). */
export const THUMBNAIL_SIZE = 'thumb';

export const photoUrl = (sha256: string) => `${PHOTO_PATH}${sha256}`;

/** What a tile draws: the server's own photo's thumbnail; an image from elsewhere has none, so as it is. */
export const thumbnailUrl = (image: string) =>
  image.startsWith(PHOTO_PATH) ? `${image}?size=${THUMBNAIL_SIZE}` : image;
