/**
 * Fixes into Postgres for analytics, in batches: buffered, written per tenant (row-level security)
 * with one INSERT of arrays per batch, into the day partitions of `fixes`. The buffer is bounded;
 * what does not fit is counted, never held without limit.
 */
import type { Db } from '../db/pool.js';
import type { Fix } from '../positioning/index.js';
import { type BatchWriter, batchWriter, groupBy } from './batch-writer.js';

export interface StoredFix {
  tenantId: string;
  storeId: string;
  fix: Fix;
}

export interface FixStore extends BatchWriter<StoredFix> {
  /** Makes the partitions from yesterday to `daysAhead` days on. */
  ensurePartitions(now: Date, daysAhead?: number): Promise<number>;
  /** Drops the day partitions older than `keepDays`. */
  dropOlderThan(now: Date, keepDays: number): Promise<number>;
}

const day = (d: Date) => d.toISOString().slice(0, 10);

export function fixStore(db: Db, maxBacklog: number): FixStore {
  async function write(batch: StoredFix[]): Promise<number> {
    let written = 0;
    for (const [tenantId, fixes] of groupBy(batch, (f) => f.tenantId)) {
      written += await db.tenant(tenantId, async (tx) => {
        const result = await tx.query(
          `INSERT INTO fixes (tenant_id, store_id, device, ts, x, y, level, accuracy)
           SELECT $1, s, d, to_timestamp(t / 1000.0), x, y, l, a
           FROM unnest($2::uuid[], $3::text[], $4::float8[], $5::real[], $6::real[], $7::smallint[], $8::real[])
             AS u(s, d, t, x, y, l, a)`,
          [
            tenantId,
            fixes.map((f) => f.storeId),
            fixes.map((f) => f.fix.device),
            fixes.map((f) => f.fix.ts),
            fixes.map((f) => f.fix.x),
            fixes.map((f) => f.fix.y),
            fixes.map((f) => f.fix.level),
            fixes.map((f) => f.fix.accuracy),
          ],
        );
        return result.rowCount ?? 0;
      });
    }
    return written;
  }

  const store: FixStore = {
    ...batchWriter(write, maxBacklog),
    async ensurePartitions(now, daysAhead = 2) {
      const from = new Date(now.getTime() - 86_400_000);
      return db.anonymous(
        async (tx) =>
          (
            await tx.query('SELECT gateway_ensure_fix_partitions($1::date, $2) AS n', [
              day(from),
              daysAhead + 2,
            ])
          ).rows[0].n as number,
      );
    },
    async dropOlderThan(now, keepDays) {
      const before = new Date(now.getTime() - keepDays * 86_400_000);
      return db.anonymous(
        async (tx) =>
          (await tx.query('SELECT gateway_drop_fix_partitions($1::date) AS n', [day(before)])).rows[0]
            .n as number,
      );
    },
  };
  return store;
}
