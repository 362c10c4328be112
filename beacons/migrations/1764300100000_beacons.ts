import type { MigrationBuilder } from 'node-pg-migrate';

/**
 * The beacon registry of each store (iBeacon identity, where it hangs, its 1 m power, battery,
 * firmware, when it was last heard), per-store radio settings that calibration fits, and the
 * calibration sessions themselves (marked points, the RSSI heard at each, the fit).
 */
export async function up(pgm: MigrationBuilder): Promise<void> {
  pgm.sql(`
    CREATE TABLE beacons (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
      store_id uuid NOT NULL REFERENCES stores(id) ON DELETE CASCADE,
      uuid uuid NOT NULL,
      major int NOT NULL CHECK (major BETWEEN 0 AND 65535),
      minor int NOT NULL CHECK (minor BETWEEN 0 AND 65535),
      name text,
      x float8 NOT NULL,
      y float8 NOT NULL,
      z float8 NOT NULL DEFAULT 3,
      level int NOT NULL DEFAULT 0,
      tx_power int NOT NULL DEFAULT -59 CHECK (tx_power BETWEEN -120 AND 20),
      battery_pct int CHECK (battery_pct BETWEEN 0 AND 100),
      firmware text,
      last_heard_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      -- One identity per brand: the gateway resolves an advertisement to exactly one beacon.
      UNIQUE (tenant_id, uuid, major, minor)
    );
    CREATE INDEX beacons_store ON beacons (store_id, level);
    SELECT app_enable_tenant_rls('beacons');
    CREATE TRIGGER beacons_touch BEFORE UPDATE ON beacons FOR EACH ROW EXECUTE FUNCTION app_touch_updated_at();

    CREATE TABLE beacon_sites (
      store_id uuid PRIMARY KEY REFERENCES stores(id) ON DELETE CASCADE,
      tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
      path_loss_exponent float8 NOT NULL DEFAULT 2.0 CHECK (path_loss_exponent BETWEEN 1 AND 6),
      silent_after_s int NOT NULL DEFAULT 900 CHECK (silent_after_s BETWEEN 10 AND 604800),
      updated_at timestamptz NOT NULL DEFAULT now()
    );
    SELECT app_enable_tenant_rls('beacon_sites');

    CREATE TABLE calibration_sessions (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
      store_id uuid NOT NULL REFERENCES stores(id) ON DELETE CASCADE,
      level int NOT NULL DEFAULT 0,
      status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'fitted')),
      -- [{x, y, readings: [{anchor, rssi}]}]: where the clerk stood and what the phone heard there.
      points jsonb NOT NULL DEFAULT '[]',
      result jsonb,
      created_at timestamptz NOT NULL DEFAULT now(),
      fitted_at timestamptz
    );
    CREATE INDEX calibration_sessions_store ON calibration_sessions (store_id, created_at DESC);
    SELECT app_enable_tenant_rls('calibration_sessions');
  `);
}

export async function down(pgm: MigrationBuilder): Promise<void> {
  pgm.sql(`
    DROP TABLE calibration_sessions;
    DROP TABLE beacon_sites;
    DROP TABLE beacons;
  `);
}
