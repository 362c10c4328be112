import type { MigrationBuilder } from 'node-pg-migrate';

/**
 * News for the console's live lines (db/listen.ts, server/news-socket.ts): a table with tenant_id and
 * store_id is made to notify `channel` at commit, once per statement and store it touched, with
 * `SELECT app_notify_store_news('table', 'channel')`. Statement-level, so a month of seeded history
 * is a note per store, not per row; the payload names only the tenant and the store (null: the
 * brand's), and each screen reads what changed through the API, under its own rights.
 */
export async function up(pgm: MigrationBuilder): Promise<void> {
  pgm.sql(`
    CREATE FUNCTION app_store_news() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE touched record;
    BEGIN
      FOR touched IN SELECT DISTINCT tenant_id, store_id FROM changed LOOP
        PERFORM pg_notify(TG_ARGV[0], json_build_object('tenant', touched.tenant_id, 'store', touched.store_id)::text);
      END LOOP;
      RETURN NULL;
    END $$;

    CREATE FUNCTION app_notify_store_news(target regclass, channel text) RETURNS void LANGUAGE plpgsql AS $$
    DECLARE name text := replace(target::text, '.', '_');
    BEGIN
      EXECUTE format('CREATE TRIGGER %I AFTER INSERT ON %s REFERENCING NEW TABLE AS changed
        FOR EACH STATEMENT EXECUTE FUNCTION app_store_news(%L)', name || '_added_news', target, channel);
      EXECUTE format('CREATE TRIGGER %I AFTER UPDATE ON %s REFERENCING NEW TABLE AS changed
        FOR EACH STATEMENT EXECUTE FUNCTION app_store_news(%L)', name || '_changed_news', target, channel);
    END $$;
  `);
}

export async function down(pgm: MigrationBuilder): Promise<void> {
  pgm.sql('DROP FUNCTION app_notify_store_news(regclass, text); DROP FUNCTION app_store_news();');
}
