/**
 * Applies a POS/ERP batch record by record: each in its own savepoint, so one bad record is
 * rejected with its reason while the others apply, and each keyed by the sender's record id, so
 * a resent batch answers "duplicate" and changes nothing. Stock records are keyed in the stock
 * ledger itself; product and member records in `pos_records`, with their content's hash, so the
 * same id sent again with other content is refused rather than silently ignored.
 */
import { createHash } from 'node:crypto';
import type { Tx } from '../../db/pool.js';
import { membershipByNumber, postMemberSpend } from '../../members/index.js';
import { Forbidden, NotFound, SmartStoreError, Validation } from '../../server/errors.js';
import { PosRecordReused } from '../errors.js';
import { applyStockOperation, type CountedKind, movementLines } from '../stock/movements.js';
import { applyMemberRecord } from './members.js';
import { applyProductRecord } from './products.js';
import type { MemberRecord, ProductRecord, RecordResult, StockMovementRecord } from './schemas.js';

type Outcome = 'applied' | 'duplicate';

/** Runs `apply` for each record in its own savepoint; a coded error rejects that record only. */
export async function answerEach<R extends { id: string }>(
  tx: Tx,
  records: readonly R[],
  apply: (record: R) => Promise<Outcome>,
): Promise<RecordResult[]> {
  const results: RecordResult[] = [];
  for (const record of records) {
    await tx.query('SAVEPOINT pos_record');
    try {
      const status = await apply(record);
      await tx.query('RELEASE SAVEPOINT pos_record');
      results.push({ id: record.id, status });
    } catch (error) {
      await tx.query('ROLLBACK TO SAVEPOINT pos_record');
      if (error instanceof SmartStoreError) {
        results.push({ id: record.id, status: 'rejected', code: error.code, reason: error.message });
        continue;
      }
      throw error;
    }
  }
  return results;
}

/** Runs `work` once per (kind, record id): a record seen before is a duplicate, or refused if it changed. */
export async function oncePerRecord<R extends { id: string }>(
  tx: Tx,
  tenantId: string,
  kind: 'product' | 'member',
  record: R,
  work: () => Promise<void>,
): Promise<Outcome> {
  const hash = createHash('sha256').update(JSON.stringify(record)).digest('hex');
  const claimed = await tx.query(
    `INSERT INTO pos_records (tenant_id, kind, record_id, record_hash) VALUES ($1, $2, $3, $4)
     ON CONFLICT DO NOTHING`,
    [tenantId, kind, record.id, hash],
  );
  if (claimed.rowCount === 0) {
    const { rows } = await tx.query<{ record_hash: string }>(
      'SELECT record_hash FROM pos_records WHERE kind = $1 AND record_id = $2',
      [kind, record.id],
    );
    if (rows[0]?.record_hash !== hash) throw PosRecordReused(kind, record.id);
    return 'duplicate';
  }
  await work();
  return 'applied';
}

/** Barcodes the records name → SKU ids, in one query. */
async function skusByBarcode(tx: Tx, records: readonly StockMovementRecord[]): Promise<Map<string, string>> {
  const barcodes = records.flatMap((r) => r.lines.flatMap((l) => ('barcode' in l ? [l.barcode] : [])));
  if (barcodes.length === 0) return new Map();
  const { rows } = await tx.query<{ barcode: string; id: string }>(
    'SELECT barcode, id FROM catalogue_skus WHERE barcode = ANY($1::text[])',
    [barcodes],
  );
  return new Map(rows.map((r) => [r.barcode, r.id]));
}

export async function applyMovementBatch(
  tx: Tx,
  tenantId: string,
  records: readonly StockMovementRecord[],
  mayUseStore: (storeId: string) => boolean,
  actor: string,
): Promise<RecordResult[]> {
  const bySku = await skusByBarcode(tx, records);
  return answerEach(tx, records, async (record) => {
    if (!mayUseStore(record.store_id)) {
      throw Forbidden('Staff send records only for their own stores');
    }
    const lines = record.lines.map((line, index) => {
      const skuId = 'barcode' in line ? bySku.get(line.barcode) : line.sku_id;
      if (!skuId) throw NotFound(`lines.${index}: barcode ${'barcode' in line ? line.barcode : ''}`);
      if (line.qty === 0) throw Validation(`lines.${index}.qty`, 'must not be 0');
      return { sku_id: skuId, qty: line.qty };
    });
    const outcome = await applyStockOperation(tx, tenantId, {
      key: `pos:${record.kind}:${record.id}`,
      kind: record.kind as CountedKind,
      reference: record.reference ?? record.id,
      lines: movementLines(record.kind as CountedKind, record.store_id, lines),
    });
    if (outcome === 'applied' && record.member)
      await memberSpend(
        tx,
        tenantId,
        record,
        record.member,
        lines.map((l) => l.sku_id),
        actor,
      );
    return outcome;
  });
}

/**
 * A sale or return on a member's card: kept for campaigns' attribution, and it earns or gives back
 * points, with the record's stock movement.
 */
async function memberSpend(
  tx: Tx,
  tenantId: string,
  record: StockMovementRecord,
  member: NonNullable<StockMovementRecord['member']>,
  skuIds: readonly string[],
  actor: string,
): Promise<void> {
  if (record.kind !== 'sale' && record.kind !== 'return')
    throw Validation('member', 'only a sale or a return is on a member card');
  if (member.of_sale !== undefined && record.kind !== 'return')
    throw Validation('member.of_sale', 'only a return names the sale it brings back');
  const membershipId = await membershipByNumber(tx, member.member_no);
  if (!membershipId) throw NotFound(`member.member_no: member ${member.member_no}`);
  await tx.query(
    `INSERT INTO till_sales (tenant_id, record_id, kind, store_id, membership_id, spend_cents, sku_ids, sold_at, of_sale)
     VALUES ($1, $2, $3, $4, $5, $6, $7, coalesce($8::timestamptz, now()), $9)`,
    [
      tenantId,
      record.id,
      record.kind,
      record.store_id,
      membershipId,
      member.spend_cents,
      [...new Set(skuIds)],
      member.sold_at ?? null,
      member.of_sale ?? null,
    ],
  );
  await postMemberSpend(tx, tenantId, membershipId, {
    key: `pos:${record.kind}:${record.id}:points`,
    kind: record.kind,
    spend_cents: member.spend_cents,
    reason: `till ${record.kind} ${record.reference ?? record.id}`,
    actor,
    at: member.sold_at ? new Date(member.sold_at) : undefined,
  });
}

export const applyProductBatch = (tx: Tx, tenantId: string, records: readonly ProductRecord[]) =>
  answerEach(tx, records, (record) =>
    oncePerRecord(tx, tenantId, 'product', record, () => applyProductRecord(tx, tenantId, record)),
  );

export const applyMemberBatch = (tx: Tx, tenantId: string, records: readonly MemberRecord[], actor: string) =>
  answerEach(tx, records, (record) =>
    oncePerRecord(tx, tenantId, 'member', record, () => applyMemberRecord(tx, tenantId, record, actor)),
  );
