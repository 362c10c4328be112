/**
 * Whom an order is for, as the staff who hand it over and answer calls about it name them: the member
 * behind a shopper's order (number, name, tier), read through the members' front door. An order taken
 * at the till, or by a shopper who is no member, has no customer to name.
 */
import type { Tx } from '../../db/pool.js';
import { memberCardsOf } from '../../members/index.js';
import type { OrderCustomer } from './schemas.js';

/** The orders, each with its customer: one query for them all, however many. */
export async function withCustomers<O extends { shopper_id: string | null }>(
  tx: Tx,
  orders: readonly O[],
): Promise<(O & { customer: OrderCustomer | null })[]> {
  const shoppers = [...new Set(orders.flatMap((o) => (o.shopper_id ? [o.shopper_id] : [])))];
  const cards = await memberCardsOf(tx, shoppers);
  return orders.map((order) => {
    const card = order.shopper_id ? cards.get(order.shopper_id) : undefined;
    // The card's phone tail stays with the inbox: the desk finds customers by phone, it need not show it.
    const customer = card && {
      membership_id: card.membership_id,
      member_no: card.member_no,
      name: card.name,
      tier: card.tier,
    };
    return { ...order, customer: customer ?? null };
  });
}
