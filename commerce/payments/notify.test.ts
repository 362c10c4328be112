import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { Aes, Formatter, Rsa } from 'wechatpay-axios-plugin';
import { NotifyRefused, openNotification } from './notify.js';

const wechat = generateKeyPairSync('rsa', { modulusLength: 2048 });
const keys = { certs: { PUB_KEY_ID_TEST: wechat.publicKey }, apiv3Key: 'k'.repeat(32) };
const now = 1_764_000_000;

function signedNotification(
  resource: object,
  { at = now, aad = 'transaction', nonce = 'n0nce-123456' } = {},
) {
  const body = JSON.stringify({
    id: 'EV-1',
    event_type: 'TRANSACTION.SUCCESS',
    resource: {
      algorithm: 'AEAD_AES_256_GCM',
      ciphertext: Aes.AesGcm.encrypt(JSON.stringify(resource), keys.apiv3Key, nonce, aad),
      associated_data: aad,
      nonce,
    },
  });
  const headers = {
    'wechatpay-timestamp': String(at),
    'wechatpay-nonce': 'abc',
    'wechatpay-serial': 'PUB_KEY_ID_TEST',
    'wechatpay-signature': Rsa.sign(Formatter.response(String(at), 'abc', body), wechat.privateKey),
  };
  return { headers, body };
}

const refusal = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    if (error instanceof NotifyRefused) return { status: error.statusCode, message: error.message };
    throw error;
  }
  return undefined;
};

describe('openNotification', () => {
  it('verifies and decrypts a genuine notification', () => {
    const { headers, body } = signedNotification({ out_trade_no: 'abc123', amount: { total: 100 } });
    expect(openNotification(keys, headers, body, now + 10)).toEqual({
      id: 'EV-1',
      event_type: 'TRANSACTION.SUCCESS',
      resource: { out_trade_no: 'abc123', amount: { total: 100 } },
    });
  });

  it('holds to the 5-minute window on both sides', () => {
    const { headers, body } = signedNotification({});
    expect(refusal(() => openNotification(keys, headers, body, now + 300))).toBeUndefined();
    expect(refusal(() => openNotification(keys, headers, body, now + 301))?.status).toBe(401);
    expect(refusal(() => openNotification(keys, headers, body, now - 301))?.status).toBe(401);
  });

  it('refuses a changed body, an unknown serial, and a resource sealed for other associated data', () => {
    const { headers, body } = signedNotification({ amount: { total: 100 } });
    expect(
      refusal(() => openNotification(keys, headers, body.replace('EV-1', 'EV-2'), now))?.message,
    ).toMatch(/does not verify/);
    expect(
      refusal(() => openNotification(keys, { ...headers, 'wechatpay-serial': 'PUB_KEY_ID_OTHER' }, body, now))
        ?.message,
    ).toMatch(/not a key this merchant trusts/);
    const resealed = JSON.parse(body);
    resealed.resource.associated_data = 'refund';
    const text = JSON.stringify(resealed);
    const signature = Rsa.sign(Formatter.response(String(now), 'abc', text), wechat.privateKey);
    expect(
      refusal(() => openNotification(keys, { ...headers, 'wechatpay-signature': signature }, text, now)),
    ).toEqual({ status: 400, message: 'resource does not decrypt with the APIv3 key' });
  });

  it('does not take a key from the prototype for a serial', () => {
    const { headers, body } = signedNotification({});
    expect(
      refusal(() => openNotification(keys, { ...headers, 'wechatpay-serial': 'constructor' }, body, now))
        ?.status,
    ).toBe(401);
  });
});
