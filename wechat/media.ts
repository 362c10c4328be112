/**
 * WeChat's temporary media (`/cgi-bin/media/upload`): an image sent as multipart/form-data in the
 * field `media`, answered with a media_id that WeChat keeps for 3 days (a customer-service card's
 * thumbnail names one).
 */
import { callWithToken, type WechatApp, type WechatReply } from './access-token.js';

/** How long WeChat keeps temporary media. */
export const TEMP_MEDIA_TTL_S = 3 * 24 * 3600;

export interface MediaUpload extends WechatReply {
  type?: string;
  media_id?: string;
  created_at?: number;
}

/** Uploads a JPEG or PNG image; WeChat's refusal comes back as the reply's `errcode`. */
export function uploadTempImage(
  app: WechatApp,
  image: { bytes: Buffer; mediaType: 'image/jpeg' | 'image/png' },
): Promise<MediaUpload> {
  const form = new FormData();
  // WeChat reads the type from the file name's extension as well as the bytes.
  const name = image.mediaType === 'image/png' ? 'thumb.png' : 'thumb.jpg';
  form.append('media', new Blob([image.bytes], { type: image.mediaType }), name);
  return callWithToken<MediaUpload>(
    app,
    '/cgi-bin/media/upload',
    { method: 'POST', body: form },
    { type: 'image' },
  );
}
