import type { MigrationBuilder } from 'node-pg-migrate';

/**
 * The inbox's live line: at commit, each statement that adds or changes conversations or their
 * messages notifies `service_news` once per store it touched (null: a brand-level conversation), so
 * the console shows a shopper's message the moment it arrives, and a colleague's reply as it is sent.
 */
export async function up(pgm: MigrationBuilder): Promise<void> {
  pgm.sql(`
    CREATE FUNCTION service_conversations_news() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE touched record;
    BEGIN
      FOR touched IN SELECT DISTINCT tenant_id, store_id FROM changed LOOP
        PERFORM pg_notify('service_news', json_build_object('tenant', touched.tenant_id, 'store', touched.store_id)::text);
      END LOOP;
      RETURN NULL;
    END $$;
    CREATE FUNCTION service_messages_news() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE touched record;
    BEGIN
      FOR touched IN SELECT DISTINCT c.tenant_id, c.store_id FROM changed m
        JOIN service_conversations c ON c.id = m.conversation_id LOOP
        PERFORM pg_notify('service_news', json_build_object('tenant', touched.tenant_id, 'store', touched.store_id)::text);
      END LOOP;
      RETURN NULL;
    END $$;
    CREATE TRIGGER service_conversations_added_news AFTER INSERT ON service_conversations
      REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION service_conversations_news();
    CREATE TRIGGER service_conversations_changed_news AFTER UPDATE ON service_conversations
      REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION service_conversations_news();
    CREATE TRIGGER service_messages_added_news AFTER INSERT ON service_messages
      REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION service_messages_news();
    CREATE TRIGGER service_messages_changed_news AFTER UPDATE ON service_messages
      REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION service_messages_news();
  `);
}

export async function down(pgm: MigrationBuilder): Promise<void> {
  pgm.sql(`
    DROP TRIGGER service_messages_changed_news ON service_messages;
    DROP TRIGGER service_messages_added_news ON service_messages;
    DROP TRIGGER service_conversations_changed_news ON service_conversations;
    DROP TRIGGER service_conversations_added_news ON service_conversations;
    DROP FUNCTION service_messages_news();
    DROP FUNCTION service_conversations_news();
  `);
}
