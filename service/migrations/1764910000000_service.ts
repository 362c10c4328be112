import type { MigrationBuilder } from 'node-pg-migrate';

/**
 * Customer service: a brand's message-push settings (the token WeChat signs pushes with, the sealed
 * EncodingAESKey for safe mode, the automatic answer outside hours), one conversation per shopper
 * (reopened by their next message), its messages both ways, and the brand's quick replies. A message
 * WeChat pushed is stored once by its key (MsgId, or openid and time for an event): WeChat retries
 * a push it got no "success" for.
 */
export async function up(pgm: MigrationBuilder): Promise<void> {
  pgm.sql(`
    CREATE TABLE service_settings (
      tenant_id uuid PRIMARY KEY REFERENCES tenants(id) ON DELETE CASCADE,
      push_token text NOT NULL CHECK (push_token ~ '^[A-Za-z0-9]{3,32}$'),
      aes_key_sealed text,
      away_message text CHECK (length(away_message) BETWEEN 1 AND 600),
      updated_at timestamptz NOT NULL DEFAULT now()
    );
    SELECT app_enable_tenant_rls('service_settings');

    CREATE TABLE service_conversations (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
      shopper_id uuid NOT NULL REFERENCES shoppers(id) ON DELETE CASCADE,
      store_id uuid REFERENCES stores(id) ON DELETE SET NULL,
      order_id uuid REFERENCES orders(id) ON DELETE SET NULL,
      status text NOT NULL CHECK (status IN ('open', 'waiting', 'answered', 'closed')),
      unread integer NOT NULL DEFAULT 0 CHECK (unread >= 0),
      last_message_at timestamptz NOT NULL DEFAULT now(),
      shopper_active_at timestamptz,
      answered_by uuid REFERENCES staff(id) ON DELETE SET NULL,
      answered_at timestamptz,
      closed_by uuid REFERENCES staff(id) ON DELETE SET NULL,
      closed_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (tenant_id, shopper_id)
    );
    CREATE INDEX service_conversations_inbox ON service_conversations (tenant_id, last_message_at DESC, id DESC);
    SELECT app_enable_tenant_rls('service_conversations');

    CREATE TABLE service_messages (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
      conversation_id uuid NOT NULL REFERENCES service_conversations(id) ON DELETE CASCADE,
      author text NOT NULL CHECK (author IN ('shopper', 'staff', 'auto')),
      kind text NOT NULL CHECK (kind IN ('text', 'image', 'card', 'entered')),
      body text CHECK (length(body) <= 4000),
      image_url text,
      card jsonb,
      order_id uuid,
      wechat_key text,
      staff_id uuid REFERENCES staff(id) ON DELETE SET NULL,
      delivery text CHECK (delivery IN ('sending', 'sent', 'failed')),
      errcode integer,
      errmsg text,
      created_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (tenant_id, wechat_key),
      CHECK ((author = 'shopper') = (delivery IS NULL))
    );
    CREATE INDEX service_messages_thread ON service_messages (conversation_id, id);
    SELECT app_enable_tenant_rls('service_messages');

    CREATE TABLE service_quick_replies (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
      title text NOT NULL CHECK (length(title) BETWEEN 1 AND 60),
      body text NOT NULL CHECK (length(body) BETWEEN 1 AND 1000),
      keywords text[] NOT NULL DEFAULT '{}',
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX service_quick_replies_brand ON service_quick_replies (tenant_id, title);
    SELECT app_enable_tenant_rls('service_quick_replies');
  `);
}

export async function down(pgm: MigrationBuilder): Promise<void> {
  pgm.sql(`
    DROP TABLE service_quick_replies;
    DROP TABLE service_messages;
    DROP TABLE service_conversations;
    DROP TABLE service_settings;
  `);
}
