/** A store's counters and bookable services, as staff set them up. */
import { guardConstraints, type Tx } from '../../db/index.js';
import { NotFound, Validation } from '../../server/errors.js';
import { CounterNameTaken } from './errors.js';
import type { CounterCreate, CounterUpdate, Service, ServiceCreate, ServiceUpdate } from './schemas.js';

export interface CounterRecord {
  id: string;
  store_id: string;
  name: string;
  active: boolean;
  created_at: Date;
}

const nameTaken = (what: string) => (error: { code?: string }) =>
  error.code === '23505' ? CounterNameTaken(what) : undefined;

export async function listCounters(tx: Tx, storeId: string): Promise<CounterRecord[]> {
  const { rows } = await tx.query<CounterRecord>(
    'SELECT id, store_id, name, active, created_at FROM appointment_counters WHERE store_id = $1 ORDER BY name',
    [storeId],
  );
  return rows;
}

export async function getCounter(tx: Tx, id: string): Promise<CounterRecord | undefined> {
  const { rows } = await tx.query<CounterRecord>(
    'SELECT id, store_id, name, active, created_at FROM appointment_counters WHERE id = $1',
    [id],
  );
  return rows[0];
}

export async function createCounter(
  tx: Tx,
  tenantId: string,
  storeId: string,
  input: CounterCreate,
): Promise<CounterRecord> {
  const { rows } = await guardConstraints(
    tx,
    () =>
      tx.query<CounterRecord>(
        `INSERT INTO appointment_counters (tenant_id, store_id, name) VALUES ($1, $2, $3)
         RETURNING id, store_id, name, active, created_at`,
        [tenantId, storeId, input.name],
      ),
    nameTaken('counter'),
  );
  return rows[0]!;
}

export async function updateCounter(tx: Tx, id: string, patch: CounterUpdate): Promise<CounterRecord> {
  const { rows } = await guardConstraints(
    tx,
    () =>
      tx.query<CounterRecord>(
        `UPDATE appointment_counters SET name = coalesce($2, name), active = coalesce($3, active) WHERE id = $1
         RETURNING id, store_id, name, active, created_at`,
        [id, patch.name ?? null, patch.active ?? null],
      ),
    nameTaken('counter'),
  );
  if (!rows[0]) throw NotFound('Counter');
  return rows[0];
}

const SERVICE_COLUMNS = `id, store_id, name, description, kind, duration_min, interval_min, start_times, seats,
  max_party, counter_ids, horizon_days, min_notice_min, cancel_cutoff_min, reminder_min, active, created_at, updated_at`;

export type ServiceRecord = Omit<Service, 'created_at' | 'updated_at'> & {
  created_at: Date;
  updated_at: Date;
};

export async function listServices(tx: Tx, storeId: string, activeOnly: boolean): Promise<ServiceRecord[]> {
  const { rows } = await tx.query<ServiceRecord>(
    `SELECT ${SERVICE_COLUMNS} FROM appointment_services WHERE store_id = $1 AND (active OR NOT $2) ORDER BY name`,
    [storeId, activeOnly],
  );
  return rows;
}

export async function getService(tx: Tx, id: string, lock = false): Promise<ServiceRecord | undefined> {
  const { rows } = await tx.query<ServiceRecord>(
    `SELECT ${SERVICE_COLUMNS} FROM appointment_services WHERE id = $1${lock ? ' FOR SHARE' : ''}`,
    [id],
  );
  return rows[0];
}

/** What a schema cannot say: counters belong to the store, the kinds' own rules. */
async function checkService(
  tx: Tx,
  storeId: string,
  service: Omit<ServiceRecord, 'id' | 'store_id' | 'created_at' | 'updated_at'>,
) {
  if (service.kind === 'counter') {
    if (service.counter_ids.length === 0)
      throw Validation('counter_ids', 'needs at least one counter of the store');
    if (service.seats !== 1)
      throw Validation('seats', 'is 1 for a counter service (a counter serves one booking)');
    const { rows } = await tx.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM appointment_counters WHERE store_id = $1 AND id = ANY($2::uuid[])',
      [storeId, service.counter_ids],
    );
    if (rows[0]!.n !== service.counter_ids.length)
      throw Validation('counter_ids', 'names a counter of another store');
  } else {
    if (service.counter_ids.length > 0)
      throw Validation('counter_ids', 'are for counter services, not events');
    if (service.max_party > service.seats)
      throw Validation('max_party', 'is more than the seats of a session');
  }
}

const DEFAULTS = {
  description: null,
  interval_min: null,
  start_times: null,
  seats: 1,
  max_party: 1,
  counter_ids: [] as string[],
  horizon_days: 14,
  min_notice_min: 60,
  cancel_cutoff_min: 120,
  reminder_min: 60,
  active: true,
};

async function writeService(
  tx: Tx,
  sql: string,
  params: unknown[],
  service: Omit<ServiceRecord, 'id' | 'created_at' | 'updated_at'>,
): Promise<ServiceRecord> {
  await checkService(tx, service.store_id, service);
  const { rows } = await guardConstraints(
    tx,
    () =>
      tx.query<ServiceRecord>(sql, [
        ...params,
        service.name,
        service.description,
        service.kind,
        service.duration_min,
        service.interval_min,
        service.start_times,
        service.seats,
        service.max_party,
        service.counter_ids,
        service.horizon_days,
        service.min_notice_min,
        service.cancel_cutoff_min,
        service.reminder_min,
        service.active,
      ]),
    nameTaken('service'),
  );
  return rows[0]!;
}

export async function createService(
  tx: Tx,
  tenantId: string,
  storeId: string,
  input: ServiceCreate,
): Promise<ServiceRecord> {
  return writeService(
    tx,
    `INSERT INTO appointment_services (tenant_id, store_id, name, description, kind, duration_min, interval_min,
       start_times, seats, max_party, counter_ids, horizon_days, min_notice_min, cancel_cutoff_min, reminder_min, active)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16) RETURNING ${SERVICE_COLUMNS}`,
    [tenantId, storeId],
    { ...DEFAULTS, ...input, store_id: storeId },
  );
}

/** Changes a service; bookings already made keep their time and counter. */
export async function updateService(tx: Tx, id: string, patch: ServiceUpdate): Promise<ServiceRecord> {
  const current = await getService(tx, id, true);
  if (!current) throw NotFound('Service');
  if (patch.kind && patch.kind !== current.kind) {
    // Counters and seats are counted differently: upcoming bookings would be counted by neither.
    const { rowCount } = await tx.query(
      `SELECT 1 FROM appointment_bookings WHERE service_id = $1 AND ends_at > now() AND status IN ('booked', 'checked_in') LIMIT 1`,
      [id],
    );
    if (rowCount) throw Validation('kind', 'cannot change while the service has upcoming bookings');
  }
  const { id: _, created_at, updated_at, ...fields } = current;
  return writeService(
    tx,
    `UPDATE appointment_services SET name = $2, description = $3, kind = $4, duration_min = $5, interval_min = $6,
       start_times = $7, seats = $8, max_party = $9, counter_ids = $10, horizon_days = $11, min_notice_min = $12,
       cancel_cutoff_min = $13, reminder_min = $14, active = $15
     WHERE id = $1 RETURNING ${SERVICE_COLUMNS}`,
    [id],
    { ...fields, ...patch },
  );
}
