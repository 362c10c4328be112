/**
 * Delivering an offer to a shopper on each channel, with a log row per (source, channel) claimed
 * before sending: a redelivered trigger finds its row and sends nothing. The live channel is an
 * MQTT topic per shopper that the mini-program subscribes to; WeChat subscribe messages reach a
 * shopper whose mini-program is closed.
 */
import type { Db, Tx } from '../db/pool.js';
import { shopperOpenid } from '../members/index.js';
import type { DeliveryPayload, ListedPayload } from './schemas.js';
import type { SendOutcome, SubscribeMessage } from './wechat-subscribe.js';

export interface Delivery {
  tenantId: string;
  shopperId: string;
  sourceKey: string;
  title: string;
  body: string;
  payload: DeliveryPayload;
  /** What the WeChat message opens on the channel's page, e.g. `id=<order>`; else `delivery=<this delivery>`. */
  pageQuery?: string;
}

export interface Channels {
  /** Publishes on the broker at QoS 1; resolves when the broker has it. */
  publish(topic: string, message: string): Promise<void>;
  /** WeChat subscribe messages, when the brand has a template for offers. */
  wechat?: { send(message: SubscribeMessage): Promise<SendOutcome>; templateId: string; page: string };
}

export const offerTopic = (tenantId: string, shopperId: string) =>
  `ss/${tenantId}/shopper/${shopperId}/offers`;

type Channel = 'live' | 'wechat';

async function claim(tx: Tx, d: Delivery, channel: Channel): Promise<string | undefined> {
  const { rows } = await tx.query<{ id: string }>(
    `INSERT INTO push_deliveries (tenant_id, shopper_id, source_key, channel, status, title, payload)
     VALUES ($1, $2, $3, $4, 'pending', $5, $6) ON CONFLICT (tenant_id, source_key, channel) DO NOTHING RETURNING id`,
    [d.tenantId, d.shopperId, d.sourceKey, channel, d.title, { ...d.payload, body: d.body }],
  );
  return rows[0]?.id;
}

/**
 * An offer that went out before now, for history imported after the fact (the demo's past days): logged
 * on the live channel as sent at `at`, and opened at `openedAt` if the shopper opened it. Nothing is
 * published; an offer logged already (its source key) is left as it is.
 */
export async function recordPastDelivery(tx: Tx, d: Delivery, at: Date, openedAt?: Date): Promise<void> {
  await tx.query(
    `INSERT INTO push_deliveries (tenant_id, shopper_id, source_key, channel, status, title, payload, created_at, opened_at)
     VALUES ($1, $2, $3, 'live', 'sent', $4, $5, $6, $7) ON CONFLICT (tenant_id, source_key, channel) DO NOTHING`,
    [d.tenantId, d.shopperId, d.sourceKey, d.title, { ...d.payload, body: d.body }, at, openedAt ?? null],
  );
}

async function settle(
  db: Db,
  d: Delivery,
  id: string,
  status: 'sent' | 'skipped' | 'failed',
  errcode?: number,
  reason?: string,
) {
  await db.tenant(d.tenantId, (tx) =>
    tx.query('UPDATE push_deliveries SET status = $2, errcode = $3, reason = $4 WHERE id = $1', [
      id,
      status,
      errcode ?? null,
      reason ?? null,
    ]),
  );
}

export async function deliver(db: Db, channels: Channels, d: Delivery): Promise<void> {
  const { live, wechat, openid } = await db.tenant(d.tenantId, async (tx) => ({
    live: await claim(tx, d, 'live'),
    wechat: channels.wechat ? await claim(tx, d, 'wechat') : undefined,
    openid: channels.wechat ? await shopperOpenid(tx, d.shopperId) : undefined,
  }));
  if (live) {
    try {
      await channels.publish(
        offerTopic(d.tenantId, d.shopperId),
        JSON.stringify({ id: live, title: d.title, body: d.body, ...d.payload, ts: Date.now() }),
      );
      await settle(db, d, live, 'sent');
    } catch (error) {
      await settle(db, d, live, 'failed', undefined, (error as Error).message);
    }
  }
  if (wechat && channels.wechat) {
    if (!openid) return settle(db, d, wechat, 'skipped', undefined, 'no openid');
    const outcome = await channels.wechat.send({
      openid,
      templateId: channels.wechat.templateId,
      page: `${channels.wechat.page}?${d.pageQuery ?? `delivery=${live ?? wechat}`}`,
      data: { thing1: d.title.slice(0, 20), thing2: d.body.slice(0, 20) },
    });
    if (outcome.status === 'sent') await settle(db, d, wechat, 'sent');
    else await settle(db, d, wechat, outcome.status, outcome.errcode, outcome.reason);
  }
}

export interface DeliveredOffer {
  id: string;
  title: string;
  payload: ListedPayload;
  created_at: Date;
  opened_at: Date | null;
}

/**
 * When each of these coupons was used by an order (null while it is still to use); a coupon the
 * issuer does not know is left out. Marketing issues the coupons and imports push, so the server
 * hands its answer in rather than push reading marketing's table.
 */
export type CouponRedemptions = (
  tx: Tx,
  couponIds: readonly string[],
) => Promise<ReadonlyMap<string, Date | null>>;

const couponOf = (payload: ListedPayload) => (payload.kind === 'campaign_offer' ? payload.coupon : undefined);

/**
 * What the shopper was sent on the live channel, newest first, but their orders' updates (the orders
 * show those); a coupon with whether it is used now, so the app does not offer one again that an
 * order has taken. Two queries, however many offers.
 */
export async function offersFor(
  tx: Tx,
  shopperId: string,
  redemptions: CouponRedemptions,
  limit = 50,
): Promise<DeliveredOffer[]> {
  const { rows } = await tx.query<DeliveredOffer>(
    `SELECT id, title, payload, created_at, opened_at FROM push_deliveries
     WHERE shopper_id = $1 AND channel = 'live' AND status = 'sent' AND payload->>'kind' <> 'order_status'
     ORDER BY created_at DESC LIMIT $2`,
    [shopperId, limit],
  );
  const couponIds = rows.flatMap((row) => couponOf(row.payload)?.id ?? []);
  if (couponIds.length === 0) return rows;
  const redeemed = await redemptions(tx, couponIds);
  return rows.map((row) => {
    const coupon = couponOf(row.payload);
    if (!coupon || !redeemed.has(coupon.id)) return row;
    const redeemedAt = redeemed.get(coupon.id)?.toISOString() ?? null;
    return { ...row, payload: { ...row.payload, coupon: { ...coupon, redeemed_at: redeemedAt } } };
  });
}

/** The shopper opened an offer: the receipt campaign reports count. Idempotent. */
export async function markOpened(tx: Tx, shopperId: string, deliveryId: string): Promise<boolean> {
  const { rowCount } = await tx.query(
    `UPDATE push_deliveries SET opened_at = coalesce(opened_at, now())
     WHERE id = $1 AND shopper_id = $2 AND channel = 'live'`,
    [deliveryId, shopperId],
  );
  return rowCount === 1;
}

export interface DeliveryStats {
  sent: number;
  skipped: number;
  failed: number;
  opened: number;
  daily: { day: string; opened: number }[];
}

/** A LIKE pattern for source keys that start with `prefix`. */
const likePrefix = (prefix: string) => `${prefix.replace(/[\\%_]/g, '\\$&')}%`;

/** Local time labels of the buckets a series is counted in: `2026-11-25` or `2026-11-25T14:00`. */
export const BUCKET_LABEL = { day: 'YYYY-MM-DD', hour: 'YYYY-MM-DD"T"HH24:00' } as const;

/** Opens of the deliveries whose source key starts with `prefix`, by local day or hour. */
export async function opensOverTime(
  tx: Tx,
  prefix: string,
  timezone: string,
  bucket: keyof typeof BUCKET_LABEL,
): Promise<{ at: string; opened: number }[]> {
  const { rows } = await tx.query<{ at: string; opened: number }>(
    `SELECT to_char(opened_at AT TIME ZONE $2, $3) AS at, count(*)::int AS opened FROM push_deliveries
     WHERE source_key LIKE $1 AND channel = 'live' AND opened_at IS NOT NULL GROUP BY 1 ORDER BY 1`,
    [likePrefix(prefix), timezone, BUCKET_LABEL[bucket]],
  );
  return rows;
}

export type LiveCounts = Omit<DeliveryStats, 'daily'>;

/**
 * Live-channel outcomes per source-key prefix (e.g. one campaign's), in one query for all the
 * prefixes asked; a prefix with no deliveries counts zeros.
 */
export async function liveCounts(tx: Tx, prefixes: readonly string[]): Promise<Map<string, LiveCounts>> {
  const { rows } = await tx.query<LiveCounts & { prefix: string }>(
    `SELECT p.prefix,
       count(*) FILTER (WHERE d.status = 'sent')::int AS sent,
       count(*) FILTER (WHERE d.status = 'skipped')::int AS skipped,
       count(*) FILTER (WHERE d.status = 'failed')::int AS failed,
       count(d.opened_at)::int AS opened
     FROM unnest($1::text[], $2::text[]) AS p(prefix, pattern)
     JOIN push_deliveries d ON d.source_key LIKE p.pattern AND d.channel = 'live'
     GROUP BY p.prefix`,
    [prefixes, prefixes.map(likePrefix)],
  );
  const byPrefix = new Map(rows.map(({ prefix, ...counts }) => [prefix, counts]));
  return new Map(
    prefixes.map((prefix) => [prefix, byPrefix.get(prefix) ?? { sent: 0, skipped: 0, failed: 0, opened: 0 }]),
  );
}

/** Live-channel outcomes of every delivery whose source key starts with `prefix`, and opens per day. */
export async function deliveryStats(tx: Tx, prefix: string, timezone: string): Promise<DeliveryStats> {
  const counts = (await liveCounts(tx, [prefix])).get(prefix)!;
  const daily = await opensOverTime(tx, prefix, timezone, 'day');
  return { ...counts, daily: daily.map(({ at, opened }) => ({ day: at, opened })) };
}
