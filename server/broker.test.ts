/**
 * Where the embedded broker listens: this machine only unless MQTT_EMBEDDED_HOST opens it to the shop's
 * network (its fixed scanners, phones), and the server's own clients reach it either way.
 */
import { connect } from 'node:net';
import { networkInterfaces } from 'node:os';
import mqtt from 'mqtt';
import { afterEach, describe, expect, it } from 'vitest';
import { type BrokerAccess, type Disconnection, type EmbeddedBroker, startEmbeddedBroker } from './broker.js';
import type { RegisteredScanner } from './mqtt-access.js';

const everyoneIsServer: BrokerAccess = {
  identify: async () => ({ kind: 'server' }),
  refused: () => {},
  disconnected: () => {},
};

const TILL: RegisteredScanner = { tenantId: 't1', storeId: 's1', source: 'ibeacon-raw', scanner: 'till-1' };
const TILL_TOPIC = 'ss/t1/s1/scan/ibeacon-raw';

/** Scanners registered as in the database, which a test changes under the broker's feet. */
function scannerRegistry() {
  const registered = new Map<string, RegisteredScanner>([[TILL.scanner, TILL]]);
  const disconnections: Disconnection[] = [];
  let databaseDown = false;
  const access: BrokerAccess = {
    identify: async (username) => {
      if (databaseDown) throw new Error('connection refused');
      const scanner = registered.get(username ?? '');
      return scanner ? { kind: 'scanner', ...scanner } : 'not registered';
    },
    refused: () => {},
    disconnected: (d) => disconnections.push(d),
  };
  return {
    access,
    registered,
    disconnections,
    databaseDown: (down: boolean) => {
      databaseDown = down;
    },
  };
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const closing = (client: mqtt.MqttClient) =>
  new Promise<void>((resolve) => client.once('close', () => resolve()));

/** This machine's address on its network, if it has one besides loopback. */
const lan = Object.values(networkInterfaces())
  .flat()
  .find((a) => a && a.family === 'IPv4' && !a.internal)?.address;

const reachable = (host: string, port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = connect({ host, port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });

const portOf = (url: string) => Number(new URL(url).port);

let brokers: EmbeddedBroker[] = [];
afterEach(async () => {
  await Promise.all(brokers.map((b) => b.close()));
  brokers = [];
});

describe('the embedded broker', () => {
  it('listens on this machine only by default, where the server reaches it', async () => {
    const broker = await startEmbeddedBroker({ tcp: 0, ws: 0 }, everyoneIsServer);
    brokers.push(broker);
    expect(broker.url).toMatch(/^mqtt:\/\/127\.0\.0\.1:\d+$/);
    const client = await mqtt.connectAsync(broker.url, { username: 'smartstore', password: 'x' });
    expect(client.connected).toBe(true);
    await client.endAsync();
    if (lan) expect(await reachable(lan, portOf(broker.url))).toBe(false);
  });

  it.skipIf(!lan)(
    "opens to the shop's network on 0.0.0.0, and the server still reaches it locally",
    async () => {
      const broker = await startEmbeddedBroker({ tcp: 0, ws: 0 }, everyoneIsServer, { host: '0.0.0.0' });
      brokers.push(broker);
      expect(broker.url).toMatch(/^mqtt:\/\/127\.0\.0\.1:\d+$/);
      const scanner = await mqtt.connectAsync(`mqtt://${lan}:${portOf(broker.url)}`, {
        username: 'smartstore',
        password: 'x',
      });
      expect(scanner.connected).toBe(true);
      await scanner.endAsync();
      expect(await reachable(lan!, portOf(broker.wsUrl))).toBe(true);
    },
  );

  describe('a scanner removed or moved while connected', () => {
    const RECHECK_MS = 100;
    const start = async (access: BrokerAccess) => {
      const broker = await startEmbeddedBroker({ tcp: 0, ws: 0 }, access, { recheckScannersMs: RECHECK_MS });
      brokers.push(broker);
      return mqtt.connectAsync(broker.url, { username: TILL.scanner, password: 'x', reconnectPeriod: 0 });
    };

    it('is cut off at its first publish after the next look-up, and counted', async () => {
      const registry = scannerRegistry();
      const scanner = await start(registry.access);
      await scanner.publishAsync(TILL_TOPIC, '{}', { qos: 1 });
      registry.registered.delete(TILL.scanner);
      // Within the re-check's interval its login still holds.
      await scanner.publishAsync(TILL_TOPIC, '{}', { qos: 1 });
      expect(scanner.connected).toBe(true);
      await pause(RECHECK_MS * 2);
      const closed = closing(scanner);
      scanner.publish(TILL_TOPIC, '{}', { qos: 1 });
      await closed;
      expect(registry.disconnections).toEqual([
        { clientId: expect.any(String), who: 'scanner', reason: 'scanner_removed' },
      ]);
      await scanner.endAsync(true);
    });

    it('is cut off when moved to another store, whose topic it never had', async () => {
      const registry = scannerRegistry();
      const scanner = await start(registry.access);
      registry.registered.set(TILL.scanner, { ...TILL, storeId: 's2' });
      await pause(RECHECK_MS * 2);
      const closed = closing(scanner);
      scanner.publish(TILL_TOPIC, '{}', { qos: 1 });
      await closed;
      expect(registry.disconnections.map((d) => d.reason)).toEqual(['scanner_removed']);
      await scanner.endAsync(true);
    });

    it('keeps publishing while still registered, and while the registry cannot be read', async () => {
      const registry = scannerRegistry();
      const scanner = await start(registry.access);
      for (let i = 0; i < 3; i++) {
        await pause(RECHECK_MS * 1.5);
        await scanner.publishAsync(TILL_TOPIC, '{}', { qos: 1 });
      }
      registry.databaseDown(true);
      await pause(RECHECK_MS * 1.5);
      await scanner.publishAsync(TILL_TOPIC, '{}', { qos: 1 });
      expect(scanner.connected).toBe(true);
      expect(registry.disconnections).toEqual([]);
      await scanner.endAsync();
    });
  });
});
