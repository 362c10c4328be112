import type { MigrationBuilder } from 'node-pg-migrate';

/**
 * What the staff's stock screen needs of the ledger: why an adjustment was made (a stock take's
 * count, goods damaged, expired or lost), and which member of staff recorded a movement by hand
 * (null for orders, tills and reservations, whose key and reference say where they came from).
 * No foreign key to staff: the ledger is append-only and keeps who it was after they leave.
 */
export async function up(pgm: MigrationBuilder): Promise<void> {
  pgm.sql(`
    ALTER TABLE stock_movements
      ADD COLUMN reason text CHECK (reason IN ('count', 'damaged', 'expired', 'lost')),
      ADD COLUMN recorded_by uuid,
      ADD CONSTRAINT stock_movements_reason_of_adjustment CHECK (reason IS NULL OR kind = 'adjustment');
  `);
}

export async function down(pgm: MigrationBuilder): Promise<void> {
  pgm.sql(`
    ALTER TABLE stock_movements
      DROP CONSTRAINT stock_movements_reason_of_adjustment,
      DROP COLUMN recorded_by,
      DROP COLUMN reason;
  `);
}
