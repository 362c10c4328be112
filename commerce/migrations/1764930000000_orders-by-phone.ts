import type { MigrationBuilder } from 'node-pg-migrate';

/**
 * The desk finds orders by the phone a customer gives (or its last four digits, 手机尾号): a delivery's
 * contact number is typed as people type it (+86 138 0013 8000), so its digits are kept as stored
 * columns, the tail indexed. Stored columns compared with = stay usable by an index under row-level
 * security, which an expression such as right(...) would not (see members' member-lookup migration).
 */
export async function up(pgm: MigrationBuilder): Promise<void> {
  pgm.sql(`
    ALTER TABLE orders
      ADD COLUMN contact_phone_digits text GENERATED ALWAYS AS (regexp_replace(delivery->>'phone', '[^0-9]', '', 'g')) STORED,
      ADD COLUMN contact_phone_tail text GENERATED ALWAYS AS (right(regexp_replace(delivery->>'phone', '[^0-9]', '', 'g'), 4)) STORED;
    CREATE INDEX orders_contact_phone_tail ON orders (tenant_id, contact_phone_tail) WHERE contact_phone_tail IS NOT NULL;
  `);
}

export async function down(pgm: MigrationBuilder): Promise<void> {
  pgm.sql('ALTER TABLE orders DROP COLUMN contact_phone_tail, DROP COLUMN contact_phone_digits');
}
