/**
 * A local stand-in for WeChat Pay API v3 (api.mch.weixin.qq.com), with keys generated here:
 * - every request must carry the merchant's WECHATPAY2-SHA256-RSA2048 Authorization, verified
 *   with the merchant public key (401 SIGN_ERROR otherwise); every answer is signed with the
 *   WeChat Pay key (Wechatpay-Signature/-Timestamp/-Nonce/-Serial, public-key mode);
 * - JSAPI prepay (the same out_trade_no with the same content → the same prepay_id, with other
 *   content → 400), order query, close, refunds (one per out_refund_no, never beyond the total);
 * - `pay()` is the shopper paying; `notification()` builds a signed, AES-256-GCM encrypted
 *   notification as WeChat Pay sends it, to inject into the app (and ways to spoil one).
 * `env` is what the app needs to talk to it (the merchant key and WeChat's public key in PEM files).
 */
import { generateKeyPairSync, type KeyObject, randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Aes, Formatter, Rsa } from 'wechatpay-axios-plugin';

export const STUB_MCHID = '1900000109';
export const STUB_MERCHANT_SERIAL = '3775B6A45ACD588826D15E583A95F5DD00000001';
export const STUB_PUBLIC_KEY_ID = 'PUB_KEY_ID_0119000001092025112500000000000001';

export interface StubTrade {
  out_trade_no: string;
  appid: string;
  mchid: string;
  description: string;
  total: number;
  openid: string;
  time_expire: string;
  notify_url: string;
  request: string;
  prepay_id: string;
  state: 'NOTPAY' | 'SUCCESS' | 'CLOSED' | 'REFUND';
  transaction_id?: string;
  success_time?: string;
}

export interface StubRefund {
  out_refund_no: string;
  out_trade_no: string;
  refund_id: string;
  amount: number;
  reason: string;
  status: 'PROCESSING' | 'SUCCESS' | 'CLOSED' | 'ABNORMAL';
}

export interface NotificationOptions {
  id?: string;
  /** Seconds since the epoch written in Wechatpay-Timestamp (default now). */
  timestamp?: number;
  serial?: string;
  /** Changes the body after signing it. */
  tamper?: boolean;
  /** Encrypts with another APIv3 key. */
  apiv3Key?: string;
}

export interface WechatPayStub {
  url: string;
  env: Record<string, string>;
  /** Checks the paySign the app gives the mini-program. */
  merchantPublicKey: KeyObject;
  trades: Map<string, StubTrade>;
  refunds: Map<string, StubRefund>;
  /** Every request as `METHOD /path`, including refused ones. */
  calls: string[];
  /** Requests refused for a bad merchant signature. */
  unsigned: number;
  /** The next request to this path (`POST /v3/...`) fails with a 500, as an overloaded WeChat might. */
  failNext(call: string): void;
  /** The shopper pays: the trade succeeds; answers its resource as WeChat reports it. */
  pay(outTradeNo: string): Record<string, unknown>;
  tradeResource(outTradeNo: string): Record<string, unknown>;
  /** The refund completes (or fails); answers its resource as WeChat reports it. */
  settleRefund(outRefundNo: string, status?: StubRefund['status']): Record<string, unknown>;
  notification(
    eventType: string,
    resource: Record<string, unknown>,
    options?: NotificationOptions,
  ): { headers: Record<string, string>; payload: string };
  close(): Promise<void>;
}

const pemOf = (key: KeyObject, type: 'pkcs8' | 'spki') => key.export({ format: 'pem', type }).toString();

function parseAuthorization(value: string | undefined): Record<string, string> | undefined {
  const match = /^WECHATPAY2-SHA256-RSA2048 (.+)$/.exec(value ?? '');
  if (!match) return undefined;
  return Object.fromEntries([...match[1]!.matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1]!, m[2]!]));
}

export async function startWechatPayStub(): Promise<WechatPayStub> {
  const merchant = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const wechat = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const apiv3Key = randomBytes(16).toString('hex');
  const dir = mkdtempSync(join(tmpdir(), 'wechatpay-stub-'));
  writeFileSync(join(dir, 'apiclient_key.pem'), pemOf(merchant.privateKey, 'pkcs8'));
  writeFileSync(join(dir, 'pub_key.pem'), pemOf(wechat.publicKey, 'spki'));

  const trades = new Map<string, StubTrade>();
  const refunds = new Map<string, StubRefund>();
  const calls: string[] = [];
  let unsigned = 0;
  const failing = new Set<string>();
  let sequence = 0;

  const signed = (body: string) => {
    const timestamp = String(Formatter.timestamp());
    const nonce = Formatter.nonce();
    return {
      'Wechatpay-Timestamp': timestamp,
      'Wechatpay-Nonce': nonce,
      'Wechatpay-Serial': STUB_PUBLIC_KEY_ID,
      'Wechatpay-Signature': Rsa.sign(Formatter.response(timestamp, nonce, body), wechat.privateKey),
      'Request-ID': randomUUID(),
    };
  };

  const tradeResource = (trade: StubTrade) => ({
    appid: trade.appid,
    mchid: trade.mchid,
    out_trade_no: trade.out_trade_no,
    ...(trade.transaction_id ? { transaction_id: trade.transaction_id } : {}),
    trade_type: 'JSAPI',
    trade_state: trade.state,
    trade_state_desc: trade.state,
    ...(trade.success_time ? { success_time: trade.success_time, bank_type: 'OTHERS' } : {}),
    payer: { openid: trade.openid },
    amount: { total: trade.total, payer_total: trade.total, currency: 'CNY', payer_currency: 'CNY' },
  });

  const refundResource = (refund: StubRefund) => {
    const trade = trades.get(refund.out_trade_no)!;
    return {
      mchid: STUB_MCHID,
      out_trade_no: refund.out_trade_no,
      transaction_id: trade.transaction_id,
      out_refund_no: refund.out_refund_no,
      refund_id: refund.refund_id,
      refund_status: refund.status,
      ...(refund.status === 'SUCCESS' ? { success_time: new Date().toISOString() } : {}),
      user_received_account: '支付用户零钱',
      amount: {
        total: trade.total,
        refund: refund.amount,
        payer_total: trade.total,
        payer_refund: refund.amount,
      },
    };
  };

  function answer(request: { method: string; path: string; search: URLSearchParams; body: string }) {
    const error = (status: number, code: string, message: string) => ({ status, body: { code, message } });
    const { method, path } = request;
    if (method === 'POST' && path === '/v3/pay/transactions/jsapi') {
      const input = JSON.parse(request.body);
      for (const field of ['appid', 'mchid', 'description', 'out_trade_no', 'notify_url']) {
        if (!input[field]) return error(400, 'PARAM_ERROR', `缺少参数 ${field}`);
      }
      if (input.mchid !== STUB_MCHID) return error(400, 'MCH_NOT_EXISTS', '商户号不存在');
      if (!input.payer?.openid) return error(400, 'PARAM_ERROR', '缺少参数 payer.openid');
      if (!Number.isInteger(input.amount?.total) || input.amount.total < 1) {
        return error(400, 'PARAM_ERROR', 'amount.total 无效');
      }
      const known = trades.get(input.out_trade_no);
      if (known) {
        return known.request === request.body && known.state === 'NOTPAY'
          ? { status: 200, body: { prepay_id: known.prepay_id } }
          : error(400, 'INVALID_REQUEST', '201 商户订单号重复');
      }
      const trade: StubTrade = {
        out_trade_no: input.out_trade_no,
        appid: input.appid,
        mchid: input.mchid,
        description: input.description,
        total: input.amount.total,
        openid: input.payer.openid,
        time_expire: input.time_expire,
        notify_url: input.notify_url,
        request: request.body,
        prepay_id: `wx${Date.now()}${String(++sequence).padStart(6, '0')}`,
        state: 'NOTPAY',
      };
      trades.set(trade.out_trade_no, trade);
      return { status: 200, body: { prepay_id: trade.prepay_id } };
    }
    const byTradeNo = /^\/v3\/pay\/transactions\/out-trade-no\/([^/]+)(\/close)?$/.exec(path);
    if (byTradeNo) {
      const trade = trades.get(decodeURIComponent(byTradeNo[1]!));
      if (!trade) return error(404, 'ORDER_NOT_EXIST', '订单不存在');
      if (byTradeNo[2] && method === 'POST') {
        if (trade.state === 'SUCCESS' || trade.state === 'REFUND')
          return error(400, 'ORDERPAID', '订单已支付');
        trade.state = 'CLOSED';
        return { status: 204, body: undefined };
      }
      if (method === 'GET') {
        if (request.search.get('mchid') !== STUB_MCHID) return error(400, 'PARAM_ERROR', 'mchid 无效');
        return { status: 200, body: tradeResource(trade) };
      }
    }
    if (method === 'POST' && path === '/v3/refund/domestic/refunds') {
      const input = JSON.parse(request.body);
      const known = refunds.get(input.out_refund_no);
      // WeChat Pay: the same out_refund_no is the same refund, never a second one.
      if (known) return { status: 200, body: { ...refundResource(known), status: known.status } };
      const trade = trades.get(input.out_trade_no);
      if (!trade || (trade.state !== 'SUCCESS' && trade.state !== 'REFUND')) {
        return error(400, 'RESOURCE_NOT_EXISTS', '订单不存在或未支付');
      }
      if (input.amount?.total !== trade.total) return error(400, 'PARAM_ERROR', '订单金额不一致');
      const refunded = [...refunds.values()]
        .filter((r) => r.out_trade_no === trade.out_trade_no && r.status !== 'CLOSED')
        .reduce((sum, r) => sum + r.amount, 0);
      if (refunded + input.amount.refund > trade.total)
        return error(400, 'NOT_ENOUGH', '申请退款金额超过订单可退金额');
      const refund: StubRefund = {
        out_refund_no: input.out_refund_no,
        out_trade_no: trade.out_trade_no,
        refund_id: `5030${Date.now()}${String(++sequence).padStart(6, '0')}`,
        amount: input.amount.refund,
        reason: input.reason ?? '',
        status: 'PROCESSING',
      };
      refunds.set(refund.out_refund_no, refund);
      trade.state = 'REFUND';
      return { status: 200, body: { ...refundResource(refund), status: refund.status } };
    }
    return error(404, 'NOT_FOUND', `no route ${method} ${path}`);
  }

  const server: Server = createServer(async (request, response) => {
    let body = '';
    for await (const chunk of request) body += chunk;
    const url = new URL(request.url ?? '/', 'http://stub');
    const method = request.method ?? 'GET';
    calls.push(`${method} ${url.pathname}`);
    const send = (status: number, payload: object | undefined) => {
      const text = payload === undefined ? '' : JSON.stringify(payload);
      response.writeHead(status, {
        ...(text ? { 'content-type': 'application/json' } : {}),
        ...signed(text),
      });
      response.end(text);
    };
    const auth = parseAuthorization(request.headers.authorization);
    const verified =
      auth?.mchid === STUB_MCHID &&
      auth.serial_no === STUB_MERCHANT_SERIAL &&
      Math.abs(Formatter.timestamp() - Number(auth.timestamp)) <= 300 &&
      Rsa.verify(
        Formatter.request(method, `${url.pathname}${url.search}`, auth.timestamp!, auth.nonce_str!, body),
        auth.signature ?? '',
        merchant.publicKey,
      );
    if (!verified) {
      unsigned++;
      return send(401, { code: 'SIGN_ERROR', message: '签名错误' });
    }
    if (failing.delete(`${method} ${url.pathname}`)) {
      return send(500, { code: 'SYSTEM_ERROR', message: '系统繁忙，请稍后重试' });
    }
    const result = answer({ method, path: url.pathname, search: url.searchParams, body });
    send(result.status, result.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url,
    env: {
      WECHATPAY_MCHID: STUB_MCHID,
      WECHATPAY_SERIAL: STUB_MERCHANT_SERIAL,
      WECHATPAY_PRIVATE_KEY_PATH: join(dir, 'apiclient_key.pem'),
      WECHATPAY_PUBLIC_KEY_ID: STUB_PUBLIC_KEY_ID,
      WECHATPAY_PUBLIC_KEY_PATH: join(dir, 'pub_key.pem'),
      WECHATPAY_APIV3_KEY: apiv3Key,
      WECHATPAY_NOTIFY_URL: 'https://shop.example/api/v1/payments/wechatpay/notify',
      WECHATPAY_API_BASE: url,
    },
    merchantPublicKey: merchant.publicKey,
    trades,
    refunds,
    calls,
    get unsigned() {
      return unsigned;
    },
    failNext: (call) => {
      failing.add(call);
    },
    pay(outTradeNo) {
      const trade = trades.get(outTradeNo);
      if (trade?.state !== 'NOTPAY') throw new Error(`trade ${outTradeNo} cannot be paid`);
      trade.state = 'SUCCESS';
      trade.transaction_id = `4200${Date.now()}${String(++sequence).padStart(6, '0')}`;
      trade.success_time = new Date().toISOString().replace(/\.\d+Z$/, '+00:00');
      return tradeResource(trade);
    },
    tradeResource: (outTradeNo) => tradeResource(trades.get(outTradeNo)!),
    settleRefund(outRefundNo, status = 'SUCCESS') {
      const refund = refunds.get(outRefundNo);
      if (!refund) throw new Error(`no refund ${outRefundNo}`);
      refund.status = status;
      return refundResource(refund);
    },
    notification(eventType, resource, options = {}) {
      const aad = eventType.startsWith('REFUND.') ? 'refund' : 'transaction';
      const nonce = Formatter.nonce(12);
      const key = options.apiv3Key ?? apiv3Key;
      const body = JSON.stringify({
        id: options.id ?? randomUUID(),
        create_time: new Date().toISOString(),
        resource_type: 'encrypt-resource',
        event_type: eventType,
        summary: aad === 'refund' ? '退款成功' : '支付成功',
        resource: {
          original_type: aad,
          algorithm: 'AEAD_AES_256_GCM',
          ciphertext: Aes.AesGcm.encrypt(JSON.stringify(resource), key, nonce, aad),
          associated_data: aad,
          nonce,
        },
      });
      const timestamp = String(options.timestamp ?? Formatter.timestamp());
      const headerNonce = Formatter.nonce();
      const signature = Rsa.sign(Formatter.response(timestamp, headerNonce, body), wechat.privateKey);
      return {
        headers: {
          'content-type': 'application/json',
          'wechatpay-timestamp': timestamp,
          'wechatpay-nonce': headerNonce,
          'wechatpay-signature': signature,
          'wechatpay-serial': options.serial ?? STUB_PUBLIC_KEY_ID,
          'wechatpay-signature-type': 'WECHATPAY2-SHA256-RSA2048',
        },
        payload: options.tamper ? body.replace('"event_type"', ' "event_type"') : body,
      };
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
