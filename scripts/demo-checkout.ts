/**
 * What a simulated shopper of the live demo does on the way out: reads the offers pushed to them
 * during the visit, opens most, and often buys, more often when an offer caught them (the offered
 * product, the coupon when the basket reaches its minimum spend), through the same HTTP API as the
 * mini-program: `GET /me/offers`, `POST /me/offers/:id/opened`, `POST /orders`, and the demo
 * payment. So the demo's footfall has sales beside it, and its campaigns have purchases to report,
 * the pushed group buying more than the holdout.
 */
import type { FastifyInstance } from 'fastify';
import { apiCaller, type Call } from './demo-api.js';

/** Chance that a shopper who got an offer opens it. */
const OPENS = 0.7;
/** Chance of buying anything: after opening an offer, and otherwise. */
const BUYS_AFTER_OFFER = 0.8;
const BUYS_ANYWAY = 0.4;
/** What stocks the baskets: the catalogue searched by each pinyin initial, as the shopper's search box does. */
const INITIALS = [...'abcdefghijklmnopqrstuvwxyz'];

interface Offer {
  id: string;
  created_at: string;
  payload: {
    kind: string;
    coupon?: { code: string; min_spend_cents: number };
    products?: { sku_id: string }[];
  };
}

export function demoCheckout(app: FastifyInstance, storeId: string, random: () => number = Math.random) {
  let shelved: Promise<{ sku_id: string; unit_cents: number }[]> | undefined;

  /** What the store sells, as a shopper sees it; fetched once. */
  const shelf = (call: Call) => {
    shelved ??= Promise.all(
      INITIALS.map(async (q) => {
        const { status, body } = await call('GET', `/catalogue/search?q=${q}&store_id=${storeId}&limit=100`);
        return status === 200 ? (body as { sku_id: string; unit_cents: number }[]) : [];
      }),
    ).then((all) => [...new Map(all.flat().map((hit) => [hit.sku_id, hit])).values()]);
    return shelved;
  };

  /** The shopper holding `token` leaves the store; their visit began at `since` (ms). */
  return async function checkout(token: string, since: number): Promise<'bought' | 'left'> {
    const call = apiCaller(app, token);
    const offers = ((await call('GET', '/me/offers')).body as { offers?: Offer[] } | null)?.offers;
    const caught = (offers ?? []).filter(
      (o) => o.payload.kind === 'campaign_offer' && Date.parse(o.created_at) >= since - 1000,
    );
    let opened: Offer | undefined;
    for (const offer of caught) {
      if (random() >= OPENS) continue;
      await call('POST', `/me/offers/${offer.id}/opened`);
      opened ??= offer;
    }
    if (random() >= (opened ? BUYS_AFTER_OFFER : BUYS_ANYWAY)) return 'left';
    const stock = await shelf(call);
    if (stock.length === 0) {
      shelved = undefined; // asked again by the next shopper
      return 'left';
    }
    const basket = new Map<string, number>();
    const offered = opened?.payload.products?.[0]?.sku_id;
    if (offered) basket.set(offered, 1);
    for (let n = 1 + Math.floor(random() * 3); n > 0; n--) {
      const pick = stock[Math.floor(random() * stock.length)]!;
      basket.set(pick.sku_id, (basket.get(pick.sku_id) ?? 0) + 1);
    }
    const spend = [...basket].reduce(
      (sum, [sku, qty]) => sum + qty * (stock.find((s) => s.sku_id === sku)?.unit_cents ?? 0),
      0,
    );
    const coupon = opened?.payload.coupon;
    const order = await call('POST', '/orders', {
      type: 'pickup',
      store_id: storeId,
      lines: [...basket].map(([sku_id, qty]) => ({ sku_id, qty })),
      ...(coupon && spend >= coupon.min_spend_cents ? { coupons: [coupon.code] } : {}),
    });
    // Sold out, say: the shopper leaves without; the demo goes on.
    if (order.status !== 201) return 'left';
    const paid = await call('POST', `/orders/${(order.body as { id: string }).id}/demo-payment`);
    return paid.status === 200 ? 'bought' : 'left';
  };
}
