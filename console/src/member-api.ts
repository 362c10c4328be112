/**
 * The Members section's calls to the server (members/membership-routes.ts) and how it words what
 * they answer. Shapes come from the server's own schemas; the next rung from its own ladder rule.
 */
import { orderNumber } from '../../commerce/orders/order-number.js';
import type { Member, PointsEntry, Tier, TierCreate, TierUpdate } from '../../members/schemas.js';
import { api } from './api';
import { t } from './i18n';

export { nextRung } from '../../members/ladder.js';
export type { Member, PointsEntry, Tier, TierCreate, TierUpdate };

/** The most members one lookup returns (the API's), and how many a page adds. */
export const MEMBERS_MOST = 200;
export const MEMBERS_PAGE = 50;
/** The most points lines one read returns (the API's), and how many a page adds. */
export const POINTS_MOST = 500;
export const POINTS_PAGE = 50;

export interface MemberSearch {
  /** A phone or member number, typed as staff read it off a card or hear it. */
  q: string;
  tag: string;
  limit: number;
}

/**
 * The lookups a typed phone or card number makes, as the server takes them (a phone: 5 to 20 digits,
 * perhaps a leading +; a card: 4 to 32 letters, digits or -), each matched whole. Ten-digit card
 * numbers look like phone numbers, so digits are asked as both. Undefined when the text can be
 * neither (members have no names on the server).
 */
export function lookupsOf(typed: string): { phone?: string; member_no?: string }[] | undefined {
  const q = typed.replace(/[\s()]/g, '');
  if (!q) return [{}];
  const lookups = [
    ...(/^\+?\d{5,20}$/.test(q) ? [{ phone: q }] : []),
    ...(/^[A-Za-z0-9-]{4,32}$/.test(q) ? [{ member_no: q }] : []),
  ];
  return lookups.length ? lookups : undefined;
}

/** The members a search finds, newest first, each once. */
export async function findMembers(search: MemberSearch): Promise<Member[]> {
  const lookups = lookupsOf(search.q) ?? [];
  const pages = await Promise.all(
    lookups.map((lookup) => {
      const query = new URLSearchParams({ ...lookup, limit: String(search.limit) });
      if (search.tag.trim()) query.set('tag', search.tag.trim());
      return api.get<Member[]>(`/members?${query}`);
    }),
  );
  const byId = new Map(pages.flat().map((m) => [m.id, m]));
  return [...byId.values()].sort((a, b) => Date.parse(b.joined_at) - Date.parse(a.joined_at));
}

export const getMember = (id: string) => api.get<Member>(`/members/${id}`);

export const pointsHistory = (id: string, limit: number) =>
  api.get<PointsEntry[]>(`/members/${id}/points?limit=${limit}`);

export const memberTiers = () => api.get<Tier[]>('/member-tiers');

/** A points adjustment as it goes to the server: its key made once, so a resend is posted once. */
export interface Adjustment {
  key: string;
  points: number;
  reason: string;
}

/** A fresh key; from getRandomValues, which a console served over plain http also has (randomUUID is not). */
export function adjustmentKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return `console-points-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}

export const adjustPoints = (id: string, { key, points, reason }: Adjustment) =>
  api.send<Member>('POST', `/members/${id}/points`, { points, reason }, { 'idempotency-key': key });

/** Keeps the member at this tier or above whatever their points (null: the tier follows them again). */
export const keepTier = (id: string, code: string | null) =>
  api.send<Member>('PATCH', `/members/${id}`, { assigned_tier: code });

export const tagMember = (id: string, tag: string) =>
  api.send<Member>('PUT', `/members/${id}/tags/${encodeURIComponent(tag)}`, undefined);

export const untagMember = (id: string, tag: string) =>
  api.send<Member>('DELETE', `/members/${id}/tags/${encodeURIComponent(tag)}`, undefined);

export const createTier = (tier: TierCreate) => api.send<Tier>('POST', '/member-tiers', tier);
export const updateTier = (id: string, patch: TierUpdate) =>
  api.send<Tier>('PATCH', `/member-tiers/${id}`, patch);
export const deleteTier = (id: string) => api.send<undefined>('DELETE', `/member-tiers/${id}`, undefined);

/**
 * A phone as lists show it, the way Chinese apps do: the four digits before the last four hidden
 * (138****1234, +86138****1234); a short number all but its last two.
 */
export function maskedPhone(phone: string): string {
  if (phone.length >= 8) return `${phone.slice(0, -8)}****${phone.slice(-4)}`;
  return `${'*'.repeat(Math.max(0, phone.length - 2))}${phone.slice(-2)}`;
}

/** The tier's name on the ladder, or its code when the ladder has no such rung. */
export const tierName = (tiers: readonly Tier[] | undefined, code: string | null) =>
  code ? (tiers?.find((tier) => tier.code === code)?.name ?? code) : t('members.noTier');

/** Points with their sign: `+120`, `−50`. */
export const signedPoints = (n: number) => (n > 0 ? `+${n}` : n < 0 ? `−${-n}` : '0');

/**
 * A points line's reason in the staff's words: the server writes its own (an order paid or refunded,
 * a till's sale or return, a balance brought from the till system) in English for the logs; a staff
 * member's or a referral's reason is shown as written.
 */
export function pointsReason(entry: PointsEntry): string {
  const reason = entry.reason ?? '';
  const order = /^order ([0-9a-f-]{36})\b/.exec(reason);
  if (order)
    return t(entry.kind === 'reverse' ? 'members.reason.refund' : 'members.reason.order', {
      order: orderNumber(order[1]!),
    });
  const till = /^till (sale|return) (.+)$/.exec(reason);
  if (till)
    return t(till[1] === 'sale' ? 'members.reason.tillSale' : 'members.reason.tillReturn', { ref: till[2]! });
  if (entry.kind === 'import' && reason === 'balance from POS/ERP') return t('members.reason.import');
  return reason;
}
