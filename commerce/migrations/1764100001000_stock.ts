import type { MigrationBuilder } from 'node-pg-migrate';

/**
 * Stock that never oversells. A row per (store, SKU) holds on_hand and reserved, guarded by CHECK
 * constraints; every change is a movement in an append-only ledger with a unique idempotency key;
 * reservations hold stock for unpaid orders until they are committed, released or expire; every
 * change of a stock row lands in an outbox in the same transaction (a trigger, so no writer can
 * forget it), which a relay publishes to MQTT and Redis.
 */
export async function up(pgm: MigrationBuilder): Promise<void> {
  pgm.sql(`
    CREATE TABLE stock (
      tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
      store_id uuid NOT NULL REFERENCES stores(id) ON DELETE CASCADE,
      sku_id uuid NOT NULL REFERENCES catalogue_skus(id) ON DELETE CASCADE,
      on_hand integer NOT NULL DEFAULT 0,
      reserved integer NOT NULL DEFAULT 0,
      -- Bumped on every change, so a cache fed out of order keeps the newest figure.
      version bigint NOT NULL DEFAULT 0,
      updated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (store_id, sku_id),
      CONSTRAINT stock_reserved_not_negative CHECK (reserved >= 0),
      CONSTRAINT stock_reserved_within_on_hand CHECK (reserved <= on_hand)
    );
    CREATE INDEX stock_sku ON stock (sku_id);
    SELECT app_enable_tenant_rls('stock');

    CREATE TABLE stock_movements (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
      store_id uuid NOT NULL REFERENCES stores(id) ON DELETE CASCADE,
      sku_id uuid NOT NULL REFERENCES catalogue_skus(id) ON DELETE CASCADE,
      kind text NOT NULL CHECK (kind IN ('receipt', 'sale', 'reservation', 'release', 'adjustment', 'transfer', 'return')),
      on_hand_delta integer NOT NULL,
      reserved_delta integer NOT NULL,
      -- The operation's idempotency key (order, POS receipt, transfer...); one line per (store, SKU) in it.
      key text NOT NULL CHECK (length(key) BETWEEN 1 AND 200),
      reference text,
      created_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT stock_movements_key UNIQUE (tenant_id, key, store_id, sku_id),
      CHECK (on_hand_delta <> 0 OR reserved_delta <> 0)
    );
    CREATE INDEX stock_movements_balance ON stock_movements (tenant_id, store_id, sku_id);
    SELECT app_enable_tenant_rls('stock_movements');
    -- Append-only for the application: history is corrected by new movements, never rewritten.
    REVOKE UPDATE, DELETE, TRUNCATE ON stock_movements FROM smartstore_app;

    CREATE TABLE stock_reservations (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
      key text NOT NULL CHECK (length(key) BETWEEN 1 AND 200),
      store_id uuid NOT NULL REFERENCES stores(id) ON DELETE CASCADE,
      -- Demand per stocked SKU, bundles already expanded: [{"sku_id": …, "qty": …}].
      lines jsonb NOT NULL,
      status text NOT NULL DEFAULT 'held' CHECK (status IN ('held', 'committed', 'released', 'expired')),
      expires_at timestamptz NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      settled_at timestamptz,
      UNIQUE (tenant_id, key)
    );
    CREATE INDEX stock_reservations_due ON stock_reservations (tenant_id, expires_at) WHERE status = 'held';
    SELECT app_enable_tenant_rls('stock_reservations');

    CREATE TABLE stock_outbox (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
      store_id uuid NOT NULL,
      sku_id uuid NOT NULL,
      on_hand integer NOT NULL,
      reserved integer NOT NULL,
      version bigint NOT NULL,
      created_at timestamptz NOT NULL DEFAULT clock_timestamp()
    );
    CREATE INDEX stock_outbox_tenant ON stock_outbox (tenant_id, id);
    SELECT app_enable_tenant_rls('stock_outbox');

    CREATE FUNCTION stock_to_outbox() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      INSERT INTO stock_outbox (tenant_id, store_id, sku_id, on_hand, reserved, version)
      VALUES (NEW.tenant_id, NEW.store_id, NEW.sku_id, NEW.on_hand, NEW.reserved, NEW.version);
      RETURN NULL;
    END $$;
    CREATE TRIGGER stock_outbox_on_change AFTER INSERT OR UPDATE OF on_hand, reserved ON stock
      FOR EACH ROW EXECUTE FUNCTION stock_to_outbox();

    -- Workers serve every brand; these tell them which brands have work, and nothing else.
    CREATE FUNCTION stock_outbox_tenants() RETURNS SETOF uuid
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
      SELECT DISTINCT tenant_id FROM stock_outbox
    $$;
    REVOKE ALL ON FUNCTION stock_outbox_tenants() FROM PUBLIC;
    GRANT EXECUTE ON FUNCTION stock_outbox_tenants() TO smartstore_app;

    CREATE FUNCTION stock_expiry_tenants(p_now timestamptz) RETURNS SETOF uuid
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
      SELECT DISTINCT tenant_id FROM stock_reservations WHERE status = 'held' AND expires_at <= p_now
    $$;
    REVOKE ALL ON FUNCTION stock_expiry_tenants(timestamptz) FROM PUBLIC;
    GRANT EXECUTE ON FUNCTION stock_expiry_tenants(timestamptz) TO smartstore_app;
  `);
}

export async function down(pgm: MigrationBuilder): Promise<void> {
  pgm.sql(`
    DROP FUNCTION stock_expiry_tenants(timestamptz);
    DROP FUNCTION stock_outbox_tenants();
    DROP TABLE stock_outbox;
    DROP FUNCTION stock_to_outbox();
    DROP TABLE stock_reservations;
    DROP TABLE stock_movements;
    DROP TABLE stock;
  `);
}
