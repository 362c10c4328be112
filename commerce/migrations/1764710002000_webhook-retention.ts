import type { MigrationBuilder } from 'node-pg-migrate';

/**
 * Webhook events are kept for the delivery log for WEBHOOK_RETENTION_DAYS, then forgotten with
 * their deliveries and attempts, unless a delivery of theirs is still pending. stock.changed alone
 * writes an event per change, so without this the tables only grow.
 */
export async function up(pgm: MigrationBuilder): Promise<void> {
  pgm.sql(`
    CREATE INDEX webhook_events_age ON webhook_events (tenant_id, created_at);

    CREATE FUNCTION webhook_retention_tenants(p_before timestamptz) RETURNS SETOF uuid
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
      SELECT DISTINCT tenant_id FROM webhook_events WHERE created_at < p_before
    $$;
    REVOKE ALL ON FUNCTION webhook_retention_tenants(timestamptz) FROM PUBLIC;
    GRANT EXECUTE ON FUNCTION webhook_retention_tenants(timestamptz) TO smartstore_app;
  `);
}

export async function down(pgm: MigrationBuilder): Promise<void> {
  pgm.sql(`
    DROP FUNCTION webhook_retention_tenants(timestamptz);
    DROP INDEX webhook_events_age;
  `);
}
