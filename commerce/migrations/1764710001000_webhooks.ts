import type { MigrationBuilder } from 'node-pg-migrate';

/**
 * Outbound webhooks: a brand's endpoints, the events written in the same transaction as the
 * change they describe (an outbox), one delivery per (event, subscribed endpoint) with its retry
 * schedule, and a log of every attempt.
 *
 * `webhook_emit` is the one way in. Order events come from a trigger on the order audit trail,
 * so every path that moves an order (staff, shopper, expiry, payments) emits them; stock.changed
 * comes from the stock outbox relay; appointment events from the booking code.
 */
export async function up(pgm: MigrationBuilder): Promise<void> {
  pgm.sql(`
    CREATE TABLE webhook_endpoints (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
      url text NOT NULL CHECK (url ~ '^https?://' AND length(url) <= 2000),
      secret text NOT NULL CHECK (length(secret) BETWEEN 16 AND 200),
      events text[] NOT NULL CHECK (cardinality(events) > 0),
      description text CHECK (length(description) <= 500),
      active boolean NOT NULL DEFAULT true,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX webhook_endpoints_tenant ON webhook_endpoints (tenant_id) WHERE active;
    SELECT app_enable_tenant_rls('webhook_endpoints');
    CREATE TRIGGER webhook_endpoints_touch BEFORE UPDATE ON webhook_endpoints
      FOR EACH ROW EXECUTE FUNCTION app_touch_updated_at();

    CREATE TABLE webhook_events (
      -- Receivers dedupe on this id: every attempt of every delivery of the event carries it.
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
      type text NOT NULL,
      payload jsonb NOT NULL,
      created_at timestamptz NOT NULL DEFAULT clock_timestamp()
    );
    SELECT app_enable_tenant_rls('webhook_events');

    CREATE TABLE webhook_deliveries (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
      event_id uuid NOT NULL REFERENCES webhook_events(id) ON DELETE CASCADE,
      endpoint_id uuid NOT NULL REFERENCES webhook_endpoints(id) ON DELETE CASCADE,
      status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'failed')),
      -- Attempts since the event (or a manual redelivery); the limit applies to this count.
      attempts integer NOT NULL DEFAULT 0,
      -- When a worker may send it next; a worker's claim pushes it past the attempt's timeout,
      -- so an attempt lost with its process is retried once the claim lapses.
      next_attempt_at timestamptz NOT NULL DEFAULT now(),
      last_status_code integer,
      last_error text,
      delivered_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (endpoint_id, event_id)
    );
    CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at) WHERE status = 'pending';
    CREATE INDEX webhook_deliveries_endpoint ON webhook_deliveries (endpoint_id, created_at DESC);
    SELECT app_enable_tenant_rls('webhook_deliveries');
    CREATE TRIGGER webhook_deliveries_touch BEFORE UPDATE ON webhook_deliveries
      FOR EACH ROW EXECUTE FUNCTION app_touch_updated_at();

    CREATE TABLE webhook_attempts (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
      delivery_id uuid NOT NULL REFERENCES webhook_deliveries(id) ON DELETE CASCADE,
      started_at timestamptz NOT NULL,
      duration_ms integer NOT NULL,
      status_code integer,
      error text
    );
    CREATE INDEX webhook_attempts_delivery ON webhook_attempts (delivery_id, id);
    SELECT app_enable_tenant_rls('webhook_attempts');
    REVOKE UPDATE, DELETE, TRUNCATE ON webhook_attempts FROM smartstore_app;

    -- Records an event for the endpoints of the brand that subscribe to its type (none: nothing).
    CREATE FUNCTION webhook_emit(p_tenant uuid, p_type text, p_payload jsonb) RETURNS void
    LANGUAGE plpgsql AS $$
    DECLARE
      event_id uuid;
    BEGIN
      IF NOT EXISTS (SELECT FROM webhook_endpoints WHERE tenant_id = p_tenant AND active AND p_type = ANY(events)) THEN
        RETURN;
      END IF;
      INSERT INTO webhook_events (tenant_id, type, payload) VALUES (p_tenant, p_type, p_payload)
        RETURNING id INTO event_id;
      INSERT INTO webhook_deliveries (tenant_id, event_id, endpoint_id)
        SELECT p_tenant, event_id, id FROM webhook_endpoints
        WHERE tenant_id = p_tenant AND active AND p_type = ANY(events);
    END $$;

    -- Every change of an order's status is in its audit trail; the ones receivers care about
    -- become events, with the order as it is after the change.
    CREATE FUNCTION order_event_to_webhook() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF NEW.to_status NOT IN ('created', 'paid', 'cancelled', 'refunded', 'completed') THEN
        RETURN NULL;
      END IF;
      PERFORM webhook_emit(NEW.tenant_id, 'order.' || NEW.to_status, jsonb_build_object(
        'order', (SELECT jsonb_build_object(
            'id', o.id, 'type', o.type, 'status', o.status, 'store_id', o.store_id,
            'shopper_id', o.shopper_id, 'staff_id', o.staff_id,
            'subtotal_cents', o.subtotal_cents, 'discount_cents', o.discount_cents,
            'delivery_fee_cents', o.delivery_fee_cents, 'total_cents', o.total_cents,
            'payment', o.payment, 'created_at', o.created_at, 'paid_at', o.paid_at,
            'lines', (SELECT coalesce(jsonb_agg(jsonb_build_object('sku_id', l.sku_id, 'name', l.name,
                'barcode', l.barcode, 'qty', l.qty, 'unit_cents', l.unit_cents, 'line_cents', l.line_cents)
                ORDER BY l.line_no), '[]') FROM order_lines l WHERE l.order_id = o.id))
          FROM orders o WHERE o.id = NEW.order_id),
        'from_status', NEW.from_status,
        'actor', NEW.actor,
        'note', NEW.note,
        'occurred_at', NEW.created_at));
      RETURN NULL;
    END $$;
    CREATE TRIGGER order_events_to_webhooks AFTER INSERT ON order_events
      FOR EACH ROW EXECUTE FUNCTION order_event_to_webhook();

    CREATE FUNCTION webhook_due_tenants(p_now timestamptz) RETURNS SETOF uuid
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
      SELECT DISTINCT tenant_id FROM webhook_deliveries WHERE status = 'pending' AND next_attempt_at <= p_now
    $$;
    REVOKE ALL ON FUNCTION webhook_due_tenants(timestamptz) FROM PUBLIC;
    GRANT EXECUTE ON FUNCTION webhook_due_tenants(timestamptz) TO smartstore_app;
  `);
}

export async function down(pgm: MigrationBuilder): Promise<void> {
  pgm.sql(`
    DROP FUNCTION webhook_due_tenants(timestamptz);
    DROP TRIGGER order_events_to_webhooks ON order_events;
    DROP FUNCTION order_event_to_webhook();
    DROP FUNCTION webhook_emit(uuid, text, jsonb);
    DROP TABLE webhook_attempts;
    DROP TABLE webhook_deliveries;
    DROP TABLE webhook_events;
    DROP TABLE webhook_endpoints;
  `);
}
