import type { MigrationBuilder } from 'node-pg-migrate';

/**
 * The desks' news: at commit, each statement that adds or changes orders notifies `order_news` once
 * per store it touched (tenant and store ids only; the desk reads the orders through the API, under
 * its own rights). Statement-level, so seeding a month of history is a note per store, not per order.
 */
export async function up(pgm: MigrationBuilder): Promise<void> {
  pgm.sql(`
    CREATE FUNCTION orders_news() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE touched record;
    BEGIN
      FOR touched IN SELECT DISTINCT tenant_id, store_id FROM changed LOOP
        PERFORM pg_notify('order_news', json_build_object('tenant', touched.tenant_id, 'store', touched.store_id)::text);
      END LOOP;
      RETURN NULL;
    END $$;
    CREATE TRIGGER orders_added_news AFTER INSERT ON orders
      REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION orders_news();
    CREATE TRIGGER orders_changed_news AFTER UPDATE ON orders
      REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION orders_news();
  `);
}

export async function down(pgm: MigrationBuilder): Promise<void> {
  pgm.sql(`
    DROP TRIGGER orders_changed_news ON orders;
    DROP TRIGGER orders_added_news ON orders;
    DROP FUNCTION orders_news();
  `);
}
