/**
 * Infrastructure plugins: the Postgres pool, Redis and the MQTT client, each decorating the app
 * and closed with it. Domains receive them through the app, never by opening their own.
 */
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { Redis } from 'ioredis';
import mqtt, { type MqttClient } from 'mqtt';
import { Counter } from 'prom-client';
import { createDb, type Db } from '../db/pool.js';
import { scannersNamed } from '../gateway/index.js';
import { shopperOfToken } from './auth.js';
import { type BrokerAccess, type EmbeddedBroker, startEmbeddedBroker } from './broker.js';
import { type Config, splitCredentials } from './config.js';
import { type Credentials, identify, SERVER_USERNAME } from './mqtt-access.js';
import { brokerPassword, type Sealer, sealerFor } from './secrets.js';

export interface MqttLogin {
  username: string;
  password?: string;
}

declare module 'fastify' {
  interface FastifyInstance {
    config: Config;
    /** Seals and opens secrets the database keeps. */
    sealer: Sealer;
    db: Db;
    redis: Redis;
    mqtt: MqttClient;
    /** Where clients reach the broker (the embedded one's WebSocket when MQTT_URL is unset); no credentials. */
    mqttEndpoints: { url: string; wsUrl?: string; embedded: boolean };
    /** The server's own user at the broker, for its clients (app.mqtt, the gateway's); never log or show it. */
    mqttLogin: MqttLogin | undefined;
  }
}

const MQTT_CONNECT_WAIT_MS = 5000;

/**
 * The embedded broker's gatekeeping: the server's user, shoppers' tokens, the stores' registered
 * scanners, anonymous scans as configured; refusals and the clients it cut off logged and counted.
 */
function brokerAccess(app: FastifyInstance, config: Config): BrokerAccess {
  const refusals = new Counter({
    name: 'ss_mqtt_refused_total',
    help: 'What the embedded MQTT broker refused, by action (connect, subscribe, publish) and who asked',
    labelNames: ['action', 'who'] as const,
    registers: [app.metrics],
  });
  const disconnections = new Counter({
    name: 'ss_mqtt_disconnected_total',
    help: 'Clients the embedded MQTT broker disconnected by itself, by who they were and why (token_expired, scanner_removed)',
    labelNames: ['who', 'reason'] as const,
    registers: [app.metrics],
  });
  const credentials: Credentials = {
    serverPassword: brokerPassword(config),
    // app.jwt is there by the time a client connects (the auth plugin registers after this one).
    shopperOf: (token) => shopperOfToken(app, token),
    scannersNamed: (name) => scannersNamed(app.db, name),
    anonymousScans: config.MQTT_ANONYMOUS_SCANS === 'allow',
  };
  return {
    identify: (username, password) => identify(username, password, credentials),
    refused(refusal) {
      refusals.labels(refusal.action, refusal.who).inc();
      app.log.warn({ mqtt: refusal }, `embedded MQTT broker refused a ${refusal.action}`);
    },
    disconnected(disconnection) {
      disconnections.labels(disconnection.who, disconnection.reason).inc();
      app.log.info(
        { mqtt: disconnection },
        `embedded MQTT broker disconnected a client (${disconnection.reason})`,
      );
    },
  };
}

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
      broker = await startEmbeddedBroker(
        { tcp: config.MQTT_EMBEDDED_PORT, ws: config.MQTT_EMBEDDED_WS_PORT },
        brokerAccess(app, config),
        { host: config.MQTT_EMBEDDED_HOST },
      );
      app.log.info({ url: broker.url, ws: broker.wsUrl }, 'embedded MQTT broker started');
    }
    // MQTT_URL may carry the server's user at a broker with an ACL: mqtt://user:pass@host:port.
    const given = config.MQTT_URL ? splitCredentials(config.MQTT_URL) : undefined;
    const url = given?.url ?? broker!.url;
    const login: MqttLogin | undefined = broker
      ? { username: SERVER_USERNAME, password: brokerPassword(config) }
      : given?.username
        ? { username: given.username, ...(given.password === undefined ? {} : { password: given.password }) }
        : undefined;
    app.decorate(
      'mqttEndpoints',
      broker ? { url, wsUrl: broker.wsUrl, embedded: true } : { url, embedded: false },
    );
    app.decorate('mqttLogin', login);
    const client = mqtt.connect(url, {
      ...login,
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
