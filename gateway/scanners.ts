/**
 * The `gateway_scanners` table: a brand's fixed scanners per store, edited through the API. The
 * gateway itself reads every brand's rows through `gateway_scanner_directory()` (mapping.ts), and so
 * does the embedded broker, to let a scanner in with its own login.
 */
import type { Db, Tx } from '../db/pool.js';
import { defineError, Validation } from '../server/errors.js';
import {
  type RegisteredScanner,
  SERVER_USERNAME,
  SHOPPER_USERNAME,
  scannerPassword,
} from '../server/mqtt-access.js';
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

/** A scanner's login at the embedded broker, for staff to type into its firmware. */
export interface ScannerLogin extends Pick<StoreScanner, 'source' | 'scanner'> {
  username: string;
  password: string;
}

/** The store's scanners with their logins; `serverPassword` is the server's own (brokerPassword). */
export async function scannerLogins(
  tx: Tx,
  tenantId: string,
  storeId: string,
  serverPassword: string,
): Promise<ScannerLogin[]> {
  return (await listScanners(tx, storeId)).map(({ source, scanner }) => ({
    source,
    scanner,
    username: scanner,
    password: scannerPassword(serverPassword, { tenantId, storeId, source, scanner }),
  }));
}

/** Every brand's scanners of this name, as the broker checks a login (one per source at most). */
export function scannersNamed(db: Db, name: string): Promise<RegisteredScanner[]> {
  return db.anonymous(
    async (tx) =>
      (
        await tx.query<RegisteredScanner>(
          `SELECT tenant_id AS "tenantId", store_id AS "storeId", source, scanner
             FROM gateway_scanner_directory() WHERE scanner = $1`,
          [name],
        )
      ).rows,
  );
}

// A scanner's name is its username at the broker, where these two are taken.
const RESERVED_NAMES: readonly string[] = [SERVER_USERNAME, SHOPPER_USERNAME];

/** Replaces the store's scanners with `scanners`, in the caller's transaction. */
export async function replaceScanners(
  tx: Tx,
  tenantId: string,
  storeId: string,
  scanners: readonly StoreScanner[],
): Promise<StoreScanner[]> {
  const reserved = scanners.find((s) => RESERVED_NAMES.includes(s.scanner));
  if (reserved) {
    throw Validation(
      'scanners',
      `may not use the name ${reserved.scanner}, which the broker keeps for its own users`,
    );
  }
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
