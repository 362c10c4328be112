import type { MigrationBuilder } from 'node-pg-migrate';

/**
 * A member's name (姓名/称呼), as the shopper gives it or staff correct it: 1 to 40 characters, no
 * control characters, no spaces at either end (members/schemas.ts checks the same); null when not given.
 *
 * Staff find members by any part of the name. Under row-level security an ILIKE (or a pg_trgm
 * operator) is not leakproof, so the planner runs it after the tenant's rows are read and no trigram
 * index serves it (see the member-lookup migration). Every suffix of the lower-cased name is kept
 * instead, one row each: a name contains the typed text when one of its suffixes begins with it, and
 * `^@` (starts with, leakproof) reaches the index. A trigger keeps the suffixes in step with the name.
 */
export async function up(pgm: MigrationBuilder): Promise<void> {
  pgm.sql(`
    ALTER TABLE memberships ADD COLUMN name text CONSTRAINT memberships_name CHECK (
      char_length(name) BETWEEN 1 AND 40 AND name !~ '[\\u0001-\\u001f\\u007f-\\u009f]' AND name !~ '^\\s|\\s$');

    CREATE TABLE member_name_suffixes (
      tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
      membership_id uuid NOT NULL REFERENCES memberships(id) ON DELETE CASCADE,
      suffix text NOT NULL,
      PRIMARY KEY (membership_id, suffix)
    );
    CREATE INDEX member_name_suffixes_start ON member_name_suffixes (tenant_id, suffix text_pattern_ops);
    SELECT app_enable_tenant_rls('member_name_suffixes');

    CREATE FUNCTION member_name_suffixes_keep() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      DELETE FROM member_name_suffixes WHERE membership_id = NEW.id;
      INSERT INTO member_name_suffixes (tenant_id, membership_id, suffix)
        SELECT DISTINCT NEW.tenant_id, NEW.id, substr(lower(NEW.name), i)
        FROM generate_series(1, char_length(NEW.name)) i;
      RETURN NULL;
    END $$;
    CREATE TRIGGER memberships_name_given AFTER INSERT ON memberships
      FOR EACH ROW WHEN (NEW.name IS NOT NULL) EXECUTE FUNCTION member_name_suffixes_keep();
    CREATE TRIGGER memberships_name_changed AFTER UPDATE OF name ON memberships
      FOR EACH ROW WHEN (OLD.name IS DISTINCT FROM NEW.name) EXECUTE FUNCTION member_name_suffixes_keep();
  `);
}

export async function down(pgm: MigrationBuilder): Promise<void> {
  pgm.sql(`
    DROP TRIGGER memberships_name_changed ON memberships;
    DROP TRIGGER memberships_name_given ON memberships;
    DROP FUNCTION member_name_suffixes_keep();
    DROP TABLE member_name_suffixes;
    ALTER TABLE memberships DROP COLUMN name;
  `);
}
