/**
 * The ledger is the truth; a balance is a cache of it. `findDrift` recomputes every balance from
 * the movements and reports where the stock rows disagree (and where held reservations no longer
 * add up to `reserved`); `repairDrift` sets the rows back to what the ledger says.
 */
import type { Tx } from '../../db/pool.js';

export interface Drift {
  store_id: string;
  sku_id: string;
  on_hand: number | null;
  reserved: number | null;
  ledger_on_hand: number;
  ledger_reserved: number;
  /** Units of held reservations, which should equal the ledger's reserved. */
  held: number;
}

export async function findDrift(tx: Tx): Promise<Drift[]> {
  const { rows } = await tx.query<Drift>(
    `WITH ledger AS (
       SELECT store_id, sku_id, sum(on_hand_delta)::int AS on_hand, sum(reserved_delta)::int AS reserved
       FROM stock_movements GROUP BY store_id, sku_id
     ), held AS (
       SELECT r.store_id, (l->>'sku_id')::uuid AS sku_id, sum((l->>'qty')::int)::int AS qty
       FROM stock_reservations r, jsonb_array_elements(r.lines) l WHERE r.status = 'held'
       GROUP BY r.store_id, (l->>'sku_id')::uuid
     )
     SELECT coalesce(s.store_id, l.store_id) AS store_id, coalesce(s.sku_id, l.sku_id) AS sku_id,
            s.on_hand, s.reserved, coalesce(l.on_hand, 0) AS ledger_on_hand,
            coalesce(l.reserved, 0) AS ledger_reserved, coalesce(h.qty, 0) AS held
     FROM stock s
     FULL JOIN ledger l ON l.store_id = s.store_id AND l.sku_id = s.sku_id
     LEFT JOIN held h ON h.store_id = coalesce(s.store_id, l.store_id) AND h.sku_id = coalesce(s.sku_id, l.sku_id)
     WHERE s.on_hand IS DISTINCT FROM coalesce(l.on_hand, 0)
        OR s.reserved IS DISTINCT FROM coalesce(l.reserved, 0)
        OR coalesce(l.reserved, 0) <> coalesce(h.qty, 0)
     ORDER BY 1, 2`,
  );
  return rows;
}

/** Sets each drifted balance to the ledger's figure (the outbox then tells every screen). */
export async function repairDrift(tx: Tx, tenantId: string, drift: readonly Drift[]): Promise<number> {
  let repaired = 0;
  for (const d of drift) {
    if (d.on_hand === d.ledger_on_hand && d.reserved === d.ledger_reserved) continue;
    const { rowCount } = await tx.query(
      `INSERT INTO stock (tenant_id, store_id, sku_id, on_hand, reserved, version) VALUES ($1, $2, $3, $4, $5, 1)
       ON CONFLICT (store_id, sku_id) DO UPDATE
         SET on_hand = EXCLUDED.on_hand, reserved = EXCLUDED.reserved, version = stock.version + 1, updated_at = now()`,
      [tenantId, d.store_id, d.sku_id, d.ledger_on_hand, d.ledger_reserved],
    );
    repaired += rowCount ?? 0;
  }
  return repaired;
}
