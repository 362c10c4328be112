/**
 * The thumbnail of a product card as WeChat names it: a temporary media_id, uploaded once per photo
 * (the catalogue's thumbnail, a JPEG of at most 320 px) or for the plain card of a product without
 * one, and kept on Redis for every server process until shortly before WeChat forgets it (3 days).
 */
import type { FastifyInstance } from 'fastify';
import sharp from 'sharp';
import { thumbnailByHash } from '../commerce/index.js';
import { TEMP_MEDIA_TTL_S, uploadTempImage, type WechatApp } from '../wechat/index.js';
import type { Undelivered } from './messages.js';

/** A media_id is not handed on in its last hour: the card may reach WeChat a moment later. */
const KEEP_S = TEMP_MEDIA_TTL_S - 3600;

/** WeChat's suggested card image size (5:4), in the catalogue's off-white. */
let plainCard: Promise<Buffer> | undefined;
const plainCardImage = () =>
  (plainCard ??= sharp({ create: { width: 520, height: 416, channels: 3, background: '#f3f1ea' } })
    .png()
    .toBuffer());

async function thumbImage(app: FastifyInstance, photo: string | null) {
  const served = photo ? await thumbnailByHash(app.db, photo) : undefined;
  // A photo sharp could not read is served as uploaded, and may be WebP, which WeChat does not take.
  if (served && (served.media_type === 'image/jpeg' || served.media_type === 'image/png'))
    return { bytes: served.image, mediaType: served.media_type } as const;
  return { bytes: await plainCardImage(), mediaType: 'image/png' } as const;
}

/** The media_id of the card's thumbnail for `photo` (a SHA-256, or null: the plain card), or why none. */
export async function cardThumb(
  app: FastifyInstance,
  wechat: WechatApp,
  photo: string | null,
): Promise<{ media_id: string } | Undelivered> {
  const key = `wechat:card-thumb:${wechat.appid}:${photo ?? 'plain'}`;
  const kept = await app.redis.get(key);
  if (kept) return { media_id: kept };
  const uploaded = await uploadTempImage(wechat, await thumbImage(app, photo));
  if (!uploaded.media_id)
    return { errcode: uploaded.errcode ?? -1, errmsg: uploaded.errmsg ?? 'no media_id' };
  await app.redis.set(key, uploaded.media_id, 'EX', KEEP_S);
  return { media_id: uploaded.media_id };
}
