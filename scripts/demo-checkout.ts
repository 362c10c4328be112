/**
 * What a simulated shopper of the live demo does on the way out: reads the offers pushed to them
 * during the visit (`GET /me/offers`, what the real pipeline delivered), opens most, and often buys,
 * through the same HTTP API as the mini-program: `POST /me/offers/:id/opened`, `POST /orders` with
 * the coupons used, and the demo payment. So the demo's footfall has sales beside it, and its
 * campaigns have purchases to report.
 *
 * The purchase model (`leaving`), per visit; the rates are the demo's choice, modest so that a
 * campaign's report shows what a coupon does in a real shop rather than a miracle:
 * - The baseline, which a campaign's holdout keeps: with BUYS a shopper buys 1–3 products off the
 *   shelf, each as likely as the next. At SH001 that ends about one visit in eleven with a coffee (3
 *   coffees on a shelf of some 37), so a shopper back two or three times in the report's week has
 *   bought one about 20–25% of the time.
 * - An offer pushed during the visit is opened with OPENS and an opened one taken up with TAKES_UP:
 *   the shopper buys, with one of the products the offer is about (the products it offers, or those
 *   its campaign names: a coffee after the coffee counter's coupon) and, for a coupon, enough to reach
 *   its minimum spend, and uses the coupon. An offer about nothing in particular (a welcome) makes
 *   them buy something. So an offer moves 0.7 × 0.4 ≈ 28% of those who get it on top of the
 *   baseline: the coffee coupon's shoppers buy coffee about 40–50% of the time against the holdout's
 *   20–25%, the size of lift a targeted coupon shows.
 */
import type { FastifyInstance } from 'fastify';
import { getCampaign } from '../marketing/index.js';
import { apiCaller, type Call } from './demo-api.js';

/** Chance that a shopper who got an offer opens it. */
export const OPENS = 0.7;
/** Chance that an opened offer is taken up: bought, its coupon used. */
export const TAKES_UP = 0.4;
/** Chance of buying anyway, offer or not. */
export const BUYS = 0.55;
/** Products a shopper picks off the shelf when buying anyway (1 to this many). */
const MOST_PICKS = 3;
/** Picks a shopper adds at most to reach a coupon's minimum spend. */
const MOST_TOP_UPS = 10;
/** What stocks the baskets: the catalogue searched by each pinyin initial, as the shopper's search box does. */
const INITIALS = [...'abcdefghijklmnopqrstuvwxyz'];

interface Offer {
  id: string;
  created_at: string;
  payload: {
    kind: string;
    campaign_id?: string;
    coupon?: Coupon;
    products?: { sku_id: string }[];
  };
}

interface Coupon {
  code: string;
  min_spend_cents: number;
}

/** A product on the shelf, as the catalogue search shows it. */
export interface Hit {
  sku_id: string;
  category_id: string | null;
  unit_cents: number;
}

/** An offer the shopper received: the products it is about (none: anything) and its coupon, if any. */
export interface Received {
  id: string;
  about: readonly Hit[];
  coupon?: Coupon;
}

export interface Basket {
  lines: Map<string, number>;
  coupons: string[];
}

/**
 * The purchase model above, for one visit: which offers the shopper opens, and what they buy, if
 * anything. Pure: `random` is the visit's dice.
 */
export function leaving(
  shelf: readonly Hit[],
  received: readonly Received[],
  random: () => number,
): { opened: string[]; basket?: Basket } {
  const opened = received.filter(() => random() < OPENS);
  const takenUp = opened.filter(() => random() < TAKES_UP);
  const buys = random() < BUYS;
  const ids = opened.map((o) => o.id);
  if ((!buys && takenUp.length === 0) || shelf.length === 0) return { opened: ids };

  const lines = new Map<string, number>();
  const add = (hit: Hit) => lines.set(hit.sku_id, (lines.get(hit.sku_id) ?? 0) + 1);
  const pick = (from: readonly Hit[]) => add(from[Math.floor(random() * from.length)]!);
  for (const offer of takenUp) if (offer.about.length) pick(offer.about);
  if (buys) for (let n = 1 + Math.floor(random() * MOST_PICKS); n > 0; n--) pick(shelf);
  if (lines.size === 0) pick(shelf);
  const price = new Map(shelf.map((hit) => [hit.sku_id, hit.unit_cents]));
  const spend = () => [...lines].reduce((sum, [sku, qty]) => sum + qty * (price.get(sku) ?? 0), 0);
  const most = Math.max(0, ...takenUp.map((o) => o.coupon?.min_spend_cents ?? 0));
  for (let n = 0; spend() < most && n < MOST_TOP_UPS; n++) pick(shelf);
  const coupons = takenUp.flatMap((o) =>
    o.coupon && spend() >= o.coupon.min_spend_cents ? [o.coupon.code] : [],
  );
  return { opened: ids, basket: { lines, coupons } };
}

/** The products a campaign is about; none: any. */
type About = { sku_ids: readonly string[]; category_ids: readonly string[] };

export function demoCheckout(app: FastifyInstance, store: { tenantId: string; storeId: string }) {
  const { tenantId, storeId } = store;
  let shelved: Promise<Hit[]> | undefined;
  const campaigns = new Map<string, Promise<About>>();

  /**
   * What an offer's campaign is about, as the shopper reads it in the offer's words ("¥5 off a coffee"):
   * the simulation reads the campaign's products instead of the words. Once per campaign.
   */
  const campaignAbout = (campaignId: string) => {
    let about = campaigns.get(campaignId);
    if (!about) {
      about = app.db
        .tenant(tenantId, (tx) => getCampaign(tx, campaignId))
        .then((c) => c?.attribution ?? { sku_ids: [], category_ids: [] });
      campaigns.set(campaignId, about);
    }
    return about;
  };

  /** The products on the shelf an offer is about: those it offers, or its campaign's, if any. */
  async function aboutOf(offer: Offer, stock: readonly Hit[]): Promise<Hit[]> {
    const offered = new Set((offer.payload.products ?? []).map((p) => p.sku_id));
    if (offered.size) return stock.filter((hit) => offered.has(hit.sku_id));
    if (!offer.payload.campaign_id) return [];
    const about = await campaignAbout(offer.payload.campaign_id);
    return stock.filter(
      (hit) =>
        about.sku_ids.includes(hit.sku_id) ||
        (hit.category_id !== null && about.category_ids.includes(hit.category_id)),
    );
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

  /**
   * The shopper holding `token` leaves the store; their visit began at `since` (ms), and `random` is
   * its dice (the demo seeds it from the simulated visit).
   */
  return async function checkout(
    token: string,
    since: number,
    random: () => number,
  ): Promise<'bought' | 'left'> {
    const call = apiCaller(app, token);
    const offers = ((await call('GET', '/me/offers')).body as { offers?: Offer[] } | null)?.offers;
    const caught = (offers ?? []).filter(
      (o) => o.payload.kind === 'campaign_offer' && Date.parse(o.created_at) >= since - 1000,
    );
    const stock = await shelf(call);
    // Asked again by the next shopper.
    if (stock.length === 0) shelved = undefined;
    const received = await Promise.all(
      caught.map(async (o) => ({
        id: o.id,
        about: await aboutOf(o, stock),
        ...(o.payload.coupon ? { coupon: o.payload.coupon } : {}),
      })),
    );
    const { opened, basket } = leaving(stock, received, random);
    for (const id of opened) await call('POST', `/me/offers/${id}/opened`);
    if (!basket) return 'left';
    // In the store, the shopper scans what they take and pays on the phone (scan & go): a pickup
    // order would wait on the orders desk for staff to prepare what the shopper already carries.
    const order = await call('POST', '/orders', {
      type: 'scan_to_buy',
      store_id: storeId,
      lines: [...basket.lines].map(([sku_id, qty]) => ({ sku_id, qty })),
      ...(basket.coupons.length ? { coupons: basket.coupons } : {}),
    });
    // Sold out, say: the shopper leaves without; the demo goes on.
    if (order.status !== 201) return 'left';
    const paid = await call('POST', `/orders/${(order.body as { id: string }).id}/demo-payment`);
    return paid.status === 200 ? 'bought' : 'left';
  };
}
