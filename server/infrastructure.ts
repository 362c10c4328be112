/**
 * Infrastructure plugins: the Postgres pool, Redis and the MQTT client, each decorating the app
 * and closed with it. Domains receive them through the app, never by opening their own.
 */
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { Redis } from 'ioredis';
import mqtt, { type MqttClient } from 'mqtt';
import { createDb, type Db } from '../db/pool.js';
import { type EmbeddedBroker, startEmbeddedBroker } from './broker.js';
import type { Config } from './config.js';
import { type Sealer, sealerFor } from './secrets.js';

declare module 'fastify' {
  interface FastifyInstance {
    config: Config;
    /** Seals and opens secrets the database keeps. */
    sealer: Sealer;
    db: Db;
    redis: Redis;
    mqtt: MqttClient;
    /** Where clients reach the broker (the embedded one's WebSocket when MQTT_URL is unset). */
    mqttEndpoints: { url: string; wsUrl?: string; embedded: boolean };
  }
}

const MQTT_CONNECT_WAIT_MS = 5000;

export interface InfrastructureOptions {
  config: Config;
  /** Key prefix for Redis, so tests and tenants of one Redis never collide. */
  redisPrefix?: string;
}

export const infrastructurePlugin = fp(
  async (app: FastifyInstance, { config, redisPrefix }: InfrastructureOptions) => {
    app.decorate('config', config);
    app.decorate('sealer', sealerFor(config));

    const db = createDb(config.DATABASE_URL);
    app.decorate('db', db);
    app.addHook('onClose', () => db.close());

    const redis = new Redis(config.REDIS_URL, { keyPrefix: redisPrefix ?? 'ss:', maxRetriesPerRequest: 2 });
    redis.on('error', (error) => app.log.warn({ err: error }, 'redis error'));
    app.decorate('redis', redis);
    app.addHook('onClose', async () => void (await redis.quit().catch(() => redis.disconnect())));

    let broker: EmbeddedBroker | undefined;
    if (!config.MQTT_URL) {
      broker = await startEmbeddedBroker({
        tcp: config.MQTT_EMBEDDED_PORT,
        ws: config.MQTT_EMBEDDED_WS_PORT,
      });
      app.log.info({ url: broker.url, ws: broker.wsUrl }, 'embedded MQTT broker started');
    }
    const url = config.MQTT_URL ?? broker!.url;
    app.decorate(
      'mqttEndpoints',
      broker ? { url, wsUrl: broker.wsUrl, embedded: true } : { url, embedded: false },
    );
    const client = mqtt.connect(url, {
      clientId: `ss-server-${process.pid}-${Date.now().toString(36)}`,
      reconnectPeriod: 1000,
    });
    client.on('error', (error) => app.log.warn({ err: error }, 'mqtt error'));
    app.decorate('mqtt', client);
    // Start with the broker reachable when it is; a broker that is down is reported by /health, not fatal.
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        app.log.warn({ url }, 'MQTT broker not reachable yet; retrying in the background');
        resolve();
      }, MQTT_CONNECT_WAIT_MS);
      client.once('connect', () => {
        clearTimeout(timer);
        resolve();
      });
    });
    app.addHook('onClose', async () => {
      await client.endAsync(true);
      await broker?.close();
    });
  },
  { name: 'infrastructure' },
);
