/**
 * One SKU's recent movements in one store, newest first, each with the balances it left and where
 * it came from: a member of staff by hand (named), an order, a till, a refund, the demo's seed,
 * or another API client (the ERP).
 */
import type { Static } from 'typebox';
import type { Tx } from '../../db/pool.js';
import { getStaff } from '../../tenancy/index.js';
import type { MovementEntry as MovementEntrySchema } from './schemas.js';

export const MOVEMENT_SOURCES = ['staff', 'order', 'till', 'refund', 'demo', 'api'] as const;
export type MovementSource = (typeof MOVEMENT_SOURCES)[number];

/** One movement as the schema has it, with its time as the database gives it. */
export type MovementEntry = Omit<Static<typeof MovementEntrySchema>, 'at'> & { at: Date };

/**
 * Where a movement came from, by the keys the ledger's writers give (commerce's orders reserve
 * under `order:<id>`, which their sales and releases carry as reference; the tills' records are
 * `pos:<kind>:<id>`; refunds `refund:…`; the demo's seed `demo-…`).
 */
export function movementSource(m: { key: string; reference: string | null; recorded_by: string | null }) {
  if (m.recorded_by) return 'staff';
  if (m.key.startsWith('pos:')) return 'till';
  if (m.key.startsWith('refund:')) return 'refund';
  if (m.key.startsWith('demo-')) return 'demo';
  if (m.reference?.startsWith('order:')) return 'order';
  return 'api';
}

export async function movementHistory(
  tx: Tx,
  query: { store_id: string; sku_id: string; limit: number },
): Promise<MovementEntry[]> {
  // Balances after each movement are the ledger summed in time order (history imported after the
  // fact is dated when it happened), then the newest few are kept.
  const { rows } = await tx.query<
    Omit<MovementEntry, 'source' | 'recorded_by'> & { recorded_by: string | null }
  >(
    `SELECT * FROM (
       SELECT id::text, created_at AS at, kind, reason, on_hand_delta, reserved_delta,
              (sum(on_hand_delta) OVER w)::int AS on_hand_after, (sum(reserved_delta) OVER w)::int AS reserved_after,
              recorded_by, key, reference
       FROM stock_movements WHERE store_id = $1 AND sku_id = $2
       WINDOW w AS (ORDER BY created_at, id)
     ) m ORDER BY at DESC, id DESC LIMIT $3`,
    [query.store_id, query.sku_id, query.limit],
  );
  const names = new Map<string, string>();
  for (const id of new Set(rows.flatMap((r) => (r.recorded_by ? [r.recorded_by] : [])))) {
    names.set(id, (await getStaff(tx, id))?.name ?? 'former staff');
  }
  return rows.map((row) => ({
    ...row,
    source: movementSource(row),
    recorded_by: row.recorded_by ? { id: row.recorded_by, name: names.get(row.recorded_by)! } : null,
  }));
}
