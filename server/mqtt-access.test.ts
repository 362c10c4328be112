import { describe, expect, it } from 'vitest';
import { offerTopic } from '../push/index.js';
import { identify, type MqttPrincipal, mayPublish, maySubscribe } from './mqtt-access.js';

const NOW = 1_800_000_000_000;
const TENANT = '11111111-1111-4111-8111-111111111111';
const OTHER_TENANT = '22222222-2222-4222-8222-222222222222';
const STORE = '33333333-3333-4333-8333-333333333333';
const alice: MqttPrincipal = {
  kind: 'shopper',
  tenantId: TENANT,
  shopperId: 'alice',
  expiresAt: NOW + 60_000,
};
const scanner: MqttPrincipal = { kind: 'scanner' };
const server: MqttPrincipal = { kind: 'server' };

describe('who may subscribe', () => {
  it('the server to anything', () => {
    for (const filter of ['#', 'ss/#', `ss/${TENANT}/${STORE}/position/+`, '$SYS/#'])
      expect(maySubscribe(server, filter, NOW)).toBe(true);
  });

  it('a shopper to their own live topic only, exactly as GET /me/offers names it', () => {
    expect(maySubscribe(alice, offerTopic(TENANT, 'alice'), NOW)).toBe(true);
    for (const filter of [
      offerTopic(TENANT, 'bob'),
      offerTopic(TENANT, '+'),
      offerTopic(OTHER_TENANT, 'alice'),
      `ss/${TENANT}/shopper/#`,
      `ss/${TENANT}/${STORE}/position/+`,
      `ss/${TENANT}/${STORE}/zone/+`,
      `ss/${TENANT}/${STORE}/stock/+`,
      'ss/#',
      '#',
      '$SYS/#',
    ])
      expect(maySubscribe(alice, filter, NOW), filter).toBe(false);
  });

  it('a shopper whose token has expired to nothing', () => {
    expect(maySubscribe({ ...alice, expiresAt: NOW }, offerTopic(TENANT, 'alice'), NOW)).toBe(false);
  });

  it('a scanner (anyone without the server’s or a shopper’s login) to nothing', () => {
    for (const filter of ['#', 'ss/#', offerTopic(TENANT, 'alice'), 'espresense/rooms/+/set', 'home/#'])
      expect(maySubscribe(scanner, filter, NOW), filter).toBe(false);
  });
});

describe('who may publish', () => {
  it('a scanner: scans, and its firmware’s own status topics; nothing of the server’s', () => {
    for (const topic of [
      `ss/${TENANT}/${STORE}/scan/ibeacon-raw`,
      `ss/${TENANT}/${STORE}/scan/miniprogram`,
      'espresense/devices/iBeacon:e2c56db5-dffb-48d2-b060-d0f5a71096e0-1-2/kitchen',
      'espresense/rooms/kitchen/status',
      'home/OMG_ESP32_BLE/BTtoMQTT/AABBCCDDEEFF',
      'home/OMG_ESP32_BLE/LWT',
    ])
      expect(mayPublish(scanner, topic, NOW), topic).toBe(true);
    for (const topic of [
      offerTopic(TENANT, 'alice'),
      `ss/${TENANT}/${STORE}/position/device-1`,
      `ss/${TENANT}/${STORE}/zone/z1`,
      `ss/${TENANT}/${STORE}/visit/device-1`,
      `ss/${TENANT}/${STORE}/stock/sku`,
      `ss/${TENANT}/${STORE}/deadletter`,
      `ss/${TENANT}/${STORE}/scan`,
      `ss/${TENANT}/${STORE}/scan/x/y`,
      `ss/${TENANT}//scan/x`,
      '$SYS/broker/x',
      'other/topic',
      'espresense',
    ])
      expect(mayPublish(scanner, topic, NOW), topic).toBe(false);
  });

  it('a shopper: phone scans to their own brand’s stores only', () => {
    expect(mayPublish(alice, `ss/${TENANT}/${STORE}/scan/miniprogram`, NOW)).toBe(true);
    for (const topic of [
      `ss/${OTHER_TENANT}/${STORE}/scan/miniprogram`,
      `ss/${TENANT}/${STORE}/scan/ibeacon-raw`,
      offerTopic(TENANT, 'alice'),
      offerTopic(TENANT, 'bob'),
      `ss/${TENANT}/${STORE}/position/device-1`,
      'espresense/devices/x/kitchen',
    ])
      expect(mayPublish(alice, topic, NOW), topic).toBe(false);
    expect(mayPublish({ ...alice, expiresAt: NOW - 1 }, `ss/${TENANT}/${STORE}/scan/miniprogram`, NOW)).toBe(
      false,
    );
  });

  it('the server: anything', () => {
    expect(mayPublish(server, offerTopic(TENANT, 'alice'), NOW)).toBe(true);
    expect(mayPublish(server, `ss/${TENANT}/${STORE}/position/device-1`, NOW)).toBe(true);
  });
});

describe('who connects', () => {
  const credentials = {
    serverPassword: 'the-server-password',
    shopperOf: (token: string) =>
      token === 'alice-token' ? { tenantId: TENANT, shopperId: 'alice', expiresAt: NOW + 1 } : undefined,
  };
  const pw = (s: string) => Buffer.from(s);

  it('the server with its password, else refused', () => {
    expect(identify('smartstore', pw('the-server-password'), credentials)).toEqual({ kind: 'server' });
    expect(identify('smartstore', pw('the-server-passwore'), credentials)).toBeTypeOf('string');
    expect(identify('smartstore', pw(''), credentials)).toBeTypeOf('string');
    expect(identify('smartstore', undefined, credentials)).toBeTypeOf('string');
  });

  it('a shopper with a valid shopper token, else refused', () => {
    expect(identify('shopper', pw('alice-token'), credentials)).toEqual({
      kind: 'shopper',
      tenantId: TENANT,
      shopperId: 'alice',
      expiresAt: NOW + 1,
    });
    expect(identify('shopper', pw('forged'), credentials)).toBeTypeOf('string');
    expect(identify('shopper', undefined, credentials)).toBeTypeOf('string');
  });

  it('anyone else as a scanner, placeholder credentials and all', () => {
    expect(identify(undefined, undefined, credentials)).toEqual({ kind: 'scanner' });
    expect(identify('your_username', pw('your_password'), credentials)).toEqual({ kind: 'scanner' });
    expect(identify('', undefined, credentials)).toEqual({ kind: 'scanner' });
  });
});
