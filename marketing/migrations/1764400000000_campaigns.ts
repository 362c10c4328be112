import type { MigrationBuilder } from 'node-pg-migrate';

/**
 * Campaigns, every decision taken for them (the evidence behind reports and lift), the coupons
 * they give, and the brand's limits across campaigns.
 */
export async function up(pgm: MigrationBuilder): Promise<void> {
  pgm.sql(`
    CREATE TYPE campaign_status AS ENUM ('draft', 'scheduled', 'active', 'paused', 'ended');

    CREATE TABLE campaigns (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
      name text NOT NULL,
      status campaign_status NOT NULL DEFAULT 'draft',
      store_ids uuid[] NOT NULL DEFAULT '{}',
      trigger jsonb NOT NULL,
      audience jsonb NOT NULL,
      schedule jsonb NOT NULL,
      caps jsonb NOT NULL,
      offer jsonb NOT NULL,
      budget_total integer CHECK (budget_total > 0),
      budget_used integer NOT NULL DEFAULT 0 CHECK (budget_used >= 0),
      holdout numeric(4, 3) NOT NULL DEFAULT 0 CHECK (holdout >= 0 AND holdout <= 0.5),
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      CHECK (budget_total IS NULL OR budget_used <= budget_total)
    );
    CREATE INDEX campaigns_live_idx ON campaigns (tenant_id, status);
    SELECT app_enable_tenant_rls('campaigns');
    CREATE TRIGGER campaigns_touch BEFORE UPDATE ON campaigns FOR EACH ROW EXECUTE FUNCTION app_touch_updated_at();

    CREATE TYPE campaign_outcome AS ENUM ('push', 'holdout', 'skip');

    -- One row per (campaign, triggering event): the unique key is what makes a trigger fire once.
    CREATE TABLE campaign_decisions (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
      campaign_id uuid NOT NULL REFERENCES campaigns(id) ON DELETE CASCADE,
      shopper_id uuid NOT NULL REFERENCES shoppers(id) ON DELETE CASCADE,
      store_id uuid NOT NULL,
      event_key text NOT NULL,
      moment jsonb NOT NULL,
      outcome campaign_outcome NOT NULL,
      reason text,
      decided_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (campaign_id, event_key)
    );
    CREATE INDEX campaign_decisions_shopper_idx ON campaign_decisions (shopper_id, decided_at) WHERE outcome = 'push';
    CREATE INDEX campaign_decisions_campaign_idx ON campaign_decisions (campaign_id, outcome);
    SELECT app_enable_tenant_rls('campaign_decisions');

    CREATE TABLE coupons (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
      campaign_id uuid REFERENCES campaigns(id) ON DELETE SET NULL,
      shopper_id uuid NOT NULL REFERENCES shoppers(id) ON DELETE CASCADE,
      code text NOT NULL,
      title text NOT NULL,
      discount_cents integer NOT NULL CHECK (discount_cents > 0),
      min_spend_cents integer NOT NULL DEFAULT 0 CHECK (min_spend_cents >= 0),
      valid_until timestamptz NOT NULL,
      issued_at timestamptz NOT NULL DEFAULT now(),
      redeemed_at timestamptz,
      order_ref text,
      UNIQUE (tenant_id, code)
    );
    CREATE INDEX coupons_shopper_idx ON coupons (shopper_id, valid_until);
    SELECT app_enable_tenant_rls('coupons');

    CREATE TABLE marketing_settings (
      tenant_id uuid PRIMARY KEY REFERENCES tenants(id) ON DELETE CASCADE,
      daily_pushes_per_shopper integer NOT NULL DEFAULT 3 CHECK (daily_pushes_per_shopper BETWEEN 0 AND 50)
    );
    SELECT app_enable_tenant_rls('marketing_settings');
  `);
}

export async function down(pgm: MigrationBuilder): Promise<void> {
  pgm.sql(`
    DROP TABLE marketing_settings;
    DROP TABLE coupons;
    DROP TABLE campaign_decisions;
    DROP TYPE campaign_outcome;
    DROP TABLE campaigns;
    DROP TYPE campaign_status;
  `);
}
