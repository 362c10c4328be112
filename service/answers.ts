/**
 * What the brand says by itself, and how a reply names the store's hours. Pure: a shopper's message
 * holding a quick reply's keyword gets that reply; `{store_hours}` in any reply becomes the hours
 * today of the conversation's store (of every store, for a brand-level one).
 */

/** The first quick reply (in the brand's order) with a keyword the message holds, any case. */
export function keywordReply<R extends { keywords: readonly string[] }>(
  text: string,
  replies: readonly R[],
): R | undefined {
  const said = text.toLowerCase();
  return replies.find((r) => r.keywords.some((k) => said.includes(k.toLowerCase())));
}

export interface StoreHours {
  name: string;
  hours_today: readonly { open: string; close: string }[];
}

/** "08:00–22:00", two intervals joined, or 今日休息 when closed all day; each store named when there are several. */
export function hoursText(stores: readonly StoreHours[]): string {
  const of = (s: StoreHours) =>
    s.hours_today.length ? s.hours_today.map((i) => `${i.open}–${i.close}`).join('、') : '今日休息';
  if (stores.length === 1) return of(stores[0]!);
  return stores.map((s) => `${s.name} ${of(s)}`).join('；');
}

export const fillReply = (text: string, stores: readonly StoreHours[]) =>
  text.includes('{store_hours}') ? text.replaceAll('{store_hours}', hoursText(stores)) : text;
