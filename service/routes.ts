/**
 * Customer service for staff: the inbox of conversations (store staff see their stores' and the
 * brand-level ones; brand admins all), a conversation's thread, replies through WeChat, close and
 * reopen, the unread count; the brand's quick replies and message-push settings (brand admin).
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { Tx } from '../db/index.js';
import { memberCardsOf } from '../members/index.js';
import { tenantOf } from '../server/auth.js';
import { NotFound, Validation } from '../server/errors.js';
import { newsSocket } from '../server/news-socket.js';
import { bearer, errorResponses, IdParams } from '../server/schemas.js';
import { getTenant, STORE_BOUND_ROLES, STORE_STAFF, staffNames } from '../tenancy/index.js';
import {
  type ConversationRow,
  closeConversation,
  getConversation,
  listConversations,
  markRead,
  type Reach,
  reopenConversation,
  unreadCounts,
  waitingAt,
} from './conversations.js';
import { type MessageRow, threadOf } from './messages.js';
import { pushRoutes } from './push-routes.js';
import { createQuickReply, deleteQuickReply, listQuickReplies, updateQuickReply } from './quick-replies.js';
import { type ReplyContent, sendReply } from './reply.js';
import {
  Conversation,
  ConversationListQuery,
  ConversationThread,
  Message,
  QuickReply,
  QuickReplyCreate,
  QuickReplyUpdate,
  ReplyCreate,
  ServiceSettings,
  ServiceSettingsSet,
  UnreadCount,
  WaitingCount,
  WaitingQuery,
} from './schemas.js';
import { serviceSettings, setServiceSettings } from './settings.js';

const tags = ['service'];
const REPLY_WINDOW_MS = 48 * 3600 * 1000;

/** The stores a store-bound staff member works; null for those who see the whole brand. */
function reachOf(request: FastifyRequest): Reach {
  const { principal } = request;
  return principal.kind === 'staff' && STORE_BOUND_ROLES.includes(principal.role) ? principal.storeIds : null;
}

/** Conversations as staff see them: the shopper by member card, never by openid. */
async function present(tx: Tx, rows: ConversationRow[]) {
  const cards = await memberCardsOf(
    tx,
    rows.map((r) => r.shopper_id),
  );
  return rows.map(({ shopper_id, shopper_active_at, ...row }) => {
    const card = cards.get(shopper_id);
    return {
      ...row,
      shopper: {
        id: shopper_id,
        membership_id: card?.membership_id ?? null,
        member_no: card?.member_no ?? null,
        phone_tail: card?.phone_tail ?? null,
      },
      reply_until: shopper_active_at && new Date(shopper_active_at.getTime() + REPLY_WINDOW_MS),
    };
  });
}

/** The messages with the name of the colleague who wrote each staff reply: the thread says who said what. */
async function named(tx: Tx, messages: MessageRow[]) {
  const names = await staffNames(tx, [...new Set(messages.flatMap((m) => (m.staff_id ? [m.staff_id] : [])))]);
  return messages.map((m) => ({ ...m, staff_name: m.staff_id ? (names.get(m.staff_id) ?? null) : null }));
}

/** The body's one content: a text or a product, named by the field at fault when it holds both or neither. */
function replyContent({ text, sku_id, store_id }: ReplyCreate): ReplyContent {
  if (text !== undefined && sku_id !== undefined)
    throw Validation('sku_id', 'cannot come with text: a reply is a text or a product card');
  if (sku_id !== undefined) return { sku_id, store_id };
  if (text === undefined) throw Validation('text', 'is required (or sku_id, for a product card)');
  if (store_id !== undefined) throw Validation('store_id', 'goes with sku_id only');
  return { text };
}

export async function serviceRoutes(app: FastifyInstance): Promise<void> {
  app.addSchema(Conversation);
  app.addSchema(Message);
  app.addSchema(ConversationThread);
  app.addSchema(QuickReply);
  app.addSchema(ServiceSettings);
  await app.register(pushRoutes);

  const staff = { preHandler: app.requireRole(...STORE_STAFF) };
  const brandAdmin = { preHandler: app.requireRole('brand_admin') };

  newsSocket(app, {
    url: '/service/live',
    tags,
    summary: "The inbox's news, whenever a conversation in the caller's reach or its messages change",
    channel: 'service_news',
    what: 'service',
    preHandler: [app.requireRole(...STORE_STAFF)],
    reach: (request) => {
      const stores = reachOf(request);
      // As the inbox reads them: brand-level conversations are everyone's, the rest their store's.
      return (store) => stores === null || store === null || stores.includes(store);
    },
  });

  /** One conversation in the caller's reach, as presented; not found outside it. */
  const oneConversation = (request: FastifyRequest, id: string) =>
    app.db.tenant(tenantOf(request), async (tx) => {
      const row = await getConversation(tx, id, reachOf(request));
      if (!row) throw NotFound('Conversation');
      return (await present(tx, [row]))[0]!;
    });

  app.get(
    '/service/conversations',
    {
      ...staff,
      schema: {
        tags,
        summary: 'The inbox: open and waiting first, then answered, then closed; newest first',
        security: bearer,
        querystring: ConversationListQuery,
        response: { 200: Type.Array(Type.Ref('Conversation')), ...errorResponses },
      },
    },
    async (request) =>
      app.db.tenant(tenantOf(request), async (tx) =>
        present(tx, await listConversations(tx, request.query as ConversationListQuery, reachOf(request))),
      ),
  );

  app.get(
    '/service/conversations/:id',
    {
      ...staff,
      schema: {
        tags,
        summary: 'One conversation with its messages, oldest first',
        security: bearer,
        params: IdParams,
        response: { 200: Type.Ref('ConversationThread'), ...errorResponses },
      },
    },
    async (request) => {
      const { id } = request.params as { id: string };
      const conversation = await oneConversation(request, id);
      const messages = await app.db.tenant(tenantOf(request), async (tx) =>
        named(tx, await threadOf(tx, id)),
      );
      return { conversation, messages };
    },
  );

  app.post(
    '/service/conversations/:id/read',
    {
      ...staff,
      schema: {
        tags,
        summary: "Mark the shopper's messages read",
        security: bearer,
        params: IdParams,
        response: { 200: Type.Ref('Conversation'), ...errorResponses },
      },
    },
    async (request) => {
      const { id } = request.params as { id: string };
      await oneConversation(request, id);
      await app.db.tenant(tenantOf(request), (tx) => markRead(tx, id));
      return oneConversation(request, id);
    },
  );

  app.post(
    '/service/conversations/:id/replies',
    {
      ...staff,
      schema: {
        tags,
        summary:
          "Reply to the shopper through WeChat: a text, or a product (sku_id) as a mini-program card opening its page at the conversation's store (else store_id). Refused by WeChat: 409 SS_ERR_SERVICE_REPLY_TOO_LATE (48 hours past the shopper's last message) or SS_ERR_SERVICE_REPLY_LIMIT; the reply is kept as failed",
        security: bearer,
        params: IdParams,
        body: ReplyCreate,
        response: {
          201: Type.Ref('ServiceMessage'),
          ...errorResponses,
          502: Type.Ref('ErrorBody'),
          503: Type.Ref('ErrorBody'),
        },
      },
    },
    async (request, reply) => {
      const { id } = request.params as { id: string };
      const outcome = await sendReply(app, tenantOf(request), id, {
        content: replyContent(request.body as ReplyCreate),
        staffId: request.principal.id,
        reach: reachOf(request),
      });
      if (outcome.refusal) throw outcome.refusal;
      const [sent] = await app.db.tenant(tenantOf(request), (tx) => named(tx, [outcome.message]));
      return reply.status(201).send(sent);
    },
  );

  for (const [action, closed] of [
    ['close', true],
    ['reopen', false],
  ] as const) {
    app.post(
      `/service/conversations/:id/${action}`,
      {
        ...staff,
        schema: {
          tags,
          summary: closed
            ? 'Close the conversation (the shopper writing again reopens it)'
            : 'Reopen a closed conversation',
          security: bearer,
          params: IdParams,
          response: { 200: Type.Ref('Conversation'), ...errorResponses },
        },
      },
      async (request) => {
        const { id } = request.params as { id: string };
        await oneConversation(request, id);
        await app.db.tenant(tenantOf(request), (tx) =>
          closed ? closeConversation(tx, id, request.principal.id) : reopenConversation(tx, id),
        );
        return oneConversation(request, id);
      },
    );
  }

  app.get(
    '/service/unread',
    {
      ...staff,
      schema: {
        tags,
        summary: 'Unread messages in the conversations you work',
        security: bearer,
        response: { 200: UnreadCount, ...errorResponses },
      },
    },
    async (request) => app.db.tenant(tenantOf(request), (tx) => unreadCounts(tx, reachOf(request))),
  );

  app.get(
    '/service/waiting',
    {
      ...staff,
      schema: {
        tags,
        summary:
          "How many conversations wait for an answer at a store and brand-wide, and since when the longest has: all of them, not the inbox's first page",
        security: bearer,
        querystring: WaitingQuery,
        response: { 200: WaitingCount, ...errorResponses },
      },
    },
    async (request) => {
      const { store_id } = request.query as { store_id: string };
      return app.db.tenant(tenantOf(request), (tx) => waitingAt(tx, reachOf(request), store_id));
    },
  );

  app.get(
    '/service/quick-replies',
    {
      ...staff,
      schema: {
        tags,
        summary: "The brand's quick replies",
        security: bearer,
        response: { 200: Type.Array(Type.Ref('QuickReply')), ...errorResponses },
      },
    },
    async (request) => app.db.tenant(tenantOf(request), listQuickReplies),
  );

  app.post(
    '/service/quick-replies',
    {
      ...brandAdmin,
      schema: {
        tags,
        summary: 'Save a quick reply (with keywords: it also answers by itself)',
        security: bearer,
        body: QuickReplyCreate,
        response: { 201: Type.Ref('QuickReply'), ...errorResponses },
      },
    },
    async (request, reply) => {
      const tenantId = tenantOf(request);
      const saved = await app.db.tenant(tenantId, (tx) =>
        createQuickReply(tx, tenantId, request.body as QuickReplyCreate),
      );
      return reply.status(201).send(saved);
    },
  );

  app.patch(
    '/service/quick-replies/:id',
    {
      ...brandAdmin,
      schema: {
        tags,
        summary: 'Change a quick reply',
        security: bearer,
        params: IdParams,
        body: QuickReplyUpdate,
        response: { 200: Type.Ref('QuickReply'), ...errorResponses },
      },
    },
    async (request) => {
      const { id } = request.params as { id: string };
      const saved = await app.db.tenant(tenantOf(request), (tx) =>
        updateQuickReply(tx, id, request.body as QuickReplyUpdate),
      );
      if (!saved) throw NotFound('Quick reply');
      return saved;
    },
  );

  app.delete(
    '/service/quick-replies/:id',
    {
      ...brandAdmin,
      schema: {
        tags,
        summary: 'Delete a quick reply',
        security: bearer,
        params: IdParams,
        response: { 204: Type.Null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      const { id } = request.params as { id: string };
      if (!(await app.db.tenant(tenantOf(request), (tx) => deleteQuickReply(tx, id))))
        throw NotFound('Quick reply');
      return reply.status(204).send();
    },
  );

  /** The settings as shown: the secrets only as set or not. */
  const shown = async (tenantId: string, prefix: string) =>
    app.db.tenant(tenantId, async (tx) => {
      const settings = await serviceSettings(tx);
      const brand = await getTenant(tx, tenantId);
      return {
        push_path: `${prefix}/wechat/${brand?.slug}/service`,
        push_token_set: Boolean(settings),
        safe_mode: Boolean(settings?.aes_key_sealed),
        away_message: settings?.away_message ?? null,
        updated_at: settings?.updated_at ?? null,
      };
    });

  app.get(
    '/service/settings',
    {
      ...brandAdmin,
      schema: {
        tags,
        summary: "The brand's customer-service message push: the URL path to give WeChat, and what is set",
        security: bearer,
        response: { 200: Type.Ref('ServiceSettings'), ...errorResponses },
      },
    },
    async (request) => shown(tenantOf(request), app.prefix),
  );

  app.put(
    '/service/settings',
    {
      ...brandAdmin,
      schema: {
        tags,
        summary:
          "Set the token (and for safe mode the EncodingAESKey) entered in the mini-program's message push",
        security: bearer,
        body: ServiceSettingsSet,
        response: { 200: Type.Ref('ServiceSettings'), ...errorResponses },
      },
    },
    async (request) => {
      const tenantId = tenantOf(request);
      const body = request.body as ServiceSettingsSet;
      const key = body.encoding_aes_key;
      await app.db.tenant(tenantId, async (tx) => {
        const token = body.push_token ?? (await serviceSettings(tx))?.push_token;
        if (!token) throw Validation('push_token', 'is required');
        await setServiceSettings(tx, tenantId, {
          push_token: token,
          aes_key_sealed: key === undefined ? undefined : key && app.sealer.seal(key),
          away_message: body.away_message,
        });
      });
      return shown(tenantId, app.prefix);
    },
  );
}
