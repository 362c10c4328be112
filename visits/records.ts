/** The visits tables: a visit per arrival, closed at departure, and the zones it went through. */
import type { Tx } from '../db/pool.js';

export async function openVisit(
  tx: Tx,
  v: { tenantId: string; storeId: string; device: string; shopperId?: string | undefined; at: Date },
): Promise<void> {
  await tx.query(
    `INSERT INTO visits (tenant_id, store_id, device, shopper_id, arrived_at) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (tenant_id, store_id, device) WHERE departed_at IS NULL DO NOTHING`,
    [v.tenantId, v.storeId, v.device, v.shopperId ?? null, v.at],
  );
}

export async function closeVisit(tx: Tx, v: { storeId: string; device: string; at: Date }): Promise<void> {
  await tx.query(
    `UPDATE visits SET departed_at = greatest($3, arrived_at) WHERE store_id = $1 AND device = $2 AND departed_at IS NULL`,
    [v.storeId, v.device, v.at],
  );
  await tx.query(
    `UPDATE visit_zones z SET exited_at = greatest($3, z.entered_at),
       dwell_ms = (extract(epoch FROM greatest($3, z.entered_at) - z.entered_at) * 1000)::int
     FROM visits v WHERE z.visit_id = v.id AND v.store_id = $1 AND v.device = $2 AND z.exited_at IS NULL`,
    [v.storeId, v.device, v.at],
  );
}

export async function zoneEntered(
  tx: Tx,
  z: { tenantId: string; storeId: string; device: string; zone: string; at: Date },
) {
  await tx.query(
    `INSERT INTO visit_zones (tenant_id, visit_id, zone, entered_at)
     SELECT $1, id, $4, $5 FROM visits WHERE store_id = $2 AND device = $3 AND departed_at IS NULL
     ON CONFLICT DO NOTHING`,
    [z.tenantId, z.storeId, z.device, z.zone, z.at],
  );
}

export async function zoneExited(
  tx: Tx,
  z: { storeId: string; device: string; zone: string; at: Date; dwellMs: number },
) {
  await tx.query(
    `UPDATE visit_zones z SET exited_at = $4, dwell_ms = $5
     FROM visits v WHERE z.visit_id = v.id AND v.store_id = $1 AND v.device = $2 AND z.zone = $3 AND z.exited_at IS NULL`,
    [z.storeId, z.device, z.zone, z.at, z.dwellMs],
  );
}

/** A visit that began and ended before it is recorded: an import of past days (the demo's history). */
export interface PastVisit {
  device: string;
  shopperId: string | null;
  arrivedAt: Date;
  departedAt: Date;
}

/**
 * Records a store's past visits, already ended, in one statement: history brought in after the fact
 * (the live stage opens and closes visits as phones come and go). Zones are not imported.
 */
export async function importPastVisits(
  tx: Tx,
  v: { tenantId: string; storeId: string; visits: readonly PastVisit[] },
): Promise<number> {
  if (v.visits.length === 0) return 0;
  const { rowCount } = await tx.query(
    `INSERT INTO visits (tenant_id, store_id, device, shopper_id, arrived_at, departed_at)
     SELECT $1, $2, device, shopper_id, arrived_at, departed_at
     FROM unnest($3::text[], $4::uuid[], $5::timestamptz[], $6::timestamptz[])
       AS p(device, shopper_id, arrived_at, departed_at)`,
    [
      v.tenantId,
      v.storeId,
      v.visits.map((p) => p.device),
      v.visits.map((p) => p.shopperId),
      v.visits.map((p) => p.arrivedAt),
      v.visits.map((p) => p.departedAt),
    ],
  );
  return rowCount ?? 0;
}

/** Of these shoppers, the ones who have visited a store of the brand (audience previews). */
export async function shoppersWhoVisited(tx: Tx, shopperIds: readonly string[]): Promise<Set<string>> {
  const { rows } = await tx.query<{ shopper_id: string }>(
    'SELECT DISTINCT shopper_id FROM visits WHERE shopper_id = ANY($1::uuid[])',
    [shopperIds],
  );
  return new Set(rows.map((r) => r.shopper_id));
}

/** Earlier visits of a shopper to the brand's stores (for new vs returning audiences). */
export async function visitsBefore(tx: Tx, shopperId: string, before: Date): Promise<number> {
  const { rows } = await tx.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM visits WHERE shopper_id = $1 AND arrived_at < $2',
    [shopperId, before],
  );
  return rows[0]!.n;
}

/**
 * Closes the store's visits still open from before this process began following the store (a restart
 * loses who was inside): left open, they would never end, and a returning phone would be folded into
 * its visit of hours ago. They end at the last moment known of them, their last zone entry or exit.
 */
export async function closeAbandonedVisits(tx: Tx, storeId: string): Promise<void> {
  const { rows } = await tx.query<{ device: string; last_known: Date }>(
    `SELECT v.device, greatest(v.arrived_at, max(z.entered_at), max(z.exited_at)) AS last_known
     FROM visits v LEFT JOIN visit_zones z ON z.visit_id = v.id
     WHERE v.store_id = $1 AND v.departed_at IS NULL GROUP BY v.id`,
    [storeId],
  );
  for (const r of rows) await closeVisit(tx, { storeId, device: r.device, at: r.last_known });
}

/** The store's open visits: who is inside now, as far as the visits stage knows. */
export async function openVisits(tx: Tx, storeId: string): Promise<{ device: string; arrivedAt: Date }[]> {
  const { rows } = await tx.query<{ device: string; arrived_at: Date }>(
    'SELECT device, arrived_at FROM visits WHERE store_id = $1 AND departed_at IS NULL ORDER BY arrived_at',
    [storeId],
  );
  return rows.map((r) => ({ device: r.device, arrivedAt: r.arrived_at }));
}

/** A store's footfall on one of its local days, as its visits recorded it. */
export interface DayFootfall {
  /** The store's local date, YYYY-MM-DD. */
  day: string;
  /** Visits that began that day: phones recognised as having come in (passers-by are not). */
  visits: number;
  /** Of those, the distinct logged-in shoppers behind them. */
  shoppers: number;
  /** Median time in the store of the day's visits that have ended, seconds; null when none has. */
  median_stay_s: number | null;
  /** The local hour (0–23) in which most of the day's visits began. */
  busiest_hour: number;
}

/**
 * The store's local date of its first recognised visit, or null: before it, the beacons were not
 * counting, and a day without visits then is not a day nobody came.
 */
export async function footfallSince(tx: Tx, storeId: string, timezone: string): Promise<string | null> {
  const { rows } = await tx.query<{ day: string | null }>(
    `SELECT to_char(min(arrived_at) AT TIME ZONE $2, 'YYYY-MM-DD') AS day FROM visits WHERE store_id = $1`,
    [storeId, timezone],
  );
  return rows[0]?.day ?? null;
}

/**
 * Footfall per local day of the store in [from, to] (dates in `timezone`), days without visits left
 * out; with `until` (HH:MM), only the visits begun by that minute of each day.
 */
export async function footfallByDay(
  tx: Tx,
  storeId: string,
  range: { from: string; to: string; timezone: string; until?: string | null | undefined },
): Promise<DayFootfall[]> {
  const { rows } = await tx.query<DayFootfall>(
    `WITH day_visits AS (
       SELECT to_char(arrived_at AT TIME ZONE $4, 'YYYY-MM-DD') AS day,
              extract(hour FROM arrived_at AT TIME ZONE $4)::int AS hour,
              shopper_id, extract(epoch FROM departed_at - arrived_at) AS stay_s
       FROM visits
       WHERE store_id = $1 AND arrived_at >= ($2::date)::timestamp AT TIME ZONE $4
         AND arrived_at < ($3::date + 1)::timestamp AT TIME ZONE $4
         AND ($5::time IS NULL OR date_trunc('minute', arrived_at AT TIME ZONE $4)::time <= $5::time)
     ), hours AS (
       SELECT DISTINCT ON (day) day, hour FROM day_visits
       GROUP BY day, hour ORDER BY day, count(*) DESC, hour
     )
     SELECT v.day, count(*)::int AS visits, count(DISTINCT v.shopper_id)::int AS shoppers,
            round(percentile_cont(0.5) WITHIN GROUP (ORDER BY v.stay_s))::int AS median_stay_s,
            h.hour AS busiest_hour
     FROM day_visits v JOIN hours h USING (day) GROUP BY v.day, h.hour ORDER BY v.day`,
    [storeId, range.from, range.to, range.timezone, range.until ?? null],
  );
  return rows;
}
