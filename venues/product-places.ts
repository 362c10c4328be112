/**
 * Where SKUs sit, as an offer tells a shopper: the shelf (name, slot) and level. Distances are in
 * the store's metric frame (SRID 0), so PostGIS measures them in metres.
 */
import { shelfItems, skuIdsByCode } from '../commerce/index.js';
import type { Tx } from '../db/pool.js';
import type { SoldProduct } from './shopper-map.js';

export interface ProductPlace {
  /** The SKU code, as product locations are keyed. */
  sku: string;
  level: number;
  shelf: string | null;
  slot: string | null;
  /** From the zone, when asked for places near one; 0 inside it. */
  distance_m?: number;
}

const PLACE_SELECT = `SELECT p.sku, p.level, shelf.name AS shelf, p.slot`;

/**
 * Products placed in a zone or within `withinM` metres of it, on its level, nearest first. The
 * zone is named by id or name, as routes accept it; an unknown zone has no products.
 */
export async function productsNearZone(
  tx: Tx,
  storeId: string,
  zone: string,
  withinM: number,
): Promise<ProductPlace[]> {
  const { rows } = await tx.query<Required<ProductPlace>>(
    `${PLACE_SELECT}, min(ST_Distance(p.point, z.geom))::float8 AS distance_m
     FROM venue_features z
     JOIN product_locations p ON p.store_id = z.store_id AND p.level = z.level AND ST_DWithin(p.point, z.geom, $3)
     JOIN venue_features shelf ON shelf.id = p.feature_id
     WHERE z.store_id = $1 AND z.kind = 'zone' AND (z.id::text = $2 OR z.name = $2)
     GROUP BY p.sku, p.level, shelf.name, p.slot ORDER BY distance_m, p.sku`,
    [storeId, zone, withinM],
  );
  return rows;
}

/** Where some SKUs (by code) are placed in the store; unplaced ones are absent. */
export async function productPlaces(
  tx: Tx,
  storeId: string,
  skus: readonly string[],
): Promise<ProductPlace[]> {
  const { rows } = await tx.query<ProductPlace>(
    `${PLACE_SELECT} FROM product_locations p JOIN venue_features shelf ON shelf.id = p.feature_id
     WHERE p.store_id = $1 AND p.sku = ANY($2::text[])`,
    [storeId, skus],
  );
  return rows;
}

/**
 * What the catalogue calls some placed SKUs (by code) and whether this store sells them now; codes
 * the catalogue does not know are absent. Placements are keyed by code, the catalogue by id.
 */
export async function soldProducts(
  tx: Tx,
  storeId: string,
  skus: readonly string[],
): Promise<Map<string, SoldProduct>> {
  const ids = await skuIdsByCode(tx, skus);
  const items = await shelfItems(tx, storeId, [...ids.values()]);
  return new Map([...items.values()].map((i) => [i.code, { name: i.name, available: i.available }]));
}
