import type { MigrationBuilder } from 'node-pg-migrate';

/**
 * What a store sold lately (products offers rank by it) reads paid orders of one store by paid
 * time: an index for that, over paid orders only.
 */
export async function up(pgm: MigrationBuilder): Promise<void> {
  pgm.sql(
    'CREATE INDEX orders_store_paid ON orders (tenant_id, store_id, paid_at) WHERE paid_at IS NOT NULL;',
  );
}

export async function down(pgm: MigrationBuilder): Promise<void> {
  pgm.sql('DROP INDEX orders_store_paid;');
}
