import type { MigrationBuilder } from 'node-pg-migrate';

/**
 * A till return may name the sale it brings goods back from (the original receipt's record id): campaigns'
 * attribution then counts that sale net of it, and not at all once all of it came back.
 */
export async function up(pgm: MigrationBuilder): Promise<void> {
  pgm.sql(`
    ALTER TABLE till_sales ADD COLUMN of_sale text CHECK (of_sale IS NULL OR kind = 'return');
    CREATE INDEX till_sales_of_sale ON till_sales (tenant_id, of_sale) WHERE of_sale IS NOT NULL;
  `);
}

export async function down(pgm: MigrationBuilder): Promise<void> {
  pgm.sql('ALTER TABLE till_sales DROP COLUMN of_sale;');
}
