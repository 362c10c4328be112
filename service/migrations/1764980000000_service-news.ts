import type { MigrationBuilder } from 'node-pg-migrate';

/**
 * The inbox's live line: each statement that adds or changes conversations or their messages tells
 * `service_news` which store's (null: a brand-level conversation), so the console shows a shopper's
 * message the moment it arrives, and a colleague's reply as it is sent. A message names its store
 * through its conversation.
 */
export async function up(pgm: MigrationBuilder): Promise<void> {
  pgm.sql(`
    SELECT app_notify_store_news('service_conversations', 'service_news');

    CREATE FUNCTION service_messages_news() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE touched record;
    BEGIN
      FOR touched IN SELECT DISTINCT c.tenant_id, c.store_id FROM changed m
        JOIN service_conversations c ON c.id = m.conversation_id LOOP
        PERFORM pg_notify('service_news', json_build_object('tenant', touched.tenant_id, 'store', touched.store_id)::text);
      END LOOP;
      RETURN NULL;
    END $$;
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
    DROP FUNCTION service_messages_news();
    DROP TRIGGER service_conversations_changed_news ON service_conversations;
    DROP TRIGGER service_conversations_added_news ON service_conversations;
  `);
}
