/**
 * The stock ledger and the balances it moves. Every change is an operation with an idempotency
 * key: its movements are written first (a key seen before means the operation already happened),
 * then each balance moves by ONE conditional UPDATE that refuses to break the invariants
 * (0 <= reserved <= on_hand). No read-modify-write, so no lost update and no oversell.
 */
import type { Tx } from '../../db/pool.js';
import { NotFound, Validation } from '../../server/errors.js';
import { getStore } from '../../stores/index.js';
import { IdempotencyKeyReused, StockCapacityExceeded, StockInsufficient } from '../errors.js';

export const MOVEMENT_KINDS = [
  'receipt',
  'sale',
  'reservation',
  'release',
  'adjustment',
  'transfer',
  'return',
] as const;
export type MovementKind = (typeof MOVEMENT_KINDS)[number];

/** Why an adjustment was made: a stock take found another count, or goods were damaged, expired or lost. */
export const ADJUSTMENT_REASONS = ['count', 'damaged', 'expired', 'lost'] as const;
export type AdjustmentReason = (typeof ADJUSTMENT_REASONS)[number];

/**
 * The most units of one SKU one store may hold. Balances are 32-bit columns: a round cap well
 * inside them leaves room for any delta one request can carry, and refuses clearly before the
 * column would overflow.
 */
export const STOCK_MAX_UNITS = 1_000_000_000;

export interface MovementLine {
  store_id: string;
  sku_id: string;
  on_hand_delta: number;
  reserved_delta: number;
}

export interface StockOperation {
  key: string;
  kind: MovementKind;
  reference?: string | null | undefined;
  lines: readonly MovementLine[];
  /** When it happened, for history imported after the fact (the demo's past days); now when absent. */
  at?: Date | undefined;
  /** Adjustments only. */
  reason?: AdjustmentReason | undefined;
  /** The member of staff who recorded it by hand; absent for orders, tills and reservations. */
  recorded_by?: string | undefined;
}

export type OperationResult = 'applied' | 'duplicate';

/** Kinds the till and the ERP record directly (reservations, releases and transfers have their own paths). */
export type CountedKind = 'receipt' | 'sale' | 'return' | 'adjustment';

/** Counted quantities as ledger deltas: receipts and returns add, sales take away, adjustments are signed. */
export function movementLines(
  kind: CountedKind,
  storeId: string,
  lines: readonly { sku_id: string; qty: number }[],
): MovementLine[] {
  const sign = kind === 'sale' ? -1 : 1;
  return lines.map((line) => {
    if (kind !== 'adjustment' && line.qty < 0) {
      throw Validation('lines.qty', `must be positive for a ${kind}; adjustments take signed quantities`);
    }
    return { store_id: storeId, sku_id: line.sku_id, on_hand_delta: sign * line.qty, reserved_delta: 0 };
  });
}

/** Sums lines per (store, SKU), drops the empty ones, and sorts them: one lock order for every writer. */
export function mergeLines(lines: readonly MovementLine[]): MovementLine[] {
  const merged = new Map<string, MovementLine>();
  for (const line of lines) {
    const id = `${line.store_id}/${line.sku_id}`;
    const seen = merged.get(id);
    if (seen) {
      seen.on_hand_delta += line.on_hand_delta;
      seen.reserved_delta += line.reserved_delta;
    } else merged.set(id, { ...line });
  }
  return [...merged]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, line]) => line)
    .filter((line) => line.on_hand_delta !== 0 || line.reserved_delta !== 0);
}

async function moveBalance(tx: Tx, line: MovementLine): Promise<boolean> {
  // The conditions add in bigint: a sum past the column's range must fail the test, not the statement.
  const { rowCount } = await tx.query(
    `UPDATE stock SET on_hand = on_hand + $3, reserved = reserved + $4, version = version + 1, updated_at = now()
     WHERE store_id = $1 AND sku_id = $2 AND on_hand::bigint + $3 >= reserved::bigint + $4
       AND reserved::bigint + $4 >= 0 AND on_hand::bigint + $3 <= $5`,
    [line.store_id, line.sku_id, line.on_hand_delta, line.reserved_delta, STOCK_MAX_UNITS],
  );
  return rowCount === 1;
}

/**
 * Why a balance refused to move: past the most a store holds, or short. A shelf short of on-hand
 * units is told as staff read it: the SKU's and the store's codes, with its figures.
 */
async function refusal(tx: Tx, line: MovementLine) {
  const { rows } = await tx.query<{ on_hand: number; reserved: number; code: string }>(
    `SELECT coalesce(s.on_hand, 0) AS on_hand, coalesce(s.reserved, 0) AS reserved, k.code
     FROM catalogue_skus k LEFT JOIN stock s ON s.store_id = $1 AND s.sku_id = k.id WHERE k.id = $2`,
    [line.store_id, line.sku_id],
  );
  const shelf = rows[0] ?? { on_hand: 0, reserved: 0, code: line.sku_id };
  if (shelf.on_hand + line.on_hand_delta > STOCK_MAX_UNITS)
    return StockCapacityExceeded(line.sku_id, line.store_id, STOCK_MAX_UNITS);
  // A hold's refusal is about what is free, which the figures of on hand do not explain.
  if (!line.on_hand_delta) return StockInsufficient(line.sku_id, line.store_id);
  const store = await getStore(tx, line.store_id);
  return StockInsufficient(shelf.code, store?.code ?? line.store_id, {
    on_hand: shelf.on_hand,
    reserved: shelf.reserved,
    change: line.on_hand_delta,
  });
}

/**
 * A first movement for a (store, SKU) opens its stock row. Foreign keys ignore row-level
 * security, so the store and the SKU are checked to be this brand's own first.
 */
async function openBalance(tx: Tx, tenantId: string, line: MovementLine): Promise<boolean> {
  const exists = await tx.query('SELECT 1 FROM stock WHERE store_id = $1 AND sku_id = $2', [
    line.store_id,
    line.sku_id,
  ]);
  if (exists.rowCount) return false;
  if (!(await getStore(tx, line.store_id))) throw NotFound('Store');
  const sku = await tx.query('SELECT 1 FROM catalogue_skus WHERE id = $1', [line.sku_id]);
  if (!sku.rowCount) throw NotFound(`SKU ${line.sku_id}`);
  const { rowCount } = await tx.query(
    `INSERT INTO stock (tenant_id, store_id, sku_id, on_hand, reserved, version) VALUES ($1, $2, $3, $4, $5, 1)
     ON CONFLICT (store_id, sku_id) DO NOTHING`,
    [tenantId, line.store_id, line.sku_id, line.on_hand_delta, line.reserved_delta],
  );
  return rowCount === 1;
}

async function recordMovements(tx: Tx, tenantId: string, op: StockOperation, lines: MovementLine[]) {
  // Two concurrent operations with one key: the second waits here on the unique index, then finds the first's rows.
  const { rowCount } = await tx.query(
    `INSERT INTO stock_movements
       (tenant_id, store_id, sku_id, kind, on_hand_delta, reserved_delta, key, reference, created_at, reason, recorded_by)
     SELECT $1, unnest($2::uuid[]), unnest($3::uuid[]), $4, unnest($5::int[]), unnest($6::int[]), $7, $8,
       coalesce($9::timestamptz, now()), $10, $11
     ON CONFLICT ON CONSTRAINT stock_movements_key DO NOTHING`,
    [
      tenantId,
      lines.map((l) => l.store_id),
      lines.map((l) => l.sku_id),
      op.kind,
      lines.map((l) => l.on_hand_delta),
      lines.map((l) => l.reserved_delta),
      op.key,
      op.reference ?? null,
      op.at ?? null,
      op.reason ?? null,
      op.recorded_by ?? null,
    ],
  );
  if (rowCount === 0) return 'duplicate';
  if (rowCount !== lines.length) throw IdempotencyKeyReused();
  return 'applied';
}

/**
 * Applies operations atomically within the caller's transaction; each is applied or reported a
 * duplicate of one applied before. Balances move after all movements are written, every
 * (store, SKU) once and in one global order, so concurrent writers never deadlock. Throws
 * StockInsufficient when a balance would break an invariant, StockCapacityExceeded when it would
 * pass STOCK_MAX_UNITS (the caller's transaction must then roll back, which undoes everything).
 */
export async function applyStockOperations(
  tx: Tx,
  tenantId: string,
  ops: readonly StockOperation[],
): Promise<OperationResult[]> {
  const results: OperationResult[] = [];
  const moved: MovementLine[] = [];
  for (const op of ops) {
    const lines = mergeLines(op.lines);
    const result = lines.length === 0 ? 'applied' : await recordMovements(tx, tenantId, op, lines);
    results.push(result);
    if (result === 'applied') moved.push(...lines);
  }
  for (const line of mergeLines(moved)) {
    if (await moveBalance(tx, line)) continue;
    const opens =
      line.on_hand_delta >= line.reserved_delta &&
      line.reserved_delta >= 0 &&
      line.on_hand_delta <= STOCK_MAX_UNITS;
    // A concurrent first receipt may open the row between our check and insert; then move it.
    if (opens && ((await openBalance(tx, tenantId, line)) || (await moveBalance(tx, line)))) continue;
    throw await refusal(tx, line);
  }
  return results;
}

export async function applyStockOperation(
  tx: Tx,
  tenantId: string,
  op: StockOperation,
): Promise<OperationResult> {
  return (await applyStockOperations(tx, tenantId, [op]))[0]!;
}

export interface StockLevel {
  store_id: string;
  sku_id: string;
  on_hand: number;
  reserved: number;
  available: number;
  version: number;
  updated_at: Date;
}

export async function stockLevels(
  tx: Tx,
  filter: { store_id?: string | undefined; sku_id?: string | undefined },
): Promise<StockLevel[]> {
  const { rows } = await tx.query<StockLevel>(
    `SELECT store_id, sku_id, on_hand, reserved, on_hand - reserved AS available, version, updated_at
     FROM stock WHERE ($1::uuid IS NULL OR store_id = $1) AND ($2::uuid IS NULL OR sku_id = $2)
     ORDER BY store_id, sku_id LIMIT 1000`,
    [filter.store_id ?? null, filter.sku_id ?? null],
  );
  return rows;
}

/**
 * Units of each SKU a shopper could still buy in the store: on hand less reserved, and for a
 * bundle as many as its components make. Every SKU asked about has an entry (0 without stock).
 */
export async function availableUnits(
  tx: Tx,
  storeId: string,
  skuIds: readonly string[],
): Promise<Map<string, number>> {
  const { rows } = await tx.query<{ sku_id: string; available: number }>(
    `SELECT w.sku_id, min(coalesce(s.on_hand - s.reserved, 0) / coalesce(c.qty, 1))::int AS available
     FROM unnest($2::uuid[]) AS w(sku_id)
     LEFT JOIN catalogue_bundle_components c ON c.bundle_sku_id = w.sku_id
     LEFT JOIN stock s ON s.store_id = $1 AND s.sku_id = coalesce(c.component_sku_id, w.sku_id)
     GROUP BY w.sku_id`,
    [storeId, skuIds],
  );
  return new Map(rows.map((r) => [r.sku_id, r.available]));
}
