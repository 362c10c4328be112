/** Tenants: retail brands. Platform transactions see all of them; a tenant transaction sees itself. */
import type { Tx } from '../db/pool.js';
import { SlugTaken } from './errors.js';
import type { Tenant, TenantUpdate } from './schemas.js';

const COLUMNS = 'id, slug, name, created_at, updated_at';

export async function createTenant(tx: Tx, input: { slug: string; name: string }): Promise<Tenant> {
  const { rows } = await tx.query<Tenant>(
    `INSERT INTO tenants (slug, name) VALUES ($1, $2) ON CONFLICT (slug) DO NOTHING RETURNING ${COLUMNS}`,
    [input.slug, input.name],
  );
  if (!rows[0]) throw SlugTaken(input.slug);
  return rows[0];
}

export async function listTenants(tx: Tx): Promise<Tenant[]> {
  const { rows } = await tx.query<Tenant>(`SELECT ${COLUMNS} FROM tenants ORDER BY name`);
  return rows;
}

export async function getTenant(tx: Tx, id: string): Promise<Tenant | undefined> {
  const { rows } = await tx.query<Tenant>(`SELECT ${COLUMNS} FROM tenants WHERE id = $1`, [id]);
  return rows[0];
}

export async function updateTenant(tx: Tx, id: string, patch: TenantUpdate): Promise<Tenant | undefined> {
  const { rows } = await tx.query<Tenant>(`UPDATE tenants SET name = $2 WHERE id = $1 RETURNING ${COLUMNS}`, [
    id,
    patch.name,
  ]);
  return rows[0];
}

/** The public face of a brand, found by slug before anyone logs in. */
export async function tenantBySlug(
  tx: Tx,
  slug: string,
): Promise<{ id: string; slug: string; name: string } | undefined> {
  const { rows } = await tx.query('SELECT id, slug, name FROM tenant_by_slug($1)', [slug]);
  return rows[0];
}
