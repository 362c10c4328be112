import type { MigrationBuilder } from 'node-pg-migrate';

/**
 * Stores of a brand. Location is WGS84 geography for "stores near me"; the georeference ties the
 * store's local metric frame (x east, y north, metres) to WGS84 for GeoJSON export.
 */
export async function up(pgm: MigrationBuilder): Promise<void> {
  pgm.sql(`
    CREATE TABLE stores (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
      code text NOT NULL CHECK (code ~ '^[A-Z]{2,4}[0-9]{2,6}$'),
      name text NOT NULL,
      address text NOT NULL,
      phone text,
      location geography(Point, 4326) NOT NULL,
      timezone text NOT NULL,
      hours jsonb NOT NULL,
      services text[] NOT NULL DEFAULT '{}',
      georeference jsonb,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (tenant_id, code)
    );
    CREATE INDEX stores_location_gist ON stores USING gist (location);
    SELECT app_enable_tenant_rls('stores');
    CREATE TRIGGER stores_touch BEFORE UPDATE ON stores FOR EACH ROW EXECUTE FUNCTION app_touch_updated_at();

    -- The public store directory: what any shopper may see of any store, and nothing else.
    -- KNN (<->) on the GiST index orders by distance; ST_DWithin bounds the search.
    CREATE FUNCTION public_stores_nearby(p_lat float8, p_lng float8, p_radius_m float8, p_tenant uuid, p_limit int)
    RETURNS TABLE (id uuid, tenant_id uuid, code text, name text, address text, phone text,
                   lat float8, lng float8, timezone text, hours jsonb, services text[], distance_m float8)
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
      SELECT s.id, s.tenant_id, s.code, s.name, s.address, s.phone,
             ST_Y(s.location::geometry), ST_X(s.location::geometry), s.timezone, s.hours, s.services,
             ST_Distance(s.location, ST_MakePoint(p_lng, p_lat)::geography)
      FROM stores s
      WHERE ST_DWithin(s.location, ST_MakePoint(p_lng, p_lat)::geography, p_radius_m)
        AND (p_tenant IS NULL OR s.tenant_id = p_tenant)
      ORDER BY s.location <-> ST_MakePoint(p_lng, p_lat)::geography
      LIMIT p_limit
    $$;
    REVOKE ALL ON FUNCTION public_stores_nearby(float8, float8, float8, uuid, int) FROM PUBLIC;
    GRANT EXECUTE ON FUNCTION public_stores_nearby(float8, float8, float8, uuid, int) TO smartstore_app;

    CREATE FUNCTION public_store(p_id uuid)
    RETURNS TABLE (id uuid, tenant_id uuid, code text, name text, address text, phone text,
                   lat float8, lng float8, timezone text, hours jsonb, services text[], georeference jsonb)
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
      SELECT s.id, s.tenant_id, s.code, s.name, s.address, s.phone,
             ST_Y(s.location::geometry), ST_X(s.location::geometry), s.timezone, s.hours, s.services, s.georeference
      FROM stores s WHERE s.id = p_id
    $$;
    REVOKE ALL ON FUNCTION public_store(uuid) FROM PUBLIC;
    GRANT EXECUTE ON FUNCTION public_store(uuid) TO smartstore_app;
  `);
}

export async function down(pgm: MigrationBuilder): Promise<void> {
  pgm.sql(`
    DROP FUNCTION public_store(uuid);
    DROP FUNCTION public_stores_nearby(float8, float8, float8, uuid, int);
    DROP TABLE stores;
  `);
}
