/** The shopper's cart as kept: one store's lines, SKU and quantity. */
import type { Tx } from '../../db/pool.js';

export interface KeptCart {
  store_id: string | null;
  lines: { sku_id: string; qty: number }[];
  updated_at: Date;
}

export async function keptCart(tx: Tx, shopperId: string): Promise<KeptCart | undefined> {
  const { rows } = await tx.query<KeptCart>(
    'SELECT store_id, lines, updated_at FROM shopper_carts WHERE shopper_id = $1',
    [shopperId],
  );
  return rows[0];
}

/** The lines of the cart the shopper keeps, when it is for this store: what they are about to buy here. */
export async function cartLinesAt(tx: Tx, shopperId: string, storeId: string): Promise<KeptCart['lines']> {
  const cart = await keptCart(tx, shopperId);
  return cart?.store_id === storeId ? cart.lines : [];
}

/** Of these shoppers, those who keep a cart holding something (in any store). */
export async function shoppersWithCarts(tx: Tx, shopperIds: readonly string[]): Promise<Set<string>> {
  const { rows } = await tx.query<{ shopper_id: string }>(
    `SELECT shopper_id FROM shopper_carts WHERE shopper_id = ANY($1::uuid[]) AND jsonb_array_length(lines) > 0`,
    [shopperIds],
  );
  return new Set(rows.map((r) => r.shopper_id));
}

export async function keepCart(
  tx: Tx,
  tenantId: string,
  shopperId: string,
  cart: Pick<KeptCart, 'store_id' | 'lines'>,
): Promise<void> {
  await tx.query(
    `INSERT INTO shopper_carts (tenant_id, shopper_id, store_id, lines) VALUES ($1, $2, $3, $4)
     ON CONFLICT (tenant_id, shopper_id) DO UPDATE SET store_id = EXCLUDED.store_id, lines = EXCLUDED.lines,
       updated_at = now()`,
    [tenantId, shopperId, cart.store_id, JSON.stringify(cart.lines)],
  );
}
