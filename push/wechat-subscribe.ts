/**
 * WeChat subscribe messages (`/cgi-bin/message/subscribe/send`), the offline channel to a shopper,
 * with the brand's shared access token (wechat/). 43101 means the shopper has no subscription left
 * for the template: not an error, a skip.
 */
import { postWithToken, type WechatApp, type WechatReply } from '../wechat/index.js';

export interface SubscribeMessage {
  openid: string;
  templateId: string;
  /** Mini-program page opened from the message, e.g. `pages/offer/index?id=…`. */
  page: string;
  data: Record<string, string>;
}

export type SendOutcome =
  | { status: 'sent'; msgid?: number }
  | { status: 'skipped'; errcode: number; reason: 'no_subscription' }
  | { status: 'failed'; errcode: number; reason: string };

export interface WechatSubscribeOptions extends WechatApp {
  /** developer | trial | formal: which build of the mini-program the message opens. */
  miniprogramState?: 'developer' | 'trial' | 'formal';
}

const NO_SUBSCRIPTION = 43101;

export function wechatSubscribe(options: WechatSubscribeOptions) {
  return {
    async send(message: SubscribeMessage): Promise<SendOutcome> {
      let reply: WechatReply & { msgid?: number };
      try {
        reply = await postWithToken(options, '/cgi-bin/message/subscribe/send', {
          touser: message.openid,
          template_id: message.templateId,
          page: message.page,
          miniprogram_state: options.miniprogramState ?? 'formal',
          lang: 'zh_CN',
          data: Object.fromEntries(Object.entries(message.data).map(([key, value]) => [key, { value }])),
        });
      } catch (error) {
        return { status: 'failed', errcode: -1, reason: (error as Error).message };
      }
      if (!reply.errcode)
        return { status: 'sent', ...(reply.msgid !== undefined ? { msgid: reply.msgid } : {}) };
      if (reply.errcode === NO_SUBSCRIPTION)
        return { status: 'skipped', errcode: NO_SUBSCRIPTION, reason: 'no_subscription' };
      return { status: 'failed', errcode: reply.errcode, reason: reply.errmsg ?? 'unknown' };
    },
  };
}
