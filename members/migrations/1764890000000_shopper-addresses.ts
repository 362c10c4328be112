import type { MigrationBuilder } from 'node-pg-migrate';

/**
 * Shoppers' address books: where their deliveries go, each with its pin in WGS-84 (as stores are
 * kept, so a delivery's distance is measured in one datum). At most one default per shopper; the
 * application keeps exactly one while any exist.
 */
export async function up(pgm: MigrationBuilder): Promise<void> {
  pgm.sql(`
    CREATE TABLE shopper_addresses (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
      shopper_id uuid NOT NULL REFERENCES shoppers(id) ON DELETE CASCADE,
      contact_name text NOT NULL,
      phone text NOT NULL,
      address text NOT NULL,
      door text NOT NULL DEFAULT '',
      lat double precision NOT NULL CHECK (lat BETWEEN -90 AND 90),
      lng double precision NOT NULL CHECK (lng BETWEEN -180 AND 180),
      is_default boolean NOT NULL DEFAULT false,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX shopper_addresses_shopper ON shopper_addresses (shopper_id);
    CREATE UNIQUE INDEX shopper_addresses_one_default ON shopper_addresses (shopper_id) WHERE is_default;
    SELECT app_enable_tenant_rls('shopper_addresses');
  `);
}

export async function down(pgm: MigrationBuilder): Promise<void> {
  pgm.sql('DROP TABLE shopper_addresses;');
}
