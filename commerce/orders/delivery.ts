/**
 * Delivery: each store's zone (a radius and a fee, kept by commerce beside the store), and the
 * choice of the store that delivers an order — the nearest whose zone covers the address and
 * that has every line in stock.
 */
import type { Tx } from '../../db/pool.js';
import { NotFound } from '../../server/errors.js';
import { getStore, storesNearby } from '../../stores/index.js';
import type { Line } from '../stock/demand.js';
import { stockShortfall } from '../stock/reservations.js';
import type { DeliveryFee } from './pricing.js';

export interface DeliveryZone extends DeliveryFee {
  store_id: string;
  radius_m: number;
}

/** Farthest a delivery zone may reach (the migration's CHECK says the same). */
export const MAX_DELIVERY_RADIUS_M = 50_000;

export async function setDeliveryZone(tx: Tx, tenantId: string, zone: DeliveryZone): Promise<DeliveryZone> {
  if (!(await getStore(tx, zone.store_id))) throw NotFound('Store');
  const { rows } = await tx.query<DeliveryZone>(
    `INSERT INTO commerce_delivery_zones (tenant_id, store_id, radius_m, fee_cents, free_over_cents)
     VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (store_id) DO UPDATE SET radius_m = EXCLUDED.radius_m, fee_cents = EXCLUDED.fee_cents,
       free_over_cents = EXCLUDED.free_over_cents, updated_at = now()
     RETURNING store_id, radius_m, fee_cents, free_over_cents`,
    [tenantId, zone.store_id, zone.radius_m, zone.fee_cents, zone.free_over_cents],
  );
  return rows[0]!;
}

export async function deliveryZones(tx: Tx): Promise<DeliveryZone[]> {
  const { rows } = await tx.query<DeliveryZone>(
    'SELECT store_id, radius_m, fee_cents, free_over_cents FROM commerce_delivery_zones ORDER BY store_id',
  );
  return rows;
}

export interface DeliveryCandidate {
  zone: DeliveryZone;
  distance_m: number;
}

/**
 * Stores whose zone covers the point, nearest first, each with every line in stock right now; and
 * whether any zone covers it at all (none: the address is out of reach, whatever the stock).
 */
export async function deliveryCandidates(
  tx: Tx,
  tenantId: string,
  point: { lat: number; lng: number },
  lines: readonly Line[],
): Promise<{ inReach: boolean; candidates: DeliveryCandidate[] }> {
  const zones = new Map((await deliveryZones(tx)).map((z) => [z.store_id, z]));
  if (zones.size === 0) return { inReach: false, candidates: [] };
  const near = await storesNearby(tx, {
    ...point,
    radius: MAX_DELIVERY_RADIUS_M,
    limit: 100,
    tenantId,
  });
  const candidates: DeliveryCandidate[] = [];
  let inReach = false;
  for (const store of near) {
    const zone = zones.get(store.id);
    if (!zone || store.distance_m > zone.radius_m) continue;
    inReach = true;
    if (await stockShortfall(tx, store.id, lines)) continue;
    candidates.push({ zone, distance_m: store.distance_m });
  }
  return { inReach, candidates };
}
