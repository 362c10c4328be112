/**
 * A photo's thumbnail, what a 40–80 px tile draws (the console's product list, the mini-program's
 * lists): a few KB where the photo may be 2 MB on a shopper's mobile data. At most 320 px on the long
 * side (an 80 px tile on a 4× screen), turned upright as its EXIF says, its metadata left behind
 * (sharp copies none unless asked). JPEG, not WebP: WeChat's <image> draws WebP only when told to.
 */
import sharp from 'sharp';

export const THUMBNAIL_TYPE = 'image/jpeg';
const LONG_SIDE_PX = 320;
/** A 50 MP camera's photo: 2 MB claiming more pixels is built to fill memory, not to be looked at. */
const MAX_PIXELS = 50_000_000;

/** Throws when sharp cannot read the image (truncated, corrupt, too many pixels). */
export function makeThumbnail(photo: Buffer): Promise<Buffer> {
  return sharp(photo, { failOn: 'truncated', limitInputPixels: MAX_PIXELS })
    .autoOrient()
    .resize(LONG_SIDE_PX, LONG_SIDE_PX, { fit: 'inside', withoutEnlargement: true })
    .flatten({ background: '#ffffff' }) // JPEG has no transparency: a PNG's clear parts go white
    .jpeg({ quality: 80, mozjpeg: true })
    .toBuffer();
}
