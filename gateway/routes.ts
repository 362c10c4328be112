/**
 * HTTP side of the gateway: phones that cannot hold an MQTT connection post their batches, phones
 * report their outdoor location near a store, and the console watches a store's positions live over a
 * WebSocket.
 */
import { distance, point } from '@turf/turf';
import type { FastifyInstance } from 'fastify';
import { type Static, Type } from 'typebox';
import { siteForStore } from '../beacons/index.js';
import { learntCoverage, phonesHeard } from '../positioning/index.js';
import { bearerFromSubprotocol, tenantOf, upgradeRequired } from '../server/auth.js';
import { NotFound } from '../server/errors.js';
import { bearer, errorResponses, IdParams, Uuid } from '../server/schemas.js';
import { brokerPassword } from '../server/secrets.js';
import { getStore, ownStore } from '../stores/index.js';
import { STAFF_ROLES, STORE_STAFF } from '../tenancy/index.js';
import { openVisits } from '../visits/index.js';
import { PhoneBeacons } from './adapters/index.js';
import { learntRadioOf } from './device-store.js';
import { GatewayUnavailable } from './errors.js';
import { liveFeed } from './live.js';
import { ScannerMapping } from './mapping.js';
import { listScanners, replaceScanners, scannerLogins } from './scanners.js';

const tags = ['gateway'];

const ScanBody = Type.Object(
  {
    store_id: Uuid,
    /** When the phone heard the batch, ms since the epoch; the server's clock when absent. */
    ts: Type.Optional(Type.Integer({ minimum: 0 })),
    /** Optional: when given it must be the caller's own device id (the response tells it). */
    device: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    beacons: PhoneBeacons,
  },
  { additionalProperties: false },
);
type ScanBody = Static<typeof ScanBody>;

const LocationBody = Type.Object(
  {
    store_id: Uuid,
    /** When `wx.getLocation` answered, ms since the epoch; the server's clock when absent. */
    ts: Type.Optional(Type.Integer({ minimum: 0 })),
    lat: Type.Number({ minimum: -90, maximum: 90, description: 'wx.getLocation latitude (WGS84)' }),
    lng: Type.Number({ minimum: -180, maximum: 180, description: 'wx.getLocation longitude (WGS84)' }),
    accuracy: Type.Number({ minimum: 0, maximum: 100_000, description: 'wx.getLocation accuracy, metres' }),
  },
  { additionalProperties: false },
);
type LocationBody = Static<typeof LocationBody>;

const LocationAccepted = Type.Object({
  device: Type.String({ description: 'The shopper’s pseudonymous device id, as fixes name it' }),
  distance_m: Type.Number({ description: 'How far the reported location is from the store, metres' }),
});

const StoreScanner = Type.Pick(ScannerMapping, ['source', 'scanner', 'anchor']);
const StoreScanners = Type.Object(
  { scanners: Type.Array(StoreScanner, { maxItems: 1000 }) },
  { additionalProperties: false },
);
type StoreScanners = Static<typeof StoreScanners>;

const ScannerLogins = Type.Object({
  scanners: Type.Array(
    Type.Object({
      ...Type.Pick(ScannerMapping, ['source', 'scanner']).properties,
      username: Type.String({ description: 'The MQTT username to give the scanner’s firmware: its name' }),
      password: Type.String({
        description:
          'Its MQTT password, derived from the server’s secret and where the scanner is registered: a new one when it moves to another store',
      }),
    }),
  ),
});

const StoreRadio = Type.Object({
  levels: Type.Array(
    Type.Object({
      level: Type.Integer(),
      surveyed: Type.Boolean({
        description: 'A calibration walk maps this level; it learns nothing from shoppers',
      }),
      beacons: Type.Integer({ description: 'Beacons of the level whose radio map its shoppers have taught' }),
      known_share: Type.Number({
        description: 'Share of the level’s free floor where at least three beacons’ learnt map is known, 0-1',
      }),
    }),
  ),
  phones: Type.Object({
    level_db: Type.Union([Type.Number(), Type.Null()], {
      description:
        'How much louder (dB, negative: quieter) the store’s phones read its beacons than their declared powers say, the median of the phones settled inside; null until five have; store arrival reads scans against it',
    }),
    phones: Type.Integer({ description: 'Phones it was learnt from (the last 200 at most)' }),
  }),
});

const ScanAccepted = Type.Object({
  device: Type.String({ description: 'The shopper’s pseudonymous device id, as fixes name it' }),
  readings: Type.Integer({ description: 'Readings of this store’s beacons sent to positioning' }),
  unknown_beacons: Type.Integer({ description: 'Readings of beacons the store does not have, set aside' }),
});

export async function gatewayRoutes(app: FastifyInstance): Promise<void> {
  /** The gateway of this server, or 503: phones' posts need one running here. */
  function runningGateway() {
    const gateway = app.gateway.running;
    if (!gateway) throw GatewayUnavailable('The gateway is not running on this server');
    return gateway;
  }

  app.post(
    '/scans',
    {
      schema: {
        tags,
        summary: 'A phone’s beacon batch (wx.onBeaconUpdate), for phones that cannot keep an MQTT connection',
        security: bearer,
        body: ScanBody,
        response: { 202: ScanAccepted, ...errorResponses, 503: Type.Ref('ErrorBody') },
      },
      preHandler: app.requireRole('shopper'),
    },
    async (request, reply) => {
      const gateway = runningGateway();
      const body = request.body as ScanBody;
      const accepted = await gateway.submitPhone({
        tenantId: request.principal.tenantId!,
        shopperId: request.principal.id,
        storeId: body.store_id,
        beacons: body.beacons,
        ...(body.ts === undefined ? {} : { ts: body.ts }),
        ...(body.device === undefined ? {} : { device: body.device }),
      });
      return reply.status(202).send(accepted);
    },
  );

  app.post(
    '/locations',
    {
      schema: {
        tags,
        summary:
          'A phone’s outdoor location (wx.getLocation) near a store: a location far from the store rules out an arrival there',
        security: bearer,
        body: LocationBody,
        response: { 202: LocationAccepted, ...errorResponses, 503: Type.Ref('ErrorBody') },
      },
      preHandler: app.requireRole('shopper'),
    },
    async (request, reply) => {
      const gateway = runningGateway();
      const body = request.body as LocationBody;
      const tenantId = request.principal.tenantId!;
      const store = await app.db.tenant(tenantId, (tx) => getStore(tx, body.store_id));
      if (!store) throw NotFound('Store');
      // wx.getLocation's default `type: 'wgs84'`, the datum of the store's location (not the maps' gcj02).
      const { lng, lat } = store.location;
      const distanceM = distance(point([lng, lat]), point([body.lng, body.lat]), { units: 'meters' });
      const { device } = await gateway.submitLocation({
        tenantId,
        shopperId: request.principal.id,
        storeId: body.store_id,
        distanceM,
        accuracyM: body.accuracy,
        ...(body.ts === undefined ? {} : { ts: body.ts }),
      });
      return reply.status(202).send({ device, distance_m: Math.round(distanceM * 10) / 10 });
    },
  );

  app.get(
    '/stores/:id/scanners',
    {
      schema: {
        tags,
        summary:
          'The fixed scanners (ESPresense rooms, OpenMQTTGateway gateways, raw scanners) mapped to a store',
        security: bearer,
        params: IdParams,
        response: { 200: StoreScanners, ...errorResponses },
      },
      // The staff who place the beacons see which scanners hang at them; changing them and their
      // logins stay with admins and managers.
      preHandler: [app.requireRole(...STORE_STAFF), ownStore(app)],
    },
    async (request) => {
      const { id } = request.params as { id: string };
      return { scanners: await app.db.tenant(tenantOf(request), (tx) => listScanners(tx, id)) };
    },
  );

  app.put(
    '/stores/:id/scanners',
    {
      schema: {
        tags,
        summary: 'Replaces the fixed scanners mapped to a store; each scanner name belongs to one store',
        security: bearer,
        params: IdParams,
        body: StoreScanners,
        response: { 200: StoreScanners, ...errorResponses },
      },
      preHandler: [app.requireRole('brand_admin', 'store_manager'), ownStore(app)],
    },
    async (request) => {
      const { id } = request.params as { id: string };
      const tenantId = tenantOf(request);
      const { scanners } = request.body as StoreScanners;
      const saved = await app.db.tenant(tenantId, (tx) => replaceScanners(tx, tenantId, id, scanners));
      await app.gateway.running?.refreshScanners();
      return { scanners: saved };
    },
  );

  // Apart from the mapping: what GET /scanners gives, PUT takes back as it is, and the passwords are
  // read only when a device is being set up.
  app.get(
    '/stores/:id/scanners/mqtt-logins',
    {
      schema: {
        tags,
        summary:
          'The MQTT login of each of the store’s fixed scanners, to configure its firmware (ESPresense, OpenMQTTGateway, a raw scanner) with',
        security: bearer,
        params: IdParams,
        response: { 200: ScannerLogins, ...errorResponses },
      },
      preHandler: [app.requireRole('brand_admin', 'store_manager'), ownStore(app)],
    },
    async (request, reply) => {
      const { id } = request.params as { id: string };
      const tenantId = tenantOf(request);
      const serverPassword = brokerPassword(app.config);
      reply.header('cache-control', 'no-store');
      return {
        scanners: await app.db.tenant(tenantId, (tx) => scannerLogins(tx, tenantId, id, serverPassword)),
      };
    },
  );

  app.get(
    '/stores/:id/radio-learnt',
    {
      schema: {
        tags,
        summary:
          'How far each level’s radio map, learnt from its shoppers, is known yet (as the gateway last wrote it out, every 5 minutes)',
        security: bearer,
        params: IdParams,
        response: { 200: StoreRadio, ...errorResponses },
      },
      preHandler: [app.requireRole(...STAFF_ROLES), ownStore(app)],
    },
    async (request) => {
      const { id } = request.params as { id: string };
      const tenantId = tenantOf(request);
      const site = await app.db.tenant(tenantId, (tx) => siteForStore(tx, id));
      if (!site) return { levels: [], phones: { level_db: null, phones: 0 } };
      const learnt = await learntRadioOf(app.redis, `${tenantId}/${id}`);
      const { levelDb, phones } = phonesHeard(site, learnt);
      return { levels: learntCoverage(site, learnt), phones: { level_db: levelDb, phones } };
    },
  );

  const live = liveFeed(app.mqtt);
  app.route({
    method: 'GET',
    url: '/stores/:id/live',
    schema: {
      tags,
      summary:
        'Live positions of a store (WebSocket: one JSON message each, a Fix or a shopper’s arrival or departure, the open visits first as arrivals); a plain GET is refused with 426',
      security: bearer,
      params: IdParams,
      response: { 426: Type.Ref('ErrorBody'), ...errorResponses },
    },
    preHandler: [bearerFromSubprotocol, app.requireRole(...STAFF_ROLES), ownStore(app)],
    handler: upgradeRequired,
    wsHandler: (socket, request) => {
      const { id } = request.params as { id: string };
      const tenantId = tenantOf(request);
      // Who is inside already comes first, as arrivals; what happens meanwhile waits behind it.
      let held: string[] | null = [];
      const stop = live.watch(tenantId, id, (message) => (held ? held.push(message) : socket.send(message)));
      socket.on('close', stop);
      app.db
        .tenant(tenantId, (tx) => openVisits(tx, id))
        .then(
          (visits) => {
            for (const v of visits) {
              const since = v.arrivedAt.getTime();
              socket.send(JSON.stringify({ type: 'arrival', ts: since, device: v.device, since }));
            }
          },
          (error) => request.log.error({ err: error }, 'live: open visits'),
        )
        .finally(() => {
          for (const message of held ?? []) socket.send(message);
          held = null;
        });
    },
  });
}
