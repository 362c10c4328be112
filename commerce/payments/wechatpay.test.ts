import { execFileSync } from 'node:child_process';
import { generateKeyPairSync, X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Formatter, Rsa } from 'wechatpay-axios-plugin';
import { loadConfig } from '../../server/config.js';
import { openNotification } from './notify.js';
import { chinaTime, wechatPayFrom } from './wechatpay.js';

const dir = mkdtempSync(join(tmpdir(), 'wechatpay-keys-'));
const merchant = generateKeyPairSync('rsa', { modulusLength: 2048 });
writeFileSync(join(dir, 'apiclient_key.pem'), merchant.privateKey.export({ format: 'pem', type: 'pkcs8' }));
// A platform certificate as WeChat Pay issues them (self-signed here): its serial names the key.
execFileSync(
  'openssl',
  [
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-days',
    '1',
    '-subj',
    '/CN=Tenpay.com Root CA',
    '-keyout',
    join(dir, 'platform_key.pem'),
    '-out',
    join(dir, 'platform_cert.pem'),
  ],
  { stdio: 'ignore' },
);

const env = {
  WECHAT_APPID: 'wx_test',
  WECHAT_SECRET: 'secret',
  WECHATPAY_MCHID: '1900000109',
  WECHATPAY_SERIAL: '3775B6A45ACD588826D15E583A95F5DD00000001',
  WECHATPAY_PRIVATE_KEY_PATH: join(dir, 'apiclient_key.pem'),
  WECHATPAY_PLATFORM_CERT_PATHS: join(dir, 'platform_cert.pem'),
  WECHATPAY_APIV3_KEY: 'k'.repeat(32),
  WECHATPAY_NOTIFY_URL: 'https://shop.example/api/v1/payments/wechatpay/notify',
};

describe('the WeChat Pay client', () => {
  it('is off without configuration (the demo payment mode)', () => {
    expect(wechatPayFrom(loadConfig({}))).toBeUndefined();
  });

  it('trusts platform certificates by their serial, for notifications as for answers', () => {
    const client = wechatPayFrom(loadConfig(env))!;
    const serial = new X509Certificate(
      readFileSync(join(dir, 'platform_cert.pem')),
    ).serialNumber.toUpperCase();
    expect(Object.keys(client.keys.certs)).toEqual([serial]);
    const body = '{"id":"EV-1"}';
    const at = String(Formatter.timestamp());
    const signature = Rsa.sign(
      Formatter.response(at, 'n', body),
      Rsa.from(readFileSync(join(dir, 'platform_key.pem')), Rsa.KEY_TYPE_PRIVATE),
    );
    const headers = { 'wechatpay-timestamp': at, 'wechatpay-nonce': 'n', 'wechatpay-serial': serial };
    // Signature accepted: the refusal is about the body, which is not a full notification.
    expect(() =>
      openNotification(client.keys, { ...headers, 'wechatpay-signature': signature }, body),
    ).toThrow(/id, event_type and resource are required/);
  });

  it('signs wx.requestPayment with the merchant key over appId, timeStamp, nonceStr and package', () => {
    const client = wechatPayFrom(loadConfig(env))!;
    const params = client.requestPayment('wx201410272009395522657a690389285100', new Date(1_764_000_000_000));
    expect(params).toMatchObject({ appId: 'wx_test', timeStamp: '1764000000', signType: 'RSA' });
    const message = Formatter.joinedByLineFeed(
      params.appId,
      params.timeStamp,
      params.nonceStr,
      params.package,
    );
    expect(Rsa.verify(message, params.paySign, merchant.publicKey)).toBe(true);
    // A brand's own mini-program: signed over its AppID, which the payment sheet checks.
    const brand = client.requestPayment(
      'wx201410272009395522657a690389285100',
      new Date(1_764_000_000_000),
      'wx_brand',
    );
    expect(brand.appId).toBe('wx_brand');
    const signed = Formatter.joinedByLineFeed('wx_brand', brand.timeStamp, brand.nonceStr, brand.package);
    expect(Rsa.verify(signed, brand.paySign, merchant.publicKey)).toBe(true);
  });

  it('writes times as WeChat Pay does, in China Standard Time', () => {
    expect(chinaTime(new Date('2026-11-25T10:00:00Z'))).toBe('2026-11-25T18:00:00+08:00');
  });
});
