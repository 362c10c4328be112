/**
 * What stands for a product on the shopper's screen: its main photo, or without one a tile in its
 * category's colour with the first character of its name, so a list of products without photos (the
 * demo catalogue's) still reads at a glance. Drawn by templates/product-picture.wxml, small: the
 * photo's thumbnail, a few KB of the shopper's mobile data where the photo may be 2 MB. The product's
 * own page shows its photos whole.
 */
import { thumbnailUrl } from '../../../commerce/catalogue/photo-url.js';
import { config } from './config';

export interface Picture {
  /** The full URL of the photo's thumbnail; empty: draw the tile. */
  photo: string;
  letter: string;
  colour: string;
}

/** Strong enough behind a white letter, apart enough to tell the shelves apart. */
const CATEGORY_COLOURS = [
  '#2e7d32',
  '#1565c0',
  '#ef6c00',
  '#6a1b9a',
  '#c62828',
  '#00838f',
  '#ad1457',
  '#5d4037',
];
const NO_CATEGORY = '#8a8f99';

/** The same category the same colour on every screen and every phone. */
function colourOf(categoryId: string | null | undefined): string {
  if (!categoryId) return NO_CATEGORY;
  let hash = 0;
  for (const c of categoryId) hash = (hash * 31 + c.charCodeAt(0)) % 1_000_003;
  return CATEGORY_COLOURS[hash % CATEGORY_COLOURS.length]!;
}

/** The server names its own photos by path (/api/v1/catalogue/photos/…): the phone asks its origin. */
const fullUrl = (image: string) => (image.startsWith('/') ? `${config.apiBase}${image}` : image);

export function pictureOf(product: {
  name: string;
  /** The main photo, if the product has one. */
  image?: string | null | undefined;
  category_id?: string | null | undefined;
}): Picture {
  return {
    photo: product.image ? fullUrl(thumbnailUrl(product.image)) : '',
    // By code point: a Chinese name's first character, not half of one.
    letter: (Array.from(product.name.trim())[0] ?? '?').toUpperCase(),
    colour: colourOf(product.category_id),
  };
}

/** Every photo of a product, whole: what its own page swipes through. */
export const photosOf = (images: readonly string[]) => images.map(fullUrl);
