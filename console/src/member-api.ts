/**
 * The Members section's calls to the server (members/membership-routes.ts) and how it words what
 * they answer. Shapes come from the server's own schemas; the next rung from its own ladder rule.
 */
import { orderNumber } from '../../commerce/orders/order-number.js';
import { MEMBER_QUERY_PATTERN } from '../../members/desk-search.js';
import type { Member, PointsEntry, Tier, TierCreate, TierUpdate } from '../../members/schemas.js';
import { api } from './api';
import { dateLocale, t } from './i18n';

export { nextRung } from '../../members/ladder.js';
export type { Member, PointsEntry, Tier, TierCreate, TierUpdate };

/** The most members one call returns (the API's), and how many a page adds. */
export const MEMBERS_MOST = 200;
export const MEMBERS_PAGE = 50;
/** The most points lines one read returns (the API's), and how many a page adds. */
export const POINTS_MOST = 500;
export const POINTS_PAGE = 50;

export interface MemberSearch {
  /** A phone, its last four digits, part of a member number or of a name, as staff read it off a card or hear it. */
  q: string;
  tag: string;
  /** How many of the members found are shown: a return from a member's page shows as many again. */
  shown: number;
}

const QUERY = new RegExp(MEMBER_QUERY_PATTERN, 'u');

/**
 * What the server is asked for the typed text: a phone without the spaces and brackets it is written
 * with, anything else (a card's number, part of a name) as typed but for spaces at either end;
 * '' for every member; undefined when the server can find nothing by it.
 */
export function queryOf(typed: string): string | undefined {
  const trimmed = typed.trim();
  const phone = trimmed.replace(/[\s()]/g, '');
  const q = /^\+?[0-9]*$/.test(phone) ? phone : trimmed;
  return q === '' || QUERY.test(q) ? q : undefined;
}

const filtersOf = (search: MemberSearch) => {
  const filters = new URLSearchParams();
  const q = queryOf(search.q);
  if (q) filters.set('q', q);
  if (search.tag.trim()) filters.set('tag', search.tag.trim());
  return filters;
};

/** `count` of the members a search finds from `offset` on, newest first, in as few calls as the API allows. */
export async function findMembers(search: MemberSearch, offset: number, count: number): Promise<Member[]> {
  const calls = [];
  for (let from = offset; from < offset + count; from += MEMBERS_MOST) {
    const query = filtersOf(search);
    query.set('offset', String(from));
    query.set('limit', String(Math.min(MEMBERS_MOST, offset + count - from)));
    calls.push(api.get<Member[]>(`/members?${query}`));
  }
  return (await Promise.all(calls)).flat();
}

/** How many members a search finds in all. */
export const countMembers = async (search: MemberSearch) =>
  (await api.get<{ total: number }>(`/members/count?${filtersOf(search)}`)).total;

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

/** Sets or corrects the member's birthday (MM-DD), or clears it (null). */
export const setBirthday = (id: string, birthday: string | null) =>
  api.send<Member>('PATCH', `/members/${id}`, { birthday });

/** Sets or corrects the member's name, or clears it (null). */
export const setName = (id: string, name: string | null) =>
  api.send<Member>('PATCH', `/members/${id}`, { name });

/** A birthday (MM-DD) as the language writes a day of the year: 3月15日, 15 March. */
export const birthdayLabel = (birthday: string) =>
  new Date(`2000-${birthday}T00:00:00Z`).toLocaleDateString(dateLocale(), {
    month: 'long',
    day: 'numeric',
    timeZone: 'UTC',
  });

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
