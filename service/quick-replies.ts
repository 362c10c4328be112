/**
 * The brand's quick replies: saved answers staff pick from when replying; one with keywords also
 * answers by itself a shopper's message that holds one of them.
 */
import type { Tx } from '../db/index.js';
import type { QuickReply, QuickReplyCreate, QuickReplyUpdate } from './schemas.js';

const COLUMNS = 'id, title, body, keywords, created_at, updated_at';

export async function listQuickReplies(tx: Tx): Promise<QuickReply[]> {
  const { rows } = await tx.query<QuickReply>(
    `SELECT ${COLUMNS} FROM service_quick_replies ORDER BY title, id`,
  );
  return rows;
}

export async function createQuickReply(tx: Tx, tenantId: string, q: QuickReplyCreate): Promise<QuickReply> {
  const { rows } = await tx.query<QuickReply>(
    `INSERT INTO service_quick_replies (tenant_id, title, body, keywords) VALUES ($1, $2, $3, $4)
     RETURNING ${COLUMNS}`,
    [tenantId, q.title, q.body, q.keywords ?? []],
  );
  return rows[0]!;
}

export async function updateQuickReply(
  tx: Tx,
  id: string,
  q: QuickReplyUpdate,
): Promise<QuickReply | undefined> {
  const { rows } = await tx.query<QuickReply>(
    `UPDATE service_quick_replies SET title = coalesce($2, title), body = coalesce($3, body),
       keywords = coalesce($4, keywords), updated_at = now()
     WHERE id = $1 RETURNING ${COLUMNS}`,
    [id, q.title ?? null, q.body ?? null, q.keywords ?? null],
  );
  return rows[0];
}

export async function deleteQuickReply(tx: Tx, id: string): Promise<boolean> {
  const { rowCount } = await tx.query('DELETE FROM service_quick_replies WHERE id = $1', [id]);
  return rowCount === 1;
}
