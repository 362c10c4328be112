/**
 * Fixes into Postgres for analytics, in batches: buffered, written per tenant (row-level security)
 * with one INSERT of arrays per batch, into the day partitions of `fixes`. The buffer is bounded;
 * what does not fit is counted, never held without limit.
 */
import type { Db } from '../db/pool.js';
import type { Fix } from '../positioning/index.js';

export interface StoredFix {
  tenantId: string;
  storeId: string;
  fix: Fix;
}

export interface FixStore {
  /** False when the buffer is full and the fix was not kept. */
  add(fix: StoredFix): boolean;
  flush(): Promise<number>;
  readonly backlog: number;
  /** Makes the partitions from yesterday to `daysAhead` days on. */
  ensurePartitions(now: Date, daysAhead?: number): Promise<number>;
  /** Drops the day partitions older than `keepDays`. */
  dropOlderThan(now: Date, keepDays: number): Promise<number>;
}

const day = (d: Date) => d.toISOString().slice(0, 10);

export function fixStore(db: Db, maxBacklog: number): FixStore {
  let buffer: StoredFix[] = [];
  let flushing: Promise<number> = Promise.resolve(0);

  async function write(batch: StoredFix[]): Promise<number> {
    const byTenant = new Map<string, StoredFix[]>();
    for (const f of batch) {
      const list = byTenant.get(f.tenantId);
      if (list) list.push(f);
      else byTenant.set(f.tenantId, [f]);
    }
    let written = 0;
    for (const [tenantId, fixes] of byTenant) {
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
    add(fix) {
      if (buffer.length >= maxBacklog) return false;
      buffer.push(fix);
      return true;
    },
    flush() {
      // One flush at a time, in order; a batch that fails is dropped (and the error reported) rather than retried for ever.
      flushing = flushing
        .catch(() => 0)
        .then(async () => {
          if (buffer.length === 0) return 0;
          const batch = buffer;
          buffer = [];
          return write(batch);
        });
      return flushing;
    },
    get backlog() {
      return buffer.length;
    },
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
