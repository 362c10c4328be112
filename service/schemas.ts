/** Customer-service payloads: one TypeBox schema each for validation, OpenAPI and the TS type. */
import { type Static, Type } from 'typebox';
import { Timestamp, Uuid } from '../server/schemas.js';

/** WeChat's EncodingAESKey: 43 letters and digits, the base64 of 32 bytes without its `=`. */
const AES_KEY_PATTERN = '^[A-Za-z0-9]{43}$';

/** The query WeChat signs a push (and the URL check) with. */
export const PushQuery = Type.Object(
  {
    signature: Type.String({ pattern: '^[0-9a-fA-F]{40}$' }),
    timestamp: Type.String({ pattern: '^[0-9]{1,12}$' }),
    nonce: Type.String({ minLength: 1, maxLength: 64 }),
    echostr: Type.Optional(Type.String({ minLength: 1, maxLength: 256 })),
    openid: Type.Optional(Type.String({ maxLength: 128 })),
    encrypt_type: Type.Optional(Type.Union([Type.Literal('aes'), Type.Literal('raw')])),
    msg_signature: Type.Optional(Type.String({ pattern: '^[0-9a-fA-F]{40}$' })),
  },
  { additionalProperties: false },
);
export type PushQuery = Static<typeof PushQuery>;

export const PushParams = Type.Object({
  tenant: Type.String({ pattern: '^[a-z0-9-]{2,40}$', description: "the brand's slug" }),
});

const text = (max: number) => Type.String({ maxLength: max });

/**
 * A customer-service push in WeChat's JSON format (safe mode's Encrypt opened first). Fields WeChat
 * may add later are let through: refusing them would have WeChat retry, then tell the shopper the
 * service is down.
 */
export const PushBody = Type.Object(
  {
    ToUserName: Type.String({ minLength: 1, maxLength: 64 }),
    FromUserName: Type.String({ minLength: 1, maxLength: 128, description: "the shopper's openid" }),
    CreateTime: Type.Integer({ minimum: 0, maximum: 4_102_444_800 }),
    MsgType: Type.String({ minLength: 1, maxLength: 32 }),
    MsgId: Type.Optional(Type.String({ pattern: '^[0-9]{1,20}$', description: '64-bit message id' })),
    Content: Type.Optional(text(4000)),
    PicUrl: Type.Optional(text(1000)),
    MediaId: Type.Optional(text(256)),
    Title: Type.Optional(text(200)),
    AppId: Type.Optional(text(64)),
    PagePath: Type.Optional(text(1000)),
    ThumbUrl: Type.Optional(text(1000)),
    ThumbMediaId: Type.Optional(text(256)),
    Event: Type.Optional(text(64)),
    SessionFrom: Type.Optional(text(1000)),
  },
  { additionalProperties: true },
);
export type PushBody = Static<typeof PushBody>;

export const ServiceSettingsSet = Type.Object(
  {
    push_token: Type.Optional(
      Type.String({
        pattern: '^[A-Za-z0-9]{3,32}$',
        description:
          "the Token entered in the mini-program's message-push settings; left out keeps the one set",
      }),
    ),
    encoding_aes_key: Type.Optional(
      Type.Union([Type.String({ pattern: AES_KEY_PATTERN }), Type.Null()], {
        description: 'the EncodingAESKey, for safe mode; null removes it; left out keeps it',
      }),
    ),
    away_message: Type.Union([Type.String({ minLength: 1, maxLength: 600 }), Type.Null()], {
      description: "sent by itself when a chat opens while the shopper's store is closed; null: none",
    }),
  },
  { additionalProperties: false },
);
export type ServiceSettingsSet = Static<typeof ServiceSettingsSet>;

export const ServiceSettings = Type.Object(
  {
    push_path: Type.String({ description: 'the URL path to enter as the message-push server URL' }),
    push_token_set: Type.Boolean(),
    safe_mode: Type.Boolean({ description: 'an EncodingAESKey is set' }),
    away_message: Type.Union([Type.String(), Type.Null()]),
    updated_at: Type.Union([Timestamp, Type.Null()]),
  },
  { $id: 'ServiceSettings' },
);
export type ServiceSettings = Static<typeof ServiceSettings>;

export const CONVERSATION_STATUSES = ['open', 'waiting', 'answered', 'closed'] as const;
export type ConversationStatus = (typeof CONVERSATION_STATUSES)[number];
const Status = Type.Union(
  CONVERSATION_STATUSES.map((s) => Type.Literal(s)),
  {
    description:
      'open: the shopper entered the chat; waiting: their message waits for staff; answered: staff replied last; closed',
  },
);

const Shopper = Type.Object({
  id: Uuid,
  membership_id: Type.Union([Uuid, Type.Null()]),
  member_no: Type.Union([Type.String(), Type.Null()]),
  phone_tail: Type.Union([Type.String(), Type.Null()], { description: "the phone's last four digits" }),
});

export const Conversation = Type.Object(
  {
    id: Uuid,
    status: Status,
    shopper: Shopper,
    store_id: Type.Union([Uuid, Type.Null()], { description: 'null: a brand-level conversation' }),
    order_id: Type.Union([Uuid, Type.Null()], { description: 'the order the shopper last sent as a card' }),
    unread: Type.Integer(),
    last_message: Type.Union([Type.String(), Type.Null()], { description: 'a preview of the last message' }),
    last_message_at: Timestamp,
    reply_until: Type.Union([Timestamp, Type.Null()], {
      description: "WeChat takes replies until 48 hours after the shopper's last message",
    }),
    answered_by: Type.Union([Uuid, Type.Null()]),
    answered_at: Type.Union([Timestamp, Type.Null()]),
    closed_at: Type.Union([Timestamp, Type.Null()]),
    created_at: Timestamp,
  },
  { $id: 'Conversation' },
);
export type Conversation = Static<typeof Conversation>;

export const Message = Type.Object(
  {
    id: Type.String({ description: 'increasing within a conversation' }),
    author: Type.Union([Type.Literal('shopper'), Type.Literal('staff'), Type.Literal('auto')]),
    kind: Type.Union([
      Type.Literal('text'),
      Type.Literal('image'),
      Type.Literal('card'),
      Type.Literal('entered'),
    ]),
    body: Type.Union([Type.String(), Type.Null()]),
    image_url: Type.Union([Type.String(), Type.Null()]),
    card: Type.Union([
      Type.Object({
        title: Type.String(),
        page_path: Type.String(),
        thumb_url: Type.Union([Type.String(), Type.Null()]),
      }),
      Type.Null(),
    ]),
    order_id: Type.Union([Uuid, Type.Null()]),
    staff_id: Type.Union([Uuid, Type.Null()]),
    staff_name: Type.Union([Type.String(), Type.Null()], {
      description: 'who of the staff answered: a colleague reading the thread sees who said what',
    }),
    delivery: Type.Union(
      [Type.Literal('sending'), Type.Literal('sent'), Type.Literal('failed'), Type.Null()],
      {
        description: "a reply's fate at WeChat; null for the shopper's messages",
      },
    ),
    errcode: Type.Union([Type.Integer(), Type.Null()]),
    errmsg: Type.Union([Type.String(), Type.Null()]),
    created_at: Timestamp,
  },
  { $id: 'ServiceMessage' },
);
export type Message = Static<typeof Message>;

export const ConversationThread = Type.Object(
  {
    conversation: Type.Ref('Conversation'),
    messages: Type.Array(Type.Ref('ServiceMessage')),
  },
  { $id: 'ConversationThread' },
);

export const ConversationListQuery = Type.Object(
  {
    status: Type.Optional(
      Type.Union([Status, Type.Literal('active')], { description: 'active: open, waiting or answered' }),
    ),
    store_id: Type.Optional(
      Type.Union([Uuid, Type.Literal('none')], { description: 'none: brand-level ones' }),
    ),
    before: Type.Optional(
      Type.String({ format: 'uuid', description: 'the last conversation of the page before' }),
    ),
    limit: Type.Integer({ minimum: 1, maximum: 100, default: 30 }),
  },
  { additionalProperties: false },
);
export type ConversationListQuery = Static<typeof ConversationListQuery>;

/** A text, or a product as a card: exactly one of `text` and `sku_id` (the route names the field when not). */
export const ReplyCreate = Type.Object(
  {
    text: Type.Optional(Type.String({ minLength: 1, maxLength: 1000, pattern: '\\S' })),
    sku_id: Type.Optional(
      Type.String({
        format: 'uuid',
        description:
          'a product sent as a mini-program card that opens its page (price, stock, Take me there)',
      }),
    ),
    store_id: Type.Optional(
      Type.String({
        format: 'uuid',
        description:
          'with sku_id: the store whose page the card opens, when the conversation has none (its own store otherwise)',
      }),
    ),
  },
  { additionalProperties: false },
);
export type ReplyCreate = Static<typeof ReplyCreate>;

export const UnreadCount = Type.Object({
  conversations: Type.Integer({ description: 'conversations with a message unread' }),
  messages: Type.Integer(),
});
export type UnreadCount = Static<typeof UnreadCount>;

const Waiting = Type.Object({
  conversations: Type.Integer({ description: 'conversations waiting for staff to answer' }),
  since: Type.Union([Timestamp, Type.Null()], {
    description: 'the last message of the one waiting longest; null when none waits',
  }),
});
export const WaitingCount = Type.Object({
  store: Waiting,
  brand: Type.Object(Waiting.properties, { description: 'brand-level conversations (no store)' }),
});
export type WaitingCount = Static<typeof WaitingCount>;
export const WaitingQuery = Type.Object({ store_id: Uuid }, { additionalProperties: false });

const Keyword = Type.String({ minLength: 1, maxLength: 20, pattern: '^\\S(.*\\S)?$' });
const quickReplyFields = {
  title: Type.String({ minLength: 1, maxLength: 60, pattern: '\\S' }),
  body: Type.String({
    minLength: 1,
    maxLength: 1000,
    pattern: '\\S',
    description: "the answer; {store_hours} is replaced by the conversation's store's hours today",
  }),
  keywords: Type.Array(Keyword, {
    maxItems: 10,
    uniqueItems: true,
    description: "a shopper's message holding one of them is answered with this by itself",
  }),
};
export const QuickReplyCreate = Type.Object(
  { ...quickReplyFields, keywords: Type.Optional(quickReplyFields.keywords) },
  { additionalProperties: false },
);
export type QuickReplyCreate = Static<typeof QuickReplyCreate>;
export const QuickReplyUpdate = Type.Partial(Type.Object(quickReplyFields, { additionalProperties: false }), {
  additionalProperties: false,
  minProperties: 1,
});
export type QuickReplyUpdate = Static<typeof QuickReplyUpdate>;
export const QuickReply = Type.Object(
  { id: Uuid, ...quickReplyFields, created_at: Timestamp, updated_at: Timestamp },
  { $id: 'QuickReply' },
);
export type QuickReply = Static<typeof QuickReply>;
