import type { MigrationBuilder } from 'node-pg-migrate';

/** The stock screen's live line: each statement that changes a store's stock tells `stock_news` which store's. */
export async function up(pgm: MigrationBuilder): Promise<void> {
  pgm.sql(`SELECT app_notify_store_news('stock', 'stock_news')`);
}

export async function down(pgm: MigrationBuilder): Promise<void> {
  pgm.sql('DROP TRIGGER stock_changed_news ON stock; DROP TRIGGER stock_added_news ON stock;');
}
