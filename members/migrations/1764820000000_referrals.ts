import type { MigrationBuilder } from 'node-pg-migrate';

/**
 * Member-get-member referrals: the brand's programme (bonus points for both sides, off until a
 * marketer turns it on), each shopper's code to share, and who joined with whose code (a shopper is
 * someone's friend at most once) and when that paid off.
 */
export async function up(pgm: MigrationBuilder): Promise<void> {
  pgm.sql(`
    CREATE TABLE referral_programs (
      tenant_id uuid PRIMARY KEY REFERENCES tenants(id) ON DELETE CASCADE,
      active boolean NOT NULL DEFAULT false,
      referrer_points integer NOT NULL CHECK (referrer_points BETWEEN 0 AND 100000),
      friend_points integer NOT NULL CHECK (friend_points BETWEEN 0 AND 100000),
      updated_at timestamptz NOT NULL DEFAULT now()
    );
    SELECT app_enable_tenant_rls('referral_programs');

    CREATE TABLE referral_codes (
      shopper_id uuid PRIMARY KEY REFERENCES shoppers(id) ON DELETE CASCADE,
      tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
      code text NOT NULL CHECK (code ~ '^[A-Z2-9]{8}$'),
      UNIQUE (tenant_id, code)
    );
    SELECT app_enable_tenant_rls('referral_codes');

    CREATE TABLE referrals (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
      referrer_id uuid NOT NULL REFERENCES shoppers(id) ON DELETE CASCADE,
      friend_id uuid NOT NULL UNIQUE REFERENCES shoppers(id) ON DELETE CASCADE,
      joined_at timestamptz NOT NULL DEFAULT now(),
      -- When the friend's first order was completed and both got their points.
      rewarded_at timestamptz,
      order_id uuid,
      CHECK (referrer_id <> friend_id)
    );
    CREATE INDEX referrals_referrer ON referrals (referrer_id);
    SELECT app_enable_tenant_rls('referrals');
  `);
}

export async function down(pgm: MigrationBuilder): Promise<void> {
  pgm.sql('DROP TABLE referrals; DROP TABLE referral_codes; DROP TABLE referral_programs;');
}
