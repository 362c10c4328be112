/**
 * The WeChat mini-program a brand's shoppers use: the brand's own when its admin set one
 * (`PUT /tenants/:id/miniprogram`), else the server's configured one (WECHAT_APPID, WECHAT_SECRET),
 * else none (demo mode). Login, phone numbers, subscribe messages and WeChat Pay's appid all follow it:
 * WeChat's openids, codes and templates belong to one app.
 */
import type { FastifyInstance } from 'fastify';
import { defineError } from '../server/errors.js';
import { configuredApp, redisTokenCache, type WechatApp } from '../wechat/index.js';
import { brandMiniprogram } from './miniprograms.js';

/** Not the server's app instead: that would sign the brand's shoppers in to another brand's app. */
export const MiniprogramSealed = defineError(
  'SS_ERR_MINIPROGRAM_SEALED',
  503,
  () =>
    "The brand's mini-program secret cannot be opened: was SEALING_KEY changed? Set the mini-program again",
);

export interface BrandWechat extends WechatApp {
  /** Subscribe-message template for appointment reminders, if the app has one. */
  reminderTemplateId?: string;
  /** Subscribe-message template for order updates (ready, refunded, lapsed), if the app has one. */
  orderStatusTemplateId?: string;
}

export async function brandWechat(app: FastifyInstance, tenantId: string): Promise<BrandWechat | null> {
  const own = await app.db.tenant(tenantId, (tx) => brandMiniprogram(tx, tenantId));
  if (own) {
    return {
      apiBase: app.config.WECHAT_API_BASE,
      appid: own.appid,
      secret: openSealed(app, own.secret_sealed),
      cache: redisTokenCache(app.redis, own.appid),
      ...(own.reminder_template_id ? { reminderTemplateId: own.reminder_template_id } : {}),
      ...(own.order_status_template_id ? { orderStatusTemplateId: own.order_status_template_id } : {}),
    };
  }
  const server = configuredApp(app.config, app.redis);
  const reminder = app.config.WECHAT_REMINDER_TEMPLATE_ID;
  const orderStatus = app.config.WECHAT_ORDER_STATUS_TEMPLATE_ID;
  return (
    server && {
      ...server,
      ...(reminder ? { reminderTemplateId: reminder } : {}),
      ...(orderStatus ? { orderStatusTemplateId: orderStatus } : {}),
    }
  );
}

function openSealed(app: FastifyInstance, sealed: string): string {
  try {
    return app.sealer.open(sealed);
  } catch (error) {
    app.log.error({ err: error }, 'a brand mini-program secret could not be opened');
    throw MiniprogramSealed();
  }
}
