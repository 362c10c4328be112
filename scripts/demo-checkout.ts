/**
 * What a simulated shopper of the live demo does on the way out: reads the offers pushed to them
 * during the visit, opens most, and often buys, more often when an offer caught them (the offered
 * product, or one of the products the offer's campaign is about, such as a coffee after the coffee
 * counter's coupon; the coupon when the basket reaches its minimum spend), through the same HTTP API
 * as the mini-program: `GET /me/offers`, `POST /me/offers/:id/opened`, `POST /orders`, and the demo
 * payment. So the demo's footfall has sales beside it, and its campaigns have purchases to report,
 * the pushed group buying more than the holdout.
 */
import type { FastifyInstance } from 'fastify';
import { getCampaign } from '../marketing/index.js';
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
    campaign_id?: string;
    coupon?: { code: string; min_spend_cents: number };
    products?: { sku_id: string }[];
  };
}

interface Hit {
  sku_id: string;
  category_id: string | null;
  unit_cents: number;
}

/** The products a campaign is about; none: any. */
type About = { sku_ids: readonly string[]; category_ids: readonly string[] };

export function demoCheckout(
  app: FastifyInstance,
  store: { tenantId: string; storeId: string },
  random: () => number = Math.random,
) {
  const { tenantId, storeId } = store;
  let shelved: Promise<Hit[]> | undefined;
  const campaigns = new Map<string, Promise<About>>();

  /**
   * What an offer's campaign is about, as the shopper reads it in the offer's words ("¥5 off a coffee"):
   * the simulation reads the campaign's products instead of the words. Once per campaign.
   */
  const aboutOf = (campaignId: string) => {
    let about = campaigns.get(campaignId);
    if (!about) {
      about = app.db
        .tenant(tenantId, (tx) => getCampaign(tx, campaignId))
        .then((c) => c?.attribution ?? { sku_ids: [], category_ids: [] });
      campaigns.set(campaignId, about);
    }
    return about;
  };

  /** The product an opened offer sends the shopper for: the one it offers, or one of its campaign's, if any. */
  async function wanted(offer: Offer, stock: readonly Hit[]): Promise<string | undefined> {
    const offered = offer.payload.products?.[0]?.sku_id;
    if (offered) return offered;
    if (!offer.payload.campaign_id) return undefined;
    const about = await aboutOf(offer.payload.campaign_id);
    const those = stock.filter(
      (hit) =>
        about.sku_ids.includes(hit.sku_id) ||
        (hit.category_id !== null && about.category_ids.includes(hit.category_id)),
    );
    return those.length ? those[Math.floor(random() * those.length)]!.sku_id : undefined;
  }

  /** What the store sells, as a shopper sees it; fetched once. */
  const shelf = (call: Call) => {
    shelved ??= Promise.all(
      INITIALS.map(async (q) => {
        const { status, body } = await call('GET', `/catalogue/search?q=${q}&store_id=${storeId}&limit=100`);
        return status === 200 ? (body as Hit[]) : [];
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
    const opened: Offer[] = [];
    for (const offer of caught) {
      if (random() >= OPENS) continue;
      await call('POST', `/me/offers/${offer.id}/opened`);
      opened.push(offer);
    }
    if (random() >= (opened.length ? BUYS_AFTER_OFFER : BUYS_ANYWAY)) return 'left';
    const stock = await shelf(call);
    if (stock.length === 0) {
      shelved = undefined; // asked again by the next shopper
      return 'left';
    }
    const basket = new Map<string, number>();
    for (const offer of opened) {
      const sku = await wanted(offer, stock);
      if (sku) basket.set(sku, 1);
    }
    for (let n = 1 + Math.floor(random() * 3); n > 0; n--) {
      const pick = stock[Math.floor(random() * stock.length)]!;
      basket.set(pick.sku_id, (basket.get(pick.sku_id) ?? 0) + 1);
    }
    const spend = [...basket].reduce(
      (sum, [sku, qty]) => sum + qty * (stock.find((s) => s.sku_id === sku)?.unit_cents ?? 0),
      0,
    );
    const coupon = opened.find((o) => o.payload.coupon && spend >= o.payload.coupon.min_spend_cents)?.payload
      .coupon;
    const order = await call('POST', '/orders', {
      type: 'pickup',
      store_id: storeId,
      lines: [...basket].map(([sku_id, qty]) => ({ sku_id, qty })),
      ...(coupon ? { coupons: [coupon.code] } : {}),
    });
    // Sold out, say: the shopper leaves without; the demo goes on.
    if (order.status !== 201) return 'left';
    const paid = await call('POST', `/orders/${(order.body as { id: string }).id}/demo-payment`);
    return paid.status === 200 ? 'bought' : 'left';
  };
}
