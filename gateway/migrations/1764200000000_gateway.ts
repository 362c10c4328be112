import type { MigrationBuilder } from 'node-pg-migrate';

/**
 * The gateway's tables: the scanner mapping (which fixed scanner belongs to which store), dead
 * letters (every refused message with its reason), and fixes for analytics, partitioned by day so
 * that retention drops whole partitions instead of deleting rows.
 */
export async function up(pgm: MigrationBuilder): Promise<void> {
  pgm.sql(`
    CREATE TABLE gateway_scanners (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
      store_id uuid NOT NULL REFERENCES stores(id) ON DELETE CASCADE,
      source text NOT NULL CHECK (source IN ('espresense', 'openmqttgateway', 'ibeacon-raw')),
      scanner text NOT NULL CHECK (length(scanner) BETWEEN 1 AND 128),
      anchor text NOT NULL CHECK (length(anchor) BETWEEN 1 AND 128),
      created_at timestamptz NOT NULL DEFAULT now(),
      -- A scanner name is what arrives in a topic, before any tenant is known: one store per name.
      UNIQUE (source, scanner)
    );
    SELECT app_enable_tenant_rls('gateway_scanners');

    -- The gateway reads every brand's mapping to learn whose a message is; only these columns.
    CREATE FUNCTION gateway_scanner_directory()
    RETURNS TABLE (source text, scanner text, tenant_id uuid, store_id uuid, anchor text)
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
      SELECT source, scanner, tenant_id, store_id, anchor FROM gateway_scanners
    $$;
    REVOKE ALL ON FUNCTION gateway_scanner_directory() FROM PUBLIC;
    GRANT EXECUTE ON FUNCTION gateway_scanner_directory() TO smartstore_app;

    -- tenant_id is null when the message named no brand that exists (unmapped scanner, bad topic):
    -- such rows are the platform operator's to see.
    CREATE TABLE gateway_deadletters (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      tenant_id uuid REFERENCES tenants(id) ON DELETE CASCADE,
      store_id uuid,
      topic text NOT NULL,
      payload text NOT NULL,
      reason text NOT NULL,
      error text NOT NULL,
      received_at timestamptz NOT NULL
    );
    CREATE INDEX gateway_deadletters_tenant_idx ON gateway_deadletters (tenant_id, received_at DESC);
    CREATE INDEX gateway_deadletters_received_idx ON gateway_deadletters (received_at);
    SELECT app_enable_tenant_rls('gateway_deadletters');
    CREATE POLICY unattributed ON gateway_deadletters
      USING (tenant_id IS NULL AND app_is_platform()) WITH CHECK (tenant_id IS NULL AND app_is_platform());
    -- Retention is a platform job across brands.
    CREATE POLICY retention ON gateway_deadletters FOR DELETE USING (app_is_platform());

    CREATE TABLE fixes (
      tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
      store_id uuid NOT NULL,
      device text NOT NULL,
      ts timestamptz NOT NULL,
      x real NOT NULL,
      y real NOT NULL,
      level smallint NOT NULL,
      accuracy real NOT NULL
    ) PARTITION BY RANGE (ts);
    CREATE INDEX fixes_store_ts_idx ON fixes (tenant_id, store_id, ts);
    SELECT app_enable_tenant_rls('fixes');

    -- Partitions are made by the gateway as days come (the app role has no DDL rights, hence definer);
    -- each partition gets the same forced RLS as the parent, since a partition read directly would skip it.
    CREATE FUNCTION gateway_ensure_fix_partitions(p_from date, p_days int) RETURNS int
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
    DECLARE
      d date;
      name text;
      made int := 0;
    BEGIN
      PERFORM pg_advisory_xact_lock(7746105);
      FOR i IN 0 .. p_days - 1 LOOP
        d := p_from + i;
        name := 'fixes_' || to_char(d, 'YYYYMMDD');
        IF to_regclass(name) IS NULL THEN
          EXECUTE format('CREATE TABLE %I PARTITION OF fixes FOR VALUES FROM (%L) TO (%L)', name, d, d + 1);
          PERFORM app_enable_tenant_rls(name);
          made := made + 1;
        END IF;
      END LOOP;
      RETURN made;
    END $$;
    REVOKE ALL ON FUNCTION gateway_ensure_fix_partitions(date, int) FROM PUBLIC;
    GRANT EXECUTE ON FUNCTION gateway_ensure_fix_partitions(date, int) TO smartstore_app;

    CREATE FUNCTION gateway_drop_fix_partitions(p_before date) RETURNS int
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
    DECLARE
      part record;
      dropped int := 0;
    BEGIN
      PERFORM pg_advisory_xact_lock(7746105);
      FOR part IN
        SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
        WHERE i.inhparent = 'fixes'::regclass AND c.relname ~ '^fixes_[0-9]{8}$'
          AND to_date(substr(c.relname, 7), 'YYYYMMDD') < p_before
      LOOP
        EXECUTE format('DROP TABLE %I', part.relname);
        dropped := dropped + 1;
      END LOOP;
      RETURN dropped;
    END $$;
    REVOKE ALL ON FUNCTION gateway_drop_fix_partitions(date) FROM PUBLIC;
    GRANT EXECUTE ON FUNCTION gateway_drop_fix_partitions(date) TO smartstore_app;
  `);
}

export async function down(pgm: MigrationBuilder): Promise<void> {
  pgm.sql(`
    DROP FUNCTION gateway_drop_fix_partitions(date);
    DROP FUNCTION gateway_ensure_fix_partitions(date, int);
    DROP TABLE fixes;
    DROP TABLE gateway_deadletters;
    DROP FUNCTION gateway_scanner_directory();
    DROP TABLE gateway_scanners;
  `);
}
