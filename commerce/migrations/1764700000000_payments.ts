import type { MigrationBuilder } from 'node-pg-migrate';

/**
 * WeChat Pay: one payment per order (its prepay, then the transaction that paid it), every
 * notification WeChat sent (an event id is processed once), and refunds keyed by their
 * out_refund_no so a retry never refunds twice. WeChat's notifications name no brand: definer
 * functions find it from the merchant order number, and which brands have payments due for a
 * check with WeChat (a notify that never came, an order cancelled or expired to close).
 */
export async function up(pgm: MigrationBuilder): Promise<void> {
  pgm.sql(`
    CREATE TABLE commerce_payments (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
      order_id uuid NOT NULL UNIQUE REFERENCES orders(id) ON DELETE CASCADE,
      out_trade_no text NOT NULL UNIQUE CHECK (out_trade_no ~ '^[0-9A-Za-z_|*@-]{6,32}$'),
      appid text NOT NULL,
      mchid text NOT NULL,
      openid text NOT NULL,
      amount_cents integer NOT NULL CHECK (amount_cents > 0),
      status text NOT NULL DEFAULT 'prepaid' CHECK (status IN ('prepaid', 'paid', 'closed')),
      prepay_id text NOT NULL,
      prepay_expires_at timestamptz NOT NULL,
      -- The signed wx.requestPayment parameters, handed out again while the prepay_id is valid.
      request_payment jsonb NOT NULL,
      transaction_id text UNIQUE,
      paid_at timestamptz,
      last_checked_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX commerce_payments_open ON commerce_payments (tenant_id, created_at) WHERE status = 'prepaid';
    SELECT app_enable_tenant_rls('commerce_payments');
    CREATE TRIGGER commerce_payments_touch BEFORE UPDATE ON commerce_payments
      FOR EACH ROW EXECUTE FUNCTION app_touch_updated_at();

    CREATE TABLE commerce_refunds (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
      order_id uuid NOT NULL REFERENCES orders(id) ON DELETE CASCADE,
      payment_id uuid NOT NULL REFERENCES commerce_payments(id) ON DELETE CASCADE,
      out_refund_no text NOT NULL UNIQUE CHECK (out_refund_no ~ '^[0-9A-Za-z_|*@-]{1,64}$'),
      amount_cents integer NOT NULL CHECK (amount_cents > 0),
      reason text NOT NULL,
      -- Goods that came back to the shelf with this refund: [{"sku_id": …, "qty": …}].
      returned jsonb NOT NULL DEFAULT '[]',
      -- requested: not yet accepted by WeChat (sent again on retry); processing; then a final state.
      status text NOT NULL DEFAULT 'requested'
        CHECK (status IN ('requested', 'processing', 'success', 'closed', 'abnormal')),
      refund_id text,
      requested_by text NOT NULL,
      succeeded_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX commerce_refunds_order ON commerce_refunds (order_id, created_at);
    SELECT app_enable_tenant_rls('commerce_refunds');
    CREATE TRIGGER commerce_refunds_touch BEFORE UPDATE ON commerce_refunds
      FOR EACH ROW EXECUTE FUNCTION app_touch_updated_at();

    CREATE TABLE commerce_payment_notifications (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
      event_id text NOT NULL,
      event_type text NOT NULL,
      out_trade_no text NOT NULL,
      out_refund_no text,
      -- applied, ignored (nothing to change) or rejected (authentic but not matching the order).
      outcome text NOT NULL CHECK (outcome IN ('applied', 'ignored', 'rejected')),
      detail text,
      resource jsonb NOT NULL,
      received_at timestamptz NOT NULL DEFAULT now()
    );
    -- An event is processed once; a rejected one may come again (WeChat retries) and is looked at again.
    CREATE UNIQUE INDEX commerce_payment_notifications_event ON commerce_payment_notifications (event_id)
      WHERE outcome <> 'rejected';
    CREATE INDEX commerce_payment_notifications_trade ON commerce_payment_notifications (tenant_id, out_trade_no);
    SELECT app_enable_tenant_rls('commerce_payment_notifications');
    REVOKE UPDATE, DELETE, TRUNCATE ON commerce_payment_notifications FROM smartstore_app;

    CREATE FUNCTION wechatpay_trade_tenant(p_out_trade_no text) RETURNS uuid
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
      SELECT tenant_id FROM commerce_payments WHERE out_trade_no = p_out_trade_no
    $$;
    REVOKE ALL ON FUNCTION wechatpay_trade_tenant(text) FROM PUBLIC;
    GRANT EXECUTE ON FUNCTION wechatpay_trade_tenant(text) TO smartstore_app;

    -- Due: an open payment whose order was cancelled or expired (to close), or that has waited
    -- p_check_before for its notification; never one checked since p_retry_before (WeChat down).
    CREATE FUNCTION wechatpay_due_tenants(p_now timestamptz, p_check_before timestamptz, p_retry_before timestamptz)
    RETURNS SETOF uuid
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
      SELECT DISTINCT p.tenant_id FROM commerce_payments p JOIN orders o ON o.id = p.order_id
      WHERE p.status = 'prepaid' AND coalesce(p.last_checked_at, '-infinity') <= p_retry_before
        AND (o.status <> 'created' OR o.expires_at <= p_now
             OR coalesce(p.last_checked_at, p.created_at) <= p_check_before)
      UNION
      SELECT DISTINCT tenant_id FROM commerce_refunds
      WHERE status = 'requested' AND updated_at <= p_check_before
    $$;
    REVOKE ALL ON FUNCTION wechatpay_due_tenants(timestamptz, timestamptz, timestamptz) FROM PUBLIC;
    GRANT EXECUTE ON FUNCTION wechatpay_due_tenants(timestamptz, timestamptz, timestamptz) TO smartstore_app;
  `);
}

export async function down(pgm: MigrationBuilder): Promise<void> {
  pgm.sql(`
    DROP FUNCTION wechatpay_due_tenants(timestamptz, timestamptz, timestamptz);
    DROP FUNCTION wechatpay_trade_tenant(text);
    DROP TABLE commerce_payment_notifications;
    DROP TABLE commerce_refunds;
    DROP TABLE commerce_payments;
  `);
}
