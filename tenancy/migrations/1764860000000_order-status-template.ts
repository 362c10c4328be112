import type { MigrationBuilder } from 'node-pg-migrate';

/** A brand's own mini-program may have a subscribe-message template for order updates too (ready, refunded). */
export async function up(pgm: MigrationBuilder): Promise<void> {
  pgm.sql(`
    ALTER TABLE brand_miniprograms
      ADD COLUMN order_status_template_id text CHECK (length(order_status_template_id) BETWEEN 1 AND 128);
  `);
}

export async function down(pgm: MigrationBuilder): Promise<void> {
  pgm.sql('ALTER TABLE brand_miniprograms DROP COLUMN order_status_template_id;');
}
