/**
 * Push: delivery to shoppers. So far the WeChat subscribe-message channel with its shared,
 * self-refreshing access token. The live channel, the delivery log and caps come with issue 7.
 */
export {
  redisTokenCache,
  type SendOutcome,
  type SubscribeMessage,
  type TokenCache,
  wechatSubscribe,
} from './wechat-subscribe.js';
