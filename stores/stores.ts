/** Stores of a brand: staff edit them in a tenant transaction; shoppers read the public directory. */
import { guardConstraints, type Tx } from '../db/index.js';
import { Validation } from '../server/errors.js';
import type { ExistingStores } from '../tenancy/index.js';
import { StoreCodeTaken } from './errors.js';
import {
  hoursProblem,
  hoursToday,
  isOpenAt,
  isValidTimeZone,
  type OpeningHours,
  openState,
} from './hours.js';
import type { NearbyQuery, NearbyStore, PublicStore, Store, StoreCreate, StoreUpdate } from './schemas.js';

const COLUMNS = `id, tenant_id, code, name, address, phone, ST_Y(location::geometry) AS lat, ST_X(location::geometry) AS lng,
  timezone, hours, services, georeference, created_at, updated_at`;

interface Row {
  lat: number;
  lng: number;
  timezone: string;
  hours: OpeningHours;
  [key: string]: unknown;
}

/** Adds what depends on the clock: open now (until when, or when it opens next), and today's hours in the store's own time zone. */
function present<T>(row: Row, now: Date): T {
  const { lat, lng, ...rest } = row;
  return {
    ...rest,
    location: { lat, lng },
    open_now: isOpenAt(row.hours, row.timezone, now),
    hours_today: hoursToday(row.hours, row.timezone, now),
    ...openState(row.hours, row.timezone, now),
  } as T;
}

/** Checks what a schema cannot: a real time zone, hours that make sense. */
function checkStore(input: StoreUpdate): void {
  if (input.timezone !== undefined && !isValidTimeZone(input.timezone)) {
    throw Validation('timezone', `"${input.timezone}" is not an IANA time zone (e.g. Asia/Shanghai)`);
  }
  const problem = input.hours && hoursProblem(input.hours);
  if (problem) throw Validation(problem.field, problem.problem);
}

/** A clash on (tenant, code) is the store code taken, not an internal error. */
const codeTaken = (code: string | undefined) => (error: { code?: string }) =>
  error.code === '23505' && code ? StoreCodeTaken(code) : undefined;

export async function createStore(
  tx: Tx,
  tenantId: string,
  input: StoreCreate,
  now = new Date(),
): Promise<Store> {
  checkStore(input);
  const { rows } = await guardConstraints(
    tx,
    () =>
      tx.query<Row>(
        `INSERT INTO stores (tenant_id, code, name, address, phone, location, timezone, hours, services, georeference)
       VALUES ($1, $2, $3, $4, $5, ST_MakePoint($7, $6)::geography, $8, $9, $10, $11)
       RETURNING ${COLUMNS}`,
        [
          tenantId,
          input.code,
          input.name,
          input.address,
          input.phone ?? null,
          input.location.lat,
          input.location.lng,
          input.timezone,
          JSON.stringify(input.hours),
          input.services ?? [],
          input.georeference ? JSON.stringify(input.georeference) : null,
        ],
      ),
    codeTaken(input.code),
  );
  return present<Store>(rows[0]!, now);
}

export async function updateStore(
  tx: Tx,
  id: string,
  patch: StoreUpdate,
  now = new Date(),
): Promise<Store | undefined> {
  checkStore(patch);
  const has = (key: keyof StoreUpdate) => patch[key] !== undefined;
  const { rows } = await guardConstraints(
    tx,
    () =>
      tx.query<Row>(
        `UPDATE stores SET
         code = coalesce($2, code),
         name = coalesce($3, name),
         address = coalesce($4, address),
         phone = CASE WHEN $5 THEN $6 ELSE phone END,
         location = coalesce(ST_MakePoint($8, $7)::geography, location),
         timezone = coalesce($9, timezone),
         hours = coalesce($10::jsonb, hours),
         services = coalesce($11, services),
         georeference = CASE WHEN $12 THEN $13::jsonb ELSE georeference END
       WHERE id = $1 RETURNING ${COLUMNS}`,
        [
          id,
          patch.code ?? null,
          patch.name ?? null,
          patch.address ?? null,
          has('phone'),
          patch.phone ?? null,
          patch.location?.lat ?? null,
          patch.location?.lng ?? null,
          patch.timezone ?? null,
          patch.hours ? JSON.stringify(patch.hours) : null,
          patch.services ?? null,
          has('georeference'),
          patch.georeference ? JSON.stringify(patch.georeference) : null,
        ],
      ),
    codeTaken(patch.code),
  );
  return rows[0] && present<Store>(rows[0], now);
}

export async function listStores(tx: Tx, now = new Date()): Promise<Store[]> {
  const { rows } = await tx.query<Row>(`SELECT ${COLUMNS} FROM stores ORDER BY code`);
  return rows.map((row) => present<Store>(row, now));
}

/** Of these ids, those naming the transaction's brand's stores (RLS hides other brands'): tenancy's port. */
export const existingStoreIds: ExistingStores = async (tx, ids) => {
  const { rows } = await tx.query<{ id: string }>('SELECT id FROM stores WHERE id = ANY($1::uuid[])', [ids]);
  return rows.map((r) => r.id);
};

export async function getStore(tx: Tx, id: string, now = new Date()): Promise<Store | undefined> {
  const { rows } = await tx.query<Row>(`SELECT ${COLUMNS} FROM stores WHERE id = $1`, [id]);
  return rows[0] && present<Store>(rows[0], now);
}

/** Stores near a point, nearest first, through the public directory (any brand, or one by id). */
export async function storesNearby(
  tx: Tx,
  query: NearbyQuery & { tenantId?: string | undefined },
  now = new Date(),
): Promise<NearbyStore[]> {
  const { rows } = await tx.query<Row>(
    `SELECT id, tenant_id, code, name, address, phone, lat, lng, timezone, hours, services, distance_m
     FROM public_stores_nearby($1, $2, $3, $4, $5)`,
    [query.lat, query.lng, query.radius, query.tenantId ?? null, query.limit],
  );
  return rows.map((row) => {
    const { timezone: _tz, hours: _hours, ...store } = present<NearbyStore & Row>(row, now);
    return { ...store, distance_m: Math.round(row.distance_m as number) };
  });
}

export async function publicStore(tx: Tx, id: string, now = new Date()): Promise<PublicStore | undefined> {
  const { rows } = await tx.query<Row>('SELECT * FROM public_store($1)', [id]);
  return rows[0] && present<PublicStore>(rows[0], now);
}
