/** The beacon registry in Postgres, per store, and the per-store radio settings calibration fits. */
import type { Tx } from '../db/pool.js';
import type { Beacon, BeaconInput } from './beacon.js';

const COLUMNS = `id, store_id, uuid::text AS uuid, major, minor, name, x, y, z, level, tx_power, battery_pct, firmware, last_heard_at`;

export async function listBeacons(tx: Tx, storeId: string): Promise<Beacon[]> {
  const { rows } = await tx.query<Beacon>(
    `SELECT ${COLUMNS} FROM beacons WHERE store_id = $1 ORDER BY level, major, minor, uuid`,
    [storeId],
  );
  return rows;
}

export async function getBeacon(tx: Tx, id: string): Promise<Beacon | undefined> {
  return (await tx.query<Beacon>(`SELECT ${COLUMNS} FROM beacons WHERE id = $1`, [id])).rows[0];
}

/** Where a beacon identity is already registered in this brand, if anywhere. */
export async function identitiesTaken(
  tx: Tx,
  identities: { uuid: string; major: number; minor: number }[],
): Promise<{ uuid: string; major: number; minor: number; store_id: string; id: string; level: number }[]> {
  if (identities.length === 0) return [];
  const { rows } = await tx.query(
    `SELECT b.id, b.store_id, b.uuid::text AS uuid, b.major, b.minor, b.level
     FROM beacons b JOIN unnest($1::uuid[], $2::int[], $3::int[]) AS i(uuid, major, minor)
       ON b.uuid = i.uuid AND b.major = i.major AND b.minor = i.minor`,
    [identities.map((i) => i.uuid), identities.map((i) => i.major), identities.map((i) => i.minor)],
  );
  return rows;
}

/** The proximity UUID a brand's first beacon gets: the iBeacon sample one most beacons ship with. */
export const DEFAULT_UUID = 'e2c56db5-dffb-48d2-b060-d0f5a71096e0';
const MAX_ID = 65535;

/** What a beacon registered without its measured power is taken to read at 1 m, dBm. */
export const DEFAULT_TX_POWER_DBM = -59;

/**
 * Serialises choosing identities within a brand, so two clerks placing beacons at once cannot pick the
 * same one (the second would otherwise move the first's beacon). Held until the transaction ends.
 */
export async function lockIdentities(tx: Tx, tenantId: string): Promise<void> {
  await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`beacon-identity:${tenantId}`]);
}

/**
 * An identity no beacon of the brand has, for a new beacon of this store on `level`: the given UUID,
 * else the store's, else the brand's; the major the store uses on that level, else a new one above the
 * store's highest (from 1 in a store with none) that no other store uses; the minor after the highest
 * of that major. Call under lockIdentities.
 */
export async function nextIdentity(
  tx: Tx,
  storeId: string,
  level: number,
  uuid?: string,
): Promise<{ uuid: string; major: number; minor: number } | undefined> {
  const { rows } = await tx.query<{
    uuid: string;
    major: number;
    ours: boolean;
    level: number;
    n: number;
    top: number;
  }>(
    `SELECT uuid::text AS uuid, major, store_id = $1 AS ours, level, count(*)::int AS n, max(minor) AS top
     FROM beacons GROUP BY 1, 2, 3, 4`,
    [storeId],
  );
  const commonest = (groups: typeof rows) => {
    const counts = new Map<string, number>();
    for (const g of groups) counts.set(g.uuid, (counts.get(g.uuid) ?? 0) + g.n);
    return [...counts].sort((a, b) => b[1] - a[1])[0]?.[0];
  };
  const chosen = uuid ?? commonest(rows.filter((g) => g.ours)) ?? commonest(rows) ?? DEFAULT_UUID;
  const same = rows.filter((g) => g.uuid === chosen);
  const top = (major: number) => Math.max(0, ...same.filter((g) => g.major === major).map((g) => g.top));
  const free = (major: number) => top(major) < MAX_ID;
  const onLevel = same.filter((g) => g.ours && g.level === level).sort((a, b) => b.n - a.n);
  function newMajor(): number | undefined {
    const others = new Set(same.filter((g) => !g.ours).map((g) => g.major));
    const ours = same.filter((g) => g.ours).map((g) => g.major);
    for (let m = ours.length > 0 ? Math.max(...ours) + 1 : 1; m <= MAX_ID; m++)
      if (!others.has(m) && free(m)) return m;
    return undefined;
  }
  const major = onLevel.map((g) => g.major).find(free) ?? newMajor();
  return major === undefined ? undefined : { uuid: chosen, major, minor: top(major) + 1 };
}

/** Inserts or, for an identity this store already has, updates what the input gives. */
export async function upsertBeacon(
  tx: Tx,
  tenantId: string,
  storeId: string,
  input: BeaconInput,
): Promise<Beacon> {
  const { rows } = await tx.query<Beacon>(
    `INSERT INTO beacons (tenant_id, store_id, uuid, major, minor, name, x, y, z, level, tx_power, battery_pct, firmware)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, coalesce($9, 3), coalesce($10, 0), coalesce($11, ${DEFAULT_TX_POWER_DBM}), $12, $13)
     ON CONFLICT (tenant_id, uuid, major, minor) DO UPDATE SET
       name = coalesce(EXCLUDED.name, beacons.name), x = EXCLUDED.x, y = EXCLUDED.y,
       z = coalesce($9, beacons.z), level = coalesce($10, beacons.level), tx_power = coalesce($11, beacons.tx_power),
       battery_pct = coalesce($12, beacons.battery_pct), firmware = coalesce($13, beacons.firmware)
     WHERE beacons.store_id = EXCLUDED.store_id
     RETURNING ${COLUMNS}`,
    [
      tenantId,
      storeId,
      input.uuid,
      input.major,
      input.minor,
      input.name ?? null,
      input.x,
      input.y,
      input.z ?? null,
      input.level ?? null,
      input.tx_power ?? null,
      input.battery_pct ?? null,
      input.firmware ?? null,
    ],
  );
  return rows[0]!;
}

export type BeaconPatch = Partial<Omit<BeaconInput, 'uuid' | 'major' | 'minor'>>;

export async function updateBeacon(tx: Tx, id: string, patch: BeaconPatch): Promise<Beacon | undefined> {
  const has = (k: keyof BeaconPatch) => patch[k] !== undefined;
  const { rows } = await tx.query<Beacon>(
    `UPDATE beacons SET
       name = CASE WHEN $2 THEN $3 ELSE name END,
       x = coalesce($4, x), y = coalesce($5, y), z = coalesce($6, z), level = coalesce($7, level),
       tx_power = coalesce($8, tx_power),
       battery_pct = CASE WHEN $9 THEN $10 ELSE battery_pct END,
       firmware = CASE WHEN $11 THEN $12 ELSE firmware END
     WHERE id = $1 RETURNING ${COLUMNS}`,
    [
      id,
      has('name'),
      patch.name ?? null,
      patch.x ?? null,
      patch.y ?? null,
      patch.z ?? null,
      patch.level ?? null,
      patch.tx_power ?? null,
      has('battery_pct'),
      patch.battery_pct ?? null,
      has('firmware'),
      patch.firmware ?? null,
    ],
  );
  return rows[0];
}

export async function deleteBeacon(tx: Tx, id: string): Promise<boolean> {
  return Boolean((await tx.query('DELETE FROM beacons WHERE id = $1', [id])).rowCount);
}

/**
 * For the gateway: the beacons it heard, with battery when the advertisement carries it. Unknown
 * identities are ignored (a neighbour's beacon); returns how many registry rows were touched.
 */
export async function markHeard(
  tx: Tx,
  heard: { uuid: string; major: number; minor: number; at: Date; battery_pct?: number }[],
): Promise<number> {
  if (heard.length === 0) return 0;
  const { rowCount } = await tx.query(
    `UPDATE beacons b SET last_heard_at = greatest(b.last_heard_at, h.at), battery_pct = coalesce(h.battery, b.battery_pct)
     FROM unnest($1::uuid[], $2::int[], $3::int[], $4::timestamptz[], $5::int[]) AS h(uuid, major, minor, at, battery)
     WHERE b.uuid = h.uuid AND b.major = h.major AND b.minor = h.minor`,
    [
      heard.map((h) => h.uuid),
      heard.map((h) => h.major),
      heard.map((h) => h.minor),
      heard.map((h) => h.at),
      heard.map((h) => h.battery_pct ?? null),
    ],
  );
  return rowCount ?? 0;
}

export interface BeaconSettings {
  path_loss_exponent: number;
  silent_after_s: number;
}

const DEFAULT_SETTINGS: BeaconSettings = { path_loss_exponent: 2, silent_after_s: 900 };

export async function beaconSettings(tx: Tx, storeId: string): Promise<BeaconSettings> {
  const { rows } = await tx.query<BeaconSettings>(
    'SELECT path_loss_exponent, silent_after_s FROM beacon_sites WHERE store_id = $1',
    [storeId],
  );
  return rows[0] ?? DEFAULT_SETTINGS;
}

export async function setBeaconSettings(
  tx: Tx,
  tenantId: string,
  storeId: string,
  patch: Partial<BeaconSettings>,
): Promise<BeaconSettings> {
  const { rows } = await tx.query<BeaconSettings>(
    `INSERT INTO beacon_sites (tenant_id, store_id, path_loss_exponent, silent_after_s)
     VALUES ($1, $2, coalesce($3::float8, $5::float8), coalesce($4::int, $6::int))
     ON CONFLICT (store_id) DO UPDATE SET
       path_loss_exponent = coalesce($3::float8, beacon_sites.path_loss_exponent),
       silent_after_s = coalesce($4::int, beacon_sites.silent_after_s), updated_at = now()
     RETURNING path_loss_exponent, silent_after_s`,
    [
      tenantId,
      storeId,
      patch.path_loss_exponent ?? null,
      patch.silent_after_s ?? null,
      DEFAULT_SETTINGS.path_loss_exponent,
      DEFAULT_SETTINGS.silent_after_s,
    ],
  );
  return rows[0]!;
}
