/**
 * A conversation's messages: the shopper's as WeChat pushed them (kept once by their key), and the
 * replies staff or the automatic answers sent, each with what WeChat made of it.
 */
import type { Tx } from '../db/index.js';

export interface MessageRow {
  id: string;
  author: 'shopper' | 'staff' | 'auto';
  kind: 'text' | 'image' | 'card' | 'entered';
  body: string | null;
  image_url: string | null;
  card: { title: string; page_path: string; thumb_url: string | null } | null;
  order_id: string | null;
  staff_id: string | null;
  delivery: 'sending' | 'sent' | 'failed' | null;
  errcode: number | null;
  errmsg: string | null;
  created_at: Date;
}

const COLUMNS =
  'id::text, author, kind, body, image_url, card, order_id, staff_id, delivery, errcode, errmsg, created_at';

export type NewMessage = Partial<Pick<MessageRow, 'body' | 'image_url' | 'card' | 'order_id' | 'staff_id'>> &
  Pick<MessageRow, 'author' | 'kind'> & { wechat_key?: string };

/** True when WeChat pushed this one before (a retry). */
export async function pushKept(tx: Tx, key: string): Promise<boolean> {
  const { rowCount } = await tx.query('SELECT 1 FROM service_messages WHERE wechat_key = $1', [key]);
  return rowCount === 1;
}

export async function addMessage(
  tx: Tx,
  tenantId: string,
  conversationId: string,
  m: NewMessage,
): Promise<MessageRow> {
  const { rows } = await tx.query<MessageRow>(
    `INSERT INTO service_messages (tenant_id, conversation_id, author, kind, body, image_url, card, order_id,
       wechat_key, staff_id, delivery)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, CASE WHEN $3 = 'shopper' THEN NULL ELSE 'sending' END)
     RETURNING ${COLUMNS}`,
    [
      tenantId,
      conversationId,
      m.author,
      m.kind,
      m.body ?? null,
      m.image_url ?? null,
      m.card ?? null,
      m.order_id ?? null,
      m.wechat_key ?? null,
      m.staff_id ?? null,
    ],
  );
  return rows[0]!;
}

/** Why a reply was not sent: WeChat's refusal (its code), or no WeChat to send it to (no code). */
export interface Undelivered {
  errcode: number | null;
  errmsg: string;
}

/** What became of a reply: sent (no refusal), or not. */
export async function settleMessage(tx: Tx, id: string, refusal: Undelivered | null): Promise<MessageRow> {
  const { rows } = await tx.query<MessageRow>(
    `UPDATE service_messages SET delivery = CASE WHEN $4 THEN 'failed' ELSE 'sent' END, errcode = $2, errmsg = $3
     WHERE id = $1 RETURNING ${COLUMNS}`,
    [id, refusal?.errcode ?? null, refusal?.errmsg ?? null, refusal !== null],
  );
  return rows[0]!;
}

export async function threadOf(tx: Tx, conversationId: string): Promise<MessageRow[]> {
  const { rows } = await tx.query<MessageRow>(
    `SELECT ${COLUMNS} FROM service_messages m WHERE conversation_id = $1 ORDER BY m.id`,
    [conversationId],
  );
  return rows;
}
