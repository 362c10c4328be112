/**
 * Where the embedded broker listens: this machine only unless MQTT_EMBEDDED_HOST opens it to the shop's
 * network (its fixed scanners, phones), and the server's own clients reach it either way.
 */
import { connect } from 'node:net';
import { networkInterfaces } from 'node:os';
import mqtt from 'mqtt';
import { afterEach, describe, expect, it } from 'vitest';
import { type BrokerAccess, type EmbeddedBroker, startEmbeddedBroker } from './broker.js';

const everyoneIsServer: BrokerAccess = {
  identify: async () => ({ kind: 'server' }),
  refused: () => {},
  disconnected: () => {},
};

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
      const broker = await startEmbeddedBroker({ tcp: 0, ws: 0 }, everyoneIsServer, '0.0.0.0');
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
});
