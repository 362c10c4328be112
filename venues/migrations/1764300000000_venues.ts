import type { MigrationBuilder } from 'node-pg-migrate';

/**
 * Store maps in the store's local metric frame (SRID 0: x east, y north, metres). One row per level
 * with its outline; walls, shelves, zones and openings as features of a level; connectors between
 * levels; where each SKU sits; the raster floor plan with its pixel-to-metre transform.
 * Every route reaches a store through its RLS-filtered row first, so a foreign store id never lands here.
 */
export async function up(pgm: MigrationBuilder): Promise<void> {
  pgm.sql(`
    CREATE TABLE venue_levels (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
      store_id uuid NOT NULL REFERENCES stores(id) ON DELETE CASCADE,
      level int NOT NULL CHECK (level BETWEEN -10 AND 100),
      name text NOT NULL,
      height_m float8 NOT NULL DEFAULT 4.5 CHECK (height_m > 0),
      outline geometry(Polygon, 0) NOT NULL CHECK (ST_IsValid(outline)),
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (store_id, level)
    );
    SELECT app_enable_tenant_rls('venue_levels');
    CREATE TRIGGER venue_levels_touch BEFORE UPDATE ON venue_levels FOR EACH ROW EXECUTE FUNCTION app_touch_updated_at();

    -- wall and shelf are obstacles; a shelf is also a fixture with slots; zone and opening are walkable.
    CREATE TABLE venue_features (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
      store_id uuid NOT NULL REFERENCES stores(id) ON DELETE CASCADE,
      level int NOT NULL,
      kind text NOT NULL CHECK (kind IN ('wall', 'shelf', 'zone', 'opening')),
      name text,
      geom geometry(Polygon, 0) NOT NULL CHECK (ST_IsValid(geom)),
      height_m float8 CHECK (height_m IS NULL OR height_m > 0),
      properties jsonb NOT NULL DEFAULT '{}',
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      FOREIGN KEY (store_id, level) REFERENCES venue_levels (store_id, level) ON DELETE CASCADE ON UPDATE CASCADE
    );
    CREATE INDEX venue_features_store_level ON venue_features (store_id, level, kind);
    CREATE INDEX venue_features_geom ON venue_features USING gist (geom);
    SELECT app_enable_tenant_rls('venue_features');
    CREATE TRIGGER venue_features_touch BEFORE UPDATE ON venue_features FOR EACH ROW EXECUTE FUNCTION app_touch_updated_at();

    CREATE TABLE venue_connectors (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
      store_id uuid NOT NULL REFERENCES stores(id) ON DELETE CASCADE,
      kind text NOT NULL CHECK (kind IN ('escalator', 'lift', 'stairs')),
      name text,
      from_level int NOT NULL,
      from_point geometry(Point, 0) NOT NULL,
      to_level int NOT NULL,
      to_point geometry(Point, 0) NOT NULL,
      seconds float8 NOT NULL CHECK (seconds >= 0),
      -- An escalator runs one way; lifts and stairs both ways.
      two_way boolean NOT NULL DEFAULT true,
      created_at timestamptz NOT NULL DEFAULT now(),
      CHECK (from_level <> to_level),
      FOREIGN KEY (store_id, from_level) REFERENCES venue_levels (store_id, level) ON DELETE CASCADE ON UPDATE CASCADE,
      FOREIGN KEY (store_id, to_level) REFERENCES venue_levels (store_id, level) ON DELETE CASCADE ON UPDATE CASCADE
    );
    CREATE INDEX venue_connectors_store ON venue_connectors (store_id);
    SELECT app_enable_tenant_rls('venue_connectors');

    -- Where a SKU sits: on a shelf (and a slot of it), at a point in front of it where a shopper stands.
    CREATE TABLE product_locations (
      tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
      store_id uuid NOT NULL REFERENCES stores(id) ON DELETE CASCADE,
      sku text NOT NULL CHECK (length(sku) BETWEEN 1 AND 64),
      feature_id uuid NOT NULL REFERENCES venue_features(id) ON DELETE CASCADE,
      slot text,
      level int NOT NULL,
      point geometry(Point, 0) NOT NULL,
      updated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (store_id, sku)
    );
    SELECT app_enable_tenant_rls('product_locations');

    -- The raster floor plan of a level; transform maps image pixels (u right, v down) to metres.
    CREATE TABLE floor_plans (
      tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
      store_id uuid NOT NULL REFERENCES stores(id) ON DELETE CASCADE,
      level int NOT NULL,
      media_type text NOT NULL CHECK (media_type IN ('image/png', 'image/jpeg', 'image/svg+xml', 'image/webp')),
      image bytea NOT NULL,
      width_px int NOT NULL CHECK (width_px > 0),
      height_px int NOT NULL CHECK (height_px > 0),
      transform jsonb NOT NULL,
      updated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (store_id, level),
      FOREIGN KEY (store_id, level) REFERENCES venue_levels (store_id, level) ON DELETE CASCADE ON UPDATE CASCADE
    );
    SELECT app_enable_tenant_rls('floor_plans');
    CREATE TRIGGER floor_plans_touch BEFORE UPDATE ON floor_plans FOR EACH ROW EXECUTE FUNCTION app_touch_updated_at();
  `);
}

export async function down(pgm: MigrationBuilder): Promise<void> {
  pgm.sql(`
    DROP TABLE floor_plans;
    DROP TABLE product_locations;
    DROP TABLE venue_connectors;
    DROP TABLE venue_features;
    DROP TABLE venue_levels;
  `);
}
