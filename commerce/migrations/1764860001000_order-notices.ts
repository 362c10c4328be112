import type { MigrationBuilder } from 'node-pg-migrate';

/**
 * What a shopper is told of their order (ready, a refund, lapsed unpaid): an outbox written in the
 * same transaction as the change, which a worker hands to push/ (commerce/orders/notices.ts). A row
 * lives until its notice has gone out; `due_at` is when a worker may take it, and a worker's claim
 * moves it on, so a notice whose process died is taken again once the claim lapses.
 */
export async function up(pgm: MigrationBuilder): Promise<void> {
  pgm.sql(`
    CREATE TABLE order_notices (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
      order_id uuid NOT NULL REFERENCES orders(id) ON DELETE CASCADE,
      event text NOT NULL CHECK (event IN ('ready', 'refund', 'lapsed')),
      -- push/'s delivery log sends once per source key and channel: one per (order, status), one per refund.
      source_key text NOT NULL,
      refund_cents integer CHECK (refund_cents > 0),
      due_at timestamptz NOT NULL DEFAULT now(),
      created_at timestamptz NOT NULL DEFAULT now(),
      CHECK ((event = 'refund') = (refund_cents IS NOT NULL))
    );
    CREATE INDEX order_notices_due ON order_notices (tenant_id, due_at);
    SELECT app_enable_tenant_rls('order_notices');

    CREATE FUNCTION order_notice_tenants(p_now timestamptz) RETURNS SETOF uuid
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
      SELECT DISTINCT tenant_id FROM order_notices WHERE due_at <= p_now
    $$;
    REVOKE ALL ON FUNCTION order_notice_tenants(timestamptz) FROM PUBLIC;
    GRANT EXECUTE ON FUNCTION order_notice_tenants(timestamptz) TO smartstore_app;
  `);
}

export async function down(pgm: MigrationBuilder): Promise<void> {
  pgm.sql(`
    DROP FUNCTION order_notice_tenants(timestamptz);
    DROP TABLE order_notices;
  `);
}
