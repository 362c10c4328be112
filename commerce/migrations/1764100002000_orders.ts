import type { MigrationBuilder } from 'node-pg-migrate';

/**
 * Orders for pickup, delivery and scan-to-buy: priced lines, the reservation that holds their
 * stock, a status moved only along the state machine (commerce/orders/state.ts) with an
 * append-only audit trail, and each store's delivery zone (radius and fee), which commerce keeps
 * beside the stores rather than in their table.
 */
export async function up(pgm: MigrationBuilder): Promise<void> {
  pgm.sql(`
    CREATE TABLE commerce_delivery_zones (
      tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
      store_id uuid PRIMARY KEY REFERENCES stores(id) ON DELETE CASCADE,
      radius_m integer NOT NULL CHECK (radius_m BETWEEN 100 AND 50000),
      fee_cents integer NOT NULL CHECK (fee_cents >= 0),
      free_over_cents integer CHECK (free_over_cents >= 0),
      updated_at timestamptz NOT NULL DEFAULT now()
    );
    SELECT app_enable_tenant_rls('commerce_delivery_zones');

    CREATE TABLE orders (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
      type text NOT NULL CHECK (type IN ('pickup', 'delivery', 'scan_to_buy')),
      status text NOT NULL DEFAULT 'created'
        CHECK (status IN ('created', 'paid', 'preparing', 'ready', 'completed', 'cancelled', 'refunded')),
      store_id uuid NOT NULL REFERENCES stores(id),
      -- Who ordered: a shopper (mini-program) or a member of staff (till); ids from members/tenancy.
      shopper_id uuid,
      staff_id uuid,
      tier text,
      reservation_id uuid REFERENCES stock_reservations(id),
      subtotal_cents integer NOT NULL CHECK (subtotal_cents >= 0),
      discount_cents integer NOT NULL DEFAULT 0 CHECK (discount_cents >= 0),
      delivery_fee_cents integer NOT NULL DEFAULT 0 CHECK (delivery_fee_cents >= 0),
      total_cents integer NOT NULL CHECK (total_cents >= 0),
      adjustments jsonb NOT NULL DEFAULT '[]',
      delivery jsonb,
      pickup_code text CHECK (pickup_code ~ '^[0-9]{6}$'),
      payment jsonb,
      expires_at timestamptz NOT NULL,
      paid_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      CHECK (shopper_id IS NOT NULL OR staff_id IS NOT NULL)
    );
    -- A pickup code names one open order of a store at a time.
    CREATE UNIQUE INDEX orders_open_pickup_code ON orders (store_id, pickup_code)
      WHERE pickup_code IS NOT NULL AND status IN ('created', 'paid', 'preparing', 'ready');
    CREATE INDEX orders_shopper ON orders (tenant_id, shopper_id, created_at DESC);
    CREATE INDEX orders_store_status ON orders (tenant_id, store_id, status, created_at DESC);
    CREATE INDEX orders_due ON orders (tenant_id, expires_at) WHERE status = 'created';
    SELECT app_enable_tenant_rls('orders');
    CREATE TRIGGER orders_touch BEFORE UPDATE ON orders FOR EACH ROW EXECUTE FUNCTION app_touch_updated_at();

    CREATE TABLE order_lines (
      tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
      order_id uuid NOT NULL REFERENCES orders(id) ON DELETE CASCADE,
      line_no integer NOT NULL,
      sku_id uuid NOT NULL REFERENCES catalogue_skus(id),
      name text NOT NULL,
      barcode text,
      qty integer NOT NULL CHECK (qty > 0),
      unit_cents integer NOT NULL CHECK (unit_cents >= 0),
      basis text NOT NULL,
      line_cents integer NOT NULL CHECK (line_cents >= 0),
      PRIMARY KEY (order_id, line_no)
    );
    SELECT app_enable_tenant_rls('order_lines');

    CREATE TABLE order_events (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
      order_id uuid NOT NULL REFERENCES orders(id) ON DELETE CASCADE,
      from_status text,
      to_status text NOT NULL,
      actor text NOT NULL,
      note text,
      created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX order_events_order ON order_events (order_id, id);
    SELECT app_enable_tenant_rls('order_events');
    REVOKE UPDATE, DELETE, TRUNCATE ON order_events FROM smartstore_app;

    CREATE FUNCTION orders_expiry_tenants(p_now timestamptz) RETURNS SETOF uuid
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
      SELECT DISTINCT tenant_id FROM orders WHERE status = 'created' AND expires_at <= p_now
    $$;
    REVOKE ALL ON FUNCTION orders_expiry_tenants(timestamptz) FROM PUBLIC;
    GRANT EXECUTE ON FUNCTION orders_expiry_tenants(timestamptz) TO smartstore_app;
  `);
}

export async function down(pgm: MigrationBuilder): Promise<void> {
  pgm.sql(`
    DROP FUNCTION orders_expiry_tenants(timestamptz);
    DROP TABLE order_events;
    DROP TABLE order_lines;
    DROP TABLE orders;
    DROP TABLE commerce_delivery_zones;
  `);
}
