import type { MigrationBuilder } from 'node-pg-migrate';

/**
 * A brand's own WeChat mini-program: its appid and secret (sealed by the server, never stored in the
 * clear) and its appointment-reminder template. A brand without a row uses the server's configured
 * mini-program (WECHAT_APPID and WECHAT_SECRET).
 */
export async function up(pgm: MigrationBuilder): Promise<void> {
  pgm.sql(`
    CREATE TABLE brand_miniprograms (
      tenant_id uuid PRIMARY KEY REFERENCES tenants(id) ON DELETE CASCADE,
      appid text NOT NULL UNIQUE CHECK (appid ~ '^wx[0-9A-Za-z_]{4,40}$'),
      secret_sealed text NOT NULL,
      reminder_template_id text CHECK (length(reminder_template_id) BETWEEN 1 AND 128),
      updated_at timestamptz NOT NULL DEFAULT now()
    );
    SELECT app_enable_tenant_rls('brand_miniprograms');
  `);
}

export async function down(pgm: MigrationBuilder): Promise<void> {
  pgm.sql('DROP TABLE brand_miniprograms;');
}
