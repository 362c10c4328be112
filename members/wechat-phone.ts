/**
 * The shopper's phone number as WeChat vouches for it: the mini-program's
 * `<button open-type="getPhoneNumber">` gives a one-time code, which the back end trades at
 * `/wxa/business/getuserphonenumber` for the number bound to the shopper's WeChat account. What a
 * till card is claimed with: its number is printed on it and a phone can be guessed, so the phone
 * must be proven. Without WeChat credentials (demo mode, as `npm start` runs) nothing can vouch,
 * and the code is taken as the number itself, as the demo login takes a code as the shopper.
 */
import { defineError } from '../server/errors.js';
import { postWithToken, type WechatApp, type WechatReply } from '../wechat/index.js';
import { PHONE_PATTERN } from './schemas.js';
import { WechatUnavailable } from './wechat-session.js';

export const PhoneCodeRejected = defineError(
  'SS_ERR_WECHAT_PHONE_CODE',
  400,
  (why: string) => `WeChat did not vouch for a phone number with this code (${why})`,
  () => 'phone_code',
);

interface PhoneNumberReply extends WechatReply {
  phone_info?: {
    phoneNumber: string;
    purePhoneNumber: string;
    countryCode: string;
    watermark?: { appid?: string; timestamp?: number };
  };
}

/**
 * -1 is WeChat being busy, 45011 its per-minute quota, below -1 an HTTP failure (`wechatCall`): try
 * later. Other codes are about the code.
 */
const TRY_LATER = new Set([-1, 45011]);
/** In demo mode the code is the phone itself, so it must read as one. */
const DEMO_PHONE = new RegExp(PHONE_PATTERN);

/** The number's forms a till may have stored: `13800138000`, `+8613800138000`, `8613800138000`. */
export async function verifiedPhones(app: WechatApp | null, code: string): Promise<string[]> {
  if (!app) {
    if (!DEMO_PHONE.test(code)) throw PhoneCodeRejected('demo mode: the code stands for the phone number');
    return [code];
  }
  let reply: PhoneNumberReply;
  try {
    reply = await postWithToken<PhoneNumberReply>(app, '/wxa/business/getuserphonenumber', { code });
  } catch (error) {
    throw WechatUnavailable((error as Error).message);
  }
  if (reply.errcode && (TRY_LATER.has(reply.errcode) || reply.errcode < -1))
    throw WechatUnavailable(`${reply.errcode}: ${reply.errmsg ?? ''}`);
  const info = reply.phone_info;
  if (reply.errcode || !info)
    throw PhoneCodeRejected(`${reply.errcode ?? 0}: ${reply.errmsg ?? 'no number'}`);
  // The watermark names the mini-program the number was given to: one given to another is not ours.
  if (info.watermark?.appid && info.watermark.appid !== app.appid) throw PhoneCodeRejected('another app');
  const pure = info.purePhoneNumber;
  return [...new Set([pure, `+${info.countryCode}${pure}`, `${info.countryCode}${pure}`, info.phoneNumber])];
}
