/**
 * The WeChat mini-program a brand's shoppers use: the brand's own when its admin set one
 * (`PUT /tenants/:id/miniprogram`), else the server's configured one (WECHAT_APPID, WECHAT_SECRET),
 * else none (demo mode). Login, phone numbers, subscribe messages and WeChat Pay's appid all follow it:
 * WeChat's openids, codes and templates belong to one app.
 */
import type { FastifyInstance } from 'fastify';
import { configuredApp, redisTokenCache, type WechatApp } from '../wechat/index.js';
import { brandMiniprogram } from './miniprograms.js';

export interface BrandWechat extends WechatApp {
  /** Subscribe-message template for appointment reminders, if the app has one. */
  reminderTemplateId?: string;
}

export async function brandWechat(app: FastifyInstance, tenantId: string): Promise<BrandWechat | null> {
  const own = await app.db.tenant(tenantId, (tx) => brandMiniprogram(tx, tenantId));
  if (own) {
    return {
      apiBase: app.config.WECHAT_API_BASE,
      appid: own.appid,
      secret: app.sealer.open(own.secret_sealed),
      cache: redisTokenCache(app.redis, own.appid),
      ...(own.reminder_template_id ? { reminderTemplateId: own.reminder_template_id } : {}),
    };
  }
  const server = configuredApp(app.config, app.redis);
  const template = app.config.WECHAT_REMINDER_TEMPLATE_ID;
  return server && { ...server, ...(template ? { reminderTemplateId: template } : {}) };
}
