import type { MigrationBuilder } from 'node-pg-migrate';

/** The delivery log: every push to a shopper, on which channel, what became of it. */
export async function up(pgm: MigrationBuilder): Promise<void> {
  pgm.sql(`
    CREATE TYPE push_channel AS ENUM ('live', 'wechat');
    CREATE TYPE push_status AS ENUM ('pending', 'sent', 'skipped', 'failed');

    CREATE TABLE push_deliveries (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
      shopper_id uuid NOT NULL REFERENCES shoppers(id) ON DELETE CASCADE,
      -- What caused it, e.g. "campaign:<id>:<event>"; unique per channel, so a retry never sends twice.
      source_key text NOT NULL,
      channel push_channel NOT NULL,
      status push_status NOT NULL,
      errcode integer,
      reason text,
      title text NOT NULL,
      payload jsonb NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      opened_at timestamptz,
      UNIQUE (tenant_id, source_key, channel)
    );
    CREATE INDEX push_deliveries_shopper_idx ON push_deliveries (shopper_id, created_at DESC);
    SELECT app_enable_tenant_rls('push_deliveries');
  `);
}

export async function down(pgm: MigrationBuilder): Promise<void> {
  pgm.sql('DROP TABLE push_deliveries; DROP TYPE push_status; DROP TYPE push_channel;');
}
