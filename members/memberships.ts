/**
 * Memberships: a mini-program shopper becomes a member on first login (entry tier, a member
 * number); members the till knew before come in by import with their number and phone. Staff
 * find members by phone (or its last four digits), number (or its beginning or end), part of their
 * name, shopper or tag, assign a tier floor and tag them for marketing.
 */
import { randomInt } from 'node:crypto';
import { guardConstraints } from '../db/index.js';
import type { Tx } from '../db/pool.js';
import { NotFound } from '../server/errors.js';
import { consentingShoppersSql, purposesNeeded } from './consent.js';
import { findsNames } from './desk-search.js';
import { MemberCardInUse, MemberTaken, TierUnknown } from './errors.js';
import type { Member, MemberFilter, MemberLookup, MemberUpdate } from './schemas.js';
import { tierByCode } from './tiers.js';

const MEMBER_SELECT = `
  SELECT m.id, m.shopper_id, m.member_no, m.name, m.phone, m.tier, m.assigned_tier, m.points_balance, m.lifetime_points,
    m.lifetime_spend_cents::float8 AS lifetime_spend_cents, m.birthday, m.joined_at, m.updated_at,
    coalesce((SELECT array_agg(t.tag ORDER BY t.tag) FROM member_tags t WHERE t.membership_id = m.id), '{}') AS tags
  FROM memberships m`;

const memberConflict = (error: { code?: string; constraint?: string }) =>
  error.code === '23505' && error.constraint !== 'memberships_shopper'
    ? MemberTaken(error.constraint === 'memberships_phone' ? 'phone' : 'member_no')
    : undefined;

/** A fresh card number: ten digits, drawn again on the rare clash. */
const newMemberNo = () => String(randomInt(1_000_000_000, 10_000_000_000));

export async function getMember(tx: Tx, id: string): Promise<Member | undefined> {
  const { rows } = await tx.query<Member>(`${MEMBER_SELECT} WHERE m.id = $1`, [id]);
  return rows[0];
}

export async function memberOfShopper(tx: Tx, shopperId: string): Promise<Member | undefined> {
  const { rows } = await tx.query<Member>(`${MEMBER_SELECT} WHERE m.shopper_id = $1`, [shopperId]);
  return rows[0];
}

/** The shopper's membership, made on first sight (entry tier of the ladder, if it has one). */
export async function ensureMembership(tx: Tx, tenantId: string, shopperId: string): Promise<Member> {
  for (;;) {
    const existing = await memberOfShopper(tx, shopperId);
    if (existing) return existing;
    await tx.query(
      `INSERT INTO memberships (tenant_id, shopper_id, member_no, tier)
       VALUES ($1, $2, $3, member_tier_for(0, 0, NULL)) ON CONFLICT DO NOTHING`,
      [tenantId, shopperId, newMemberNo()],
    );
  }
}

/** The tier that prices a shopper's order: their membership's, or null without one. */
export async function shopperTier(tx: Tx, tenantId: string, shopperId: string): Promise<string | null> {
  return (await ensureMembership(tx, tenantId, shopperId)).tier;
}

/** The membership behind a card number, as a till scans it. */
export async function membershipByNumber(tx: Tx, memberNo: string): Promise<string | undefined> {
  const { rows } = await tx.query<{ id: string }>('SELECT id FROM memberships WHERE member_no = $1', [
    memberNo,
  ]);
  return rows[0]?.id;
}

/** Shopper → membership, for those of these shoppers who have one (all in one query). */
export async function membershipIdsOf(tx: Tx, shopperIds: readonly string[]): Promise<Map<string, string>> {
  const { rows } = await tx.query<{ id: string; shopper_id: string }>(
    'SELECT id, shopper_id FROM memberships WHERE shopper_id = ANY($1::uuid[])',
    [shopperIds],
  );
  return new Map(rows.map((r) => [r.shopper_id, r.id]));
}

/**
 * How staff outside the members' pages name a shopper: member number, name, phone's last four
 * digits, and tier as the member's card shows it.
 */
export interface MemberCard {
  membership_id: string;
  member_no: string;
  name: string | null;
  phone_tail: string | null;
  tier: { code: string; name: string } | null;
}

/** Shopper → their member card, for those of these shoppers who have one (all in one query). */
export async function memberCardsOf(tx: Tx, shopperIds: readonly string[]): Promise<Map<string, MemberCard>> {
  const { rows } = await tx.query<MemberCard & { shopper_id: string }>(
    `SELECT m.shopper_id, m.id AS membership_id, m.member_no, m.name, right(m.phone, 4) AS phone_tail,
       (SELECT json_build_object('code', t.code, 'name', t.name) FROM member_tiers t WHERE t.code = m.tier) AS tier
     FROM memberships m WHERE m.shopper_id = ANY($1::uuid[])`,
    [shopperIds],
  );
  return new Map(rows.map(({ shopper_id, ...card }) => [shopper_id, card]));
}

/**
 * The column begins with `start`, said with the pattern operators an index can serve: from `start`
 * itself, before `start~` ('~' sorts after every letter, digit and - a member number may hold).
 */
const startsWith = (column: string, start: string, $: (value: unknown) => string) =>
  `(${column} ~>=~ ${$(start)} AND ${column} ~<~ ${$(`${start}~`)})`;

/** What a desk search matches: the whole phone, the phone's last four, a member number's beginning or end. */
function typedMatches(q: string, $: (value: unknown) => string): string[] {
  const matches = [];
  if (/^\+?[0-9]{5,20}$/.test(q)) matches.push(`m.phone = ${$(q)}`);
  if (/^[0-9]{4}$/.test(q)) matches.push(`m.phone_tail = ${$(q)}`);
  if (/^[A-Za-z0-9-]+$/.test(q)) {
    for (const part of new Set([q, q.toUpperCase()])) {
      matches.push(startsWith('m.member_no', part, $));
      matches.push(startsWith('m.member_no_reversed', [...part].reverse().join(''), $));
    }
  }
  return matches;
}

/**
 * What was typed, as a condition on memberships m. Part of a name is found through the suffixes of
 * names (see the member-name migration); with the card's matches beside it, both are asked as one
 * list of ids, so each reaches its own index rather than every member being read to test an OR.
 */
function typedSql(q: string, $: (value: unknown) => string): string {
  const onCard = typedMatches(q, $);
  if (!findsNames(q)) return `(${onCard.join(' OR ')})`;
  const named = `SELECT membership_id FROM member_name_suffixes WHERE suffix ^@ lower(${$(q)})`;
  if (!onCard.length) return `m.id IN (${named})`;
  return `m.id IN (SELECT m.id FROM memberships m WHERE ${onCard.join(' OR ')} UNION ALL ${named})`;
}

/**
 * The filters given, as SQL over memberships m and its parameters. Only those given are written:
 * each then reaches its index (see the member-lookup migration).
 */
function filterSql(filter: MemberFilter): { where: string; params: unknown[] } {
  const params: unknown[] = [];
  const $ = (value: unknown) => `$${params.push(value)}`;
  const conditions = [];
  if (filter.phone) conditions.push(`m.phone = ${$(filter.phone)}`);
  if (filter.phone_tail) conditions.push(`m.phone_tail = ${$(filter.phone_tail)}`);
  if (filter.member_no) conditions.push(`m.member_no = ${$(filter.member_no)}`);
  if (filter.q) conditions.push(typedSql(filter.q, $));
  if (filter.shopper_id) conditions.push(`m.shopper_id = ${$(filter.shopper_id)}`);
  if (filter.tag)
    conditions.push(
      `EXISTS (SELECT 1 FROM member_tags t WHERE t.membership_id = m.id AND t.tag = ${$(filter.tag)})`,
    );
  return { where: conditions.length ? `WHERE ${conditions.join(' AND ')}` : '', params };
}

/** A page of the members the lookup finds, newest first. */
export async function findMembers(tx: Tx, lookup: MemberLookup): Promise<Member[]> {
  const { where, params } = filterSql(lookup);
  // The page is chosen first, so tags are gathered for its members alone, not for every one skipped.
  const { rows } = await tx.query<Member>(
    `${MEMBER_SELECT}
     JOIN (SELECT m.id FROM memberships m ${where}
           ORDER BY m.joined_at DESC, m.id LIMIT $${params.length + 1} OFFSET $${params.length + 2}) page
       ON page.id = m.id
     ORDER BY m.joined_at DESC, m.id`,
    [...params, lookup.limit, lookup.offset],
  );
  return rows;
}

/** How many members the filters find, over all pages. */
export async function countMembers(tx: Tx, filter: MemberFilter): Promise<number> {
  const { where, params } = filterSql(filter);
  const { rows } = await tx.query<{ total: number }>(
    `SELECT count(*)::int AS total FROM memberships m ${where}`,
    params,
  );
  return rows[0]!.total;
}

async function requireTier(tx: Tx, code: string | null | undefined, field: string): Promise<void> {
  if (code && !(await tierByCode(tx, code))) throw TierUnknown(code, field);
}

/**
 * Changes name, phone, birthday and/or the assigned tier (a floor: the member keeps any higher tier
 * earned). An empty name clears it.
 */
export async function updateMember(tx: Tx, id: string, patch: MemberUpdate): Promise<Member | undefined> {
  await requireTier(tx, patch.assigned_tier, 'assigned_tier');
  const { rowCount } = await guardConstraints(
    tx,
    () =>
      tx.query(
        `UPDATE memberships SET
           phone = CASE WHEN $2 THEN $3 ELSE phone END,
           assigned_tier = CASE WHEN $4 THEN $5 ELSE assigned_tier END,
           tier = member_tier_for(lifetime_points, lifetime_spend_cents, CASE WHEN $4 THEN $5 ELSE assigned_tier END),
           birthday = CASE WHEN $6 THEN $7 ELSE birthday END,
           name = CASE WHEN $8 THEN $9 ELSE name END
         WHERE id = $1`,
        [
          id,
          patch.phone !== undefined,
          patch.phone ?? null,
          patch.assigned_tier !== undefined,
          patch.assigned_tier ?? null,
          patch.birthday !== undefined,
          patch.birthday ?? null,
          patch.name !== undefined,
          patch.name || null,
        ],
      ),
    memberConflict,
  );
  return rowCount ? getMember(tx, id) : undefined;
}

/**
 * A member as a till or ERP knows them, by member number: made if new (without a mini-program
 * account), otherwise their phone and assigned tier are brought in line. Returns the membership id.
 */
export async function upsertImportedMember(
  tx: Tx,
  tenantId: string,
  member: { member_no: string; phone?: string | undefined; tier?: string | undefined },
): Promise<string> {
  await requireTier(tx, member.tier, 'tier');
  const { rows } = await guardConstraints(
    tx,
    () =>
      tx.query<{ id: string }>(
        `INSERT INTO memberships (tenant_id, member_no, phone, assigned_tier, tier)
         VALUES ($1, $2, $3, $4, member_tier_for(0, 0, $4))
         ON CONFLICT (tenant_id, member_no) DO UPDATE SET
           phone = coalesce(EXCLUDED.phone, memberships.phone),
           assigned_tier = coalesce(EXCLUDED.assigned_tier, memberships.assigned_tier),
           tier = member_tier_for(memberships.lifetime_points, memberships.lifetime_spend_cents,
             coalesce(EXCLUDED.assigned_tier, memberships.assigned_tier))
         RETURNING id`,
        [tenantId, member.member_no, member.phone ?? null, member.tier ?? null],
      ),
    memberConflict,
  );
  return rows[0]!.id;
}

/**
 * A shopper claims the card the tills gave them (by its number and the phone on it, in any of the
 * forms `phones` gives; the route has WeChat vouch for the phone): the card becomes their
 * membership, with its tier and points. The empty membership the mini-program made
 * at first login gives way; one that already has points is left for staff to sort out.
 */
export async function claimCard(
  tx: Tx,
  shopperId: string,
  card: { member_no: string; phones: string[] },
): Promise<Member> {
  const { rows } = await tx.query<{ id: string; shopper_id: string | null }>(
    `SELECT id, shopper_id FROM memberships
     WHERE member_no = $1 AND phone = ANY($2) AND (shopper_id IS NULL OR shopper_id = $3) FOR UPDATE`,
    [card.member_no, card.phones, shopperId],
  );
  // One answer for a wrong number or a wrong phone: a guess learns nothing about either.
  if (!rows[0]) throw NotFound('A card with this number and phone');
  // Claimed by this shopper already (a second tap, a retry after a lost answer): it is theirs.
  if (rows[0].shopper_id === shopperId) return (await getMember(tx, rows[0].id))!;
  const mine = await memberOfShopper(tx, shopperId);
  if (mine) {
    const used = await tx.query('SELECT 1 FROM member_points WHERE membership_id = $1 LIMIT 1', [mine.id]);
    if (used.rowCount) throw MemberCardInUse();
    await tx.query('DELETE FROM memberships WHERE id = $1', [mine.id]);
  }
  // The name the shopper gave in the mini-program goes onto the card, unless the card has one.
  await tx.query('UPDATE memberships SET shopper_id = $2, name = coalesce(name, $3) WHERE id = $1', [
    rows[0].id,
    shopperId,
    mine?.name ?? null,
  ]);
  return (await getMember(tx, rows[0].id))!;
}

export async function tagMember(
  tx: Tx,
  tenantId: string,
  id: string,
  tag: string,
  by: string,
): Promise<void> {
  await tx.query(
    `INSERT INTO member_tags (tenant_id, membership_id, tag, tagged_by) VALUES ($1, $2, $3, $4)
     ON CONFLICT DO NOTHING`,
    [tenantId, id, tag, by],
  );
}

export async function untagMember(tx: Tx, id: string, tag: string): Promise<void> {
  await tx.query('DELETE FROM member_tags WHERE membership_id = $1 AND tag = $2', [id, tag]);
}

/** What a campaign audience asks of a shopper: their tier and tags (none without a membership). */
export async function memberFacts(
  tx: Tx,
  shopperId: string,
): Promise<{ tier: string | null; tags: string[]; birthday: string | null }> {
  const member = await memberOfShopper(tx, shopperId);
  return { tier: member?.tier ?? null, tags: member?.tags ?? [], birthday: member?.birthday ?? null };
}

/**
 * A shopper's own birthday, set once: set again, a birthday offer could be had every month, so a
 * change is for staff (PATCH /members/:id). False when one was already set.
 */
export async function setOwnBirthday(tx: Tx, membershipId: string, birthday: string): Promise<boolean> {
  const { rowCount } = await tx.query(
    'UPDATE memberships SET birthday = $2 WHERE id = $1 AND birthday IS NULL',
    [membershipId, birthday],
  );
  return rowCount === 1;
}

/**
 * Shoppers a location campaign may reach: consent to location marketing (which needs location
 * tracking too, as `hasConsent` says) and, when given, any of the tags, one of the tiers, and a
 * birthday in the month given (MM).
 */
export async function reachableShoppers(
  tx: Tx,
  filter: {
    tags_any?: string[] | undefined;
    tiers?: string[] | undefined;
    birthday_month?: string | undefined;
  },
): Promise<string[]> {
  const { rows } = await tx.query<{ shopper_id: string }>(
    `SELECT c.shopper_id FROM (${consentingShoppersSql('$1')}) c
     LEFT JOIN memberships m ON m.shopper_id = c.shopper_id
     WHERE ($2::text[] IS NULL OR m.tier = ANY($2))
       AND ($3::text[] IS NULL OR EXISTS (
         SELECT 1 FROM member_tags t WHERE t.membership_id = m.id AND t.tag = ANY($3)))
       AND ($4::text IS NULL OR m.birthday LIKE $4 || '-%')`,
    [
      purposesNeeded('location_marketing'),
      filter.tiers?.length ? filter.tiers : null,
      filter.tags_any?.length ? filter.tags_any : null,
      filter.birthday_month ?? null,
    ],
  );
  return rows.map((r) => r.shopper_id);
}
