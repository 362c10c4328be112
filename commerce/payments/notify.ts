/**
 * Opening a WeChat Pay notification, pure: the signature over `timestamp\nnonce\nbody\n` with the
 * key its Wechatpay-Serial names, a timestamp within five minutes, then the AES-256-GCM resource
 * decrypted with the APIv3 key. Anything that fails is refused before the body is trusted.
 */
import type { KeyObject } from 'node:crypto';
import { Aes, Formatter, Rsa } from 'wechatpay-axios-plugin';

/** WeChat's own limit for signed messages, in seconds either way. */
export const NOTIFY_WINDOW_S = 300;

export interface NotifyKeys {
  /** WeChat Pay public key id (PUB_KEY_ID_…) or platform certificate serial → its public key. */
  certs: Readonly<Record<string, KeyObject>>;
  apiv3Key: string;
}

/** A payment as WeChat Pay reports it (notify resource or order query). */
export interface TradeResource {
  mchid: string;
  appid: string;
  out_trade_no: string;
  transaction_id?: string;
  trade_state: string;
  success_time?: string;
  payer?: { openid?: string };
  amount?: { total?: number; currency?: string; payer_total?: number };
}

/** A refund as WeChat Pay reports it (notify resource or refund answer). */
export interface RefundResource {
  mchid?: string;
  out_trade_no: string;
  out_refund_no: string;
  refund_id: string;
  /** Notifications say refund_status, the refund API says status. */
  refund_status?: string;
  status?: string;
  amount?: { total?: number; refund?: number };
}

export interface Notification {
  id: string;
  event_type: string;
  resource: Record<string, unknown>;
}

/** Why a notification was refused, with the HTTP status WeChat is answered with. */
export class NotifyRefused extends Error {
  constructor(
    readonly statusCode: number,
    message: string,
  ) {
    super(message);
    this.name = 'NotifyRefused';
  }
}

type Headers = Record<string, string | string[] | undefined>;

const header = (headers: Headers, name: string) => {
  const value = headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
};

export function openNotification(
  keys: NotifyKeys,
  headers: Headers,
  body: string,
  nowSeconds = Math.floor(Date.now() / 1000),
): Notification {
  const timestamp = header(headers, 'Wechatpay-Timestamp');
  const nonce = header(headers, 'Wechatpay-Nonce');
  const signature = header(headers, 'Wechatpay-Signature');
  const serial = header(headers, 'Wechatpay-Serial');
  if (!timestamp || !nonce || !signature || !serial) {
    throw new NotifyRefused(400, 'Wechatpay-Timestamp, -Nonce, -Signature and -Serial are required');
  }
  if (!/^[0-9]{1,12}$/.test(timestamp) || Math.abs(nowSeconds - Number(timestamp)) > NOTIFY_WINDOW_S) {
    throw new NotifyRefused(401, 'Wechatpay-Timestamp is outside the 5-minute window');
  }
  const key = Object.hasOwn(keys.certs, serial) ? keys.certs[serial] : undefined;
  if (!key) throw new NotifyRefused(401, `Wechatpay-Serial ${serial} is not a key this merchant trusts`);
  let verified = false;
  try {
    verified = Rsa.verify(Formatter.response(timestamp, nonce, body), signature, key);
  } catch {
    verified = false;
  }
  if (!verified) throw new NotifyRefused(401, 'Wechatpay-Signature does not verify');

  let parsed: {
    id?: unknown;
    event_type?: unknown;
    resource?: { algorithm?: string; ciphertext?: string; nonce?: string; associated_data?: string };
  };
  try {
    parsed = JSON.parse(body);
  } catch {
    throw new NotifyRefused(400, 'the body is not JSON');
  }
  const { id, event_type: eventType, resource } = parsed;
  if (typeof id !== 'string' || typeof eventType !== 'string' || !resource?.ciphertext || !resource.nonce) {
    throw new NotifyRefused(400, 'id, event_type and resource are required');
  }
  if (resource.algorithm !== 'AEAD_AES_256_GCM') {
    throw new NotifyRefused(400, `resource.algorithm ${resource.algorithm} is not AEAD_AES_256_GCM`);
  }
  try {
    const plain = Aes.AesGcm.decrypt(
      resource.ciphertext,
      keys.apiv3Key,
      resource.nonce,
      resource.associated_data ?? '',
    );
    return { id, event_type: eventType, resource: JSON.parse(plain) };
  } catch {
    throw new NotifyRefused(400, 'resource does not decrypt with the APIv3 key');
  }
}
