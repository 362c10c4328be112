import type { MigrationBuilder } from 'node-pg-migrate';

/**
 * What every domain shares: extensions, the application role, and the row-level-security
 * helpers. The tenant of a transaction lives in the `app.tenant_id` setting (set per transaction
 * by db/pool.ts); a table is made tenant-private with `SELECT app_enable_tenant_rls('table')`.
 */
export async function up(pgm: MigrationBuilder): Promise<void> {
  pgm.sql(`
    CREATE EXTENSION IF NOT EXISTS postgis;
    CREATE EXTENSION IF NOT EXISTS pg_trgm;

    DO $$ BEGIN
      IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'smartstore_app') THEN
        CREATE ROLE smartstore_app NOLOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE;
      END IF;
    END $$;
    -- Lets a non-superuser login role (a managed database) switch to the app role.
    DO $$ BEGIN
      EXECUTE format('GRANT smartstore_app TO %I', current_user);
    EXCEPTION WHEN others THEN NULL;
    END $$;

    GRANT USAGE ON SCHEMA public TO smartstore_app;
    ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO smartstore_app;
    ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO smartstore_app;
    GRANT SELECT ON spatial_ref_sys TO smartstore_app;

    CREATE FUNCTION app_tenant() RETURNS uuid LANGUAGE sql STABLE AS
      $$ SELECT nullif(current_setting('app.tenant_id', true), '')::uuid $$;

    CREATE FUNCTION app_is_platform() RETURNS boolean LANGUAGE sql STABLE AS
      $$ SELECT coalesce(current_setting('app.platform', true), '') = 'on' $$;

    -- FORCE: the policy binds the table owner too, so a forgotten SET ROLE cannot leak rows.
    CREATE FUNCTION app_enable_tenant_rls(target regclass) RETURNS void LANGUAGE plpgsql AS $$
    BEGIN
      EXECUTE format('ALTER TABLE %s ENABLE ROW LEVEL SECURITY', target);
      EXECUTE format('ALTER TABLE %s FORCE ROW LEVEL SECURITY', target);
      EXECUTE format(
        'CREATE POLICY tenant_isolation ON %s USING (tenant_id = app_tenant()) WITH CHECK (tenant_id = app_tenant())',
        target);
    END $$;

    CREATE FUNCTION app_touch_updated_at() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN NEW.updated_at = now(); RETURN NEW; END $$;
  `);
}

export async function down(pgm: MigrationBuilder): Promise<void> {
  pgm.sql(`
    DROP FUNCTION IF EXISTS app_touch_updated_at();
    DROP FUNCTION IF EXISTS app_enable_tenant_rls(regclass);
    DROP FUNCTION IF EXISTS app_is_platform();
    DROP FUNCTION IF EXISTS app_tenant();
  `);
}
