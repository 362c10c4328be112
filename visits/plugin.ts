/**
 * The visits stage inside the app: it listens to the fixes the gateway publishes
 * (`ss/+/+/position/+`) and the phones' outdoor locations it passes on (`ss/+/+/location/+`),
 * keeps each store's presence, ticks once a second for dwell and departures, and hands offers to
 * push on the shopper's live channel. A store's zones, outline
 * and openings (its doors, which mark the façade) come from its map (venues), its time zone from
 * stores.
 */
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { Ring } from '../geofence/index.js';
import { offerPayload } from '../marketing/index.js';
import type { Fix } from '../positioning/index.js';
import { deliver } from '../push/index.js';
import type { ProductRanker } from '../recommender/index.js';
import { getStore } from '../stores/index.js';
import { loadVenueMap } from '../venues/index.js';
import type { OutdoorReport } from './arrival.js';
import { type StoreContext, visitStage } from './stage.js';

const FIX_TOPIC = 'ss/+/+/position/+';
/** The gateway's outdoor location reports (POST /api/v1/locations). */
const LOCATION_TOPIC = 'ss/+/+/location/+';
const TICK_MS = 1000;

export interface VisitsOptions {
  /** The shopper behind a pseudonymous device (the gateway knows it). */
  shopperOf(tenantId: string, device: string): Promise<string | undefined>;
  /** Chooses the products of campaigns' products offers; zone popularity unless given. */
  ranker?: ProductRanker;
}

export const visitsPlugin = fp(
  async (app: FastifyInstance, options: VisitsOptions) => {
    const publish = async (topic: string, message: string) =>
      void (await app.mqtt.publishAsync(topic, message, { qos: 1 }));
    const storeContext = (tenantId: string, storeId: string) =>
      app.db.tenant(tenantId, async (tx): Promise<StoreContext | undefined> => {
        const [store, map] = [await getStore(tx, storeId), await loadVenueMap(tx, storeId)];
        const ground = map.levels.find((l) => l.level === 0) ?? map.levels[0];
        if (!store || !ground) return undefined;
        const ring = (polygon: readonly (readonly [number, number])[]): Ring =>
          polygon.map(([x, y]) => [x, y]);
        return {
          timezone: store.timezone,
          groundLevel: ground.level,
          outline: ring(ground.outline),
          openings: map.features
            .filter((f) => f.kind === 'opening' && f.level === ground.level)
            .map((f) => ring(f.polygon)),
          zones: map.features
            .filter((f) => f.kind === 'zone')
            .map((f) => ({ id: f.id, level: f.level, rings: [ring(f.polygon)] })),
        };
      });
    const stage = visitStage({
      db: app.db,
      publish,
      storeContext,
      shopperOf: options.shopperOf,
      ...(options.ranker ? { ranker: options.ranker } : {}),
      deliver: (offer) =>
        deliver(
          app.db,
          { publish },
          {
            ...offer,
            payload: offerPayload(offer),
          },
        ),
      onError: (error) => app.log.error({ err: error }, 'visits stage'),
    });

    // Fixes of one store are handled in order; stores do not wait for each other.
    const queues = new Map<string, Promise<void>>();
    const onMessage = (topic: string, payload: Buffer) => {
      const [, tenantId, storeId, kind] = topic.split('/');
      if ((kind !== 'position' && kind !== 'location') || !tenantId || !storeId) return;
      // The gateway's fix or location report as published, insideOdds included; the recogniser checks
      // the numbers it uses.
      let message: Fix & OutdoorReport;
      try {
        message = JSON.parse(payload.toString());
      } catch {
        return;
      }
      const handle =
        kind === 'position'
          ? () => stage.handleFix(tenantId, storeId, message)
          : () => stage.handleOutdoor(tenantId, storeId, message);
      const id = `${tenantId}/${storeId}`;
      const next = (queues.get(id) ?? Promise.resolve()).then(handle);
      queues.set(
        id,
        next.catch((error) => app.log.error({ err: error }, 'visits stage')),
      );
    };
    let timer: NodeJS.Timeout | undefined;
    app.addHook('onListen', async () => {
      app.mqtt.on('message', onMessage);
      await app.mqtt.subscribeAsync([FIX_TOPIC, LOCATION_TOPIC], { qos: 1 });
      timer = setInterval(() => {
        stage.tick(Date.now()).catch((error) => app.log.error({ err: error }, 'visits tick'));
      }, TICK_MS);
    });
    app.addHook('onClose', async () => {
      if (timer) clearInterval(timer);
      app.mqtt.off('message', onMessage);
      await Promise.allSettled(queues.values());
    });
  },
  { name: 'visits', dependencies: ['infrastructure'] },
);
