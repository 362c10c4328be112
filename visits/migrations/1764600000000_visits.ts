import type { MigrationBuilder } from 'node-pg-migrate';

/** Store visits (arrival to departure) per pseudonymous device, and the zones each visit went through. */
export async function up(pgm: MigrationBuilder): Promise<void> {
  pgm.sql(`
    CREATE TABLE visits (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
      store_id uuid NOT NULL,
      device text NOT NULL,
      shopper_id uuid REFERENCES shoppers(id) ON DELETE SET NULL,
      arrived_at timestamptz NOT NULL,
      departed_at timestamptz,
      CHECK (departed_at IS NULL OR departed_at >= arrived_at)
    );
    -- At most one open visit per device and store.
    CREATE UNIQUE INDEX visits_open_key ON visits (tenant_id, store_id, device) WHERE departed_at IS NULL;
    CREATE INDEX visits_store_time_idx ON visits (store_id, arrived_at);
    CREATE INDEX visits_shopper_idx ON visits (shopper_id, arrived_at) WHERE shopper_id IS NOT NULL;
    SELECT app_enable_tenant_rls('visits');

    CREATE TABLE visit_zones (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
      visit_id uuid NOT NULL REFERENCES visits(id) ON DELETE CASCADE,
      zone text NOT NULL,
      entered_at timestamptz NOT NULL,
      exited_at timestamptz,
      dwell_ms integer,
      UNIQUE (visit_id, zone, entered_at)
    );
    SELECT app_enable_tenant_rls('visit_zones');
  `);
}

export async function down(pgm: MigrationBuilder): Promise<void> {
  pgm.sql('DROP TABLE visit_zones; DROP TABLE visits;');
}
