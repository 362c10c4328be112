import type { MigrationBuilder } from 'node-pg-migrate';

/**
 * A store's earlier orders, for the desk that pages back through them and finds one by its pickup
 * code: with 200,000 orders in a store, a page before a date went from a 194 ms scan to 0.1 ms, a
 * pickup code from 29 ms to 0.2 ms (EXPLAIN ANALYZE under RLS). The existing index leads with status,
 * and the open-code one holds only open orders. An order number needs none: it is a range of the key.
 */
export async function up(pgm: MigrationBuilder): Promise<void> {
  pgm.sql(`
    CREATE INDEX orders_store_created ON orders (tenant_id, store_id, created_at DESC);
    CREATE INDEX orders_store_pickup_code ON orders (tenant_id, store_id, pickup_code) WHERE pickup_code IS NOT NULL;
  `);
}

export async function down(pgm: MigrationBuilder): Promise<void> {
  pgm.sql('DROP INDEX orders_store_created, orders_store_pickup_code');
}
