/**
 * Which shopper a pseudonymous device belongs to. Device ids are one-way (device-id.ts), so the
 * gateway notes each pair when it derives one for an authenticated shopper; the visits stage asks
 * here to hand a visit's moments to the shopper's campaigns. Kept in Redis (shared by every server
 * process) for a day after last use, with a local memo so a phone's batch each second costs nothing.
 */
import type { Redis } from 'ioredis';

const TTL_S = 24 * 3600;
const MEMO_MAX = 100_000;

const keyOf = (tenantId: string, device: string) => `gw:who:${tenantId}:${device}`;

export interface ShopperIdentities {
  remember(tenantId: string, device: string, shopperId: string): void;
  shopperOf(tenantId: string, device: string): Promise<string | undefined>;
}

export function shopperIdentities(redis: Redis, onError: (error: unknown) => void): ShopperIdentities {
  const memo = new Map<string, string>();
  return {
    remember(tenantId, device, shopperId) {
      const key = keyOf(tenantId, device);
      if (memo.get(key) === shopperId) return;
      if (memo.size >= MEMO_MAX) memo.clear();
      memo.set(key, shopperId);
      redis.set(key, shopperId, 'EX', TTL_S).catch(onError);
    },
    async shopperOf(tenantId, device) {
      const key = keyOf(tenantId, device);
      return memo.get(key) ?? (await redis.get(key)) ?? undefined;
    },
  };
}
