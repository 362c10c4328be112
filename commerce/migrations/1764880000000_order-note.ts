import type { MigrationBuilder } from 'node-pg-migrate';

/** The shopper's note to the store with an order ("no plastic bag", "ring twice"), for the staff who prepare it. */
export async function up(pgm: MigrationBuilder): Promise<void> {
  pgm.sql('ALTER TABLE orders ADD COLUMN note text CHECK (char_length(note) BETWEEN 1 AND 200)');
}

export async function down(pgm: MigrationBuilder): Promise<void> {
  pgm.sql('ALTER TABLE orders DROP COLUMN note');
}
