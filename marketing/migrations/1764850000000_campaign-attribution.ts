import type { MigrationBuilder } from 'node-pg-migrate';

/**
 * The products a campaign is about (SKUs, categories): its report counts only purchases of them,
 * so a coffee offer is judged by the coffee it sold. Empty lists: every purchase, as before.
 */
export async function up(pgm: MigrationBuilder): Promise<void> {
  pgm.sql(`
    ALTER TABLE campaigns ADD COLUMN attribution jsonb NOT NULL DEFAULT '{"sku_ids": [], "category_ids": []}';
  `);
}

export async function down(pgm: MigrationBuilder): Promise<void> {
  pgm.sql('ALTER TABLE campaigns DROP COLUMN attribution;');
}
