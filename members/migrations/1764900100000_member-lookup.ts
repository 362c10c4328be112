import type { MigrationBuilder } from 'node-pg-migrate';

/**
 * Staff find members at the desk by a phone's last four digits (手机尾号) and by the beginning or
 * the end of a member number, a page at a time, newest first. Row-level security runs a query's
 * own conditions after the tenant's only when they are leakproof: an expression such as
 * right(phone, 4) or ILIKE is not, so no index would serve it. Stored columns compared with = and
 * the pattern operators (leakproof) are, so the tail and the reversed number are kept as columns.
 */
export async function up(pgm: MigrationBuilder): Promise<void> {
  pgm.sql(`
    ALTER TABLE memberships
      ADD COLUMN phone_tail text GENERATED ALWAYS AS (right(phone, 4)) STORED,
      ADD COLUMN member_no_reversed text GENERATED ALWAYS AS (reverse(member_no)) STORED;
    CREATE INDEX memberships_phone_tail ON memberships (tenant_id, phone_tail);
    CREATE INDEX memberships_member_no_start ON memberships (tenant_id, member_no text_pattern_ops);
    CREATE INDEX memberships_member_no_end ON memberships (tenant_id, member_no_reversed text_pattern_ops);
    CREATE INDEX memberships_newest ON memberships (tenant_id, joined_at DESC, id);
  `);
}

export async function down(pgm: MigrationBuilder): Promise<void> {
  pgm.sql(`
    DROP INDEX memberships_newest;
    ALTER TABLE memberships DROP COLUMN member_no_reversed, DROP COLUMN phone_tail;
  `);
}
