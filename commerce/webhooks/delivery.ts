/**
 * The delivery worker: claims due deliveries (SKIP LOCKED, so several processes share them),
 * POSTs each signed event, logs the attempt, and then marks it delivered (2xx), schedules a retry
 * with backoff and jitter, or gives up after the limit. A paused endpoint's deliveries wait for it
 * to be resumed. At least once: a claim only pushes the
 * delivery's next attempt past the attempt's timeout, so a delivery whose process died mid-way
 * is sent again once the claim lapses; receivers dedupe on the event id.
 */
import type { Db } from '../../db/pool.js';
import { PrivateAddressRefused, postToReceiver } from './outbound.js';
import { HEADERS, retryDelayMs, signPayload } from './signature.js';

export interface WebhookOptions {
  maxAttempts: number;
  retryBaseMs: number;
  timeoutMs: number;
  /** Whether receivers may be on loopback or private addresses (WEBHOOK_PRIVATE_NETWORK=allow). */
  allowPrivate: boolean;
  retryCapMs?: number;
  batch?: number;
}

const RETRY_CAP_MS = 6 * 3600_000;
/** Beyond the attempt's timeout, before another process may take a claimed delivery over. */
const CLAIM_MARGIN_MS = 30_000;

interface Claimed {
  id: string;
  tenant_id: string;
  attempts: number;
  url: string;
  secret: string;
  event_id: string;
  type: string;
  payload: unknown;
  created_at: Date;
}

/** The body of every attempt of an event: the same bytes each time, so its id dedupes. */
export const eventBody = (event: { event_id: string; type: string; created_at: Date; payload: unknown }) =>
  JSON.stringify({ id: event.event_id, type: event.type, created_at: event.created_at, data: event.payload });

/** One pass over every brand with due deliveries. Returns how many attempts it made. */
export async function deliverDueWebhooks(
  db: Db,
  options: WebhookOptions,
  signal?: AbortSignal,
  now = new Date(),
): Promise<number> {
  const tenants = await db.anonymous(
    async (tx) =>
      (await tx.query<{ id: string }>('SELECT id FROM webhook_due_tenants($1) AS id', [now])).rows,
  );
  let attempted = 0;
  for (const { id: tenantId } of tenants) {
    if (signal?.aborted) break;
    const claimed = await db.tenant(
      tenantId,
      async (tx) =>
        (
          await tx.query<Claimed>(
            `UPDATE webhook_deliveries d SET next_attempt_at = $2::timestamptz + make_interval(secs => $3::float8 / 1000)
           FROM webhook_endpoints p, webhook_events e
           WHERE d.id IN (SELECT id FROM webhook_deliveries WHERE status = 'pending' AND next_attempt_at <= $2
                            AND endpoint_id IN (SELECT id FROM webhook_endpoints WHERE active)
                          ORDER BY next_attempt_at LIMIT $1 FOR UPDATE SKIP LOCKED)
             AND p.id = d.endpoint_id AND e.id = d.event_id
           RETURNING d.id, d.tenant_id, d.attempts, p.url, p.secret, e.id AS event_id, e.type, e.payload, e.created_at`,
            [options.batch ?? 20, now, options.timeoutMs + CLAIM_MARGIN_MS],
          )
        ).rows,
    );
    await Promise.all(claimed.map((delivery) => attempt(db, delivery, options, signal)));
    attempted += claimed.length;
  }
  return attempted;
}

async function attempt(db: Db, d: Claimed, options: WebhookOptions, signal?: AbortSignal): Promise<void> {
  const body = eventBody(d);
  const timestamp = Math.floor(Date.now() / 1000);
  const startedAt = new Date();
  let statusCode: number | null = null;
  let error: string | null = null;
  const timeout = AbortSignal.timeout(options.timeoutMs);
  try {
    statusCode = await postToReceiver(
      d.url,
      {
        'content-type': 'application/json',
        'user-agent': 'SmartStore-Webhooks/1',
        [HEADERS.eventId]: d.event_id,
        [HEADERS.eventType]: d.type,
        [HEADERS.timestamp]: String(timestamp),
        [HEADERS.signature]: signPayload(d.secret, timestamp, body),
      },
      body,
      // A redirect is not followed: it is the receiver's misconfiguration, to see in the log.
      { signal: signal ? AbortSignal.any([signal, timeout]) : timeout, allowPrivate: options.allowPrivate },
    );
  } catch (e) {
    if (signal?.aborted) {
      // Shutting down: hand the delivery back at once, not counted, for the next process.
      await db.tenant(d.tenant_id, (tx) =>
        tx.query(
          `UPDATE webhook_deliveries SET next_attempt_at = now() WHERE id = $1 AND status = 'pending'`,
          [d.id],
        ),
      );
      return;
    }
    error = timeout.aborted
      ? `no answer within ${options.timeoutMs} ms`
      : e instanceof PrivateAddressRefused
        ? e.message
        : ((e as { code?: string }).code ?? (e as Error).message);
  }
  const ok = statusCode !== null && statusCode >= 200 && statusCode < 300;
  const attempts = d.attempts + 1;
  const status = ok ? 'delivered' : attempts >= options.maxAttempts ? 'failed' : 'pending';
  const retryIn = retryDelayMs(attempts, options.retryBaseMs, options.retryCapMs ?? RETRY_CAP_MS);
  const problem = ok ? null : (error ?? `HTTP ${statusCode}`);
  await db.tenant(d.tenant_id, async (tx) => {
    const { rowCount } = await tx.query(
      `UPDATE webhook_deliveries SET status = $2, attempts = $3, last_status_code = $4, last_error = $5,
         delivered_at = CASE WHEN $2 = 'delivered' THEN now() END,
         next_attempt_at = now() + make_interval(secs => $6::float8 / 1000)
       WHERE id = $1`,
      [d.id, status, attempts, statusCode, problem, retryIn],
    );
    // The endpoint was removed meanwhile, and its log with it.
    if (!rowCount) return;
    await tx.query(
      `INSERT INTO webhook_attempts (tenant_id, delivery_id, started_at, duration_ms, status_code, error)
       VALUES ($1, $2, $3, $4, $5, $6)`,
      [d.tenant_id, d.id, startedAt, Date.now() - startedAt.getTime(), statusCode, problem],
    );
  });
}
