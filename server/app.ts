/**
 * The fastify app: infrastructure plugins, coded errors, OpenAPI, and every domain's routes under
 * /api/v1. `buildApp` is what `npm start` runs and what tests inject requests into.
 */

import Fastify, { type FastifyInstance } from 'fastify';
import { analyticsRoutes } from '../analytics/index.js';
import { beaconRoutes } from '../beacons/index.js';
import { commerceRoutes, useCouponWallet } from '../commerce/index.js';
import { gatewayPlugin, gatewayRoutes } from '../gateway/index.js';
import { campaignsInZones, couponRedemptions, couponWallet, marketingRoutes } from '../marketing/index.js';
import { memberRoutes } from '../members/index.js';
import { pushRoutes } from '../push/index.js';
import { onnxRanker } from '../recommender/index.js';
import { serviceRoutes } from '../service/index.js';
import { existingStoreIds, storeRoutes } from '../stores/index.js';
import { tenancyRoutes } from '../tenancy/index.js';
import { venueRoutes } from '../venues/index.js';
import { visitsPlugin } from '../visits/index.js';
import { authPlugin } from './auth.js';
import type { Config } from './config.js';
import { consolePlugin } from './console.js';
import { registerErrorHandler } from './errors.js';
import { healthRoutes } from './health.js';
import { infrastructurePlugin } from './infrastructure.js';
import { acceptEmptyJsonBody } from './json-body.js';
import { metricsPlugin } from './metrics.js';
import { openapiPlugin } from './openapi.js';
import { jwtSecret } from './secrets.js';
import { buildValidator } from './validation.js';

export interface BuildOptions {
  /** Redis key prefix; tests give each app its own. */
  redisPrefix?: string;
}

export const API_PREFIX = '/api/v1';

export async function buildApp(config: Config, options: BuildOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: {
      level: config.LOG_LEVEL,
      redact: ['req.headers.authorization', '*.password', '*.secret'],
      ...(config.LOG_FORMAT === 'pretty'
        ? {
            transport: {
              target: 'pino-pretty',
              options: { translateTime: 'HH:MM:ss', ignore: 'pid,hostname' },
            },
          }
        : {}),
    },
    // Unknown fields are an error the client should hear about, not something silently dropped.
    ajv: { customOptions: { removeAdditional: false, allErrors: false } },
    schemaController: { compilersFactory: { buildValidator } },
    bodyLimit: 1024 * 1024,
  });
  registerErrorHandler(app);
  acceptEmptyJsonBody(app);
  await app.register(metricsPlugin);
  await app.register(openapiPlugin);
  await app.register(infrastructurePlugin, {
    config,
    ...(options.redisPrefix ? { redisPrefix: options.redisPrefix } : {}),
  });
  await app.register(authPlugin, { secret: jwtSecret(config), ttlSeconds: config.JWT_TTL_S });
  await app.register(gatewayPlugin);
  await app.register(visitsPlugin, {
    shopperOf: (tenantId, device) => app.gateway.shopperOf(tenantId, device),
    ...(config.RECOMMENDER_MODEL
      ? {
          ranker: onnxRanker({
            modelPath: config.RECOMMENDER_MODEL,
            warn: (message) => app.log.warn(message),
          }),
        }
      : {}),
  });
  // Orders redeem marketing's coupons; commerce cannot import marketing, which imports it.
  useCouponWallet(couponWallet);
  await app.register(healthRoutes);
  await app.register(consolePlugin);
  await app.register(
    async (api) => {
      await api.register(tenancyRoutes, { existingStores: existingStoreIds });
      await api.register(memberRoutes);
      await api.register(storeRoutes);
      await api.register(gatewayRoutes);
      await api.register(marketingRoutes);
      await api.register(pushRoutes, { couponRedemptions });
      await api.register(venueRoutes, { zoneUsers: campaignsInZones });
      await api.register(beaconRoutes);
      await api.register(commerceRoutes);
      await api.register(analyticsRoutes);
      await api.register(serviceRoutes);
    },
    { prefix: API_PREFIX },
  );
  return app;
}
