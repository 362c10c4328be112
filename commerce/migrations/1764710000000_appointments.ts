import type { MigrationBuilder } from 'node-pg-migrate';

/**
 * Appointments: bookable services of a store (a consultation at a counter, a cake pickup, a
 * tasting with N seats), the counters that serve them, and bookings that never exceed capacity
 * under concurrency:
 * - a counter serves one booking at a time: an exclusion constraint over (counter, period) of the
 *   live bookings, so two overlapping bookings of one counter cannot both commit, whatever
 *   service they are for;
 * - an event session has N seats: one conditional upsert of its seats-taken row.
 */
export async function up(pgm: MigrationBuilder): Promise<void> {
  pgm.sql(`
    CREATE EXTENSION IF NOT EXISTS btree_gist;

    CREATE TABLE appointment_counters (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
      store_id uuid NOT NULL REFERENCES stores(id) ON DELETE CASCADE,
      name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
      active boolean NOT NULL DEFAULT true,
      created_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (store_id, name)
    );
    SELECT app_enable_tenant_rls('appointment_counters');

    CREATE TABLE appointment_services (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
      store_id uuid NOT NULL REFERENCES stores(id) ON DELETE CASCADE,
      name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
      description text CHECK (length(description) <= 1000),
      -- counter: each booking holds one of counter_ids for its duration; event: sessions of seats.
      kind text NOT NULL CHECK (kind IN ('counter', 'event')),
      duration_min integer NOT NULL CHECK (duration_min BETWEEN 5 AND 720),
      -- Minutes between slot starts (null: the duration); start_times: fixed local starts instead.
      interval_min integer CHECK (interval_min BETWEEN 5 AND 720),
      start_times text[],
      seats integer NOT NULL DEFAULT 1 CHECK (seats BETWEEN 1 AND 1000),
      max_party integer NOT NULL DEFAULT 1 CHECK (max_party BETWEEN 1 AND 50),
      counter_ids uuid[] NOT NULL DEFAULT '{}',
      horizon_days integer NOT NULL DEFAULT 14 CHECK (horizon_days BETWEEN 1 AND 180),
      min_notice_min integer NOT NULL DEFAULT 60 CHECK (min_notice_min BETWEEN 0 AND 10080),
      cancel_cutoff_min integer NOT NULL DEFAULT 120 CHECK (cancel_cutoff_min BETWEEN 0 AND 10080),
      -- 0: no reminder.
      reminder_min integer NOT NULL DEFAULT 60 CHECK (reminder_min BETWEEN 0 AND 10080),
      active boolean NOT NULL DEFAULT true,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (store_id, name),
      -- A counter seats one booking (of up to max_party people); an event's party fits its seats.
      CHECK (kind = 'event' OR seats = 1),
      CHECK (kind = 'counter' OR max_party <= seats)
    );
    SELECT app_enable_tenant_rls('appointment_services');
    CREATE TRIGGER appointment_services_touch BEFORE UPDATE ON appointment_services
      FOR EACH ROW EXECUTE FUNCTION app_touch_updated_at();

    -- Seats taken per event session, created by its first booking.
    CREATE TABLE appointment_sessions (
      tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
      service_id uuid NOT NULL REFERENCES appointment_services(id) ON DELETE CASCADE,
      starts_at timestamptz NOT NULL,
      taken integer NOT NULL CHECK (taken >= 0),
      PRIMARY KEY (service_id, starts_at)
    );
    SELECT app_enable_tenant_rls('appointment_sessions');

    CREATE TABLE appointment_bookings (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
      store_id uuid NOT NULL REFERENCES stores(id) ON DELETE CASCADE,
      service_id uuid NOT NULL REFERENCES appointment_services(id) ON DELETE CASCADE,
      counter_id uuid REFERENCES appointment_counters(id),
      starts_at timestamptz NOT NULL,
      ends_at timestamptz NOT NULL,
      party integer NOT NULL DEFAULT 1 CHECK (party >= 1),
      shopper_id uuid REFERENCES shoppers(id) ON DELETE CASCADE,
      -- A customer without the mini-program, booked by staff (a phone call, a walk-in).
      customer_name text CHECK (length(customer_name) BETWEEN 1 AND 100),
      customer_phone text CHECK (customer_phone ~ '^[0-9+() -]{5,30}$'),
      note text CHECK (length(note) <= 500),
      booked_by text NOT NULL,
      status text NOT NULL DEFAULT 'booked' CHECK (status IN ('booked', 'checked_in', 'no_show', 'cancelled')),
      status_by text,
      status_at timestamptz,
      cancel_reason text CHECK (length(cancel_reason) <= 500),
      remind_at timestamptz,
      reminded_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      CHECK (ends_at > starts_at),
      CHECK (shopper_id IS NOT NULL OR customer_name IS NOT NULL),
      CONSTRAINT appointment_counter_busy EXCLUDE USING gist (
        counter_id WITH =, tstzrange(starts_at, ends_at) WITH &&
      ) WHERE (counter_id IS NOT NULL AND status IN ('booked', 'checked_in'))
    );
    -- A shopper holds one live booking per session (a double tap books once).
    CREATE UNIQUE INDEX appointment_bookings_once ON appointment_bookings (service_id, starts_at, shopper_id)
      WHERE shopper_id IS NOT NULL AND status IN ('booked', 'checked_in');
    CREATE INDEX appointment_bookings_day ON appointment_bookings (tenant_id, store_id, starts_at);
    CREATE INDEX appointment_bookings_shopper ON appointment_bookings (tenant_id, shopper_id, starts_at);
    CREATE INDEX appointment_bookings_reminders ON appointment_bookings (remind_at)
      WHERE status = 'booked' AND reminded_at IS NULL AND shopper_id IS NOT NULL;
    SELECT app_enable_tenant_rls('appointment_bookings');
    CREATE TRIGGER appointment_bookings_touch BEFORE UPDATE ON appointment_bookings
      FOR EACH ROW EXECUTE FUNCTION app_touch_updated_at();

    -- The reminder worker serves every brand; this tells it which brands have reminders due.
    CREATE FUNCTION appointment_reminder_tenants(p_now timestamptz) RETURNS SETOF uuid
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
      SELECT DISTINCT tenant_id FROM appointment_bookings
      WHERE status = 'booked' AND reminded_at IS NULL AND shopper_id IS NOT NULL AND remind_at <= p_now
    $$;
    REVOKE ALL ON FUNCTION appointment_reminder_tenants(timestamptz) FROM PUBLIC;
    GRANT EXECUTE ON FUNCTION appointment_reminder_tenants(timestamptz) TO smartstore_app;
  `);
}

export async function down(pgm: MigrationBuilder): Promise<void> {
  pgm.sql(`
    DROP FUNCTION appointment_reminder_tenants(timestamptz);
    DROP TABLE appointment_bookings;
    DROP TABLE appointment_sessions;
    DROP TABLE appointment_services;
    DROP TABLE appointment_counters;
  `);
}
