import type { MigrationBuilder } from 'node-pg-migrate';

/**
 * Membership: a brand's tier ladder, one membership per member (a mini-program shopper, or a
 * member the till knew before the mini-program existed), an append-only points ledger keyed for
 * idempotency, and staff tags that marketing audiences use. A member's tier is the highest rung
 * reached by lifetime points or lifetime spend, or the one staff assigned if higher; one SQL
 * function says so, so every writer (earning, refunds, ladder edits, imports) agrees.
 */
export async function up(pgm: MigrationBuilder): Promise<void> {
  pgm.sql(`
    CREATE TABLE member_tiers (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
      -- The same format as the catalogue's member prices (catalogue_member_prices.tier).
      code text NOT NULL CHECK (code ~ '^[a-z][a-z0-9_]{0,31}$'),
      name text NOT NULL CHECK (length(name) BETWEEN 1 AND 60),
      rank integer NOT NULL CHECK (rank BETWEEN 1 AND 100),
      min_points integer NOT NULL DEFAULT 0 CHECK (min_points >= 0),
      min_spend_cents bigint CHECK (min_spend_cents >= 0),
      points_per_yuan numeric(6, 2) NOT NULL DEFAULT 1 CHECK (points_per_yuan >= 0),
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT member_tiers_code UNIQUE (tenant_id, code),
      CONSTRAINT member_tiers_rank UNIQUE (tenant_id, rank)
    );
    SELECT app_enable_tenant_rls('member_tiers');
    CREATE TRIGGER member_tiers_touch BEFORE UPDATE ON member_tiers
      FOR EACH ROW EXECUTE FUNCTION app_touch_updated_at();

    CREATE TABLE memberships (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
      -- Null for a member known only to the till (imported by member number and phone).
      shopper_id uuid REFERENCES shoppers(id) ON DELETE SET NULL,
      member_no text NOT NULL CHECK (member_no ~ '^[A-Za-z0-9-]{4,32}$'),
      phone text CHECK (phone ~ '^\\+?[0-9]{5,20}$'),
      tier text,
      assigned_tier text,
      points_balance integer NOT NULL DEFAULT 0,
      lifetime_points integer NOT NULL DEFAULT 0,
      lifetime_spend_cents bigint NOT NULL DEFAULT 0,
      joined_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT memberships_shopper UNIQUE (shopper_id),
      CONSTRAINT memberships_member_no UNIQUE (tenant_id, member_no),
      CONSTRAINT memberships_phone UNIQUE (tenant_id, phone)
    );
    CREATE INDEX memberships_tier ON memberships (tenant_id, tier);
    SELECT app_enable_tenant_rls('memberships');
    CREATE TRIGGER memberships_touch BEFORE UPDATE ON memberships
      FOR EACH ROW EXECUTE FUNCTION app_touch_updated_at();

    CREATE TABLE member_points (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
      membership_id uuid NOT NULL REFERENCES memberships(id) ON DELETE CASCADE,
      -- earn: a paid order; reverse: its refund; adjust: staff; import: a POS/ERP balance.
      kind text NOT NULL CHECK (kind IN ('earn', 'reverse', 'adjust', 'import')),
      points integer NOT NULL,
      spend_cents integer NOT NULL DEFAULT 0,
      -- What makes the entry once-only: order:<id>:earn, a staff request's Idempotency-Key, a POS record.
      key text NOT NULL CHECK (length(key) BETWEEN 1 AND 200),
      reason text,
      actor text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT member_points_key UNIQUE (tenant_id, key),
      CHECK (points <> 0 OR spend_cents <> 0)
    );
    CREATE INDEX member_points_membership ON member_points (membership_id, id DESC);
    SELECT app_enable_tenant_rls('member_points');
    REVOKE UPDATE, DELETE, TRUNCATE ON member_points FROM smartstore_app;

    CREATE TABLE member_tags (
      tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
      membership_id uuid NOT NULL REFERENCES memberships(id) ON DELETE CASCADE,
      tag text NOT NULL CHECK (length(tag) BETWEEN 1 AND 40),
      tagged_by text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (membership_id, tag)
    );
    CREATE INDEX member_tags_tag ON member_tags (tenant_id, tag);
    SELECT app_enable_tenant_rls('member_tags');

    -- Security invoker: it reads the caller's brand's ladder through row-level security.
    CREATE FUNCTION member_tier_for(p_points integer, p_spend_cents bigint, p_assigned text) RETURNS text
    LANGUAGE sql STABLE AS $$
      SELECT code FROM member_tiers
      WHERE code = p_assigned OR p_points >= min_points OR p_spend_cents >= min_spend_cents
      ORDER BY rank DESC LIMIT 1
    $$;
  `);
}

export async function down(pgm: MigrationBuilder): Promise<void> {
  pgm.sql(`
    DROP FUNCTION member_tier_for(integer, bigint, text);
    DROP TABLE member_tags;
    DROP TABLE member_points;
    DROP TABLE memberships;
    DROP TABLE member_tiers;
  `);
}
