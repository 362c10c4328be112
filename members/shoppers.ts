/** Shopper accounts: one per WeChat identity per brand, created on first login. */
import type { Tx } from '../db/pool.js';

export interface Shopper {
  id: string;
  tenant_id: string;
  nickname: string | null;
  created_at: Date;
  last_login_at: Date;
}

export async function upsertShopper(
  tx: Tx,
  tenantId: string,
  identity: { openid: string; unionid?: string },
): Promise<Shopper> {
  const { rows } = await tx.query<Shopper>(
    `INSERT INTO shoppers (tenant_id, openid, unionid) VALUES ($1, $2, $3)
     ON CONFLICT (tenant_id, openid) DO UPDATE SET last_login_at = now(), unionid = coalesce(EXCLUDED.unionid, shoppers.unionid)
     RETURNING id, tenant_id, nickname, created_at, last_login_at`,
    [tenantId, identity.openid, identity.unionid ?? null],
  );
  return rows[0]!;
}

export async function getShopper(tx: Tx, id: string): Promise<Shopper | undefined> {
  const { rows } = await tx.query<Shopper>(
    'SELECT id, tenant_id, nickname, created_at, last_login_at FROM shoppers WHERE id = $1',
    [id],
  );
  return rows[0];
}

/**
 * The shopper behind an openid WeChat pushed a customer-service message from, their account made on
 * first sight as login makes it (a shopper may write before signing in), without counting as a login.
 */
export async function shopperOfOpenid(tx: Tx, tenantId: string, openid: string): Promise<string> {
  await tx.query(
    'INSERT INTO shoppers (tenant_id, openid) VALUES ($1, $2) ON CONFLICT (tenant_id, openid) DO NOTHING',
    [tenantId, openid],
  );
  const { rows } = await tx.query<{ id: string }>('SELECT id FROM shoppers WHERE openid = $1', [openid]);
  return rows[0]!.id;
}

/** The WeChat openid, for channels that address the shopper through WeChat. */
export async function shopperOpenid(tx: Tx, id: string): Promise<string | undefined> {
  const { rows } = await tx.query<{ openid: string }>('SELECT openid FROM shoppers WHERE id = $1', [id]);
  return rows[0]?.openid;
}

export async function countShoppers(tx: Tx): Promise<number> {
  const { rows } = await tx.query<{ n: number }>('SELECT count(*)::int AS n FROM shoppers');
  return rows[0]!.n;
}
