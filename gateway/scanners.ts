/**
 * The `gateway_scanners` table: a brand's fixed scanners per store, edited through the API. The
 * gateway itself reads every brand's rows through `gateway_scanner_directory()` (mapping.ts).
 */
import type { Tx } from '../db/pool.js';
import { defineError } from '../server/errors.js';
import type { ScannerMapping } from './mapping.js';

export type StoreScanner = Pick<ScannerMapping, 'source' | 'scanner' | 'anchor'>;

export const ScannerTaken = defineError(
  'SS_ERR_SCANNER_TAKEN',
  409,
  (name: string) => `Scanner ${name} is already mapped to another store`,
  () => 'scanners',
);

export async function listScanners(tx: Tx, storeId: string): Promise<StoreScanner[]> {
  const { rows } = await tx.query<StoreScanner>(
    'SELECT source, scanner, anchor FROM gateway_scanners WHERE store_id = $1 ORDER BY source, scanner',
    [storeId],
  );
  return rows;
}

/** Replaces the store's scanners with `scanners`, in the caller's transaction. */
export async function replaceScanners(
  tx: Tx,
  tenantId: string,
  storeId: string,
  scanners: readonly StoreScanner[],
): Promise<StoreScanner[]> {
  await tx.query('DELETE FROM gateway_scanners WHERE store_id = $1', [storeId]);
  for (const s of scanners) {
    try {
      await tx.query(
        'INSERT INTO gateway_scanners (tenant_id, store_id, source, scanner, anchor) VALUES ($1, $2, $3, $4, $5)',
        [tenantId, storeId, s.source, s.scanner, s.anchor],
      );
    } catch (error) {
      // Names are unique across brands (a topic names the scanner before any brand is known).
      if ((error as { code?: string }).code === '23505') throw ScannerTaken(s.scanner);
      throw error;
    }
  }
  return listScanners(tx, storeId);
}
