/**
 * Where the mini-program talks to and as which brand: read from miniprogram/config.json at build
 * time (see the README). An object, not constants, so the tests can point it at their own server.
 */
import file from '../../config.json';

export const config = {
  /** The server's origin, e.g. https://api.example.com (must be a request domain of the AppID). */
  apiBase: file.apiBase,
  /** The brand's slug, as POST /auth/wechat takes it. */
  tenant: file.tenant,
  /** The version of the privacy text the consent sheet shows, recorded with each answer. */
  policyVersion: file.policyVersion,
  /** The brand's MQTT broker over WebSocket (wss:// in production) for live offers; empty: polling only. */
  mqttUrl: file.mqttUrl,
};
