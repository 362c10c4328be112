/** A brand's webhook endpoints, and the log of what was delivered to them. */
import { randomBytes } from 'node:crypto';
import type { Tx } from '../../db/pool.js';
import { NotFound } from '../../server/errors.js';
import type { DeliveryQuery, EndpointCreate, EndpointUpdate } from './schemas.js';

const newSecret = () => `whsec_${randomBytes(24).toString('base64url')}`;

const ENDPOINT_COLUMNS = `id, url, events, description, active, right(secret, 4) AS secret_hint, created_at, updated_at`;

export interface EndpointRecord {
  id: string;
  url: string;
  events: string[];
  description: string | null;
  active: boolean;
  secret?: string;
  secret_hint: string;
  created_at: Date;
  updated_at: Date;
}

export async function listEndpoints(tx: Tx): Promise<EndpointRecord[]> {
  return (
    await tx.query<EndpointRecord>(`SELECT ${ENDPOINT_COLUMNS} FROM webhook_endpoints ORDER BY created_at`)
  ).rows;
}

export async function getEndpoint(tx: Tx, id: string): Promise<EndpointRecord> {
  const { rows } = await tx.query<EndpointRecord>(
    `SELECT ${ENDPOINT_COLUMNS} FROM webhook_endpoints WHERE id = $1`,
    [id],
  );
  if (!rows[0]) throw NotFound('Webhook endpoint');
  return rows[0];
}

/** Registers an endpoint; the answer shows its secret, the only time it is shown unless rotated. */
export async function createEndpoint(
  tx: Tx,
  tenantId: string,
  input: EndpointCreate,
): Promise<EndpointRecord> {
  const secret = input.secret ?? newSecret();
  const { rows } = await tx.query<EndpointRecord>(
    `INSERT INTO webhook_endpoints (tenant_id, url, secret, events, description) VALUES ($1, $2, $3, $4, $5)
     RETURNING ${ENDPOINT_COLUMNS}`,
    [tenantId, input.url, secret, input.events, input.description ?? null],
  );
  return { ...rows[0]!, secret };
}

export async function updateEndpoint(tx: Tx, id: string, patch: EndpointUpdate): Promise<EndpointRecord> {
  const secret = patch.rotate_secret ? newSecret() : patch.secret;
  const { rows } = await tx.query<EndpointRecord>(
    `UPDATE webhook_endpoints SET url = coalesce($2, url), events = coalesce($3, events),
       description = CASE WHEN $4 THEN $5 ELSE description END, active = coalesce($6, active),
       secret = coalesce($7, secret)
     WHERE id = $1 RETURNING ${ENDPOINT_COLUMNS}`,
    [
      id,
      patch.url ?? null,
      patch.events ?? null,
      patch.description !== undefined,
      patch.description ?? null,
      patch.active ?? null,
      secret ?? null,
    ],
  );
  if (!rows[0]) throw NotFound('Webhook endpoint');
  return secret ? { ...rows[0], secret } : rows[0];
}

/** Removes an endpoint with its deliveries; events other endpoints still owe stay. */
export async function deleteEndpoint(tx: Tx, id: string): Promise<void> {
  const { rowCount } = await tx.query('DELETE FROM webhook_endpoints WHERE id = $1', [id]);
  if (!rowCount) throw NotFound('Webhook endpoint');
}

const DELIVERY_SELECT = `
  SELECT d.id, d.endpoint_id, d.status, d.attempts,
    CASE WHEN d.status = 'pending' THEN d.next_attempt_at END AS next_attempt_at,
    d.last_status_code, d.last_error, d.delivered_at, d.created_at`;

export async function listDeliveries(tx: Tx, endpointId: string, query: DeliveryQuery) {
  await getEndpoint(tx, endpointId);
  const { rows } = await tx.query(
    `${DELIVERY_SELECT}, jsonb_build_object('id', e.id, 'type', e.type, 'created_at', e.created_at) AS event
     FROM webhook_deliveries d JOIN webhook_events e ON e.id = d.event_id
     WHERE d.endpoint_id = $1 AND ($2::text IS NULL OR d.status = $2)
     ORDER BY d.created_at DESC LIMIT $3`,
    [endpointId, query.status ?? null, query.limit ?? 50],
  );
  return rows;
}

/** One delivery with its event's body and every attempt. */
export async function getDelivery(tx: Tx, id: string) {
  const { rows } = await tx.query(
    `${DELIVERY_SELECT}, jsonb_build_object('id', e.id, 'type', e.type, 'created_at', e.created_at, 'data', e.payload) AS event,
       (SELECT coalesce(jsonb_agg(jsonb_build_object('started_at', a.started_at, 'duration_ms', a.duration_ms,
          'status_code', a.status_code, 'error', a.error) ORDER BY a.id), '[]')
        FROM webhook_attempts a WHERE a.delivery_id = d.id) AS log
     FROM webhook_deliveries d JOIN webhook_events e ON e.id = d.event_id WHERE d.id = $1`,
    [id],
  );
  if (!rows[0]) throw NotFound('Webhook delivery');
  return rows[0];
}

/**
 * A `ping` event for this endpoint alone, so an admin sees at once whether it answers and checks
 * its signature; the answer is the delivery, pending until the worker has sent it.
 */
export async function pingEndpoint(tx: Tx, tenantId: string, id: string) {
  const endpoint = await getEndpoint(tx, id);
  const { rows } = await tx.query<{ id: string }>(
    `WITH event AS (
       INSERT INTO webhook_events (tenant_id, type, payload) VALUES ($1, 'ping', $2) RETURNING id
     )
     INSERT INTO webhook_deliveries (tenant_id, event_id, endpoint_id) SELECT $1, event.id, $3 FROM event RETURNING id`,
    [tenantId, JSON.stringify({ endpoint: { id, url: endpoint.url, events: endpoint.events } }), id],
  );
  return getDelivery(tx, rows[0]!.id);
}

/** Sends a delivery again from now, with a fresh allowance of attempts (delivered or failed alike). */
export async function redeliver(tx: Tx, id: string) {
  const { rowCount } = await tx.query(
    `UPDATE webhook_deliveries SET status = 'pending', attempts = 0, next_attempt_at = now() WHERE id = $1`,
    [id],
  );
  if (!rowCount) throw NotFound('Webhook delivery');
  return getDelivery(tx, id);
}

/**
 * Forgets a brand's events older than `before` with their deliveries and attempts, except those
 * still owed to a receiver. Returns how many went.
 */
export async function forgetOldEvents(tx: Tx, before: Date, limit = 1000): Promise<number> {
  const { rowCount } = await tx.query(
    `DELETE FROM webhook_events WHERE id IN (
       SELECT e.id FROM webhook_events e WHERE e.created_at < $1
         AND NOT EXISTS (SELECT 1 FROM webhook_deliveries d WHERE d.event_id = e.id AND d.status = 'pending')
       ORDER BY e.created_at LIMIT $2)`,
    [before, limit],
  );
  return rowCount ?? 0;
}
