import type { MigrationBuilder } from 'node-pg-migrate';

/**
 * Stored Idempotency-Key answers expire: an index to find the old ones and a definer function
 * that tells the cleanup worker which brands have some. And the record ids of POS/ERP product and
 * member batches, so a resent record answers "duplicate" (stock records are keyed in the ledger).
 */
export async function up(pgm: MigrationBuilder): Promise<void> {
  pgm.sql(`
    CREATE INDEX commerce_idempotency_age ON commerce_idempotency (tenant_id, created_at);

    CREATE FUNCTION idempotency_expiry_tenants(p_before timestamptz) RETURNS SETOF uuid
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
      SELECT DISTINCT tenant_id FROM commerce_idempotency WHERE created_at < p_before
    $$;
    REVOKE ALL ON FUNCTION idempotency_expiry_tenants(timestamptz) FROM PUBLIC;
    GRANT EXECUTE ON FUNCTION idempotency_expiry_tenants(timestamptz) TO smartstore_app;

    CREATE TABLE pos_records (
      tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
      kind text NOT NULL CHECK (kind IN ('product', 'member')),
      record_id text NOT NULL,
      -- The record's content: the same id with other content is refused, not taken as a duplicate.
      record_hash text NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (tenant_id, kind, record_id)
    );
    SELECT app_enable_tenant_rls('pos_records');
  `);
}

export async function down(pgm: MigrationBuilder): Promise<void> {
  pgm.sql(`
    DROP TABLE pos_records;
    DROP FUNCTION idempotency_expiry_tenants(timestamptz);
    DROP INDEX commerce_idempotency_age;
  `);
}
