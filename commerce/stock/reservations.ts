/**
 * Reservations hold stock for an order until it is paid (committed: the units leave on_hand),
 * given up (released) or left unpaid too long (expired). A reservation settles exactly once:
 * the status moves from 'held' in one conditional UPDATE, so a payment and the expiry sweeper
 * racing for the same reservation cannot both win.
 */
import type { Tx } from '../../db/pool.js';
import { NotFound } from '../../server/errors.js';
import { ReservationSettled, StockInsufficient } from '../errors.js';
import { demandBySku, type Line } from './demand.js';
import { applyStockOperation, applyStockOperations, type StockOperation } from './movements.js';

export type ReservationStatus = 'held' | 'committed' | 'released' | 'expired';

export interface Reservation {
  id: string;
  key: string;
  store_id: string;
  lines: Line[];
  status: ReservationStatus;
  expires_at: Date;
  created_at: Date;
  settled_at: Date | null;
}

const COLUMNS = 'id, key, store_id, lines, status, expires_at, created_at, settled_at';

/**
 * One round trip before any write: whether the key already made a reservation, and the bundle
 * make-up of the SKUs asked for (none for plain SKUs).
 */
async function lookUp(tx: Tx, key: string, skuIds: string[]) {
  const { rows } = await tx.query<{
    known: boolean;
    components: { bundle_sku_id: string; sku_id: string; qty: number }[];
  }>(
    `SELECT EXISTS (SELECT 1 FROM stock_reservations WHERE key = $1) AS known,
       (SELECT coalesce(jsonb_agg(jsonb_build_object(
           'bundle_sku_id', bundle_sku_id, 'sku_id', component_sku_id, 'qty', qty)), '[]')
        FROM catalogue_bundle_components WHERE bundle_sku_id = ANY($2::uuid[])) AS components`,
    [key, skuIds],
  );
  const components = new Map<string, Line[]>();
  for (const row of rows[0]!.components) {
    components.set(row.bundle_sku_id, [
      ...(components.get(row.bundle_sku_id) ?? []),
      { sku_id: row.sku_id, qty: row.qty },
    ]);
  }
  return { known: rows[0]!.known, components };
}

/**
 * A lock-free early refusal: a shelf already short is refused before anything is written, which
 * keeps a sold-out hot SKU cheap. Only a refusal is taken from this read; a grant is decided by
 * the conditional UPDATE. Demand is read as bigint: bundles multiply it past what a stock
 * column counts, and such demand is short everywhere (no store holds it), so it never reaches
 * the ledger.
 */
async function firstShortSku(tx: Tx, storeId: string, demand: Line[]): Promise<string | undefined> {
  const { rows } = await tx.query<{ sku_id: string }>(
    `SELECT d.sku_id FROM unnest($2::uuid[], $3::bigint[]) AS d(sku_id, qty)
     LEFT JOIN stock s ON s.store_id = $1 AND s.sku_id = d.sku_id
     WHERE s.sku_id IS NULL OR s.on_hand - s.reserved < d.qty LIMIT 1`,
    [storeId, demand.map((d) => d.sku_id), demand.map((d) => d.qty)],
  );
  return rows[0]?.sku_id;
}

export async function getReservation(tx: Tx, id: string): Promise<Reservation | undefined> {
  const { rows } = await tx.query<Reservation>(`SELECT ${COLUMNS} FROM stock_reservations WHERE id = $1`, [
    id,
  ]);
  return rows[0];
}

async function reservationByKey(tx: Tx, key: string): Promise<Reservation | undefined> {
  const { rows } = await tx.query<Reservation>(`SELECT ${COLUMNS} FROM stock_reservations WHERE key = $1`, [
    key,
  ]);
  return rows[0];
}

export interface ReserveRequest {
  /** Idempotency key: the same key answers with the same reservation. */
  key: string;
  store_id: string;
  lines: readonly Line[];
  expires_at: Date;
  /** When it was made, for history imported after the fact; now when absent. */
  at?: Date | undefined;
}

/**
 * The first SKU (bundles expanded) this store cannot supply right now, or undefined when it can
 * supply every line. A read without locks: good for choosing a store, not for granting stock.
 */
export async function stockShortfall(
  tx: Tx,
  storeId: string,
  lines: readonly Line[],
): Promise<string | undefined> {
  return firstShortSku(tx, storeId, await stockDemand(tx, lines));
}

/** Lines as the stock they move: bundles expanded into their components, summed per SKU. */
export async function stockDemand(tx: Tx, lines: readonly Line[]): Promise<Line[]> {
  const { components } = await lookUp(
    tx,
    '',
    lines.map((l) => l.sku_id),
  );
  return demandBySku(lines, (sku) => components.get(sku) ?? []);
}

/**
 * Reserves every line or none, inside the caller's (the order's) transaction. Demand is summed
 * per SKU first (bundles expanded), then each SKU is reserved by one conditional UPDATE.
 * Throws StockInsufficient when any SKU falls short.
 */
export async function reserveStock(
  tx: Tx,
  tenantId: string,
  request: ReserveRequest,
): Promise<{ reservation: Reservation; replayed: boolean }> {
  const { known, components } = await lookUp(
    tx,
    request.key,
    request.lines.map((l) => l.sku_id),
  );
  if (known) return { reservation: (await reservationByKey(tx, request.key))!, replayed: true };
  const demand = demandBySku(request.lines, (sku) => components.get(sku) ?? []);
  const short = await firstShortSku(tx, request.store_id, demand);
  if (short) throw StockInsufficient(short, request.store_id);
  const { rows } = await tx.query<Reservation>(
    `INSERT INTO stock_reservations (tenant_id, key, store_id, lines, expires_at) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (tenant_id, key) DO NOTHING RETURNING ${COLUMNS}`,
    [tenantId, request.key, request.store_id, JSON.stringify(demand), request.expires_at],
  );
  // Lost a race with the same key: the winner has committed by now (we waited on its row).
  if (!rows[0]) return { reservation: (await reservationByKey(tx, request.key))!, replayed: true };
  const reservation = rows[0];
  await applyStockOperation(tx, tenantId, {
    key: `reservation:${reservation.id}`,
    kind: 'reservation',
    reference: request.key,
    at: request.at,
    lines: demand.map((d) => ({
      store_id: request.store_id,
      sku_id: d.sku_id,
      on_hand_delta: 0,
      reserved_delta: d.qty,
    })),
  });
  return { reservation, replayed: false };
}

export type Settlement = Exclude<ReservationStatus, 'held'>;

/** The ledger operation that settles a reservation: a sale of the held units, or their release. */
function settlementOperation(reservation: Reservation, outcome: Settlement, at?: Date): StockOperation {
  const sale = outcome === 'committed';
  return {
    key: `${sale ? 'sale' : 'release'}:${reservation.id}`,
    kind: sale ? 'sale' : 'release',
    reference: reservation.key,
    at,
    lines: reservation.lines.map((line) => ({
      store_id: reservation.store_id,
      sku_id: line.sku_id,
      on_hand_delta: sale ? -line.qty : 0,
      reserved_delta: -line.qty,
    })),
  };
}

/**
 * Settles a held reservation: committed turns the held units into a sale, released and expired
 * give them back. Settling again the same way answers with the reservation as it is; settling a
 * reservation that went the other way is a ReservationSettled conflict. `at` dates it when it
 * happened before now (imported history).
 */
export async function settleReservation(
  tx: Tx,
  tenantId: string,
  id: string,
  outcome: Settlement,
  at?: Date,
): Promise<Reservation> {
  const { rows } = await tx.query<Reservation>(
    `UPDATE stock_reservations SET status = $2, settled_at = coalesce($3::timestamptz, now())
     WHERE id = $1 AND status = 'held' RETURNING ${COLUMNS}`,
    [id, outcome, at ?? null],
  );
  const settled = rows[0];
  if (!settled) {
    const current = await getReservation(tx, id);
    if (!current) throw NotFound('Reservation');
    if (current.status === outcome) return current;
    throw ReservationSettled(current.status);
  }
  await applyStockOperation(tx, tenantId, settlementOperation(settled, outcome, at));
  return settled;
}

/** Expires this brand's unpaid reservations that are due, skipping any a payment holds right now. */
export async function expireReservations(tx: Tx, tenantId: string, now: Date, limit = 200): Promise<number> {
  const { rows } = await tx.query<Reservation>(
    `UPDATE stock_reservations SET status = 'expired', settled_at = now()
     WHERE status = 'held' AND id IN (SELECT id FROM stock_reservations WHERE status = 'held' AND expires_at <= $1
                  ORDER BY expires_at LIMIT $2 FOR UPDATE SKIP LOCKED)
     RETURNING ${COLUMNS}`,
    [now, limit],
  );
  await applyStockOperations(
    tx,
    tenantId,
    rows.map((reservation) => settlementOperation(reservation, 'expired')),
  );
  return rows.length;
}
