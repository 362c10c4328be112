/** Staff accounts of a brand (and platform admins, who belong to none). */
import { guardConstraints, type Tx } from '../db/index.js';
import { EmailTaken, StoresNeeded, UnknownStores } from './errors.js';
import { hashPassword } from './passwords.js';
import { STORE_BOUND_ROLES, type StaffRole } from './roles.js';
import type { Staff, StaffUpdate } from './schemas.js';

const COLUMNS = 'id, tenant_id, email, name, role, store_ids, active, created_at, updated_at';

export interface NewStaff {
  email: string;
  name: string;
  role: StaffRole;
  password: string;
  store_ids?: string[] | undefined;
}

/**
 * Of these store ids, those naming the transaction's brand's stores. Stores' to say, and tenancy
 * cannot import stores (which imports its roles): server/app.ts and the seed hand in stores' own.
 */
export type ExistingStores = (tx: Tx, ids: readonly string[]) => Promise<readonly string[]>;

/**
 * Store ids must name stores of the transaction's tenant, and a store-bound role needs one: a
 * clerk of no store could sign in and do nothing.
 */
async function checkStores(
  tx: Tx,
  role: StaffRole,
  storeIds: string[],
  existing: ExistingStores,
): Promise<void> {
  if (STORE_BOUND_ROLES.includes(role) && storeIds.length === 0) throw StoresNeeded();
  if (storeIds.length === 0) return;
  const known = new Set(await existing(tx, storeIds));
  const unknown = storeIds.filter((id) => !known.has(id));
  if (unknown.length > 0) throw UnknownStores(unknown);
}

export async function createStaff(
  tx: Tx,
  tenantId: string | null,
  input: NewStaff,
  existing: ExistingStores,
): Promise<Staff> {
  const storeIds = input.store_ids ?? [];
  await checkStores(tx, input.role, storeIds, existing);
  const email = input.email.toLowerCase();
  const { rows } = await guardConstraints(
    tx,
    async () =>
      tx.query<Staff>(
        `INSERT INTO staff (tenant_id, email, name, role, store_ids, password_hash)
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING ${COLUMNS}`,
        [tenantId, email, input.name, input.role, storeIds, await hashPassword(input.password)],
      ),
    (error) => (error.code === '23505' ? EmailTaken(email) : undefined),
  );
  return rows[0]!;
}

export async function listStaff(tx: Tx): Promise<Staff[]> {
  const { rows } = await tx.query<Staff>(`SELECT ${COLUMNS} FROM staff ORDER BY name, email`);
  return rows;
}

/** Staff members' names by id, for the screens that say who did something (those of the brand only). */
export async function staffNames(tx: Tx, ids: readonly string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const { rows } = await tx.query<{ id: string; name: string }>(
    'SELECT id, name FROM staff WHERE id = ANY($1::uuid[])',
    [ids],
  );
  return new Map(rows.map((r) => [r.id, r.name]));
}

export async function getStaff(tx: Tx, id: string): Promise<Staff | undefined> {
  const { rows } = await tx.query<Staff>(`SELECT ${COLUMNS} FROM staff WHERE id = $1`, [id]);
  return rows[0];
}

export async function updateStaff(
  tx: Tx,
  id: string,
  patch: StaffUpdate,
  existing: ExistingStores,
): Promise<Staff | undefined> {
  if (patch.store_ids || patch.role) {
    const current = await getStaff(tx, id);
    if (!current) return undefined;
    await checkStores(tx, patch.role ?? current.role, patch.store_ids ?? current.store_ids, existing);
  }
  const { rows } = await tx.query<Staff>(
    `UPDATE staff SET
       name = coalesce($2, name),
       role = coalesce($3::staff_role, role),
       store_ids = coalesce($4::uuid[], store_ids),
       active = coalesce($5, active),
       password_hash = coalesce($6, password_hash)
     WHERE id = $1 RETURNING ${COLUMNS}`,
    [
      id,
      patch.name ?? null,
      patch.role ?? null,
      patch.store_ids ?? null,
      patch.active ?? null,
      patch.password ? await hashPassword(patch.password) : null,
    ],
  );
  return rows[0];
}

export interface LoginRecord {
  id: string;
  tenant_id: string | null;
  role: StaffRole;
  store_ids: string[];
  name: string;
  password_hash: string;
  active: boolean;
}

/**
 * The account's login record by id, its row locked until the transaction ends: the password a
 * change checks is the one it replaces. Reached under the transaction's tenant (or the platform's).
 */
export async function lockLoginRecord(tx: Tx, id: string): Promise<LoginRecord | undefined> {
  const { rows } = await tx.query<LoginRecord>(
    'SELECT id, tenant_id, role, store_ids, name, password_hash, active FROM staff WHERE id = $1 FOR UPDATE',
    [id],
  );
  return rows[0];
}

export async function findStaffForLogin(tx: Tx, email: string): Promise<LoginRecord | undefined> {
  const { rows } = await tx.query<LoginRecord>('SELECT * FROM staff_login_lookup($1)', [email]);
  return rows[0];
}
