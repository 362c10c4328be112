/**
 * A live line for the console: a WebSocket told when rows it shows changed, so a screen reads them
 * again at once instead of on its next poll. A domain's triggers notify a channel at commit with the
 * tenant and store the change concerns (db/listen.ts hears it on a connection of its own, whichever
 * instance or worker made it); each socket passes on what is in its caller's reach. The socket says
 * `{"type":"listening"}` once changes are heard (at first, and after news was lost) and
 * `{"type":"<what>_changed"}` on each change; on either, the screen reads again through the API.
 */
import type { FastifyInstance, FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';
import { Type } from 'typebox';
import { notifyChannel } from '../db/listen.js';
import { bearerFromSubprotocol, tenantOf, upgradeRequired } from './auth.js';
import { bearer, errorResponses } from './schemas.js';

/** Whether a change at `store` (null: the brand's, no store's) is the caller's to hear. */
export type NewsReach = (store: string | null) => boolean;

export interface NewsSocket {
  url: string;
  tags: string[];
  summary: string;
  params?: object;
  /** The database channel the domain's triggers notify, payload `{"tenant":…,"store":…}`. */
  channel: string;
  /** What changed, as the message names it: `orders` sends `{"type":"orders_changed"}`. */
  what: string;
  preHandler: preHandlerAsyncHookHandler[];
  reach(request: FastifyRequest): NewsReach;
}

function concerned(payload: string, tenantId: string, reach: NewsReach): boolean {
  try {
    const { tenant, store } = JSON.parse(payload) as { tenant?: string; store?: string | null };
    return tenant === tenantId && reach(store ?? null);
  } catch {
    return false;
  }
}

export function newsSocket(app: FastifyInstance, route: NewsSocket): void {
  const channel = notifyChannel(app.config.DATABASE_URL, route.channel, app.log);
  app.addHook('onClose', () => channel.close());
  const changed = JSON.stringify({ type: `${route.what}_changed` });
  app.route({
    method: 'GET',
    url: route.url,
    schema: {
      tags: route.tags,
      summary: `${route.summary} (WebSocket: {"type":"listening"} once changes are heard, at first and after news was lost, then ${changed} on each change; on either, read again through the API); a plain GET is refused with 426`,
      security: bearer,
      ...(route.params ? { params: route.params } : {}),
      response: { 426: Type.Ref('ErrorBody'), ...errorResponses },
    },
    preHandler: [bearerFromSubprotocol, ...route.preHandler],
    handler: upgradeRequired,
    wsHandler: (socket, request) => {
      const tenantId = tenantOf(request);
      const reach = route.reach(request);
      const stop = channel.listen({
        news: (payload) => concerned(payload, tenantId, reach) && socket.send(changed),
        listening: () => socket.send('{"type":"listening"}'),
      });
      socket.on('close', stop);
    },
  });
}
