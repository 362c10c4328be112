/**
 * The WeChat Pay API v3 adapter, on wechatpay-axios-plugin: it signs every request with the
 * merchant key (WECHATPAY2-SHA256-RSA2048) and verifies every answer with WeChat Pay's public
 * key or platform certificates. Built from the configuration; undefined when WeChat Pay is off
 * (the demo payment mode).
 */
import { type KeyObject, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Formatter, Rsa, Wechatpay } from 'wechatpay-axios-plugin';
import type { Config } from '../../server/config.js';
import { WechatPayFailed, WechatPayUnavailable } from './errors.js';
import type { NotifyKeys, RefundResource, TradeResource } from './notify.js';
import type { RequestPayment } from './schemas.js';

export interface PrepayInput {
  /** The mini-program the payer's openid belongs to (the merchant must be bound to it); the client's by default. */
  appid?: string;
  out_trade_no: string;
  description: string;
  amount_cents: number;
  openid: string;
  expires_at: Date;
}

export interface RefundInput {
  out_trade_no: string;
  out_refund_no: string;
  reason: string;
  amount_cents: number;
  total_cents: number;
}

export interface WechatPayClient {
  mchid: string;
  /** The server's configured mini-program (WECHAT_APPID): a brand without its own pays through it. */
  appid: string;
  keys: NotifyKeys;
  /** JSAPI prepay: the prepay_id (valid two hours). */
  prepay(input: PrepayInput): Promise<string>;
  /** Signed for the mini-program `forApp` (the client's by default). */
  requestPayment(prepayId: string, now?: Date, forApp?: string): RequestPayment;
  query(outTradeNo: string): Promise<TradeResource>;
  close(outTradeNo: string): Promise<void>;
  refund(input: RefundInput): Promise<RefundResource>;
}

/** RFC 3339 in China Standard Time, as WeChat Pay writes it: 2026-11-25T18:00:00+08:00. */
export function chinaTime(at: Date): string {
  return `${new Date(at.getTime() + 8 * 3600_000).toISOString().slice(0, 19)}+08:00`;
}

const pem = (path: string) => readFileSync(path);

/** The keys WeChat Pay signs with: its public key (by PUB_KEY_ID_…) and/or platform certificates (by serial). */
function wechatpayKeys(config: Config): Record<string, KeyObject> {
  const certs: Record<string, KeyObject> = {};
  if (config.WECHATPAY_PUBLIC_KEY_ID && config.WECHATPAY_PUBLIC_KEY_PATH) {
    certs[config.WECHATPAY_PUBLIC_KEY_ID] = Rsa.from(
      pem(config.WECHATPAY_PUBLIC_KEY_PATH),
      Rsa.KEY_TYPE_PUBLIC,
    );
  }
  for (const path of (config.WECHATPAY_PLATFORM_CERT_PATHS ?? '').split(',').filter(Boolean)) {
    const cert = new X509Certificate(pem(path.trim()));
    certs[cert.serialNumber.toUpperCase()] = cert.publicKey;
  }
  return certs;
}

const BUSY = new Set(['SYSTEM_ERROR', 'FREQUENCY_LIMITED', 'SYSTEMERROR']);

/**
 * An axios error from the client as a coded error: a refusal with WeChat's own code and message,
 * or unavailability (no answer, a 5xx, "busy") that a retry may get past.
 */
function failed(error: unknown): never {
  const { response, message } = error as {
    response?: { status?: number; data?: { code?: string; message?: string } };
    message?: string;
  };
  const code = response?.data?.code;
  if (!response || (response.status ?? 500) >= 500 || (code && BUSY.has(code))) {
    throw WechatPayUnavailable(code ?? message ?? 'no answer');
  }
  throw WechatPayFailed(code ?? String(response.status), response.data?.message ?? message ?? '');
}

export function wechatPayFrom(config: Config): WechatPayClient | undefined {
  const { WECHATPAY_MCHID: mchid, WECHATPAY_SERIAL: serial, WECHAT_APPID: appid } = config;
  if (!mchid || !serial || !appid || !config.WECHATPAY_PRIVATE_KEY_PATH || !config.WECHATPAY_APIV3_KEY) {
    return undefined;
  }
  const notifyUrl = config.WECHATPAY_NOTIFY_URL!;
  const privateKeyPem = pem(config.WECHATPAY_PRIVATE_KEY_PATH);
  const privateKey = Rsa.from(privateKeyPem, Rsa.KEY_TYPE_PRIVATE);
  const certs = wechatpayKeys(config);
  const { client } = new Wechatpay({
    mchid,
    serial,
    privateKey: privateKeyPem,
    certs,
    baseURL: `${config.WECHATPAY_API_BASE.replace(/\/$/, '')}/`,
    timeout: 10_000,
  });
  /** One signed call; `{placeholders}` in the path come from `config`, the answer's signature is verified. */
  async function call<T>(
    method: 'get' | 'post',
    path: string,
    data?: object,
    config: object = {},
  ): Promise<T> {
    try {
      return (await client.request<T>(path, method, data, config)).data;
    } catch (error) {
      failed(error);
    }
  }

  return {
    mchid,
    appid,
    keys: { certs, apiv3Key: config.WECHATPAY_APIV3_KEY },
    async prepay(input) {
      const answer = await call<{ prepay_id: string }>('post', 'v3/pay/transactions/jsapi', {
        appid: input.appid ?? appid,
        mchid,
        description: input.description,
        out_trade_no: input.out_trade_no,
        time_expire: chinaTime(input.expires_at),
        notify_url: notifyUrl,
        amount: { total: input.amount_cents, currency: 'CNY' },
        payer: { openid: input.openid },
      });
      return answer.prepay_id;
    },
    requestPayment(prepayId, now = new Date(), forApp = appid) {
      const timeStamp = String(Math.floor(now.getTime() / 1000));
      const nonceStr = Formatter.nonce();
      const pkg = `prepay_id=${prepayId}`;
      const paySign = Rsa.sign(Formatter.joinedByLineFeed(forApp, timeStamp, nonceStr, pkg), privateKey);
      return { appId: forApp, timeStamp, nonceStr, package: pkg, signType: 'RSA', paySign };
    },
    query: (outTradeNo) =>
      call<TradeResource>('get', 'v3/pay/transactions/out-trade-no/{out_trade_no}', undefined, {
        params: { mchid },
        out_trade_no: outTradeNo,
      }),
    async close(outTradeNo) {
      await call(
        'post',
        'v3/pay/transactions/out-trade-no/{out_trade_no}/close',
        { mchid },
        { out_trade_no: outTradeNo },
      );
    },
    refund: (input) =>
      call<RefundResource>('post', 'v3/refund/domestic/refunds', {
        out_trade_no: input.out_trade_no,
        out_refund_no: input.out_refund_no,
        reason: input.reason.slice(0, 80),
        notify_url: notifyUrl,
        amount: { refund: input.amount_cents, total: input.total_cents, currency: 'CNY' },
      }),
  };
}
