/**
 * What a shopper's customer-service push says, read from WeChat's JSON (message-push data format
 * JSON): a text, an image, a mini-program card (the order page sends its order as one), or the
 * shopper entering the chat (`user_enter_tempsession`, with the button's session-from). Pure.
 */
import type { PushBody } from './schemas.js';

/**
 * JSON.parse, with MsgId kept as its digits: it is a 64-bit integer, past what a JS number holds
 * exactly, and two messages rounded to one id would be stored as one.
 */
export function readPushJson(text: string): unknown {
  return JSON.parse(text.replace(/("MsgId"\s*:\s*)(-?[0-9]+)/g, '$1"$2"'));
}

export type ShopperEvent =
  | { kind: 'text'; text: string }
  | { kind: 'image'; imageUrl: string | null }
  | { kind: 'card'; title: string; pagePath: string; thumbUrl: string | null; orderId: string | null }
  | { kind: 'entered'; orderId: string | null };

export interface ShopperPush {
  openid: string;
  at: Date;
  /** What stores it once: the MsgId, or for an event (which has none) the shopper and its time, as WeChat advises. */
  key: string;
  event: ShopperEvent;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The order a card opens: the order page (`pages/order/index?id=<order>`, as the mini-program's
 * send-message-path names it; WeChat may add a leading / or .html to the page).
 */
export function orderOfPagePath(pagePath: string): string | null {
  const [page, query = ''] = pagePath.replace(/^\//, '').split('?', 2);
  if (page?.replace(/\.html$/, '') !== 'pages/order/index') return null;
  const id = new URLSearchParams(query).get('id');
  return id && UUID.test(id) ? id.toLowerCase() : null;
}

/** The order a chat was entered from: the order page's button says `order:<id>` (session-from). */
export function orderOfSessionFrom(sessionFrom: string | undefined): string | null {
  const id = /^order:(.+)$/.exec(sessionFrom ?? '')?.[1];
  return id && UUID.test(id) ? id.toLowerCase() : null;
}

/** The shopper's message or event in a push; undefined for anything else (acknowledged, not kept). */
export function shopperPush(body: PushBody): ShopperPush | undefined {
  const base = { openid: body.FromUserName, at: new Date(body.CreateTime * 1000) };
  const keyed = (event: ShopperEvent) => (body.MsgId ? { ...base, key: body.MsgId, event } : undefined);
  switch (body.MsgType) {
    case 'text':
      return keyed({ kind: 'text', text: body.Content ?? '' });
    case 'image':
      return keyed({ kind: 'image', imageUrl: body.PicUrl ?? null });
    case 'miniprogrampage':
      return keyed({
        kind: 'card',
        title: body.Title ?? '',
        pagePath: body.PagePath ?? '',
        thumbUrl: body.ThumbUrl ?? null,
        orderId: orderOfPagePath(body.PagePath ?? ''),
      });
    case 'event':
      if (body.Event !== 'user_enter_tempsession') return undefined;
      return {
        ...base,
        key: `entered:${body.FromUserName}:${body.CreateTime}`,
        event: { kind: 'entered', orderId: orderOfSessionFrom(body.SessionFrom) },
      };
    default:
      return undefined;
  }
}
