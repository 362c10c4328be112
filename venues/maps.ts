/**
 * Store maps in PostGIS: read a whole map, replace it in one transaction (the editor and the
 * importers both save whole maps, so a failed import changes nothing), floor plan images.
 * Geometry crosses as GeoJSON text in the store frame (SRID 0).
 */
import type { Tx } from '../db/pool.js';
import type { Point, Polygon } from '../positioning/index.js';
import type { PlanTransform } from './floor-plan.js';
import type { ConnectorKind, FeatureKind, MapFeature, VenueMap } from './venue-map.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const polygonSql = (polygon: Polygon) =>
  JSON.stringify({ type: 'Polygon', coordinates: [[...polygon, polygon[0]!]] });

const ringOf = (geojson: string): Point[] => {
  const ring = (JSON.parse(geojson) as { coordinates: [number, number][][] }).coordinates[0]!;
  return ring.slice(0, -1);
};

const GEOM = (param: string) => `ST_SetSRID(ST_GeomFromGeoJSON(${param}), 0)`;

export async function loadVenueMap(tx: Tx, storeId: string): Promise<VenueMap> {
  const levels = await tx.query(
    `SELECT level, name, height_m, ST_AsGeoJSON(outline) AS outline FROM venue_levels WHERE store_id = $1 ORDER BY level`,
    [storeId],
  );
  const features = await tx.query(
    `SELECT id, level, kind, name, ST_AsGeoJSON(geom) AS geom, height_m, properties
     FROM venue_features WHERE store_id = $1 ORDER BY level, kind, name, id`,
    [storeId],
  );
  const connectors = await tx.query(
    `SELECT id, kind, name, from_level, ST_X(from_point) AS fx, ST_Y(from_point) AS fy,
            to_level, ST_X(to_point) AS tx, ST_Y(to_point) AS ty, seconds, two_way
     FROM venue_connectors WHERE store_id = $1 ORDER BY created_at, id`,
    [storeId],
  );
  const products = await tx.query(
    `SELECT sku, feature_id, slot, level, ST_X(point) AS x, ST_Y(point) AS y FROM product_locations
     WHERE store_id = $1 ORDER BY sku`,
    [storeId],
  );
  return {
    levels: levels.rows.map((r) => ({
      level: r.level,
      name: r.name,
      height_m: r.height_m,
      outline: ringOf(r.outline),
    })),
    features: features.rows.map(
      (r): MapFeature => ({
        id: r.id,
        level: r.level,
        kind: r.kind as FeatureKind,
        name: r.name,
        polygon: ringOf(r.geom),
        height_m: r.height_m,
        properties: r.properties,
      }),
    ),
    connectors: connectors.rows.map((r) => ({
      id: r.id,
      kind: r.kind as ConnectorKind,
      name: r.name,
      from: { level: r.from_level, x: r.fx, y: r.fy },
      to: { level: r.to_level, x: r.tx, y: r.ty },
      seconds: r.seconds,
      two_way: r.two_way,
    })),
    products: products.rows.map((r) => ({
      sku: r.sku,
      feature: r.feature_id,
      slot: r.slot,
      level: r.level,
      x: r.x,
      y: r.y,
    })),
  };
}

export interface ZoneRef {
  id: string;
  store_id: string;
  level: number;
  /** The level's name, as the editor's level picker shows it. */
  level_name: string;
  name: string | null;
  /** A point inside the zone (its middle, for a convex one), metres: where to look for it on the plan. */
  at: Point;
}

/**
 * The zones of these stores' maps (of every store of the brand when `storeIds` is empty); only those
 * with these ids when `ids` is given.
 */
export async function zonesOf(
  tx: Tx,
  storeIds: readonly string[],
  ids?: readonly string[],
): Promise<ZoneRef[]> {
  const { rows } = await tx.query<Omit<ZoneRef, 'at'> & { x: number; y: number }>(
    `SELECT f.id::text, f.store_id::text, f.level, l.name AS level_name, f.name,
            ST_X(p) AS x, ST_Y(p) AS y
     FROM venue_features f
     JOIN venue_levels l ON l.store_id = f.store_id AND l.level = f.level
     CROSS JOIN LATERAL ST_PointOnSurface(f.geom) AS p
     WHERE f.kind = 'zone' AND (cardinality($1::uuid[]) = 0 OR f.store_id = ANY($1::uuid[]))
       AND ($2::uuid[] IS NULL OR f.id = ANY($2::uuid[]))
     ORDER BY f.store_id, f.level, f.name, f.id`,
    [storeIds, ids ?? null],
  );
  return rows.map(({ x, y, ...zone }) => ({ ...zone, at: [x, y] }));
}

/**
 * Replaces the store's map with `map` (checked with mapProblem first). Ids this store already has
 * are kept, so an editor's save renumbers nothing; others (a new shape, another store's export) get
 * new ones. Floor plans of levels that remain are kept.
 */
export async function replaceVenueMap(
  tx: Tx,
  tenantId: string,
  storeId: string,
  map: VenueMap,
): Promise<void> {
  const kept = map.levels.map((l) => l.level);
  const { rows: existing } = await tx.query<{ id: string }>(
    'SELECT id FROM venue_features WHERE store_id = $1 UNION ALL SELECT id FROM venue_connectors WHERE store_id = $1',
    [storeId],
  );
  const own = new Set(existing.map((r) => r.id));
  const keep = (id: string) => (UUID.test(id) && own.has(id.toLowerCase()) ? id : null);
  await tx.query('DELETE FROM venue_connectors WHERE store_id = $1', [storeId]);
  await tx.query('DELETE FROM venue_features WHERE store_id = $1', [storeId]);
  await tx.query('DELETE FROM venue_levels WHERE store_id = $1 AND NOT (level = ANY($2::int[]))', [
    storeId,
    kept,
  ]);
  for (const l of map.levels) {
    await tx.query(
      `INSERT INTO venue_levels (tenant_id, store_id, level, name, height_m, outline)
       VALUES ($1, $2, $3, $4, $5, ${GEOM('$6')})
       ON CONFLICT (store_id, level) DO UPDATE SET name = EXCLUDED.name, height_m = EXCLUDED.height_m, outline = EXCLUDED.outline`,
      [tenantId, storeId, l.level, l.name, l.height_m, polygonSql(l.outline)],
    );
  }
  const ids = new Map<string, string>();
  for (const f of map.features) {
    const { rows } = await tx.query<{ id: string }>(
      `INSERT INTO venue_features (id, tenant_id, store_id, level, kind, name, geom, height_m, properties)
       VALUES (coalesce($1::uuid, gen_random_uuid()), $2, $3, $4, $5, $6, ${GEOM('$7')}, $8, $9) RETURNING id`,
      [
        keep(f.id),
        tenantId,
        storeId,
        f.level,
        f.kind,
        f.name,
        polygonSql(f.polygon),
        f.height_m,
        JSON.stringify(f.properties),
      ],
    );
    ids.set(f.id, rows[0]!.id);
  }
  for (const c of map.connectors) {
    await tx.query(
      `INSERT INTO venue_connectors (id, tenant_id, store_id, kind, name, from_level, from_point, to_level, to_point, seconds, two_way)
       VALUES (coalesce($1::uuid, gen_random_uuid()), $2, $3, $4, $5, $6, ST_MakePoint($7, $8), $9, ST_MakePoint($10, $11), $12, $13)`,
      [
        keep(c.id),
        tenantId,
        storeId,
        c.kind,
        c.name,
        c.from.level,
        c.from.x,
        c.from.y,
        c.to.level,
        c.to.x,
        c.to.y,
        c.seconds,
        c.two_way,
      ],
    );
  }
  for (const p of map.products) {
    await tx.query(
      `INSERT INTO product_locations (tenant_id, store_id, sku, feature_id, slot, level, point)
       VALUES ($1, $2, $3, $4, $5, $6, ST_MakePoint($7, $8))`,
      [tenantId, storeId, p.sku, ids.get(p.feature), p.slot, p.level, p.x, p.y],
    );
  }
}

export interface FloorPlanInfo {
  level: number;
  media_type: string;
  width_px: number;
  height_px: number;
  transform: PlanTransform;
}

export async function floorPlans(tx: Tx, storeId: string): Promise<FloorPlanInfo[]> {
  const { rows } = await tx.query<FloorPlanInfo>(
    'SELECT level, media_type, width_px, height_px, transform FROM floor_plans WHERE store_id = $1 ORDER BY level',
    [storeId],
  );
  return rows;
}

export async function floorPlanImage(
  tx: Tx,
  storeId: string,
  level: number,
): Promise<{ media_type: string; image: Buffer } | undefined> {
  const { rows } = await tx.query(
    'SELECT media_type, image FROM floor_plans WHERE store_id = $1 AND level = $2',
    [storeId, level],
  );
  return rows[0];
}

export async function saveFloorPlan(
  tx: Tx,
  tenantId: string,
  storeId: string,
  plan: FloorPlanInfo & { image: Buffer },
): Promise<FloorPlanInfo> {
  await tx.query(
    `INSERT INTO floor_plans (tenant_id, store_id, level, media_type, image, width_px, height_px, transform)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
     ON CONFLICT (store_id, level) DO UPDATE SET media_type = EXCLUDED.media_type, image = EXCLUDED.image,
       width_px = EXCLUDED.width_px, height_px = EXCLUDED.height_px, transform = EXCLUDED.transform`,
    [
      tenantId,
      storeId,
      plan.level,
      plan.media_type,
      plan.image,
      plan.width_px,
      plan.height_px,
      JSON.stringify(plan.transform),
    ],
  );
  const { image: _image, ...info } = plan;
  return info;
}

export async function setFloorPlanTransform(
  tx: Tx,
  storeId: string,
  level: number,
  transform: PlanTransform,
): Promise<FloorPlanInfo | undefined> {
  const { rows } = await tx.query<FloorPlanInfo>(
    `UPDATE floor_plans SET transform = $3 WHERE store_id = $1 AND level = $2
     RETURNING level, media_type, width_px, height_px, transform`,
    [storeId, level, JSON.stringify(transform)],
  );
  return rows[0];
}
