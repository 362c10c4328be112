import type { MigrationBuilder } from 'node-pg-migrate';

/**
 * Sales and returns rung up at a till on a member's card: what campaigns' attribution and lift count
 * beside paid orders (a member whose card is their mini-program account is a shopper the campaign
 * reached). The stock moved in the ledger; the points in the members' ledger.
 */
export async function up(pgm: MigrationBuilder): Promise<void> {
  pgm.sql(`
    CREATE TABLE till_sales (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
      record_id text NOT NULL,
      kind text NOT NULL CHECK (kind IN ('sale', 'return')),
      store_id uuid NOT NULL REFERENCES stores(id) ON DELETE CASCADE,
      membership_id uuid NOT NULL REFERENCES memberships(id) ON DELETE CASCADE,
      spend_cents int NOT NULL CHECK (spend_cents >= 0),
      sku_ids uuid[] NOT NULL,
      sold_at timestamptz NOT NULL,
      UNIQUE (tenant_id, kind, record_id)
    );
    CREATE INDEX till_sales_member ON till_sales (membership_id, sold_at);
    SELECT app_enable_tenant_rls('till_sales');
  `);
}

export async function down(pgm: MigrationBuilder): Promise<void> {
  pgm.sql('DROP TABLE till_sales;');
}
