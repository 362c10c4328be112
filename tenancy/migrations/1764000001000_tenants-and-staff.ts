import type { MigrationBuilder } from 'node-pg-migrate';

/** Tenants (retail brands) and their staff accounts. Platform admins are staff with no tenant. */
export async function up(pgm: MigrationBuilder): Promise<void> {
  pgm.sql(`
    CREATE TABLE tenants (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      slug text NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9][a-z0-9-]{1,39}$'),
      name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    );
    ALTER TABLE tenants ENABLE ROW LEVEL SECURITY;
    ALTER TABLE tenants FORCE ROW LEVEL SECURITY;
    CREATE POLICY tenant_self ON tenants USING (id = app_tenant() OR app_is_platform())
      WITH CHECK (id = app_tenant() OR app_is_platform());
    CREATE TRIGGER tenants_touch BEFORE UPDATE ON tenants FOR EACH ROW EXECUTE FUNCTION app_touch_updated_at();

    CREATE TYPE staff_role AS ENUM ('platform_admin', 'brand_admin', 'store_manager', 'clerk', 'marketer');

    CREATE TABLE staff (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      tenant_id uuid REFERENCES tenants(id) ON DELETE CASCADE,
      email text NOT NULL CHECK (email = lower(email)),
      name text NOT NULL,
      role staff_role NOT NULL,
      -- Stores a store manager or clerk works at; empty for brand-wide roles.
      store_ids uuid[] NOT NULL DEFAULT '{}',
      password_hash text NOT NULL,
      active boolean NOT NULL DEFAULT true,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      CHECK ((role = 'platform_admin') = (tenant_id IS NULL))
    );
    CREATE UNIQUE INDEX staff_email_key ON staff (email);
    CREATE INDEX staff_tenant_idx ON staff (tenant_id);
    SELECT app_enable_tenant_rls('staff');
    -- Platform admins belong to no tenant; only a platform transaction sees or makes them.
    CREATE POLICY platform_staff ON staff USING (tenant_id IS NULL AND app_is_platform())
      WITH CHECK (tenant_id IS NULL AND app_is_platform());
    CREATE TRIGGER staff_touch BEFORE UPDATE ON staff FOR EACH ROW EXECUTE FUNCTION app_touch_updated_at();

    -- Login happens before a tenant is known: the one way to read a staff row across tenants,
    -- by exact email, returning only what the password check needs.
    CREATE FUNCTION staff_login_lookup(p_email text)
    RETURNS TABLE (id uuid, tenant_id uuid, role staff_role, store_ids uuid[], name text, password_hash text, active boolean)
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
      SELECT id, tenant_id, role, store_ids, name, password_hash, active FROM staff WHERE email = lower(p_email)
    $$;
    REVOKE ALL ON FUNCTION staff_login_lookup(text) FROM PUBLIC;
    GRANT EXECUTE ON FUNCTION staff_login_lookup(text) TO smartstore_app;

    -- The mini-program names its brand by slug before anyone is logged in.
    CREATE FUNCTION tenant_by_slug(p_slug text) RETURNS TABLE (id uuid, slug text, name text)
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
      SELECT id, slug, name FROM tenants WHERE slug = p_slug
    $$;
    REVOKE ALL ON FUNCTION tenant_by_slug(text) FROM PUBLIC;
    GRANT EXECUTE ON FUNCTION tenant_by_slug(text) TO smartstore_app;
  `);
}

export async function down(pgm: MigrationBuilder): Promise<void> {
  pgm.sql(`
    DROP FUNCTION tenant_by_slug(text);
    DROP FUNCTION staff_login_lookup(text);
    DROP TABLE staff;
    DROP TYPE staff_role;
    DROP TABLE tenants;
  `);
}
