/**
 * The unit price of a SKU for one shopper in one store. Pure: the order's pricing and the
 * catalogue's search answer with the same figure.
 */

export interface SkuPrices {
  /** The brand's list price. */
  list_cents: number;
  /** The store's own price, when it has one. */
  store_cents?: number | null | undefined;
  /** Member price per tier. */
  member_cents?: Readonly<Record<string, number>> | undefined;
}

export type PriceBasis = 'list' | 'store' | 'member';

export interface UnitPrice {
  unit_cents: number;
  basis: PriceBasis;
}

/** The store's price replaces the list price; a member pays their tier's price when it is lower. */
export function unitPrice(prices: SkuPrices, tier?: string | null): UnitPrice {
  const shelf: UnitPrice =
    prices.store_cents === null || prices.store_cents === undefined
      ? { unit_cents: prices.list_cents, basis: 'list' }
      : { unit_cents: prices.store_cents, basis: 'store' };
  const member = tier ? prices.member_cents?.[tier] : undefined;
  return member !== undefined && member < shelf.unit_cents ? { unit_cents: member, basis: 'member' } : shelf;
}
