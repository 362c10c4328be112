import type { MigrationBuilder } from 'node-pg-migrate';

/**
 * A member's birthday, month and day (MM-DD) without the year: what a birthday offer needs, and no
 * more of a shopper's identity than that. The pattern is the one members/schemas.ts validates with
 * (no 02-30, no 04-31; 02-29 allowed).
 */
export async function up(pgm: MigrationBuilder): Promise<void> {
  pgm.sql(`
    ALTER TABLE memberships ADD COLUMN birthday text CONSTRAINT memberships_birthday CHECK (birthday ~
      '^((0[13578]|1[02])-(0[1-9]|[12][0-9]|3[01])|(0[469]|11)-(0[1-9]|[12][0-9]|30)|02-(0[1-9]|[12][0-9]))$');
  `);
}

export async function down(pgm: MigrationBuilder): Promise<void> {
  pgm.sql('ALTER TABLE memberships DROP COLUMN birthday');
}
