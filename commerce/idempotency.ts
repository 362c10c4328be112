/**
 * `Idempotency-Key` for every POST that creates something: the first answer is stored in the
 * same transaction as the work, and a retry with the same key gets it back unchanged. A
 * concurrent retry waits on the key's row until the first commits, then replays its answer.
 * Answers are kept for IDEMPOTENCY_TTL_S (a day by default, longer than any client retries);
 * a worker then forgets them (`forgetExpiredAnswers`), after which the key is new again.
 */
import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { Tx } from '../db/pool.js';
import { tenantOf } from '../server/auth.js';
import { Validation } from '../server/errors.js';
import { IdempotencyKeyReused } from './errors.js';

export const IDEMPOTENCY_HEADER = 'idempotency-key';
const KEY_PATTERN = '^[A-Za-z0-9._:/-]{1,128}$';

/** The header schema of a creating POST; `required` where the key also names a ledger operation. */
export const idempotencyHeaders = (required = false) => {
  const key = Type.String({
    pattern: KEY_PATTERN,
    description: 'Retrying with the same key returns the first answer; a new request needs a new key',
  });
  return Type.Object({ [IDEMPOTENCY_HEADER]: required ? key : Type.Optional(key) });
};

export function idempotencyKeyOf(request: FastifyRequest): string | undefined {
  const key = request.headers[IDEMPOTENCY_HEADER];
  if (key === undefined) return undefined;
  if (typeof key !== 'string' || !new RegExp(KEY_PATTERN).test(key)) {
    throw Validation('Idempotency-Key', `must match ${KEY_PATTERN}`);
  }
  return key;
}

export interface Answer<T> {
  status: number;
  body: T;
  replayed: boolean;
}

/**
 * Runs `work` once per (caller, route, key). Without a key it simply runs. A key reused for a
 * different body is refused; errors are not stored (the transaction rolls back), so a retry after
 * a refusal runs again.
 */
export async function idempotent<T>(
  tx: Tx,
  tenantId: string,
  call: { scope: string; key: string | undefined; request: unknown },
  work: () => Promise<{ status: number; body: T }>,
): Promise<Answer<T>> {
  if (!call.key) return { ...(await work()), replayed: false };
  const hash = createHash('sha256')
    .update(JSON.stringify(call.request ?? null))
    .digest('hex');
  const claimed = await tx.query(
    `INSERT INTO commerce_idempotency (tenant_id, scope, key, request_hash) VALUES ($1, $2, $3, $4)
     ON CONFLICT DO NOTHING`,
    [tenantId, call.scope, call.key, hash],
  );
  if (claimed.rowCount === 0) {
    const { rows } = await tx.query<{ request_hash: string; status_code: number; response: T }>(
      'SELECT request_hash, status_code, response FROM commerce_idempotency WHERE scope = $1 AND key = $2',
      [call.scope, call.key],
    );
    const stored = rows[0]!;
    if (stored.request_hash !== hash) throw IdempotencyKeyReused();
    return { status: stored.status_code, body: stored.response, replayed: true };
  }
  const answer = await work();
  await tx.query(
    'UPDATE commerce_idempotency SET status_code = $3, response = $4 WHERE scope = $1 AND key = $2',
    [call.scope, call.key, answer.status, JSON.stringify(answer.body)],
  );
  return { ...answer, replayed: false };
}

/** Removes up to `limit` of this brand's answers stored before `before`; how many went. */
export async function forgetExpiredAnswers(
  tx: Tx,
  _tenantId: string,
  before: Date,
  limit = 1000,
): Promise<number> {
  const { rowCount } = await tx.query(
    `DELETE FROM commerce_idempotency WHERE ctid IN (
       SELECT ctid FROM commerce_idempotency WHERE created_at < $1 LIMIT $2 FOR UPDATE SKIP LOCKED)`,
    [before, limit],
  );
  return rowCount ?? 0;
}

/** Sends an answer, marking replays so a client can tell. */
export function sendAnswer<T>(reply: FastifyReply, answer: Answer<T>) {
  if (answer.replayed) reply.header('idempotent-replayed', 'true');
  return reply.status(answer.status).send(answer.body);
}

/**
 * The scope of a key: who called which route on what (the ids in its path), so two callers' keys
 * never collide, nor one caller's key sent to two stores or products: each is a creation of its own.
 */
export const scopeOf = (request: FastifyRequest) =>
  [
    request.principal.id,
    request.routeOptions.url,
    ...Object.values(request.params as Record<string, string>),
  ].join(' ');

/** A creating POST: `create` runs once per Idempotency-Key in the caller's tenant transaction; 201 with its answer. */
export async function createOnce<T>(
  app: FastifyInstance,
  request: FastifyRequest,
  reply: FastifyReply,
  create: (tx: Tx, tenantId: string) => Promise<T>,
) {
  const tenantId = tenantOf(request);
  const call = { scope: scopeOf(request), key: idempotencyKeyOf(request), request: request.body };
  const answer = await app.db.tenant(tenantId, (tx) =>
    idempotent(tx, tenantId, call, async () => ({ status: 201, body: await create(tx, tenantId) })),
  );
  return sendAnswer(reply, answer);
}
