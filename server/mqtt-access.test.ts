import { describe, expect, it } from 'vitest';
import { offerTopic } from '../push/index.js';
import {
  type Credentials,
  identify,
  type MqttPrincipal,
  mayPublish,
  maySubscribe,
  type RegisteredScanner,
  scannerPassword,
} from './mqtt-access.js';

const NOW = 1_800_000_000_000;
const TENANT = '11111111-1111-4111-8111-111111111111';
const OTHER_TENANT = '22222222-2222-4222-8222-222222222222';
const STORE = '33333333-3333-4333-8333-333333333333';
const OTHER_STORE = '44444444-4444-4444-8444-444444444444';
const alice: MqttPrincipal = {
  kind: 'shopper',
  tenantId: TENANT,
  shopperId: 'alice',
  expiresAt: NOW + 60_000,
};
const anonymous: MqttPrincipal = { kind: 'anonymous' };
const at = { tenantId: TENANT, storeId: STORE };
const raw: RegisteredScanner = { ...at, source: 'ibeacon-raw', scanner: 'till-1' };
const kitchen: RegisteredScanner = { ...at, source: 'espresense', scanner: 'kitchen' };
const omg: RegisteredScanner = { ...at, source: 'openmqttgateway', scanner: 'OMG_ESP32_BLE' };
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

  it('a scanner, registered or anonymous, to nothing', () => {
    for (const who of [anonymous, ...[raw, kitchen, omg].map((s) => ({ kind: 'scanner' as const, ...s }))])
      for (const filter of ['#', 'ss/#', offerTopic(TENANT, 'alice'), 'espresense/rooms/+/set', 'home/#'])
        expect(maySubscribe(who, filter, NOW), `${who.kind} ${filter}`).toBe(false);
  });
});

describe('who may publish', () => {
  it('an anonymous scanner (when allowed): scans, and its firmware’s own status topics; nothing of the server’s', () => {
    for (const topic of [
      `ss/${TENANT}/${STORE}/scan/ibeacon-raw`,
      `ss/${TENANT}/${STORE}/scan/miniprogram`,
      'espresense/devices/iBeacon:e2c56db5-dffb-48d2-b060-d0f5a71096e0-1-2/kitchen',
      'espresense/rooms/kitchen/status',
      'home/OMG_ESP32_BLE/BTtoMQTT/AABBCCDDEEFF',
      'home/OMG_ESP32_BLE/LWT',
    ])
      expect(mayPublish(anonymous, topic, NOW), topic).toBe(true);
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
      expect(mayPublish(anonymous, topic, NOW), topic).toBe(false);
  });

  const allowed = (scanner: RegisteredScanner, topics: string[], expected: boolean) => {
    for (const topic of topics)
      expect(mayPublish({ kind: 'scanner', ...scanner }, topic, NOW), `${scanner.scanner} ${topic}`).toBe(
        expected,
      );
  };

  it('a registered raw scanner: its own store’s raw scans only', () => {
    allowed(raw, [`ss/${TENANT}/${STORE}/scan/ibeacon-raw`], true);
    allowed(
      raw,
      [
        `ss/${TENANT}/${OTHER_STORE}/scan/ibeacon-raw`,
        `ss/${OTHER_TENANT}/${STORE}/scan/ibeacon-raw`,
        `ss/${TENANT}/${STORE}/scan/miniprogram`,
        `ss/${TENANT}/${STORE}/position/device-1`,
        offerTopic(TENANT, 'alice'),
        'espresense/devices/x/till-1',
        'home/till-1/BTtoMQTT/AABBCCDDEEFF',
      ],
      false,
    );
  });

  it('a registered ESPresense node: its own room’s readings, status and telemetry only', () => {
    allowed(
      kitchen,
      [
        'espresense/devices/iBeacon:e2c56db5-dffb-48d2-b060-d0f5a71096e0-1-2/kitchen',
        'espresense/rooms/kitchen/status',
        'espresense/rooms/kitchen/telemetry',
      ],
      true,
    );
    allowed(
      kitchen,
      [
        'espresense/devices/iBeacon:e2c56db5-dffb-48d2-b060-d0f5a71096e0-1-2/hall',
        'espresense/devices/x/kitchen/more',
        'espresense/rooms/hall/status',
        'espresense/rooms/kitchen',
        'espresense/devices/+/kitchen',
        `ss/${TENANT}/${STORE}/scan/ibeacon-raw`,
        'home/kitchen/BTtoMQTT/AABBCCDDEEFF',
      ],
      false,
    );
  });

  it('a registered OpenMQTTGateway / Theengs gateway: its own base topic only', () => {
    allowed(omg, ['home/OMG_ESP32_BLE/BTtoMQTT/AABBCCDDEEFF', 'home/OMG_ESP32_BLE/LWT'], true);
    allowed(
      omg,
      [
        'home/OMG_ESP32_BLE',
        'home/OTHER_GATEWAY/BTtoMQTT/AABBCCDDEEFF',
        'home/#',
        'espresense/rooms/OMG_ESP32_BLE/status',
        `ss/${TENANT}/${STORE}/scan/ibeacon-raw`,
      ],
      false,
    );
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
  const SERVER_PASSWORD = 'the-server-password';
  // The same name in two formats (names are unique per format): the password tells which it is.
  const registered: RegisteredScanner[] = [kitchen, { ...kitchen, source: 'openmqttgateway' }];
  const credentials = (anonymousScans = false): Credentials => ({
    serverPassword: SERVER_PASSWORD,
    shopperOf: (token: string) =>
      token === 'alice-token' ? { tenantId: TENANT, shopperId: 'alice', expiresAt: NOW + 1 } : undefined,
    scannersNamed: async (name) => registered.filter((s) => s.scanner === name),
    anonymousScans,
  });
  const pw = (s: string) => Buffer.from(s);

  it('the server with its password, else refused', async () => {
    expect(await identify('smartstore', pw(SERVER_PASSWORD), credentials())).toEqual({ kind: 'server' });
    expect(await identify('smartstore', pw('the-server-passwore'), credentials())).toBeTypeOf('string');
    expect(await identify('smartstore', pw(''), credentials())).toBeTypeOf('string');
    expect(await identify('smartstore', undefined, credentials(true))).toBeTypeOf('string');
  });

  it('a shopper with a valid shopper token, else refused', async () => {
    expect(await identify('shopper', pw('alice-token'), credentials())).toEqual({
      kind: 'shopper',
      tenantId: TENANT,
      shopperId: 'alice',
      expiresAt: NOW + 1,
    });
    expect(await identify('shopper', pw('forged'), credentials())).toBeTypeOf('string');
    expect(await identify('shopper', undefined, credentials(true))).toBeTypeOf('string');
  });

  it('a registered scanner by its name with its own password, else refused, even where anonymous scans are allowed', async () => {
    const omgKitchen = registered[1]!;
    expect(await identify('kitchen', pw(scannerPassword(SERVER_PASSWORD, kitchen)), credentials())).toEqual({
      kind: 'scanner',
      ...kitchen,
    });
    expect(
      await identify('kitchen', pw(scannerPassword(SERVER_PASSWORD, omgKitchen)), credentials()),
    ).toEqual({ kind: 'scanner', ...omgKitchen });
    for (const password of [
      undefined,
      pw(''),
      pw(scannerPassword('another-server', kitchen)),
      pw(SERVER_PASSWORD),
    ])
      expect(await identify('kitchen', password, credentials(true))).toMatch(
        /wrong password for scanner kitchen/,
      );
  });

  it('anyone else as anonymous, placeholder credentials and all, only where anonymous scans are allowed', async () => {
    for (const [username, password] of [
      [undefined, undefined],
      ['your_username', pw('your_password')],
      ['', undefined],
    ] as const) {
      expect(await identify(username, password, credentials(true))).toEqual({ kind: 'anonymous' });
      expect(await identify(username, password, credentials(false))).toMatch(/MQTT_ANONYMOUS_SCANS=deny/);
    }
  });
});

describe('a registered scanner’s password', () => {
  it('is the same wherever the server’s password is, and new for another server, store, brand or format', () => {
    const password = scannerPassword('p', kitchen);
    expect(scannerPassword('p', { ...kitchen })).toBe(password);
    for (const other of [
      scannerPassword('q', kitchen),
      scannerPassword('p', { ...kitchen, storeId: OTHER_STORE }),
      scannerPassword('p', { ...kitchen, tenantId: OTHER_TENANT }),
      scannerPassword('p', { ...kitchen, source: 'openmqttgateway' }),
      scannerPassword('p', { ...kitchen, scanner: 'kitchen2' }),
    ])
      expect(other).not.toBe(password);
  });
});
