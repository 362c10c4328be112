/**
 * The gateway inside the app: `app.gateway` starts and stops ingestion. It starts by itself when the
 * server listens (npm start) and stops when the app closes; tests and the benchmark start it with
 * their own settings and site directory. By default a store's site is its map and beacon registry
 * (beacons' `siteForStore`); a store without a map is unknown, its scans dead-lettered `unknown-store`.
 */
import fastifyWebsocket from '@fastify/websocket';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { markHeard, siteForStore } from '../beacons/index.js';
import { hasConsent } from '../members/index.js';
import { shopperOfToken } from '../server/auth.js';
import { jwtSecret } from '../server/secrets.js';
import { type DeviceIdOf, deviceIds } from './device-id.js';
import { type Gateway, type ShopperIdentity, type SiteDirectory, startGateway } from './gateway.js';
import { type ShopperIdentities, shopperIdentities } from './identities.js';
import { type GatewaySettings, gatewaySettings, settingsFromEnv } from './settings.js';

export interface GatewayStart {
  settings?: Partial<GatewaySettings>;
  sites?: SiteDirectory;
}

export interface GatewayControl {
  start(options?: GatewayStart): Promise<Gateway>;
  /** Stops the running gateway (see Gateway.stop: drained unless `drain: false`). */
  stop(options?: { drain?: boolean }): Promise<void>;
  readonly running: Gateway | undefined;
  /** The pseudonymous device id of a shopper, as their fixes name it. */
  deviceIdOf: DeviceIdOf;
  /** The shopper behind a device id the gateway has derived (within the last day). */
  shopperOf: ShopperIdentities['shopperOf'];
}

declare module 'fastify' {
  interface FastifyInstance {
    gateway: GatewayControl;
  }
}

/** Verified tokens are remembered so that a phone's batch each second costs a map lookup, not an HMAC. */
const TOKEN_CACHE_MAX = 50_000;

export const gatewayPlugin = fp(
  async (app: FastifyInstance) => {
    if (!app.hasDecorator('websocketServer')) await app.register(fastifyWebsocket);
    const identities = shopperIdentities(app.redis, (error) =>
      app.log.warn({ err: error }, 'redis write failed'),
    );
    const derive = deviceIds(jwtSecret(app.config));
    // Every device id the gateway derives is an authenticated shopper's: note whose it is.
    const deviceIdOf: DeviceIdOf = (tenantId, shopperId) => {
      const device = derive(tenantId, shopperId);
      identities.remember(tenantId, device, shopperId);
      return device;
    };
    const tokens = new Map<string, { who: ShopperIdentity; expires: number }>();

    function authenticate(token: string): ShopperIdentity | undefined {
      const known = tokens.get(token);
      if (known && known.expires > Date.now()) return known.who;
      const shopper = shopperOfToken(app, token);
      if (!shopper) return undefined;
      const who = { tenantId: shopper.tenantId, shopperId: shopper.shopperId };
      if (tokens.size >= TOKEN_CACHE_MAX) tokens.clear();
      tokens.set(token, { who, expires: shopper.expiresAt });
      return who;
    }

    let running: Gateway | undefined;
    let starting: Promise<Gateway> | undefined;
    const control: GatewayControl = {
      get running() {
        return running;
      },
      deviceIdOf,
      shopperOf: identities.shopperOf,
      start(options = {}) {
        starting ??= startGateway(
          {
            brokerUrl: app.mqttEndpoints.url,
            brokerLogin: app.mqttLogin,
            publisher: app.mqtt,
            db: app.db,
            redis: app.redis,
            metrics: app.metrics,
            log: app.log,
            sites: options.sites ?? {
              siteFor: (tenantId, storeId) => app.db.tenant(tenantId, (tx) => siteForStore(tx, storeId)),
            },
            authenticate,
            deviceIdOf,
            beaconsHeard: (tenantId, beacons) => app.db.tenant(tenantId, (tx) => markHeard(tx, beacons)),
            consent: (tenantId, shopperId) =>
              app.db.tenant(tenantId, (tx) => hasConsent(tx, shopperId, 'location_tracking')),
          },
          gatewaySettings({ ...settingsFromEnv(process.env), ...options.settings }),
        ).then(
          (gateway) => (running = gateway),
          (error) => {
            starting = undefined;
            throw error;
          },
        );
        return starting;
      },
      async stop(options) {
        const gateway = await starting?.catch(() => undefined);
        starting = undefined;
        running = undefined;
        await gateway?.stop(options);
      },
    };
    app.decorate('gateway', control);
    app.addHook('onListen', async () => {
      control.start().catch((error) => app.log.error({ err: error }, 'gateway failed to start'));
    });
    app.addHook('onClose', () => control.stop());
  },
  { name: 'gateway', dependencies: ['infrastructure', 'auth', 'metrics'] },
);
