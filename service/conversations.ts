/**
 * Conversations: one per shopper of the brand, reopened by their next message once closed. Its
 * status says who is to speak: open (the shopper entered the chat), waiting (for staff), answered
 * (staff spoke last), closed. It concerns a store when one is known (brand-level otherwise) and the
 * order the shopper last sent as a card.
 */
import type { Tx } from '../db/index.js';
import type { ConversationListQuery, ConversationStatus } from './schemas.js';

export interface ConversationRow {
  id: string;
  shopper_id: string;
  status: ConversationStatus;
  store_id: string | null;
  order_id: string | null;
  unread: number;
  last_message: string | null;
  last_message_at: Date;
  shopper_active_at: Date | null;
  answered_by: string | null;
  answered_at: Date | null;
  closed_at: Date | null;
  created_at: Date;
}

/** Which conversations a staff member works: their stores' and the brand-level ones; null: all. */
export type Reach = readonly string[] | null;

const SELECT = `
  SELECT c.id, c.shopper_id, c.status, c.store_id, c.order_id, c.unread, c.last_message_at, c.shopper_active_at,
    c.answered_by, c.answered_at, c.closed_at, c.created_at,
    (SELECT CASE m.kind WHEN 'text' THEN left(m.body, 80) WHEN 'card' THEN m.card->>'title' ELSE '[' || m.kind || ']' END
       FROM service_messages m WHERE m.conversation_id = c.id AND m.kind <> 'entered'
       ORDER BY m.id DESC LIMIT 1) AS last_message
  FROM service_conversations c`;

/** Open and waiting first, then answered, then closed; newest first within each. */
const RANK = `(CASE c.status WHEN 'waiting' THEN 0 WHEN 'open' THEN 0 WHEN 'answered' THEN 1 ELSE 2 END)`;

const inReach = (param: string) =>
  `(${param}::uuid[] IS NULL OR c.store_id IS NULL OR c.store_id = ANY(${param}))`;

export async function getConversation(
  tx: Tx,
  id: string,
  reach: Reach,
): Promise<ConversationRow | undefined> {
  const { rows } = await tx.query<ConversationRow>(`${SELECT} WHERE c.id = $1 AND ${inReach('$2')}`, [
    id,
    reach,
  ]);
  return rows[0];
}

export async function listConversations(
  tx: Tx,
  query: ConversationListQuery,
  reach: Reach,
): Promise<ConversationRow[]> {
  const statuses =
    query.status === 'active' ? ['open', 'waiting', 'answered'] : query.status ? [query.status] : null;
  const { rows } = await tx.query<ConversationRow>(
    `${SELECT}
     WHERE ${inReach('$1')} AND ($2::text[] IS NULL OR c.status = ANY($2))
       AND ($3::text IS NULL OR ($3 = 'none' AND c.store_id IS NULL) OR c.store_id::text = $3)
       AND ($4::uuid IS NULL OR EXISTS (
         SELECT 1 FROM service_conversations b WHERE b.id = $4 AND (
           ${RANK} > ${RANK.replaceAll('c.', 'b.')}
           OR (${RANK} = ${RANK.replaceAll('c.', 'b.')} AND (c.last_message_at, c.id) < (b.last_message_at, b.id)))))
     ORDER BY ${RANK}, c.last_message_at DESC, c.id DESC LIMIT $5`,
    [reach, statuses, query.store_id ?? null, query.before ?? null, query.limit],
  );
  return rows;
}

/** Held until the transaction ends: one push of a shopper at a time (WeChat retries run alongside the first). */
export async function lockShopper(tx: Tx, shopperId: string): Promise<void> {
  await tx.query(`SELECT pg_advisory_xact_lock(hashtext('service:' || $1))`, [shopperId]);
}

export async function conversationOfShopper(tx: Tx, shopperId: string): Promise<ConversationRow | undefined> {
  const { rows } = await tx.query<ConversationRow>(`${SELECT} WHERE c.shopper_id = $1`, [shopperId]);
  return rows[0];
}

export async function startConversation(
  tx: Tx,
  tenantId: string,
  c: { shopperId: string; storeId: string | null; orderId: string | null; at: Date },
): Promise<string> {
  const { rows } = await tx.query<{ id: string }>(
    `INSERT INTO service_conversations (tenant_id, shopper_id, store_id, order_id, status, last_message_at)
     VALUES ($1, $2, $3, $4, 'open', $5) RETURNING id`,
    [tenantId, c.shopperId, c.storeId, c.orderId, c.at],
  );
  return rows[0]!.id;
}

/**
 * The shopper spoke (a message: waiting for staff, one more unread) or entered the chat (open, if it
 * was closed), at the time WeChat gives; WeChat's 48 hours run from then. An order they named becomes the conversation's, and
 * its store the conversation's store.
 */
export async function shopperActive(
  tx: Tx,
  id: string,
  a: { message: boolean; at: Date; order: { id: string; storeId: string } | null },
): Promise<void> {
  await tx.query(
    `UPDATE service_conversations SET
       status = CASE WHEN $2 THEN 'waiting' WHEN status = 'closed' THEN 'open' ELSE status END,
       unread = unread + CASE WHEN $2 THEN 1 ELSE 0 END,
       closed_at = NULL, closed_by = NULL,
       last_message_at = CASE WHEN $2 THEN greatest(last_message_at, $3) ELSE last_message_at END,
       shopper_active_at = greatest(shopper_active_at, $3),
       order_id = coalesce($4, order_id), store_id = coalesce($5, store_id)
     WHERE id = $1`,
    [id, a.message, a.at, a.order?.id ?? null, a.order?.storeId ?? null],
  );
}

/** A reply went out: the conversation is answered, and read. */
export async function answered(tx: Tx, id: string, by: string): Promise<void> {
  await tx.query(
    `UPDATE service_conversations SET status = 'answered', unread = 0, last_message_at = now(),
       answered_by = $2, answered_at = now()
     WHERE id = $1 AND status <> 'closed'`,
    [id, by],
  );
}

export async function markRead(tx: Tx, id: string): Promise<void> {
  await tx.query('UPDATE service_conversations SET unread = 0 WHERE id = $1', [id]);
}

export async function closeConversation(tx: Tx, id: string, staffId: string): Promise<void> {
  await tx.query(
    `UPDATE service_conversations SET status = 'closed', unread = 0, closed_at = now(), closed_by = $2
     WHERE id = $1 AND status <> 'closed'`,
    [id, staffId],
  );
}

/** Reopened by staff: open, nobody's turn yet (the shopper's next message makes it waiting). */
export async function reopenConversation(tx: Tx, id: string): Promise<void> {
  await tx.query(
    `UPDATE service_conversations SET status = 'open', closed_at = NULL, closed_by = NULL
     WHERE id = $1 AND status = 'closed'`,
    [id],
  );
}

export async function unreadCounts(
  tx: Tx,
  reach: Reach,
): Promise<{ conversations: number; messages: number }> {
  const { rows } = await tx.query<{ conversations: number; messages: number }>(
    `SELECT count(*) FILTER (WHERE c.unread > 0)::int AS conversations, coalesce(sum(c.unread), 0)::int AS messages
     FROM service_conversations c WHERE c.status <> 'closed' AND ${inReach('$1')}`,
    [reach],
  );
  return rows[0]!;
}

/** How many conversations wait for staff, and the oldest last message among them; null since when none. */
export interface Waiting {
  conversations: number;
  since: Date | null;
}

/** What waits for an answer at a store and at the brand (store-less conversations), within the caller's reach. */
export async function waitingAt(
  tx: Tx,
  reach: Reach,
  storeId: string,
): Promise<{ store: Waiting; brand: Waiting }> {
  const { rows } = await tx.query<Waiting & { brand: boolean }>(
    `SELECT c.store_id IS NULL AS brand, count(*)::int AS conversations, min(c.last_message_at) AS since
     FROM service_conversations c
     WHERE c.status = 'waiting' AND ${inReach('$1')} AND (c.store_id = $2 OR c.store_id IS NULL)
     GROUP BY 1`,
    [reach, storeId],
  );
  const none: Waiting = { conversations: 0, since: null };
  const of = (brand: boolean) => {
    const row = rows.find((r) => r.brand === brand);
    return row ? { conversations: row.conversations, since: row.since } : none;
  };
  return { store: of(false), brand: of(true) };
}
