import type { MigrationBuilder } from 'node-pg-migrate';

/** The orders desk's live line: each statement that adds or changes orders tells `order_news` which store's. */
export async function up(pgm: MigrationBuilder): Promise<void> {
  pgm.sql(`SELECT app_notify_store_news('orders', 'order_news')`);
}

export async function down(pgm: MigrationBuilder): Promise<void> {
  pgm.sql('DROP TRIGGER orders_changed_news ON orders; DROP TRIGGER orders_added_news ON orders;');
}
