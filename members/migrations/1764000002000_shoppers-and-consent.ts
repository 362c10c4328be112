import type { MigrationBuilder } from 'node-pg-migrate';

/**
 * Shoppers (WeChat identities per brand) and their consent records. Consent is an append-only
 * history: the current answer is the latest record per purpose (view `current_consents`).
 */
export async function up(pgm: MigrationBuilder): Promise<void> {
  pgm.sql(`
    CREATE TABLE shoppers (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
      openid text NOT NULL,
      unionid text,
      nickname text,
      created_at timestamptz NOT NULL DEFAULT now(),
      last_login_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (tenant_id, openid)
    );
    SELECT app_enable_tenant_rls('shoppers');

    CREATE TYPE consent_purpose AS ENUM ('location_tracking', 'location_marketing');

    CREATE TABLE consents (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
      shopper_id uuid NOT NULL REFERENCES shoppers(id) ON DELETE CASCADE,
      purpose consent_purpose NOT NULL,
      granted boolean NOT NULL,
      policy_version text NOT NULL,
      source text NOT NULL,
      recorded_at timestamptz NOT NULL DEFAULT clock_timestamp()
    );
    CREATE INDEX consents_current_idx ON consents (shopper_id, purpose, recorded_at DESC, id DESC);
    SELECT app_enable_tenant_rls('consents');
    -- History is evidence: the application may add records, never rewrite them.
    REVOKE UPDATE, DELETE ON consents FROM smartstore_app;

    CREATE VIEW current_consents WITH (security_invoker = true) AS
      SELECT DISTINCT ON (shopper_id, purpose) tenant_id, shopper_id, purpose, granted, policy_version, source, recorded_at
      FROM consents ORDER BY shopper_id, purpose, recorded_at DESC, id DESC;
  `);
}

export async function down(pgm: MigrationBuilder): Promise<void> {
  pgm.sql(`
    DROP VIEW current_consents;
    DROP TABLE consents;
    DROP TYPE consent_purpose;
    DROP TABLE shoppers;
  `);
}
