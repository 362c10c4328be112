import type { MigrationBuilder } from 'node-pg-migrate';

/**
 * The shopper's cart, kept on the server as well as on the phone: it follows them to another phone,
 * and the offer ranker weighs what they are about to buy (the mini-program's cart was its alone).
 * One cart per shopper, for one store at a time, as the mini-program keeps it; the lines as the
 * shopper left them (SKU and quantity), priced when read.
 */
export async function up(pgm: MigrationBuilder): Promise<void> {
  pgm.sql(`
    CREATE TABLE shopper_carts (
      tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
      shopper_id uuid NOT NULL REFERENCES shoppers(id) ON DELETE CASCADE,
      store_id uuid REFERENCES stores(id) ON DELETE CASCADE,
      lines jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(lines) = 'array'),
      updated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (tenant_id, shopper_id)
    );
    SELECT app_enable_tenant_rls('shopper_carts');
  `);
}

export async function down(pgm: MigrationBuilder): Promise<void> {
  pgm.sql('DROP TABLE shopper_carts');
}
