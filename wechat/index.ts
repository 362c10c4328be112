/**
 * WeChat's server APIs as the mini-program's back end calls them: the shared access token and
 * temporary media. An adapter at the edge; tests run it against a local stub that answers as
 * api.weixin.qq.com does.
 */
export {
  configuredApp,
  postWithToken,
  redisTokenCache,
  type TokenCache,
  type WechatApp,
  type WechatReply,
  wechatCall,
} from './access-token.js';
export { type MediaUpload, TEMP_MEDIA_TTL_S, uploadTempImage } from './media.js';
