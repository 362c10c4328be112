/**
 * Makes a campaign have a history, the way the live stage would: consenting shoppers linger in a
 * zone, the decisions push (or hold out), offers go out on the live channel, some are opened, some
 * coupons redeemed at the till, and some shoppers of each group buy. For report and console tests.
 */
import { offerPayload, onMoment } from '../../marketing/index.js';
import { deliver } from '../../push/index.js';
import type { TestApp } from './app.js';
import { signInShopper } from './shoppers.js';

export interface PlayOptions {
  tenantId: string;
  storeId: string;
  campaignId: string;
  /** The zone the trigger names, and what the moment says happened there. */
  zone: string;
  moment: 'zone_enter' | 'zone_dwell' | 'zone_exit';
  shoppers: number;
  opens: number;
  redemptions: number;
  /** Makes shopper codes unique across calls in one database. */
  prefix: string;
  /** Shoppers of each group who then buy one of this SKU (paid pickup orders), for lift. */
  buyers?: { skuId: string; push: number; holdout: number };
}

export async function playCampaign(
  t: TestApp,
  o: PlayOptions,
): Promise<{ pushed: number; bought: { push: number; holdout: number } }> {
  const channels = {
    publish: async (topic: string, message: string) =>
      void (await t.app.mqtt.publishAsync(topic, message, { qos: 1 })),
  };
  let pushed = 0;
  const bought = { push: 0, holdout: 0 };
  for (let i = 0; i < o.shoppers; i++) {
    const { id: shopperId, token } = await signInShopper(t, `${o.prefix}-${i}`);
    const eventKey = `${o.prefix}-${i}:${o.zone}`;
    const offers = await t.db.tenant(o.tenantId, (tx) =>
      onMoment(tx, {
        tenantId: o.tenantId,
        shopperId,
        storeId: o.storeId,
        timezone: 'Asia/Shanghai',
        moment: { kind: o.moment, store_id: o.storeId, zone: o.zone, dwell_s: 60, at: new Date() },
        eventKey,
        visitsBefore: 1,
      }),
    );
    const mine = offers.filter((x) => x.campaignId === o.campaignId);
    const decided = await t.db.tenant(o.tenantId, (tx) =>
      tx.query<{ outcome: 'push' | 'holdout' | 'skip' }>(
        'SELECT outcome FROM campaign_decisions WHERE campaign_id = $1 AND event_key = $2',
        [o.campaignId, eventKey],
      ),
    );
    const group = decided.rows[0]?.outcome;
    if (o.buyers && (group === 'push' || group === 'holdout') && bought[group] < o.buyers[group]) {
      const order = await t.call(token, {
        method: 'POST',
        url: '/api/v1/orders',
        payload: { type: 'pickup', store_id: o.storeId, lines: [{ sku_id: o.buyers.skuId, qty: 1 }] },
      });
      await t.call(token, { method: 'POST', url: `/api/v1/orders/${order.json().id}/demo-payment` });
      bought[group]++;
    }
    for (const offer of mine) {
      await deliver(t.db, channels, { ...offer, payload: offerPayload(offer) });
      pushed++;
      if (pushed <= o.opens) {
        const mine = (await t.call(token, { method: 'GET', url: '/api/v1/me/offers' })).json();
        await t.call(token, { method: 'POST', url: `/api/v1/me/offers/${mine.offers[0].id}/opened` });
      }
      if (offer.coupon && pushed <= o.redemptions)
        // No till redeems coupons through the API yet: the till's write, as it will land.
        await t.db.tenant(o.tenantId, (tx) =>
          tx.query("UPDATE coupons SET redeemed_at = now(), order_ref = 'TILL-1' WHERE id = $1", [
            offer.coupon!.id,
          ]),
        );
    }
  }
  return { pushed, bought };
}
