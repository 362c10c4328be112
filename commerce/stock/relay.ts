/**
 * The outbox relay: takes the stock changes that committed transactions left in `stock_outbox`
 * and publishes them, so the mini-program and the till see a change within a second.
 * At least once: rows leave the outbox only when their publication succeeded; several server
 * processes share the work (SKIP LOCKED), and the figures carry a version so that a late,
 * older event never overwrites a newer one in the cache.
 */
import type { Redis } from 'ioredis';
import type { MqttClient } from 'mqtt';
import type { Db } from '../../db/pool.js';
import { emitWebhookEvents } from '../webhooks/events.js';

export interface StockEvent {
  tenant_id: string;
  store_id: string;
  sku_id: string;
  on_hand: number;
  reserved: number;
  version: number;
  created_at: Date;
}

/** What subscribers receive on `ss/{tenant}/{store}/stock/{sku}`. */
export interface StockMessage {
  ts: number;
  sku: string;
  on_hand: number;
  reserved: number;
  available: number;
  version: number;
}

export const stockTopic = (e: Pick<StockEvent, 'tenant_id' | 'store_id' | 'sku_id'>) =>
  `ss/${e.tenant_id}/${e.store_id}/stock/${e.sku_id}`;

export const stockCacheKey = (tenantId: string, storeId: string, skuId: string) =>
  `stock:${tenantId}:${storeId}:${skuId}`;

export function stockMessage(event: StockEvent): StockMessage {
  return {
    ts: event.created_at.getTime(),
    sku: event.sku_id,
    on_hand: event.on_hand,
    reserved: event.reserved,
    available: event.on_hand - event.reserved,
    version: event.version,
  };
}

/** Only the newest version of each (store, SKU) in a batch needs publishing. */
export function latestPerSku(events: readonly StockEvent[]): StockEvent[] {
  const latest = new Map<string, StockEvent>();
  for (const event of events) {
    const id = `${event.store_id}/${event.sku_id}`;
    const seen = latest.get(id);
    if (!seen || event.version > seen.version) latest.set(id, event);
  }
  return [...latest.values()];
}

const SET_IF_NEWER = `
local current = tonumber(redis.call('HGET', KEYS[1], 'version') or '-1')
if tonumber(ARGV[1]) <= current then return 0 end
redis.call('HSET', KEYS[1], 'version', ARGV[1], 'on_hand', ARGV[2], 'reserved', ARGV[3], 'available', ARGV[4], 'ts', ARGV[5])
return 1`;

export type Publish = (event: StockEvent) => Promise<void>;

/** Publishes to the Redis cache (newest version wins) and to MQTT (retained, QoS 1). */
export function publisher(redis: Redis, mqtt: MqttClient): Publish {
  return async (event) => {
    const message = stockMessage(event);
    await redis.eval(
      SET_IF_NEWER,
      1,
      stockCacheKey(event.tenant_id, event.store_id, event.sku_id),
      message.version,
      message.on_hand,
      message.reserved,
      message.available,
      message.ts,
    );
    await mqtt.publishAsync(stockTopic(event), JSON.stringify(message), { qos: 1, retain: true });
  };
}

/** One pass: drains up to `limit` events per brand. Returns how many events left the outbox. */
export async function relayStockEvents(db: Db, publish: Publish, limit = 500): Promise<number> {
  const tenants = await db.anonymous(
    async (tx) => (await tx.query<{ id: string }>('SELECT id FROM stock_outbox_tenants() AS id')).rows,
  );
  let relayed = 0;
  for (const { id } of tenants) {
    relayed += await db.tenant(id, async (tx) => {
      const { rows } = await tx.query<StockEvent>(
        `DELETE FROM stock_outbox WHERE id IN (SELECT id FROM stock_outbox ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED)
         RETURNING tenant_id, store_id, sku_id, on_hand, reserved, version, created_at`,
        [limit],
      );
      const latest = latestPerSku(rows);
      // stock.changed for the brand's webhooks, committed with the outbox rows' removal.
      await emitWebhookEvents(
        tx,
        id,
        'stock.changed',
        latest.map((e) => ({ store_id: e.store_id, ...stockMessage(e) })),
      );
      await Promise.all(latest.map(publish));
      return rows.length;
    });
  }
  return relayed;
}

/** The cached figure the till and the mini-program read, without touching Postgres. */
export async function cachedStock(
  redis: Redis,
  tenantId: string,
  storeId: string,
  skuId: string,
): Promise<Omit<StockMessage, 'sku'> | undefined> {
  const hash = await redis.hgetall(stockCacheKey(tenantId, storeId, skuId));
  if (!hash.version) return undefined;
  return {
    ts: Number(hash.ts),
    on_hand: Number(hash.on_hand),
    reserved: Number(hash.reserved),
    available: Number(hash.available),
    version: Number(hash.version),
  };
}

/** Longer than any reservation lives (ttl_s is at most a day), so a key's replay always reaches Postgres. */
const KEY_MEMORY_S = 2 * 86_400;

/**
 * A refusal from the cache alone: the first SKU whose cached figure is already short of the
 * demand (summed per SKU), or undefined. Only ever refuses, and only for a key never seen before
 * (a retried key may own a reservation, which only Postgres can replay). SKUs without a cached
 * figure (bundles, cold rows) are left to Postgres.
 */
export async function cachedShortfall(
  redis: Redis,
  tenantId: string,
  storeId: string,
  key: string,
  lines: readonly { sku_id: string; qty: number }[],
): Promise<string | undefined> {
  const demand = new Map<string, number>();
  for (const line of lines) demand.set(line.sku_id, (demand.get(line.sku_id) ?? 0) + line.qty);
  const skus = [...demand.keys()];
  const pipeline = redis.pipeline().set(`reservation-key:${tenantId}:${key}`, '1', 'EX', KEY_MEMORY_S, 'NX');
  for (const sku of skus) pipeline.hget(stockCacheKey(tenantId, storeId, sku), 'available');
  const [first, ...figures] = (await pipeline.exec()) ?? [];
  if (first?.[1] !== 'OK') return undefined;
  return skus.find((sku, i) => {
    const available = figures[i]?.[1];
    return typeof available === 'string' && Number(available) < demand.get(sku)!;
  });
}
