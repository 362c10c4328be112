import type { MigrationBuilder } from 'node-pg-migrate';

/**
 * One catalogue for the mini-program and the till: categories, products, SKUs with EAN-13
 * barcodes, bundles (a SKU made of other SKUs), per-store price and availability, member price
 * per tier. Search runs on trigram indexes over the name and the pinyin initials, and on the
 * barcode. Also the stored answers of `Idempotency-Key` requests, which every commerce POST uses.
 */
export async function up(pgm: MigrationBuilder): Promise<void> {
  pgm.sql(`
    CREATE TABLE catalogue_categories (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
      parent_id uuid REFERENCES catalogue_categories(id) ON DELETE RESTRICT,
      name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
      sort integer NOT NULL DEFAULT 0,
      created_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (tenant_id, name)
    );
    SELECT app_enable_tenant_rls('catalogue_categories');

    CREATE TABLE catalogue_products (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
      category_id uuid REFERENCES catalogue_categories(id) ON DELETE SET NULL,
      name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
      -- Pinyin initials of the name ("农夫山泉" → "nfsq"), computed by the app on every write.
      initials text NOT NULL,
      description text NOT NULL DEFAULT '',
      images text[] NOT NULL DEFAULT '{}',
      attributes jsonb NOT NULL DEFAULT '{}',
      active boolean NOT NULL DEFAULT true,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX catalogue_products_name_trgm ON catalogue_products USING gin (name gin_trgm_ops);
    CREATE INDEX catalogue_products_initials_trgm ON catalogue_products USING gin (initials gin_trgm_ops);
    CREATE INDEX catalogue_products_category ON catalogue_products (tenant_id, category_id);
    SELECT app_enable_tenant_rls('catalogue_products');
    CREATE TRIGGER catalogue_products_touch BEFORE UPDATE ON catalogue_products
      FOR EACH ROW EXECUTE FUNCTION app_touch_updated_at();

    CREATE TABLE catalogue_skus (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
      product_id uuid NOT NULL REFERENCES catalogue_products(id) ON DELETE CASCADE,
      code text NOT NULL CHECK (code ~ '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$'),
      barcode text CHECK (barcode ~ '^[0-9]{13}$'),
      name text NOT NULL DEFAULT '',
      attributes jsonb NOT NULL DEFAULT '{}',
      price_cents integer NOT NULL CHECK (price_cents >= 0),
      active boolean NOT NULL DEFAULT true,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (tenant_id, code),
      UNIQUE (tenant_id, barcode)
    );
    CREATE INDEX catalogue_skus_product ON catalogue_skus (product_id);
    SELECT app_enable_tenant_rls('catalogue_skus');
    CREATE TRIGGER catalogue_skus_touch BEFORE UPDATE ON catalogue_skus
      FOR EACH ROW EXECUTE FUNCTION app_touch_updated_at();

    -- A bundle is a SKU sold as one line but stocked as its components.
    CREATE TABLE catalogue_bundle_components (
      tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
      bundle_sku_id uuid NOT NULL REFERENCES catalogue_skus(id) ON DELETE CASCADE,
      component_sku_id uuid NOT NULL REFERENCES catalogue_skus(id) ON DELETE RESTRICT,
      qty integer NOT NULL CHECK (qty > 0),
      PRIMARY KEY (bundle_sku_id, component_sku_id),
      CHECK (bundle_sku_id <> component_sku_id)
    );
    SELECT app_enable_tenant_rls('catalogue_bundle_components');

    -- Per store: a price that overrides the list price, and whether the store sells the SKU at all.
    CREATE TABLE catalogue_store_prices (
      tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
      store_id uuid NOT NULL REFERENCES stores(id) ON DELETE CASCADE,
      sku_id uuid NOT NULL REFERENCES catalogue_skus(id) ON DELETE CASCADE,
      price_cents integer CHECK (price_cents >= 0),
      available boolean NOT NULL DEFAULT true,
      updated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (store_id, sku_id)
    );
    CREATE INDEX catalogue_store_prices_sku ON catalogue_store_prices (sku_id);
    SELECT app_enable_tenant_rls('catalogue_store_prices');

    -- Member price per tier; tiers are plain names until the members work gives them a table.
    CREATE TABLE catalogue_member_prices (
      tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
      sku_id uuid NOT NULL REFERENCES catalogue_skus(id) ON DELETE CASCADE,
      tier text NOT NULL CHECK (tier ~ '^[a-z][a-z0-9_]{0,31}$'),
      price_cents integer NOT NULL CHECK (price_cents >= 0),
      PRIMARY KEY (sku_id, tier)
    );
    SELECT app_enable_tenant_rls('catalogue_member_prices');

    -- The first answer to a creating POST, replayed for the same Idempotency-Key.
    CREATE TABLE commerce_idempotency (
      tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
      scope text NOT NULL,
      key text NOT NULL,
      request_hash text NOT NULL,
      status_code integer,
      response jsonb,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (tenant_id, scope, key)
    );
    SELECT app_enable_tenant_rls('commerce_idempotency');
  `);
}

export async function down(pgm: MigrationBuilder): Promise<void> {
  pgm.sql(`
    DROP TABLE commerce_idempotency;
    DROP TABLE catalogue_member_prices;
    DROP TABLE catalogue_store_prices;
    DROP TABLE catalogue_bundle_components;
    DROP TABLE catalogue_skus;
    DROP TABLE catalogue_products;
    DROP TABLE catalogue_categories;
  `);
}
