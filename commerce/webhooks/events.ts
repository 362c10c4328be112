/**
 * The event types a brand can subscribe to, and how a change records one: `webhook_emit` in the
 * caller's transaction, so the event commits (or rolls back) with the change it describes.
 */
import type { Tx } from '../../db/pool.js';

export const WEBHOOK_EVENT_TYPES = [
  'order.created',
  'order.paid',
  'order.cancelled',
  'order.refunded',
  'order.completed',
  'stock.changed',
  'appointment.booked',
  'appointment.cancelled',
] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

/** Records events for the brand's endpoints subscribed to `type` (none subscribed: nothing is written). */
export async function emitWebhookEvents(
  tx: Tx,
  tenantId: string,
  type: WebhookEventType,
  payloads: readonly unknown[],
): Promise<void> {
  if (payloads.length === 0) return;
  await tx.query('SELECT webhook_emit($1, $2, p) FROM jsonb_array_elements($3::jsonb) AS p', [
    tenantId,
    type,
    JSON.stringify(payloads),
  ]);
}
