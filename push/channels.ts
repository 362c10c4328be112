/**
 * A brand's channels to its shoppers for one kind of message: the app's MQTT client (the shopper's
 * live topic), and WeChat subscribe messages when the brand's mini-program (its own, or the server's)
 * has that kind's template. WeChat templates belong to one app, so each brand's are its own.
 */
import type { FastifyInstance } from 'fastify';
import { type BrandWechat, brandWechat } from '../tenancy/index.js';
import type { Channels } from './deliveries.js';
import { wechatSubscribe } from './wechat-subscribe.js';

export function brandChannels(
  app: FastifyInstance,
  /** The brand's template for this kind of message, if it has one. */
  templateOf: (wechat: BrandWechat) => string | undefined,
  /** The mini-program page the WeChat message opens. */
  page: string,
): (tenantId: string) => Promise<Channels> {
  const publish = async (topic: string, message: string) =>
    void (await app.mqtt.publishAsync(topic, message, { qos: 1 }));
  return async (tenantId) => {
    const wechat = await brandWechat(app, tenantId);
    const templateId = wechat && templateOf(wechat);
    if (!wechat || !templateId) return { publish };
    return { publish, wechat: { send: wechatSubscribe(wechat).send, templateId, page } };
  };
}
