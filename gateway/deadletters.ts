/**
 * Dead letters: every refused message, with its reason, published on `ss/{tenant}/{store}/deadletter`
 * (`ss/unknown/unknown/deadletter` when it named no store) and kept in `gateway_deadletters`.
 * Payloads are cut short and tokens blanked: a dead letter is for finding the fault, not for
 * keeping credentials or whole hostile payloads.
 */
import type { MqttClient } from 'mqtt';
import type { Db } from '../db/pool.js';
import { batchWriter, groupBy } from './batch-writer.js';
import type { Refusal } from './scan.js';

const PAYLOAD_KEEP = 2048;
const TOKEN = /("token"\s*:\s*")[^"]*/g;

export interface DeadLetter {
  ts: number;
  topic: string;
  payload: string;
  reason: Refusal['reason'];
  error: string;
  tenantId: string | undefined;
  storeId: string | undefined;
}

export interface DeadLetters {
  record(refusal: Refusal, topic: string, payload: Buffer | string, now: number): DeadLetter | undefined;
  flush(): Promise<number>;
  /** Dead letters older than this are deleted (a platform job across brands). */
  purgeOlderThan(now: Date, keepDays: number): Promise<number>;
}

export function deadLetterText(payload: Buffer | string): string {
  const text =
    payload.length > PAYLOAD_KEEP ? `${payload.slice(0, PAYLOAD_KEEP).toString()}…` : payload.toString();
  // Postgres text cannot hold NUL.
  return text.replace(TOKEN, '$1[redacted]').replaceAll('\u0000', '\\u0000');
}

export function deadLetters(
  db: Db,
  mqtt: MqttClient,
  maxBacklog: number,
  onUnsaved: () => void,
): DeadLetters {
  async function insert(tenantId: string | null, rows: DeadLetter[]): Promise<number> {
    const work = async (tx: Parameters<Parameters<Db['anonymous']>[0]>[0]) =>
      (
        await tx.query(
          `INSERT INTO gateway_deadletters (tenant_id, store_id, topic, payload, reason, error, received_at)
           SELECT $1, s, t, p, r, e, to_timestamp(ts / 1000.0)
           FROM unnest($2::uuid[], $3::text[], $4::text[], $5::text[], $6::text[], $7::float8[]) AS u(s, t, p, r, e, ts)`,
          [
            tenantId,
            rows.map((d) => d.storeId ?? null),
            rows.map((d) => d.topic),
            rows.map((d) => d.payload),
            rows.map((d) => d.reason),
            rows.map((d) => d.error),
            rows.map((d) => d.ts),
          ],
        )
      ).rowCount ?? 0;
    return tenantId ? db.tenant(tenantId, work) : db.platform(work);
  }

  async function write(batch: DeadLetter[]): Promise<number> {
    let written = 0;
    for (const [tenantId, rows] of groupBy(batch, (d) => d.tenantId ?? null)) {
      try {
        written += await insert(tenantId, rows);
      } catch (error) {
        // A topic may name a brand that does not exist: such letters are the platform's.
        if (tenantId && (error as { code?: string }).code === '23503') written += await insert(null, rows);
        else throw error;
      }
    }
    return written;
  }

  const buffer = batchWriter(write, maxBacklog);
  return {
    record(refusal, topic, payload, now) {
      const letter: DeadLetter = {
        ts: now,
        topic,
        payload: deadLetterText(payload),
        reason: refusal.reason,
        error: refusal.error,
        tenantId: refusal.tenantId,
        storeId: refusal.storeId,
      };
      const where =
        refusal.tenantId && refusal.storeId ? `${refusal.tenantId}/${refusal.storeId}` : 'unknown/unknown';
      mqtt.publish(
        `ss/${where}/deadletter`,
        JSON.stringify({
          ts: now,
          topic,
          payload: letter.payload,
          error: `${refusal.reason}: ${refusal.error}`,
        }),
        { qos: 1 },
      );
      if (!buffer.add(letter)) {
        onUnsaved();
        return undefined;
      }
      return letter;
    },
    flush: () => buffer.flush(),
    async purgeOlderThan(now, keepDays) {
      return db.platform(
        async (tx) =>
          (
            await tx.query('DELETE FROM gateway_deadletters WHERE received_at < $1', [
              new Date(now.getTime() - keepDays * 86_400_000),
            ])
          ).rowCount ?? 0,
      );
    },
  };
}
