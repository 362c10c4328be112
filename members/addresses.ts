/**
 * A shopper's address book: where their deliveries go, each with its pin (WGS-84), one of them the
 * default while any exist. Each change locks the shopper's row first, so two at once cannot pass
 * the cap or leave two defaults (or none).
 */
import type { Tx } from '../db/pool.js';
import { NotFound } from '../server/errors.js';
import { AddressBookFull } from './errors.js';
import { ADDRESS_BOOK_MAX, type AddressInput, type ShopperAddress } from './schemas.js';

const COLUMNS = 'id, contact_name, phone, address, door, lat, lng, is_default, updated_at';

/** The address's own columns, in the order both writes below name them ($3 to $8). */
const valuesOf = (a: AddressInput) => [a.contact_name, a.phone, a.address, a.door ?? '', a.lat, a.lng];

const lockBook = (tx: Tx, shopperId: string) =>
  tx.query('SELECT 1 FROM shoppers WHERE id = $1 FOR UPDATE', [shopperId]);

/** The default first, then the latest changed. */
export async function addressBook(tx: Tx, shopperId: string): Promise<ShopperAddress[]> {
  const { rows } = await tx.query<ShopperAddress>(
    `SELECT ${COLUMNS} FROM shopper_addresses WHERE shopper_id = $1
     ORDER BY is_default DESC, updated_at DESC, id`,
    [shopperId],
  );
  return rows;
}

/** The first address of a book is its default. */
export async function addAddress(
  tx: Tx,
  tenantId: string,
  shopperId: string,
  address: AddressInput,
): Promise<ShopperAddress> {
  await lockBook(tx, shopperId);
  const { rows: held } = await tx.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM shopper_addresses WHERE shopper_id = $1',
    [shopperId],
  );
  const n = held[0]!.n;
  if (n >= ADDRESS_BOOK_MAX) throw AddressBookFull(ADDRESS_BOOK_MAX);
  const { rows } = await tx.query<ShopperAddress>(
    `INSERT INTO shopper_addresses (tenant_id, shopper_id, contact_name, phone, address, door, lat, lng, is_default)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING ${COLUMNS}`,
    [tenantId, shopperId, ...valuesOf(address), n === 0],
  );
  return rows[0]!;
}

export async function updateAddress(
  tx: Tx,
  shopperId: string,
  id: string,
  address: AddressInput,
): Promise<ShopperAddress> {
  const { rows } = await tx.query<ShopperAddress>(
    `UPDATE shopper_addresses SET contact_name = $3, phone = $4, address = $5, door = $6, lat = $7, lng = $8,
       updated_at = now()
     WHERE id = $1 AND shopper_id = $2 RETURNING ${COLUMNS}`,
    [id, shopperId, ...valuesOf(address)],
  );
  if (!rows[0]) throw NotFound('Address');
  return rows[0];
}

export async function makeDefaultAddress(tx: Tx, shopperId: string, id: string): Promise<ShopperAddress> {
  await lockBook(tx, shopperId);
  const { rows: found } = await tx.query(
    'SELECT 1 FROM shopper_addresses WHERE id = $1 AND shopper_id = $2',
    [id, shopperId],
  );
  if (!found[0]) throw NotFound('Address');
  // The old default goes first: the one-default index is checked row by row.
  await tx.query(
    'UPDATE shopper_addresses SET is_default = false WHERE shopper_id = $1 AND is_default AND id <> $2',
    [shopperId, id],
  );
  const { rows } = await tx.query<ShopperAddress>(
    `UPDATE shopper_addresses SET is_default = true WHERE id = $1 RETURNING ${COLUMNS}`,
    [id],
  );
  return rows[0]!;
}

/** Deleting the default makes the latest changed of the others the default. */
export async function deleteAddress(tx: Tx, shopperId: string, id: string): Promise<void> {
  await lockBook(tx, shopperId);
  const { rows } = await tx.query<{ is_default: boolean }>(
    'DELETE FROM shopper_addresses WHERE id = $1 AND shopper_id = $2 RETURNING is_default',
    [id, shopperId],
  );
  if (!rows[0]) throw NotFound('Address');
  if (!rows[0].is_default) return;
  await tx.query(
    `UPDATE shopper_addresses SET is_default = true
     WHERE id = (SELECT id FROM shopper_addresses WHERE shopper_id = $1 ORDER BY updated_at DESC, id LIMIT 1)`,
    [shopperId],
  );
}
