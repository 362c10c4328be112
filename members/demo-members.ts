/**
 * The demo brand's member programme: a three-rung ladder whose codes match the catalogue's member
 * prices (gold), the mini-program shopper of the README's example (`code: demo-1`) as a member
 * with points, and two members the tills knew already. Idempotent: ladder rungs by code, points by
 * ledger key, members by number.
 */
import type { Tx } from '../db/pool.js';
import { ensureMembership, tagMember, updateMember, upsertImportedMember } from './memberships.js';
import { importPointsBalance } from './points.js';
import type { TierCreate } from './schemas.js';
import { upsertShopper } from './shoppers.js';
import { createTier, listTiers } from './tiers.js';
import { codeToSession } from './wechat-session.js';

const LADDER: TierCreate[] = [
  { code: 'member', name: '会员 Member', rank: 1, min_points: 0, points_per_yuan: 1 },
  {
    code: 'silver',
    name: '银卡 Silver',
    rank: 2,
    min_points: 1000,
    min_spend_cents: 100_000,
    points_per_yuan: 1.2,
  },
  {
    code: 'gold',
    name: '金卡 Gold',
    rank: 3,
    min_points: 5000,
    min_spend_cents: 500_000,
    points_per_yuan: 1.5,
  },
];

const TILL_MEMBERS = [
  {
    member_no: 'FM-0001234',
    phone: '13900000002',
    tier: 'gold',
    points: 5600,
    tags: ['family', 'weekly-shop'],
  },
  { member_no: 'FM-0005678', phone: '13900000003', points: 320, tags: ['coffee-lover'] },
];

export async function seedDemoMembers(tx: Tx, tenantId: string): Promise<string[]> {
  const created: string[] = [];
  const codes = new Set((await listTiers(tx)).map((t) => t.code));
  for (const rung of LADDER) {
    if (codes.has(rung.code)) continue;
    await createTier(tx, tenantId, rung);
    created.push(`member tier ${rung.code}`);
  }
  // The README's demo login: without WeChat credentials, code demo-1 always gives this openid.
  const identity = await codeToSession({ apiBase: 'http://unused' }, 'demo-1');
  const shopper = await upsertShopper(tx, tenantId, identity);
  const member = await ensureMembership(tx, tenantId, shopper.id);
  if (!member.phone) await updateMember(tx, member.id, { phone: '13800000001' });
  await importPointsBalance(tx, tenantId, member.id, 1280, 'demo:points:demo-1', 'seed');
  await tagMember(tx, tenantId, member.id, 'coffee-lover', 'seed');
  for (const m of TILL_MEMBERS) {
    const id = await upsertImportedMember(tx, tenantId, m);
    await importPointsBalance(tx, tenantId, id, m.points, `demo:points:${m.member_no}`, 'seed');
    for (const tag of m.tags) await tagMember(tx, tenantId, id, tag, 'seed');
  }
  return created;
}
