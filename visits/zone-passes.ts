/**
 * The zones known shoppers passed in a store, visit by visit: with what they then bought, what the
 * ranking model learns "where" from (which products sell after a shopper passes a zone).
 */
import type { Tx } from '../db/pool.js';

export interface ZonePass {
  visit_id: string;
  shopper_id: string;
  arrived_at: Date;
  /** Null while the visit is open. */
  departed_at: Date | null;
  zone: string;
  entered_at: Date;
}

/** Zone entries of logged-in shoppers' visits that began in [since, until), by visit and time. */
export async function zonePasses(tx: Tx, storeId: string, since: Date, until: Date): Promise<ZonePass[]> {
  const { rows } = await tx.query<ZonePass>(
    `SELECT v.id AS visit_id, v.shopper_id, v.arrived_at, v.departed_at, z.zone, z.entered_at
     FROM visits v JOIN visit_zones z ON z.visit_id = v.id
     WHERE v.store_id = $1 AND v.arrived_at >= $2 AND v.arrived_at < $3 AND v.shopper_id IS NOT NULL
     ORDER BY v.arrived_at, v.id, z.entered_at`,
    [storeId, since, until],
  );
  return rows;
}
