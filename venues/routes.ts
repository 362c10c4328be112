import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { listBeacons } from '../beacons/index.js';
import type { Tx } from '../db/pool.js';
import { tenantOf } from '../server/auth.js';
import { Forbidden, NotFound, SmartStoreError } from '../server/errors.js';
import { bearer, errorResponses, IdParams } from '../server/schemas.js';
import { getStore, type Store } from '../stores/index.js';
import { STAFF_ROLES, worksAt } from '../tenancy/index.js';
import {
  LevelHasBeacons,
  MapInvalid,
  NoGeoreference,
  NoRoute,
  PlaceBlocked,
  PlaceNotFound,
  ZonesInUse,
} from './errors.js';
import { fitToWidth, transformFromTiepoints } from './floor-plan.js';
import { MapDocumentError, mapFromGeoJSON, mapToGeoJSON } from './geojson.js';
import type { Georeference } from './georeference.js';
import { mapFromImdf, mapToImdf } from './imdf.js';
import {
  floorPlanImage,
  floorPlans,
  loadVenueMap,
  replaceVenueMap,
  saveFloorPlan,
  setFloorPlanTransform,
  zonesOf,
} from './maps.js';
import { type Place, parsePlace, type ResolvedPlace, resolvePlace } from './places.js';
import { soldProducts } from './product-places.js';
import { routeGeoJSON } from './route-geojson.js';
import { findRoute, standable, standableIn, type WalkableGraph, walkableGraph } from './routing.js';
import {
  FloorPlanInfo,
  FloorPlanUpload,
  GeoJsonBody,
  ImdfBody,
  LevelQuery,
  MapResponse,
  RouteQuery,
  RouteResponse,
  ScaleBody,
  ShopperMap,
  VenueMapBody,
  ZoneCreate,
  ZoneCreated,
  ZoneSummary,
  ZonesQuery,
} from './schemas.js';
import { shopperMap } from './shopper-map.js';
import { type LevelPoint, mapProblem, type VenueMap } from './venue-map.js';

const tags = ['venues'];
/** How far routes keep from shelf corners: a shoulder's width, so the line on the plan looks walkable. */
const CLEARANCE_M = 0.4;
const EDITORS = ['brand_admin', 'store_manager'] as const;
/** Floor plan images and map archives are bigger than the API's usual 1 MiB. */
const UPLOAD_LIMIT = 30 * 1024 * 1024;

async function storeOf(tx: Tx, id: string): Promise<Store> {
  const store = await getStore(tx, id);
  if (!store) throw NotFound('Store');
  return store;
}

function mayEdit(request: FastifyRequest, storeId: string): void {
  if (!worksAt(request.principal, storeId)) throw Forbidden('A store manager edits only their own stores');
}

/** What the catalogue calls the SKUs some places name (product name and variant), by code. */
async function catalogueNames(tx: Tx, storeId: string, places: Place[]): Promise<Map<string, string>> {
  const skus = places.flatMap((p) => (p.kind === 'sku' ? [p.sku] : []));
  if (skus.length === 0) return new Map();
  return new Map([...(await soldProducts(tx, storeId, skus))].map(([sku, p]) => [sku, p.name]));
}

/**
 * Where a route's end stands: the place's point or, blocked, one of its others, or else the
 * walkable spot of its area (a zone, a door) nearest its middle.
 */
function standingPoint(graph: WalkableGraph, end: ResolvedPlace, field: 'from' | 'to'): LevelPoint {
  const at =
    [end.point, ...end.alternatives].find((p) => standable(graph, p)) ??
    (end.area && standableIn(graph, end.area, end.point));
  if (!at) throw PlaceBlocked(field);
  return at;
}

function georeferenceOf(store: Store): Georeference {
  if (!store.georeference) throw NoGeoreference();
  return store.georeference;
}

/**
 * Refuses a save that would take from under other parts what they stand on, rather than leave them
 * silently broken: a zone a scheduled, active or paused campaign fires in (the campaign would
 * never fire there again, and no save can bring the zone's id back), a level with beacons on it
 * (positioning would drop them). The user edits or ends the campaigns, moves the beacons, then
 * saves. Drafts and ended campaigns do not hold a save up: the campaign editor shows their zone
 * as deleted, and a draft cannot be scheduled until its zones are picked again.
 */
async function refuseLosses(tx: Tx, storeId: string, map: VenueMap, zoneUsers: ZoneUsers): Promise<void> {
  const kept = new Set(map.features.filter((f) => f.kind === 'zone').map((f) => f.id.toLowerCase()));
  const lost = (await zonesOf(tx, [storeId])).filter((z) => !kept.has(z.id));
  const users = await zoneUsers(
    tx,
    lost.map((z) => z.id),
  );
  if (users.length) {
    const used = lost.filter((z) => users.some((c) => c.zones.includes(z.id)));
    throw ZonesInUse(used, users);
  }
  const levels = new Set(map.levels.map((l) => l.level));
  const { rows } = await tx.query<{ level: number }>('SELECT level FROM venue_levels WHERE store_id = $1', [
    storeId,
  ]);
  const removed = new Set(rows.map((r) => r.level).filter((l) => !levels.has(l)));
  const stranded = (await listBeacons(tx, storeId)).filter((b) => removed.has(b.level));
  if (stranded.length) {
    const level = stranded[0]!.level;
    throw LevelHasBeacons(level, stranded.filter((b) => b.level === level).length);
  }
}

/** Checks a map as a whole (levels exist, products on shelves, polygons simple), then saves it. */
async function saveMap(
  tx: Tx,
  tenantId: string,
  storeId: string,
  map: VenueMap,
  zoneUsers: ZoneUsers,
): Promise<void> {
  const problem = mapProblem(map);
  if (problem) throw MapInvalid(problem.field, problem.problem);
  const rings = [
    ...map.levels.map((l, i) => [`levels.${i}.outline`, l.outline] as const),
    ...map.features.map((f, i) => [`features.${i}.polygon`, f.polygon] as const),
  ];
  const { rows } = await tx.query<{ i: number; reason: string }>(
    `SELECT i::int, ST_IsValidReason(g) AS reason
     FROM unnest($1::text[]) WITH ORDINALITY AS t(j, i), ST_GeomFromGeoJSON(j) AS g
     WHERE NOT ST_IsValid(g) ORDER BY i LIMIT 1`,
    [rings.map(([, ring]) => JSON.stringify({ type: 'Polygon', coordinates: [[...ring, ring[0]]] }))],
  );
  if (rows[0]) throw MapInvalid(rings[rows[0].i - 1]![0], `is not a simple polygon (${rows[0].reason})`);
  await refuseLosses(tx, storeId, map, zoneUsers);
  await replaceVenueMap(tx, tenantId, storeId, map);
}

function readDocument(read: () => VenueMap): VenueMap {
  try {
    return read();
  } catch (error) {
    if (error instanceof MapDocumentError)
      throw MapInvalid(error.field, error.message.slice(error.field.length + 1));
    throw error;
  }
}

/**
 * Walkable graphs of recently routed maps: building one takes a few hundred milliseconds for a
 * two-level store, a route over it about two. Keyed by the map's content, so an edit is seen at once.
 */
function graphCache(size: number) {
  const cache = new Map<string, { key: string; graph: WalkableGraph }>();
  return {
    of(storeId: string, map: VenueMap): WalkableGraph {
      const key = createHash('sha1').update(JSON.stringify(map)).digest('hex');
      const hit = cache.get(storeId);
      cache.delete(storeId);
      const graph = hit?.key === key ? hit.graph : walkableGraph(map, { clearance: CLEARANCE_M });
      cache.set(storeId, { key, graph });
      if (cache.size > size) cache.delete(cache.keys().next().value!);
      return graph;
    },
  };
}

/**
 * What else uses a store's zones, by zone id (the live campaigns firing in them): marketing knows,
 * and marketing reads venues' zones, so the server hands it in rather than venues importing it.
 */
export type ZoneUsers = (
  tx: Tx,
  zoneIds: readonly string[],
) => Promise<{ name: string; status: string; zones: string[] }[]>;

export interface VenueRouteOptions {
  zoneUsers: ZoneUsers;
}

export async function venueRoutes(app: FastifyInstance, { zoneUsers }: VenueRouteOptions): Promise<void> {
  const graphs = graphCache(64);
  app.addSchema(VenueMapBody);
  app.addSchema(FloorPlanInfo);
  app.addSchema(ShopperMap);
  const mapWithPlans = async (tx: Tx, storeId: string) => ({
    map: await loadVenueMap(tx, storeId),
    floor_plans: await floorPlans(tx, storeId),
  });

  app.get(
    '/stores/:id/map',
    {
      preHandler: app.requireRole('shopper', ...STAFF_ROLES),
      schema: {
        tags,
        summary:
          "The store's map in its local frame, with its floor plans, as the editor saves it (staff; shoppers read /stores/:id/map/shopper)",
        security: bearer,
        params: IdParams,
        response: { 200: MapResponse, ...errorResponses },
      },
    },
    async (request) => {
      const { id } = request.params as { id: string };
      // Told where to look rather than only refused: the mini-program's map is a route away.
      if (request.principal.kind === 'shopper')
        throw Forbidden(`The map as saved is for staff: shoppers read GET /api/v1/stores/${id}/map/shopper`);
      return app.db.tenant(tenantOf(request), async (tx) => {
        await storeOf(tx, id);
        return mapWithPlans(tx, id);
      });
    },
  );

  app.get(
    '/stores/:id/map/shopper',
    {
      preHandler: app.requireRole('shopper', ...STAFF_ROLES),
      schema: {
        tags,
        summary:
          "The store's map as the mini-program draws it: levels, walls, shelves, zones, doors, connectors, and where the products it sells are, by name (shoppers; staff see what shoppers see)",
        security: bearer,
        params: IdParams,
        response: { 200: Type.Ref('ShopperMap'), ...errorResponses },
      },
    },
    async (request) => {
      const { id } = request.params as { id: string };
      return app.db.tenant(tenantOf(request), async (tx) => {
        await storeOf(tx, id);
        const map = await loadVenueMap(tx, id);
        return shopperMap(map, await soldProducts(tx, id, [...new Set(map.products.map((p) => p.sku))]));
      });
    },
  );

  app.put(
    '/stores/:id/map',
    {
      preHandler: app.requireRole(...EDITORS),
      bodyLimit: UPLOAD_LIMIT,
      schema: {
        tags,
        summary:
          "Replace the store's map: levels, walls, shelves, zones, openings, connectors, product locations",
        security: bearer,
        params: IdParams,
        body: Type.Ref('VenueMap'),
        response: { 200: MapResponse, ...errorResponses },
      },
    },
    async (request) => {
      const { id } = request.params as { id: string };
      const tenantId = tenantOf(request);
      return app.db.tenant(tenantId, async (tx) => {
        await storeOf(tx, id);
        mayEdit(request, id);
        await saveMap(tx, tenantId, id, request.body as VenueMap, zoneUsers);
        return mapWithPlans(tx, id);
      });
    },
  );

  app.get(
    '/zones',
    {
      preHandler: app.requireRole(...STAFF_ROLES),
      schema: {
        tags,
        summary:
          "The zones of every store map of the brand, or only those asked for: a campaign's zones in one request, not a map per store (staff)",
        security: bearer,
        querystring: ZonesQuery,
        response: { 200: Type.Array(ZoneSummary), ...errorResponses },
      },
    },
    async (request) => {
      const { ids } = request.query as ZonesQuery;
      return app.db.tenant(tenantOf(request), (tx) => zonesOf(tx, [], ids?.split(',')));
    },
  );

  app.post(
    '/stores/:id/zones',
    {
      // Marketers draw the areas their campaigns fire in, but change nothing else of the map.
      preHandler: app.requireRole(...EDITORS, 'marketer'),
      schema: {
        tags,
        summary: 'Add one zone to the store map (a campaign area drawn by a marketer)',
        security: bearer,
        params: IdParams,
        body: ZoneCreate,
        response: { 201: ZoneCreated, ...errorResponses },
      },
    },
    async (request, reply) => {
      const { id } = request.params as { id: string };
      const { level, name, polygon } = request.body as ZoneCreate;
      const tenantId = tenantOf(request);
      const zone = await app.db.tenant(tenantId, async (tx) => {
        await storeOf(tx, id);
        mayEdit(request, id);
        const map = await loadVenueMap(tx, id);
        const before = new Set(map.features.map((f) => f.id));
        const zone = {
          id: 'new',
          level,
          kind: 'zone' as const,
          name,
          polygon,
          height_m: null,
          properties: {},
        };
        const prefix = `features.${map.features.length}.`;
        try {
          await saveMap(tx, tenantId, id, { ...map, features: [...map.features, zone] }, zoneUsers);
        } catch (error) {
          // The map's check names the new feature by its index; the caller sent `level` or `polygon`.
          if (error instanceof SmartStoreError && error.field?.startsWith(prefix))
            throw MapInvalid(error.field.slice(prefix.length), error.message.slice(error.field.length + 1));
          throw error;
        }
        return (await loadVenueMap(tx, id)).features.find((f) => !before.has(f.id))!;
      });
      return reply.status(201).send(zone);
    },
  );

  app.get(
    '/stores/:id/map/geojson',
    {
      preHandler: app.requireRole(...STAFF_ROLES),
      schema: {
        tags,
        summary: "The store's map as a GeoJSON FeatureCollection in WGS84 (staff)",
        security: bearer,
        params: IdParams,
        response: errorResponses,
      },
    },
    async (request, reply) => {
      const { id } = request.params as { id: string };
      const document = await app.db.tenant(tenantOf(request), async (tx) => {
        const ref = georeferenceOf(await storeOf(tx, id));
        return mapToGeoJSON(await loadVenueMap(tx, id), ref);
      });
      return reply.type('application/geo+json').send(JSON.stringify(document));
    },
  );

  /** An import replaces the whole map in one transaction: a document with any fault changes nothing. */
  const importRoute = (
    format: 'geojson' | 'imdf',
    summary: string,
    body: typeof GeoJsonBody | typeof ImdfBody,
    read: (body: unknown, ref: Georeference) => VenueMap,
  ) =>
    app.put(
      `/stores/:id/map/${format}`,
      {
        preHandler: app.requireRole(...EDITORS),
        bodyLimit: UPLOAD_LIMIT * 2,
        schema: {
          tags,
          summary,
          security: bearer,
          params: IdParams,
          body,
          response: { 200: MapResponse, ...errorResponses },
        },
      },
      async (request) => {
        const { id } = request.params as { id: string };
        const tenantId = tenantOf(request);
        return app.db.tenant(tenantId, async (tx) => {
          const ref = georeferenceOf(await storeOf(tx, id));
          mayEdit(request, id);
          await saveMap(
            tx,
            tenantId,
            id,
            readDocument(() => read(request.body, ref)),
            zoneUsers,
          );
          return mapWithPlans(tx, id);
        });
      },
    );

  importRoute(
    'geojson',
    "Replace the store's map from GeoJSON in WGS84; all or nothing",
    GeoJsonBody,
    mapFromGeoJSON,
  );
  importRoute('imdf', "Replace the store's map from an IMDF archive; all or nothing", ImdfBody, (body, ref) =>
    mapFromImdf(Buffer.from((body as { archive_base64: string }).archive_base64, 'base64'), ref),
  );

  app.get(
    '/stores/:id/map/imdf',
    {
      preHandler: app.requireRole(...STAFF_ROLES),
      schema: {
        tags,
        summary: "The store's map as an IMDF archive (zip of GeoJSON files, WGS84) (staff)",
        security: bearer,
        params: IdParams,
        response: errorResponses,
      },
    },
    async (request, reply) => {
      const { id } = request.params as { id: string };
      const { archive, code } = await app.db.tenant(tenantOf(request), async (tx) => {
        const store = await storeOf(tx, id);
        return {
          archive: mapToImdf(await loadVenueMap(tx, id), georeferenceOf(store), store.name),
          code: store.code,
        };
      });
      return reply
        .type('application/zip')
        .header('content-disposition', `attachment; filename="${code}-imdf.zip"`)
        .send(archive);
    },
  );

  app.get(
    '/stores/:id/floor-plan',
    {
      preHandler: app.requireRole(...STAFF_ROLES),
      schema: {
        tags,
        summary: "A level's floor plan image (staff)",
        security: bearer,
        params: IdParams,
        querystring: LevelQuery,
        response: errorResponses,
      },
    },
    async (request, reply) => {
      const { id } = request.params as { id: string };
      const { level } = request.query as { level: number };
      const plan = await app.db.tenant(tenantOf(request), async (tx) => {
        await storeOf(tx, id);
        return floorPlanImage(tx, id, level);
      });
      if (!plan) throw NotFound(`Floor plan of level ${level}`);
      return reply.type(plan.media_type).header('cache-control', 'private, no-cache').send(plan.image);
    },
  );

  app.put(
    '/stores/:id/floor-plan',
    {
      preHandler: app.requireRole(...EDITORS),
      bodyLimit: UPLOAD_LIMIT,
      schema: {
        tags,
        summary: "Upload a level's floor plan image; laid over the level's outline until its scale is set",
        security: bearer,
        params: IdParams,
        querystring: LevelQuery,
        body: FloorPlanUpload,
        response: { 200: Type.Ref('FloorPlanInfo'), ...errorResponses },
      },
    },
    async (request) => {
      const { id } = request.params as { id: string };
      const { level } = request.query as { level: number };
      const body = request.body as FloorPlanUpload;
      const tenantId = tenantOf(request);
      return app.db.tenant(tenantId, async (tx) => {
        await storeOf(tx, id);
        mayEdit(request, id);
        const outline = (await loadVenueMap(tx, id)).levels.find((l) => l.level === level)?.outline;
        if (!outline)
          throw MapInvalid('level', `${level} is not a level of this store's map: draw its outline first`);
        const width = Math.max(...outline.map((p) => p[0])) - Math.min(...outline.map((p) => p[0]));
        return saveFloorPlan(tx, tenantId, id, {
          level,
          media_type: body.media_type,
          width_px: body.width_px,
          height_px: body.height_px,
          transform: body.transform ?? fitToWidth(body.width_px, body.height_px, width),
          image: Buffer.from(body.image_base64, 'base64'),
        });
      });
    },
  );

  app.put(
    '/stores/:id/floor-plan/scale',
    {
      preHandler: app.requireRole(...EDITORS),
      schema: {
        tags,
        summary: "Set a floor plan's scale, rotation and offset from two points of known position",
        security: bearer,
        params: IdParams,
        querystring: LevelQuery,
        body: ScaleBody,
        response: { 200: Type.Ref('FloorPlanInfo'), ...errorResponses },
      },
    },
    async (request) => {
      const { id } = request.params as { id: string };
      const { level } = request.query as { level: number };
      const [p1, p2] = (request.body as ScaleBody).points;
      const transform = transformFromTiepoints(p1, p2);
      if (!transform) throw MapInvalid('points', 'must be two different pixels');
      return app.db.tenant(tenantOf(request), async (tx) => {
        await storeOf(tx, id);
        mayEdit(request, id);
        const plan = await setFloorPlanTransform(tx, id, level, transform);
        if (!plan) throw NotFound(`Floor plan of level ${level}`);
        return plan;
      });
    },
  );

  app.get(
    '/stores/:id/route',
    {
      preHandler: app.requireRole('shopper', ...STAFF_ROLES),
      schema: {
        tags,
        summary: 'The shortest walk to a point, a zone or a product, with turn-by-turn steps',
        security: bearer,
        params: IdParams,
        querystring: RouteQuery,
        response: { 200: RouteResponse, ...errorResponses },
      },
    },
    async (request) => {
      const { id } = request.params as { id: string };
      const query = request.query as { from: string; to: string };
      const parsed = (field: 'from' | 'to') => {
        const place = parsePlace(query[field]);
        if (!place) throw MapInvalid(field, 'must be x,y,level, zone:<name or id> or sku:<code>');
        return place;
      };
      const places = { from: parsed('from'), to: parsed('to') };
      const { store, map, names } = await app.db.tenant(tenantOf(request), async (tx) => ({
        store: await storeOf(tx, id),
        map: await loadVenueMap(tx, id),
        names: await catalogueNames(tx, id, [places.from, places.to]),
      }));
      const resolved = (field: 'from' | 'to') => {
        const end = resolvePlace(map, places[field], names);
        if (!end) throw PlaceNotFound(field, query[field]);
        return end;
      };
      const ends = { from: resolved('from'), to: resolved('to') };
      const graph = graphs.of(id, map);
      const route = findRoute(
        graph,
        standingPoint(graph, ends.from, 'from'),
        standingPoint(graph, ends.to, 'to'),
        {
          // A point says nothing of where it is: the first step names what it is beside instead, the
          // last leaves its place unnamed (a phone words "your destination" in its own language).
          ...(places.from.kind === 'point' ? {} : { departure: ends.from.label }),
          ...(places.to.kind === 'point' ? {} : { arrival: ends.to.label }),
        },
      );
      if (!route) throw NoRoute();
      return { ...route, geojson: store.georeference ? routeGeoJSON(route, store.georeference) : null };
    },
  );
}
