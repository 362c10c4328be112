/**
 * The database adapter. Every connection runs as the non-superuser role `smartstore_app`
 * (superusers bypass row-level security), and every unit of work is a transaction that
 * declares whose data it touches: a tenant, the platform, or nobody (public lookups).
 */
import pg from 'pg';

export const APP_ROLE = 'smartstore_app';

/** What a domain function needs to run SQL: a client inside a transaction. */
export type Tx = Pick<pg.PoolClient, 'query'>;

export type Work<T> = (tx: Tx) => Promise<T>;

export interface Db {
  readonly pool: pg.Pool;
  /** A transaction that sees only this tenant's rows (RLS reads `app.tenant_id`). */
  tenant<T>(tenantId: string, work: Work<T>): Promise<T>;
  /** A transaction for the platform operator: sees the tenant list, still no tenant's rows. */
  platform<T>(work: Work<T>): Promise<T>;
  /** A transaction with no tenant set: sees no tenant rows; public data only through definer functions. */
  anonymous<T>(work: Work<T>): Promise<T>;
  close(): Promise<void>;
}

// Timestamps stay strings-free: timestamptz → Date (default), bigint counts → number.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));
pg.types.setTypeParser(pg.types.builtins.NUMERIC, (v) => Number(v));

export function createDb(databaseUrl: string, options: { max?: number } = {}): Db {
  // The role is a startup parameter of every connection, so no statement ever runs as the login role.
  const pool = new pg.Pool({
    connectionString: databaseUrl,
    max: options.max ?? 10,
    options: `-c role=${APP_ROLE}`,
  });
  // An idle client losing its server must not crash the process; the pool replaces it.
  pool.on('error', () => {});

  async function transaction<T>(settings: Record<string, string>, work: Work<T>): Promise<T> {
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      for (const [key, value] of Object.entries(settings)) {
        await client.query('SELECT set_config($1, $2, true)', [key, value]);
      }
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => {});
      throw error;
    } finally {
      client.release();
    }
  }

  return {
    pool,
    tenant: (tenantId, work) => transaction({ 'app.tenant_id': tenantId }, work),
    platform: (work) => transaction({ 'app.platform': 'on' }, work),
    anonymous: (work) => transaction({}, work),
    close: () => pool.end(),
  };
}
